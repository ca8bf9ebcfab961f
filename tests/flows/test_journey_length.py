"""How many pages a worker sees from the guide's start to its advice, over every route.

Issue 16's target: at most 8 pages on every route of the worker guides, counting the
start page and the advice (outcome) page. The start page of a flow with `entry_points`
lists the first question's answers as links (one per role), so that question is answered
there and is not a page of its own; every other question, checklist and information page
on the route is one page.

Run this file as a script to print the distribution:
    .venv/bin/python -m tests.flows.test_journey_length
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from routemap.loader import load_content
from routemap.model import Info
from routemap.walk import all_routes

WORKER_FLOWS = ("possible-victim", "suspected-perpetrator")
MAX_PAGES = 8


def pages_to_advice(flow, route) -> int:
    """Pages shown from the flow's start page to its outcome, both included."""
    asked = [step.node for step in route.route]
    if flow.entry_points:
        asked = asked[1:]  # answered by a link on the start page
    return 1 + len(asked) + 1


def distribution(flow) -> Counter:
    return Counter(pages_to_advice(flow, route) for route in all_routes(flow))


def test_every_worker_route_reaches_its_advice_in_at_most_8_pages(real_content):
    for fid in WORKER_FLOWS:
        flow = real_content.flows[fid]
        for route in all_routes(flow):
            pages = pages_to_advice(flow, route)
            assert pages <= MAX_PAGES, (fid, pages, [s.node.id for s in route.route], route.current.id)


def test_no_worker_route_stops_on_a_read_only_page(real_content):
    """What a Continue page said lives in hints and in the outcome's "before you act"."""
    for fid in WORKER_FLOWS:
        assert not [n.id for n in real_content.flows[fid].nodes.values() if isinstance(n, Info)], fid


def test_the_count_counts(example_content):
    """The measure itself: a longer route is more pages (so the test above can fail)."""
    flow = example_content.flows["example"]
    counts = distribution(flow)
    assert counts and min(counts) >= 2 and max(counts) > min(counts)


if __name__ == "__main__":
    content = load_content(Path(__file__).resolve().parents[2] / "flows")
    for fid in WORKER_FLOWS:
        counts = distribution(content.flows[fid])
        total = sum(counts.values())
        print(f"{fid}: {total} routes; pages from start to advice: "
              + ", ".join(f"{n} pages x{c}" for n, c in sorted(counts.items()))
              + f"; max {max(counts)}")
