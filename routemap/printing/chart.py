"""The printed route-map chart: the worker guide's flow drawn by Graphviz for an A3 wall.

The chart is the second renderer of `graph.diagram()`, the one model of a flow's boxes
and arrows: the web map is the first, so both say the same in the same words, and the
chart can never disagree with the guide. Arrow words are the answer labels and the
rules' own `label:`s in the flow YAML, translated like the rest of the flow. Which flow
the chart draws is content too: `chart_flow:` in flows/print/posters.yaml.
"""
from __future__ import annotations

from ..graph import Diagram, _q, _wrap, diagram, to_svg
from ..model import Flow

FILL = {"question": "#ffffff", "checklist": "#fff6dc", "info": "#eef3f6", "outcome": "#e3f0dc"}
BORDER = {"question": "#0b4f6c", "checklist": "#a06a00", "info": "#5b7380",
          "outcome": "#2f6b1f"}


def chart_flow(content) -> Flow:
    """The flow the chart draws, as posters.yaml names it (the loader checks it exists)."""
    return content.flows[str(content.print_text["chart_flow"])]


def chart_dot(drawing: Diagram, or_: str = "or") -> str:
    """Graphviz source for the printed chart. Arrows from one node to the same target
    carry every way along them, joined by `or_`, which keeps the A3 chart readable."""
    # Sizes tuned for A3 landscape (see route_map.html): big type and tight gaps,
    # because the whole drawing is scaled down to fit; about 9.5 pt text in print.
    lines = [
        f"digraph {_q(drawing.flow_id)} {{",
        '  graph [rankdir=TB, nodesep=0.08, ranksep=0.15, margin=0, fontname="Noto Sans",'
        ' newrank=true];',
        '  node [fontname="Noto Sans", fontsize=18, style="filled,rounded", shape=box,'
        ' penwidth=1.6, margin="0.10,0.05"];',
        '  edge [fontname="Noto Sans", fontsize=15, color="#333333", arrowsize=0.7,'
        ' fontcolor="#222222"];',
    ]
    for box in drawing.boxes:
        outcome = box.kind == "outcome"
        # Outcomes wrap at 17 characters and arrow labels at 19: the outcomes of the last
        # ranks set the chart's width, and with the shorter guide of issue 16 (more
        # outcomes side by side) 19 and 22 put the text just below 9 pt on A3.
        width = 17 if outcome else 30
        extra = ', penwidth=2.4' if outcome else ""
        lines.append(f"  {_q(box.id)} [label={_q(_wrap(box.text, width))}, "
                     f"fillcolor={_q(FILL[box.kind])}, color={_q(BORDER[box.kind])}{extra}];")
    for arrow in drawing.arrows:
        label = f"\n{or_}\n".join(_wrap(text, 19) for text in arrow.labels)
        lines.append(f"  {_q(arrow.source)} -> {_q(arrow.target)} [label={_q(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def chart_svg(drawing: Diagram, or_: str = "or", outlines: bool = False) -> str:
    """The chart as SVG, for an <img> in the print template.

    WeasyPrint lays out SVG <text> one character at a time: fine for Latin, Ethiopic
    or Han, but Arabic comes out unjoined and in the wrong order. For right-to-left
    languages (`outlines=True`) Graphviz's cairo renderer draws the text itself as
    glyph outlines, shaped and ordered by the same pango that measured it. Outlines
    cost about five times the render time and cannot be searched, so Latin and the
    other left-to-right scripts keep real text.
    """
    return to_svg(chart_dot(drawing, or_), outlines=outlines)


def chart_extras(service, translator, text) -> dict:
    """Side.extras of the route-map sheet (its registry entry's `extras`): the chart SVG
    in the translator's language.

    `service` is the PrintService (its content); `text` the sheet's posters.yaml text,
    untranslated (the words for "otherwise" and "or"). Graphviz labels are plain text,
    so everything is translated with `translator.text`, never marked up."""
    drawing = diagram(chart_flow(service.content), translator, translator.text(text["otherwise"]))
    return {"svg": chart_svg(drawing, translator.text(text["or"]),
                             outlines=translator.direction == "rtl")}
