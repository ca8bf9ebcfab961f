"""The record of a route through a guide: what was asked, what was answered, what to do.

Built from a `routemap.walk.Walk` only, i.e. from the answers in the URL: nothing is
looked up about the person and nothing is stored. The result is plain, already
translated data, so the template has no logic and the engine tests can feed it
placeholder translations. The Translator marks strings that fall back to English
lang="en", as on the web pages, so a Welsh record read aloud switches voice for them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from ..model import Info, Outcome
from ..translator import Translator
from ..walk import Walk

WALES = ZoneInfo("Europe/London")
NOTE_LINES = 14  # blank ruled lines for the worker's own notes


@dataclass(frozen=True)
class RecordArtefact:
    name: str = "route-record"
    template: str = "print/record.html"
    size: str = "a4"


RECORD = RecordArtefact()


def generated_at(now: dt.datetime | None = None) -> dt.datetime:
    """Wales local time, to the minute: the record says when it was made, and a cached
    copy is reused only within that minute (see Printer.record_pdf)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(WALES).replace(second=0, microsecond=0)


def record_context(result: Walk, contacts: dict, translator: Translator, version: str,
                   now: dt.datetime) -> dict:
    """Everything the record template shows, in the translator's language.

    `result` must be a finished walk (it ends at an outcome); `contacts` is the
    content's contact directory.
    """
    if not isinstance(result.current, Outcome):
        raise ValueError("a record needs a route that reaches an outcome")
    outcome = result.current
    tx = translator.markup

    answers = []
    for step in result.route:
        if isinstance(step.node, Info):
            answers.append({"question": tx(step.node.text), "answers": [], "info": True})
        else:
            answers.append({"question": tx(step.node.text), "info": False,
                            "answers": [tx(o.label) for o in step.node.options
                                        if o.id in step.answer]})
    evidence = outcome.evidence
    locale = translator.locale
    return {
        "flow_title": tx(result.flow.title),
        "flow_id": result.flow.id,
        "answers": answers,
        "outcome": {
            "title": tx(outcome.title),
            "summary": tx(outcome.summary, block=True) if outcome.summary else "",
            "steps": [tx(s, block=True) for s in outcome.steps],
            "next_steps": [tx(s, block=True) for s in outcome.next_steps],
            "do_not": [tx(s, block=True) for s in outcome.do_not],
            "record": [tx(s, block=True) for s in outcome.record],
        },
        "contacts": [{
            "name": tx(c.name), "phone": c.phone or "", "hours": tx(c.hours) if c.hours else "",
            "email": c.email or "", "url": (c.url or "").removeprefix("https://"),
            "awaiting": c.evidence.needs_verification,
        } for c in (contacts[cid] for cid in outcome.contacts)],
        "sources": [{"title": s.title, "url": s.url} for s in evidence.sources],
        "reviewed": format_date(evidence.reviewed, "long", locale=locale),
        "awaiting": evidence.needs_verification,
        "verification_note": tx(evidence.verification_note) if evidence.verification_note else "",
        "made": (f"{format_date(now, 'long', locale=locale)}, "
                 f"{format_time(now, 'HH:mm', locale=locale)} {now.strftime('%Z')}"),
        "made_iso": now.isoformat(timespec="minutes"),
        "version": version,
        "note_lines": NOTE_LINES,
    }
