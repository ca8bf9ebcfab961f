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


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases; anchors alone are harmless."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in content", event.start_mark
            )
        return super().compose_node(parent, index)


_scalars = yaml.SafeLoader(b"")  # used only to construct plain scalars (ints, dates...)

# libyaml parses ten times faster than pure Python. It cannot refuse aliases as they
# are read, so _convert refuses any node it meets twice (that is what an alias makes),
# and then the pure-Python _StrictLoader reads the file again to say where the alias is.
# Syntax errors are also re-read by it, so that messages are the same with or without
# libyaml. Only broken files take the slow path.
if hasattr(yaml, "CSafeLoader"):
    class _FastLoader(yaml.CSafeLoader):
        """libyaml, with the (Python) tag resolution of plain scalars remembered: content
        repeats the same keys and words thousands of times."""

        _tags: dict = {}

        def resolve(self, kind, value, implicit):
            if kind is not yaml.ScalarNode:
                return super().resolve(kind, value, implicit)
            key = (value, implicit)
            tag = self._tags.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._tags) < 100_000:  # bounded, whatever the files hold
                    self._tags[key] = tag
            return tag
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _StrictLoader


class _Alias(Exception):
    """A node reached twice: the file uses an alias."""


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
        node = yaml.compose(text, Loader=_FastLoader)
        if node is not None:
            return _convert(node, name, root, set())
    except (yaml.MarkedYAMLError, _Alias):
        try:
            node = yaml.compose(text, Loader=_StrictLoader)  # raises the precise error
        except yaml.MarkedYAMLError as exc:
            raise _yaml_error(name, exc) from None
    if node is None:
        raise YamlError(Problem(name, 1, "", "the file is empty", "see flows/README.md for the format"))
    return _convert(node, name, root, set())


def _yaml_error(name: str, exc: yaml.MarkedYAMLError) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    message = exc.problem or str(exc)
    fix = "indent with spaces, not tabs" if "\\t" in message or "tab" in message.lower() else "check the YAML syntax on this line"
    if "alias" in message:
        fix = "write the value out in full"
    return YamlError(Problem(name, line, "", f"YAML error: {message}", fix))


STR_TAG = "tag:yaml.org,2002:str"


def _convert(node, file: str, path: str, seen: set[int]):
    if id(node) in seen:
        raise _Alias()
    seen.add(id(node))
    if node.tag == STR_TAG and isinstance(node, yaml.ScalarNode):  # most values: first
        return LStr(node.value, node.start_mark.line + 1, path)
    if isinstance(node, yaml.MappingNode):
        result = LDict()
        result.line = node.start_mark.line + 1
        result.key_lines = key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(Problem(file, key_node.start_mark.line + 1, "", "a key must be a plain word"))
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in result:
                raise YamlError(Problem(file, key_line, key, f"duplicate key '{key}' (first on line {key_lines[key]})",
                                        "remove or rename one of them"))
            key_lines[key] = key_line
            result[key] = _convert(value_node, file, f"{path}/{key}", seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LList()
        result.line = node.start_mark.line + 1
        for item in node.value:
            # Items are named by their id, not their position, so that inserting a step
            # does not change the translation context of every step after it.
            item_id = _item_id(item)
            result.append(_convert(item, file, f"{path}/{item_id}" if item_id else path, seen))
        return result
    return _scalars.construct_object(node, deep=True)


def _item_id(node) -> str:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
                return str(value_node.value)
    return ""
