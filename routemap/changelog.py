"""flows/CHANGELOG.md read as guide versions, for the "what changed" page and old links.

Each `## x.y.z - YYYY-MM-DD` heading is a guide version (newest first, as the loader
reads the newest one as the guide's version). The `- ` bullets under its `### In plain
words` heading are its changes for users, shown and translated like content: the
extractor gives each the context `changelog/<version>`, so Welsh lives in the catalogs.
Everything else in a version (`### For reviewers`) is for reviewers only. A version
without an `### In plain words` heading offers all its bullets. No Flask.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .yamlsource import LStr as Text

CHANGELOG_FILE = "CHANGELOG.md"
# Links, QR codes and records carry the guide version as ?v=, so that a link opened after
# the guide has changed can say what changed since (see routemap/web/changes.py).
VERSION_PARAM = "v"
UNVERSIONED = "unversioned"  # loader.read_version without a changelog: nothing to carry
HEADING = re.compile(r"^##\s+\[?(\d+\.\d+(?:\.\d+)?)\]?(?:\s+-\s+(\d{4}-\d{2}-\d{2}))?\s*$")
PLAIN_WORDS = re.compile(r"^###\s+In plain words\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Version:
    number: str
    date: dt.date | None
    changes: tuple[Text, ...]
    line: int


def version_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def parse(text: str) -> list[Version]:
    """Versions in file order (newest first); bullets may wrap onto indented lines."""
    versions: list[Version] = []
    number, date, line_no, bullets = None, None, 0, []
    plain: list | None = None  # the bullets under "### In plain words", if the version has it
    section = None  # the ### heading we are under

    def close():
        nonlocal bullets
        if number is not None:
            if plain is not None:
                bullets = plain
            # Context: the version, not the bullet's position, so that adding a bullet
            # does not turn every translation after it fuzzy.
            changes = tuple(Text(" ".join(lines), start, f"changelog/{number}") for start, lines in bullets)
            versions.append(Version(number, date, changes, line_no))

    for n, line in enumerate(text.splitlines(), 1):
        heading = HEADING.match(line)
        if heading:
            close()
            number, line_no, bullets, plain, section = heading.group(1), n, [], None, None
            date = dt.date.fromisoformat(heading.group(2)) if heading.group(2) else None
        elif number is not None and line.startswith("### "):
            section = "plain" if PLAIN_WORDS.match(line) else "other"
            if section == "plain":
                plain = []
        elif number is not None and line.startswith("- "):
            (plain if section == "plain" else bullets).append((n, [line[2:].strip()]))
        elif number is not None and line.startswith("  ") and line.strip():
            target = plain if section == "plain" else bullets
            if target:
                target[-1][1].append(line.strip())
    close()
    return versions


def read(folder: Path) -> list[Version]:
    path = Path(folder) / CHANGELOG_FILE
    return parse(path.read_text(encoding="utf-8")) if path.exists() else []


def newer_than(versions: list[Version], number: str) -> list[Version]:
    """The versions after `number` (newest first); [] if `number` is not a version."""
    try:
        old = version_key(number)
    except ValueError:
        return []
    return [v for v in versions if version_key(v.number) > old]


def with_version(url: str, version: str) -> str:
    """`url` with ?v=version (or &v=), unless the content has no version."""
    if not version or version == UNVERSIONED:
        return url
    return f"{url}{'&' if '?' in url else '?'}{VERSION_PARAM}={version}"


def extract_changelog(fileobj, keywords, comment_tags, options):
    """Babel extractor for flows/CHANGELOG.md (babel.cfg): one message per change."""
    text = fileobj.read().decode("utf-8")
    for version in parse(text):
        for change in version.changes:
            yield change.line, "pgettext", (change.path, str(change)), [
                f"a change in guide version {version.number}, shown on the 'what has changed' page"]
