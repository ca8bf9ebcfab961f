"""The guide for CPS staff: the legal reference with search, and the four-stage flow.

The reference and its search index are built once when the blueprint is registered;
requests only look things up. Search is a plain GET form, so it works without
JavaScript, and results come back as spans that the template escapes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, g, render_template, request, url_for

from ..loader import ContentError
from ..model import Flow
from ..reference import Section
from ..search import MAX_QUERY_CHARS, Hit, build_index
from ..search_terms import EMPTY, SEARCH_TERMS_PATH, check_search_terms
from ..yamlsource import Problem
from .guide import node_url
from .language import translators
from .state import state

bp = Blueprint("cps", __name__, url_prefix="/<lang>/cps")


@bp.record_once
def load(setup) -> None:
    """Read and index the reference, its search terms and the CPS flows at start-up; an
    invalid file stops the app starting."""
    app = setup.app
    content = state(app).content
    if content.reference is None:  # validated with the rest of the content by the loader
        raise ContentError([Problem(app.config["FLOWS_DIR"], 0, "", "flows/cps/reference.yaml is missing",
                                    "the CPS guide needs its reference file")])
    terms = EMPTY
    if (Path(app.config["FLOWS_DIR"]) / SEARCH_TERMS_PATH).exists():
        terms, problems = check_search_terms(app.config["FLOWS_DIR"])
        if problems:  # the loader has reported them already, with the rest of the content
            raise ContentError(problems)
    flows = [f for f in content.flows.values() if f.audience == "cps"]
    state(app).search = build_index(
        content.reference, languages=tuple(state(app).languages),
        translate=lambda lang, text: translators(app)[lang].text(text), terms=terms, flows=flows)


def cps_flows():
    return [f for f in state().content.flows.values() if f.audience == "cps"]


@bp.get("/")
def index():
    return render_template("cps/index.html", reference=state().content.reference,
                           flows=cps_flows(), version=state().content.version)


@bp.get("/search")
def search():
    query = request.args.get("q", "")[:MAX_QUERY_CHARS].strip()
    hits = state().search.search(query, g.lang) if query else []
    results = [Result(hit, *_place(hit)) for hit in hits]
    return render_template("cps/search.html", query=query, results=results,
                           version=state().content.version)


@dataclass(frozen=True)
class Result:
    hit: Hit
    url: str
    section: Section | None  # the section, or the entry's section
    flow: Flow | None  # for a step of a flow


def _place(hit: Hit) -> tuple[str, Section | None, Flow | None]:
    """Where a result links to: a section or entry anchor, or a step of a flow reached by
    the shortest route to it (a step is only shown on a route that reaches it)."""
    doc = hit.doc
    content = state().content
    if doc.flow_id is not None:
        flow = content.flows[doc.flow_id]
        if doc.node_id is None:
            return url_for("guide.start", flow_id=flow.id), None, flow
        return node_url(flow.id, doc.node_id, dict(doc.answers)), None, flow
    section = content.reference.get(doc.section_id)
    return f"{url_for('cps.index')}#{doc.id}", section, None
