"""Scenario tests for the guide's content: real situations walked through the real flows.

Each test tells a user's story, answers the questions the way that user would, and checks
what the outcome MUST and MUST NOT say. They run on the engine (`routemap.walk`), so a
scenario fails if either the content or the routing goes wrong.

Answers are given as {node id: option id} for questions and {node id: [option ids]} for
checklists. Information pages are continued automatically. Every answer given must be
used on the route: a scenario that answers a question the route never asks is a mistake
in the scenario (or a routing change worth noticing).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from routemap import validate
from routemap import walk as engine
from routemap.loader import build_flow, load_content
from routemap.model import Info, Outcome
from routemap.yamlsource import display_path, read_yaml

FLOWS = Path(__file__).resolve().parents[2] / "flows"

# The contact ids the flows may use (flows/contacts.yaml defines exactly these).
KNOWN_CONTACTS = {
    "emergency", "police-101", "emergency-text-relay", "helpline", "crimestoppers",
    "victim-care", "live-fear-free", "nspcc", "fair-work-agency", "childline", "migrant-help", "bawso",
    "nrm-online", "childrens-services", "adult-services",
}


# ----------------------------------------------------------------------------- helpers

@lru_cache(maxsize=None)
def load_flow(flow_id: str):
    """The flow, loaded and validated by the engine.

    With flows/contacts.yaml present the whole content folder is loaded (so contacts are
    checked too); without it, the flow file alone is checked and built.
    """
    if (FLOWS / "contacts.yaml").exists():
        return load_content(FLOWS).flows[flow_id]
    path = FLOWS / f"{flow_id}.yaml"
    tree = read_yaml(path)
    problems = validate.check_flow_tree(tree, display_path(path), path.stem)
    assert not problems, "\n".join(map(str, problems))
    flow = build_flow(tree, display_path(path))
    problems = validate.check_flow_graph(flow, None)
    assert not problems, "\n".join(map(str, problems))
    return flow


def walk(flow_id: str, answers: dict) -> Outcome:
    """Walk the flow with these answers and return the outcome reached."""
    flow = load_flow(flow_id)
    params = {k: [v] if isinstance(v, str) else list(v) for k, v in answers.items()}
    while True:
        result = engine.walk(flow, params)
        assert result.rejected is None, f"answer for '{result.rejected}' was not accepted: {params[result.rejected]}"
        if result.finished:
            break
        node = result.current
        assert isinstance(node, Info), f"the route stopped at '{node.id}' without an answer"
        params[node.id] = [engine.SEEN]
    unused = set(answers) - set(result.answers)
    assert not unused, f"answers given for questions the route did not ask: {sorted(unused)}"
    return result.current


def text(outcome: Outcome) -> str:
    """Everything the outcome page says, as one string."""
    parts = [outcome.title, outcome.summary or ""]
    for field in (outcome.steps, outcome.next_steps, outcome.do_not, outcome.record):
        parts += list(field)
    return "\n".join(str(p) for p in parts)


def says(outcome: Outcome, *phrases: str) -> None:
    body = text(outcome).lower()
    for phrase in phrases:
        assert phrase.lower() in body, f"{outcome.id} should say '{phrase}'"


def never_says(outcome: Outcome, *phrases: str) -> None:
    body = text(outcome).lower()
    for phrase in phrases:
        assert phrase.lower() not in body, f"{outcome.id} must not say '{phrase}'"


def first_contacts(outcome: Outcome, *ids: str) -> None:
    assert outcome.contacts[: len(ids)] == ids, f"{outcome.id}: contacts start {outcome.contacts}, expected {ids}"


SEEN_NO_DANGER = {"danger": "no"}


# ------------------------------------------------------------------ possible victims

def test_nurse_meets_a_16_year_old_whose_companion_answers_for_her():
    """A practice nurse sees a 16-year-old girl at a walk-in clinic. An older man answers
    every question for her and holds her passport. The nurse works for the NHS, which is
    not a First Responder: safeguarding comes first (children's services, then police),
    the NRM referral is made by them, and Duty to Notify never applies to a child."""
    outcome = walk("possible-victim", {
        "role": "health", **SEEN_NO_DANGER, "age": "under-18",
        "signs": ["speaks-for-them", "no-documents", "fearful"],
        "exploitation": ["sexual"],
    })
    assert outcome.id == "child-not-first-responder"
    first_contacts(outcome, "childrens-services", "police-101")
    assert "nrm-online" not in outcome.contacts
    says(outcome, "safeguarding lead", "Wales Safeguarding Procedures", "children's services or the police will make",
         "does not need to agree", "interpreter", "Independent Child Trafficking Guardian")
    never_says(outcome, "Duty to Notify")


def test_council_officer_finds_adult_car_wash_workers_sleeping_on_site_who_refuse_help():
    """A council environmental health officer inspects a hand car wash and finds adult men
    sleeping in a back room. They say they owe the boss for their travel and will not
    accept help. The council is a specified public authority: it must notify the Home
    Office (Duty to Notify, MSA s52) without naming them, and report the labour
    exploitation to the Fair Work Agency (formerly the GLAA)."""
    outcome = walk("possible-victim", {
        "role": "local-authority", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["lives-at-work", "debt", "wages"], "exploitation": ["labour"],
        "consent": "no", "adult-at-risk": "no",
    })
    assert outcome.id == "adult-duty-to-notify-labour"
    assert outcome.contacts[0] == "nrm-online"
    assert "fair-work-agency" in outcome.contacts
    says(outcome, "Duty to Notify", "Do not include their name", "must agree to one",
         "Respect their decision")
    assert any("section/52" in s.url for s in outcome.evidence.sources)


@pytest.mark.parametrize("role", ["health", "police", "public", "voluntary", "port-operator", "education"])
def test_anyone_who_sees_immediate_danger_is_told_to_call_999_first(role):
    """Whoever you are, if someone is being hurt or threatened right now, the guide stops
    asking questions and tells you to call 999, with the text relay for deaf users."""
    outcome = walk("possible-victim", {"role": role, "danger": "yes"})
    assert outcome.id == "call-999"
    first_contacts(outcome, "emergency", "emergency-text-relay")
    assert str(outcome.steps[0]).startswith("Call 999")
    says(outcome, "Do not confront")


def test_unsure_about_danger_is_treated_as_danger():
    """A housing officer hears shouting behind a locked door and is not sure whether anyone
    is in danger. When in doubt, 999."""
    outcome = walk("possible-victim", {"role": "housing", "danger": "not-sure"})
    assert outcome.id == "call-999"


def test_teacher_worried_about_a_pupil_carrying_drugs_for_older_boys():
    """A secondary school teacher notices a 14-year-old pupil with new phones and cash who
    goes missing for days and is collected by older boys in a car: possible county lines.
    A school is not a First Responder: the child goes to children's services through the
    safeguarding lead, and they or the police make the NRM referral."""
    outcome = walk("possible-victim", {
        "role": "education", **SEEN_NO_DANGER, "age": "under-18",
        "signs": ["fearful", "not-free"], "exploitation": ["criminal"],
    })
    assert outcome.id == "child-not-first-responder"
    first_contacts(outcome, "childrens-services")
    says(outcome, "Tell your safeguarding lead", "children's services or the police will make")
    never_says(outcome, "Duty to Notify", "Make the NRM referral through")


def test_ferry_company_worker_meets_a_woman_who_agrees_to_help():
    """A ferry company steward (a port operator, not the Home Office) talks to a woman
    travelling with a man who keeps her ticket and passport. Alone, she says she was
    promised a job and now owes money, and she wants help. The ferry company cannot refer
    her to the NRM: the guide sends the steward to a First Responder: the council, the
    police or a charity that is one, with the helpline to help find one."""
    outcome = walk("possible-victim", {
        "role": "port-operator", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["no-documents", "debt", "speaks-for-them"], "exploitation": ["sexual"],
        "consent": "yes",
    })
    assert outcome.id == "adult-refer-through-first-responder"
    first_contacts(outcome, "adult-services", "police-101", "migrant-help", "helpline")
    assert "nrm-online" not in outcome.contacts
    says(outcome, "cannot make", "First Responder", "adult safeguarding team, the police on 101, or a charity",
         "at least 30 days", "balance of probabilities")
    never_says(outcome, "45 days", "Duty to Notify")


def test_border_force_officer_refers_a_consenting_adult_to_the_nrm():
    """A Border Force officer at Holyhead finds a young man in a lorry who says he was
    brought to work on farms and has been told he owes thousands. He agrees to a referral.
    The Home Office is a First Responder: the officer makes the NRM referral online and
    contacts the victim care service, reported as needing verification."""
    outcome = walk("possible-victim", {
        "role": "home-office", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["debt", "no-documents"], "exploitation": ["labour"],
        "consent": "yes",
    })
    assert outcome.id == "adult-nrm-referral-labour"
    first_contacts(outcome, "nrm-online", "victim-care")
    assert "fair-work-agency" in outcome.contacts
    says(outcome, "Record their consent", "reasonable grounds to believe", "usually within 5 working days",
         "at least 30 days", "Single Competent Authority", "Nobody can promise")
    assert outcome.evidence.needs_verification
    assert "Salvation Army" in str(outcome.evidence.verification_note)


def test_housing_association_officer_with_overcrowded_tenancy_where_tenants_refuse_help():
    """A housing association officer finds twelve adults living in a three-bedroom flat,
    driven to a factory each morning. They do not want help. A housing association is
    neither a First Responder nor under the Duty to Notify: respect their decision, report
    to the police or Crimestoppers, and tell the Fair Work Agency about the labour exploitation."""
    outcome = walk("possible-victim", {
        "role": "housing", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["lives-at-work", "not-free"], "exploitation": ["labour"],
        "consent": "no", "adult-at-risk": "no",
    })
    assert outcome.id == "adult-no-consent-labour"
    for contact in ("helpline", "police-101", "crimestoppers", "fair-work-agency"):
        assert contact in outcome.contacts
    assert "nrm-online" not in outcome.contacts
    says(outcome, "Respect their decision", "anonymously")
    never_says(outcome, "Duty to Notify", "You must still notify")


def test_member_of_the_public_is_pointed_to_the_helpline_police_and_crimestoppers():
    """A neighbour notices people dropped off and picked up at odd hours from the house
    next door. As a member of the public, they get the helpline for advice, 101 to report
    and Crimestoppers to stay anonymous; no professional referral routes."""
    outcome = walk("possible-victim", {"role": "public", **SEEN_NO_DANGER})
    assert outcome.id == "public-report"
    first_contacts(outcome, "helpline", "police-101", "crimestoppers")
    assert "nrm-online" not in outcome.contacts
    says(outcome, "999", "101", "anonymous")
    never_says(outcome, "NRM", "Duty to Notify", "safeguarding lead")


def test_nurse_finds_labour_exploitation_and_is_given_the_fair_work_agency():
    """A hospital nurse treats a fruit picker with an untreated hand injury who says he is
    not paid and sleeps on the farm. He agrees to help. The NHS is not a First Responder,
    so the nurse asks one to refer him, and the Fair Work Agency (formerly the GLAA) is
    listed for the labour exploitation."""
    outcome = walk("possible-victim", {
        "role": "health", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["injuries", "wages", "lives-at-work"], "exploitation": ["labour"],
        "consent": "yes",
    })
    assert outcome.id == "adult-refer-through-first-responder-labour"
    assert "fair-work-agency" in outcome.contacts
    says(outcome, "Fair Work Agency (formerly the GLAA)", "safeguarding lead")


def test_council_officer_not_sure_of_age_treats_the_young_person_as_a_child():
    """A council social worker meets a young woman with no documents who says she is 19
    but looks much younger. Under MSA s51 she is treated as a child until her age is
    assessed: a full NRM referral, no consent needed, never Duty to Notify."""
    outcome = walk("possible-victim", {
        "role": "local-authority", **SEEN_NO_DANGER, "age": "not-sure",
        "signs": ["no-documents", "fearful"], "exploitation": ["not-sure"],
    })
    assert outcome.id == "child-first-responder"
    first_contacts(outcome, "childrens-services", "police-101", "nrm-online")
    says(outcome, "treat them as a child", "Never use the Duty to Notify", "do not need the child's consent")
    assert any("section/51" in s.url for s in outcome.evidence.sources)


def test_police_officer_with_a_child_in_a_cannabis_farm_is_never_asked_for_consent():
    """Police raiding a cannabis farm find a 15-year-old boy tending the plants. The police
    are a First Responder: safeguard him with children's services and make the NRM
    referral. The guide does not ask whether a child consents."""
    outcome = walk("possible-victim", {
        "role": "police", **SEEN_NO_DANGER, "age": "under-18",
        "signs": ["lives-at-work", "not-free"], "exploitation": ["criminal"],
    })
    assert outcome.id == "child-first-responder"
    says(outcome, "make the NRM referral through", "safe now")
    never_says(outcome, "Respect their decision")


def test_charity_that_is_a_first_responder_refers_an_adult_who_agrees():
    """A caseworker at a charity that is a listed First Responder meets a woman kept as a
    domestic servant, who wants help. The charity can make the NRM referral itself."""
    outcome = walk("possible-victim", {
        "role": "voluntary-first-responder", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["not-free", "wages"], "exploitation": ["domestic"],
        "consent": "yes",
    })
    assert outcome.id == "adult-nrm-referral"
    first_contacts(outcome, "nrm-online")


def test_charity_first_responder_is_not_under_the_duty_to_notify():
    """The same charity meets a man who refuses a referral. Charities are not specified
    public authorities under MSA s52, so there is no Duty to Notify: respect his decision
    and report concerns to the police."""
    outcome = walk("possible-victim", {
        "role": "voluntary-first-responder", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["debt"], "exploitation": ["criminal"],
        "consent": "no", "adult-at-risk": "no",
    })
    assert outcome.id == "adult-no-consent"
    never_says(outcome, "Duty to Notify")
    assert "police-101" in outcome.contacts


def test_small_charity_not_on_the_list_asks_a_first_responder():
    """A volunteer at a food bank (not a First Responder) meets a man who wants help
    getting away from a gang that takes his wages. The volunteer cannot refer him to the
    NRM, and his charity does not know whether it is a First Responder: the guide says how
    to find out, and does not tell him his organisation cannot refer."""
    outcome = walk("possible-victim", {
        "role": "voluntary", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["wages"], "exploitation": ["not-sure"], "consent": "yes",
    })
    assert outcome.id == "adult-refer-through-first-responder"
    says(outcome, "Not sure whether your organisation is a First Responder", "manager or safeguarding lead",
         "list of First Responder Organisations")


def test_social_worker_with_an_adult_at_risk_who_refuses_an_nrm_referral():
    """A council social worker visits a man with a learning disability whose 'friends'
    have moved into his flat and use it to sell drugs (cuckooing). He will not agree to a
    referral. He may be an adult at risk: report to adult safeguarding first (consent can
    be overridden where the law allows, with reasons recorded), and the council still
    makes an anonymous Duty to Notify."""
    outcome = walk("possible-victim", {
        "role": "local-authority", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["fearful", "not-free"], "exploitation": ["criminal"],
        "consent": "no", "adult-at-risk": "yes",
    })
    assert outcome.id == "adult-duty-to-notify-at-risk"
    first_contacts(outcome, "adult-services", "nrm-online")
    says(outcome, "adult at risk", "Record why", "Duty to Notify")


def test_dentist_with_an_adult_at_risk_who_refuses_help_reports_to_adult_safeguarding():
    """A dentist treats an older woman with dementia whose carer's relatives make her
    clean their houses unpaid. She does not want any fuss. The dentist (not a First
    Responder, not under the Duty to Notify) reports to adult safeguarding and the police."""
    outcome = walk("possible-victim", {
        "role": "health", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["wages", "injuries"], "exploitation": ["domestic"],
        "consent": "no", "adult-at-risk": "not-sure",
    })
    assert outcome.id == "adult-no-consent-at-risk"
    first_contacts(outcome, "adult-services")
    never_says(outcome, "Duty to Notify")


def test_police_cannot_speak_to_an_adult_safely_so_consent_is_not_asked():
    """A police officer at a brothel raid cannot speak to a woman alone: a man insists on
    staying with her. Consent cannot be asked safely, so the guide skips that question:
    the police make an anonymous Duty to Notify and look for a safe chance to talk."""
    outcome = walk("possible-victim", {
        "role": "police", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["speaks-for-them", "fearful"], "exploitation": ["sexual"],
        "consent": "not-asked", "adult-at-risk": "no",
    })
    assert outcome.id == "adult-duty-to-notify"
    says(outcome, "could not ask them safely", "safe chance to speak to them alone", "professional interpreter")


def test_fair_work_agency_officer_is_not_told_to_report_to_itself():
    """A Fair Work Agency officer (formerly the GLAA) finds agency workers in a packing
    plant who refuse a referral. The guide routes them as the GLAA was, to the Duty to
    Notify, says that this duty is awaiting confirmation for the new agency, and does not
    tell the agency to report to itself."""
    outcome = walk("possible-victim", {
        "role": "fair-work-agency", **SEEN_NO_DANGER, "age": "adult",
        "signs": ["wages", "debt"], "exploitation": ["labour"],
        "consent": "no", "adult-at-risk": "no",
    })
    assert outcome.id == "adult-duty-to-notify"
    assert "fair-work-agency" not in outcome.contacts
    says(outcome, "whether the Fair Work Agency (formerly the GLAA) has it now is awaiting confirmation")
    assert outcome.evidence.needs_verification


def test_health_visitor_with_no_clear_signs_gets_advice():
    """A health visitor has an uneasy feeling about a family's lodger but has seen none of
    the listed signs. The guide does not dismiss it: talk to the safeguarding lead, call
    the helpline for advice and keep a record."""
    outcome = walk("possible-victim", {
        "role": "health", **SEEN_NO_DANGER, "age": "adult", "signs": ["none"],
    })
    assert outcome.id == "no-clear-signs"
    first_contacts(outcome, "helpline")
    says(outcome, "safeguarding lead", "You do not need to be sure", "Facts, not opinions")


# ------------------------------------------- November 2026 review (issue 11), one per finding

def test_council_worker_told_outright_that_a_man_is_forced_to_work_is_sent_to_act():
    """Finding 1. A council housing officer visits a flat; a man says quietly that he is
    forced to work and cannot leave. He shows none of the other signs. Before, the
    checklist had no answer for this and he ended at "no clear signs". A disclosure now
    leads on, and a council (a First Responder) is offered the NRM referral."""
    outcome = walk("possible-victim", {
        "role": "local-authority", **SEEN_NO_DANGER, "age": "adult", "signs": ["disclosed"],
        "exploitation": ["not-sure"], "consent": "yes",
    })
    assert outcome.id == "adult-nrm-referral"
    first_contacts(outcome, "nrm-online")


def test_teacher_not_sure_about_a_pupil_who_goes_missing_is_not_told_there_are_no_signs():
    """Finding 1. A teacher sees a 15-year-old who keeps going missing and has new phones,
    and is not sure it means anything. "Not sure" is its own answer, carries on, and the
    child route follows; "None of these" alone leads to no clear signs."""
    unsure = walk("possible-victim", {
        "role": "education", **SEEN_NO_DANGER, "age": "under-18", "signs": ["not-sure"],
        "exploitation": ["criminal"],
    })
    assert unsure.id == "child-not-first-responder"
    signs = walk("possible-victim", {
        "role": "education", **SEEN_NO_DANGER, "age": "under-18", "signs": ["goes-missing", "money-phones"],
        "exploitation": ["criminal"],
    })
    assert signs.id == "child-not-first-responder"


def test_nrm_referral_describes_todays_reasonable_grounds_test_without_the_withdrawn_words():
    """Finding 2. A police officer refers an adult who agrees. The page describes the
    reasonable grounds test as it stands, never quotes the wording withdrawn in 2023, and
    never suggests that the officer needs corroboration before referring."""
    outcome = walk("possible-victim", {
        "role": "police", **SEEN_NO_DANGER, "age": "adult", "signs": ["debt"],
        "exploitation": ["sexual"], "consent": "yes",
    })
    says(outcome, "reasonable grounds to believe", "You do not need proof before you refer", "at least 30 days")
    never_says(outcome, "objective factors", "five outcomes", "corroborat")
    assert "reasonable-grounds" in outcome.blocks


def test_child_route_says_a_local_panel_may_decide_and_offers_a_guardian():
    """Finding 3. Children's services refer a 14-year-old. The page says the Home Office or,
    in some areas, a local panel decides; it asks about an Independent Child Trafficking
    Guardian as well as the NRM referral; and it gives no guardian number (none confirmed)."""
    outcome = walk("possible-victim", {
        "role": "local-authority", **SEEN_NO_DANGER, "age": "under-18", "signs": ["older-friends"],
        "exploitation": ["sexual"],
    })
    assert outcome.id == "child-first-responder"
    says(outcome, "in some areas a local panel", "Independent Child Trafficking Guardian", "turns 18",
         "telling a First Responder")
    never_says(outcome, "The Home Office decides on the referral, not you")


def test_adult_who_may_lack_capacity_gets_a_best_interests_decision_not_a_refusal():
    """Finding 4. A police officer meets a man with a severe learning disability who cannot
    understand what a referral is. That is not a "no": the guide sends the officer to a
    best-interests decision with adult safeguarding, and still to the NRM referral or
    the Duty to Notify."""
    outcome = walk("possible-victim", {
        "role": "police", **SEEN_NO_DANGER, "age": "adult", "signs": ["wages"],
        "exploitation": ["labour"], "consent": "no-capacity",
    })
    assert outcome.id == "adult-best-interests"
    says(outcome, "best-interests decision", "Mental Capacity Act 2005", "not the same as saying no",
         "NRM referral", "choose Duty to Notify")
    assert outcome.evidence.needs_verification


def test_consent_is_explained_before_it_is_asked_and_adults_can_leave_by_saying_so():
    """Finding 4. With the consent question the worker is told what to explain first (the NRM,
    its support, the outcomes, that the Home Office may share it with the police and the
    council, that no is valid), and the referral page says an adult can leave the NRM by
    telling a First Responder (since February 2026)."""
    flow = load_flow("possible-victim")
    page = str(flow.nodes["consent"].hint)
    for phrase in ("what the National Referral Mechanism (NRM) is", "support", "possible outcomes", "share it with the police and the council",
                   "no is a valid answer", "more risk", "mental capacity"):
        assert phrase in page, phrase
    outcome = walk("possible-victim", {
        "role": "home-office", **SEEN_NO_DANGER, "age": "adult", "signs": ["no-documents"],
        "exploitation": ["domestic"], "consent": "yes",
    })
    says(outcome, "Since February 2026 they can tell a First Responder", "no is a valid answer")


def test_an_old_link_for_the_glaa_reaches_the_fair_work_agency_route():
    """Finding 5. A bookmark made before April 2026 says role=glaa. It still walks, as the
    Fair Work Agency (formerly the GLAA), to the same outcome as the new id."""
    answers = {**SEEN_NO_DANGER, "age": "adult", "signs": ["wages"], "exploitation": ["labour"],
               "consent": "yes"}
    old = walk("possible-victim", {"role": "glaa", **answers})
    new = walk("possible-victim", {"role": "fair-work-agency", **answers})
    assert old is new and old.id == "adult-nrm-referral"
    role = load_flow("possible-victim").nodes["role"].option("glaa")
    assert role.id == "fair-work-agency" and "formerly the Gangmasters and Labour Abuse Authority" in str(role.label)


def test_fair_work_agency_contact_is_marked_until_its_number_is_confirmed(real_content):
    """Finding 5. The Fair Work Agency's number is the GLAA's old line: shown, but marked
    awaiting verification, and every outcome that lists it says so."""
    contact = real_content.contacts["fair-work-agency"]
    assert contact.evidence.needs_verification and "formerly" in str(contact.name)
    for flow in real_content.flows.values():
        for outcome in flow.outcomes:
            if "fair-work-agency" in outcome.contacts:
                assert outcome.evidence.needs_verification, outcome.id


def test_helpline_confidentiality_always_comes_with_its_exceptions():
    """Finding 6. A worker hands over the helpline number. The page says it is confidential
    only next to the helpline's own exceptions (immediate danger, a child at risk)."""
    outcome = walk("possible-victim", {
        "role": "health", **SEEN_NO_DANGER, "age": "adult", "signs": ["fearful"],
        "exploitation": ["sexual"], "consent": "no", "adult-at-risk": "no",
    })
    says(outcome, "free and confidential. It asks before it passes on anyone's details, unless someone is in immediate danger or a child is at risk")


def test_safeguarding_report_consent_is_conditional_and_the_duty_to_report_is_named():
    """Finding 7. A nurse reports an adult at risk who refuses an NRM referral. She is told
    to ask for consent to the safeguarding report only where that adds no risk, that
    relevant partners must report (SSWBA 2014 ss128 and 130), and, reporting to the police
    without consent, to share only what is needed and tell the person where safe."""
    outcome = walk("possible-victim", {
        "role": "health", **SEEN_NO_DANGER, "age": "adult", "signs": ["injuries"],
        "exploitation": ["domestic"], "consent": "no", "adult-at-risk": "yes",
    })
    assert outcome.id == "adult-no-consent-at-risk"
    says(outcome, "do not ask if asking would put them or anyone else at more risk",
         "sections 128 and 130", "Share only what the police need", "if it is safe to tell them")


def test_council_police_no_consent_report_shares_only_what_is_needed():
    """Finding 7. A council officer makes a Duty to Notify for an adult who says no and
    reports to the police: share only what is needed, tell the person where safe."""
    outcome = walk("possible-victim", {
        "role": "local-authority", **SEEN_NO_DANGER, "age": "adult", "signs": ["debt"],
        "exploitation": ["criminal"], "consent": "no", "adult-at-risk": "no",
    })
    says(outcome, "Share only what the police need to act on", "choose Duty to Notify")


def test_relay_numbers_are_cited_from_wales_or_marked(real_content):
    """Finding 7. 101 and text relay are cited from a Welsh police force, and what was seen
    only on English pages is marked awaiting verification."""
    police = real_content.contacts["police-101"]
    assert any("south-wales.police.uk" in s.url for s in police.evidence.sources)
    relay = real_content.contacts["emergency-text-relay"]
    assert relay.evidence.needs_verification
    assert not any("westyorkshire" in s.url for c in real_content.contacts.values() for s in c.evidence.sources)


# ------------------------------------------------------------- suspected perpetrators

def test_someone_in_danger_at_a_suspected_brothel_means_999():
    """A taxi licensing officer sees a woman being pushed into a car outside a house she
    suspects is a brothel. Someone is in danger now: 999."""
    outcome = walk("suspected-perpetrator", {"danger": "yes"})
    assert outcome.id == "report-999"
    first_contacts(outcome, "emergency")


def test_trading_standards_officer_reports_a_nail_bar_to_the_fair_work_agency_and_police():
    """A trading standards officer thinks a nail bar's workers live upstairs and are not
    paid. It is about a place and labour exploitation: report to the Fair Work Agency and the police,
    or Crimestoppers anonymously; do not confront or investigate."""
    outcome = walk("suspected-perpetrator", {"danger": "no", "concern": "place", "kind": ["labour"]})
    assert outcome.id == "report-concerns-labour"
    first_contacts(outcome, "fair-work-agency", "police-101")
    assert "crimestoppers" in outcome.contacts
    says(outcome, "Do not confront", "Do not investigate", "number plate", "Facts, not opinions")


def test_neighbour_suspects_a_man_of_exploiting_children_and_wants_to_stay_anonymous():
    """A school caretaker suspects a man who drives pupils around of using them to carry
    drugs. Children may be involved: children's services too; Crimestoppers if he wants to
    stay anonymous. No Fair Work Agency, since it is not labour exploitation."""
    outcome = walk("suspected-perpetrator", {"danger": "no", "concern": "exploiter",
                                             "kind": ["criminal", "children"]})
    assert outcome.id == "report-concerns"
    for contact in ("police-101", "crimestoppers", "childrens-services"):
        assert contact in outcome.contacts
    assert "fair-work-agency" not in outcome.contacts
    says(outcome, "anonymous")


def test_worry_about_a_person_met_is_sent_to_the_possible_victim_guide():
    """A GP receptionist is worried about a patient rather than about a place. The guide
    sends her to the possible-victim guide, by name."""
    outcome = walk("suspected-perpetrator", {"danger": "no", "concern": "victim"})
    assert outcome.id == "see-possible-victim-guide"
    title = str(load_flow("possible-victim").title)
    says(outcome, title)


# ----------------------------------------------------------------- whole-flow checks

def _routes(flow_id):
    return list(engine.all_routes(load_flow(flow_id)))


def test_every_outcome_can_be_reached():
    for flow_id in ("possible-victim", "suspected-perpetrator"):
        flow = load_flow(flow_id)
        reached = {w.current.id for w in _routes(flow_id)}
        assert reached == {o.id for o in flow.outcomes}


def test_a_child_never_gets_duty_to_notify_or_a_consent_question():
    for route in _routes("possible-victim"):
        answers = route.answers
        if answers.get("age", ("adult",))[0] in ("under-18", "not-sure"):
            assert "consent" not in answers
            assert "duty-to-notify" not in route.current.id
            assert not route.current.id.startswith("adult-")


def test_only_specified_public_authorities_are_told_to_notify():
    specified = {"police", "local-authority", "home-office", "fair-work-agency"}
    for route in _routes("possible-victim"):
        if "duty-to-notify" in route.current.id:
            assert route.answers["role"][0] in specified


def test_only_first_responders_make_the_referral_themselves():
    first_responders = {"police", "local-authority", "home-office", "fair-work-agency"}
    for route in _routes("possible-victim"):
        if route.current.id.startswith(("adult-nrm-referral", "child-first-responder")):
            role = route.answers["role"][0]
            assert role in first_responders | {"voluntary-first-responder"}


def test_labour_exploitation_always_brings_in_the_fair_work_agency_for_adults():
    for route in _routes("possible-victim"):
        answers = route.answers
        if ("labour" in answers.get("exploitation", ()) and route.current.id.startswith("adult-")
                and answers["role"][0] != "fair-work-agency"):
            assert "fair-work-agency" in route.current.contacts, route.current.id


def test_outcomes_follow_the_content_rules():
    """No phone numbers but 999 and 101, no out-of-date 45-day period, known contacts,
    sources and the review date on every outcome, and a note wherever something awaits
    verification."""
    phone = re.compile(r"\b0\d{2,4}[ \d]{5,}\b|\b\d{5,}\b")
    for flow_id in ("possible-victim", "suspected-perpetrator"):
        for outcome in load_flow(flow_id).outcomes:
            body = text(outcome)
            assert not phone.search(body), f"{outcome.id}: phone number in text"
            assert "45" not in body, f"{outcome.id}: the recovery period is at least 30 days, not 45"
            assert set(outcome.contacts) <= KNOWN_CONTACTS, outcome.id
            assert outcome.evidence.sources and str(outcome.evidence.reviewed) in ("2026-11-29", "2026-11-30")
            if "victim-care" in outcome.contacts:
                assert outcome.evidence.needs_verification, f"{outcome.id}: victim care provider is VERIFY"
            if outcome.evidence.needs_verification:
                assert outcome.evidence.verification_note
            assert outcome.do_not and outcome.record, f"{outcome.id}: say what not to do and what to record"
