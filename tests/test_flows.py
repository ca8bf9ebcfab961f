"""Every route through every real flow ends at an outcome that carries its evidence."""
import datetime as dt

import pytest

from routemap.walk import all_routes


def test_real_content_loads(real_content):
    assert real_content.flows, "flows/ has no flows"


def test_every_route_ends_at_an_outcome_with_sources(real_content):
    for flow in real_content.flows.values():
        routes = list(all_routes(flow))
        assert routes, flow.id
        reached = set()
        for route in routes:
            assert route.finished, f"{flow.id}: route stops at {route.current.id}"
            outcome = route.current
            assert outcome.evidence.sources and outcome.evidence.reviewed <= dt.date.today() + dt.timedelta(days=1)
            assert outcome.steps
            reached.add(outcome.id)
        assert reached == {o.id for o in flow.outcomes}, f"{flow.id}: outcomes no route reaches"


def test_every_contact_an_outcome_names_exists(real_content):
    for flow in real_content.flows.values():
        for outcome in flow.outcomes:
            for contact in outcome.contacts:
                assert contact in real_content.contacts
