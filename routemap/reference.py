"""The CPS reference guide: flows/cps/reference.yaml read into immutable sections.

Prosecutors rely on this text, so the loader is strict: every section must carry a
citation, https sources and a review date, and anything awaiting confirmation must say
what is to be checked. All problems are reported at once, each as
`flows/cps/reference.yaml:LINE: section-id: what is wrong (how to fix)`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

REFERENCE_PATH = Path("cps") / "reference.yaml"  # relative to the flows folder

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Raw HTML is never rendered; refuse it here so authors learn at validation time.
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
_REQUIRED = ("id", "title", "citation", "body", "sources", "reviewed")
_OPTIONAL = ("parent", "status", "verification_note", "keywords", "keywords_cy")
_STATUSES = ("needs-verification",)


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    citation: str
    body: str  # Markdown
    sources: tuple[Source, ...]
    reviewed: dt.date
    parent: str | None = None
    status: str | None = None
    verification_note: str | None = None
    keywords: tuple[str, ...] = ()
    keywords_cy: tuple[str, ...] = ()
    line: int = 0

    @property
    def needs_verification(self) -> bool:
        return self.status == "needs-verification"

    @property
    def body_text(self) -> str:
        """The body as plain text (Markdown syntax removed), for search and snippets."""
        return markdown_to_text(self.body)


@dataclass(frozen=True)
class Reference:
    sections: tuple[Section, ...]

    def __post_init__(self):
        object.__setattr__(self, "_by_id", {s.id: s for s in self.sections})

    def get(self, section_id: str) -> Section | None:
        return self._by_id.get(section_id)

    def children(self, section_id: str | None) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.parent == section_id)

    @property
    def needs_verification(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.needs_verification)


class ReferenceError(Exception):
    """The reference file is invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


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


def load_reference(flows_dir: Path | str) -> Reference:
    """Read and validate flows/cps/reference.yaml. Raises ReferenceError."""
    reference, problems = check_reference(flows_dir)
    if problems:
        raise ReferenceError(problems)
    return reference


def check_reference(flows_dir: Path | str) -> tuple[Reference | None, list[str]]:
    """Validate the reference file; return (reference or None, problems)."""
    flows_dir = Path(flows_dir)
    path = flows_dir / REFERENCE_PATH
    name = f"{flows_dir.name}/{REFERENCE_PATH.as_posix()}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{name}: cannot read the file: {exc} (save it as UTF-8 at this path)"]
    return parse_reference(text, name)


def parse_reference(text: str, name: str = "flows/cps/reference.yaml") -> tuple[Reference | None, list[str]]:
    problems: list[str] = []

    def problem(line: int, node: str, message: str, fix: str) -> None:
        where = f"{name}:{line}: " if line else f"{name}: "
        problems.append(f"{where}{node + ': ' if node else ''}{message} ({fix})")

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem(mark.line + 1 if mark else 0, "", f"YAML error: {exc.problem}", "check the YAML syntax on this line")
        return None, problems

    if not isinstance(root, yaml.MappingNode):
        problem(1, "", "the file must be a mapping with a `sections:` list", "start the file with `sections:`")
        return None, problems
    top = _mapping(root)
    for key, (knode, _v) in top.items():
        if key != "sections":
            problem(knode.start_mark.line + 1, "", f"unknown key `{key}`", "only `sections:` is allowed at the top")
    if "sections" not in top or not isinstance(top["sections"][1], yaml.SequenceNode):
        problem(1, "", "missing `sections:` list", "add `sections:` with one entry per section")
        return None, problems

    sections: list[Section] = []
    seen: dict[str, int] = {}
    for index, snode in enumerate(top["sections"][1].value):
        line = snode.start_mark.line + 1
        if not isinstance(snode, yaml.MappingNode):
            problem(line, f"section {index + 1}", "a section must be a mapping", "give it id, title, citation ...")
            continue
        fields = _mapping(snode)
        sid = _scalar(fields.get("id"))
        label = sid if isinstance(sid, str) and sid else f"section {index + 1}"

        def line_of(key: str) -> int:
            return fields[key][0].start_mark.line + 1 if key in fields else line

        for key in fields:
            if key not in _REQUIRED + _OPTIONAL:
                problem(line_of(key), label, f"unknown key `{key}`",
                        f"allowed keys: {', '.join(_REQUIRED + _OPTIONAL)}")
        missing = [k for k in _REQUIRED if k not in fields]
        for key in missing:
            problem(line, label, f"missing `{key}`", _FIX[key])

        values: dict[str, object] = {}
        for key in ("id", "title", "citation", "body", "parent", "status", "verification_note"):
            if key not in fields:
                continue
            value = _scalar(fields[key])
            if not isinstance(value, str) or not value.strip():
                problem(line_of(key), label, f"`{key}` must be non-empty text", _FIX.get(key, "write it as text"))
                continue
            values[key] = value.strip() if key != "body" else value

        if "id" in values:
            if not _ID.match(values["id"]):
                problem(line_of("id"), label, "the id must be kebab-case (a-z, 0-9, hyphens)",
                        "e.g. `s45-adult`; ids are anchors, so never rename a published one")
            elif values["id"] in seen:
                problem(line_of("id"), label, f"duplicate id (first used on line {seen[values['id']]})",
                        "give every section its own id")
            else:
                seen[values["id"]] = line_of("id")
        for key in ("title", "citation", "body", "verification_note"):
            if key in values and _HTML.search(values[key]):
                problem(line_of(key), label, f"`{key}` contains HTML", "use Markdown; raw HTML is never shown")

        reviewed = None
        if "reviewed" in fields:
            reviewed = _scalar(fields["reviewed"])
            if isinstance(reviewed, dt.datetime) or not isinstance(reviewed, dt.date):
                problem(line_of("reviewed"), label, "`reviewed` must be a date", "write it as YYYY-MM-DD")
                reviewed = None
            elif reviewed > dt.date.today():
                problem(line_of("reviewed"), label, "`reviewed` is in the future",
                        "use the date a person last checked the sources")

        sources = _sources(fields.get("sources"), label, line_of("sources"), problem) if "sources" in fields else ()

        status = values.get("status")
        if status is not None and status not in _STATUSES:
            problem(line_of("status"), label, f"unknown status `{status}`", "the only status is `needs-verification`")
        if status == "needs-verification" and "verification_note" not in values:
            problem(line_of("status"), label, "`status: needs-verification` without `verification_note`",
                    "say what must be checked and against which source")
        if "verification_note" in values and status is None:
            problem(line_of("verification_note"), label, "`verification_note` without `status`",
                    "add `status: needs-verification` or remove the note")

        keywords = {}
        for key in ("keywords", "keywords_cy"):
            keywords[key] = ()
            if key in fields:
                node = fields[key][1]
                items = [_scalar(n) for n in node.value] if isinstance(node, yaml.SequenceNode) else None
                if items is None or not all(isinstance(i, str) and i.strip() for i in items):
                    problem(line_of(key), label, f"`{key}` must be a list of words or phrases",
                            "e.g. [duress, threats]")
                else:
                    keywords[key] = tuple(i.strip() for i in items)

        if all(k in values for k in ("id", "title", "citation", "body")) and reviewed and sources:
            sections.append(Section(
                id=values["id"], title=values["title"], citation=values["citation"], body=values["body"],
                sources=sources, reviewed=reviewed, parent=values.get("parent"), status=status,
                verification_note=values.get("verification_note"), keywords=keywords["keywords"],
                keywords_cy=keywords["keywords_cy"], line=line,
            ))

    # Parents must come first so the table of contents reads in file order.
    placed: set[str] = set()
    for section in sections:
        if section.parent is not None:
            if section.parent == section.id or section.parent not in seen:
                problem(section.line, section.id, f"unknown parent `{section.parent}`",
                        "use the id of another section, or remove `parent`")
            elif section.parent not in placed:
                problem(section.line, section.id, f"parent `{section.parent}` comes after this section",
                        "move the parent section above its subsections")
        placed.add(section.id)

    if not sections and not problems:
        problem(1, "", "no sections", "add at least one section")
    if problems:
        return None, problems
    return Reference(tuple(sections)), []


_FIX = {
    "id": "add a stable kebab-case id, e.g. `id: s45-adult`",
    "title": "add the section heading",
    "citation": 'add the provision, e.g. `citation: "Modern Slavery Act 2015, s45(1)"`',
    "body": "add the text as Markdown",
    "sources": "add at least one source with `title` and an https `url`",
    "reviewed": "add the date a person last checked it, e.g. `reviewed: 2026-11-29`",
    "parent": "give the id of the enclosing section",
    "status": "use `status: needs-verification`",
    "verification_note": "say what must be checked",
}


def _mapping(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for knode, vnode in node.value:
        key = knode.value if isinstance(knode, yaml.ScalarNode) else str(knode)
        result.setdefault(key, (knode, vnode))
    return result


_constructor = yaml.SafeLoader("")


def _scalar(entry):
    """Python value of a scalar entry (dates become dates); None for anything else."""
    if entry is None:
        return None
    node = entry[1] if isinstance(entry, tuple) else entry
    if not isinstance(node, yaml.ScalarNode):
        return None
    return _constructor.construct_object(node, deep=True)


def _sources(entry, label, line, problem) -> tuple[Source, ...]:
    node = entry[1]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        problem(line, label, "`sources` must be a non-empty list", "add `- title: ...` and `url: https://...`")
        return ()
    sources = []
    for item in node.value:
        item_line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problem(item_line, label, "each source needs `title` and `url`", "write `- title: ...` then `url: ...`")
            continue
        fields = _mapping(item)
        title, url = _scalar(fields.get("title")), _scalar(fields.get("url"))
        extra = set(fields) - {"title", "url"}
        if extra:
            problem(item_line, label, f"unknown source key `{sorted(extra)[0]}`", "a source has only `title` and `url`")
        if not isinstance(title, str) or not title.strip():
            problem(item_line, label, "source without a title", "add `title:` naming the page")
            continue
        if not isinstance(url, str) or not re.match(r"^https://[^\s/]+\.[^\s]+$", url):
            problem(item_line, label, f"source url must start with https:// (got {url!r})",
                    "link the https page of the primary source")
            continue
        sources.append(Source(title.strip(), url))
    return tuple(sources)
