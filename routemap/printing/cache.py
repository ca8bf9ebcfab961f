"""Rendered PDFs, cached by a hash of everything that went into them.

A render takes a second or more; the same poster is asked for again and again. The key
covers the artefact, the options, the content (strings) and the template/CSS sources,
so editing any of them misses the cache instead of serving a stale file. Nothing about
the person printing goes into it: prints are built from public content only.
"""

import hashlib
import json
import os
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path


def cache_key(artefact, options, content, template_version):
    """sha256 over a canonical JSON of the inputs (sorted keys, so dict order is moot)."""
    blob = json.dumps([artefact, options, content, template_version],
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


class PdfCache:
    """In-memory LRU capped by total bytes, optionally backed by a directory.

    The directory survives restarts and can be shared by several app servers (on a
    shared volume) or filled ahead of time by the CLI.
    """

    def __init__(self, max_bytes=64 * 1024 * 1024, directory=None):
        self.max_bytes = max_bytes
        self.directory = Path(directory) if directory else None
        self._items = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        if self.directory:
            path = self._path(key)
            if path.is_file():
                data = path.read_bytes()
                self._remember(key, data)
                return data
        return None

    def put(self, key, data):
        self._remember(key, data)
        if self.directory:
            path = self._path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write then rename, so a concurrent reader never sees half a PDF.
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)

    def get_or_render(self, key, render):
        data = self.get(key)
        if data is None:
            data = render()
            self.put(key, data)
        return data

    def _remember(self, key, data):
        if len(data) > self.max_bytes:
            return
        with self._lock:
            if key in self._items:
                self._bytes -= len(self._items.pop(key))
            self._items[key] = data
            self._bytes += len(data)
            while self._bytes > self.max_bytes:
                _, old = self._items.popitem(last=False)
                self._bytes -= len(old)

    def _path(self, key):
        return self.directory / key[:2] / f"{key}.pdf"
