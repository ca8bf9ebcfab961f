"""The language in the URL (/cy/..., /en/...), gettext for templates and content."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, abort, current_app, g, request, url_for
from flask_babel import Babel, force_locale, format_date, get_translations
from flask_babel import gettext as babel_gettext
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ..i18n import SOURCE_LANGUAGE, languages

# CommonMark without raw HTML: translated text can never inject markup.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")

# Content and catalogs are fixed while the app runs, so each content string is
# translated and rendered once per language, not on every page that shows it: that was
# most of the time spent on a page. Bounded in case a template ever passes other text.
MEMO = "routemap.translated"
MEMO_LIMIT = 50_000


def init_app(app: Flask) -> None:
    app.extensions["languages"] = languages(Path(app.config["TRANSLATIONS_DIR"]))
    app.extensions[MEMO] = {}
    # British English for dates and numbers: "29 November 2026".
    Babel(app, locale_selector=lambda: {"en": "en_GB"}.get(g.get("lang", SOURCE_LANGUAGE), g.get("lang")),
          default_translation_directories=app.config["TRANSLATIONS_DIR"])

    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        if values and "lang" in values:
            code = values.pop("lang")
            if code not in app.extensions["languages"]:
                abort(404)
            g.lang = code

    @app.url_defaults
    def push_lang(endpoint, values):
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang") and "lang" in g:
            values["lang"] = g.lang

    # Rendered HTML as text, still escaped (striptags alone would unescape it): for
    # attributes and <title>, where the lang="en" mark of an English fallback can't go.
    app.jinja_env.filters["text_only"] = lambda html: escape(Markup(html).striptags())
    app.jinja_env.tests["translated"] = is_translated
    app.jinja_env.filters["tx"] = translate_markup
    app.jinja_env.filters["tx_plain"] = translate
    app.jinja_env.filters["md"] = markdown
    app.jinja_env.filters["format_date"] = lambda d: format_date(d, format="long")
    app.jinja_env.globals["switch_language_url"] = switch_language_url
    app.jinja_env.globals["gettext_in"] = gettext_in

    @app.context_processor
    def language_context():
        langs = app.extensions["languages"]
        # `lang` is None on pages outside a language prefix (/ and unknown addresses).
        return {"languages": langs, "lang": langs.get(g.lang) if "lang" in g else None}


def forced_locale():
    """The locale set by Flask-Babel's force_locale (print renders each language of a
    bilingual poster that way), or None: then the language is the URL's, g.lang."""
    babel = g.get("_flask_babel")
    return getattr(babel, "forced_babel_locale", None)


def catalog():
    """This request's translations (Flask-Babel's, looked up once per request)."""
    if forced_locale() is not None:
        return get_translations()
    try:
        return g._routemap_catalog
    except AttributeError:
        g._routemap_catalog = found = get_translations()
        return found


_UNSET = object()


@contextmanager
def in_language(code: str):
    """Translate as a page in `code` would, inside a request in another language (a
    print or booklet in ?language=cy from an English page, or `flask print build-all`).

    The request language keys both the translation memo and the per-request catalog
    above, so it switches together with Babel's locale, and all three are restored
    after: nothing in `code` is left behind under the page's language.
    """
    saved_lang = g.get("lang", _UNSET)
    saved_catalog = g.pop("_routemap_catalog", _UNSET)
    g.lang = code
    try:
        with force_locale({"en": "en_GB"}.get(code, code)):
            yield
    finally:
        g.pop("_routemap_catalog", None)
        if saved_catalog is not _UNSET:
            g._routemap_catalog = saved_catalog
        if saved_lang is _UNSET:
            g.pop("lang", None)
        else:
            g.lang = saved_lang


def remembered(how: str, text, make):
    """make(text) for the current language, worked out once per app and language."""
    forced = forced_locale()
    lang = g.get("lang", SOURCE_LANGUAGE) if forced is None else str(forced)
    key = (lang, how, getattr(text, "path", None), text)
    memo = current_app.extensions[MEMO]
    try:
        return memo[key]
    except KeyError:
        value = make(text)
        if len(memo) < MEMO_LIMIT:
            memo[key] = value
        return value


def translate(text) -> str:
    """A content string in the current language (English if not translated yet)."""
    if text is None:
        return ""
    return remembered("plain", text, _translate)


def _translate(text) -> str:
    context = getattr(text, "path", None)
    translations = catalog()
    if context:
        return translations.pgettext(context, str(text))
    return translations.gettext(str(text))


def is_translated(text) -> bool:
    return g.get("lang", SOURCE_LANGUAGE) == SOURCE_LANGUAGE or translate(text) != str(text)


def translate_markup(text, block: bool = False) -> Markup:
    """Translated text, escaped; English fallbacks are marked lang="en" for screen readers."""
    if text is None:
        return Markup("")
    return remembered("block" if block else "inline", text, lambda t: _translate_markup(t, block))


def _translate_markup(text, block: bool) -> Markup:
    value = translate(text)
    html = markdown(value) if block else escape(value)
    if is_translated(text):
        return Markup(html)
    tag = "div" if block else "span"
    return Markup(f'<{tag} lang="en" dir="ltr">{html}</{tag}>')


def markdown(value: str) -> Markup:
    return Markup(_markdown.render(str(value)))


def switch_language_url(code: str) -> str:
    """The same page in another language, keeping the answers so far.

    The query is rebuilt from its parsed values, not copied: a raw query of 8,000 `&`s
    was echoed into every language link (a 723 KB page); one over MAX_QUERY_BYTES is dropped."""
    if request.endpoint and request.view_args is not None and "lang" in (request.url_rule.arguments if request.url_rule else ()):
        url = url_for(request.endpoint, **{**request.view_args, "lang": code})
        query = urlencode([(k, v) for k, v in request.args.items(multi=True) if v])
        if len(query) > current_app.config.get("MAX_QUERY_BYTES", 4096):
            query = ""
        return f"{url}?{query}" if query else url
    return url_for("home.index", lang=code)


def gettext_in(code: str, message: str) -> str:
    """A template string in a given language, e.g. the Welsh half of a bilingual page."""
    with force_locale(code):
        return babel_gettext(message)
