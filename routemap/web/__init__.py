"""The Flask app: a thin layer that shows the engine's content as web pages."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, request

from ..loader import load_content
from ..settings import DEFAULTS
from . import (api, changes, cps, errors, guide, help, home, language, parts, practice, preview, ratelimit,
               renderpool, security, serving, state, templating, usage)
from .cli import routemap_cli
from .print import init_app as init_print

ROOT = Path(__file__).resolve().parents[2]
access_log = logging.getLogger("routemap.access")


def create_app(config: dict | None = None) -> Flask:
    """Build the app. Raises loader.ContentError if the content is not valid."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    app.jinja_environment = templating.Environment  # before app.jinja_env is first made
    app.config.update(DEFAULTS)  # every setting and its default: routemap/settings.py
    # ROUTEMAP_X=value in the environment sets config X (values parsed as JSON if they can be).
    app.config.from_prefixed_env("ROUTEMAP")
    app.config.update(config or {})
    state.init_app(app, load_content(Path(app.config["FLOWS_DIR"])))

    language.init_app(app)
    parts.init_app(app)
    preview.init_app(app)
    security.init_app(app)
    serving.init_app(app)
    ratelimit.init_app(app)
    errors.init_app(app)
    app.register_blueprint(home.bp)
    app.register_blueprint(guide.bp)
    app.register_blueprint(cps.bp)
    app.register_blueprint(help.bp)
    app.register_blueprint(api.bp)
    practice.init_app(app)
    changes.init_app(app)
    init_print(app)
    renderpool.init_app(app)  # after print: wraps its endpoints
    usage.init_app(app)  # counting, off unless ROUTEMAP_USAGE_STORE is set
    app.cli.add_command(routemap_cli)

    # Answers travel in the query string, so access logs must never contain it:
    # werkzeug's own request log is silenced and replaced by one without it.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    app.jinja_env.globals["version"] = state.state(app).content.version  # the content is fixed too

    @app.after_request
    def log_request(response):
        access_log.info("%s %s %s", request.method, request.path, response.status_code)
        return response

    return app
