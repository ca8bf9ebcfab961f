"""What one event adds: a list of (measure, breakdown), each counted once this month.

A measure is `what:subject`: what is counted, and the guide (flow) or print it is about.
Each event adds to separate counters, never to a combination of them: the area is
counted on its own event, and never with the kind of exploitation.
"""
from __future__ import annotations

# What each measure counts. Measures of one family count the same events, so they add
# up to the same total (publish.py uses this so that no total gives a hidden figure back).
MEASURES = {
    "outcome": "reached",       # outcome:FLOW    by outcome: outcomes reached
    "language": "reached",      # language:FLOW   by language: the same events
    "exploitation": None,       # exploitation:FLOW by kind: a route can name several kinds
    "area": "area",             # area:FLOW       by council area: local contacts asked for
    "print": "print",           # print:ARTEFACT  by language(s): PDFs downloaded
}


def outcome_reached(flow_id: str, outcome_id: str, lang: str, kinds: list[str]) -> list[tuple[str, str]]:
    return [(f"outcome:{flow_id}", outcome_id), (f"language:{flow_id}", lang),
            *((f"exploitation:{flow_id}", kind) for kind in kinds)]


def area_chosen(flow_id: str, area_id: str) -> list[tuple[str, str]]:
    return [(f"area:{flow_id}", area_id)]


def print_downloaded(artefact: str, langs: list[str]) -> list[tuple[str, str]]:
    """A bilingual print counts once, as e.g. `cy+en`; a ZIP of every language as `all`."""
    return [(f"print:{artefact}", "+".join(langs))]


def family(measure: str) -> str | None:
    """The events a measure counts, e.g. `reached:possible-victim`; None if its cells do
    not add up to a number of events."""
    what, _, subject = measure.partition(":")
    events = MEASURES.get(what)
    return f"{events}:{subject}" if events else None
