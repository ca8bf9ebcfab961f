"""The read-only JSON API: answers match its OpenAPI document, in every language, and
schemathesis fuzzing finds no 500s and no response that breaks the document."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from routemap.web.state import state

PATHS = {"/api/v1/flows": "FlowList", "/api/v1/flows/{flow_id}": "Flow", "/api/v1/contacts": "Contacts"}


def validator_for(document: dict, name: str) -> Draft202012Validator:
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(
        {**document, "$schema": "https://json-schema.org/draft/2020-12/schema"}))
    schema = {"$ref": f"urn:openapi#/components/schemas/{name}"}
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def check(document: dict, name: str, body: dict):
    errors = sorted(validator_for(document, name).iter_errors(body), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


@pytest.fixture(scope="module")
def api(real_app):
    client = real_app.test_client()
    return client, client.get("/api/v1/openapi.json").get_json()


def test_the_document_lists_exactly_the_api_routes(real_app, api):
    _, document = api
    routes = {r.rule.replace("<flow_id>", "{flow_id}") for r in real_app.url_map.iter_rules()
              if r.endpoint.startswith("api.")}
    assert routes == set(document["paths"])
    assert set(state(real_app).languages) == set(
        document["paths"]["/api/v1/flows"]["get"]["parameters"][0]["schema"]["enum"])


def test_every_flow_and_the_contacts_match_the_document_in_every_language(real_app, api):
    client, document = api
    for lang in state(real_app).languages:
        listing = client.get(f"/api/v1/flows?lang={lang}")
        assert listing.status_code == 200
        check(document, "FlowList", listing.get_json())
        assert {f["id"] for f in listing.get_json()["flows"]} == set(state(real_app).content.flows)
        for summary in listing.get_json()["flows"]:
            response = client.get(f"{summary['url']}?lang={lang}")
            assert response.status_code == 200, summary["url"]
            check(document, "Flow", response.get_json())
        contacts = client.get(f"/api/v1/contacts?lang={lang}")
        check(document, "Contacts", contacts.get_json())
        assert contacts.headers["Access-Control-Allow-Origin"] == "*"
        assert "Set-Cookie" not in contacts.headers


def test_a_flow_carries_its_routing_outcomes_and_evidence(client):
    flow = client.get("/api/v1/flows/example").get_json()
    nodes = {n["id"]: n for n in flow["nodes"]}
    assert flow["start"] == "danger" and flow["lang"] == "en" and flow["dir"] == "ltr"
    assert nodes["danger"]["options"][0] == {"id": "yes", "label": "Yes", "hint": None, "next": "call-999",
                                             "exclusive": False}
    assert nodes["signs"]["routing"][0] == {"go": "child", "when": [
        {"node": "age", "test": "any", "values": ["under-18", "unsure"]}]}
    assert nodes["signs"]["routing"][-1] == {"go": "advice", "when": []}
    refer = nodes["refer"]
    assert refer["needs_verification"] and refer["verification_note"] == "Wording awaiting review."
    assert refer["contacts"] == ["victim-care"] and refer["reviewed"] == "2026-11-29"
    assert refer["sources"][0]["url"].startswith("https://")


def test_contacts_come_with_both_names_of_each_area(client):
    body = client.get("/api/v1/contacts?lang=cy").get_json()
    assert {"id": "cardiff", "name": "Cardiff", "name_cy": "Caerdydd", "police": "south-wales-police",
            "health_board": "cardiff-and-vale", "url": "https://www.cardiff.gov.uk"} in body["areas"]
    assert any(c["phone"] == "0800 808 3733" and c["needs_verification"] for c in body["contacts"])


def test_flows_are_translated_with_the_pages_gettext(build_translations):
    from routemap.web import create_app

    from .conftest import FIXTURES

    folder = build_translations({"cy": {
        ("example/nodes/danger/text", "Is anyone in immediate danger?"): "A oes unrhyw un mewn perygl?",
        ("example/nodes/danger/options/no/label", "No"): "Nac oes",
    }})
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TRANSLATIONS_DIR": str(folder)})
    client = app.test_client()
    nodes = {n["id"]: n for n in client.get("/api/v1/flows/example?lang=cy").get_json()["nodes"]}
    assert nodes["danger"]["text"] == "A oes unrhyw un mewn perygl?"
    assert nodes["danger"]["options"][1]["label"] == "Nac oes"
    assert nodes["danger"]["options"][0]["label"] == "Yes"  # not translated: English
    english = {n["id"]: n for n in client.get("/api/v1/flows/example").get_json()["nodes"]}
    assert english["danger"]["text"] == "Is anyone in immediate danger?"


@pytest.mark.parametrize("url, status", [
    ("/api/v1/flows/nope", 404), ("/api/v1/flows?lang=xx", 400), ("/api/v1/flows/example?lang=../../etc", 400),
    ("/api/v1/contacts?lang=", 400), ("/api/v1/nothing", 404), ("/api/v1/flows/example/extra", 404),
    ("/api/v2/flows", 404),
])
def test_unknown_flows_and_languages_are_json_errors(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]["status"] == status


def test_the_api_is_read_only(client):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/flows/example")
        assert response.status_code == 405 and response.is_json


@pytest.fixture(scope="module")
def api_schema(real_app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", real_app)


fuzzed = schemathesis.pytest.from_fixture("api_schema")


@fuzzed.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_fuzzing_the_api_finds_no_errors_and_no_answer_outside_the_document(case):
    # The WSGI client does not decompress; real HTTP clients do, so ask for plain bodies.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})
