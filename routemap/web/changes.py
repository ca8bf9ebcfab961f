"""/<lang>/changes/: what changed in each guide version, in plain words (flows/CHANGELOG.md).

The footer's version links here, and a link or record from an earlier version shows the
same lines for the versions since (guide pages, see `changes_since`).
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, g, has_request_context, render_template, request

from .. import changelog
from .state import state

bp = Blueprint("changes", __name__, url_prefix="/<lang>/changes")


def init_app(app) -> None:
    # Read once at start-up, like the rest of the content.
    app.extensions["routemap.changelog"] = changelog.read(Path(app.config["FLOWS_DIR"]))
    app.register_blueprint(bp)
    app.context_processor(old_link_context)


def versions() -> list[changelog.Version]:
    return current_app.extensions["routemap.changelog"]


def changes_since(number: str) -> list[changelog.Version]:
    return changelog.newer_than(versions(), number)


@bp.get("/")
def index():
    return render_template("changes/index.html", versions=versions())


def old_version_given() -> str | None:
    """The `v=` of this request if it names an earlier guide version, else None (no v,
    the current version, a later or unknown one, or nonsense: then there is nothing to say)."""
    given = request.args.get(changelog.VERSION_PARAM, "")
    current = state().content.version
    if not given or given == current or not changes_since(given):
        return None
    return given


def old_link_context() -> dict:
    """Every page opened from an earlier version's link says what changed since; guide
    pages add what happened to the answers (g.old_link_route, set by guide.node)."""
    # Not on the get-help pages: a victim scanning an old poster needs help, not a changelog;
    # nor outside a request (the CLI renders reports with the same templates).
    if not has_request_context() or request.endpoint is None or "lang" not in g or request.endpoint.startswith("help."):
        return {}
    old = old_version_given()
    if old is None:
        return {}
    return {"old_link": {"version": old, "since": changes_since(old), "route": g.get("old_link_route")}}
