"""Counting usage where it happens (routemap/usage does the rest; README, "Usage figures").

Off unless ROUTEMAP_USAGE_STORE is set: then nothing here touches a request. When on:

- guide.answer calls `outcome_reached` when an answer leads to an outcome: that request
  is a redirect to the outcome page, so refreshing the outcome page, switching its
  language or coming back to it later does not count again;
- guide.area calls `area_chosen` for the "Which area are you in?" form on an outcome
  page, which goes through the same kind of redirect when counting is on;
- a print PDF or ZIP answered 200 counts once (a 304 revalidation does not).
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, request

from ..loader import ContentError
from ..usage import events
from ..usage.kinds import load_kinds
from ..usage.store import Counter, open_store
from .state import state

EXTENSION = "routemap.usage"
KINDS = "routemap.usage_kinds"
# Print endpoints whose 200 answer is a download (routemap/web/print.py, booklet.py).
PRINT_ENDPOINTS = {"print.pdf", "print.all_languages", "print.cps_booklet", "print.record"}


def init_app(app: Flask) -> None:
    # The mapping is checked whether or not counting is on, so a flow change that
    # leaves it behind is caught by `make test` and at start-up, not in the figures.
    kinds, problems = load_kinds(Path(app.config["FLOWS_DIR"]), state(app).content)
    if problems:
        raise ContentError(problems)
    app.extensions[KINDS] = kinds
    counter = app.extensions[EXTENSION] = Counter(open_store(app.config["USAGE_STORE"]))

    app.jinja_env.globals["usage_counting"] = counter.on  # fixed when the app is built

    if counter.on:
        app.after_request(count_print)


def counter() -> Counter:
    return current_app.extensions[EXTENSION]


def outcome_reached(flow, result) -> None:
    if counter().on and request.method == "GET":  # a HEAD (a link checker) is not a use
        kinds = current_app.extensions[KINDS].of(flow.id, result.answers)
        counter().add(events.outcome_reached(flow.id, result.current.id, g.lang, kinds))


def area_chosen(flow, area_id: str) -> None:
    if counter().on and request.method == "GET":
        counter().add(events.area_chosen(flow.id, area_id))


def count_print(response):
    """after_request: one download of a print, by artefact and language(s)."""
    if request.endpoint not in PRINT_ENDPOINTS or request.method != "GET" or response.status_code != 200:
        return response
    view_args = request.view_args or {}
    if request.endpoint == "print.record":
        artefact, langs = "record", [g.lang]
    elif request.endpoint == "print.cps_booklet":
        artefact, langs = "cps-booklet", request.args.getlist("language")[:1] or [g.lang]
    elif request.endpoint == "print.all_languages":
        artefact, langs = view_args.get("artefact", ""), ["all"]
    else:
        artefact = view_args.get("artefact", "")
        asked = set(request.args.getlist("language")) - {""} or {g.lang}
        langs = [code for code in state().languages if code in asked]  # Welsh first
    known = state().languages
    # A 200 means the print exists in these languages; checked again so that nothing
    # from the address but an artefact and language codes can reach the store.
    if all(code in known or code == "all" for code in langs):
        counter().add(events.print_downloaded(artefact, langs))
    return response
