"""The step-by-step guide: one node per page, answers in the query string."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import graph, presenters
from ..changelog import VERSION_PARAM, with_version
from ..presenters import PageUrls
from ..walk import SEEN, answer_problem, encode_query, query_string, walk
from . import practice_mode as practice
from . import usage
from .changes import old_version_given
from .language import translator
from .state import state

bp = Blueprint("guide", __name__, url_prefix="/<lang>/guide")


@bp.before_request
def practice_mode():
    """`?practice=<case>` walks these same pages as a training case (web/practice.py)."""
    if request.view_args and "flow_id" in request.view_args:
        practice.from_query(request.view_args["flow_id"])

# The answer that carries a route on after an emergency outcome (flows/README.md): an
# outcome reached from a question that offers it links to it, with the answers kept.
CARRY_ON = "called-999"


def content():
    return state().content


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
    return practice.with_practice(f"{url}?{query}" if query else url)


def page_urls(flow_id: str) -> PageUrls:
    """Every address a guide page links to, from one url_for: a node's address is the
    flow's start address plus its id (its form's action adds /answer), and ids are
    URL-safe (validate.ID_PATTERN), so nothing needs quoting. url_for costs 10-30 us,
    and a page has a link for each answer so far."""
    start = url_for("guide.start", flow_id=flow_id)
    last = {}  # the page's answers and their query: every link of a page has the same

    def nodes(node_ids, answers) -> dict[str, str]:
        if last.get("answers") != answers:
            query = query_string(answers)
            # In practice mode every link carries the case (practice.with_practice).
            last.update(answers=answers, tail=practice.with_practice(f"?{query}" if query else ""))
        tail = last["tail"]
        return {node_id: f"{start}{node_id}{tail}" for node_id in node_ids}

    return PageUrls(node=lambda node_id, answers: nodes([node_id], answers)[node_id], nodes=nodes,
                    start=start_url(flow_id, start), answer=lambda node_id: f"{start}{node_id}/answer")


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
        entries = [(option, practice.with_practice(url_for("guide.answer", flow_id=flow.id, node_id=first.id)
                                                   + "?" + query_string({first.id: [option.id]})))
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
        words = translator()
        # Translators: on the route map, the arrow of a rule that applies when no earlier rule does
        drawing = graph.diagram(content().flows[flow_id], words, words.gettext("otherwise"))
        _svg_cache[key] = graph.to_svg(graph.to_dot(drawing, words.gettext("or")))
    return _svg_cache[key]


@bp.get("/<flow_id>/<node_id>")
def node(flow_id: str, node_id: str):
    flow = get_flow(flow_id)
    params = answers_from_query()
    if old_version_given():
        # A link from an earlier guide version: never start over silently. Show where
        # the answers lead now, and say what changed (templates/changes/_old_link.html).
        result = walk(flow, params)
        g.old_link_route = old_link_route(flow, result, params, node_id)
        shown = flow.nodes[node_id] if node_id in flow.nodes and result.visited(node_id) else result.current
        return render_node(flow, result, shown)
    if node_id not in flow.nodes:
        abort(404, description=_("That step is not part of this guide."))
    result = walk(flow, params)
    if not result.visited(node_id):
        # Only steps on the route so far can be shown; go to where the answers lead.
        return redirect(node_url(flow.id, result.current.id, result.answers))
    return render_node(flow, result, flow.nodes[node_id])


@bp.get("/<flow_id>/<node_id>/answer")
def answer(flow_id: str, node_id: str):
    """Record the answer to one node (a GET form, so nothing is posted or stored)."""
    flow = get_flow(flow_id)
    current = flow.nodes.get(node_id)
    if current is None or current.kind == "outcome":
        abort(404, description=_("That step is not part of this guide."))
    params = answers_from_query()
    values = [SEEN] if current.kind == "info" else params.get(node_id, [])
    before = walk(flow, {k: v for k, v in params.items() if k != node_id})
    if not before.visited(node_id):
        return redirect(node_url(flow.id, before.current.id, before.answers))
    problem = answer_problem(current, values)
    if problem:
        return render_node(flow, before, current, problem=problem), 400
    result = walk(flow, {**params, node_id: values})
    if result.current.kind == "outcome":
        if g.get("practice"):  # a training case: not counted, and compared with the expert's route
            return redirect(practice.compare_url(query_string(result.answers)))
        usage.outcome_reached(flow, result)  # counted here, not on the page: see usage.py
    return redirect(node_url(flow.id, result.current.id, result.answers))


def old_link_route(flow, result, params, node_id: str) -> dict:
    """What an earlier version's answers mean now: which question no longer takes its
    answer, which answers belong to questions that are gone, and whether they lead
    somewhere else than the link did."""
    ignored = {VERSION_PARAM, "area", practice.PARAM}
    rejected = flow.nodes[result.rejected] if result.rejected else None
    return {
        "rejected": rejected.text if rejected is not None else None,
        "dropped": any(k not in flow.nodes and k not in ignored for k in params),
        "moved": not result.visited(node_id),
        "outcome_changed": result.finished and node_id != result.current.id,
    }


@bp.get("/<flow_id>/<node_id>/area")
def area(flow_id: str, node_id: str):
    """The "Which area are you in?" form of an outcome page when usage is counted: count
    the area chosen, then show the page with it (refreshing that page counts nothing)."""
    flow = get_flow(flow_id)
    node = flow.nodes.get(node_id)
    if node is None or node.kind != "outcome":
        abort(404, description=_("That step is not part of this guide."))
    params = answers_from_query()
    chosen = request.args.get("area", "")
    result = walk(flow, {k: v for k, v in params.items() if k != "area"})
    if result.current.id != node_id:
        return redirect(node_url(flow.id, result.current.id, result.answers))
    query = query_string(result.answers)
    if chosen in content().areas:
        if not g.get("practice"):
            usage.area_chosen(flow, chosen)
        query = f"{query}&area={chosen}" if query else f"area={chosen}"
    return redirect(node_url(flow.id, node_id, result.answers, query=query))


def render_node(flow, result, current, problem: str | None = None):
    urls = page_urls(flow.id)
    template, context = presenters.guide_page(result, current, content(), urls, problem)
    if g.get("practice"):  # carried by every form of the page too (answers, area, record)
        context["hidden"] = [*context["hidden"], (practice.PARAM, g.practice.id)]
        if current.kind == "outcome":
            context["compare_url"] = practice.compare_url(query_string(result.answers))
    if current.kind == "outcome":
        context.update(presenters.local_contacts(content(), request.args.get("area", ""), translator()))
        # "Copy the link": these answers and the guide version (v=), so that opening it
        # after the guide changed says what changed (web/changes.py).
        context["share_url"] = with_version(urls.node(current.id, result.answers), content().version)
        context["carry_on_url"] = carry_on_url(flow, list(result.route), current, urls)
        context["next_person_url"] = next_person_url(flow, result.route, urls)
        context["hidden_query"] = encode_query(context["hidden"])  # the record's and referral's links
    return render_template(template, **context)


def start_url(flow_id: str, start: str) -> str:
    """"Start again" and the first Back: the flow's start (`start`), or the case's story
    in practice mode."""
    if g.get("practice"):
        return url_for("practice.scenario", scenario_id=g.practice.id)
    return start


def next_person_url(flow, route, urls: PageUrls) -> str | None:
    """"Start again for the next person" on a flow with entry points: the same worker
    goes round again with their first answer (where they work) kept."""
    if not flow.entry_points or not route:
        return None
    first = route[0]
    return practice.with_practice(f"{urls.answer(first.node.id)}?{query_string({first.node.id: first.answer[:1]})}")


def carry_on_url(flow, route, outcome, urls: PageUrls) -> str | None:
    """Where "carry on with the guide" goes from an emergency outcome, if anywhere."""
    last = route[-1] if route else None
    if last is None or not any(o.id == CARRY_ON for o in getattr(last.node, "options", ())):
        return None
    answers = {**{step.node.id: step.answer for step in route}, last.node.id: (CARRY_ON,)}
    if walk(flow, answers).current is outcome:
        return None  # the answer leads here anyway: nothing to carry on to
    return practice.with_practice(urls.answer(last.node.id) + "?" + query_string(answers))
