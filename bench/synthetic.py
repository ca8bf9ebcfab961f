"""Synthetic, valid content of any size, for timing load + validate.

One flow of `size` nodes in the real format, shaped like the real ones but far bigger:
a long spine of questions, checklists and information steps (so routes are deep), each
question also branching to an outcome, checklists routed by rules over earlier answers.
Written in YAML flow style so that even 10,000 nodes stay under the 1 MB file limit.
"""
from __future__ import annotations

import random
from pathlib import Path

CONTACTS = """contacts:
  emergency:
    name: Police emergency
    phone: "999"
    sources: [{title: Guidance, url: "https://www.gov.wales/modern-slavery"}]
    reviewed: 2026-11-29
"""


def write_content(folder: Path, size: int, seed: int = 8) -> Path:
    """Write flows/ with one flow of `size` nodes (about a tenth of them outcomes)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contacts.yaml").write_text(CONTACTS, encoding="utf-8")
    (folder / "CHANGELOG.md").write_text("## 1.0.0\n", encoding="utf-8")
    outcomes = max(1, size // 10)
    spine = size - outcomes
    counter = iter(range(10 * size))
    out = lambda: f"o{next(counter) % outcomes}"  # in turn, so that every outcome is reached
    nxt = lambda i: f"n{i + 1}" if i + 1 < spine else out()
    questions: list[int] = []  # spine questions so far, for rules to test
    lines = ["id: synthetic", "title: Synthetic flow", "start: n0", "nodes:"]
    for i in range(spine):
        kind = ("question", "question", "checklist", "info")[i % 4]
        if kind == "question":
            lines.append(f"  n{i}: {{type: question, text: Q{i}, options: ["
                         f"{{id: a, label: Y, next: {nxt(i)}}}, {{id: b, label: N, next: {out()}}}]}}")
            questions.append(i)
        elif kind == "checklist":
            earlier = f"n{rng.choice(questions)}"
            lines.append(f"  n{i}: {{type: checklist, text: C{i}, options: [{{id: a, label: A}}, "
                         f"{{id: b, label: B}}, {{id: x, label: X, exclusive: true}}], next: ["
                         f"{{when: {{n{i}: {{any: [a, b]}}, {earlier}: {{any: [a]}}}}, go: {nxt(i)}, label: L}}, "
                         f"{{when: {{n{i}: {{all: [x]}}}}, go: {out()}, label: M}}, {{otherwise: {nxt(i)}}}]}}")
        else:
            lines.append(f"  n{i}: {{type: info, text: I{i}, next: {nxt(i)}}}")
    for j in range(outcomes):
        lines.append(f"  o{j}: {{type: outcome, title: O{j}, steps: [S{j}], contacts: [emergency], "
                     f"sources: [{{title: S, url: \"https://e.org/{j}\"}}], reviewed: 2026-11-29}}")
    path = folder / "synthetic.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
