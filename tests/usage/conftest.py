"""A clean database of the session's real redis-server (tests/conftest.py) per test."""
from __future__ import annotations

import pytest


@pytest.fixture()
def redis_url(redis_server):
    """A clean database of the session's server for each test."""
    import redis

    client = redis.Redis(port=redis_server)
    client.flushall()
    yield f"redis://127.0.0.1:{redis_server}/0"
    client.flushall()
