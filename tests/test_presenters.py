"""Presenters: the view objects of pages, records, the API and diagrams, without Flask."""
import datetime as dt

import pytest
from babel.support import NullTranslations

from routemap import presenters
from routemap.translator import Translator
from routemap.walk import walk

ENGLISH = Translator("en", NullTranslations())
URLS = presenters.PageUrls(
    node=lambda node_id, answers: f"/n/{node_id}?{len(answers)}",
    nodes=lambda ids, answers: {i: f"/n/{i}" for i in ids},
    start="/start", answer=lambda node_id: f"/answer/{node_id}")


def test_heading_names_a_node(example_flow):
    assert presenters.heading(example_flow.nodes["danger"]) == example_flow.nodes["danger"].text
    assert presenters.heading(example_flow.nodes["child"]) == example_flow.nodes["child"].title


def test_exits_are_options_with_next_then_rules(example_flow):
    danger = [(e.target, e.option and e.option.id) for e in presenters.exits(example_flow.nodes["danger"])]
    assert danger == [("call-999", "yes"), ("age", "no")]
    signs = list(presenters.exits(example_flow.nodes["signs"]))
    assert signs and all(e.rule is not None and e.option is None for e in signs)
    assert signs[-1].rule.conditions == ()  # the fallback last, as the walk tries them
    assert list(presenters.exits(example_flow.nodes["child"])) == []


def test_a_question_page_has_its_form_and_the_route_so_far(example_content, example_flow):
    result = walk(example_flow, {"danger": ["no"], "age": ["adult"]})
    template, page = presenters.guide_page(result, example_flow.nodes["age"], example_content,
                                           URLS, problem="empty")
    assert template == "guide/choice.html"
    assert page["back_url"] == "/n/danger?2" and page["action"] == "/answer/age"
    assert page["selected"] == {"adult"} and page["problem"] == "empty"
    assert page["hidden"] == [("danger", "no")]  # its own answer comes from the form


@pytest.mark.parametrize("node_id,template", [("explain", "guide/info.html"),
                                              ("signs", "guide/choice.html")])
def test_each_kind_of_node_has_its_template(example_content, example_flow, node_id, template):
    result = walk(example_flow, {"danger": ["no"], "age": ["adult"], "signs": ["debt"]})
    assert presenters.guide_page(result, example_flow.nodes[node_id], example_content,
                                 URLS)[0] == template


def test_an_outcome_page_has_its_contacts_and_every_answer(example_content, example_flow):
    result = walk(example_flow, {"danger": ["yes"]})
    template, page = presenters.guide_page(result, result.current, example_content, URLS)
    assert template == "guide/outcome.html"
    assert [c.id for c in page["contacts"]] == list(result.current.contacts)
    assert page["hidden"] == [("danger", "yes")] and "action" not in page


def test_local_contacts_sorted_in_the_language_and_the_chosen_area(example_content):
    found = presenters.local_contacts(example_content, "cardiff", Translator("cy", NullTranslations()))
    assert [a.id for a in found["areas"]] == ["cardiff"]
    assert found["local"]["police"].id == "south-wales-police"
    assert presenters.local_contacts(example_content, "nowhere", ENGLISH)["local"] is None


def test_record_needs_an_outcome(example_content, example_flow):
    with pytest.raises(ValueError):
        presenters.record(walk(example_flow, {}), example_content.contacts, ENGLISH, "1",
                          dt.datetime(2026, 7, 1, 14, 5))


def test_api_presents_each_kind_of_node(example_content, example_flow):
    api = presenters.ApiPresenter(example_content, ENGLISH)
    kinds = {n["id"]: n["type"] for n in api.flow(example_flow)["nodes"]}
    assert kinds["danger"] == "question" and kinds["signs"] == "checklist"
    assert kinds["explain"] == "info" and kinds["child"] == "outcome"
    assert api.flow(example_flow)["url"] == "/api/v1/flows/example"
    assert {c["id"] for c in api.contacts()["contacts"]} == set(example_content.contacts)
