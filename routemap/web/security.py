"""Response headers that keep the guide private and hard to abuse."""
from __future__ import annotations

import logging

from flask import Flask, request
from jinja2 import pass_context
from markupsafe import Markup, escape

from ..i18n import SOURCE_LANGUAGE
from .language import catalog, remembered, translator

log = logging.getLogger("routemap.security")

HEADERS = {
    # No inline script or style anywhere: everything comes from our own static files.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    install_inert_gettext(app)

    @app.after_request
    def add_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        return response


def install_inert_gettext(app: Flask) -> None:
    """Template gettext that treats translations as text, never as markup or code.

    Jinja's newstyle gettext marks every translation safe, so a translator's `<script>`
    would reach the page, and a placeholder the template does not pass (`%(x)s`) or a
    stray `%` raises and takes down every page in that language. Here translations are
    escaped, and one that cannot be formatted falls back to the English original.
    """

    def format_safely(context, translated: str, original: str, variables: dict):
        autoescape = context.eval_ctx.autoescape
        for text in (translated, original):
            try:
                return _fallback_mark((escape(text) if autoescape else text) % variables, text == original)
            except (KeyError, ValueError, TypeError, IndexError):
                log.warning("cannot format the translation of %r; showing it in English", original)
        return _fallback_mark(escape(original) if autoescape else original, True)

    def _fallback_mark(text, is_english: bool):
        if not is_english:
            return text
        text = translator().in_english(text)
        # English on a page in another language says so, as content fallbacks do, so
        # that screen readers switch voice (issue 16). Attributes and <title> take
        # `|text_only`, which drops the mark.
        if isinstance(text, Markup) and translator().code != SOURCE_LANGUAGE:
            return Markup('<span lang="en" dir="ltr">') + text + Markup("</span>")
        return text

    @pass_context
    def gettext(context, string, **variables):
        if not variables and context.eval_ctx.autoescape:
            # Most template strings have no placeholders: each is translated and escaped
            # once per language, not on every page (30 of them on an outcome page).
            return remembered("ui", string, lambda s: format_safely(context, catalog().ugettext(s), s, {}))
        return format_safely(context, catalog().ugettext(string), string, variables)

    @pass_context
    def ngettext(context, singular, plural, num, **variables):
        variables.setdefault("num", num)
        original = singular if num == 1 else plural
        return format_safely(context, catalog().ungettext(singular, plural, num), original, variables)

    @pass_context
    def pgettext(context, msgctxt, string, **variables):
        return format_safely(context, catalog().upgettext(msgctxt, string), string, variables)

    # `_` straight to gettext: Jinja's own `_` is an alias that looks `gettext` up in the
    # template context on every call, which doubled the cost of the ~50 strings on a page.
    app.jinja_env.globals.update(gettext=gettext, ngettext=ngettext, pgettext=pgettext, _=gettext)
