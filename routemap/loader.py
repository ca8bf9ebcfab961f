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
from .model import (Area, Checklist, Claim, Condition, Contact, Content, Evidence, Flow, Info, Option,
                    Outcome, Force, Place, Question, Rule, Source)
from .practice import PRACTICE_DIR, check_practice
from .printing.content import PRINT_TEXT, check_print_text
from .printing.referral import check_referral
from .reference import REFERENCE_PATH, check_reference
from .search_terms import SEARCH_TERMS_PATH, check_search_terms
from .yamlsource import LDict, Problem, YamlError, display_path, read_yaml

CONTACTS_FILE = "contacts.yaml"
BLOCKS_FILE = "blocks.yaml"  # paragraphs several outcomes share, written once
EVIDENCE_FILE = "evidence.yaml"  # the register of phone numbers and claims, with sources
NOT_FLOWS = {CONTACTS_FILE, BLOCKS_FILE, EVIDENCE_FILE}
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


def check_content(folder: Path, only: list[Path] | None = None, *,
                  earlier_revision: bool = False) -> tuple[Content | None, list[Problem]]:
    """Load and validate; returns the content (None if unusable) and every problem.

    `earlier_revision`: the content of an older git revision, read for a change report.
    It was valid for the software of its day, so keys added to the schema since that only
    change how things are displayed (rule labels, the chart's flow) may be missing."""
    with _no_gc_pauses():
        return _check_content(Path(folder), only, earlier_revision)


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


def _check_content(folder: Path, only: list[Path] | None,
                   earlier_revision: bool = False) -> tuple[Content | None, list[Problem]]:
    problems: list[Problem] = []
    contacts_tree = _read(folder / CONTACTS_FILE, problems, root="contacts")
    contacts_ok = False
    if contacts_tree is not None:
        found = validate.check_contacts_tree(contacts_tree, display_path(folder / CONTACTS_FILE))
        problems += found
        contacts_ok = not found
    contacts_file = display_path(folder / CONTACTS_FILE)
    contacts, forces, boards, areas = build_contacts(contacts_tree, contacts_file) if contacts_ok else ({}, {}, {}, {})

    claims = _claims(folder, problems)
    blocks, blocks_tree = _blocks(folder, problems, claims)

    flows = {}
    used_blocks: set[str] = set()
    flow_files = only or sorted(p for p in folder.glob("*.yaml") if p.name not in NOT_FLOWS)
    for path in flow_files:
        tree = _read(path, problems)
        if tree is None:
            continue
        found = validate.check_flow_tree(tree, display_path(path), path.stem,
                                         labels_required=not earlier_revision)
        found = found or validate.check_block_refs(tree, display_path(path), blocks)
        problems += found
        if found:
            continue
        # Each well-formed flow gets its graph checked even when another file is broken,
        # so that one run shows every problem.
        flow = build_flow(tree, display_path(path), blocks)
        problems += validate.check_flow_graph(flow, contacts if contacts_ok else None)
        flows[flow.id] = flow
        used_blocks |= {b for o in flow.outcomes for b in o.blocks}
    if blocks_tree is not None and not only:
        problems += validate.unused_blocks(blocks_tree, display_path(folder / BLOCKS_FILE), used_blocks)
    reference = None
    if not only and (folder / REFERENCE_PATH).exists():
        reference, found = check_reference(folder)
        problems += found
    if not only and (folder / SEARCH_TERMS_PATH).exists():
        problems += check_search_terms(folder)[1]  # the CPS search loads it; report it here too
    print_text = None
    if not only and (folder / PRINT_TEXT).exists():
        print_text, found = check_print_text(folder, contacts if contacts_ok else None,
                                             {p.stem for p in flow_files},
                                             earlier_revision=earlier_revision)
        problems += found
        problems += check_referral(print_text, flows, claims, display_path(folder / PRINT_TEXT))
    practice = {}
    if not only and (folder / PRACTICE_DIR).is_dir():
        # Checked against the flows as loaded: a flow file that did not load has said why.
        broken = frozenset(p.stem for p in flow_files) - set(flows)
        practice, found = check_practice(folder, flows, claims, broken)
        problems += found
    if not flows and not only:
        problems.append(Problem(display_path(folder), 0, "", "there are no flow files", "add a flow, see flows/README.md"))
    content = Content(flows=flows, contacts=contacts, areas=areas, police_forces=forces,
                      health_boards=boards, version=read_version(folder), reference=reference,
                      blocks=blocks, claims=claims, print_text=print_text,
                      practice=practice)
    content = replace(content, notices=tuple(validate.notices(content)))
    return (None if problems else content), problems


def _claims(folder: Path, problems: list[Problem]) -> dict[str, Claim]:
    """The evidence register, if the folder has one (test fixtures may not)."""
    path = folder / EVIDENCE_FILE
    if not path.exists():
        return {}
    tree = _read(path, problems)
    if tree is None:
        return {}
    found = validate.check_evidence_tree(tree, display_path(path))
    problems += found
    if found:
        return {}
    return {cid: Claim(id=cid, claim=str(c["claim"]), phone=_opt(c, "phone"),
                       sources=tuple(_source(s) for s in c["sources"]), status=str(c.get("status") or ""),
                       verification_note=_opt(c, "verification_note"), line=tree["claims"].line_of(cid),
                       file=display_path(path))
            for cid, c in tree["claims"].items()}


def _blocks(folder: Path, problems: list[Problem], claims: dict):
    """The shared blocks (id -> tuple of texts) and their tree, if the folder has them."""
    path = folder / BLOCKS_FILE
    if not path.exists():
        return {}, None
    tree = _read(path, problems)
    if tree is None:
        return {}, None
    found = validate.check_blocks_tree(tree, display_path(path), claims)
    problems += found
    if found:
        return {}, None
    return {bid: tuple(b["text"]) for bid, b in tree["blocks"].items()}, tree


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


def build_flow(tree: LDict, file: str, blocks: dict | None = None) -> Flow:
    nodes = {}
    for node_id, raw in tree["nodes"].items():
        nodes[node_id] = _build_node(node_id, raw, file, tree["nodes"].line_of(node_id), blocks or {})
    return Flow(id=str(tree["id"]), file=file, title=tree["title"], description=tree.get("description"),
                start=str(tree["start"]), nodes=nodes, audience=str(tree.get("audience") or "worker"),
                entry_points=bool(tree.get("entry_points", False)))


def _build_node(node_id: str, raw: LDict, file: str, line: int, blocks: dict):
    kind = raw["type"]
    common = dict(id=node_id, line=line, file=file)
    if kind == "outcome":
        used = tuple(dict.fromkeys(validate.block_id(i) for key in validate.BLOCK_FIELDS
                                   for i in raw.get(key) or () if validate.block_id(i)))

        def items(key):
            # A `- block: ID` item stands for the block's texts, which keep their own
            # line and path in blocks.yaml: one string to translate, wherever it is used.
            return tuple(t for i in raw.get(key) or ()
                         for t in (blocks[validate.block_id(i)] if validate.block_id(i) else (i,)))
        return Outcome(**common, title=raw["title"], summary=raw.get("summary"),
                       steps=items("steps"), contacts=tuple(str(c) for c in raw.get("contacts") or ()),
                       next_steps=items("next_steps"), do_not=items("do_not"),
                       record=items("record"), evidence=build_evidence(raw), blocks=used)
    rules = build_rules(raw.get("next"))
    if kind == "info":
        return Info(**common, text=raw["text"], hint=raw.get("hint"), body=raw.get("body"), rules=rules)
    options = tuple(
        Option(id=str(o["id"]), label=o["label"], next=str(o["next"]) if o.get("next") else None,
               exclusive=bool(o.get("exclusive", False)), hint=o.get("hint"),
               aliases=tuple(str(a) for a in o.get("aliases") or ()))
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
            rules.append(Rule(go=str(item["otherwise"]), line=item.line, label=item.get("label")))
            continue
        conditions = tuple(
            Condition(node=str(ref), test=test, values=frozenset(str(v) for v in values))
            for ref, tests in item["when"].items()
            for test, values in tests.items()
        )
        rules.append(Rule(go=str(item["go"]), conditions=conditions, line=item.line, label=item.get("label")))
    return tuple(rules)


def _source(raw: LDict) -> Source:
    return Source(title=str(raw["title"]), url=str(raw["url"]), checked=raw.get("checked"))


def build_evidence(raw: LDict) -> Evidence:
    return Evidence(
        sources=tuple(_source(s) for s in raw["sources"]),
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
                       police=str(a["police"]), health_board=str(a["health_board"]),
                       phones=tuple((str(k), str(v)) for k, v in (a.get("phones") or {}).items()),
                       urls=tuple((str(k), str(v)) for k, v in (a.get("urls") or {}).items()))
             for aid, a in (tree.get("areas") or {}).items()}
    forces = {fid: Force(id=fid, name=str(f["name"]), name_cy=str(f["name_cy"]), url=_opt(f, "url"),
                         modern_slavery_url=_opt(f, "modern_slavery_url"))
              for fid, f in (tree.get("police_forces") or {}).items()}
    return contacts, forces, places("health_boards"), areas


def _opt(raw: LDict, key: str) -> str | None:
    value = raw.get(key)
    return str(value) if value is not None else None
