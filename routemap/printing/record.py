"""The record of a route through a guide, as a print: its template, size and time stamp.

What it says comes from `presenters.record` (the answers in the URL only: nothing is
looked up about the person and nothing is stored); Printer.record_pdf renders it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

WALES = ZoneInfo("Europe/London")


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
