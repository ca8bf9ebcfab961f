"""Languages: which ones the guide offers, their direction, and the YAML extractor.

Content strings are translated with gettext like template strings: each string's
msgctxt is its path in the YAML (e.g. `possible-victim/nodes/danger/text`), so a
translator sees where it lives and the same English in two places can differ in Welsh.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

from .yamlsource import LDict, LList, LStr, YamlError, read_yaml

SOURCE_LANGUAGE = "en"
# Keys whose string values users see. Ids, URLs, phone numbers, dates and the names of
# places (which carry their own Welsh `name_cy`) are not translated.
TRANSLATABLE_KEYS = frozenset({
    "title", "description", "text", "hint", "body", "label", "summary", "steps",
    "next_steps", "do_not", "record", "name", "hours", "verification_note",
})
UNTRANSLATED_SECTIONS = frozenset({"areas", "police_forces", "health_boards", "sources"})


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself
    english_name: str
    reviewed: bool
    direction: str  # "ltr" or "rtl", from Babel's locale data


@lru_cache(maxsize=None)
def N_(message: str) -> str:
    """Mark a string for extraction (pybabel's default keywords include N_); it is
    translated later, where the language is known."""
    return message


def languages(translations_dir: Path) -> dict[str, Language]:
    data = yaml.safe_load((Path(translations_dir) / "languages.yaml").read_text(encoding="utf-8"))
    return {
        code: Language(code=code, name=info["name"], english_name=info["english_name"],
                       reviewed=bool(info.get("reviewed")), direction=text_direction(code))
        for code, info in data.items()
    }


def text_direction(code: str) -> str:
    return "rtl" if Locale.parse(code).text_direction == "rtl" else "ltr"


def iter_texts(tree, key: str = ""):
    """Every translatable string in a YAML tree, as LStr values with line and path."""
    if isinstance(tree, LDict):
        for k, value in tree.items():
            if k in UNTRANSLATED_SECTIONS:
                continue
            yield from iter_texts(value, k)
    elif isinstance(tree, LList):
        for item in tree:
            yield from iter_texts(item, key)
    elif isinstance(tree, LStr) and key in TRANSLATABLE_KEYS and tree.strip():
        yield tree


def extract_yaml(fileobj, keywords, comment_tags, options):
    """Babel extractor for content YAML: `pybabel extract -F babel.cfg`.

    Yields pgettext-style messages (context = the string's YAML path) with real line
    numbers and a comment saying where the string is used.
    """
    path = Path(fileobj.name)
    if path.name == "evidence.yaml":  # the evidence register is for reviewers; users never see it
        return
    try:
        tree = read_yaml(path, content_root(path))
    except YamlError as exc:
        raise SystemExit(f"cannot extract strings: {exc}") from None
    for text in iter_texts(tree):
        comment = f"{_field(text.path)} in {path.name}"
        yield text.line, "pgettext", (text.path, str(text)), [comment]


def content_root(path: Path) -> str | None:
    """The first part of each string's msgctxt for a content file.

    Practice scenarios (flows/practice/) get `practice/<name>` so that a scenario can
    never share a context with a flow of the same name.
    """
    if path.name == "contacts.yaml":
        return "contacts"
    if path.parent.name == "practice":
        return f"practice/{path.stem}"
    return None


def _field(path: str) -> str:
    field = path.rsplit("/", 1)[-1]
    return {"label": "answer label", "text": "question or page heading", "steps": "action step",
            "do_not": "what not to do", "record": "what to record", "next_steps": "what happens next"}.get(field, field)
