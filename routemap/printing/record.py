"""The record of a route through a guide, as a print: when it was made.

What it says comes from `presenters.record` (the answers in the URL only: nothing is
looked up about the person and nothing is stored); its entry is
artefacts.PRINTABLES["route-record"], and Printer.record_pdf renders it.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

WALES = ZoneInfo("Europe/London")


def generated_at(now: dt.datetime | None = None) -> dt.datetime:
    """Wales local time, to the minute: the record says when it was made, and a cached
    copy is reused only within that minute (see Printer.record_pdf)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(WALES).replace(second=0, microsecond=0)
