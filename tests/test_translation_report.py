"""The translation report (no Flask), `flask routemap translations [--require LANG]
[--review-first LANG]`, and the review status of the low-confidence languages."""
from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from routemap.i18n import Language, languages
from routemap.printing import pdfcheck
from routemap.translation_report import coverage, format_report, report, review_first
from routemap.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

PO = '''msgid ""
msgstr ""
"Language: cy\\n"
"Plural-Forms: nplurals=6; plural=(n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n == 3 ? 3 : n == 6 ? 4 : 5);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

#: templates/base.html:1
msgid "Back"
msgstr "Yn ôl"

#: templates/help/index.html:3
msgid "Get help"
msgstr ""

#: templates/base.html:9
#, fuzzy
msgid "Continue"
msgstr "Ymlaen"

#: flows/example.yaml:9
msgctxt "example/nodes/danger/text"
msgid "Is anyone in immediate danger?"
msgstr "Oes unrhyw un mewn perygl uniongyrchol?"
'''


def make_translations(tmp_path: Path, po: str) -> Path:
    folder = tmp_path / "translations"
    (folder / "cy" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "cy" / "LC_MESSAGES" / "messages.po").write_text(po, encoding="utf-8")
    (folder / "languages.yaml").write_text(
        "cy: {name: Cymraeg, english_name: Welsh, reviewed: false}\n"
        "en: {name: English, english_name: English, reviewed: true}\n", encoding="utf-8")
    return folder


def test_coverage_counts_translated_fuzzy_and_untranslated(tmp_path):
    folder = make_translations(tmp_path, PO)
    welsh = Language("cy", "Cymraeg", "Welsh", reviewed=False, direction="ltr")
    found = coverage(folder, welsh)
    assert (found.total, found.translated, found.fuzzy, found.untranslated) == (4, 2, 1, 1)
    assert found.percent == 50.0
    # Public = not the worker guide's content: Back, Get help, Continue.
    assert (found.public_total, found.public_translated) == (3, 1)
    assert not found.complete


def test_report_lists_every_language_but_the_source_with_review_status(tmp_path):
    folder = make_translations(tmp_path, PO)
    lines = report(folder)
    assert [c.language.code for c in lines] == ["cy"]
    text = format_report(lines)
    assert "cy Welsh" in text and "50.0%" in text and "NOT reviewed" in text


def run(app, *args):
    return app.test_cli_runner().invoke(args=["routemap", "translations", *args])


def test_cli_report_on_the_real_catalogs(app):
    result = run(app)
    assert result.exit_code == 0
    for name in ("Welsh", "Albanian", "Vietnamese", "Tigrinya", "Arabic", "Somali", "Romanian", "Polish", "Farsi"):
        assert name in result.output
    assert "NOT reviewed" in result.output


def test_require_welsh_passes_on_the_real_catalogs(app):
    result = run(app, "--require", "cy")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("po, problem", [
    (PO, "1 untranslated and 1 fuzzy"),
    (PO.replace('msgid "Get help"\nmsgstr ""', 'msgid "Get help"\nmsgstr "Cael help"'), "0 untranslated and 1 fuzzy"),
])
def test_require_welsh_fails_when_anything_is_missing_or_fuzzy(tmp_path, po, problem):
    folder = make_translations(tmp_path, po)
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True, "TRANSLATIONS_DIR": str(folder)})
    result = run(app, "--require", "cy")
    assert result.exit_code == 1
    assert problem in result.output


def test_require_an_unknown_language_fails(app):
    result = run(app, "--require", "xx")
    assert result.exit_code == 1 and "no such language" in result.output


def test_require_passes_when_complete(tmp_path):
    po = PO.replace('msgid "Get help"\nmsgstr ""', 'msgid "Get help"\nmsgstr "Cael help"').replace("#, fuzzy\n", "")
    folder = make_translations(tmp_path, po)
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True, "TRANSLATIONS_DIR": str(folder)})
    assert run(app, "--require", "cy").exit_code == 0


def test_report_marks_every_unreviewed_language_as_a_draft_and_says_what_to_read_first(tmp_path):
    text = format_report(report(make_translations(tmp_path, PO)))
    assert "NOT reviewed: DRAFT on every page and print" in text
    assert "read first safety lines" in text and "then victim leaflet" in text


def test_review_first_puts_the_safety_lines_before_the_leaflet_and_skips_the_rest(tmp_path):
    po = PO + '''
#: flows/print/posters.yaml:100
msgctxt "posters/text/leaflet/call_free"
msgid "The call is free and confidential."
msgstr "Mae'r alwad am ddim ac yn gyfrinachol."

#: flows/contacts.yaml:20
msgctxt "contacts/contacts/emergency/name"
msgid "Police emergency"
msgstr "Argyfwng yr heddlu"
'''
    folder = make_translations(tmp_path, po)
    found = [(group.split(" ")[0], message.id) for group, message in review_first(folder, "cy")]
    # "Back" (base.html) is on every page; the flow question and the untranslated entry are not listed.
    assert found == [("safety", "Back"), ("safety", "Police emergency"), ("victim", "The call is free and confidential.")]


def test_cli_lists_what_to_review_first(app):
    result = run(app, "--review-first", "ar")
    assert result.exit_code == 0, result.output
    leaflet = result.output.index("victim leaflet:")
    assert result.output.index("safety lines") < leaflet
    assert "If you are 18 or over, you will not be referred" in result.output[leaflet:]


def test_cli_runs_the_terminology_check_on_the_real_catalogs(app):
    result = run(app)
    assert result.exit_code == 0, result.output
    assert "Terminology check (ar, cy, fa, pl, ro, so, sq, ti, vi): 0 problem(s)." in result.output


def test_cli_shows_a_terminology_problem_and_fails(tmp_path):
    po = PO + '''
#: templates/help/talk_cards.html:3
msgid "We can get an interpreter for you."
msgstr "Gallwn ni gael cyfieithydd i chi."
'''
    folder = make_translations(tmp_path, po)
    (folder / "cy" / "terms.yaml").write_text(
        "mutations: welsh\nrules:\n  - id: interpreter\n    english: ['\\binterpreter\\b']\n"
        "    required: [cyfieithydd ar y pryd]\n    forbidden: [cyfieithydd]\n"
        "    reason: Cyfieithydd alone is a written translator.\n    source: GLOSSARY.md\n", encoding="utf-8")
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True, "TRANSLATIONS_DIR": str(folder)})
    result = run(app)
    assert result.exit_code == 1
    assert "1 problem(s)" not in result.output and "2 problem(s)" in result.output
    assert "[cy/interpreter] forbidden rendering: cyfieithydd" in result.output
    assert "Cyfieithydd alone is a written translator." in result.output


def catalog_string(code: str, context: str) -> str:
    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as fileobj:
        return next(m.string for m in read_po(fileobj) if m.context == context)


@pytest.mark.parametrize("code", ["ti", "so"])
def test_tigrinya_and_somali_stay_drafts_on_every_page_and_print(code, real_app):
    """Low-confidence translations: nothing may mark them reviewed before a native speaker has."""
    assert languages(ROOT / "translations")[code].reviewed is False
    client = real_app.test_client()
    assert "translation-notice" in client.get(f"/{code}/help/").get_data(as_text=True)
    leaflet = " ".join(pdfcheck.text(client.get(f"/{code}/print/victim-leaflet.pdf").data).split())
    assert " ".join(catalog_string(code, "posters/text/common/draft").split()) in leaflet
