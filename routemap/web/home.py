"""The language chooser at / and each language's home page."""
from __future__ import annotations

from flask import Blueprint, render_template

from .language import translators
from .state import state

bp = Blueprint("home", __name__)


@bp.get("/")
def choose_language():
    # Each language's "Get help" link is written in that language, for a victim who
    # reads only their own.
    help_labels = {code: translators()[code].gettext("Get help")
                   for code in state().languages}
    return render_template("home/choose_language.html", help_labels=help_labels)


@bp.get("/<lang>/")
def index():
    content = state().content
    flows = [f for f in content.flows.values() if f.audience == "worker"]
    return render_template("home/index.html", flows=flows)
