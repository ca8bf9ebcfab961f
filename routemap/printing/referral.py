"""The referral preparation sheet: what to gather, explain and write down before an NRM
referral, a Duty to Notify or a safeguarding report, shaped by the route taken. No Flask.

Built from a finished walk only (the answers in the URL): nothing is looked up about the
person and nothing is stored (registry.PRINTABLES["referral-sheet"], whose builder is
`build` here, has shared=False: `referral_pdf` renders as the route record does, never
in the shared cache directory, and in the web app never kept at all). Which parts a
sheet has, and the evidence behind each part and each form's field list, is content:
`referral:` in flows/print/posters.yaml, checked here at load time (`check_referral`);
the words are under `text: referral:` in the same file, translated like other prints.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

from ..model import NEEDS_VERIFICATION
from ..walk import Walk
from ..yamlsource import LDict, LList, Problem
from .artefacts import BLEED_MM, SIZES, PrintOptionError, PrintOptions, Side, order_languages
from .cache import cache_key
from .qr import qr_data_uri
from .record import generated_at
from .render import render_pdf

NOTE_LINES = 10  # blank ruled lines for the worker's notes


def check_referral(print_text, flows: dict, claims: dict, file: str) -> list[Problem]:
    """Problems in posters.yaml `referral:` (none if the file has no such key): every
    part and form names claims of flows/evidence.yaml and has its words under `text:`,
    every sheet names an outcome of a flow and parts that exist."""
    plan = print_text.get("referral") if print_text is not None else None
    if plan is None:
        return []
    problems: list[Problem] = []

    def add(value, node, message, fix):
        problems.append(Problem(file, getattr(value, "line", 0) or plan.line, node, message, fix))

    if not isinstance(plan, LDict) or set(plan) != {"parts", "forms", "sheets"}:
        add(plan, "referral", "must have `parts:`, `forms:` and `sheets:` and nothing else",
            "see the comment above `referral:` in flows/print/posters.yaml")
        return problems
    words = print_text["text"].get("referral", {})
    for group in ("parts", "forms"):
        for key, entry in plan[group].items():
            node = f"referral/{group}/{key}"
            if not isinstance(entry, LDict) or not isinstance(entry.get("evidence"), LList):
                add(plan[group], node, "needs `evidence: [claim ids]`",
                    "name the claims in flows/evidence.yaml it relies on")
                continue
            for claim in entry["evidence"]:
                if claims and claim not in claims:
                    add(entry, node, f"there is no claim '{claim}' in evidence.yaml",
                        "add the claim with its sources, or fix the id")
            form = entry.get("form")
            if form is not None and form not in plan["forms"]:
                add(entry, node, f"there is no form '{form}' under referral/forms", "fix the id")
            if key not in words.get(group, {}):
                add(entry, node, f"has no words under text/referral/{group}/{key}",
                    "write its heading and text there")
    for flow_id, sheets in plan["sheets"].items():
        flow = flows.get(flow_id)
        if flow is None:
            add(plan["sheets"], f"referral/sheets/{flow_id}", f"there is no flow '{flow_id}'",
                "use the id of a flow file")
            continue
        for outcome_id, parts in sheets.items():
            node = f"referral/sheets/{flow_id}/{outcome_id}"
            target = flow.nodes.get(outcome_id)
            if target is None or target.kind != "outcome":
                add(sheets, node, f"'{outcome_id}' is not an outcome of {flow_id}",
                    "use the id of an outcome in the flow")
            for part in parts if isinstance(parts, LList) else [parts]:
                if part not in plan["parts"]:
                    add(sheets, node, f"there is no part '{part}' under referral/parts",
                        f"choose from: {', '.join(plan['parts'])}")
    return problems


def sheet_parts(print_text, flow_id: str, outcome_id: str) -> tuple[str, ...]:
    """The parts of the sheet for this outcome, in order; () when it has no sheet."""
    plan = (print_text or {}).get("referral") or {}
    return tuple(plan.get("sheets", {}).get(flow_id, {}).get(outcome_id, ()))


def _awaiting(ids, claims) -> bool:
    return any(claims[c].status == NEEDS_VERIFICATION for c in ids if c in claims)


def referral_context(result: Walk, content, translator, now: dt.datetime) -> dict:
    """Everything the sheet shows beyond its fixed words, in the translator's language:
    its parts and forms (ids; their words are the print text), the signs ticked on the
    route, the outcome's contacts and the sources of every claim it relies on."""
    if not result.finished:
        raise ValueError("a referral sheet needs a route that reaches an outcome")
    outcome, plan = result.current, content.print_text["referral"]
    part_ids = sheet_parts(content.print_text, result.flow.id, outcome.id)
    if not part_ids:
        raise ValueError(f"{result.flow.id}/{outcome.id} has no referral sheet")
    claims = content.claims
    parts, forms, used = [], [], []
    for pid in part_ids:
        entry = plan["parts"][pid]
        used += entry["evidence"]
        parts.append({"id": pid, "awaiting": _awaiting(entry["evidence"], claims)})
        form = entry.get("form")
        if form and form not in [f["id"] for f in forms]:
            evidence = plan["forms"][form]["evidence"]
            used += evidence
            forms.append({"id": form, "awaiting": _awaiting(evidence, claims)})
    tx = translator.markup
    # The signs are the checklists' answers, in the flow's own words.
    signs = [{"question": tx(step.node.text),
              "answers": [tx(o.label) for o in step.node.options if o.id in step.answer]}
             for step in result.route if step.node.kind == "checklist"]
    sources = {}
    for cid in dict.fromkeys(used):
        for source in claims[cid].sources if cid in claims else ():
            sources.setdefault(source.url, source.title)
    locale = translator.locale
    return {
        "flow_title": tx(result.flow.title), "flow_id": result.flow.id,
        "outcome_title": tx(outcome.title),
        "parts": parts, "forms": forms, "signs": signs,
        "contacts": [{
            "name": tx(c.name), "phone": c.phone or "", "hours": tx(c.hours) if c.hours else "",
            "email": c.email or "", "url": (c.url or "").removeprefix("https://"),
            "awaiting": c.evidence.needs_verification,
        } for c in (content.contacts[cid] for cid in outcome.contacts)],
        "sources": [{"title": title, "url": url} for url, title in sources.items()],
        "made": (f"{format_date(now, 'long', locale=locale)}, "
                 f"{format_time(now, 'HH:mm', locale=locale)} {now.strftime('%Z')}"),
        "made_iso": now.isoformat(timespec="minutes"),
        "version": content.version,
        "note_lines": NOTE_LINES,
    }


def referral_sides(service, request) -> list:
    """(Side, context) per language of the referral sheet of the finished walk
    `request.route`, in one language or a pair (Welsh first, each on its own pages):
    for its PDF (`build`) and for its page (web/referral.py)."""
    entry = request.artefact
    langs = order_languages(request.langs)
    if not 1 <= len(langs) <= 2:
        raise PrintOptionError("choose one language or a pair of two")
    sides = []
    for code in langs:
        if code not in service.languages:
            raise PrintOptionError(f"unknown language {code!r}")
        language, translator = service.languages[code], service.translators[code]
        context = referral_context(request.route, service.content, translator, generated_at(request.now))
        context["practice"] = request.practice  # made in a training case: said on every page
        qr = service.qr_url(entry.name, code, request.base_url) if request.base_url else ""
        sides.append((Side(code, service.strings(entry, code), qr, draft=not language.reviewed,
                           dir=language.direction), context))
    return sides


def build(service, request) -> bytes:
    """PDF bytes of the referral sheet (registry.Artefact.build)."""
    return referral_pdf(service.printer, request.artefact, referral_sides(service, request))


def referral_html(printer, entry, sides) -> str:
    """The sheet's HTML: `sides` are (Side, context) pairs, Welsh first; each language
    gets its own page(s). The Side's QR code opens the NRM explained, for the person."""
    options = PrintOptions(entry.name, tuple(side.lang for side, _ in sides), entry.sizes[0])
    return printer.env.get_template(entry.template).render(
        artefact=entry.name, options=options, page=SIZES[entry.sizes[0]], bleed_mm=BLEED_MM,
        layout="single" if len(sides) == 1 else "stacked",
        sides=[dict(lang=side.lang, dir=side.dir, draft=side.draft, text=side.strings,
                    qr=qr_data_uri(side.qr_url) if side.qr_url else "", qr_url=side.qr_url,
                    route=context)
               for side, context in sides],
        draft=any(side.draft for side, _ in sides), version=printer.version)


def referral_pdf(printer, entry, sides) -> bytes:
    """The sheet holds one case's answers: rendered as the route record is, through the
    Printer's memory-only cache (Printer.cache_for: never the shared cache directory)
    which, in the web app, keeps nothing and renders in the bounded render pool
    (web/renderpool.init_app)."""
    html = referral_html(printer, entry, sides)
    key = cache_key(entry.name, [], [html], printer.template_version)
    return printer.cache_for(entry).get_or_render(key, lambda: render_pdf(html, printer.static_dir))
