"""YAML reading that keeps where every value came from.

Content errors must name the file and line, and translators must see where a string
lives, so every mapping, list and string read here remembers its line and its path.
Only plain YAML is accepted: aliases are refused (they allow "billion laughs" bombs and
make content harder to review) and duplicate keys are errors rather than silently lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

MAX_FILE_BYTES = 1_000_000  # the largest real flow is a few tens of KB


class LStr(str):
    """A string from YAML, with its line (1-based) and its path in the file."""

    line: int
    path: str

    def __new__(cls, value: str, line: int = 0, path: str = ""):
        self = super().__new__(cls, value)
        self.line = line
        self.path = path
        return self

    def __reduce__(self):  # keep line and path when pickled (e.g. sent to print workers)
        return (LStr, (str(self), self.line, self.path))


class LDict(dict):
    """A mapping from YAML; `line` is where it starts, `key_lines` where each key is."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    line: int = 0


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, said so that a content author can fix it."""

    file: str
    line: int
    node: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        node = f"{self.node}: " if self.node else ""
        fix = f" ({self.fix})" if self.fix else ""
        return f"{where}{node}{self.message}{fix}"


class YamlError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


MAX_DEPTH = 50  # real content nests about 8 levels; thousands would exhaust Python's stack


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and absurd nesting; anchors alone are harmless."""

    depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in content", event.start_mark
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"the content is nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_scalars = yaml.SafeLoader(b"")  # used only to construct plain scalars (ints, dates...)


def display_path(path: Path) -> str:
    """The path as the author knows it: relative to the working directory if possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_yaml(path: Path, root: str | None = None):
    """Read one YAML file into LDict/LList/LStr values. Raises YamlError."""
    name = display_path(path)
    root = root if root is not None else path.stem
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlError(Problem(name, 0, "", f"cannot read the file: {exc.strerror}")) from None
    if size > MAX_FILE_BYTES:
        raise YamlError(Problem(name, 0, "", f"the file is {size:,} bytes, over the {MAX_FILE_BYTES:,} byte limit",
                                "split it into smaller flows"))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(Problem(name, line, "", "the file is not valid UTF-8", "save it as UTF-8")) from None
    try:
        node = yaml.compose(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        message = exc.problem or str(exc)
        fix = "indent with spaces, not tabs" if "\\t" in message or "tab" in message.lower() else "check the YAML syntax on this line"
        if "alias" in message:
            fix = "write the value out in full"
        raise YamlError(Problem(name, line, "", f"YAML error: {message}", fix)) from None
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        position = getattr(exc, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else 0
        raise YamlError(Problem(name, line, "", f"YAML error: {exc}".splitlines()[0],
                                "remove control characters and check the YAML syntax")) from None
    if node is None:
        raise YamlError(Problem(name, 1, "", "the file is empty", "see flows/README.md for the format"))
    return _convert(node, name, root)


def _convert(node, file: str, path: str):
    if isinstance(node, yaml.MappingNode):
        result = LDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(Problem(file, key_node.start_mark.line + 1, "", "a key must be a plain word"))
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in result:
                raise YamlError(Problem(file, key_line, key, f"duplicate key '{key}' (first on line {result.key_lines[key]})",
                                        "remove or rename one of them"))
            result.key_lines[key] = key_line
            result[key] = _convert(value_node, file, f"{path}/{key}")
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LList()
        result.line = node.start_mark.line + 1
        for item in node.value:
            # Items are named by their id, not their position, so that inserting a step
            # does not change the translation context of every step after it.
            item_id = _item_id(item)
            result.append(_convert(item, file, f"{path}/{item_id}" if item_id else path))
        return result
    line = node.start_mark.line + 1
    if node.tag == "tag:yaml.org,2002:str":
        return LStr(node.value, line, path)
    try:
        return _scalars.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError):  # unknown !tags, 100,000-digit numbers...
        raise YamlError(Problem(file, line, "", f"cannot read the value at {path} (YAML tag {node.tag})",
                                "write it as plain text, a number or a date, without a !tag")) from None


def _item_id(node) -> str:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value)
    return ""
