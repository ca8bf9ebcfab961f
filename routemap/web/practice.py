"""Practice mode: training cases walked on the real guide pages (issue 14).

The list of cases and each case's story are pages here; the walk itself is the guide's
own pages with `?practice=<case>` carried on every link and form (web/guide.py with
web/practice_mode.py), so a case can never drift from the guide. At the end the learner's route is compared with
the expert's (routemap.practice.compare). The case, like the answers, lives only in the
URL: no accounts, no scores, no cookies, nothing stored.
"""
from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request
from flask_babel import gettext as _

from ..practice import LEVELS, expert_walk
from ..practice import compare as compare_routes
from ..walk import walk
from .guide import answers_from_query, node_url
from .practice_mode import get_scenario
from .state import state

bp = Blueprint("practice", __name__, url_prefix="/<lang>/practice")


def init_app(app) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def practice_context():
        # Every page of a practice walk shows the PRACTICE banner (templates/base.html).
        return {"practice": g.get("practice")}


def level_names() -> dict[str, str]:
    return {"awareness": _("Awareness"), "first-responder": _("First Responder"),
            "police-cps": _("Police and CPS")}


def scenarios() -> dict:
    return state().content.practice


@bp.get("/")
def index():
    level = request.args.get("level", "")
    if level and level not in LEVELS:
        abort(400, description=_("There is no training level with that name. Choose one from the list of practice cases."))
    shown = [s for s in scenarios().values() if not level or level in s.levels]
    return render_template("practice/index.html", scenarios=shown, level=level, levels=level_names())


@bp.get("/<scenario_id>/")
def scenario(scenario_id: str):
    g.practice = found = get_scenario(scenario_id)
    flow = state().content.flows[found.flow]
    return render_template("practice/scenario.html", scenario=found, flow=flow,
                           start_url=node_url(flow.id, flow.start, {}), levels=level_names())


@bp.get("/<scenario_id>/compare")
def compare(scenario_id: str):
    """The learner's route beside the expert's: the end of a practice walk."""
    g.practice = found = get_scenario(scenario_id)
    flow = state().content.flows[found.flow]
    result = walk(flow, answers_from_query())
    if not result.finished:
        # Not at an outcome yet: carry on where the answers lead, still in practice mode.
        return redirect(node_url(flow.id, result.current.id, result.answers))
    comparison = compare_routes(found, flow, result)
    expert = comparison.expert_outcome
    return render_template(
        "practice/compare.html", scenario=found, flow=flow, c=comparison,
        claims=state().content.claims,
        their_url=node_url(flow.id, result.current.id, result.answers),
        expert_url=node_url(flow.id, expert.id, expert_walk(found, flow).answers))
