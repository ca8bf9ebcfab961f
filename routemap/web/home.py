"""The language chooser at / and each language's home page."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("home", __name__)


@bp.get("/")
def choose_language():
    return render_template("home/choose_language.html")


@bp.get("/<lang>/")
def index():
    content = current_app.extensions["routemap"]
    flows = [f for f in content.flows.values() if f.audience == "worker"]
    return render_template("home/index.html", flows=flows)
