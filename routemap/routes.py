"""Every route of every flow, and the snapshot that makes a change to any of them visible.

A *route* is a path of answers from a flow's start to an outcome. Answers that lead to
the same next step, and that no later rule tells apart, make one route (the first such
answer stands for all, and a question lists the others as alternatives): enumerating
every subset of a checklist would add nothing but count. Routes are produced depth
first as a tree, one `Branch` per answer, so that a flow of 10,000 nodes needs memory
and time in proportion to its size, not to the sum of its route lengths.

The snapshot (`flows/routes.snapshot`) records every route, the outcome it ends at and
a fingerprint of what the user sees there (title, steps, contacts, ... in English and
Welsh), and the seen text itself, so `routes --check` can say exactly what moved.
No Flask here.
"""
from __future__ import annotations

import dataclasses
import difflib
import hashlib
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Iterator

from .catalogs import ENGLISH, Catalog, read_catalog
from .model import Checklist, Content, Flow, Info, Node, Outcome
from .walk import SEEN, next_node

SNAPSHOT_FILE = "routes.snapshot"
SNAPSHOT_LANGUAGES = ("en", "cy")
MAX_TESTED_OPTIONS = 10  # checklist options tried in combination (as walk.all_routes)
HEADER = """\
# Every route of every flow: where it ends and a fingerprint of what the user sees there.
# Written by `flask --app app routemap routes --update`; `routemap routes --check` (run by
# `make test`) fails when content changes a route's ending or what it shows.
# Route lines: DEPTH NODE=ANSWER (alternatives after |), a finished route ends
# `=> OUTCOME FINGERPRINT`. Outcome blocks hold the text the fingerprint is taken over.
"""


@dataclass(frozen=True)
class Branch:
    """One answer on a route: at `depth`, node `node` answered `answer` (`also`: other
    answers that lead the same way); `outcome` is set when this answer ends the route."""

    depth: int
    node: str
    answer: tuple[str, ...]
    also: tuple[str, ...] = ()
    outcome: str | None = None

    @property
    def token(self) -> str:
        return f"{self.node}={'+'.join(self.answer)}" + (f"|{'|'.join(self.also)}" if self.also else "")


def tested_elsewhere(flow: Flow) -> dict[str, set[str]]:
    """Per node, the answer values that rules at *other* nodes test: the part of an
    answer that can still matter after leaving the node."""
    found: dict[str, set[str]] = {}
    for node in flow.nodes.values():
        for rule in getattr(node, "rules", ()):
            for cond in rule.conditions:
                if cond.node != node.id:
                    found.setdefault(cond.node, set()).update(cond.values)
    return found


def _candidates(node: Node, tested: set[str]) -> list[tuple[str, ...]]:
    if isinstance(node, Info):
        return [(SEEN,)]
    if isinstance(node, Checklist):
        plain = [o.id for o in node.options if not o.exclusive]
        relevant = [o for o in plain if o in tested][:MAX_TESTED_OPTIONS]
        other = [o for o in plain if o not in tested][:1]
        subsets = [c for n in range(1, len(relevant) + 1) for c in combinations(relevant, n)]
        subsets = [tuple(o for o in plain if o in s) for s in subsets]
        return subsets + [tuple(other)] * bool(other) + [(o.id,) for o in node.options if o.exclusive]
    return [(o.id,) for o in node.options]


def branches(flow: Flow) -> Iterator[Branch]:
    """The flow's routes as a tree, depth first: each route is the chain of branches
    from depth 0 to one with an outcome."""
    tested_here = {v for node in flow.nodes.values() for rule in getattr(node, "rules", ())
                   for cond in rule.conditions for v in cond.values}
    later = tested_elsewhere(flow)
    answers: dict[str, tuple[str, ...]] = {}

    def choices(node: Node) -> list[tuple[tuple[str, ...], tuple[str, ...], str]]:
        groups: dict[tuple, list] = {}
        for answer in _candidates(node, tested_here):
            answers[node.id] = answer
            key = (next_node(node, answer, answers), frozenset(answer) & later.get(node.id, set()))
            groups.setdefault(key, []).append(answer)
        del answers[node.id]
        return [(found[0], tuple(a[0] for a in found[1:]) if not isinstance(node, Checklist) else (), key[0])
                for key, found in groups.items()]

    # An explicit stack, not recursion: a synthetic flow's routes are thousands deep.
    stack = [(flow.nodes[flow.start], iter(choices(flow.nodes[flow.start])))]
    while stack:
        node, pending = stack[-1]
        choice = next(pending, None)
        if choice is None:
            stack.pop()
            answers.pop(node.id, None)
            continue
        answer, also, target = choice
        answers[node.id] = answer
        nxt = flow.nodes[target]
        if isinstance(nxt, Outcome):
            yield Branch(len(stack) - 1, node.id, answer, also, nxt.id)
        else:
            yield Branch(len(stack) - 1, node.id, answer, also)
            stack.append((nxt, iter(choices(nxt))))


def routes(flow: Flow) -> Iterator[tuple[tuple[Branch, ...], str]]:
    """Each finished route as (branches from the start, outcome id)."""
    path: list[Branch] = []
    for branch in branches(flow):
        del path[branch.depth:]
        path.append(branch)
        if branch.outcome:
            yield tuple(path), branch.outcome


# ------------------------------------------------------------ what the user sees

SKIPPED_FIELDS = {"id", "line", "file", "evidence", "contacts"}


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (tuple, list)):
        return [v for item in value for v in _strings(item)]
    return []


def one_line(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def seen_at(outcome: Outcome, content: Content, catalog: Catalog) -> list[str]:
    """What a user sees at an outcome in one language, one field per line. Every text
    field of Outcome counts (a field added to the model is included without a change
    here), then each contact, then what the page says about sources and verification."""
    tr = catalog.tr
    lines = []
    for field in dataclasses.fields(outcome):
        if field.name in SKIPPED_FIELDS:
            continue
        for text in _strings(getattr(outcome, field.name)):
            lines.append(f"{field.name}: {one_line(tr(text))}")
    for contact_id in outcome.contacts:
        contact = content.contacts.get(contact_id)
        if contact is None:
            lines.append(f"contact: {contact_id} (missing)")
            continue
        parts = [tr(contact.name), contact.phone or "", tr(contact.hours), contact.url or "",
                 contact.email or "", tr(contact.description)]
        lines.append("contact: " + one_line(" | ".join(parts)))
        if contact.evidence.needs_verification:
            lines.append(f"contact awaiting confirmation: {contact_id}")
    if outcome.evidence is not None:
        for source in outcome.evidence.sources:
            lines.append(f"source: {source.title} <{source.url}>")
        if outcome.evidence.needs_verification:
            lines.append(f"awaiting confirmation: {one_line(tr(outcome.evidence.verification_note))}")
    return lines


def fingerprint(lines_by_language: dict[str, list[str]]) -> str:
    h = hashlib.sha256()
    for code in sorted(lines_by_language):
        for line in lines_by_language[code]:
            h.update(f"{code} {line}\n".encode())
    return h.hexdigest()[:16]


@dataclass(frozen=True)
class OutcomeView:
    key: str  # flow/outcome
    fingerprint: str
    lines: tuple[str, ...]  # "en title: ...", "cy title: ..."


def outcome_views(content: Content, catalogs: dict[str, Catalog]) -> dict[str, OutcomeView]:
    views = {}
    for flow in content.flows.values():
        for outcome in flow.outcomes:
            seen = {code: seen_at(outcome, content, catalogs.get(code, ENGLISH)) for code in catalogs}
            lines = tuple(f"{code} {line}" for code in catalogs for line in seen[code])
            key = f"{flow.id}/{outcome.id}"
            views[key] = OutcomeView(key, fingerprint(seen), lines)
    return views


# ------------------------------------------------------------ the snapshot

def snapshot_lines(content: Content, catalogs: dict[str, Catalog]) -> list[str]:
    views = outcome_views(content, catalogs)
    lines = HEADER.splitlines()
    for flow in sorted(content.flows.values(), key=lambda f: f.id):
        lines.append(f"flow {flow.id}")
        for b in branches(flow):
            end = f" => {b.outcome} {views[f'{flow.id}/{b.outcome}'].fingerprint}" if b.outcome else ""
            lines.append(f"{b.depth} {b.token}{end}")
    for key in sorted(views):
        lines.append(f"outcome {key} {views[key].fingerprint}")
        lines += [f"  {line}" for line in views[key].lines]
    return lines


@dataclass
class FlowRoutes:
    """One flow's routes as read from snapshot lines. A route is keyed by a hash chained
    over its answers (so reading stays linear however deep routes are); its answers are
    rebuilt from parent links only when a difference is reported."""

    tokens: list = field(default_factory=list)  # per route line: its NODE=ANSWER token
    parents: list = field(default_factory=list)  # per route line: the line before it on the route, or -1
    ends: dict = field(default_factory=dict)  # answers key -> (outcome, fingerprint, line)
    shared: dict = field(default_factory=dict)  # answers key -> key including alternatives

    def path(self, line: int) -> tuple[str, ...]:
        found = []
        while line >= 0:
            found.append(self.tokens[line])
            line = self.parents[line]
        return tuple(reversed(found))


@dataclass
class Parsed:
    routes: dict = field(default_factory=dict)  # flow -> FlowRoutes
    outcomes: dict = field(default_factory=dict)  # flow/outcome -> (fingerprint, lines)


def parse(lines: list[str]) -> Parsed:
    parsed = Parsed()
    flow, stack, current = None, [], None
    for line in lines:
        if not line or line.startswith("#"):
            continue
        if line.startswith("flow "):
            flow, stack = FlowRoutes(), []
            parsed.routes[line[5:]] = flow
        elif line.startswith("outcome "):
            _, key, fp = line.split(" ", 2)
            current = parsed.outcomes[key] = (fp, [])
        elif line.startswith("  ") and current is not None:
            current[1].append(line[2:])
        elif flow is not None:
            depth, rest = line.split(" ", 1)
            token, _, end = rest.partition(" => ")
            del stack[int(depth):]
            parent = stack[-1] if stack else (0, 0, -1)
            index = len(flow.tokens)
            entry = (hash((parent[0], token.split("|")[0])), hash((parent[1], token)), index)
            flow.tokens.append(token)
            flow.parents.append(parent[2])
            stack.append(entry)
            if end:
                outcome, fp = end.split(" ")
                flow.ends[entry[0]] = (outcome, fp, index)
                flow.shared[entry[0]] = entry[1]
    return parsed


def describe(tokens: tuple[str, ...], keep: int = 12) -> str:
    plain = [t.split("|")[0] for t in tokens]
    if len(plain) > keep:
        plain = plain[:3] + [f"... ({len(plain) - keep} more) ..."] + plain[-(keep - 3):]
    return " ".join(plain)


def compare(old: list[str], new: list[str]) -> list[str]:
    """A readable account of how the snapshot `old` differs from `new` ([] if equal)."""
    if old == new:
        return []
    a, b = parse(old), parse(new)
    out = []
    for name in sorted(set(a.routes) | set(b.routes)):
        if name not in b.routes:
            out.append(f"flow {name}: removed ({len(a.routes[name].ends)} routes)")
            continue
        if name not in a.routes:
            out.append(f"flow {name}: new ({len(b.routes[name].ends)} routes)")
            continue
        before, after = a.routes[name], b.routes[name]
        for key in list(before.ends) + [k for k in after.ends if k not in before.ends]:
            old_end, new_end = before.ends.get(key), after.ends.get(key)
            if old_end and new_end and old_end[:2] == new_end[:2]:
                if before.shared[key] != after.shared[key]:
                    out.append(f"answers sharing a route changed: {name}: "
                               f"{' '.join(before.path(old_end[2]))} -> {' '.join(after.path(new_end[2]))}")
                continue
            where = f"{name}: {describe((after if new_end else before).path((new_end or old_end)[2]))}"
            if old_end is None:
                out.append(f"new route: {where} => {new_end[0]}")
            elif new_end is None:
                out.append(f"route gone: {where} (ended at {old_end[0]})")
            elif old_end[0] != new_end[0]:
                out.append(f"route ends differently: {where}: {old_end[0]} -> {new_end[0]}")
            else:
                out.append(f"what the user sees changed: {where} => {new_end[0]}")
    for key in sorted(set(a.outcomes) | set(b.outcomes)):
        old_fp, old_lines = a.outcomes.get(key, ("", []))
        new_fp, new_lines = b.outcomes.get(key, ("", []))
        if old_fp == new_fp and old_lines == new_lines:
            continue
        out.append(f"outcome {key}: what it shows changed:")
        out += ["    " + line for line in difflib.unified_diff(old_lines, new_lines, "snapshot", "content",
                                                                  lineterm="", n=0)
                if not line.startswith(("---", "+++", "@@"))]
    if not out:  # only the header or the order of lines differs
        out += list(difflib.unified_diff(old, new, "snapshot", "content", lineterm="", n=1))
    return out


def snapshot_catalogs(translations_dir: Path) -> dict[str, Catalog]:
    return {code: ENGLISH if code == "en" else read_catalog(translations_dir, code) for code in SNAPSHOT_LANGUAGES}


def snapshot_path(flows_dir: Path) -> Path:
    return Path(flows_dir) / SNAPSHOT_FILE


def read_snapshot(flows_dir: Path) -> list[str] | None:
    path = snapshot_path(flows_dir)
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else None


def write_snapshot(flows_dir: Path, lines: list[str]) -> Path:
    path = snapshot_path(flows_dir)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------ routes in words

def in_words(flow: Flow, route: tuple[Branch, ...], outcome: str, catalog: Catalog = ENGLISH) -> list[str]:
    """A route as `question -> answer` lines and the outcome reached, in one language."""
    tr = catalog.tr
    lines = []
    for b in route:
        node = flow.nodes[b.node]
        if isinstance(node, Info):
            lines.append(f"{tr(node.text)} -> (read)")
            continue
        labels = {o.id: o.label for o in node.options}
        said = "; ".join(tr(labels[a]) for a in b.answer)
        if b.also:
            said += " (or: " + "; ".join(tr(labels[a]) for a in b.also) + ")"
        lines.append(f"{tr(node.text)} -> {said}")
    lines.append(f"=> {tr(flow.nodes[outcome].title)} [{outcome}]")
    return lines


def format_routes(content: Content, catalog: Catalog = ENGLISH) -> str:
    out = []
    for flow in sorted(content.flows.values(), key=lambda f: f.id):
        found = list(routes(flow))
        out.append(f"{flow.id}: {catalog.tr(flow.title)} ({len(found)} routes)")
        for n, (route, outcome) in enumerate(found, 1):
            words = in_words(flow, route, outcome, catalog)
            out.append(f"  {n}. {words[0]}")
            out += [f"     {line}" for line in words[1:]]
        out.append("")
    return "\n".join(out)
