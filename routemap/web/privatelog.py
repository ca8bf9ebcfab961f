"""Logs that hold no answers, no client addresses and no forged lines.

Answers travel in the query string, so a query string in a log is a record of someone's
situation; a client address ties it to a person. gunicorn writes both in places our
access-log format does not reach: "Error handling request /path?answers" when a request
fails, "Invalid request from ip=...: <the whole request line>" for a malformed one. And a
path with control characters in it (%0a, %1b) can start a forged line or colour a
terminal. gunicorn.conf.py sets `logger_class` to `PrivateLogger`, which passes every
access and error message (tracebacks included) through `scrub`, and sends the app's own
log records ("routemap.*") through the same scrubbed handlers.
"""
from __future__ import annotations

import ipaddress
import logging
import re

from gunicorn import glogging

# A query string: "?" followed by anything up to a space or a quote ('GET /a?b HTTP/1.1').
_QUERY = re.compile(r"\?[^\s'\"]+")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?![\w:])")
_IP_FIELD = re.compile(r"\b(ip|addr|client|remote_addr|peer)=\S+", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match) -> str:
    return f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}"


def _address(match: re.Match) -> str:
    text = match.group()
    try:
        ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return text  # a time (13:05:59) or anything else that only looks like one
    return "-"


def scrub(text: str, keep_newlines: bool = False) -> str:
    """`text` without query strings, IP addresses or control characters (escaped as \\xNN).

    keep_newlines: for a traceback, whose lines are ours; a message stays on one line.
    """
    text = _QUERY.sub("?-", str(text))
    text = _IP_FIELD.sub(lambda m: f"{m.group(1)}=-", text)
    text = _IPV4.sub(_address, text)
    text = _IPV6.sub(_address, text)
    return (_CONTROL_BUT_NEWLINE if keep_newlines else _CONTROL).sub(_escape, text)


class ScrubbingFormatter(logging.Formatter):
    """Formats with the handler's own formatter, after scrubbing the message and traceback."""

    def __init__(self, inner: logging.Formatter | None):
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # other handlers see the original
        record.msg, record.args = scrub(record.getMessage()), None
        if record.exc_info:
            record.exc_text = self.inner.formatException(record.exc_info)
            record.exc_info = None
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, keep_newlines=True)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, keep_newlines=True)
        return self.inner.format(record)


class PrivateLogger(glogging.Logger):
    """gunicorn's logger, with every line scrubbed and no address or query in any atom."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not isinstance(handler.formatter, ScrubbingFormatter):
                    handler.setFormatter(ScrubbingFormatter(handler.formatter))
        # The app's own warnings and errors go to the same (scrubbed) error log; its
        # access lines (routemap.access, INFO) would repeat gunicorn's, so not those.
        app_log = logging.getLogger("routemap")
        for handler in self.error_log.handlers:
            if handler not in app_log.handlers:
                app_log.addHandler(handler)
        app_log.setLevel(logging.WARNING)
        app_log.propagate = False

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Request and response headers and the environ ({...}i, {...}o, {...}e) hold the
        # Referer, X-Forwarded-For and the query string: none of them is offered.
        atoms = {k: v for k, v in atoms.items() if not k.startswith("{")}
        atoms.update(h="-", q="", f="-", a="-",
                     r="%s %s %s" % (environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"),
                                     environ.get("SERVER_PROTOCOL")))
        return atoms
