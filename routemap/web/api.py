"""Read-only JSON API for intranets and other front ends: the same content as the pages.

Flows come back translated by the same Translator the pages use, with English where a
string is not translated yet; presenters.ApiPresenter shapes the JSON. Nothing is written, nothing about a
user is read. `openapi.json` describes every response exactly; tests hold the two
together.
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..i18n import SOURCE_LANGUAGE
from ..presenters import ApiPresenter
from .language import translator
from .state import state

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def content():
    return state().content


class ApiError(HTTPException):
    pass


def fail(status: int, message: str):
    response = jsonify(error={"status": status, "message": message})
    response.status_code = status
    raise ApiError(response=response)


@bp.before_request
def choose_language():
    lang = request.args.get("lang", SOURCE_LANGUAGE)
    if lang not in state().languages:
        fail(400, f"unknown language {lang[:20]!r}; use one of: {', '.join(state().languages)}")
    g.lang = lang  # read by Flask-Babel's locale selector, as on /<lang>/ pages


@bp.after_request
def public_read_only(response):
    # Public, non-personal content: any site may read it, caches may keep it briefly.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


def present() -> ApiPresenter:
    """The API's view of the content in the request's language (presenters.py)."""
    return ApiPresenter(content(), translator())


def language_info() -> dict:
    lang = state().languages[g.lang]
    return {"lang": lang.code, "dir": lang.direction, "version": content().version}


@bp.get("/flows")
def flows():
    return jsonify(**language_info(), flows=[present().summary(f) for f in content().flows.values()])


@bp.get("/flows/<flow_id>")
def flow(flow_id: str):
    found = content().flows.get(flow_id)
    if found is None:
        fail(404, "there is no flow with that id; GET /api/v1/flows lists them")
    return jsonify(**language_info(), **present().flow(found))


@bp.get("/contacts")
def contacts():
    return jsonify(**language_info(), **present().contacts())


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(list(state().languages)))


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def openapi_document(languages: list[str]) -> dict:
    string, strings = {"type": "string"}, {"type": "array", "items": {"type": "string"}}
    ref = lambda name: {"$ref": f"#/components/schemas/{name}"}  # noqa: E731
    obj = lambda props, required=None: {"type": "object", "additionalProperties": False,  # noqa: E731
                                        "required": list(required or props), "properties": props}
    lang_info = {"lang": {"type": "string", "enum": languages}, "dir": {"type": "string", "enum": ["ltr", "rtl"]},
                 "version": string}
    evidence_props = {"sources": {"type": "array", "items": ref("Source")}, "reviewed": {"type": "string", "format": "date"},
                      "needs_verification": {"type": "boolean"}, "verification_note": _nullable(string)}
    summary_props = {"id": string, "title": string, "audience": {"type": "string", "enum": ["worker", "cps", "public"]},
                     "url": string}
    place_props = {"id": string, "name": string, "name_cy": string, "url": _nullable(string)}
    json_of = lambda schema: {"application/json": {"schema": schema}}  # noqa: E731
    error = {"description": "an error, as JSON", "content": json_of(ref("Error"))}
    lang_param = {"name": "lang", "in": "query", "required": False,
                  "description": "language of the text (default en); untranslated strings come in English",
                  "schema": {"type": "string", "enum": languages}}
    schemas = {
        "Error": obj({"error": obj({"status": {"type": "integer"}, "message": string})}),
        "Source": obj({"title": string, "url": string}),
        "Condition": obj({"node": string, "test": {"type": "string", "enum": ["any", "all", "none"]}, "values": strings}),
        "Rule": obj({"go": string, "when": {"type": "array", "items": ref("Condition")}}),
        "Option": obj({"id": string, "label": string, "hint": _nullable(string), "next": _nullable(string),
                       "exclusive": {"type": "boolean"}}),
        "QuestionNode": obj({"id": string, "type": {"type": "string", "enum": ["question", "checklist"]}, "text": string,
                             "hint": _nullable(string), "options": {"type": "array", "items": ref("Option")},
                             "routing": {"type": "array", "items": ref("Rule")}}),
        "InfoNode": obj({"id": string, "type": {"const": "info"}, "text": string, "hint": _nullable(string),
                         "body": _nullable(string), "routing": {"type": "array", "items": ref("Rule")}}),
        "OutcomeNode": obj({"id": string, "type": {"const": "outcome"}, "title": string, "summary": _nullable(string),
                            "steps": strings, "next_steps": strings, "do_not": strings, "record": strings,
                            "contacts": strings, **evidence_props}),
        "FlowSummary": obj(summary_props),
        "FlowList": obj({**lang_info, "flows": {"type": "array", "items": ref("FlowSummary")}}),
        "Flow": obj({**lang_info, **summary_props, "description": _nullable(string), "start": string,
                     "nodes": {"type": "array", "items": {"oneOf": [ref("QuestionNode"), ref("InfoNode"),
                                                                     ref("OutcomeNode")]}}}),
        "Contact": obj({"id": string, "name": string, "phone": _nullable(string), "hours": _nullable(string),
                        "description": _nullable(string), "url": _nullable(string), "email": _nullable(string),
                        **evidence_props}),
        "Place": obj(place_props),
        "Area": obj({**place_props, "police": string, "health_board": string}),
        "Contacts": obj({**lang_info, "contacts": {"type": "array", "items": ref("Contact")},
                         "areas": {"type": "array", "items": ref("Area")},
                         "police_forces": {"type": "array", "items": ref("Place")},
                         "health_boards": {"type": "array", "items": ref("Place")}}),
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Modern slavery route map for Wales: read-only content API", "version": "1.0.0",
                 "description": "The guide's flows and contacts, translated. Public content only; nothing is stored."},
        "paths": {
            "/api/v1/flows": {"get": {
                "operationId": "listFlows", "summary": "Every flow, with its title", "parameters": [lang_param],
                "responses": {"200": {"description": "the flows", "content": json_of(ref("FlowList"))}, "400": error}}},
            "/api/v1/flows/{flow_id}": {"get": {
                "operationId": "getFlow", "summary": "One flow, translated: nodes, options, routing and outcomes",
                "parameters": [{"name": "flow_id", "in": "path", "required": True, "schema": string}, lang_param],
                "responses": {"200": {"description": "the flow", "content": json_of(ref("Flow"))},
                              "400": error, "404": error}}},
            "/api/v1/contacts": {"get": {
                "operationId": "listContacts", "summary": "National contacts, and areas with their Welsh and English names",
                "parameters": [lang_param],
                "responses": {"200": {"description": "contacts and places", "content": json_of(ref("Contacts"))},
                              "400": error}}},
            "/api/v1/openapi.json": {"get": {
                "operationId": "openapi", "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1", "content": json_of({"type": "object"})}}}},
        },
        "components": {"schemas": schemas},
    }
