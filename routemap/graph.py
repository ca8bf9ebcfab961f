"""A flow as a Graphviz diagram, for reviewers and the printed route-map chart."""
from __future__ import annotations

import shutil
import subprocess
from typing import Callable

from .model import Flow
from .presenters import exits, heading

SHAPES = {"question": "box", "checklist": "box3d", "info": "note", "outcome": "doubleoctagon"}


def to_dot(flow: Flow, translate: Callable[[str], str] = str) -> str:
    lines = [f"digraph {_q(flow.id)} {{", '  graph [rankdir=TB, fontname="Noto Sans"];',
             '  node [fontname="Noto Sans", fontsize=11, style=filled, fillcolor="#ffffff"];',
             '  edge [fontname="Noto Sans", fontsize=9];']
    for node in flow.nodes.values():
        label = translate(heading(node))
        fill = ', fillcolor="#e8f1e4"' if node.kind == "outcome" else ""
        lines.append(f"  {_q(node.id)} [label={_q(_wrap(label))}, shape={SHAPES[node.kind]}{fill}];")
    for node in flow.nodes.values():
        for way in exits(node):
            if way.option:
                label = translate(way.option.label)
            else:
                label = " and ".join(f"{c.node} {c.test} {', '.join(sorted(c.values))}"
                                     for c in way.rule.conditions) or "otherwise"
            lines.append(f"  {_q(node.id)} -> {_q(way.target)} [label={_q(_wrap(label, 24))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_svg(dot: str) -> str:
    if not shutil.which("dot"):
        raise RuntimeError("Graphviz is not installed: apt-get install graphviz")
    done = subprocess.run(["dot", "-Tsvg"], input=dot.encode(), capture_output=True, timeout=60, check=True)
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
