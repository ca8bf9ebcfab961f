"""How a print becomes an HTTP response: the print service, the guide's public address,
PDF and preview responses, and the 400 for options an item does not take.

Shared by the print views (print.py), the CPS booklet's (booklet.py) and the print CLI
(print_cli.py); the building itself is routemap.printing.service, without Flask.
"""
from __future__ import annotations

import hashlib
import io

from flask import abort, request, send_file
from flask_babel import gettext as _
from werkzeug.exceptions import ServiceUnavailable

from ..printing import pdfcheck
from ..printing.service import PrintService
from .hosts import public_base_url
from .state import state

PREVIEW_WIDTH_PX = 300


def service(app=None) -> PrintService:
    return state(app).prints


def base_url() -> str:
    """Where QR codes and printed links point: PUBLIC_BASE_URL only, never the request's
    Host header (see hosts.public_base_url: without it, prints are a 503)."""
    return public_base_url() + request.script_root


def bad_options(exc) -> None:
    abort(400, description=_("This item cannot be printed with those options: %(problem)s",
                             problem=str(exc)))


def pdf_response(data: bytes, name: str, mimetype: str = "application/pdf"):
    # Cache-Control is serving.cache_control's: public for prints, private for records.
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=name)


def preview_response(pdf: bytes):
    """The first page of a PDF as a PNG, cached by the PDF's own hash."""
    png = service().printer.cache.get_or_render(
        f"png-{PREVIEW_WIDTH_PX}-{hashlib.sha256(pdf).hexdigest()}",
        lambda: pdfcheck.first_page_png(pdf, PREVIEW_WIDTH_PX))
    return send_file(io.BytesIO(png), mimetype="image/png")


def record_link_base() -> str:
    """The public address for the record's link back to its route, or "" (no link) where
    none is configured: a record is about one case and must not depend on it."""
    try:
        return base_url()
    except ServiceUnavailable:
        return ""
