"""Per-string translation approvals, bound to the exact msgid and msgstr approved.

`translations/<lang>/approvals.yaml` records, for each string a qualified translator
approved, the role (never a name), the date and a fingerprint of msgctxt + msgid +
msgstr. If either the English or the translation changes afterwards, the approval no
longer counts. A language's review share is the part of its messages whose current
translation is approved; prints of a partly reviewed language say so in their DRAFT mark.
Approvals are only ever added by `routemap approve-translations` after a real check, so
the file never claims a review that did not happen. No Flask here.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from .reviews import read_yaml_register

APPROVALS_FILE = "approvals.yaml"
HEADER = """\
# Translation approvals: each string a qualified translator approved, by role (never a
# name), date and a fingerprint of msgctxt + msgid + msgstr at the time. If the English or
# the translation changes, the approval lapses. Written only by
# `flask --app app routemap approve-translations LANG --role ROLE ...` after a real check.
"""


class ApprovalsError(Exception):
    pass


@dataclass(frozen=True)
class Approval:
    key: str  # which message (msgctxt + msgid)
    fingerprint: str  # which translation of it (msgctxt + msgid + msgstr)
    role: str
    date: dt.date
    context: str  # for people reading the file
    msgid: str


@dataclass(frozen=True)
class Share:
    total: int
    approved: int  # approvals that still match the catalog
    lapsed: int  # approvals whose English or translation changed since

    @property
    def fraction(self) -> float:
        return self.approved / self.total if self.total else 0.0

    @property
    def percent(self) -> float:
        return 100.0 * self.fraction


def _msgid(message: Message) -> str:
    return message.id if isinstance(message.id, str) else "\x00".join(message.id)


def _msgstr(message: Message) -> str:
    return message.string if isinstance(message.string, str) else "\x00".join(message.string or ())


def message_key(message: Message) -> str:
    return hashlib.sha256(f"{message.context or ''}\x04{_msgid(message)}".encode()).hexdigest()[:16]


def message_fingerprint(message: Message) -> str:
    text = f"{message.context or ''}\x04{_msgid(message)}\x04{_msgstr(message)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def approvals_path(translations_dir: Path, code: str) -> Path:
    return Path(translations_dir) / code / APPROVALS_FILE


def read_approvals(path: Path) -> dict[str, Approval]:
    data = read_yaml_register(path, ApprovalsError)
    if data is None:
        return {}
    found = {}
    for key, entry in (data.get("approvals") or {}).items():
        if not (isinstance(entry, dict) and isinstance(entry.get("role"), str) and entry["role"].strip()
                and isinstance(entry.get("date"), dt.date) and isinstance(entry.get("fingerprint"), str)):
            raise ApprovalsError(f"{path}: {key}: each approval needs role, date and fingerprint "
                                 "(written by `routemap approve-translations`)")
        found[str(key)] = Approval(str(key), entry["fingerprint"], entry["role"].strip(), entry["date"],
                                   str(entry.get("context") or ""), str(entry.get("msgid") or ""))
    return found


def write_approvals(path: Path, approvals: dict[str, Approval]) -> None:
    data = {"approvals": {a.key: {"role": a.role, "date": a.date, "fingerprint": a.fingerprint,
                                  "context": a.context, "msgid": a.msgid}
                          for a in sorted(approvals.values(), key=lambda a: (a.context, a.msgid))}}
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    Path(path).write_text(HEADER + body, encoding="utf-8")


def is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return not message.fuzzy and all(strings)


def share(catalog: Catalog, approvals: dict[str, Approval]) -> Share:
    messages = [m for m in catalog if m.id]
    approved = lapsed = 0
    for m in messages:
        found = approvals.get(message_key(m))
        if found is None:
            continue
        if is_translated(m) and found.fingerprint == message_fingerprint(m):
            approved += 1
        else:
            lapsed += 1
    return Share(total=len(messages), approved=approved, lapsed=lapsed)


def read_po_catalog(translations_dir: Path, code: str) -> Catalog:
    with open(Path(translations_dir) / code / "LC_MESSAGES" / "messages.po", "rb") as fileobj:
        return read_po(fileobj, locale=code)


def language_share(translations_dir: Path, code: str) -> Share:
    """The review share of one language; no approvals file means nothing approved."""
    approvals = read_approvals(approvals_path(translations_dir, code))
    if not approvals:
        return Share(total=0, approved=0, lapsed=0)
    return share(read_po_catalog(translations_dir, code), approvals)


def approve(translations_dir: Path, code: str, role: str, date: dt.date, select) -> int:
    """Approve the current translation of every translated message for which
    `select(message)` is true. Returns how many were (re)approved."""
    role = role.strip()
    if not role:
        raise ApprovalsError("an approval needs a role (e.g. 'Welsh translator'), not an empty one")
    path = approvals_path(translations_dir, code)
    approvals = read_approvals(path)
    count = 0
    for m in read_po_catalog(translations_dir, code):
        if m.id and is_translated(m) and select(m):
            msgid = _msgid(m)
            approvals[message_key(m)] = Approval(message_key(m), message_fingerprint(m), role, date,
                                                 m.context or "", msgid if len(msgid) <= 80 else msgid[:77] + "...")
            count += 1
    write_approvals(path, approvals)
    return count
