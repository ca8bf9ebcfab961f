"""The four-stage "suspect may be a victim" flow: every route ends at the right outcome.

Walks the YAML directly (rules as documented in flows/README.md) so these checks stand
on their own; the shared validator checks the file's shape.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

FLOW = yaml.safe_load((Path(__file__).resolve().parent.parent / "flows" / "cps-suspect-victim.yaml").read_text())
NODES = FLOW["nodes"]


def _holds(when: dict, answers: dict) -> bool:
    for node_id, test in when.items():
        given = answers.get(node_id, ())
        for kind, wanted in test.items():
            if kind == "any" and not set(given) & set(wanted):
                return False
            if kind == "all" and not set(wanted) <= set(given):
                return False
            if kind == "none" and set(given) & set(wanted):
                return False
    return True


def _next(node: dict, option: dict | None, answers: dict) -> str:
    if option and option.get("next"):
        return option["next"]
    rule = node["next"]
    if isinstance(rule, str):
        return rule
    for step in rule:
        if "otherwise" in step:
            return step["otherwise"]
        if _holds(step["when"], answers):
            return step["go"]
    raise AssertionError("rule list without otherwise")


def routes(node_id=None, answers=None, path=()):
    """Every (answers, path, outcome id) from the start."""
    node_id = node_id or FLOW["start"]
    answers = answers or {}
    node = NODES[node_id]
    path = path + (node_id,)
    assert node_id not in path[:-1], f"cycle at {node_id}"
    if node["type"] == "outcome":
        yield answers, path, node_id
    elif node["type"] == "info":
        yield from routes(_next(node, None, answers), answers, path)
    else:
        for option in node["options"]:
            chosen = {**answers, node_id: (option["id"],)}
            yield from routes(_next(node, option, chosen), chosen, path)


ALL = list(routes())


def walk(**answers) -> str:
    answers = {k.replace("_", "-"): (v,) for k, v in answers.items()}
    for given, _path, outcome in ALL:
        if all(given.get(k) == v for k, v in answers.items()) and set(given) <= set(answers):
            return outcome
    raise AssertionError(f"no route for {answers}")


def test_flow_is_for_cps_staff():
    assert FLOW["id"] == "cps-suspect-victim" and FLOW["audience"] == "cps"


def test_every_route_ends_at_an_outcome_and_every_outcome_is_reachable():
    outcomes = {n for n, node in NODES.items() if node["type"] == "outcome"}
    assert {outcome for _a, _p, outcome in ALL} == outcomes
    visited = {n for _a, path, _o in ALL for n in path}
    assert visited == set(NODES), "unreachable nodes"


def test_every_outcome_says_what_to_record_and_carries_evidence():
    for node_id, node in NODES.items():
        if node["type"] == "outcome":
            assert node["record"], node_id
            assert node["sources"] and node["reviewed"], node_id
            assert "contacts" in node, node_id
            if node.get("status") == "needs-verification":
                assert node["verification_note"], node_id


def test_every_outcome_after_stage_1_says_when_to_seek_an_nrm_referral():
    for _answers, path, outcome in ALL:
        if outcome != "not-a-victim":
            text = " ".join(NODES[outcome]["steps"])
            assert "NRM referral" in text or "consider one" in text, outcome


def test_stage_1_no_stops_the_assessment():
    assert walk(stage_1="no") == "not-a-victim"
    assert walk(stage_1="not-sure") == "make-inquiries"


def test_no_referral_shows_referral_advice_before_continuing():
    paths = [p for a, p, _o in ALL if a.get("nrm") == ("not-referred",)]
    assert paths and all(p[p.index("nrm") + 1] == "seek-referral" for p in paths)


def test_duress_comes_before_section_45():
    assert walk(stage_1="yes", nrm="positive", age="adult", stage_2="yes") == "duress-made-out"


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
    assert walk(**base, age="adult", stage_3_adult="yes") == "s45-made-out"
    assert walk(**base, age="under-18", stage_3_child="yes") == "s45-made-out"
    assert walk(**base, age="adult", stage_3_adult="no", stage_4="yes") == "prosecute"
    assert walk(**base, age="adult", stage_3_adult="no", stage_4="no") == "no-public-interest"
