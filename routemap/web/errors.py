"""Helpful error pages: say what went wrong and link back to the start. Never a trace."""
from __future__ import annotations

import logging

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from .state import state

log = logging.getLogger("routemap.errors")
PLAIN_500 = "Mae rhywbeth wedi mynd o'i le. Something went wrong. In an emergency, call 999.\n"


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        # Keep the error's own headers (405's Allow, 429's Retry-After); the page sets the type.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if request.path.startswith("/api/"):  # the JSON API answers errors in JSON too
            return jsonify(error={"status": error.code, "message": error.description}), error.code, headers
        language_from_path()
        return render_template("errors/error.html", error=error, has_lang="lang" in g), error.code, headers

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unexpected error")  # the path only: request.path, never the query
        try:
            return render_template("errors/error.html", error=InternalServerError(), has_lang="lang" in g), 500
        except Exception:  # the error page itself failed: say so plainly, still no trace
            log.exception("error page failed")
            return PLAIN_500, 500, {"Content-Type": "text/plain; charset=utf-8"}


def language_from_path() -> None:
    """/ar/no-such-page matched no route, so no language was set: take it from the path,
    so someone who mistypes an address still reads the error page in their language."""
    if "lang" not in g:
        first = request.path.strip("/").split("/", 1)[0]
        if first in state().languages:
            g.lang = first
