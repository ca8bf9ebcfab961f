"""The step-by-step guide: one node per page, answers in the query string."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import graph
from ..model import Info, Outcome
from ..walk import SEEN, answer_problem, query_string, walk
from .language import remembered, translate

bp = Blueprint("guide", __name__, url_prefix="/<lang>/guide")

# The answer that carries a route on after an emergency outcome (flows/README.md): an
# outcome reached from a question that offers it links to it, with the answers kept.
CARRY_ON = "called-999"


def content():
    return current_app.extensions["routemap"]


def get_flow(flow_id: str):
    flow = content().flows.get(flow_id)
    if flow is None:
        abort(404, description=_("There is no guide with that name."))
    return flow


def answers_from_query():
    if len(request.query_string) > current_app.config["MAX_QUERY_BYTES"]:
        abort(400, description=_("The address is too long to be a route through the guide."))
    return request.args.to_dict(flat=False)


def node_url(flow_id: str, node_id: str, answers, query: str | None = None) -> str:
    url = url_for("guide.node", flow_id=flow_id, node_id=node_id)
    query = query_string(answers) if query is None else query
    return f"{url}?{query}" if query else url


def node_urls(flow_id: str, node_ids, answers) -> dict[str, str]:
    """node_url for many nodes of one flow with the same answers (the Change links).

    One url_for for all: a node's address is the flow's start address plus its id, and
    ids are URL-safe (validate.ID_PATTERN), so nothing needs quoting.
    """
    prefix = url_for("guide.start", flow_id=flow_id)
    query = query_string(answers)
    return {node_id: f"{prefix}{node_id}?{query}" if query else f"{prefix}{node_id}" for node_id in node_ids}


@bp.get("/")
def index():
    flows = [f for f in content().flows.values() if f.audience == "worker"]
    return render_template("guide/index.html", flows=flows)


@bp.get("/<flow_id>/")
def start(flow_id: str):
    flow = get_flow(flow_id)
    entries = []
    if flow.entry_points:
        first = flow.nodes[flow.start]
        entries = [(option, url_for("guide.answer", flow_id=flow.id, node_id=first.id) + "?" + query_string({first.id: [option.id]}))
                   for option in first.options]
    return render_template("guide/start.html", flow=flow, first_url=node_url(flow.id, flow.start, {}), entries=entries)


@bp.get("/<flow_id>/map")
def flow_map(flow_id: str):
    flow = get_flow(flow_id)
    svg = flow_svg(flow.id, g.lang)
    return render_template("guide/map.html", flow=flow, svg=svg)


_svg_cache: dict[tuple[str, str], str] = {}


def flow_svg(flow_id: str, lang: str) -> str:
    """Drawn once per flow and language; content does not change while the app runs."""
    key = (flow_id, lang)
    if key not in _svg_cache:
        _svg_cache[key] = graph.to_svg(graph.to_dot(content().flows[flow_id], translate))
    return _svg_cache[key]


@bp.get("/<flow_id>/<node_id>")
def node(flow_id: str, node_id: str):
    flow = get_flow(flow_id)
    if node_id not in flow.nodes:
        abort(404, description=_("That step is not part of this guide."))
    result = walk(flow, answers_from_query())
    if not result.visited(node_id):
        # Only steps on the route so far can be shown; go to where the answers lead.
        return redirect(node_url(flow.id, result.current.id, result.answers))
    return render_node(flow, result, flow.nodes[node_id])


@bp.get("/<flow_id>/<node_id>/answer")
def answer(flow_id: str, node_id: str):
    """Record the answer to one node (a GET form, so nothing is posted or stored)."""
    flow = get_flow(flow_id)
    current = flow.nodes.get(node_id)
    if current is None or isinstance(current, Outcome):
        abort(404, description=_("That step is not part of this guide."))
    params = answers_from_query()
    values = [SEEN] if isinstance(current, Info) else params.get(node_id, [])
    before = walk(flow, {k: v for k, v in params.items() if k != node_id})
    if not before.visited(node_id):
        return redirect(node_url(flow.id, before.current.id, before.answers))
    problem = answer_problem(current, values)
    if problem:
        return render_node(flow, before, current, problem=problem), 400
    result = walk(flow, {**params, node_id: values})
    return redirect(node_url(flow.id, result.current.id, result.answers))


def render_node(flow, result, current, problem: str | None = None):
    answers = result.answers
    route = list(result.route)
    position = next((i for i, s in enumerate(route) if s.node.id == current.id), len(route))
    back_url = (node_url(flow.id, route[position - 1].node.id, answers) if position > 0
                else url_for("guide.start", flow_id=flow.id))
    change_urls = node_urls(flow.id, [step.node.id for step in route], answers)
    common = dict(flow=flow, node=current, route=route, answers=answers, back_url=back_url,
                  change_urls=change_urls, start_url=url_for("guide.start", flow_id=flow.id),
                  rejected=result.rejected)
    if isinstance(current, Outcome):
        contacts = [content().contacts[c] for c in current.contacts]
        hidden = [(k, v) for k, vs in answers.items() for v in vs]
        return render_template("guide/outcome.html", contacts=contacts, hidden=hidden,
                               carry_on_url=carry_on_url(flow, route, current), **local_contacts(), **common)
    hidden = [(k, v) for k, vs in result.answers_without(current.id).items() for v in vs]
    selected = set(answers.get(current.id, ()))
    template = "guide/info.html" if isinstance(current, Info) else "guide/choice.html"
    return render_template(template, hidden=hidden, selected=selected, problem=problem,
                           action=url_for("guide.answer", flow_id=flow.id, node_id=current.id), **common)


def carry_on_url(flow, route, outcome) -> str | None:
    """Where "carry on with the guide" goes from an emergency outcome, if anywhere."""
    last = route[-1] if route else None
    if last is None or not any(o.id == CARRY_ON for o in getattr(last.node, "options", ())):
        return None
    answers = {**{step.node.id: step.answer for step in route}, last.node.id: (CARRY_ON,)}
    if walk(flow, answers).current is outcome:
        return None  # the answer leads here anyway: nothing to carry on to
    return url_for("guide.answer", flow_id=flow.id, node_id=last.node.id) + "?" + query_string(answers)


def local_contacts() -> dict:
    """The optional "which area are you in?" choice on outcome pages (never stored)."""
    areas = content().areas
    chosen = areas.get(request.args.get("area", ""))
    ordered = remembered("areas", "", lambda _: sorted(areas.values(), key=lambda a: a.name_in(g.lang).casefold()))
    local = None
    if chosen:
        local = {"area": chosen, "police": content().police_forces.get(chosen.police),
                 "health_board": content().health_boards.get(chosen.health_board)}
    return {"areas": ordered, "local": local}
