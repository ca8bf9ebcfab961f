"""Practice mode on the guide's own pages: `?practice=<case>` (issue 14).

Kept apart from the practice views (web/practice.py) so that the guide can carry the
case on its links and forms without importing those views (which use the guide's
addresses). The case lives only in the URL, like the answers.
"""
from __future__ import annotations

from flask import abort, g, request, url_for
from flask_babel import gettext as _

from .state import state

PARAM = "practice"  # the query parameter that puts the guide in practice mode


def get_scenario(scenario_id: str):
    scenario = state().content.practice.get(scenario_id)
    if scenario is None:
        abort(404, description=_("There is no practice case with that name."))
    return scenario


def from_query(flow_id: str) -> None:
    """Practice mode for a guide page: `?practice=` must name a case on this flow."""
    scenario_id = request.args.get(PARAM)
    if scenario_id is None:
        return
    scenario = get_scenario(scenario_id)
    if scenario.flow != flow_id:
        abort(404, description=_("That practice case is not about this guide."))
    g.practice = scenario


def with_practice(url: str) -> str:
    """`url` with the practice case added, in practice mode; unchanged otherwise."""
    scenario = g.get("practice")
    if scenario is None:
        return url
    return f"{url}{'&' if '?' in url else '?'}{PARAM}={scenario.id}"


def compare_url(query: str) -> str:
    """The end of the walk in practice mode: the route beside the expert's."""
    url = url_for("practice.compare", scenario_id=g.practice.id)
    return f"{url}?{query}" if query else url
