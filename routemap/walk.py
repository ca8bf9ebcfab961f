"""Walking a flow: from the answers so far to the current node. Pure functions.

Answers travel in the URL, keyed by node id, so nothing about the user is stored. They
are never trusted: the walk starts at the flow's start and follows only valid answers,
stopping at the first node whose answer is missing or invalid. Answers for nodes the
route does not pass through are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from typing import Iterator, Mapping, Sequence
from urllib.parse import urlencode

from .model import Checklist, Flow, Info, Node, Outcome, Question

SEEN = "seen"  # the answer an information page records when the user continues
MAX_VALUE_LENGTH = 64  # option ids are short; anything longer is not an answer


@dataclass(frozen=True)
class Step:
    node: Node
    answer: tuple[str, ...]


@dataclass(frozen=True)
class Walk:
    flow: Flow
    route: tuple[Step, ...]  # the nodes answered, in order
    current: Node  # the first unanswered node, or the outcome reached
    rejected: str | None = None  # node id whose answer was invalid, if any

    @property
    def answers(self) -> dict[str, tuple[str, ...]]:
        return {step.node.id: step.answer for step in self.route}

    @property
    def finished(self) -> bool:
        return isinstance(self.current, Outcome)

    def visited(self, node_id: str) -> bool:
        return node_id == self.current.id or any(s.node.id == node_id for s in self.route)

    def answers_without(self, node_id: str) -> dict[str, tuple[str, ...]]:
        return {k: v for k, v in self.answers.items() if k != node_id}

    def answers_before(self, node_id: str) -> dict[str, tuple[str, ...]]:
        """The answers given on the route before reaching node_id."""
        before = {}
        for step in self.route:
            if step.node.id == node_id:
                break
            before[step.node.id] = step.answer
        return before


def walk(flow: Flow, params: Mapping[str, Sequence[str]]) -> Walk:
    """Follow `params` (node id -> values, as from a query string) from the start."""
    node = flow.nodes[flow.start]
    route: list[Step] = []
    answers: dict[str, tuple[str, ...]] = {}
    while not isinstance(node, Outcome):
        values = params.get(node.id)
        if not values:
            return Walk(flow, tuple(route), node)
        answer = valid_answer(node, values)
        if answer is None:
            return Walk(flow, tuple(route), node, rejected=node.id)
        answers[node.id] = answer
        route.append(Step(node, answer))
        node = flow.nodes[next_node(node, answer, answers)]
        if node.id in answers:  # back to a node answered already: impossible in a validated flow
            break
    return Walk(flow, tuple(route), node)


def valid_answer(node: Node, values: Sequence[str]) -> tuple[str, ...] | None:
    """The answer as a tuple, or None if it is not a valid answer to this node."""
    if any(not isinstance(v, str) or len(v) > MAX_VALUE_LENGTH for v in values):
        return None
    if isinstance(node, Info):
        return (SEEN,) if list(values) == [SEEN] else None
    if isinstance(node, Checklist):
        # Old ids (aliases) are read as the current ones, so old links keep working.
        found = [node.option(v) for v in values]
        if not found or any(o is None for o in found):
            return None
        chosen = tuple(dict.fromkeys(o.id for o in found))
        if len(chosen) != len(values):
            return None
        if len(chosen) > 1 and any(o.exclusive for o in found):
            return None
        # Keep the flow's order so that equal answers give equal URLs.
        return tuple(o.id for o in node.options if o.id in chosen)
    if isinstance(node, Question):
        option = node.option(values[0]) if len(values) == 1 else None
        return (option.id,) if option else None
    return None


def answer_problem(node: Node, values: Sequence[str]) -> str | None:
    """Why a submitted answer is not acceptable, as a message key for the error summary."""
    values = [v for v in values if v != ""]
    if not values:
        return "empty"
    exclusive = {o.id for o in node.options if o.exclusive} if isinstance(node, Checklist) else set()
    if len(values) > 1 and exclusive & set(values):
        return "exclusive"
    return None if valid_answer(node, values) else "invalid"


def next_node(node: Node, answer: tuple[str, ...], answers: Mapping[str, tuple[str, ...]]) -> str:
    if isinstance(node, Question) and not isinstance(node, Checklist):
        option = node.option(answer[0])
        if option is not None and option.next:
            return option.next
    for rule in node.rules:
        if all(cond.holds(answers) for cond in rule.conditions):
            return rule.go
    raise LookupError(f"{node.id}: no rule applies")  # the validator requires a fallback


# Characters a query string never escapes (RFC 3986 "unreserved"). Node and option ids
# are made of these (validate.ID_PATTERN), so the answers of a walk need no quoting.
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")


def query_string(answers: Mapping[str, Sequence[str]]) -> str:
    """The answers as a query string, in route order (repeated keys for checklists)."""
    return encode_query([(node_id, v) for node_id, values in answers.items() for v in values])


def encode_query(pairs: list[tuple[str, str]]) -> str:
    """urlencode(pairs), without quoting each name and value when none needs it: every
    guide page writes its answers into a dozen links."""
    if all(isinstance(k, str) and isinstance(v, str) for k, v in pairs) and _UNRESERVED.fullmatch(
            "".join(k + v for k, v in pairs)):
        return "&".join(f"{k}={v}" for k, v in pairs)
    return urlencode(pairs)


def all_routes(flow: Flow) -> Iterator[Walk]:
    """Every distinct route from the start to an outcome.

    Checklists are expanded only over the options that some rule tests, plus the
    exclusive option and one untested option, which covers every routing decision
    without enumerating every subset of a long list of signs.
    """
    tested = {v for node in flow.nodes.values() for rule in getattr(node, "rules", ())
              for cond in rule.conditions for v in cond.values}

    def answers_for(node: Node) -> list[tuple[str, ...]]:
        if isinstance(node, Info):
            return [(SEEN,)]
        if isinstance(node, Checklist):
            plain = [o.id for o in node.options if not o.exclusive]
            relevant = [o for o in plain if o in tested][:10]
            other = [o for o in plain if o not in tested][:1]
            subsets = [c for n in range(1, len(relevant) + 1) for c in combinations(relevant, n)]
            return subsets + [tuple(other)] * bool(other) + [(o.id,) for o in node.options if o.exclusive]
        return [(o.id,) for o in node.options]

    def extend(params: dict) -> Iterator[Walk]:
        result = walk(flow, params)
        if result.finished:
            yield result
            return
        for answer in answers_for(result.current):
            yield from extend({**params, result.current.id: answer})

    yield from extend({})
