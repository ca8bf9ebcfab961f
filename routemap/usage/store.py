"""Where usage counts live. Every store holds exactly (month, measure, breakdown, count).

`ROUTEMAP_USAGE_STORE`:
- unset or empty: counting is off (nothing is counted, nothing is opened);
- `sqlite:///PATH` (one server, no service to run; `sqlite:////abs/path` or
  `sqlite:///relative/path`): a table with those four columns, each event one UPSERT
  statement (atomic), so concurrent workers never lose an increment;
- `redis://HOST:PORT/DB` (several instances): one hash per month,
  `routemap:usage:YYYY-MM`, field `measure|breakdown`, value the count, raised with
  HINCRBY in one MULTI/EXEC transaction.

A store that fails never breaks a page: `Counter.add` catches the error, logs one line
with no request data (no path, answers, area or language: only the store's own error),
drops the counts and does not try again for a while, so a dead server costs one timeout,
not one per page.
"""
from __future__ import annotations

import logging
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

log = logging.getLogger("routemap.usage")

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MEASURE = re.compile(r"^(outcome|language|exploitation|area|print):[a-z0-9][a-z0-9-]{0,63}$")
BREAKDOWN = re.compile(r"^[a-z0-9][a-z0-9+-]{0,63}$")
COLUMNS = ("month", "measure", "breakdown", "count")
REDIS_PREFIX = "routemap:usage:"
RETRY_AFTER_S = 30  # after a failure, counts are dropped for this long without trying
TIMEOUT_S = 0.25  # a store slower than this loses the count rather than slow the page


@dataclass(frozen=True, order=True)
class Row:
    month: str
    measure: str
    breakdown: str
    count: int


class UsageStoreError(ValueError):
    """ROUTEMAP_USAGE_STORE names no store we know."""


def check_key(month: str, measure: str, breakdown: str) -> None:
    """Refuse anything that is not a month, a known measure and an id-like value, so no
    free text (an address, a user agent, an answer outside the measures) can be stored."""
    if not MONTH.match(month) or not MEASURE.match(measure) or not BREAKDOWN.match(breakdown):
        raise ValueError(f"not a usage key: {month!r} {measure!r} {breakdown!r}")


def current_month(now: float | None = None) -> str:
    """The month in UTC: the finest time a count ever carries."""
    return time.strftime("%Y-%m", time.gmtime(time.time() if now is None else now))


def open_store(url: str | None, timeout: float = TIMEOUT_S):
    """The store `url` names, or None when counting is off. `timeout`: how long a write may
    wait before its count is dropped (pages pass the default; tests of atomicity wait longer)."""
    if not url:
        return None
    if url.startswith("sqlite:///"):
        return SqliteStore(Path(url.removeprefix("sqlite:///")), timeout)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStore(url, timeout)
    raise UsageStoreError(f"ROUTEMAP_USAGE_STORE={url.split(':', 1)[0]}:... is not a usage store "
                          "(use sqlite:///PATH or redis://HOST:6379/0, or leave it unset to count nothing)")


class SqliteStore:
    name = "sqlite"
    SCHEMA = ("CREATE TABLE IF NOT EXISTS usage ("
              " month TEXT NOT NULL, measure TEXT NOT NULL, breakdown TEXT NOT NULL,"
              " count INTEGER NOT NULL CHECK (count > 0),"
              " PRIMARY KEY (month, measure, breakdown)) WITHOUT ROWID")
    # One statement for all of an event's counters: atomic on its own, and the write
    # lock is taken once, briefly (workers that meet it wait in SQLite's busy handler).
    UPSERT = ("INSERT INTO usage (month, measure, breakdown, count) VALUES {rows}"
              " ON CONFLICT (month, measure, breakdown) DO UPDATE SET count = count + 1")

    def __init__(self, path: Path, timeout: float = TIMEOUT_S):
        self.path = path
        self.timeout = timeout
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        # One connection per process and thread: a connection must not cross a fork
        # (gunicorn preloads the app, then forks workers) or be shared between threads.
        key = (os.getpid(), threading.get_ident())
        if getattr(self._local, "key", None) != key:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")  # readers never block the workers' writes
            db.execute("PRAGMA synchronous=NORMAL")  # a crash may lose the last counts, never corrupt
            db.execute(self.SCHEMA)
            self._local.key, self._local.db = key, db
        return self._local.db

    def add(self, month: str, keys: Iterable[tuple[str, str]]) -> None:
        keys = list(keys)
        for measure, breakdown in keys:
            check_key(month, measure, breakdown)
        if keys:
            rows = ", ".join(["(?, ?, ?, 1)"] * len(keys))
            self._connection().execute(self.UPSERT.format(rows=rows),
                                       [v for m, b in keys for v in (month, m, b)])

    def rows(self) -> list[Row]:
        if not self.path.exists():
            return []
        cursor = self._connection().execute("SELECT month, measure, breakdown, count FROM usage")
        return sorted(Row(*row) for row in cursor)


class RedisStore:
    name = "redis"

    def __init__(self, url: str, timeout: float = TIMEOUT_S):
        import redis  # already a dependency (shared rate limits)

        self.client = redis.Redis.from_url(url, socket_timeout=timeout,
                                           socket_connect_timeout=timeout, decode_responses=True)

    def add(self, month: str, keys: Iterable[tuple[str, str]]) -> None:
        pipe = self.client.pipeline(transaction=True)
        for measure, breakdown in keys:
            check_key(month, measure, breakdown)
            pipe.hincrby(REDIS_PREFIX + month, f"{measure}|{breakdown}", 1)
        pipe.execute()

    def rows(self) -> list[Row]:
        found = []
        for key in self.client.scan_iter(match=REDIS_PREFIX + "*"):
            month = key.removeprefix(REDIS_PREFIX)
            for field, count in self.client.hgetall(key).items():
                measure, _, breakdown = field.partition("|")
                found.append(Row(month, measure, breakdown, int(count)))
        return sorted(found)


class Counter:
    """Adds events to a store (or to nothing when counting is off), never failing."""

    def __init__(self, store, clock=time.time):
        self.store = store
        self.clock = clock
        self._paused_until = 0.0

    @property
    def on(self) -> bool:
        return self.store is not None

    def add(self, keys: Iterable[tuple[str, str]]) -> bool:
        """Add one to each (measure, breakdown) for this month; False if the count was lost."""
        if self.store is None:
            return False
        keys = list(keys)
        if not keys:
            return True
        now = time.monotonic()
        if now < self._paused_until:
            return False
        try:
            self.store.add(current_month(self.clock()), keys)
        except Exception as exc:  # any failure of the store: the page matters more
            self._paused_until = now + RETRY_AFTER_S
            # The store's own error only: never the keys, which come from the request.
            log.warning("usage store (%s) failed, counts dropped for %s s: %s",
                        self.store.name, RETRY_AFTER_S, type(exc).__name__)
            return False
        return True
