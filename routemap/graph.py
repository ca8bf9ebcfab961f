"""A flow as a diagram: one model of boxes and arrows, drawn by Graphviz.

`diagram()` builds the model once, in one language: a box per node, an arrow per pair of
nodes a route can go between, labelled with the translated answer labels and rule
labels (`label:` on the rules in the flow YAML) that lead along it. Two renderers draw
it: `to_dot()` here, for the web map (`/<lang>/guide/<flow>/map`) and the `routemap
graph` command, and `printing.chart.chart_dot()` for the printed route-map poster. Both
therefore say the same thing in the same words; only sizes, shapes and colours differ.
"""
from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass

from .model import Flow
from .presenters import exits, heading

SHAPES = {"question": "box", "checklist": "box3d", "info": "note", "outcome": "doubleoctagon"}


@dataclass(frozen=True)
class Box:
    id: str
    kind: str  # question, checklist, info or outcome
    text: str  # the node's heading, translated


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    # The different ways along this arrow, in words, in the flow's order; empty when the
    # arrow is the only way on from its box (a plain `next:`), which needs no words.
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Diagram:
    flow_id: str
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


def diagram(flow: Flow, translator, otherwise: str) -> Diagram:
    """The flow as boxes and arrows in `translator`'s language (anything with a
    `text(content_string)` method). `otherwise` is the word for a fallback rule
    that has no label of its own."""
    boxes = tuple(Box(node.id, node.kind, translator.text(heading(node))) for node in flow.nodes.values())
    ways: dict[tuple[str, str], list[str]] = {}
    for node in flow.nodes.values():
        for way in exits(node):
            if way.option:
                label = translator.text(way.option.label)
            elif way.rule.label is not None:
                label = translator.text(way.rule.label)
            else:
                label = otherwise
            ways.setdefault((node.id, way.target), []).append(label)
    arrows = []
    for (source, target), labels in ways.items():
        labels = list(dict.fromkeys(labels))
        only_way = sum(1 for s, _ in ways if s == source) == 1
        if len(flow.nodes) > 1 and labels == [otherwise] and only_way:
            labels = []
        arrows.append(Arrow(source, target, tuple(labels)))
    return Diagram(flow.id, boxes, tuple(arrows))


def to_dot(drawing: Diagram, or_: str = "or") -> str:
    """Graphviz source for the web map: shapes say what kind of page each box is."""
    lines = [f"digraph {_q(drawing.flow_id)} {{", '  graph [rankdir=TB, fontname="Noto Sans"];',
             '  node [fontname="Noto Sans", fontsize=11, style=filled, fillcolor="#ffffff"];',
             '  edge [fontname="Noto Sans", fontsize=9];']
    for box in drawing.boxes:
        fill = ', fillcolor="#e8f1e4"' if box.kind == "outcome" else ""
        lines.append(f"  {_q(box.id)} [label={_q(_wrap(box.text))}, shape={SHAPES[box.kind]}{fill}];")
    for arrow in drawing.arrows:
        label = f"\n{or_}\n".join(_wrap(text, 24) for text in arrow.labels)
        lines.append(f"  {_q(arrow.source)} -> {_q(arrow.target)} [label={_q(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(dot: str, outlines: bool = False) -> str:
    """SVG from Graphviz source, ready to inline. `outlines` draws text as glyph
    outlines (see printing.chart.chart_svg: right-to-left scripts in a PDF)."""
    if not shutil.which("dot"):
        raise RuntimeError("Graphviz is not installed: apt-get install graphviz")
    done = subprocess.run(["dot", "-Tsvg:cairo" if outlines else "-Tsvg"], input=dot.encode(),
                          capture_output=True, timeout=60, check=True)
    svg = done.stdout.decode()
    return svg[svg.index("<svg"):]  # drop the XML prolog and doctype so it can be inlined


def _q(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrap(text: str, width: int = 30) -> str:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join(lines + [line])
