"""Preview mode (ROUTEMAP_PREVIEW=1, `make preview`): the guide as a draft for reviewers.

Every page shows a "Preview: not approved for use" banner (templates/base.html) and
every print a PREVIEW mark (templates/print/base.html, through the Printer), so a
reviewer can walk a draft safely and nobody mistakes a printout of it for the guide.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    # Fixed when the app is built, like the print's mark: a template global, not a
    # context processor run on every page.
    app.jinja_env.globals["preview"] = bool(app.config["PREVIEW"])
