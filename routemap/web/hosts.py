"""The Host header, checked before anything else sees it.

werkzeug cannot route a request whose Host is not a valid name (`.`, `a..b`, a label
over 63 characters): it raises BadHost before any view runs, and then nothing that needs
a URL (the error page's links) can work either. So the check runs here, in front of the
app, and answers a plain 400 built from constants: it cannot fail.

TRUSTED_HOSTS (a list, e.g. ROUTEMAP_TRUSTED_HOSTS='["routemap.example.org"]'; a name
starting with a dot also allows its subdomains) limits the names the app answers to.
Unset, any well-formed name is answered: fine on a developer's machine, not in
production (gunicorn.conf.py refuses to start without it, see README, "Serving").
"""
from __future__ import annotations

import ipaddress
import re

from flask import current_app
from flask_babel import gettext as _
from werkzeug.exceptions import ServiceUnavailable

BAD_HOST = (
    b"Mae problem gyda'r cyfeiriad hwn. There is a problem with this address.\n"
    b"Os oes rhywun mewn perygl uniongyrchol, ffoniwch 999. "
    b"If someone is in immediate danger, call 999.\n"
)
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_PORT = re.compile(r"^[0-9]{1,5}$")


def split_host(value: str) -> tuple[str, str] | None:
    """(name, port) of a well-formed Host value, the name lower-cased; None otherwise."""
    if value.startswith("["):  # an IPv6 literal: [::1]:8000
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and _PORT.match(rest[1:]))):
            return None
        try:
            ipaddress.IPv6Address(name)
        except ValueError:
            return None
        return f"[{name.lower()}]", rest[1:]
    name, colon, port = value.partition(":")
    if colon and not _PORT.match(port):
        return None
    name = name.lower()
    if name.endswith("."):  # the fully qualified form, "example.org."
        name = name[:-1]
    if not name or len(name) > 253 or not all(_LABEL.match(label) for label in name.split(".")):
        return None
    return name, port


def is_trusted(name: str, trusted: list[str]) -> bool:
    for allowed in trusted:
        allowed = allowed.lower().rstrip(".")
        if allowed.startswith(".") and (name == allowed[1:] or name.endswith(allowed)):
            return True
        if name == allowed:
            return True
    return False


class HostCheck:
    """WSGI middleware: a malformed or untrusted Host gets a plain 400 before the app.

    It sits behind ProxyFix, so with trusted proxies it checks the forwarded host.
    """

    def __init__(self, app, trusted: list[str] | None = None):
        self.app = app
        self.trusted = [h for h in (trusted or []) if h]

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        parts = split_host(host)
        if parts is None or (self.trusted and not is_trusted(parts[0], self.trusted)):
            start_response("400 Bad Request", [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Content-Length", str(len(BAD_HOST))),
                ("Cache-Control", "no-store"),
                ("X-Content-Type-Options", "nosniff"),
            ])
            return [BAD_HOST]
        return self.app(environ, start_response)


def trusted_hosts(value) -> list[str]:
    """TRUSTED_HOSTS as a list, from JSON (a list) or a comma-separated string."""
    if not value:
        return []
    if isinstance(value, str):
        return [h.strip() for h in value.split(",") if h.strip()]
    return [str(h).strip() for h in value if str(h).strip()]


def public_base_url() -> str:
    """PUBLIC_BASE_URL without its trailing slash: the one address prints and QR codes
    use. Never the request's Host: a print is cached and shared, and a client (or a proxy
    that forwards the host) must not decide where its QR code points. Unset, prints are
    refused with a clear message rather than made with a guessed address."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base and current_app.testing:
        base = "http://localhost"  # the test client's own host: tests print without setting it
    if not base:
        raise ServiceUnavailable(description=_(
            "Printing is not set up on this server yet: its public address is not configured."))
    return str(base).rstrip("/")
