"""Read the content folder into the model, or say everything that is wrong with it.

`load_content` is the one way in: it either returns a complete, valid Content or raises
ContentError listing every problem, so the app never serves half of a broken guide.
"""
from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from . import validate
from .model import (Area, Checklist, Condition, Contact, Content, Evidence, Flow, Info, Option,
                    Outcome, Place, Question, Rule, Source)
from .printing.content import PRINT_TEXT, check_print_text
from .reference import REFERENCE_PATH, check_reference
from .yamlsource import LDict, Problem, YamlError, display_path, read_yaml

CONTACTS_FILE = "contacts.yaml"
CHANGELOG_FILE = "CHANGELOG.md"
VERSION_HEADING = re.compile(r"^##\s+\[?(\d+\.\d+(?:\.\d+)?)\]?", re.MULTILINE)


class ContentError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"The content is not valid ({count}):\n" + "\n".join(str(p) for p in problems))


def load_content(folder: Path) -> Content:
    content, problems = check_content(folder)
    if problems:
        raise ContentError(problems)
    return content


def check_content(folder: Path, only: list[Path] | None = None) -> tuple[Content | None, list[Problem]]:
    """Load and validate; returns the content (None if unusable) and every problem."""
    with _no_gc_pauses():
        return _check_content(Path(folder), only)


@contextmanager
def _no_gc_pauses():
    """Loading allocates hundreds of thousands of objects and frees almost none, so each
    automatic collection rescans an ever larger heap for nothing: with 10,000 nodes that
    made loading several times slower than the parsing itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_content(folder: Path, only: list[Path] | None) -> tuple[Content | None, list[Problem]]:
    problems: list[Problem] = []
    contacts_tree = _read(folder / CONTACTS_FILE, problems, root="contacts")
    contacts_ok = False
    if contacts_tree is not None:
        found = validate.check_contacts_tree(contacts_tree, display_path(folder / CONTACTS_FILE))
        problems += found
        contacts_ok = not found
    contacts_file = display_path(folder / CONTACTS_FILE)
    contacts, forces, boards, areas = build_contacts(contacts_tree, contacts_file) if contacts_ok else ({}, {}, {}, {})

    flows = {}
    flow_files = only or sorted(p for p in folder.glob("*.yaml") if p.name != CONTACTS_FILE)
    for path in flow_files:
        tree = _read(path, problems)
        if tree is None:
            continue
        found = validate.check_flow_tree(tree, display_path(path), path.stem)
        problems += found
        if found:
            continue
        # Each well-formed flow gets its graph checked even when another file is broken,
        # so that one run shows every problem.
        flow = build_flow(tree, display_path(path))
        problems += validate.check_flow_graph(flow, contacts if contacts_ok else None)
        flows[flow.id] = flow
    reference = None
    if not only and (folder / REFERENCE_PATH).exists():
        reference, found = check_reference(folder)
        problems += found
    print_text = None
    if not only and (folder / PRINT_TEXT).exists():
        print_text, found = check_print_text(folder, contacts if contacts_ok else None)
        problems += found
    if not flows and not only:
        problems.append(Problem(display_path(folder), 0, "", "there are no flow files", "add a flow, see flows/README.md"))
    content = Content(flows=flows, contacts=contacts, areas=areas, police_forces=forces,
                      health_boards=boards, version=read_version(folder), reference=reference,
                      print_text=print_text)
    content = replace(content, notices=tuple(validate.notices(content)))
    return (None if problems else content), problems


def read_version(folder: Path) -> str:
    """The guide version: the newest `## x.y.z` heading of flows/CHANGELOG.md."""
    path = Path(folder) / CHANGELOG_FILE
    if not path.exists():
        return "unversioned"
    match = VERSION_HEADING.search(path.read_text(encoding="utf-8"))
    return match.group(1) if match else "unversioned"


def _read(path: Path, problems: list[Problem], root: str | None = None):
    try:
        return read_yaml(path, root)
    except YamlError as exc:
        problems.append(exc.problem)
        return None


def build_flow(tree: LDict, file: str) -> Flow:
    nodes = {}
    for node_id, raw in tree["nodes"].items():
        nodes[node_id] = _build_node(node_id, raw, file, tree["nodes"].line_of(node_id))
    return Flow(id=str(tree["id"]), file=file, title=tree["title"], description=tree.get("description"),
                start=str(tree["start"]), nodes=nodes, audience=str(tree.get("audience") or "worker"),
                entry_points=bool(tree.get("entry_points", False)))


def _build_node(node_id: str, raw: LDict, file: str, line: int):
    kind = raw["type"]
    common = dict(id=node_id, line=line, file=file)
    if kind == "outcome":
        return Outcome(**common, title=raw["title"], summary=raw.get("summary"),
                       steps=tuple(raw["steps"]), contacts=tuple(str(c) for c in raw.get("contacts") or ()),
                       next_steps=tuple(raw.get("next_steps") or ()), do_not=tuple(raw.get("do_not") or ()),
                       record=tuple(raw.get("record") or ()), evidence=build_evidence(raw))
    rules = build_rules(raw.get("next"))
    if kind == "info":
        return Info(**common, text=raw["text"], hint=raw.get("hint"), body=raw.get("body"), rules=rules)
    options = tuple(
        Option(id=str(o["id"]), label=o["label"], next=str(o["next"]) if o.get("next") else None,
               exclusive=bool(o.get("exclusive", False)), hint=o.get("hint"))
        for o in raw["options"]
    )
    cls = Checklist if kind == "checklist" else Question
    return cls(**common, text=raw["text"], hint=raw.get("hint"), options=options, rules=rules)


def build_rules(raw) -> tuple[Rule, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (Rule(go=str(raw), line=getattr(raw, "line", 0)),)
    rules = []
    for item in raw:
        if "otherwise" in item:
            rules.append(Rule(go=str(item["otherwise"]), line=item.line))
            continue
        conditions = tuple(
            Condition(node=str(ref), test=test, values=frozenset(str(v) for v in values))
            for ref, tests in item["when"].items()
            for test, values in tests.items()
        )
        rules.append(Rule(go=str(item["go"]), conditions=conditions, line=item.line))
    return tuple(rules)


def build_evidence(raw: LDict) -> Evidence:
    return Evidence(
        sources=tuple(Source(title=str(s["title"]), url=str(s["url"])) for s in raw["sources"]),
        reviewed=raw["reviewed"], status=str(raw.get("status") or ""),
        verification_note=raw.get("verification_note"),
    )


def build_contacts(tree: LDict, file: str):
    contacts = {
        cid: Contact(id=cid, name=c["name"], evidence=build_evidence(c), phone=_opt(c, "phone"),
                     hours=c.get("hours"), description=c.get("description"), url=_opt(c, "url"),
                     email=_opt(c, "email"), line=tree["contacts"].line_of(cid), file=file)
        for cid, c in tree["contacts"].items()
    }
    places = lambda key: {pid: Place(id=pid, name=str(p["name"]), name_cy=str(p["name_cy"]), url=_opt(p, "url"))
                          for pid, p in (tree.get(key) or {}).items()}
    areas = {aid: Area(id=aid, name=str(a["name"]), name_cy=str(a["name_cy"]), url=_opt(a, "url"),
                       police=str(a["police"]), health_board=str(a["health_board"]))
             for aid, a in (tree.get("areas") or {}).items()}
    return contacts, places("police_forces"), places("health_boards"), areas


def _opt(raw: LDict, key: str) -> str | None:
    value = raw.get(key)
    return str(value) if value is not None else None
