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
import logging
import math
import time

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits import parse
from werkzeug.exceptions import TooManyRequests

log = logging.getLogger("routemap.ratelimit")

EXTENSION = "routemap.limiter"


def init_app(app: Flask) -> Limiter:
    # RATELIMIT_* settings (settings.py) are read by Flask-Limiter itself.
    limits = app.extensions[EXTENSION] = Limiter(client_key, app=app, key_prefix="routemap")
    # There are no default or application-wide limits (settings.py has none), so only the
    # endpoints given a limit are counted, and their own wrapper checks them. The
    # limiter's check before every request found nothing to count on any other page, yet
    # cost a sixteenth of a guide page, so it is taken out. tests/test_web_print_limits.py
    # checks that the limits still hold and that no default limit has been added since.
    hooks = app.before_request_funcs.get(None, [])
    if limits._check_request_limit in hooks:  # not there when RATELIMIT_ENABLED is off
        hooks.remove(limits._check_request_limit)
    return limits


def limiter(app: Flask | None = None) -> Limiter:
    return (app or current_app).extensions[EXTENSION]


def client_key() -> str:
    """The client, as a hash: the shared store never holds an address in the clear.

    Behind a proxy the address is only right if ROUTEMAP_TRUSTED_PROXIES says how many
    hops to trust (see serving.py); otherwise every client would share the proxy's count.
    """
    return hashlib.blake2b(get_remote_address().encode(), digest_size=12).hexdigest()


def charge(budget: str, scope: str, cost: int = 1) -> None:
    """Take `cost` from this client's `budget` (e.g. "30 per minute") for `scope`, in the
    limiter's storage (shared by every worker and instance with redis://); 429 with
    Retry-After when it is spent.

    One budget for a whole family of endpoints: per-endpoint limits let a client spend
    each endpoint's allowance in turn. If the store is down the request goes ahead, as
    for the other limits (RATELIMIT_SWALLOW_ERRORS): the render pool still bounds the cost.
    """
    if not limiter().enabled:  # RATELIMIT_ENABLED=False turns every limit off, budgets too
        return
    item = parse(budget)
    strategy = limiter().limiter
    key = client_key()
    try:
        allowed = strategy.hit(item, scope, key, cost=cost)
        reset = strategy.get_window_stats(item, scope, key).reset_time if not allowed else 0
    except Exception:
        log.warning("rate limit storage unreachable: %s not counted", scope)
        return
    if not allowed:
        raise TooManyRequests(retry_after=max(1, math.ceil(reset - time.time())))
