"""The Jinja environment of the app: Flask's, with plain globals.

Jinja keeps each template's globals as a ChainMap over the environment's, so that a
change to the environment shows in templates already loaded. Every render copies that
map and every `{% from ... import %}` compares it with the page's, key by key through
the ChainMap: about 15 us a time with our 30 globals, a tenth of a question page
without the page cache (issue 17). Jinja asks that globals not change once templates
are loaded, and ours are all set while the app is built (create_app), so each
template gets a plain dict of them instead.
"""
from __future__ import annotations

from flask.templating import Environment as FlaskEnvironment


class Environment(FlaskEnvironment):
    def make_globals(self, d):
        return {**self.globals, **(d or {})}
