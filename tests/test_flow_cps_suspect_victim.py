"""The four-stage "suspect may be a victim" flow: every route ends at the right outcome.

The route tests enumerate every answer combination through the engine (all_routes), so
a rule that lets any route skip the Crown's burden or the V.C.L. step fails here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from routemap import validate
from routemap.loader import build_flow
from routemap.model import Outcome
from routemap.walk import SEEN, all_routes, walk
from routemap.yamlsource import read_yaml

PATH = Path(__file__).resolve().parent.parent / "flows" / "cps-suspect-victim.yaml"
PROSECUTE = {"prosecute", "prosecute-no-s45"}
NO_DECISION = {"not-referred", "awaiting"}


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


def nrm_answer(answers):
    return (answers.get("nrm") or answers.get("nrm-child") or (None,))[0]


def route(**answers) -> str:
    params = {k.replace("_", "-"): [v] for k, v in answers.items()}
    if "not-referred" in (params.get("nrm", []) + params.get("nrm-child", [])):
        params["seek-referral"] = [SEEN]
    if params.get("schedule-4") == ["not-sure"]:
        params["schedule-4-check"] = [SEEN]
    result = walk(FLOW, params)
    assert result.finished, f"{answers} stops at {result.current.id}"
    return result.current.id


def test_flow_is_for_cps_staff():
    assert FLOW.id == "cps-suspect-victim" and FLOW.audience == "cps"


def test_the_enumeration_covers_many_routes():
    # A guard on the route tests below: they are only as strong as the enumeration.
    assert len(ALL) > 150
    assert {o for _a, _p, o in ALL} >= PROSECUTE


def test_every_route_ends_at_an_outcome_and_every_outcome_is_reachable():
    outcomes = {n for n, node in NODES.items() if isinstance(node, Outcome)}
    assert {outcome for _a, _p, outcome in ALL} == outcomes
    visited = {n for _a, path, _o in ALL for n in path}
    assert visited == set(NODES), "unreachable nodes"


# --- The rules proved over every route -------------------------------------------------

def test_no_route_reaches_prosecute_without_the_disproof_question_answered_yes():
    for answers, path, outcome in ALL:
        if outcome in PROSECUTE:
            assert answers.get("disproof") == ("yes",), path


def test_no_route_without_an_nrm_decision_reaches_prosecute_without_the_vcl_step():
    for answers, path, outcome in ALL:
        if outcome in PROSECUTE and nrm_answer(answers) in NO_DECISION:
            assert answers.get("vcl-assessment") == ("cannot-wait",), path


def test_no_under_18_route_reaches_prosecute_without_an_assessment_or_the_vcl_step():
    """A child's route to "prosecute" either has a competent authority decision (an
    assessment by a qualified person) or passed the V.C.L. question."""
    child_routes = [(a, p) for a, p, o in ALL if o in PROSECUTE and a["age"] in (("under-18",), ("unsure",))]
    assert child_routes
    for answers, path in child_routes:
        assert "nrm-child" in path, path
        assert nrm_answer(answers) in ("positive", "negative") or "vcl-assessment" in path, path


def test_an_adult_who_does_not_consent_cannot_coexist_with_age_under_18():
    assert "declined" not in {o.id for o in NODES["nrm-child"].options}
    for answers, _path, _o in ALL:
        if answers.get("nrm") == ("declined",):
            assert answers["age"] == ("adult",)
        if "age" in answers:  # adults get the question with "does not consent", others not
            assert ("nrm" in answers) == (answers["age"] == ("adult",))


def test_unsure_age_assesses_both_limbs():
    for answers, path, _o in ALL:
        if answers.get("age") == ("unsure",) and "stage-3-child" in path and path[-1] != "s45-made-out":
            assert "stage-3-adult" in path, path
    paths = [p for a, p, _o in ALL if a.get("age") == ("unsure",) and "stage-3-child" in p]
    assert paths and all(p.index("stage-3-child") < p.index("stage-3-adult") for p in paths)


def test_either_limb_clearly_made_out_for_an_unsure_age_is_a_defence():
    base = dict(stage_1="yes", age="unsure", nrm_child="awaiting", act_date="after", stage_2="no",
                schedule_4="no")
    assert route(**base, stage_3_child="yes", stage_3_adult="no") == "s45-made-out"
    assert route(**base, stage_3_child="no", stage_3_adult="yes") == "s45-made-out"
    assert route(**base, stage_3_child="no", stage_3_adult="no", disproof="no") == "cannot-disprove"


def test_schedule_4_and_pre_2015_routes_never_ask_about_section_45_and_end_without_it():
    for answers, path, outcome in ALL:
        excluded = ("yes",) in (answers.get("schedule-4"), answers.get("schedule-4-confirm"))
        if excluded or answers.get("act-date") == ("before",):
            assert "stage-3-adult" not in path and "stage-3-child" not in path, path
            assert outcome != "prosecute", path  # its page says the defence may be raised
            if outcome in PROSECUTE:
                assert outcome == "prosecute-no-s45"
        elif outcome in PROSECUTE:
            assert outcome == "prosecute", path


def test_acts_before_31_july_2015_skip_schedule_4_and_section_45():
    for answers, path, _o in ALL:
        if answers.get("act-date") == ("before",):
            assert "schedule-4" not in path
    assert route(stage_1="yes", age="adult", nrm="negative", act_date="before", stage_2="no",
                 disproof="yes", stage_4="yes") == "prosecute-no-s45"


def test_schedule_4_not_sure_leads_to_the_list_and_a_second_answer():
    paths = [p for a, p, _o in ALL if a.get("schedule-4") == ("not-sure",)]
    assert paths and all(p[p.index("schedule-4") + 1:p.index("schedule-4") + 3] == ("schedule-4-check", "schedule-4-confirm")
                         for p in paths)
    body = str(NODES["schedule-4-check"].body)
    assert "../../cps/#schedule-4" in body and "../../cps/search?q=" in body
    base = dict(stage_1="yes", age="adult", nrm="negative", act_date="after", stage_2="no", schedule_4="not-sure")
    assert route(**base, schedule_4_confirm="yes", disproof="yes", stage_4="yes") == "prosecute-no-s45"
    assert route(**base, schedule_4_confirm="no", stage_3_adult="no", disproof="yes", stage_4="yes") == "prosecute"


# --- Node-level rules ------------------------------------------------------------------

def test_stage_1_no_stops_the_assessment():
    assert route(stage_1="no") == "not-a-victim"
    assert route(stage_1="not-sure") == "make-inquiries"


def test_no_referral_shows_referral_advice_before_continuing():
    paths = [p for a, p, _o in ALL if nrm_answer(a) == "not-referred"]
    assert paths and all(p[p.index("seek-referral") - 1] in ("nrm", "nrm-child") for p in paths)


def test_duress_comes_before_section_45():
    assert route(stage_1="yes", age="adult", nrm="positive", act_date="after", stage_2="yes") == "duress-made-out"


def test_disproof_no_ends_at_the_evidential_stage():
    assert route(stage_1="yes", age="adult", nrm="negative", act_date="after", stage_2="no",
                 schedule_4="no", stage_3_adult="no", disproof="no") == "cannot-disprove"


@pytest.mark.parametrize("nrm", sorted(NO_DECISION))
def test_vcl_step_can_wait_for_the_assessment(nrm):
    base = dict(stage_1="yes", age="under-18", nrm_child=nrm, act_date="after", stage_2="no",
                schedule_4="no", stage_3_child="no", disproof="yes")
    assert route(**base, vcl_assessment="wait") == "await-assessment"
    assert route(**base, vcl_assessment="cannot-wait", stage_4="yes") == "prosecute"


def test_a_competent_authority_decision_goes_straight_to_stage_4():
    assert route(stage_1="yes", age="adult", nrm="positive", act_date="after", stage_2="no",
                 schedule_4="no", stage_3_adult="no", disproof="yes", stage_4="no") == "no-public-interest"


@pytest.mark.parametrize("age, stage", [("adult", "stage-3-adult"), ("under-18", "stage-3-child"),
                                         ("unsure", "stage-3-child")])
def test_age_decides_the_first_section_45_limb(age, stage):
    paths = [p for a, p, _o in ALL if a.get("age") == (age,) and a.get("schedule-4") == ("no",)]
    assert paths and all(stage in p for p in paths)
    if age == "under-18":
        assert all("stage-3-adult" not in p for p in paths)


# --- What the pages say ----------------------------------------------------------------

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


def test_prosecute_outcomes_carry_the_youth_and_safeguarding_steps():
    for outcome_id in PROSECUTE:
        steps = " ".join(NODES[outcome_id].steps)
        assert "under 18" in steps and "safeguarding referral" in steps and "age assessment" in steps


def test_a_schedule_4_result_says_section_45_is_not_available_and_never_that_it_may_be_raised():
    no_s45 = NODES["prosecute-no-s45"]
    text = " ".join([*no_s45.steps, *no_s45.next_steps])
    assert "not available" in text
    assert "section 45" not in " ".join(no_s45.steps)  # "keep under review when ... section 45" would contradict
    assert "raise duress or the section 45 defence" not in text
    assert "section 45 defence at trial" in " ".join(NODES["prosecute"].next_steps)


def test_duress_hint_gives_its_limits():
    hint = str(NODES["stage-2"].hint)
    assert "murder or attempted murder" in hint and "R v Hasan [2005] UKHL 22" in hint


def test_the_disproof_hint_states_the_burden():
    hint = str(NODES["disproof"].hint)
    assert "need only raise evidence" in hint and "R v MK; R v Gega [2018] EWCA Crim 667" in hint


def test_stage_4_hint_names_the_nexus_and_its_authorities():
    hint = str(NODES["stage-4"].hint)
    assert "nexus" in hint and "L(C) [2013] EWCA Crim 991" in hint and "Joseph [2017] EWCA Crim 36" in hint


def test_brecani_is_cited_only_for_admissibility():
    for node in NODES.values():
        for text in [*getattr(node, "steps", ()), *getattr(node, "next_steps", ()), *getattr(node, "record", ()),
                     str(getattr(node, "hint", "") or "")]:
            if "Brecani" in str(text):
                assert "admissible" in str(text), (node.id, text)
