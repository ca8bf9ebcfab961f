"""The app's Jinja environment (web/templating.py)."""
from __future__ import annotations

from routemap.web.templating import Environment


def test_templates_get_the_globals_as_a_plain_dict(app):
    assert isinstance(app.jinja_env, Environment)
    template = app.jinja_env.from_string("{{ hole('x')|length }}")
    assert type(template.globals) is dict  # not a ChainMap walked on every render and import
    assert template.globals["once"] is app.jinja_env.globals["once"]
    # A template's own globals still go on top, without touching the environment's.
    own = app.jinja_env.from_string("{{ once }}", globals={"once": "mine"})
    assert own.render() == "mine" and app.jinja_env.globals["once"] is not own.globals["once"]
