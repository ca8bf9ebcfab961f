"""The content report: what reviewers need to look at. Pure functions over Content."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Content
from .reviews import Review, statuses

REVIEW_EVERY_DAYS = 365


@dataclass(frozen=True)
class ReportLine:
    where: str  # file:line
    item: str  # flow/node or contact id
    detail: str


@dataclass(frozen=True)
class ContentReport:
    needs_verification: list[ReportLine]
    overdue_reviews: list[ReportLine]
    outcomes_per_flow: dict[str, list[str]]
    unused_contacts: list[str]
    # Sign-off (flows/reviews.yaml): reviews whose text changed afterwards no longer count.
    changed_since_review: list[ReportLine] = ()
    not_signed_off: list[str] = ()

    @property
    def clean(self) -> bool:
        return not (self.needs_verification or self.overdue_reviews or self.unused_contacts
                    or self.changed_since_review)


def content_report(content: Content, today: dt.date | None = None,
                   register: dict[str, list[Review]] | None = None) -> ContentReport:
    today = today or dt.date.today()
    oldest_ok = today - dt.timedelta(days=REVIEW_EVERY_DAYS)
    unverified, overdue = [], []
    items = [(f"{c.file}:{c.line}", f"contact {c.id}", c.evidence) for c in content.contacts.values()]
    items += [(f"{o.file}:{o.line}", f"{flow.id}/{o.id}", o.evidence)
              for flow in content.flows.values() for o in flow.outcomes]
    items = [(where, item, e.needs_verification, e.verification_note, e.reviewed) for where, item, e in items]
    # A claim is as old as the oldest check of its sources.
    items += [(f"{c.file}:{c.line}", f"evidence {c.id}", c.needs_verification, c.verification_note,
               min(s.checked for s in c.sources)) for c in content.claims.values()]
    if content.reference is not None:
        items += [(f"{content.reference.file}:{s.line}", f"cps/{s.id}", s.needs_verification, s.verification_note, s.reviewed)
                  for s in content.reference.sections]
    for where, item, unconfirmed, note, reviewed in items:
        if unconfirmed:
            unverified.append(ReportLine(where, item, str(note or "")))
        if reviewed < oldest_ok:
            overdue.append(ReportLine(where, item, f"last reviewed {reviewed.isoformat()}"))
    used = {c for flow in content.flows.values() for o in flow.outcomes for c in o.contacts}
    found = statuses(content, register or {})
    return ContentReport(
        needs_verification=unverified,
        overdue_reviews=overdue,
        outcomes_per_flow={f.id: [o.id for o in f.outcomes] for f in content.flows.values()},
        unused_contacts=sorted(set(content.contacts) - used),
        changed_since_review=[
            ReportLine(s.item.where, s.item.id,
                       f"reviewed by {s.latest.role} on {s.latest.date.isoformat()}; the text has changed since")
            for s in found if s.state == "changed since review"],
        not_signed_off=[s.item.id for s in found if s.state == "not reviewed"],
    )


def format_report(report: ContentReport, version: str) -> str:
    lines = [f"Content report for guide version {version}", ""]
    lines.append(f"Awaiting verification ({len(report.needs_verification)}):")
    lines += [f"  {r.where}: {r.item}: {r.detail}" for r in report.needs_verification] or ["  none"]
    lines.append(f"Reviews older than 12 months ({len(report.overdue_reviews)}):")
    lines += [f"  {r.where}: {r.item}: {r.detail}" for r in report.overdue_reviews] or ["  none"]
    lines.append("Outcomes per flow:")
    lines += [f"  {flow}: {len(ids)} ({', '.join(ids)})" for flow, ids in report.outcomes_per_flow.items()]
    lines.append(f"Contacts not used by any outcome ({len(report.unused_contacts)}):")
    lines += [f"  {c}" for c in report.unused_contacts] or ["  none"]
    lines.append(f"Changed since review ({len(report.changed_since_review)}): the sign-off no longer counts")
    lines += [f"  {r.where}: {r.item}: {r.detail}" for r in report.changed_since_review] or ["  none"]
    total = len(report.not_signed_off)
    lines.append(f"Not signed off by any reviewer ({total}; `routemap review ITEM --role ROLE` records a review):")
    lines += [f"  {item}" for item in report.not_signed_off[:20]] or ["  none"]
    if total > 20:
        lines.append(f"  ... and {total - 20} more")
    return "\n".join(lines)
