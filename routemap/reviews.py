"""Sign-off that lapses: who reviewed each item (a role, never a name), when, and over
exactly which text.

The register is `flows/reviews/signoff.yaml`, kept apart from the flow files so that engineers
editing the flows and reviewers signing them off do not edit the same lines. Each entry
is bound to a fingerprint of the item's text at the time of review: when the text
changes afterwards the review no longer counts, and `routemap content-report` lists the
item as "changed since review". Entries are only ever added by `routemap review` after a
person has reviewed the text (or signed a printed change report), so the register never
claims a review that did not happen. No Flask here.

Items: `outcome/<flow>/<node>`, `contact/<id>`, `cps/<section>` and, where the content
has them, shared blocks `block/<id>`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import Content, Evidence

# In a folder of its own: every *.yaml directly in flows/ is read as a flow.
REVIEWS_FILE = "reviews/signoff.yaml"
HEADER = """\
# Sign-off register: who reviewed each outcome, shared block, contact and CPS section
# (a role such as "safeguarding lead" or "CPS lawyer", never a person's name), when, and a
# fingerprint of the text they reviewed. If the text changes afterwards, the review no
# longer counts and `flask --app app routemap content-report` lists the item as "changed
# since review". Add entries only with `flask --app app routemap review ITEM --role ROLE`
# after a real review; never copy or edit fingerprints by hand.
"""
FINGERPRINT = re.compile(r"^[0-9a-f]{16}$")
SKIPPED_FIELDS = {"id", "line", "file", "kind", "parent", "keywords", "keywords_cy", "reviewed", "evidence",
                  "sources", "status", "verification_note"}


class ReviewsError(Exception):
    """The register cannot be read; the message names the file, line and fix."""


@dataclass(frozen=True)
class Item:
    id: str
    where: str  # file:line
    lines: tuple[str, ...]  # the text a reviewer signs off, one field per line

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.lines)


@dataclass(frozen=True)
class Review:
    role: str
    date: dt.date
    fingerprint: str


@dataclass(frozen=True)
class Status:
    item: Item
    latest: Review | None  # the newest review of this item, if any

    @property
    def state(self) -> str:
        if self.latest is None:
            return "not reviewed"
        return "reviewed" if self.latest.fingerprint == self.item.fingerprint else "changed since review"


def fingerprint(lines) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def _text_lines(obj) -> list[str]:
    """Every text field of a model object (a field added later is included unchanged)."""
    lines = []
    for field in dataclasses.fields(obj):
        if field.name in SKIPPED_FIELDS:
            continue
        value = getattr(obj, field.name)
        values = value if isinstance(value, (tuple, list)) else (value,)
        for v in values:
            if isinstance(v, str) and v.strip():
                lines.append(f"{field.name}: {v}")
    return lines


def _evidence_lines(sources, status, note) -> list[str]:
    # The source and where it is, not when it was checked: re-checking a page is not a
    # change to the text a reviewer signed off.
    lines = [f"source: {s.title} <{s.url}>" for s in sources]
    if status:
        lines.append(f"status: {status}")
    if note:
        lines.append(f"verification_note: {note}")
    return lines


def items(content: Content) -> dict[str, Item]:
    """Everything that can be signed off, by item id, with the text a review covers."""
    found = {}
    for flow in content.flows.values():
        for outcome in flow.outcomes:
            e: Evidence | None = outcome.evidence
            lines = _text_lines(outcome) + (_evidence_lines(e.sources, e.status, e.verification_note) if e else [])
            found[f"outcome/{flow.id}/{outcome.id}"] = Item(f"outcome/{flow.id}/{outcome.id}",
                                                            f"{outcome.file}:{outcome.line}", tuple(lines))
    for contact in content.contacts.values():
        e = contact.evidence
        lines = _text_lines(contact) + _evidence_lines(e.sources, e.status, e.verification_note)
        found[f"contact/{contact.id}"] = Item(f"contact/{contact.id}", f"{contact.file}:{contact.line}", tuple(lines))
    for block_id, texts in content.blocks.items():  # shared blocks (flows/blocks.yaml): id -> texts
        line = getattr(texts[0], "line", 0) if texts else 0
        found[f"block/{block_id}"] = Item(f"block/{block_id}", f"flows/blocks.yaml:{line}",
                                          tuple(f"text: {t}" for t in texts))
    if content.reference is not None:
        for section in content.reference.sections:
            lines = _text_lines(section) + _evidence_lines(section.sources, section.status, section.verification_note)
            found[f"cps/{section.id}"] = Item(f"cps/{section.id}", f"{content.reference.file}:{section.line}",
                                              tuple(lines))
    return found


def register_path(flows_dir: Path) -> Path:
    return Path(flows_dir) / REVIEWS_FILE


def read_yaml_register(path: Path, error: type[Exception]):
    """A hand-edited register file (sign-offs, translation approvals) as data: None when
    the file does not exist, `error` naming the file when it is not YAML."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise error(f"{path}: not valid YAML ({exc})") from None


def read_register(path: Path) -> dict[str, list[Review]]:
    """item id -> reviews, oldest first. A missing file is an empty register."""
    data = read_yaml_register(path, ReviewsError)
    if data is None:
        return {}
    entries = data.get("reviews") if isinstance(data, dict) else None
    if entries is None:
        return {}
    if not isinstance(entries, dict):
        raise ReviewsError(f"{path}: `reviews` must map item ids to lists of reviews")
    register = {}
    for item_id, reviews in entries.items():
        if not isinstance(reviews, list):
            raise ReviewsError(f"{path}: {item_id}: expected a list of reviews (role, date, fingerprint)")
        found = []
        for review in reviews:
            if not (isinstance(review, dict) and isinstance(review.get("role"), str) and review["role"].strip()
                    and isinstance(review.get("date"), dt.date)
                    and FINGERPRINT.match(str(review.get("fingerprint", "")))):
                raise ReviewsError(f"{path}: {item_id}: each review needs role (text), date (YYYY-MM-DD) and "
                                   "fingerprint (16 hex digits, written by `routemap review`)")
            found.append(Review(review["role"].strip(), review["date"], str(review["fingerprint"])))
        register[str(item_id)] = sorted(found, key=lambda r: r.date)
    return register


def write_register(path: Path, register: dict[str, list[Review]]) -> None:
    data = {"reviews": {item_id: [{"role": r.role, "date": r.date, "fingerprint": r.fingerprint} for r in reviews]
                        for item_id, reviews in sorted(register.items())}}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(HEADER + body, encoding="utf-8")


def record(path: Path, item: Item, role: str, date: dt.date) -> Review:
    """Add a review of `item`'s current text to the register at `path`."""
    role = role.strip()
    if not role:
        raise ReviewsError("a review needs a role (e.g. 'safeguarding lead'), not an empty one")
    register = read_register(path)
    review = Review(role, date, item.fingerprint)
    register.setdefault(item.id, []).append(review)
    write_register(path, register)
    return review


def statuses(content: Content, register: dict[str, list[Review]]) -> list[Status]:
    return [Status(item, (register.get(item_id) or [None])[-1]) for item_id, item in items(content).items()]


def unknown_items(content: Content, register: dict[str, list[Review]]) -> list[str]:
    """Register entries for items that no longer exist (renamed or deleted)."""
    known = items(content)
    return sorted(item_id for item_id in register if item_id not in known)
