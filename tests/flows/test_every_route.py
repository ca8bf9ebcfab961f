"""Every route of every flow, walked through the engine, and the worker flows checked
against the rules that must never break whatever a user answers.

The routes are enumerated with the engine's own `valid_answer` and `next_node`, one
answer at a time, so a shared route prefix is walked once. Questions are expanded over
every option. Checklists over: every option on its own, every combination of the
options that some rule tests, each untested option together with all the tested ones,
and each exclusive option: that covers every routing decision and every single sign.
"""
from __future__ import annotations

from itertools import combinations

import pytest

from routemap import walk as engine
from routemap.model import Checklist, Info, Outcome, Question

WORKER_FLOWS = ("possible-victim", "suspected-perpetrator")
FIRST_RESPONDER_ROLES = {"police", "local-authority"}  # the "police or council worker"
CHILD_AGES = {"under-18", "not-sure"}


def checklist_answers(node: Checklist, tested: set[str]) -> list[tuple[str, ...]]:
    plain = [o.id for o in node.options if not o.exclusive]
    relevant = [o for o in plain if o in tested]
    answers = {(o,) for o in plain}
    answers |= {c for n in range(1, len(relevant) + 1) for c in combinations(relevant, n)}
    answers |= {tuple(sorted({o, *relevant}, key=plain.index)) for o in plain}
    answers |= {(o.id,) for o in node.options if o.exclusive}
    return sorted(answers)


def every_route(flow):
    """(answers, outcome) for every route; answers is {node id: answer tuple}."""
    tested = {v for node in flow.nodes.values() for rule in getattr(node, "rules", ())
              for cond in rule.conditions for v in cond.values}

    def options(node):
        if isinstance(node, Info):
            return [(engine.SEEN,)]
        if isinstance(node, Checklist):
            return checklist_answers(node, tested)
        return [(o.id,) for o in node.options]

    def extend(node, answers):
        if isinstance(node, Outcome):
            yield dict(answers), node
            return
        for answer in options(node):
            assert engine.valid_answer(node, list(answer)) == answer, (node.id, answer)
            answers[node.id] = answer
            yield from extend(flow.nodes[engine.next_node(node, answer, answers)], answers)
            del answers[node.id]

    yield from extend(flow.nodes[flow.start], {})


@pytest.fixture(scope="module")
def routes(real_content):
    """Every route of every flow (the CPS flow too), by flow id."""
    return {fid: list(every_route(flow)) for fid, flow in real_content.flows.items()}


def steps_text(outcome: Outcome) -> str:
    return "\n".join(str(s) for s in outcome.steps)


def offers_duty_to_notify(outcome: Outcome) -> bool:
    """The outcome tells the worker to make a Duty to Notify report (not merely mentions it)."""
    return "choose Duty to Notify" in steps_text(outcome)


def offers_nrm_referral(outcome: Outcome) -> bool:
    """The outcome gives the worker the way to make (or agree) an NRM referral."""
    return "nrm-online" in outcome.contacts and "NRM referral" in steps_text(outcome)


def test_the_enumeration_reaches_every_outcome(routes, real_content):
    assert set(WORKER_FLOWS) <= set(routes)
    for fid, found in routes.items():
        assert {o.id for _, o in found} == {o.id for o in real_content.flows[fid].outcomes}, fid


def test_the_enumeration_is_the_engines_route(routes, real_content):
    """A sample of the enumerated routes, walked again from the URL form, end at the same
    outcome: the enumeration uses the engine, it does not reimplement it."""
    for fid, found in routes.items():
        flow = real_content.flows[fid]
        for answers, outcome in found[:: max(1, len(found) // 300)]:
            assert engine.walk(flow, {k: list(v) for k, v in answers.items()}).current is outcome


def test_a_disclosure_never_ends_at_no_clear_signs(routes):
    disclosures = [(a, o) for a, o in routes["possible-victim"] if "disclosed" in a.get("signs", ())]
    assert disclosures
    for answers, outcome in disclosures:
        assert outcome.id != "no-clear-signs", answers


def test_no_clear_signs_only_after_none_of_these(routes):
    for answers, outcome in routes["possible-victim"]:
        if outcome.id == "no-clear-signs":
            assert answers["signs"] == ("none",), answers


def test_not_sure_is_never_the_same_answer_as_none(real_content, routes):
    for fid in WORKER_FLOWS:
        for node in real_content.flows[fid].nodes.values():
            if isinstance(node, Question):
                for option in node.options:
                    label = str(option.label).lower()
                    assert not ("none" in label and "not sure" in label), f"{fid}/{node.id}/{option.id}: {option.label}"
    unsure = [(a, o) for a, o in routes["possible-victim"] if a.get("signs") == ("not-sure",)]
    assert unsure
    for answers, outcome in unsure:
        assert outcome.id != "no-clear-signs", answers


def test_no_child_route_offers_the_duty_to_notify(routes):
    children = [(a, o) for a, o in routes["possible-victim"] if set(a.get("age", ())) & CHILD_AGES]
    assert children
    for answers, outcome in children:
        assert not offers_duty_to_notify(outcome), (outcome.id, answers)


def test_police_and_councils_who_see_signs_always_refer_or_notify(routes):
    seen = [(a, o) for a, o in routes["possible-victim"]
            if set(a["role"]) & FIRST_RESPONDER_ROLES and "signs" in a and a["signs"] != ("none",)]
    assert seen
    for answers, outcome in seen:
        assert offers_nrm_referral(outcome) or offers_duty_to_notify(outcome), (outcome.id, answers)
