"""/<lang>/changes/: what changed in each guide version, in plain words (flows/CHANGELOG.md).

The footer's version links here, and a link or record from an earlier version shows the
same lines for the versions since (guide pages, see `changes_since`).
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template

from .. import changelog

bp = Blueprint("changes", __name__, url_prefix="/<lang>/changes")


def init_app(app) -> None:
    # Read once at start-up, like the rest of the content.
    app.extensions["routemap.changelog"] = changelog.read(Path(app.config["FLOWS_DIR"]))
    app.register_blueprint(bp)


def versions() -> list[changelog.Version]:
    return current_app.extensions["routemap.changelog"]


def changes_since(number: str) -> list[changelog.Version]:
    return changelog.newer_than(versions(), number)


@bp.get("/")
def index():
    return render_template("changes/index.html", versions=versions())
