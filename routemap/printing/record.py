"""The record of a route through a guide, as a print. No Flask.

What it says comes from `presenters.record` (the answers in the URL only: nothing is
looked up about the person and nothing is stored); its entry is
registry.PRINTABLES["route-record"] (shared=False: kept in memory only, never in the
shared cache directory), whose builder is `build` here.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..changelog import with_version
from ..presenters import record as record_view
from ..walk import query_string
from .artefacts import BLEED_MM, SIZES, PrintOptions, Side
from .cache import cache_key
from .qr import qr_data_uri
from .render import render_pdf

WALES = ZoneInfo("Europe/London")


def generated_at(now: dt.datetime | None = None) -> dt.datetime:
    """Wales local time, to the minute: the record says when it was made, and a cached
    copy is reused only within that minute (see record_pdf)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(WALES).replace(second=0, microsecond=0)


def build(service, request) -> bytes:
    """PDF record of the finished walk `request.route`, in the first of its languages."""
    entry, route, code = request.artefact, request.route, request.langs[0]
    language = service.languages[code]
    context = record_view(route, service.content.contacts, service.translators[code],
                          service.content.version, generated_at(request.now))
    context["practice"] = request.practice  # a training case's record must never pass for a real one
    # The record's QR code and link reopen this route in the guide, with the version it
    # was made with (v=), so that later they show what has changed since.
    reopen = ""
    if request.base_url:
        reopen = with_version(f"{request.base_url.rstrip('/')}/{code}/guide/{route.flow.id}/{route.current.id}?"
                              + query_string(route.answers), service.content.version)
    side = Side(code, service.strings(entry, code), reopen, draft=not language.reviewed,
                dir=language.direction)
    return record_pdf(service.printer, entry, side, context)


def record_html(printer, entry, side, context) -> str:
    """The record's HTML: `side.strings` is posters.yaml `record:`, `context` the
    presenters.record of the route."""
    options = PrintOptions(entry.name, (side.lang,), entry.sizes[0])
    return printer.env.get_template(entry.template).render(
        artefact=entry.name, options=options, page=SIZES[entry.sizes[0]],
        bleed_mm=BLEED_MM, layout="single",
        sides=[dict(lang=side.lang, dir=side.dir, draft=side.draft, text=side.strings,
                    qr=qr_data_uri(side.qr_url) if side.qr_url else "", qr_url=side.qr_url,
                    extras=side.extras)],
        draft=side.draft, route=context, numbers=printer.print_text["numbers"],
        version=printer.version)


def record_pdf(printer, entry, side, context) -> bytes:
    """PDF of a route record, cached by everything that went into it (flow, answers,
    language, content version and the minute it states it was made), never in the
    shared cache directory (Printer.cache_for)."""
    key = cache_key(entry.name, [entry.sizes[0]],
                    [side.lang, side.dir, side.draft, side.qr_url, side.strings, context,
                     printer.version], printer.template_version)
    return printer.cache_for(entry).get_or_render(
        key, lambda: render_pdf(record_html(printer, entry, side, context), printer.static_dir))
