"""Content checks: the shape of each file, the graph of each flow, the evidence rules.

Every check reports a Problem naming file, line and node, with how to fix it, and
all problems are reported at once so an author can fix a file in one pass.
"""
from __future__ import annotations

import datetime as dt
import re

from .model import NEEDS_VERIFICATION, Checklist, Content, Flow, Info, Outcome, Question
from .yamlsource import LDict, LList, Problem, YamlError, display_path, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
NODE_TYPES = ("question", "checklist", "info", "outcome")
AUDIENCES = ("worker", "cps", "public")
TESTS = ("any", "all", "none")

# key -> (kind, required). Kinds: str, id, bool, date, strs, mapping, list, next, sources, ids
FLOW_KEYS = {
    "id": ("id", True), "title": ("str", True), "description": ("str", False),
    "start": ("id", True), "audience": ("str", False), "entry_points": ("bool", False),
    "nodes": ("mapping", True),
}
EVIDENCE_KEYS = {
    "sources": ("sources", True), "reviewed": ("date", True),
    "status": ("str", False), "verification_note": ("str", False),
}
NODE_KEYS = {
    "question": {"type": ("str", True), "text": ("str", True), "hint": ("str", False),
                 "options": ("list", True), "next": ("next", False)},
    "checklist": {"type": ("str", True), "text": ("str", True), "hint": ("str", False),
                  "options": ("list", True), "next": ("next", True)},
    "info": {"type": ("str", True), "text": ("str", True), "hint": ("str", False),
             "body": ("str", False), "next": ("next", True)},
    "outcome": {"type": ("str", True), "title": ("str", True), "summary": ("str", False),
                "steps": ("strs", True), "contacts": ("ids", False), "next_steps": ("strs", False),
                "do_not": ("strs", False), "record": ("strs", False), **EVIDENCE_KEYS},
}
# A `when:` rule needs words for the route maps' arrow; an `otherwise` may have them.
RULE_KEYS = {"when": ("mapping", True), "go": ("id", True), "label": ("str", False)}
OTHERWISE_KEYS = {"otherwise": ("id", True), "label": ("str", False)}
OPTION_KEYS = {"id": ("id", True), "label": ("str", True), "next": ("id", False),
               "exclusive": ("bool", False), "hint": ("str", False), "aliases": ("ids", False)}
# flows/evidence.yaml: the register of every phone number and legal or procedural claim.
EVIDENCE_FILE_KEYS = {"claims": ("mapping", True)}
CLAIM_KEYS = {"claim": ("str", True), "phone": ("str", False), "sources": ("sources", True),
              "status": ("str", False), "verification_note": ("str", False)}
# flows/blocks.yaml: paragraphs several outcomes share, written once.
BLOCKS_FILE_KEYS = {"blocks": ("mapping", True)}
BLOCK_KEYS = {"text": ("strs", True), "evidence": ("ids", False)}
SOURCE_KEYS = {"title", "url", "seen", "checked"}
BLOCK_FIELDS = ("steps", "next_steps", "do_not", "record")  # outcome lists that may use a block
CONTACT_KEYS = {"name": ("str", True), "phone": ("str", False), "hours": ("str", False),
                "description": ("str", False), "url": ("url", False), "email": ("str", False),
                **EVIDENCE_KEYS}
PLACE_KEYS = {"name": ("str", True), "name_cy": ("str", True), "url": ("url", False)}
FORCE_KEYS = {**PLACE_KEYS, "modern_slavery_url": ("url", False)}
AREA_KEYS = {**PLACE_KEYS, "police": ("id", True), "health_board": ("id", True),
             "phones": ("mapping", False), "urls": ("mapping", False)}
# The numbers an area may give, each confirmed on the council's own page and in the
# evidence register (tests/flows/test_contacts_yaml.py). Issue 16.
AREA_PHONE_KINDS = ("children", "children_out_of_hours", "adults", "adults_out_of_hours")
# The council's own page for each service, so a card links to the service and not to the
# council's home page (issue 16).
AREA_PAGE_KINDS = ("children", "adults")
CONTACTS_FILE_KEYS = {"contacts": ("mapping", True), "police_forces": ("mapping", False),
                      "health_boards": ("mapping", False), "areas": ("mapping", False),
                      "sources": ("sources", False), "reviewed": ("date", False)}

KIND_NAMES = {
    "str": "text", "id": "an id (lowercase letters, digits and hyphens)", "bool": "true or false",
    "date": "a date like 2026-11-29", "strs": "a list of texts", "mapping": "a mapping of id: ...",
    "list": "a list", "next": "a node id or a list of rules", "sources": "a list of {title, url}",
    "ids": "a list of ids", "url": "an https:// address",
}

# Built once: a 10,000-node flow calls these a hundred thousand times.
KIND_CHECKS = {
    "str": lambda v: isinstance(v, str) and v.strip() != "",
    "id": lambda v: isinstance(v, str) and bool(ID_PATTERN.match(v)),
    "bool": lambda v: isinstance(v, bool),
    "date": lambda v: isinstance(v, dt.date) and not isinstance(v, dt.datetime),
    "strs": lambda v: isinstance(v, LList) and all(_is_item(i) for i in v),
    "mapping": lambda v: isinstance(v, LDict),
    "list": lambda v: isinstance(v, LList) and len(v) > 0,
    "next": lambda v: isinstance(v, str) or isinstance(v, LList),
    "sources": lambda v: isinstance(v, LList) and len(v) > 0,
    "ids": lambda v: isinstance(v, LList) and all(isinstance(i, str) and ID_PATTERN.match(i) for i in v),
    "url": lambda v: isinstance(v, str) and v.startswith("https://"),
}


def _is_item(item) -> bool:
    """A list item in an outcome: text, or `block: ID` naming a shared block."""
    if isinstance(item, LDict):
        return set(item) == {"block"} and isinstance(item["block"], str) and bool(ID_PATTERN.match(item["block"]))
    return isinstance(item, str) and bool(item.strip())


def block_id(item) -> str | None:
    return str(item["block"]) if isinstance(item, LDict) and "block" in item else None


def open_checked(path, file_keys: dict, what: str):
    """Read one content file and check its top-level keys: (tree, Checker), the tree None
    when the file cannot be read or its top level is unusable (the Checker says why)."""
    c = Checker(display_path(path))
    try:
        tree = read_yaml(path)
    except YamlError as exc:
        c.problems.append(exc.problem)
        return None, c
    return (tree if c.mapping(tree, file_keys, "", what) else None), c


class Checker:
    """Collects problems for one file."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int, node: str, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.file, line, node, message, fix))

    def mapping(self, value, keys: dict, node: str, what: str) -> bool:
        """Check a mapping against a key spec; True if it is usable for building."""
        if not isinstance(value, LDict):
            self.add(getattr(value, "line", 0), node, f"{what} must be a mapping of key: value",
                     "see flows/README.md for the format")
            return False
        ok = True
        for key in value:
            if key not in keys:
                close = _closest(key, keys)
                self.add(value.line_of(key), node, f"unknown key '{key}' in {what}",
                         f"did you mean '{close}'?" if close else f"allowed keys: {', '.join(keys)}")
                ok = False
        for key, (kind, required) in keys.items():
            if key not in value or value[key] is None:
                if required:
                    self.add(value.line, node, f"{what} has no '{key}'", f"add '{key}:' ({KIND_NAMES[kind]})")
                    ok = False
                continue
            ok = self.kind(value[key], kind, node, f"'{key}'", value.line_of(key)) and ok
        return ok

    def kind(self, value, kind: str, node: str, what: str, line: int) -> bool:
        good = KIND_CHECKS[kind](value)
        if not good:
            shown = "a mapping" if isinstance(value, LDict) else "a list" if isinstance(value, LList) else repr(value)
            if isinstance(value, bool) and kind in ("str", "id"):
                fix = "quote it: bare yes/no/true/false are booleans in YAML"
            else:
                fix = f"write {KIND_NAMES[kind]}"
            self.add(line, node, f"{what} must be {KIND_NAMES[kind]}, not {shown[:60]}", fix)
        return good

    def evidence(self, value: LDict, node: str) -> None:
        for source in value.get("sources") or []:
            if not (isinstance(source, LDict) and isinstance(source.get("title"), str)
                    and isinstance(source.get("url"), str) and source["url"].startswith("https://")):
                self.add(getattr(source, "line", value.line_of("sources")), node,
                         "each source needs a title and an https:// url",
                         "write - title: ...\\n  url: https://...")
            elif set(source) - SOURCE_KEYS:
                self.add(source.line, node, f"unknown key in source: {', '.join(sorted(set(source) - SOURCE_KEYS))}",
                         "a source has title, url and optionally checked (a date)")
        status = value.get("status")
        if status is not None and status != NEEDS_VERIFICATION:
            self.add(value.line_of("status"), node, f"status must be '{NEEDS_VERIFICATION}', not {status!r}",
                     "remove status once the facts are confirmed")
        if status == NEEDS_VERIFICATION and not value.get("verification_note"):
            self.add(value.line_of("status"), node, "needs-verification without a verification_note",
                     "say exactly what is unconfirmed in verification_note")


def check_flow_tree(tree, file: str, stem: str, labels_required: bool = True) -> list[Problem]:
    """Shape checks on one flow file, before the model is built (`labels_required`:
    see loader.check_content, earlier_revision)."""
    c = Checker(file)
    if not c.mapping(tree, FLOW_KEYS, "", "the flow"):
        if not isinstance(tree, LDict) or not isinstance(tree.get("nodes"), LDict):
            return c.problems
    if isinstance(tree.get("id"), str) and tree["id"] != stem:
        c.add(tree.line_of("id"), "", f"the flow id '{tree['id']}' does not match the file name '{stem}.yaml'",
              f"rename the file or write id: {stem}")
    if tree.get("audience") is not None and tree.get("audience") not in AUDIENCES:
        c.add(tree.line_of("audience"), "", f"audience must be one of {', '.join(AUDIENCES)}")
    for node_id, node in (tree.get("nodes") or {}).items():
        line = tree["nodes"].line_of(node_id)
        if not ID_PATTERN.match(node_id):
            c.add(line, node_id, "a node id must be lowercase letters, digits and hyphens", "rename the node")
        if not isinstance(node, LDict):
            c.add(line, node_id, "a node must be a mapping with a type", "add type: question|checklist|info|outcome")
            continue
        node_type = node.get("type")
        if node_type not in NODE_TYPES:
            c.add(node.line_of("type"), node_id, f"unknown node type {node_type!r}",
                  f"use one of {', '.join(NODE_TYPES)}")
            continue
        c.mapping(node, NODE_KEYS[node_type], node_id, f"{'an' if node_type[0] in 'aeiou' else 'a'} {node_type} node")
        if node_type == "outcome":
            c.evidence(node, node_id)
        if node_type in ("question", "checklist") and isinstance(node.get("options"), LList):
            _check_options(c, node, node_id)
        if isinstance(node.get("next"), LList):
            _check_rules(c, node["next"], node_id, labels_required)
    return c.problems


def _check_options(c: Checker, node: LDict, node_id: str) -> None:
    seen: dict[str, int] = {}
    for option in node["options"]:
        if not c.mapping(option, OPTION_KEYS, node_id, "an option"):
            continue
        oid = option["id"]
        if oid in seen:
            c.add(option.line_of("id"), node_id, f"duplicate option id '{oid}' (first on line {seen[oid]})",
                  "give each option its own id")
        seen[oid] = option.line_of("id")
        for alias in option.get("aliases") or ():
            if alias in seen:
                c.add(option.line_of("aliases"), node_id, f"alias '{alias}' of '{oid}' is already an id or alias on line {seen[alias]}",
                      "an old id may stand for one answer only")
            seen[alias] = option.line_of("aliases")
        if node["type"] == "checklist" and "next" in option:
            c.add(option.line_of("next"), node_id, "checklist options cannot have their own next",
                  "route with a node-level next: list of rules")
        if node["type"] == "question" and "exclusive" in option:
            c.add(option.line_of("exclusive"), node_id, "exclusive only applies to checklist options",
                  "remove exclusive")
    if node["type"] == "checklist" and not any(o.get("exclusive") is True for o in node["options"] if isinstance(o, LDict)):
        c.add(node.line_of("options"), node_id, "a checklist needs an exclusive option such as 'None of these'",
              "add an option with exclusive: true")


def _check_rules(c: Checker, rules: LList, node_id: str, labels_required: bool = True) -> None:
    for i, rule in enumerate(rules):
        line = getattr(rule, "line", rules.line)
        last = i == len(rules) - 1
        if isinstance(rule, LDict) and "otherwise" in rule and "when" not in rule and "go" not in rule:
            if not c.mapping(rule, OTHERWISE_KEYS, node_id, "an 'otherwise' rule"):
                continue
            if not last:
                c.add(line, node_id, "'otherwise' must be the last rule", "move it to the end; later rules never apply")
            continue
        if not c.mapping(rule, RULE_KEYS, node_id, "a rule"):
            continue
        if rule.get("label") is None and labels_required:
            # Both route maps draw every rule as an arrow; without words the arrow would
            # show answer ids ("role any police, home-office") that no reader can use.
            c.add(line, node_id, f"the rule that goes to '{rule['go']}' has no label",
                  "add label: the rule in a few words for the route map's arrow, "
                  'e.g. label: "Under 18, or not sure"')
        for ref, tests in rule["when"].items():
            if not c.mapping(tests, {t: ("ids", False) for t in TESTS}, node_id, f"the test on '{ref}'"):
                continue
            if not tests:
                c.add(tests.line, node_id, f"the test on '{ref}' is empty", "use any:, all: or none: with option ids")
    has_fallback = bool(rules) and isinstance(rules[-1], LDict) and "otherwise" in rules[-1]
    if not has_fallback:
        c.add(rules.line, node_id, "the rules have no fallback", "end the list with - otherwise: NODE-ID")


def check_contacts_tree(tree, file: str) -> list[Problem]:
    c = Checker(file)
    if not c.mapping(tree, CONTACTS_FILE_KEYS, "", "the contacts file"):
        if not isinstance(tree, LDict):
            return c.problems
    for section, keys in (("contacts", CONTACT_KEYS), ("police_forces", FORCE_KEYS),
                          ("health_boards", PLACE_KEYS), ("areas", AREA_KEYS)):
        entries = tree.get(section)
        if not isinstance(entries, LDict):
            continue
        for entry_id, entry in entries.items():
            if not ID_PATTERN.match(entry_id):
                c.add(entries.line_of(entry_id), entry_id, "an id must be lowercase letters, digits and hyphens")
            c.mapping(entry, keys, entry_id, f"an entry in {section}")
            if section == "contacts" and isinstance(entry, LDict):
                c.evidence(entry, entry_id)
    areas = tree.get("areas") if isinstance(tree.get("areas"), LDict) else {}
    for area_id, area in areas.items():
        if not isinstance(area, LDict):
            continue
        phones = area.get("phones")
        if isinstance(phones, LDict):
            for kind, number in phones.items():
                if kind not in AREA_PHONE_KINDS:
                    c.add(phones.line_of(kind), area_id, f"unknown phone kind '{kind}'",
                          f"use one of: {', '.join(AREA_PHONE_KINDS)}")
                elif not isinstance(number, str) or not re.fullmatch(r"[0-9 ]{3,20}", number):
                    c.add(phones.line_of(kind), area_id, f"phones/{kind} must be a quoted number",
                          'write it in quotes, digits and spaces only, e.g. "01234 567890"')
        pages = area.get("urls")
        if isinstance(pages, LDict):
            for kind, url in pages.items():
                if kind not in AREA_PAGE_KINDS:
                    c.add(pages.line_of(kind), area_id, f"unknown page kind '{kind}'",
                          f"use one of: {', '.join(AREA_PAGE_KINDS)}")
                elif not isinstance(url, str) or not url.startswith("https://"):
                    c.add(pages.line_of(kind), area_id, f"urls/{kind} must be an https:// address",
                          "give the full address of the council's page, starting https://")
        for key, section in (("police", "police_forces"), ("health_board", "health_boards")):
            known = tree.get(section) or {}
            if isinstance(area.get(key), str) and area[key] not in known:
                c.add(area.line_of(key), area_id, f"{key} '{area[key]}' is not in {section}",
                      f"use one of: {', '.join(known) or 'none defined'}")
    return c.problems


def check_evidence_tree(tree, file: str) -> list[Problem]:
    """flows/evidence.yaml: every claim has sources with a title, an https URL and the
    date a person checked it."""
    c = Checker(file)
    if not c.mapping(tree, EVIDENCE_FILE_KEYS, "", "the evidence register") or not isinstance(tree.get("claims"), LDict):
        return c.problems
    claims = tree["claims"]
    for claim_id, claim in claims.items():
        if not ID_PATTERN.match(claim_id):
            c.add(claims.line_of(claim_id), claim_id, "a claim id must be lowercase letters, digits and hyphens", "rename it")
        if not c.mapping(claim, CLAIM_KEYS, claim_id, "a claim"):
            continue
        c.evidence(claim, claim_id)
        for source in claim["sources"]:
            if isinstance(source, LDict) and not KIND_CHECKS["date"](source.get("checked")):
                c.add(source.line, claim_id, "each source needs the date it was checked",
                      "add checked: YYYY-MM-DD (the day a person read the page for this claim)")
    return c.problems


def check_blocks_tree(tree, file: str, claims: dict) -> list[Problem]:
    """flows/blocks.yaml: each block is a list of texts; `evidence:` names register claims."""
    c = Checker(file)
    if not c.mapping(tree, BLOCKS_FILE_KEYS, "", "the blocks file") or not isinstance(tree.get("blocks"), LDict):
        return c.problems
    blocks = tree["blocks"]
    for bid, block in blocks.items():
        if not ID_PATTERN.match(bid):
            c.add(blocks.line_of(bid), bid, "a block id must be lowercase letters, digits and hyphens", "rename it")
        if not c.mapping(block, BLOCK_KEYS, bid, "a block"):
            continue
        if any(isinstance(i, LDict) for i in block["text"]):
            c.add(block.line_of("text"), bid, "a block cannot use another block", "write the text out")
        for claim in block.get("evidence") or ():
            if claim not in claims:
                c.add(block.line_of("evidence"), bid, f"claim '{claim}' is not in evidence.yaml", _suggest(claim, claims))
    return c.problems


def check_block_refs(tree, file: str, blocks: dict) -> list[Problem]:
    """Every `- block: ID` in a flow names a block in blocks.yaml."""
    c = Checker(file)
    for node_id, node in tree["nodes"].items():
        for key in BLOCK_FIELDS:
            for item in node.get(key) or ():
                ref = block_id(item)
                if ref is not None and ref not in blocks:
                    fix = _suggest(ref, blocks) if blocks else "add flows/blocks.yaml with this block (see flows/README.md)"
                    c.add(item.line, node_id, f"block '{ref}' is not in flows/blocks.yaml", fix)
    return c.problems


def unused_blocks(blocks_tree, file: str, used: set[str]) -> list[Problem]:
    c = Checker(file)
    for bid in blocks_tree["blocks"]:
        if bid not in used:
            c.add(blocks_tree["blocks"].line_of(bid), bid, "no outcome uses this block",
                  f"use it in an outcome list as '- block: {bid}', or delete it")
    return c.problems


def check_flow_graph(flow: Flow, contacts: dict | None) -> list[Problem]:
    """Routing checks on a built flow: every route must end at an outcome."""
    c = Checker(flow.file)
    nodes = flow.nodes
    if flow.start not in nodes:
        c.add(0, "", f"start '{flow.start}' is not a node", _suggest(flow.start, nodes))
    elif flow.entry_points and type(nodes[flow.start]) is not Question:
        c.add(0, "", "entry_points needs the start node to be a question (one answer)",
              "remove entry_points or start with a question such as the user's role")

    def target(line: int, node_id: str, go: str, what: str) -> None:
        if go not in nodes:
            c.add(line, node_id, f"{what} goes to '{go}', which does not exist", _suggest(go, nodes))

    for node in nodes.values():
        if isinstance(node, Question):
            for option in node.options:
                if option.next:
                    target(node.line, node.id, option.next, f"option '{option.id}'")
            if not isinstance(node, Checklist):
                with_next = [o.id for o in node.options if o.next]
                if node.rules and with_next:
                    c.add(node.line, node.id, "has both a node-level next and next on options",
                          "use one way to route this question")
                elif not node.rules and len(with_next) < len(node.options):
                    missing = [o.id for o in node.options if not o.next]
                    c.add(node.line, node.id, f"option(s) {', '.join(missing)} go nowhere",
                          "add next: to each option, or a node-level next")
        if isinstance(node, (Question, Info)):
            for rule in node.rules:
                target(rule.line or node.line, node.id, rule.go, "a rule")
                for cond in rule.conditions:
                    ref = nodes.get(cond.node)
                    if not isinstance(ref, Question):
                        c.add(rule.line or node.line, node.id, f"a rule tests '{cond.node}', which is not a question or checklist",
                              _suggest(cond.node, {k: v for k, v in nodes.items() if isinstance(v, Question)}))
                        continue
                    old_ids = {a: o.id for o in ref.options for a in o.aliases}
                    for alias in sorted(cond.values & set(old_ids)):
                        c.add(rule.line or node.line, node.id, f"a rule tests '{cond.node}' for '{alias}', the old id of '{old_ids[alias]}'",
                              f"test the current id '{old_ids[alias]}'")
                    unknown = sorted(cond.values - {o.id for o in ref.options} - set(old_ids))
                    if unknown:
                        c.add(rule.line or node.line, node.id, f"a rule tests '{cond.node}' for unknown option(s) {', '.join(unknown)}",
                              f"options of {cond.node}: {', '.join(o.id for o in ref.options)}")
        if isinstance(node, Outcome) and contacts is not None:  # None: contacts.yaml is broken
            for contact in node.contacts:
                if contact not in contacts:
                    c.add(node.line, node.id, f"contact '{contact}' is not in contacts.yaml", _suggest(contact, contacts))
    if c.problems:
        return c.problems  # reachability and cycles are meaningless with dangling edges

    edges = {nid: successors(node) for nid, node in nodes.items()}
    reachable, stack = set(), [flow.start]
    while stack:
        nid = stack.pop()
        if nid not in reachable:
            reachable.add(nid)
            stack.extend(edges[nid])
    for nid, node in nodes.items():
        if nid not in reachable:
            c.add(node.line, nid, "no route reaches this node", "route to it from another node, or delete it")
    cycle = _find_cycle(flow.start, edges)
    if cycle:
        c.add(nodes[cycle[0]].line, cycle[0], f"routes go round in a loop: {' -> '.join(cycle)}",
              "answers are kept per node, so a route may pass through a node only once; route forward instead")
    return c.problems


def successors(node) -> list[str]:
    if isinstance(node, Outcome):
        return []
    found = [r.go for r in node.rules]
    if isinstance(node, Question):
        found += [o.next for o in node.options if o.next]
    return list(dict.fromkeys(found))


def _find_cycle(start: str, edges: dict[str, list[str]]) -> list[str] | None:
    """The first loop a depth-first walk from `start` meets, as a list of node ids.

    Iterative, with its own stack: a long flow (thousands of steps in a row) would
    exceed Python's recursion limit and crash the validator instead of checking.
    """
    state: dict[str, int] = {start: 1}  # 1 = on the current path, 2 = done
    path: list[str] = [start]
    pending = [iter(edges[start])]  # the successors still to visit, per node on the path
    while pending:
        for nxt in pending[-1]:
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                pending.append(iter(edges[nxt]))
                break
        else:
            pending.pop()
            state[path.pop()] = 2
    return None


def notices(content: Content) -> list[Problem]:
    """Needs-verification items: not errors, but every one must be listed for reviewers."""
    found = []
    for contact in content.contacts.values():
        if contact.evidence.needs_verification:
            found.append(Problem(contact.file, contact.line, contact.id,
                                 f"needs verification: {contact.evidence.verification_note}"))
    for flow in content.flows.values():
        for node in flow.outcomes:
            if node.evidence.needs_verification:
                found.append(Problem(flow.file, node.line, node.id,
                                     f"needs verification: {node.evidence.verification_note}"))
    for claim in content.claims.values():
        if claim.needs_verification:
            found.append(Problem(claim.file, claim.line, claim.id, f"needs verification: {claim.verification_note}"))
    if content.reference is not None:
        for section in content.reference.needs_verification:
            found.append(Problem(content.reference.file, section.line, section.id,
                                 f"needs verification: {section.verification_note}"))
    return found


def _closest(word: str, choices) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _suggest(word: str, choices) -> str:
    close = _closest(word, choices)
    return f"did you mean '{close}'?" if close else "check the id"
