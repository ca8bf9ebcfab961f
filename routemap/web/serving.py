"""Serving in production: fingerprinted static files, cache headers, compression, proxies.

Every response is a pure function of the request URL and the deployed files, so any
number of instances behind any load balancer answer the same bytes. This module keeps
it that way: hashes come from file contents (never mtimes), gzip output carries no
timestamp, and nothing depends on which instance or worker answers.
"""
from __future__ import annotations

import gzip
import hashlib
import logging
import re
from pathlib import Path

from flask import Flask, Response, request, send_from_directory
from werkzeug.exceptions import NotFound
from werkzeug.middleware.proxy_fix import ProxyFix

from .hosts import HostCheck, trusted_hosts
from .pagecache import PageCache
from .state import state

try:  # brotli is optional: without it browsers get gzip, which all of them accept
    import brotli
except ImportError:  # pragma: no cover
    brotli = None

access_log = logging.getLogger("routemap.access")

# One Cache-Control for each type of response, set in one place (`cache_control`).
IMMUTABLE = "public, max-age=31536000, immutable"
# Static files asked for by their plain name (or a hash from another deploy): revalidate.
REVALIDATE = "no-cache"
# Pages without answers: no shared cache keeps them; browsers revalidate with the ETag
# and get a 304 when nothing changed.
PAGE = "private, no-cache"
# Anything that carries answers (a query string), route records, redirects and errors:
# kept nowhere, not even in the browser's disk cache, where the next user of a shared
# computer could find what was asked.
NO_STORE = "no-store"
# Posters, leaflets, previews and ZIPs: public content only, the same bytes for everyone
# (QR codes and addresses come from PUBLIC_BASE_URL, never from the request).
PUBLIC_PRINT = "public, max-age=3600"
# Route records and referral sheets (and its page) describe one case: kept nowhere.
PRIVATE_PRINT = "private, no-store"
PRIVATE_PRINTS = {"print.record", "print.referral", "print.referral_page"}

COMPRESSIBLE = {"text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
                "application/json", "image/svg+xml", "text/xml", "application/xml"}
# Blueprints whose pages depend only on their URL and the deployed files (PageCache).
CACHEABLE_BLUEPRINTS = {"home", "guide"}
MIN_COMPRESS_BYTES = 512  # below this the headers cost more than the saving
HASH_LENGTH = 12
_VERSIONED = re.compile(rf"^(?P<stem>.+)\.(?P<hash>[0-9a-f]{{{HASH_LENGTH}}})(?P<ext>\.[^./]+)?$")


def init_app(app: Flask) -> None:
    cache_mb = float(app.config.get("PAGE_CACHE_MB", 0) or 0)
    if cache_mb > 0:
        app.wsgi_app = app.extensions["page_cache"] = PageCache(app.wsgi_app, int(cache_mb * 1024 * 1024))
    # In front of the page cache and the app, behind ProxyFix (so it sees the forwarded host).
    # Flask reads TRUSTED_HOSTS too (the same rules), so it must be a list, not a string.
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config.get("TRUSTED_HOSTS"))
    app.wsgi_app = HostCheck(app.wsgi_app, app.config["TRUSTED_HOSTS"])
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        # Only as many hops as we run ourselves: trusting more would let a client forge
        # its address (and so dodge the rate limit) with its own X-Forwarded-For.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies,
                                x_port=proxies, x_prefix=proxies)

    static = StaticFiles(Path(app.static_folder))
    app.extensions["static_files"] = static

    @app.url_defaults
    def fingerprint(endpoint, values):
        if endpoint == "static" and "filename" in values:
            values["filename"] = static.versioned_name(values["filename"])

    app.view_functions["static"] = static.view

    @app.after_request
    def finish(response: Response) -> Response:
        if request.endpoint == "static" and response.status_code in (200, 206, 304):
            return compress(response, static)  # StaticFiles.view set its own Cache-Control
        response.headers["Cache-Control"] = cache_control(response)
        if (response.status_code == 200 and "no-store" not in response.headers["Cache-Control"]
                and request.method in ("GET", "HEAD") and not response.is_streamed
                and "ETag" not in response.headers):
            response.add_etag(weak=True)  # weak: the same for gzip, brotli and plain
            response.make_conditional(request)
        # Never a page with answers (or anything else) in its address: a kept copy would
        # answer faster and so tell anyone timing it that someone took that route lately.
        if (request.blueprint in CACHEABLE_BLUEPRINTS and response.status_code == 200
                and not request.query_string and "Set-Cookie" not in response.headers):
            request.environ[PageCache.ENVIRON_FLAG] = True
        return compress(response, static)


def cache_control(response: Response) -> str:
    """The one Cache-Control for this (non-static) response's type."""
    if response.status_code != 200 or request.method not in ("GET", "HEAD"):
        return NO_STORE  # errors (429, 503 included), redirects, anything but a read
    if request.endpoint in PRIVATE_PRINTS:
        return PRIVATE_PRINT
    if request.blueprint == "print" and response.mimetype != "text/html":
        return PUBLIC_PRINT
    if request.query_string:
        return NO_STORE  # answers (or anything else) in the address
    return PAGE


class StaticFiles:
    """Content hashes of every static file, taken once at start-up.

    `app.css` is linked as `app.<hash>.css` and served with a year-long immutable
    cache; a new deploy changes the name, so browsers never keep a stale copy.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.hashes: dict[str, str] = {}
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    name = path.relative_to(folder).as_posix()
                    self.hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:HASH_LENGTH]
        self._compressed: dict[tuple[str, str], bytes] = {}

    def versioned_name(self, name: str) -> str:
        digest = self.hashes.get(name)
        if digest is None:
            return name
        stem, dot, ext = name.rpartition(".")
        if not dot or "/" in ext:
            return f"{name}.{digest}"
        return f"{stem}.{digest}.{ext}"

    def resolve(self, requested: str) -> tuple[str, str | None, bool]:
        """(file name, its hash, whether the URL names this exact version)."""
        if requested in self.hashes:
            return requested, self.hashes[requested], False
        match = _VERSIONED.match(requested)
        if match:
            name = match["stem"] + (match["ext"] or "")
            if name in self.hashes:
                # A hash from another deploy (a rolling update) still gets the file, but
                # only for revalidation, never as the immutable version.
                return name, self.hashes[name], match["hash"] == self.hashes[name]
        return requested, None, False

    def view(self, filename: str) -> Response:
        name, digest, exact = self.resolve(filename)
        if digest is None:
            raise NotFound()
        # The ETag is the content hash: equal on every instance, unlike an mtime.
        response = send_from_directory(self.folder, name, etag=digest, max_age=None)
        response.headers["Cache-Control"] = IMMUTABLE if exact else REVALIDATE
        del response.headers["Last-Modified"]  # mtimes differ between instances; the ETag is enough
        return response

    def compressed(self, name: str, encoding: str, data: bytes) -> bytes:
        """Static files are compressed once per encoding, at the best ratio."""
        key = (name, encoding)
        if key not in self._compressed:
            self._compressed[key] = encode(data, encoding, best=True)
        return self._compressed[key]


def choose_encoding() -> str | None:
    accepted = request.accept_encodings
    if brotli is not None and accepted["br"]:
        return "br"
    if accepted["gzip"]:
        return "gzip"
    return None


def encode(data: bytes, encoding: str, best: bool = False) -> bytes:
    if encoding == "br":
        # Quality 5 costs about as much CPU as gzip -6 and is still smaller.
        return brotli.compress(data, quality=11 if best else 5, mode=brotli.MODE_TEXT)
    return gzip.compress(data, compresslevel=9 if best else 6, mtime=0)  # mtime=0: same bytes everywhere


def compress(response: Response, static: StaticFiles) -> Response:
    """gzip or brotli for text, done here so it works behind any proxy or none."""
    if response.mimetype not in COMPRESSIBLE or "Content-Encoding" in response.headers:
        return response
    response.vary.add("Accept-Encoding")
    if response.status_code != 200 or (response.is_streamed and not response.direct_passthrough):
        return response
    encoding = choose_encoding()
    if encoding is None:
        return response
    response.direct_passthrough = False  # static files: read the file so it can be encoded
    data = response.get_data()
    if len(data) < MIN_COMPRESS_BYTES:
        return response
    if request.endpoint == "static":
        name, digest, _ = static.resolve(request.view_args.get("filename", ""))
        body = static.compressed(f"{name}:{digest}", encoding, data)
    else:
        body = encode(data, encoding)
    response.set_data(body)
    response.headers["Content-Encoding"] = encoding
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag, weak=True)  # the bytes differ from the plain version now
    return response


def warm_up(app: Flask) -> int:
    """Show one full route of every flow, and every language's home page; returns the
    number of pages shown.

    Templates are compiled and catalogs loaded lazily, on first use; doing it here, in
    the process that forks the workers, saves each worker that work and its memory.
    Templates are the same in every language, so one language walks the routes and the
    others only load their catalogs (start-up stays short however many languages come).
    """
    from ..i18n import SOURCE_LANGUAGE
    from ..walk import all_routes, query_string  # the engine, not Flask: no import cycle

    client = app.test_client()
    # A name HostCheck accepts: with TRUSTED_HOSTS set, the test client's "localhost" is not.
    trusted = app.config["TRUSTED_HOSTS"]
    host = next((h for h in trusted if not h.startswith(".")), trusted[0][1:] if trusted else "localhost")
    urls = ["/", f"/{SOURCE_LANGUAGE}/guide/"]
    for flow in state(app).content.flows.values():
        urls.append(f"/{SOURCE_LANGUAGE}/guide/{flow.id}/")
        route = next(all_routes(flow), None)
        if route is not None:
            query = query_string(route.answers)
            urls += [f"/{SOURCE_LANGUAGE}/guide/{flow.id}/{step.node.id}?{query}" for step in route.route]
            urls.append(f"/{SOURCE_LANGUAGE}/guide/{flow.id}/{route.current.id}?{query}")
    urls += [f"/{lang}/" for lang in state(app).languages]
    for url in urls:
        client.get(url, headers={"Host": host})
    return len(urls)
