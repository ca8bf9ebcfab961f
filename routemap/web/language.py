"""The language in the URL (/cy/..., /en/...), and the page's Translator for templates.

Translation itself is routemap.translator (no Flask): this module picks the Translator
of the request's language and hands it to templates as filters.
"""
from __future__ import annotations

import re
from contextvars import ContextVar

from flask import Flask, abort, current_app, g, has_request_context, request, url_for
from flask_babel import Babel
from markupsafe import Markup, escape

from ..i18n import SOURCE_LANGUAGE
from ..translator import Translator, Translators, babel_locale, markdown
from ..walk import encode_query
from .state import state

# The request's Translator, looked up once when the request's language is known: pages
# ask for it about 150 times (every |tx), and Flask's `g` and `current_app` proxies cost
# ten times more than a context variable. Each thread has its own; None between requests.
_request_translator: ContextVar[Translator | None] = ContextVar("routemap_translator", default=None)
# Where the app is mounted (request.script_root): part of every kept part's key.
_request_root: ContextVar[str | None] = ContextVar("routemap_script_root", default=None)
# What follows the language in the page's address (language_suffix), asked for twice a page.
_request_suffix: ContextVar[str | None] = ContextVar("routemap_language_suffix", default=None)


def init_app(app: Flask) -> None:
    state(app).translators = Translators(app.config["TRANSLATIONS_DIR"])
    # Flask-Babel only for the messages views pass to abort(); the locale is the URL's.
    Babel(app, locale_selector=lambda: babel_locale(g.get("lang", SOURCE_LANGUAGE)),
          default_translation_directories=app.config["TRANSLATIONS_DIR"])

    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        if values and "lang" in values:
            code = values.pop("lang")
            if code not in state(app).languages:
                abort(404)
            g.lang = code
            _request_translator.set(state(app).translators[code])
            _request_root.set(request.script_root)

    @app.teardown_request
    def forget_translator(exc):
        _request_translator.set(None)
        _request_root.set(None)
        _request_suffix.set(None)

    @app.url_defaults
    def push_lang(endpoint, values):
        if "lang" not in values and app.url_map.is_endpoint_expecting(endpoint, "lang") and "lang" in g:
            values["lang"] = g.lang

    app.jinja_env.filters["tx"] = lambda text, block=False: site_links(translator().markup(text, block))
    app.jinja_env.filters["tx_plain"] = lambda text: translator().text(text)
    app.jinja_env.tests["translated"] = lambda text: not translator().falls_back(text)
    # Rendered HTML as text, still escaped (striptags alone would unescape it): for
    # attributes and <title>, where the lang="en" mark of an English fallback can't go.
    app.jinja_env.filters["text_only"] = text_only
    app.jinja_env.filters["md"] = markdown
    app.jinja_env.filters["format_date"] = lambda d: translator().date(d)
    app.jinja_env.globals["language_suffix"] = language_suffix
    app.jinja_env.globals["gettext_in"] = gettext_in
    urls: dict[tuple, str] = {}  # this app's addresses (remembered_url_for)
    app.jinja_env.globals["url_for"] = lambda endpoint, **values: remembered_url_for(urls, endpoint, **values)

    @app.context_processor
    def language_context():
        langs = state(app).languages
        # `lang` is None on pages outside a language prefix (/ and unknown addresses).
        return {"languages": langs, "lang": langs.get(g.lang) if "lang" in g else None}


def text_only(html) -> Markup:
    """Rendered HTML as text, still escaped: striptags (which also joins runs of white
    space), without its regular expressions when there is no tag or entity to remove:
    every page's <title> goes through it."""
    text = str(html)
    if "<" not in text and "&" not in text:
        return escape(" ".join(text.split()))
    return escape(Markup(html).striptags())


def translators(app: Flask | None = None) -> Translators:
    return state(app).translators


def translator() -> Translator:
    """The Translator of this request's language (English outside a language prefix)."""
    found = _request_translator.get()
    if found is not None:
        return found
    return translators()[g.get("lang", SOURCE_LANGUAGE)]


def translate(text) -> str:
    """A content string in the page's language (English if not translated yet)."""
    return translator().text(text)


def is_translated(text) -> bool:
    return not translator().falls_back(text)


def catalog():
    """The gettext catalog of the page's language (template gettext, security.py)."""
    return translator().catalog


def script_root() -> str:
    """Where the app is mounted, looked up once per request of a language (pages ask
    for it a dozen times, and Flask's `request` proxy costs a microsecond a time)."""
    found = _request_root.get()
    return request.script_root if found is None else found


def remembered(how: str, text, make):
    """make(text) for the page's language, worked out once per app and language."""
    return translator().remember(how, text, make)


# A path url_for writes unchanged: RFC 3986 unreserved characters and slashes, no "//".
_PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9._~-]+)+/?")


def language_suffix() -> str:
    """What follows the language in this page's address, answers included: the same
    page in language `code` is `{script_root}/{code}/{suffix}` (every address with a
    language starts with it). The header's language links are kept once per language
    (parts.once) and take this as their hole.

    The query is rebuilt from its parsed values, not copied: a raw query of 8,000 `&`s
    was echoed into every language link (a 723 KB page); one over MAX_QUERY_BYTES is dropped."""
    found = _request_suffix.get()
    if found is not None:
        return found
    suffix = ""  # a page without a language in its address: each language's home page
    if (request.endpoint and request.view_args is not None
            and "lang" in (request.url_rule.arguments if request.url_rule else ())):
        prefix = f"/{g.lang}/"  # every rule with <lang> starts with it (tested)
        here = request.path
        if not (here.startswith(prefix) and _PLAIN_PATH.fullmatch(here)):
            # Not as url_for would write it: ask url_for (10 us; the guide's own pages
            # never need it, their ids are plain).
            here = url_for(request.endpoint, **{**request.view_args, "lang": g.lang})[len(request.script_root):]
        if not here.startswith(prefix):
            raise ValueError(f"{here!r} does not start with {prefix!r}")
        suffix = here[len(prefix):]
        query = encode_query([(k, v) for k, v in request.args.items(multi=True) if v])
        if query and len(query) <= current_app.config.get("MAX_QUERY_BYTES", 4096):
            suffix = f"{suffix}?{query}"
    _request_suffix.set(suffix)
    return suffix


def gettext_in(code: str, message: str) -> str:
    """A template string in a given language, e.g. the Welsh half of a bilingual page."""
    return translators()[code].gettext(message)


# A content link written from the guide's root, `[the NRM explained](/help/nrm/)`, opens
# that page in the reader's language: /<lang>/help/nrm/ (under the app's script root).
# Relative links would depend on the depth of the page that shows them, and the same
# hint shows on a question (.../consent) and on its error page (.../consent/answer).
_SITE_LINK = re.compile(r'href="/(?!/)')


def site_links(html: Markup) -> Markup:
    if 'href="/' not in html:
        return html
    return Markup(_SITE_LINK.sub(f'href="{script_root()}/{g.lang}/', str(html)))


URL_MEMO_LIMIT = 10_000


def remembered_url_for(urls: dict, endpoint: str, **values) -> str:
    """url_for for templates, each address worked out once per language and mount point
    and kept in `urls` (one dict per app).

    A page's chrome alone asks for six (stylesheet, script, home, language chooser,
    prints, versions), each 10-20 us in Flask and werkzeug, and the answer is always
    the same: an address depends only on these arguments, the language (url_defaults)
    and where the app is mounted. Other calls (relative endpoints, _external, values
    that are not plain) go to url_for unchanged."""
    if (endpoint.startswith(".") or any(name.startswith("_") for name in values)
            or not has_request_context()):
        return url_for(endpoint, **values)
    key = (endpoint, script_root(), g.get("lang"), *sorted(values.items()))
    try:
        return urls[key]
    except KeyError:
        found = url_for(endpoint, **values)
        if len(urls) < URL_MEMO_LIMIT:
            urls[key] = found
        return found
    except TypeError:  # a value that cannot be a key (a list)
        return url_for(endpoint, **values)
