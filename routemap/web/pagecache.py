"""Finished pages kept in each worker's memory (ROUTEMAP_PAGE_CACHE_MB): a WSGI
middleware in front of the app, installed by serving.init_app."""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from werkzeug.http import parse_accept_header

try:  # brotli is optional: without it browsers get gzip (as in serving.py)
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

access_log = logging.getLogger("routemap.access")


class PageCache:
    """Finished pages kept in this worker's memory, keyed by their URL.

    A page is a pure function of its URL and the deployed files, so a page shown once
    can be sent again as it was, without walking the flow or rendering a template.
    Only responses the app marks as cacheable are kept (the guide's HTML pages without
    answers: the start pages, the first questions; serving.finish), each as the exact
    bytes sent, per encoding. A page with answers in its address is rendered afresh
    every time, fast enough without this (issue 17): a kept copy would answer faster
    and so let timing show which routes someone took lately. The memory is bounded (least recently used
    pages go first) and holds no time, no address and nothing else about who asked;
    a restart empties it. ROUTEMAP_PAGE_CACHE_MB=0 turns it off.
    """

    ENVIRON_FLAG = "routemap.cacheable"

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes
        self.size = 0
        self.pages: OrderedDict[tuple, tuple[str, list, bytes]] = OrderedDict()
        self.lock = threading.Lock()  # for threaded workers; sync workers never contend

    def __call__(self, environ, start_response):
        # Revalidations go to the app, which answers 304 the one usual way.
        if environ.get("REQUEST_METHOD") != "GET" or "HTTP_IF_NONE_MATCH" in environ:
            return self.app(environ, start_response)
        # Not the Host header: pages never depend on it, and a key a client could vary at
        # will would let it fill the cache with copies and push out the real pages.
        key = (environ.get("wsgi.url_scheme"), environ.get("SCRIPT_NAME"),
               environ.get("PATH_INFO"), environ.get("QUERY_STRING"), _encoding_for(environ))
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
        if page is not None:
            status, headers, body = page
            # The app's own access log (the path only), as for pages it renders.
            access_log.info("%s %s %s", "GET", environ.get("PATH_INFO"), status.split(" ", 1)[0])
            start_response(status, headers)
            return [body]
        captured = {}

        def capture(status, headers, exc_info=None):
            captured.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not environ.get(self.ENVIRON_FLAG) or not captured.get("status", "").startswith("200"):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self._store(key, captured["status"], captured["headers"], body)
        return [body]

    def _store(self, key, status, headers, body) -> None:
        cost = len(body) + 2048  # the headers and the key, roughly
        if cost > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = (status, list(headers), body)
            self.size += cost
            while self.size > self.max_bytes:
                _, (_, _, old) = self.pages.popitem(last=False)
                self.size -= len(old) + 2048


def _encoding_for(environ) -> str:
    """The encoding `compress` would choose for this request (part of the cache key)."""
    accepted = environ.get("HTTP_ACCEPT_ENCODING", "")
    if not accepted:
        return ""
    parsed = parse_accept_header(accepted)
    if brotli is not None and parsed["br"]:
        return "br"
    return "gzip" if parsed["gzip"] else ""
