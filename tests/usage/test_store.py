"""The stores hold (month, measure, breakdown, count) and nothing else, and never fail a page."""
from __future__ import annotations

import logging
import sqlite3
import threading

import pytest
import redis

from routemap.usage.store import (BREAKDOWN, COLUMNS, MEASURE, MONTH, REDIS_PREFIX, Counter,
                                  RedisStore, Row, SqliteStore, UsageStoreError, open_store)

KEYS = [("outcome:possible-victim", "call-999"), ("language:possible-victim", "cy"),
        ("exploitation:possible-victim", "labour")]


def sqlite_schema(path) -> dict[str, list[str]]:
    """Every table in the file with its columns, read from the file itself."""
    db = sqlite3.connect(path)
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    return {t: [row[1] for row in db.execute(f"PRAGMA table_info({t})")] for t in tables}


def redis_contents(url) -> dict:
    client = redis.Redis.from_url(url, decode_responses=True)
    return {key: (client.type(key), client.hgetall(key) if client.type(key) == "hash" else None)
            for key in client.scan_iter()}


def assert_redis_schema(url) -> None:
    """Fails on any key or field that is not month / measure|breakdown -> count."""
    for key, (kind, fields) in redis_contents(url).items():
        assert key.startswith(REDIS_PREFIX) and MONTH.match(key.removeprefix(REDIS_PREFIX)), key
        assert kind == "hash", (key, kind)
        for field, count in fields.items():
            measure, sep, breakdown = field.partition("|")
            assert sep and MEASURE.match(measure) and BREAKDOWN.match(breakdown), field
            assert count.isdigit() and int(count) > 0, (field, count)


def test_sqlite_schema_is_month_measure_breakdown_count_only(tmp_path):
    store = SqliteStore(tmp_path / "usage.db")
    store.add("2026-11", KEYS)
    assert sqlite_schema(tmp_path / "usage.db") == {"usage": list(COLUMNS)}


def test_schema_check_fails_on_an_extra_column(tmp_path):
    store = SqliteStore(tmp_path / "usage.db")
    store.add("2026-11", KEYS)
    sqlite3.connect(tmp_path / "usage.db").execute("ALTER TABLE usage ADD COLUMN user_agent TEXT")
    assert sqlite_schema(tmp_path / "usage.db") != {"usage": list(COLUMNS)}


def test_redis_schema_is_month_measure_breakdown_count_only(redis_url):
    RedisStore(redis_url).add("2026-11", KEYS)
    assert_redis_schema(redis_url)
    assert len(redis_contents(redis_url)) == 1


def test_redis_schema_check_fails_on_a_stray_key(redis_url):
    RedisStore(redis_url).add("2026-11", KEYS)
    redis.Redis.from_url(redis_url).set(REDIS_PREFIX + "2026-11-30", "1")
    with pytest.raises(AssertionError):
        assert_redis_schema(redis_url)


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_increments_are_atomic_under_concurrency(kind, tmp_path, redis_url):
    url = f"sqlite:///{tmp_path}/usage.db" if kind == "sqlite" else redis_url

    def work():
        # Each thread its own client, like each worker. A page drops a count after 0.25 s;
        # here the question is atomicity, so writes may wait (this machine can be loaded).
        store = open_store(url, timeout=30)
        for _ in range(50):
            store.add("2026-11", KEYS[:2])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert open_store(url).rows() == [Row("2026-11", "language:possible-victim", "cy", 200),
                                      Row("2026-11", "outcome:possible-victim", "call-999", 200)]


@pytest.mark.parametrize("bad", [("2026-11-30", "outcome:x", "y"), ("2026-11", "useragent:x", "y"),
                                 ("2026-11", "outcome:x", "Mozilla/5.0 (X11)"), ("2026-11", "outcome:x", "10.0.0.1")])
def test_anything_but_ids_is_refused(tmp_path, bad):
    month, measure, breakdown = bad
    with pytest.raises(ValueError):
        SqliteStore(tmp_path / "usage.db").add(month, [(measure, breakdown)])


def test_unset_means_off_and_unknown_schemes_are_refused():
    assert open_store(None) is None and open_store("") is None
    assert not Counter(None).on and Counter(None).add(KEYS) is False
    with pytest.raises(UsageStoreError):
        open_store("postgres://db/usage")


def test_a_store_that_is_down_loses_the_count_and_logs_no_request_data(caplog):
    counter = Counter(open_store("redis://127.0.0.1:1/0"))  # nothing listens on port 1
    with caplog.at_level(logging.WARNING, logger="routemap.usage"):
        assert counter.add([("area:possible-victim", "cardiff")]) is False
        assert counter.add([("area:possible-victim", "cardiff")]) is False  # paused: not tried again
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "redis" in message and "cardiff" not in message and "possible-victim" not in message


def test_an_unknown_store_stops_the_app_with_a_message_and_no_traceback(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {"PATH": "/usr/bin:/bin", "ROUTEMAP_USAGE_STORE": "mysql://db/usage"}
    result = subprocess.run([sys.executable, "-c", "import app"], cwd=root, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "is not a usage store" in result.stderr
    assert "Traceback" not in result.stderr
