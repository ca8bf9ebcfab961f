"""The CPS guide as a booklet PDF: `/<lang>/print/cps-booklet.pdf?size=a5`, its preview,
and `flask print build cps-booklet`. Glue only: routemap/printing/service.py builds it.

Strings are translated exactly as on /<lang>/cps/: the same Translator (English where
Welsh is missing), so the booklet says what the pages say. Added to the print blueprint
by print.py (add_routes).
"""
from __future__ import annotations

from flask import abort, g, request, url_for
from flask_babel import gettext as _

from ..i18n import SOURCE_LANGUAGE
from ..printing.artefacts import PrintOptionError
from ..printing.booklet import check_size
from ..printing.registry import PRINTABLES
from .print_http import bad_options, base_url, pdf_response, preview_response, service

BOOKLET = PRINTABLES["cps-booklet"]
NAME, BOOKLET_LANGUAGES = BOOKLET.name, BOOKLET.languages


def add_routes(bp) -> None:
    """The booklet's addresses on the print blueprint (endpoints print.cps_booklet...)."""
    bp.add_url_rule("/cps-booklet.pdf", view_func=cps_booklet)
    bp.add_url_rule("/cps-booklet.png", view_func=cps_booklet_preview)
    bp.record_once(_template_helpers)


def _template_helpers(state) -> None:
    state.app.jinja_env.globals["cps_booklet_url"] = booklet_url
    state.app.jinja_env.globals["cps_booklet_languages"] = BOOKLET_LANGUAGES


def page_or_english() -> str:
    return g.lang if g.lang in BOOKLET_LANGUAGES else SOURCE_LANGUAGE


def booklet_url(size: str) -> str:
    """The booklet in the page's language, or in English where it is not offered."""
    code = page_or_english()
    return url_for("print.cps_booklet", size=size, **({} if code == g.lang else {"language": code}))


def requested_language() -> str:
    langs = list(dict.fromkeys(code for code in request.args.getlist("language") if code))
    if len(langs) > 1:
        abort(400, description=_("The guide for CPS staff prints in one language at a time."))
    if not langs and g.lang not in BOOKLET_LANGUAGES:
        abort(404, description=_("The guide for CPS staff prints in Welsh or English."))
    return langs[0] if langs else g.lang


def cps_booklet():
    code = requested_language()
    try:
        size = check_size(BOOKLET, request.args.get("size", ""))
        data = service().build(NAME, (code,), size, base_url=base_url())
    except PrintOptionError as exc:
        bad_options(exc)
    return pdf_response(data, f"{NAME}-{code}-{size}.pdf")


def cps_booklet_preview():
    return preview_response(service().build(NAME, (page_or_english(),), base_url=base_url()))
