"""The referral preparation sheet of a route: `/<lang>/print/referral/<flow>.pdf?answers`
and its page `/<lang>/print/referral/<flow>/?answers`. Glue only: the sheet is
routemap/printing/referral.py, built by PrintService.build("referral-sheet").

The answers are checked as the guide's pages check them, and anything that does not end
at an outcome with a sheet is a clear 400 or 404, never a 500. Nothing is stored: both
responses are `private, no-store` (serving.PRIVATE_PRINTS), and the PDF is kept as a
route record is: nowhere (renderpool.init_app).
Added to the print blueprint by print.py (add_routes).
"""
from __future__ import annotations

from flask import abort, g, render_template, request, url_for
from flask_babel import gettext as _

from ..printing.artefacts import PrintOptionError, PrintRequest, left_to_right, order_languages
from ..printing.record import generated_at
from ..printing.referral import referral_sides, sheet_parts
from ..printing.registry import PRINTABLES
from ..walk import query_string, walk
from .print_http import bad_options, pdf_response, record_link_base, service
from .state import state

NAME = "referral-sheet"


def add_routes(bp) -> None:
    """Endpoints print.referral (PDF) and print.referral_page (HTML)."""
    bp.add_url_rule("/referral/<flow_id>.pdf", view_func=referral)
    bp.add_url_rule("/referral/<flow_id>/", view_func=referral_page)
    bp.record_once(_template_helpers)


def _template_helpers(setup) -> None:
    setup.app.jinja_env.globals["referral_sheet"] = has_sheet
    setup.app.jinja_env.filters.setdefault("ltr", left_to_right)


def has_sheet(flow_id: str, outcome_id: str) -> bool:
    """True when this outcome leads to a referral or notification and so has a sheet."""
    return bool(sheet_parts(state().content.print_text, flow_id, outcome_id))


def finished_route(flow_id: str):
    """The walk of the URL's answers, if it ends at an outcome with a sheet; else 400/404."""
    from .guide import answers_from_query, get_flow
    from .practice_mode import from_query
    flow = get_flow(flow_id)
    from_query(flow.id)  # a sheet made in a practice case says so (issue 14)
    result = walk(flow, answers_from_query())
    if not result.finished:
        abort(400, description=_("These answers do not reach a result of the guide, so there "
                                 "is no referral to prepare. Go back to the guide and answer "
                                 "each question."))
    if not has_sheet(flow.id, result.current.id):
        abort(404, description=_("This result does not lead to a referral, so it has no "
                                 "referral checklist."))
    return result


def languages() -> tuple[str, ...]:
    """`language=cy&language=en` for a pair (Welsh first), or the page's language."""
    langs = order_languages(code for code in request.args.getlist("language") if code) or (g.lang,)
    known = state().languages
    if len(langs) > 2 or any(code not in known for code in langs):
        abort(400, description=_("Choose one language, or a pair of two languages the guide has."))
    return langs


def referral(flow_id: str):
    result = finished_route(flow_id)
    langs = languages()
    made = generated_at()
    try:
        data = service().build(NAME, langs, route=result, now=made, base_url=record_link_base(),
                               practice=g.get("practice") is not None)
    except PrintOptionError as exc:
        bad_options(exc)
    return pdf_response(data, f"referral-{flow_id}-{'-'.join(langs)}-{made:%Y%m%d-%H%M}.pdf")


def referral_page(flow_id: str):
    """The sheet as a page, to read on screen before printing it (same words and parts)."""
    result = finished_route(flow_id)
    langs = languages()
    sides = referral_sides(service(), PrintRequest(PRINTABLES[NAME], langs, route=result, now=generated_at()))
    answers_only = query_string(result.answers)
    # The bilingual print: Welsh and English, Welsh first; another language with English.
    other = "en" if g.lang != "en" else "cy"
    pair = "&".join(f"language={code}" for code in order_languages((g.lang, other)))
    return render_template(
        "print/referral_page.html", flow=result.flow, outcome=result.current,
        sides=[dict(lang=side.lang, dir=side.dir, draft=side.draft, text=side.strings, route=context,
                    qr="", qr_url="") for side, context in sides],
        nrm_href=url_for("help.nrm", lang=g.lang),
        pdf_url=f"{url_for('print.referral', flow_id=flow_id)}?{answers_only}",
        pair_url=f"{url_for('print.referral', flow_id=flow_id)}?{answers_only}&{pair}",
        outcome_url=f"{url_for('guide.node', flow_id=flow_id, node_id=result.current.id)}?{answers_only}")
