"""The Translator: one language's words, without Flask or a request."""
import datetime as dt
from pathlib import Path

from babel.support import NullTranslations

from routemap.translator import Translator, Translators
from routemap.yamlsource import LStr

ROOT = Path(__file__).resolve().parents[1]


class Catalog:
    """Translates the strings it knows, by context, as a compiled catalog would."""

    def __init__(self, known):
        self.known = known

    def pgettext(self, context, text):
        return self.known.get((context, text), text)

    def gettext(self, text):
        return self.known.get((None, text), text)

    ugettext = gettext

    def ungettext(self, singular, plural, num):
        return self.known.get((None, singular if num == 1 else plural), singular if num == 1 else plural)


def content(text, path):
    value = LStr(text)
    value.path = path
    return value


WELSH = Translator("cy", Catalog({("a/text", "Yes"): "Ydy", (None, "Help"): "Help",
                                  (None, "Page %(page)s"): "Tudalen %(page)s"}))


def test_content_strings_are_translated_by_their_path():
    assert WELSH.text(content("Yes", "a/text")) == "Ydy"
    assert WELSH.text(content("Yes", "b/text")) == "Yes"  # another place, not translated
    assert WELSH.text(None) == ""


def test_it_knows_when_it_fell_back_to_english():
    assert not WELSH.falls_back(content("Yes", "a/text"))
    assert WELSH.falls_back(content("Yes", "b/text"))
    assert not WELSH.falls_back("  ")  # nothing to read aloud in any language
    english = Translator("en", NullTranslations())
    assert not english.falls_back(content("Yes", "b/text"))


def test_markup_marks_english_fallbacks_and_escapes():
    assert WELSH.markup(content("Yes", "a/text")) == "Ydy"
    assert WELSH.markup(content("<b>No</b>", "b/text")) == \
        '<span lang="en" dir="ltr">&lt;b&gt;No&lt;/b&gt;</span>'
    assert WELSH.markup(content("*No*", "b/text"), block=True) == \
        '<div lang="en" dir="ltr"><p><em>No</em></p>\n</div>'
    assert Translator("en", NullTranslations()).markup(content("*No*", "b/text"), block=True) == \
        "<p><em>No</em></p>\n"


def test_interface_strings_formats_and_dates():
    assert WELSH.gettext("Page %(page)s", page=3) == "Tudalen 3"
    assert WELSH.ngettext("%(num)d item", "%(num)d items", 2) == "2 items"
    assert WELSH.gettext_falls_back("Help") and not WELSH.gettext_falls_back("Page %(page)s")
    assert WELSH.date(dt.date(2026, 11, 29)) == "29 Tachwedd 2026"
    assert Translator("en", NullTranslations()).date(dt.date(2026, 11, 29)) == "29 November 2026"


def test_real_catalogs_load_without_an_app():
    translators = Translators(ROOT / "translations")
    assert translators["cy"].gettext("Get help") != "Get help"
    assert translators["ar"].direction == "rtl" and translators["cy"].direction == "ltr"
    assert translators["cy"] is translators["cy"]  # loaded once
    assert "cy" in translators and "xx" not in translators


def test_english_interface_text_keeps_its_full_stop_in_right_to_left_pages():
    assert Translator("ar", NullTranslations()).in_english("Continue.") == "Continue.\u200e"
    assert WELSH.in_english("Continue.") == "Continue."
