"""One language's words, without Flask: content strings, interface strings and dates.

Pages, prints, the API, the CLI and the tests all translate through a `Translator`, so
a string says the same everywhere and translation works outside a request (a batch
print build, a test). A Translator knows when it fell back to English, and `markup()`
is the one place that marks such text lang="en" dir="ltr": screen readers then switch
voice, and in a right-to-left page the English keeps its punctuation in place.

Content strings are LStr values whose `.path` is their gettext context (see i18n.py);
interface strings are plain msgids from templates and Python.
"""
from __future__ import annotations

from pathlib import Path

from babel.dates import format_date
from babel.support import Translations
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from .i18n import SOURCE_LANGUAGE, languages, text_direction

# CommonMark without raw HTML or images: translated text can never inject markup (or a
# file:// image into a print).
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

# Content and catalogs are fixed while the app runs, so each string is translated and
# rendered once per language, not on every page that shows it: that was most of the
# time spent on a page. Bounded in case a caller ever passes other text.
MEMO_LIMIT = 50_000


def markdown(value: str) -> Markup:
    return Markup(_markdown.render(str(value)))


def markdown_inline(value: str) -> Markup:
    """One line of Markdown (links, emphasis) without a paragraph around it."""
    return Markup(_markdown.renderInline(str(value)))


def babel_locale(code: str) -> str:
    """British English for dates and numbers ("29 November 2026"); others as they are."""
    return "en_GB" if code == SOURCE_LANGUAGE else code


class Translator:
    """Everything in one language. `catalog` is a gettext catalog (babel.support)."""

    def __init__(self, code: str, catalog, direction: str = ""):
        self.code = code
        self.catalog = catalog
        self.direction = direction or text_direction(code)
        self.locale = babel_locale(code)
        self._memo: dict = {}

    @classmethod
    def load(cls, translations_dir: Path | str, code: str, direction: str = "") -> "Translator":
        """From the compiled catalogs in `translations_dir` (make compile-translations)."""
        return cls(code, Translations.load(str(translations_dir), [babel_locale(code)]), direction)

    def remember(self, how: str, text, make):
        """make(text), worked out once per language (see MEMO_LIMIT)."""
        key = (how, getattr(text, "path", None), text)
        try:
            return self._memo[key]
        except KeyError:
            value = make(text)
            if len(self._memo) < MEMO_LIMIT:
                self._memo[key] = value
            return value

    # Content strings -------------------------------------------------------------
    def text(self, text) -> str:
        """A content string in this language, or its English if not translated yet."""
        if text is None:
            return ""
        return self.remember("plain", text, self._lookup)

    def _lookup(self, text) -> str:
        context = getattr(text, "path", None)
        if context:
            return self.catalog.pgettext(context, str(text))
        return self.catalog.gettext(str(text))

    def falls_back(self, text) -> bool:
        """True when `text` shows in English although this language is another."""
        return (self.code != SOURCE_LANGUAGE and bool(str(text).strip())
                and self.text(text) == str(text))

    def markup(self, text, block: bool = False) -> Markup:
        """The text as safe HTML (Markdown paragraphs with `block`), an English
        fallback marked as English. The only place that marks one."""
        if text is None:
            return Markup("")
        return self.remember("block" if block else "inline", text,
                             lambda t: self._markup(t, block))

    def _markup(self, text, block: bool) -> Markup:
        value = self.text(text)
        html = markdown(value) if block else escape(value)
        if not self.falls_back(text):
            return Markup(html)
        tag = "div" if block else "span"
        return Markup(f'<{tag} lang="en" dir="ltr">{html}</{tag}>')

    # Interface strings ----------------------------------------------------------
    def gettext(self, message: str, **variables) -> str:
        value = self.catalog.ugettext(message)
        return value % variables if variables else value

    def ngettext(self, singular: str, plural: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        return self.catalog.ungettext(singular, plural, num) % variables

    def in_english(self, text):
        """An interface string shown in English in this language (not translated yet,
        or its translation would not format): on a right-to-left page a left-to-right
        mark keeps its final full stop at the end of the sentence, not the start."""
        return text + "\u200e" if self.direction == "rtl" else text

    def gettext_falls_back(self, message: str) -> bool:
        """True when an interface string shows in English in this other language."""
        return self.code != SOURCE_LANGUAGE and self.gettext(message) == message

    def date(self, value) -> str:
        """A long date, e.g. "29 November 2026" or "29 Tachwedd 2026"."""
        return format_date(value, format="long", locale=self.locale)


class Translators:
    """A Translator for each language of the guide, each loaded on first use."""

    def __init__(self, translations_dir: Path | str):
        self.directory = Path(translations_dir)
        self.languages = languages(self.directory)
        self._loaded: dict[str, Translator] = {}

    def __getitem__(self, code: str) -> Translator:
        try:
            return self._loaded[code]
        except KeyError:
            language = self.languages.get(code)
            found = self._loaded[code] = Translator.load(
                self.directory, code, language.direction if language else "")
            return found

    def __contains__(self, code: str) -> bool:
        return code in self.languages
