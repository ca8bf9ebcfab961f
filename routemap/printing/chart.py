"""The printed route-map chart: the worker guide's flow drawn by Graphviz for an A3 wall.

Nodes and arrows come from the flow itself, so the chart can never disagree with the
guide. What the flow cannot give is a short, human label for a routing rule (the guide
tests answers by id, e.g. `role any fair-work-agency, home-office, local-authority, police`), so
EDGE_WORDS maps each condition the flow uses to a short phrase in posters.yaml
(`chart/edges/...`), which is translated like any other print text. A condition
without a phrase falls back to the translated labels of the answers it tests, so a new
rule in the flow still prints something true; the test suite lists any such fallback.
"""
from __future__ import annotations

import shutil
import subprocess

from ..graph import _q, _wrap
from ..model import Flow
from ..presenters import exits, heading

CHART_FLOW = "possible-victim"


def chart_flow(content) -> Flow:
    """The flow the chart draws: the main worker guide, or (in other content, such as
    the test fixtures) the first flow for workers."""
    if CHART_FLOW in content.flows:
        return content.flows[CHART_FLOW]
    return next(f for f in content.flows.values() if f.audience == "worker")

# (node, test, answers) -> key under posters.yaml text/chart/edges
EDGE_WORDS = {
    ("danger", "any", frozenset({"yes", "not-sure"})): "danger",
    ("role", "any", frozenset({"public"})): "public",
    ("signs", "any", frozenset({"none"})): "no_signs",
    ("signs", "any", frozenset({"not-sure"})): "not_sure_signs",
    ("age", "any", frozenset({"under-18", "not-sure"})): "child",
    ("role", "any", frozenset({"fair-work-agency", "home-office", "local-authority", "police"})):
        "first_responder",
    ("role", "any", frozenset({"home-office", "local-authority", "police"})):
        "first_responder_not_glaa",
    ("role", "any", frozenset({"fair-work-agency", "home-office", "local-authority", "police",
                               "voluntary-first-responder"})): "first_responder",
    ("role", "any", frozenset({"home-office", "local-authority", "police",
                               "voluntary-first-responder"})): "first_responder_not_fwa",
    ("consent", "any", frozenset({"yes"})): "agrees",
    ("consent", "any", frozenset({"no-capacity"})): "no_capacity",
    ("exploitation", "any", frozenset({"labour"})): "labour",
    ("adult-at-risk", "any", frozenset({"yes", "not-sure"})): "at_risk",
}

FILL = {"question": "#ffffff", "checklist": "#fff6dc", "info": "#eef3f6", "outcome": "#e3f0dc"}
BORDER = {"question": "#0b4f6c", "checklist": "#a06a00", "info": "#5b7380",
          "outcome": "#2f6b1f"}


def condition_words(flow: Flow, cond, translate, words: dict) -> str:
    key = EDGE_WORDS.get((cond.node, cond.test, cond.values))
    if key and key in words:
        return words[key]
    node = flow.nodes[cond.node]
    labels = [translate(o.label) for o in node.options if o.id in cond.values]
    return ("≠ " if cond.test == "none" else "") + " / ".join(labels)


def unmapped_conditions(flow: Flow) -> list:
    """Conditions the chart labels by fallback: to be given a phrase in EDGE_WORDS."""
    return [(c.node, c.test, sorted(c.values))
            for node in flow.nodes.values() for rule in getattr(node, "rules", ())
            for c in rule.conditions if (c.node, c.test, c.values) not in EDGE_WORDS]


def chart_dot(flow: Flow, translate, words: dict, otherwise: str, or_: str = "or") -> str:
    """Graphviz source for the printed chart. Arrows from one node to the same target
    are merged (their labels joined), which keeps the A3 chart readable."""
    # Sizes tuned for A3 landscape (see route_map.html): big type and tight gaps,
    # because the whole drawing is scaled down to fit; about 9.5 pt text in print.
    lines = [
        f"digraph {_q(flow.id)} {{",
        '  graph [rankdir=TB, nodesep=0.08, ranksep=0.15, margin=0, fontname="Noto Sans",'
        ' newrank=true];',
        '  node [fontname="Noto Sans", fontsize=18, style="filled,rounded", shape=box,'
        ' penwidth=1.6, margin="0.10,0.05"];',
        '  edge [fontname="Noto Sans", fontsize=15, color="#333333", arrowsize=0.7,'
        ' fontcolor="#222222"];',
    ]
    for node in flow.nodes.values():
        outcome = node.kind == "outcome"
        text = translate(heading(node))
        # Outcomes wrap at 17 characters and arrow labels at 19: the outcomes of the last
        # ranks set the chart's width, and with the shorter guide of issue 16 (more
        # outcomes side by side) 19 and 22 put the text just below 9 pt on A3.
        width = 17 if outcome else 30
        extra = ', penwidth=2.4' if outcome else ""
        lines.append(f"  {_q(node.id)} [label={_q(_wrap(text, width))}, "
                     f"fillcolor={_q(FILL[node.kind])}, color={_q(BORDER[node.kind])}{extra}];")
    edges: dict[tuple[str, str], list[str]] = {}
    for node in flow.nodes.values():
        for way in exits(node):
            if way.option:
                label = translate(way.option.label)
            else:
                label = " + ".join(condition_words(flow, c, translate, words)
                                   for c in way.rule.conditions) or otherwise
            edges.setdefault((node.id, way.target), []).append(label)
    for (source, target), labels in edges.items():
        labels = list(dict.fromkeys(labels))
        if len(flow.nodes) > 1 and labels == [otherwise] and _single_exit(edges, source):
            label = ""  # the only way on: no label needed
        else:
            label = f"\n{or_}\n".join(_wrap(lbl, 19) for lbl in labels)
        lines.append(f"  {_q(source)} -> {_q(target)} [label={_q(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _single_exit(edges, source) -> bool:
    return sum(1 for s, _ in edges if s == source) == 1


def chart_svg(flow: Flow, translate, words: dict, otherwise: str, or_: str = "or",
              outlines: bool = False) -> str:
    """The chart as SVG, for an <img> in the print template.

    WeasyPrint lays out SVG <text> one character at a time: fine for Latin, Ethiopic
    or Han, but Arabic comes out unjoined and in the wrong order. For right-to-left
    languages (`outlines=True`) Graphviz's cairo renderer draws the text itself as
    glyph outlines, shaped and ordered by the same pango that measured it. Outlines
    cost about five times the render time and cannot be searched, so Latin and the
    other left-to-right scripts keep real text.
    """
    dot = chart_dot(flow, translate, words, otherwise, or_)
    if not shutil.which("dot"):
        raise RuntimeError("Graphviz is not installed: apt-get install graphviz")
    done = subprocess.run(["dot", "-Tsvg:cairo" if outlines else "-Tsvg"], input=dot.encode(),
                          capture_output=True, timeout=60, check=True)
    svg = done.stdout.decode()
    return svg[svg.index("<svg"):]  # drop the XML prolog and doctype


def chart_extras(content, translator, text) -> dict:
    """Side.extras for the route-map artefact: the chart SVG in the translator's language.

    `content` is the loaded routemap Content; `text` the artefact's posters.yaml text,
    untranslated (its edge phrases). Graphviz labels are plain text, so they are
    translated with `translator.text`, never marked up."""
    flow = chart_flow(content)
    words = {k: translator.text(v) for k, v in text["edges"].items()}
    return {"svg": chart_svg(flow, translator.text, words, translator.text(text["otherwise"]),
                             translator.text(text["or"]),
                             outlines=translator.direction == "rtl")}


# Artefacts that need more than posters.yaml strings: name -> extras builder.
EXTRAS = {"route-map": chart_extras}
