"""Prints never starve the guide: every on-demand render runs in a small bounded pool.

A poster costs seconds of CPU, a ZIP of every language ten times that; a page costs a
few milliseconds. Left to themselves, a handful of print requests would occupy every
worker and every core. So each print endpoint (anything under /<lang>/print/ that is not
an HTML page) passes these gates:

1. A per-client budget, one for all print endpoints together, counted in the rate-limit
   storage (shared by every worker and instance with redis://). Spent: 429 + Retry-After.
2. A print already made (the Printer's cache, keyed by what goes on the page, which with
   PUBLIC_BASE_URL is a function of the request's parameters only) is sent at once.
3. A print to be made needs a slot: RENDER_SLOTS per instance (default: one fewer than
   the cores, at least one), held as an exclusive lock on a file in RENDER_LOCK_DIR. The
   kernel drops the lock when a worker dies, so a crash cannot leak a slot. A request
   for a download may wait RENDER_WAIT_S for one, but only RENDER_QUEUE requests per
   worker wait (each holds a thread that pages need); the rest, and previews (a
   catalogue page asks for several at once: they must not queue ahead of a download),
   get 503 + Retry-After at once.
4. The render runs on the worker's render thread, at a lower CPU priority (RENDER_NICE),
   so that pages on the same cores are scheduled first.

The CLI (`flask print build`, `build-all`) renders directly: it has the machine to itself.
Route records are never kept: see `init_app`.
"""
from __future__ import annotations

import contextvars
import fcntl
import functools
import os
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app
from flask_babel import gettext as _
from werkzeug.exceptions import ServiceUnavailable

from ..printing.cache import PdfCache
from ..settings import DEFAULTS

from . import ratelimit
from .state import state

EXTENSION = "routemap.renderpool"
RETRY_AFTER_S = 10  # a typical render is 1-3 s; a ZIP ten times that


class RenderPool:
    def __init__(self, slots: int, lock_dir: Path, nice: int = 5, wait_s: float = 10,
                 queue: int = 2):
        self.slots = max(1, slots)
        self.lock_dir = lock_dir
        self.nice = nice
        self.wait_s = wait_s
        self._waiters = threading.BoundedSemaphore(queue) if queue > 0 else None
        self._executor: ThreadPoolExecutor | None = None
        self._pid = 0
        self._lock = threading.Lock()
        lock_dir.mkdir(parents=True, exist_ok=True)

    def render(self, function, wait: bool = True):
        """`function()` in a slot, on the render thread; 503 when no slot comes free
        (at once when not `wait`)."""
        if _in_render.get():  # already in a slot, on the render thread: no second slot
            return function()
        with self.slot(wait):
            return self.run(_rendering, function)

    @contextmanager
    def slot(self, wait: bool = True):
        """Hold one of the instance's slots, or raise 503 + Retry-After."""
        fd = self._take_slot()
        if fd is None:
            if not wait:
                raise busy()
            fd = self._wait_for_slot()
        try:
            yield
        finally:
            os.close(fd)  # closing the file releases the lock

    def _take_slot(self) -> int | None:
        for number in range(self.slots):
            fd = os.open(self.lock_dir / f"slot-{number}", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return fd
            except BlockingIOError:
                os.close(fd)
        return None

    def _wait_for_slot(self) -> int:
        if self._waiters is None or not self._waiters.acquire(blocking=False):
            raise busy()
        try:
            deadline = time.monotonic() + self.wait_s
            while time.monotonic() < deadline:
                time.sleep(0.05)
                fd = self._take_slot()
                if fd is not None:
                    return fd
            raise busy()
        finally:
            self._waiters.release()

    def run(self, function, *args, **kwargs):
        """`function(*args, **kwargs)` on this process's render thread, with the caller's
        Flask context (request, g, app: they live in context variables)."""
        context = contextvars.copy_context()
        return self._executor_here().submit(context.run, function, *args, **kwargs).result()

    def _executor_here(self) -> ThreadPoolExecutor:
        # Threads do not survive a fork: each gunicorn worker starts its own.
        with self._lock:
            if self._executor is None or self._pid != os.getpid():
                self._executor = ThreadPoolExecutor(self.slots, thread_name_prefix="render",
                                                    initializer=self._lower_priority)
                self._pid = os.getpid()
            return self._executor

    def _lower_priority(self) -> None:
        # On Linux a thread has its own nice value: only the render thread is lowered.
        try:
            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + self.nice)
        except (AttributeError, OSError):  # pragma: no cover - not Linux
            pass


def _rendering(function):
    _in_render.set(True)  # in the render thread's copy of the caller's context only
    return function()


def busy() -> ServiceUnavailable:
    return ServiceUnavailable(description=_("Printing is busy. Please try again in a minute."),
                              retry_after=RETRY_AFTER_S)


class PooledCache(PdfCache):
    """The Printer's cache, with every miss rendered in the pool during a web request."""

    def get_or_render(self, key, render):
        data = self.get(key)
        if data is None:
            how = _web_print.get()
            data = render() if how is None else current_app.extensions[EXTENSION].render(render, how == WAIT)
            self.put(key, data)
        return data


# Set while a print endpoint runs (only web requests go through the pool, not the CLI):
# WAIT for a download someone asked for; NO_WAIT for a catalogue preview, one of several
# a page asks for at once, which would otherwise queue ahead of the download.
WAIT, NO_WAIT = "wait", "no-wait"
_web_print: contextvars.ContextVar[str | None] = contextvars.ContextVar("routemap_web_print", default=None)
_in_render: contextvars.ContextVar[bool] = contextvars.ContextVar("routemap_in_render", default=False)


def default_slots() -> int:
    return max(1, len(os.sched_getaffinity(0)) - 1)


def init_app(app: Flask) -> RenderPool:
    """Put every print endpoint behind the budget and the pool (call after print's routes)."""
    if app.config["RENDER_SLOTS"] is None:  # settings.py: one fewer than the cores
        app.config["RENDER_SLOTS"] = default_slots()
    if app.testing and app.config["PRINT_BUDGET"] == DEFAULTS["PRINT_BUDGET"]:
        # Tests print far more than a person does, from one address, in one process; the
        # budget's own tests set theirs.
        app.config["PRINT_BUDGET"] = "100000 per minute"
    # Made here, in the process that loads the app: with gunicorn's preload_app (ours)
    # every worker inherits the same folder, so the slots are counted per instance.
    lock_dir = app.config.get("RENDER_LOCK_DIR") or tempfile.mkdtemp(prefix="routemap-render-")
    pool = app.extensions[EXTENSION] = RenderPool(
        int(app.config["RENDER_SLOTS"]), Path(lock_dir), int(app.config["RENDER_NICE"]),
        float(app.config["RENDER_WAIT_S"]), int(app.config["RENDER_QUEUE"]))
    printer = state(app).printer
    printer.cache = PooledCache(printer.cache.max_bytes, printer.cache.directory)
    # A route record describes one case. Rendered afresh every time: a cached copy would
    # come back in milliseconds instead of a second, and that difference would tell anyone
    # timing the address that someone fetched this record recently.
    printer.record_cache = PooledCache(max_bytes=0)  # keeps nothing
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("print.") and rule.rule.endswith((".pdf", ".png", ".zip")):
            app.view_functions[rule.endpoint] = budgeted(
                app.view_functions[rule.endpoint], rule.endpoint,
                NO_WAIT if rule.rule.endswith(".png") else WAIT)
    return pool


def cost(endpoint: str) -> int:
    """A ZIP holds one print per language: it costs that many from the budget."""
    return len(state().languages) if endpoint == "print.all_languages" else 1


def budgeted(view, endpoint: str, how: str):
    @functools.wraps(view)
    def print_endpoint(*args, **kwargs):
        ratelimit.charge(current_app.config["PRINT_BUDGET"], "print", cost(endpoint))
        token = _web_print.set(how)
        try:
            return view(*args, **kwargs)
        finally:
            _web_print.reset(token)
    return print_endpoint
