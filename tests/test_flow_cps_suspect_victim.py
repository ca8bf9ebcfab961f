"""The four-stage "suspect may be a victim" flow: every route ends at the right outcome."""
from __future__ import annotations

from pathlib import Path

import pytest

from routemap import validate
from routemap.loader import build_flow
from routemap.model import Outcome
from routemap.walk import SEEN, all_routes, walk
from routemap.yamlsource import read_yaml

PATH = Path(__file__).resolve().parent.parent / "flows" / "cps-suspect-victim.yaml"


def _load():
    tree = read_yaml(PATH)
    problems = validate.check_flow_tree(tree, str(PATH), PATH.stem)
    assert not problems, problems
    flow = build_flow(tree, str(PATH))
    problems = validate.check_flow_graph(flow, None)
    assert not problems, problems
    return flow


FLOW = _load()
NODES = FLOW.nodes
ALL = [(r.answers, tuple(s.node.id for s in r.route) + (r.current.id,), r.current.id) for r in all_routes(FLOW)]


def route(**answers) -> str:
    params = {k.replace("_", "-"): [v] for k, v in answers.items()}
    if "nrm" in params and params["nrm"] == ["not-referred"]:
        params["seek-referral"] = [SEEN]
    result = walk(FLOW, params)
    assert result.finished, f"{answers} stops at {result.current.id}"
    return result.current.id


def test_flow_is_for_cps_staff():
    assert FLOW.id == "cps-suspect-victim" and FLOW.audience == "cps"


def test_every_route_ends_at_an_outcome_and_every_outcome_is_reachable():
    outcomes = {n for n, node in NODES.items() if isinstance(node, Outcome)}
    assert {outcome for _a, _p, outcome in ALL} == outcomes
    visited = {n for _a, path, _o in ALL for n in path}
    assert visited == set(NODES), "unreachable nodes"


def test_every_outcome_says_what_to_record_and_carries_evidence():
    for outcome in FLOW.outcomes:
        assert outcome.record, outcome.id
        assert outcome.evidence.sources and outcome.evidence.reviewed, outcome.id
        if outcome.evidence.needs_verification:
            assert outcome.evidence.verification_note, outcome.id


def test_every_outcome_after_stage_1_says_when_to_seek_an_nrm_referral():
    for outcome in FLOW.outcomes:
        if outcome.id != "not-a-victim":
            text = " ".join(outcome.steps)
            assert "NRM referral" in text or "consider one" in text, outcome.id


def test_stage_1_no_stops_the_assessment():
    assert route(stage_1="no") == "not-a-victim"
    assert route(stage_1="not-sure") == "make-inquiries"


def test_no_referral_shows_referral_advice_before_continuing():
    paths = [p for a, p, _o in ALL if a.get("nrm") == ("not-referred",)]
    assert paths and all(p[p.index("nrm") + 1] == "seek-referral" for p in paths)


def test_duress_comes_before_section_45():
    assert route(stage_1="yes", nrm="positive", age="adult", stage_2="yes") == "duress-made-out"


@pytest.mark.parametrize("age, stage", [("adult", "stage-3-adult"), ("under-18", "stage-3-child"),
                                         ("unsure", "stage-3-child")])
def test_age_decides_the_section_45_limb_and_unsure_is_treated_as_a_child(age, stage):
    paths = [p for a, p, _o in ALL if a.get("age") == (age,) and a.get("schedule-4") == ("no",)]
    assert paths and all(stage in p for p in paths)


def test_schedule_4_offence_skips_section_45_to_the_public_interest():
    for answers, path, _o in ALL:
        if answers.get("schedule-4") == ("yes",):
            assert "stage-3-adult" not in path and "stage-3-child" not in path
            assert path[path.index("schedule-4") + 1] == "stage-4"


def test_section_45_and_public_interest_outcomes():
    base = dict(stage_1="yes", nrm="awaiting", stage_2="no", schedule_4="no")
    assert route(**base, age="adult", stage_3_adult="yes") == "s45-made-out"
    assert route(**base, age="under-18", stage_3_child="yes") == "s45-made-out"
    assert route(**base, age="adult", stage_3_adult="no", stage_4="yes") == "prosecute"
    assert route(**base, age="adult", stage_3_adult="no", stage_4="no") == "no-public-interest"
