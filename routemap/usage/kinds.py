"""Which answers mean which kind of exploitation: flows/usage/exploitation.yaml.

The kinds come from the content, not from code: the file names, for each flow, the
question whose answers say the kind, and maps every one of its answers to a kind (or to
`not-counted`). When a flow's options change, the check below names the file, the line
and what to add or remove, and the app does not start until the file agrees with the
flows, so the figures never silently stop counting a kind.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model import Content, Question
from ..validate import ID_PATTERN
from ..yamlsource import LDict, LStr, Problem, YamlError, display_path, read_yaml

FILE = Path("usage") / "exploitation.yaml"  # inside the flows folder
NOT_COUNTED = "not-counted"


@dataclass(frozen=True)
class Kind:
    id: str
    label: LStr  # translated like any content string (its path is the gettext context)


@dataclass(frozen=True)
class Kinds:
    kinds: dict[str, Kind]
    # flow id -> (node id, {option id: kind id or NOT_COUNTED})
    answers: dict[str, tuple[str, dict[str, str]]]

    def of(self, flow_id: str, answers) -> list[str]:
        """The kinds named by a route's answers, once each, in the file's order."""
        if flow_id not in self.answers:
            return []
        node_id, mapping = self.answers[flow_id]
        named = {mapping.get(option) for option in answers.get(node_id, ())}
        return [kind for kind in self.kinds if kind in named]


EMPTY = Kinds({}, {})


def load_kinds(flows_dir: Path, content: Content) -> tuple[Kinds, list[Problem]]:
    """The mapping and every problem with it; a folder without the file maps nothing."""
    path = Path(flows_dir) / FILE
    if not path.exists():
        return EMPTY, []
    try:
        tree = read_yaml(path)
    except YamlError as exc:
        return EMPTY, [exc.problem]
    name = display_path(path)
    problems: list[Problem] = []

    def problem(line, node, message, fix=""):
        problems.append(Problem(name, line, node, message, fix))

    if not isinstance(tree, LDict) or set(tree) != {"kinds", "answers"}:
        problem(getattr(tree, "line", 1), "", "the file must have exactly two keys, kinds and answers",
                "see the comment at the top of the file")
        return EMPTY, problems
    kinds = {}
    raw_kinds, raw_answers = tree["kinds"], tree["answers"]
    if not isinstance(raw_kinds, LDict) or not raw_kinds:
        problem(tree.line_of("kinds"), "kinds", "kinds must map each kind's id to its label")
        raw_kinds = LDict()
    for kind_id, entry in raw_kinds.items():
        line = raw_kinds.line_of(kind_id)
        if not ID_PATTERN.match(str(kind_id)) or kind_id == NOT_COUNTED:
            problem(line, kind_id, f"'{kind_id}' is not a usable kind id",
                    f"use lower-case letters, digits and hyphens, not '{NOT_COUNTED}'")
        elif not isinstance(entry, LDict) or set(entry) != {"label"} or not isinstance(entry["label"], LStr):
            problem(line, kind_id, "a kind has exactly one key, label, with its English name")
        else:
            kinds[kind_id] = Kind(kind_id, entry["label"])

    answers = {}
    if not isinstance(raw_answers, LDict):
        problem(tree.line_of("answers"), "answers", "answers must map flow ids to one question each")
        raw_answers = LDict()
    for flow_id, by_node in raw_answers.items():
        line = raw_answers.line_of(flow_id)
        flow = content.flows.get(flow_id)
        if flow is None:
            problem(line, flow_id, f"there is no flow '{flow_id}'",
                    f"use one of: {', '.join(sorted(content.flows))}")
            continue
        if not isinstance(by_node, LDict) or len(by_node) != 1:
            problem(line, flow_id, "name exactly one question of the flow, with its answers under it")
            continue
        (node_id, mapping), = by_node.items()
        node_line = by_node.line_of(node_id)
        node = flow.nodes.get(node_id)
        if not isinstance(node, Question):
            problem(node_line, f"{flow_id}/{node_id}", f"'{node_id}' is not a question or checklist of {flow_id}",
                    "name the question that asks the kind of exploitation")
            continue
        if not isinstance(mapping, LDict):
            problem(node_line, f"{flow_id}/{node_id}", "map each answer id to a kind")
            continue
        options = [o.id for o in node.options]
        found = {}
        for option_id, kind_id in mapping.items():
            where = f"{flow_id}/{node_id}/{option_id}"
            option_line = mapping.line_of(option_id)
            if option_id not in options:
                problem(option_line, where, f"'{option_id}' is not an answer of {flow_id}/{node_id}",
                        f"its answers are: {', '.join(options)}")
            elif kind_id != NOT_COUNTED and kind_id not in kinds:
                problem(option_line, where, f"'{kind_id}' is not a kind listed under kinds",
                        f"use one of: {', '.join([*kinds, NOT_COUNTED])}")
            else:
                found[option_id] = str(kind_id)
        missing = [o for o in options if o not in mapping]
        if missing:
            problem(node_line, f"{flow_id}/{node_id}", f"answers not mapped: {', '.join(missing)}",
                    f"map each to a kind or to {NOT_COUNTED}")
        answers[flow_id] = (node_id, found)
    return Kinds(kinds, answers), problems
