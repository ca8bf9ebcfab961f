"""Helpful error pages: say what went wrong and link back to the start. Never a trace.

Every handler has a fallback built from constants, so an error page that cannot be
rendered (no URL adapter, a broken template or catalog) still answers, plainly.
"""
from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .state import state

log = logging.getLogger("routemap.errors")
PLAIN = {
    400: "Mae problem gyda'r cyfeiriad hwn. There is a problem with this address.",
    404: "Heb ddod o hyd i'r dudalen. Page not found.",
    429: "Gormod o geisiadau: arhoswch funud. Too many requests: please wait a minute.",
    503: "Mae'r gwasanaeth yn brysur: rhowch gynnig arall arni ymhen munud. "
         "The service is busy: please try again in a minute.",
}
EMERGENCY = "Mewn argyfwng, ffoniwch 999. In an emergency, call 999.\n"
PLAIN_500 = "Mae rhywbeth wedi mynd o'i le. Something went wrong. In an emergency, call 999.\n"
# 429 and 503 tell the client when to come back; seconds, when the error does not say.
DEFAULT_RETRY_AFTER = {429: 60, 503: 10}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        try:
            headers = error_headers(error)
            if request.path.startswith("/api/"):  # the JSON API answers errors in JSON too
                return jsonify(error={"status": error.code, "message": error.description}), error.code, headers
            language_from_path()
            return render_page(error), error.code, headers
        except Exception:  # no URL adapter (a bad Host), a broken template: still an answer
            log.exception("error page failed")
            return plain(error.code)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error")  # the path only: request.path, never the query
        try:
            return render_page(InternalServerError()), 500
        except Exception:  # the error page itself failed: say so plainly, still no trace
            log.exception("error page failed")
            return plain(500)


def render_page(error: HTTPException) -> str:
    # The language links of an error page open each language's start page: the raw query
    # (answers, or 8,000 `&`s) is never echoed into them.
    return render_template("errors/error.html", error=error, has_lang="lang" in g,
                           language_suffix=lambda: "")  # each language's home page


def error_headers(error: HTTPException) -> list[tuple[str, str]]:
    """The error's own headers (405's Allow, Retry-After); the page sets the type."""
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if error.code in DEFAULT_RETRY_AFTER and not any(k.lower() == "retry-after" for k, _ in headers):
        headers.append(("Retry-After", str(retry_after(error))))
    return headers


def retry_after(error: HTTPException) -> int:
    """Seconds to wait: a rate limit's own window (Flask-Limiter's 429), or the default."""
    limit = getattr(getattr(error, "limit", None), "limit", None)
    try:
        return max(1, int(limit.get_expiry()))
    except Exception:
        return DEFAULT_RETRY_AFTER[error.code]


def plain(code: int | None):
    """A page that cannot fail: constants only, no template, no URL."""
    code = code or 500
    text = PLAIN[code] + "\n" + EMERGENCY if code in PLAIN else PLAIN_500
    headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    if code in DEFAULT_RETRY_AFTER:
        headers["Retry-After"] = str(DEFAULT_RETRY_AFTER[code])
    return text, code, headers


def language_from_path() -> None:
    """/ar/no-such-page matched no route, so no language was set: take it from the path,
    so someone who mistypes an address still reads the error page in their language."""
    if "lang" not in g:
        first = request.path.strip("/").split("/", 1)[0]
        if first in state().languages:
            g.lang = first
