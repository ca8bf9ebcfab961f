"""The CPS reference guide: flows/cps/reference.yaml read into immutable sections.

Prosecutors rely on this text, so the loader is strict: every section must carry a
citation, https sources and a review date, and anything awaiting confirmation must say
what is to be checked. All problems are reported at once, each as
`flows/cps/reference.yaml:LINE: section-id: what is wrong (how to fix)`.

A section may list `entries:` (each `{id, text, keywords?, keywords_cy?}`) for a long
list a reader looks up item by item, such as the offences in Schedule 4: each entry gets
its own anchor on the guide page and is its own search result. `text` is translated like
the rest (context `reference/sections/<section>/entries/<entry>/text`); keywords are
search terms in English and Welsh.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from .model import NEEDS_VERIFICATION, Source, Text
from .validate import Checker, open_checked
from .yamlsource import LDict, Problem, display_path

REFERENCE_PATH = Path("cps") / "reference.yaml"  # relative to the flows folder

# Raw HTML is never rendered; refuse it here so authors learn at validation time.
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
FILE_KEYS = {"sections": ("list", True)}
SECTION_KEYS = {
    "id": ("id", True), "parent": ("id", False), "title": ("str", True), "citation": ("str", True),
    "body": ("str", True), "sources": ("sources", True), "reviewed": ("date", True),
    "status": ("str", False), "verification_note": ("str", False),
    "keywords": ("strs", False), "keywords_cy": ("strs", False), "entries": ("list", False),
}
# One item of a long list inside a section (e.g. each offence in Schedule 4): shown with
# its own anchor and found by search as a result of its own.
ENTRY_KEYS = {"id": ("id", True), "text": ("str", True),
              "keywords": ("strs", False), "keywords_cy": ("strs", False)}


@dataclass(frozen=True)
class Entry:
    id: str  # also its anchor on the guide page, so unique across sections and entries
    text: Text  # Markdown, one line or a short paragraph; context .../entries/<id>/text
    keywords: tuple[str, ...] = ()
    keywords_cy: tuple[str, ...] = ()
    line: int = 0

    @property
    def plain_text(self) -> str:
        return markdown_to_text(self.text)


@dataclass(frozen=True)
class Section:
    id: str
    title: Text  # Text values know their line and their translation context
    citation: Text
    body: Text  # Markdown
    sources: tuple[Source, ...]
    reviewed: dt.date
    parent: str | None = None
    status: str | None = None
    verification_note: Text | None = None
    keywords: tuple[str, ...] = ()
    keywords_cy: tuple[str, ...] = ()
    entries: tuple[Entry, ...] = ()
    line: int = 0

    @property
    def needs_verification(self) -> bool:
        return self.status == NEEDS_VERIFICATION

    @property
    def body_text(self) -> str:
        """The body as plain text (Markdown syntax removed), for search and snippets."""
        return markdown_to_text(self.body)


@dataclass(frozen=True)
class Reference:
    sections: tuple[Section, ...]
    file: str = "flows/cps/reference.yaml"

    def __post_init__(self):
        object.__setattr__(self, "_by_id", {s.id: s for s in self.sections})

    def get(self, section_id: str) -> Section | None:
        return self._by_id.get(section_id)

    def children(self, section_id: str | None) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.parent == section_id)

    @property
    def needs_verification(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.needs_verification)


_md = MarkdownIt("commonmark", {"html": False})


def markdown_to_text(markdown: str) -> str:
    """Plain text of a Markdown string: paragraphs and list items joined by blank lines."""
    blocks: list[str] = []
    for token in _md.parse(markdown):
        if token.type == "inline":
            parts = []
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            blocks.append("".join(parts))
    return "\n\n".join(b for b in blocks if b)


def check_reference(flows_dir: Path | str) -> tuple[Reference | None, list[Problem]]:
    """Validate the reference file; return (reference or None, every problem)."""
    path = Path(flows_dir) / REFERENCE_PATH
    tree, c = open_checked(path, FILE_KEYS, "the reference file")
    if tree is None:
        return None, c.problems

    sections: list[Section] = []
    first_line: dict[str, int] = {}
    # Section and entry ids share the guide page's anchors, so one namespace for both.
    anchors = {str(r.get("id")) + suffix: r.line_of("id") for r in tree["sections"]
               if isinstance(r, LDict) and isinstance(r.get("id"), str) for suffix in ("", "-title")}
    for index, raw in enumerate(tree["sections"]):
        label = raw.get("id") if isinstance(raw, LDict) and isinstance(raw.get("id"), str) else f"section {index + 1}"
        usable = c.mapping(raw, SECTION_KEYS, label, "a section")
        if isinstance(raw, LDict):
            c.evidence(raw, label)
        if not usable:
            continue
        sid = str(raw["id"])
        if sid in first_line:
            c.add(raw.line_of("id"), sid, f"duplicate id (first used on line {first_line[sid]})",
                  "give every section its own id; ids are anchors, so never rename a published one")
            continue
        first_line[sid] = raw.line_of("id")
        for key in ("title", "citation", "body", "verification_note"):
            if key in raw and _HTML.search(str(raw[key])):
                c.add(raw.line_of(key), sid, f"'{key}' contains HTML", "use Markdown; raw HTML is never shown")
        if raw["reviewed"] > dt.date.today():
            c.add(raw.line_of("reviewed"), sid, "'reviewed' is in the future",
                  "use the date a person last checked the sources")
        if raw.get("verification_note") and raw.get("status") is None:
            c.add(raw.line_of("verification_note"), sid, "verification_note without status",
                  f"add 'status: {NEEDS_VERIFICATION}' or remove the note")
        parent = raw.get("parent")
        if parent is not None and parent not in first_line:
            known = parent in {str(r.get("id")) for r in tree["sections"] if isinstance(r, LDict)}
            c.add(raw.line_of("parent"), sid,
                  f"parent '{parent}' comes after this section" if known and parent != sid else f"unknown parent '{parent}'",
                  "move the parent section above its subsections" if known and parent != sid
                  else "use the id of an earlier section, or remove 'parent'")
        sections.append(Section(
            id=sid, title=raw["title"], citation=raw["citation"], body=raw["body"],
            sources=tuple(Source(title=str(src["title"]), url=str(src["url"])) for src in raw["sources"]
                          if isinstance(src, LDict)),
            reviewed=raw["reviewed"], parent=str(parent) if parent else None,
            status=str(raw.get("status") or "") or None, verification_note=raw.get("verification_note"),
            keywords=tuple(str(k) for k in raw.get("keywords") or ()),
            keywords_cy=tuple(str(k) for k in raw.get("keywords_cy") or ()),
            entries=_entries(c, raw.get("entries"), sid, anchors),
            line=raw.line,
        ))
    if c.problems:
        return None, c.problems
    return Reference(tuple(sections), display_path(path)), []


def _entries(c: Checker, raw, sid: str, anchors: dict[str, int]) -> tuple[Entry, ...]:
    """The section's entries, each checked; problems go to `c` (the caller then fails)."""
    entries: list[Entry] = []
    for index, item in enumerate(raw or ()):
        label = f"{sid}: entry {item.get('id') if isinstance(item, LDict) and isinstance(item.get('id'), str) else index + 1}"
        if not c.mapping(item, ENTRY_KEYS, label, "an entry"):
            continue
        eid = str(item["id"])
        if eid in anchors:
            c.add(item.line_of("id"), label, f"id '{eid}' is already used on line {anchors[eid]}",
                  "give every entry an id no section or other entry uses; it is the entry's anchor")
            continue
        anchors[eid] = item.line_of("id")
        if _HTML.search(str(item["text"])):
            c.add(item.line_of("text"), label, "'text' contains HTML", "use Markdown; raw HTML is never shown")
        entries.append(Entry(
            id=eid, text=item["text"],
            keywords=tuple(str(k) for k in item.get("keywords") or ()),
            keywords_cy=tuple(str(k) for k in item.get("keywords_cy") or ()),
            line=item.line,
        ))
    return tuple(entries)
