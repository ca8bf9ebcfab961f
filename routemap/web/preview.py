"""Preview mode (ROUTEMAP_PREVIEW=1, `make preview`): the guide as a draft for reviewers.

Every page shows a "Preview: not approved for use" banner (templates/base.html) and
every print a PREVIEW mark (templates/print/base.html, through the Printer), so a
reviewer can walk a draft safely and nobody mistakes a printout of it for the guide.
"""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    @app.context_processor
    def preview_context():
        return {"preview": bool(app.config["PREVIEW"])}
