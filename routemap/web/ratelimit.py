"""Rate limits (Flask-Limiter), counted wherever RATELIMIT_STORAGE_URI points.

The default, memory://, counts in each worker process separately. With several workers
or instances, set ROUTEMAP_RATELIMIT_STORAGE_URI=redis://HOST:6379/0 so that all of them
share one count. This module only wires the limiter; the blueprints with expensive
endpoints (PDFs) apply their own limits:

    from .ratelimit import limiter
    limiter(app).limit("10 per minute")(bp)   # a blueprint or a view function
"""
from __future__ import annotations

import hashlib

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

EXTENSION = "routemap.limiter"


def init_app(app: Flask) -> Limiter:
    # RATELIMIT_* settings (settings.py) are read by Flask-Limiter itself.
    app.extensions[EXTENSION] = Limiter(client_key, app=app, key_prefix="routemap")
    return app.extensions[EXTENSION]


def limiter(app: Flask | None = None) -> Limiter:
    return (app or current_app).extensions[EXTENSION]


def client_key() -> str:
    """The client, as a hash: the shared store never holds an address in the clear.

    Behind a proxy the address is only right if ROUTEMAP_TRUSTED_PROXIES says how many
    hops to trust (see serving.py); otherwise every client would share the proxy's count.
    """
    return hashlib.blake2b(get_remote_address().encode(), digest_size=12).hexdigest()
