"""Practice scenarios (flows/practice/*.yaml): read, checked against the flows, compared.

A scenario is content like a flow: a story, the flow it practises, the answers an
expert would give and the outcome they reach, and the common mistakes. It is checked
against the flows as they are now, by walking them with the same `walk` the guide uses,
so that a change to the guide that breaks a scenario fails validation with
`flows/practice/FILE:LINE` instead of teaching something the guide no longer says.
The format is in flows/practice/README.md. No Flask.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import Checklist, Flow, Info, Outcome, Question
from .validate import Checker, _closest, _suggest
from .walk import SEEN, Walk, valid_answer, walk
from .yamlsource import LDict, LList, Problem, YamlError, display_path, read_yaml

PRACTICE_DIR = "practice"
LEVELS = ("awareness", "first-responder", "police-cps")

SCENARIO_KEYS = {"title": ("str", True), "summary": ("str", True), "levels": ("ids", True),
                 "flow": ("id", True), "body": ("str", True), "expert": ("mapping", True),
                 "mistakes": ("list", False), "discussion": ("list", False)}
EXPERT_KEYS = {"answers": ("mapping", True), "outcome": ("id", True), "points": ("list", True)}
POINT_KEYS = {"at": ("id", True), "body": ("str", True), "evidence": ("ids", True)}
MISTAKE_KEYS = {"answers": ("mapping", True), "outcome": ("id", True), "body": ("str", True)}
DISCUSSION_KEYS = {"text": ("str", True)}

Answers = dict  # node id -> tuple of option ids, in the flow's order


@dataclass(frozen=True)
class Point:
    """A teaching point: what the expert knows at node `at`, and its sources (claim ids)."""
    at: str
    body: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Mistake:
    answers: Answers = field(hash=False)  # only what differs from the expert's answers
    outcome: str
    body: str
    line: int = 0


@dataclass(frozen=True)
class Scenario:
    id: str
    file: str
    title: str
    summary: str
    levels: tuple[str, ...]
    flow: str
    body: str
    answers: Answers = field(hash=False)  # the expert's
    outcome: str
    points: tuple[Point, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    discussion: tuple[str, ...] = ()


def check_practice(folder: Path, flows: dict[str, Flow], claims: dict,
                   broken_flows: frozenset = frozenset()) -> tuple[dict[str, Scenario], list[Problem]]:
    """Every scenario in `folder`/practice/ (id -> Scenario) and every problem in them.

    A scenario about a flow in `broken_flows` (a flow file that did not load) is not
    checked: the flow's own problems are reported, and guessing past them would only
    add noise."""
    scenarios: dict[str, Scenario] = {}
    problems: list[Problem] = []
    for path in sorted((Path(folder) / PRACTICE_DIR).glob("*.yaml")):
        try:
            tree = read_yaml(path, f"practice/{path.stem}")
        except YamlError as exc:
            problems.append(exc.problem)
            continue
        if isinstance(tree, LDict) and tree.get("flow") in broken_flows:
            continue
        scenario, found = check_scenario(tree, display_path(path), path.stem, flows, claims)
        problems += found
        if scenario is not None:
            scenarios[scenario.id] = scenario
    return scenarios, problems


class _ScenarioChecker(Checker):
    """Names the scenario in every problem: `kitchen/signs: ...`, `kitchen: ...`."""

    def __init__(self, file: str, scenario: str):
        super().__init__(file)
        self.scenario = scenario

    def add(self, line: int, node: str, message: str, fix: str = "") -> None:
        super().add(line, f"{self.scenario}/{node}" if node else self.scenario, message, fix)


def check_scenario(tree, file: str, stem: str, flows: dict[str, Flow], claims: dict):
    """(Scenario or None, problems) for one scenario file's tree."""
    c = _ScenarioChecker(file, stem)
    if not c.mapping(tree, SCENARIO_KEYS, "", "a scenario"):
        return None, c.problems
    expert = tree["expert"]
    shapes_ok = c.mapping(expert, EXPERT_KEYS, "expert", "the expert's part")
    points = [p for p in expert.get("points") or () if c.mapping(p, POINT_KEYS, "expert", "a teaching point")]
    mistakes = [m for m in tree.get("mistakes") or () if c.mapping(m, MISTAKE_KEYS, "mistakes", "a mistake")]
    discussion = [d for d in tree.get("discussion") or () if c.mapping(d, DISCUSSION_KEYS, "discussion", "a discussion question")]
    for level in tree["levels"]:
        if level not in LEVELS:
            c.add(tree.line_of("levels"), "", f"unknown level '{level}'", f"use {', '.join(LEVELS)}")
    flow = flows.get(str(tree["flow"]))
    if flow is None:
        c.add(tree.line_of("flow"), "", f"there is no flow '{tree['flow']}'", _suggest(str(tree["flow"]), flows))
        return None, c.problems
    if not shapes_ok:
        return None, c.problems
    for point in points:
        for claim in point["evidence"]:
            if claim not in claims:
                c.add(point.line_of("evidence"), str(point["at"]), f"claim '{claim}' is not in evidence.yaml",
                      _suggest(claim, claims))
        if point["at"] not in flow.nodes:
            c.add(point.line_of("at"), str(point["at"]), f"the flow '{flow.id}' has no node '{point['at']}'",
                  _suggest(str(point["at"]), flow.nodes))
    answers = _answers(c, expert["answers"], flow)
    expert_ok = answers is not None and _check_walk(c, flow, answers, expert, "the expert's answers")
    if answers is not None and expert_ok:
        route = walk(flow, with_info(flow, answers))
        for node_id in answers:
            if not route.visited(node_id):
                c.add(expert["answers"].line_of(node_id), node_id,
                      f"the expert's route does not pass through '{node_id}'",
                      "remove this answer, or change an earlier one so that the route asks it")
        for mistake in mistakes:
            own = _answers(c, mistake["answers"], flow)
            if own is None:
                continue
            if _check_walk(c, flow, {**answers, **own}, mistake, "this mistake's answers") \
                    and str(mistake["outcome"]) == str(expert["outcome"]):
                c.add(mistake.line_of("outcome"), "mistakes",
                      f"this mistake leads to '{mistake['outcome']}', the same outcome as the expert's",
                      "a mistake must lead somewhere different: change its answers, or drop it")
    if c.problems:
        return None, c.problems
    return Scenario(
        id=stem, file=file, title=tree["title"], summary=tree["summary"],
        levels=tuple(str(v) for v in tree["levels"]), flow=flow.id, body=tree["body"],
        answers=answers, outcome=str(expert["outcome"]),
        points=tuple(Point(str(p["at"]), p["body"], tuple(str(e) for e in p["evidence"])) for p in points),
        mistakes=tuple(Mistake(_answers(c, m["answers"], flow), str(m["outcome"]), m["body"], m.line)
                       for m in mistakes),
        discussion=tuple(d["text"] for d in discussion)), []


def _answers(c: Checker, raw: LDict, flow: Flow) -> Answers | None:
    """node id -> answer tuple, each a real option of a question or checklist of `flow`;
    None (with the problems added) if any is not."""
    result, ok = {}, True
    for node_id, given in raw.items():
        line = raw.line_of(node_id)
        node = flow.nodes.get(node_id)
        if not isinstance(node, Question):
            what = "an outcome" if isinstance(node, Outcome) else "an information page" if isinstance(node, Info) else None
            c.add(line, node_id, f"'{node_id}' is {what} in the flow '{flow.id}', not a question" if what
                  else f"the flow '{flow.id}' has no question '{node_id}'",
                  "answer only questions and checklists" if what else _suggest(node_id, [
                      n.id for n in flow.nodes.values() if isinstance(n, Question)]))
            ok = False
            continue
        values = list(given) if isinstance(given, LList) else [given]
        if not all(isinstance(v, str) for v in values):
            c.add(line, node_id, f"the answer to '{node_id}' must be option ids",
                  "quote it: bare yes/no/true/false are booleans in YAML")
            ok = False
            continue
        unknown = [v for v in values if node.option(v) is None]
        for value in unknown:
            close = _closest(value, [o.id for o in node.options])
            c.add(getattr(value, "line", line) or line, node_id, f"'{value}' is not an answer to '{node_id}'",
                  f"did you mean '{close}'?" if close else f"answers: {', '.join(o.id for o in node.options)}")
        if unknown:
            ok = False
            continue
        answer = valid_answer(node, values)
        if answer is None:
            kind = "one answer" if not isinstance(node, Checklist) else "answers that go together (an exclusive one alone)"
            c.add(line, node_id, f"'{node_id}' takes {kind}", "fix the list of answers")
            ok = False
            continue
        result[node_id] = answer
    return result if ok else None


def _check_walk(c: Checker, flow: Flow, answers: Answers, part: LDict, whose: str) -> bool:
    """True if `answers` walk `flow` to an outcome and it is `part`'s outcome."""
    wanted = str(part["outcome"])
    if not isinstance(flow.nodes.get(wanted), Outcome):
        c.add(part.line_of("outcome"), wanted, f"the flow '{flow.id}' has no outcome '{wanted}'",
              _suggest(wanted, [o.id for o in flow.outcomes]))
        return False
    result = walk(flow, with_info(flow, answers))
    if not result.finished:
        c.add(part.line_of("answers"), result.current.id,
              f"{whose} stop at '{result.current.id}', which they do not answer",
              f"add {result.current.id}: with one of {', '.join(o.id for o in result.current.options)}")
        return False
    if result.current.id != wanted:
        c.add(part.line_of("outcome"), wanted,
              f"{whose} now lead to '{result.current.id}', not '{wanted}'",
              f"if the guide changed on purpose, write outcome: {result.current.id}, "
              "and check the story and teaching points still hold")
        return False
    return True


def with_info(flow: Flow, answers: Answers) -> dict:
    """Answers plus "seen" for every information page: a scenario answers questions only."""
    return {**{n.id: (SEEN,) for n in flow.nodes.values() if isinstance(n, Info)}, **answers}


# ---------------------------------------------------------------- the comparison page
@dataclass(frozen=True)
class Row:
    """One question on either route: the learner's answer beside the expert's."""
    node: Question
    theirs: tuple[str, ...] | None   # None: not asked on the learner's route
    expert: tuple[str, ...] | None   # None: not asked on the expert's route

    @property
    def differs(self) -> bool:
        return self.theirs != self.expert


@dataclass(frozen=True)
class Comparison:
    scenario: Scenario
    rows: tuple[Row, ...]
    outcome: Outcome          # where the learner's answers led
    expert_outcome: Outcome
    mistakes: tuple[Mistake, ...]  # the listed mistakes the learner made

    @property
    def matches(self) -> bool:
        return not any(r.differs for r in self.rows) and self.outcome.id == self.expert_outcome.id

    @property
    def same_outcome(self) -> bool:
        return self.outcome.id == self.expert_outcome.id


def expert_walk(scenario: Scenario, flow: Flow) -> Walk:
    return walk(flow, with_info(flow, scenario.answers))


def compare(scenario: Scenario, flow: Flow, theirs: Walk) -> Comparison:
    """The learner's finished walk beside the expert's, question by question, in the
    expert's order, then any question only the learner was asked."""
    expert = expert_walk(scenario, flow)
    mine = {s.node.id: s.answer for s in theirs.route if isinstance(s.node, Question)}
    ideal = {s.node.id: s.answer for s in expert.route if isinstance(s.node, Question)}
    order = list(ideal) + [n for n in mine if n not in ideal]
    rows = tuple(Row(flow.nodes[n], mine.get(n), ideal.get(n)) for n in order)
    made = tuple(m for m in scenario.mistakes
                 if all(mine.get(node_id) == answer for node_id, answer in m.answers.items()))
    return Comparison(scenario, rows, theirs.current, expert.current, made)
