"""The booklet module without Flask: numbering, fallbacks, CSS strings, sizes."""

import pytest
from babel.support import NullTranslations

from routemap.printing.artefacts import PrintOptionError
from routemap.printing.artefacts import css_string
from routemap.printing.booklet import booklet_sections, check_size
from routemap.printing.registry import PRINTABLES
from routemap.reference import check_reference
from routemap.translator import Translator

from .conftest import ROOT


class Catalog:
    """A gettext catalog that answers with `translate(text)`."""

    def __init__(self, translate):
        self.translate = translate

    def pgettext(self, context, text):
        return self.translate(text)

    def gettext(self, text):
        return self.translate(text)


@pytest.fixture(scope="module")
def reference():
    ref, problems = check_reference(ROOT / "tests" / "fixtures" / "flows")
    assert not problems
    return ref


def test_sections_in_reading_order_numbered_with_subsections(reference):
    sections = booklet_sections(reference, Translator("en", NullTranslations()))
    assert [(s["number"], s["id"], s["level"]) for s in sections] == [
        ("1", "defence", 1), ("1.1", "child-limb", 2), ("2", "excluded-offences", 1)]
    assert sections[0]["reviewed"] == "29 November 2026"
    assert "<strong>two limbs</strong>" in sections[0]["body"]
    assert sections[2]["needs_verification"] and sections[2]["note"]
    assert not any(s["title_en"] or s["body_en"] for s in sections)


def test_untranslated_text_is_marked_english(reference):
    sections = booklet_sections(reference, Translator("cy", Catalog(
        lambda text: "Cyfieithiad" if text == "The statutory defence" else str(text))))
    assert sections[0]["title"] == "Cyfieithiad" and not sections[0]["title_en"]
    assert sections[0]["body_en"] and sections[1]["title_en"]
    assert sections[2]["note_en"] and not sections[0]["note_en"]  # no note: nothing to mark


def test_markdown_html_is_never_passed_through(reference):
    sections = booklet_sections(reference, Translator("cy", Catalog(
        lambda text: "<script>x</script> *ok*")))
    assert "<script>" not in sections[0]["body"] and "<em>ok</em>" in sections[0]["body"]


@pytest.mark.parametrize("text,css", [
    ("Tudalen", '"Tudalen"'),
    ('say "hi"', '"say \\"hi\\""'),
    ("a\\b", '"a\\\\b"'),
    ('x"; } body { display: none', '"x\\"; } body { display: none"'),
    ("</style><script>", '"\\3c /style>\\3c script>"'),
])
def test_css_strings_cannot_break_out_of_content(text, css):
    assert css_string(text) == css


def test_sizes():
    booklet = PRINTABLES["cps-booklet"]
    assert check_size(booklet, "") == "a4" and check_size(booklet, "a5") == "a5"
    with pytest.raises(PrintOptionError, match="a4, a5"):
        check_size(booklet, "a3")


def test_languages_are_welsh_and_english():
    from routemap.printing.booklet import check_language
    booklet = PRINTABLES["cps-booklet"]
    assert check_language(booklet, "cy") == "cy" and check_language(booklet, "en") == "en"
    with pytest.raises(PrintOptionError, match="cy or en"):
        check_language(booklet, "ar")


def test_entries_are_listed_one_by_one_translated_and_escaped(reference):
    sections = booklet_sections(reference, Translator("en", NullTranslations()))
    entries = sections[2]["entries"]
    assert [e["id"] for e in entries] == ["excluded-murder", "excluded-wounding"]
    assert "<em>Example Act 1861</em>" in entries[1]["html"] and not any(e["en"] for e in entries)
    assert sections[0]["entries"] == []
    entries = booklet_sections(reference, Translator("cy", Catalog(
        lambda text: "Llofruddiaeth <b>x</b>" if text == "Murder (common law)" else str(text))))[2]["entries"]
    assert not entries[0]["en"] and entries[1]["en"]  # untranslated entry is marked English
    assert "<b>" not in entries[0]["html"] and "&lt;b&gt;" in entries[0]["html"]
