"""The translation catalogs themselves: they compile, keep placeholders, and Welsh is complete."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from routemap.i18n import SOURCE_LANGUAGE, languages
from routemap.translation_report import catalog_path, is_translated

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
LANGUAGES = languages(TRANSLATIONS)
CODES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def read_catalog(code: str):
    with open(catalog_path(TRANSLATIONS, code), "rb") as fileobj:
        return read_po(fileobj, locale=code)


def test_the_victim_languages_are_offered():
    # The NRM statistics' largest nationality groups, then the next ones (languages.yaml).
    assert {"cy", "en", "sq", "vi", "ti", "ar", "so", "ro", "pl", "fa"} <= set(LANGUAGES)
    assert list(LANGUAGES)[:2] == ["cy", "en"]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_babel_knows_every_language_and_its_direction(code):
    locale = Locale.parse(code)
    assert locale.get_display_name(code)
    expected = "rtl" if code in ("ar", "fa") else "ltr"
    assert LANGUAGES[code].direction == expected


def test_no_language_claims_a_review_that_has_not_happened():
    # Flip a language to reviewed only after a qualified translator has checked it.
    assert [code for code, lang in LANGUAGES.items() if lang.reviewed] == ["en"]


@pytest.mark.parametrize("code", CODES)
def test_catalog_compiles_with_msgfmt_check(code):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext is missing: run scripts/system-packages.sh"
    result = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(catalog_path(TRANSLATIONS, code))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", CODES)
def test_plural_forms_header_is_babels_for_the_language(code):
    catalog = read_catalog(code)
    nplurals, expression = get_plural(code)
    assert catalog.num_plurals == nplurals
    assert f"nplurals={nplurals};" in catalog.plural_forms


def test_welsh_has_six_plural_forms():
    assert read_catalog("cy").num_plurals == 6


@pytest.mark.parametrize("code", CODES)
def test_placeholders_match_between_msgid_and_msgstr(code):
    wrong = []
    for message in read_catalog(code):
        if not message.id or not is_translated(message):
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        expected = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            if set(PLACEHOLDER.findall(string)) != expected:
                wrong.append((message.id, string))
    assert wrong == []


@pytest.mark.parametrize("code", CODES)
def test_catalog_has_every_message_of_the_template(code):
    with open(TRANSLATIONS / "messages.pot", "rb") as fileobj:
        template = read_po(fileobj)
    catalog = read_catalog(code)
    missing = [(m.context, m.id) for m in template if m.id and catalog.get(m.id, context=m.context) is None]
    assert missing == [], "run `make translations`"


def test_welsh_is_complete_with_nothing_fuzzy():
    """Welsh must not be treated less favourably than English: every string, content too."""
    catalog = read_catalog("cy")
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    untranslated = [m.id for m in catalog if m.id and not is_translated(m)]
    assert fuzzy == []
    assert untranslated == []
    assert len(catalog) > 100  # the real catalog, with the guide's content in it


def test_template_is_up_to_date_with_the_code_and_content():
    """Every string `make translations` would extract (babel.cfg: code, templates, flows,
    print text) is already in messages.pot, so no new text can ship untranslated."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(ROOT / "babel.cfg", encoding="utf-8") as fileobj:
        method_map, options_map = parse_mapping_cfg(fileobj)
    with open(TRANSLATIONS / "messages.pot", "rb") as fileobj:
        template = read_po(fileobj)
    missing = []
    for filename, line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS, comment_tags=("Translators:",),
            directory_filter=lambda path: not Path(path).name.startswith(".")):
        msgid = message[0] if isinstance(message, (tuple, list)) else message
        if msgid and template.get(msgid, context=context) is None:
            missing.append(f"{filename}:{line}: {msgid[:60]}")
    assert missing == [], ("text changed: run `make translations`, then translate the new strings in "
                           "translations/cy/LC_MESSAGES/messages.po (terms: translations/cy/GLOSSARY.md)")
