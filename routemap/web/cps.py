"""The guide for CPS staff: the legal reference with search, and the four-stage flow.

The reference and its search index are built once when the blueprint is registered;
requests only look things up. Search is a plain GET form, so it works without
JavaScript, and results come back as spans that the template escapes.
"""
from __future__ import annotations

from flask import Blueprint, g, render_template, request

from ..loader import ContentError
from ..yamlsource import Problem
from ..search import MAX_QUERY_CHARS, build_index
from .language import is_translated, translators
from .state import state

bp = Blueprint("cps", __name__, url_prefix="/<lang>/cps")


@bp.record_once
def load(setup) -> None:
    """Read and index the reference at start-up; an invalid file stops the app starting."""
    app = setup.app
    reference = state(app).content.reference
    if reference is None:  # validated with the rest of the content by the loader
        raise ContentError([Problem(app.config["FLOWS_DIR"], 0, "", "flows/cps/reference.yaml is missing",
                                    "the CPS guide needs its reference file")])
    state(app).search = build_index(
        reference, languages=tuple(state(app).languages),
        translate=lambda lang, text: translators(app)[lang].text(text))


def cps_flows():
    return [f for f in state().content.flows.values() if f.audience == "cps"]


@bp.get("/")
def index():
    reference = state().content.reference
    return render_template("cps/index.html", reference=reference, flows=cps_flows(),
                           version=state().content.version)


@bp.get("/search")
def search():
    query = request.args.get("q", "")[:MAX_QUERY_CHARS].strip()
    hits = state().search.search(query, g.lang) if query else []
    reference = state().content.reference
    # Untranslated headings and passages are English on a Welsh page: say so for screen readers.
    results = [(hit, section, is_translated(section.title), is_translated(section.body))
               for hit, section in ((hit, reference.get(hit.section_id)) for hit in hits)]
    return render_template("cps/search.html", query=query, results=results,
                           version=state().content.version)
