"""What the guide shows of a node, a route and the contacts, for each way it is shown.

One module turns the engine's objects (node, walk, content) and a Translator into view
objects: the guide page's context, the printed route record, the API's JSON and the
arrows of a diagram. Views and templates get these, so an outcome is described once,
and dispatching on the kind of node happens here rather than in each view. No Flask:
a page's addresses come in as a `PageUrls`.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Iterator

from babel.dates import format_date, format_time

from .model import Content, Flow, Node, Option, Rule
from .translator import Translator
from .walk import Walk

NOTE_LINES = 14  # blank ruled lines for the worker's own notes on a printed record


def heading(node: Node):
    """The text that names a node: an outcome's title, any other node's question."""
    return node.title if node.kind == "outcome" else node.text


# ---------------------------------------------------------------- diagram arrows
@dataclass(frozen=True)
class Exit:
    """One way out of a node: chosen by an option (`next:`) or by a routing rule."""
    target: str
    option: Option | None = None
    rule: Rule | None = None


def exits(node: Node) -> Iterator[Exit]:
    """Options with their own `next:` (single-choice questions), then the rules, in the
    order the walk tries them."""
    if node.kind == "question":
        for option in node.options:
            if option.next:
                yield Exit(option.next, option=option)
    for rule in getattr(node, "rules", ()):
        yield Exit(rule.go, rule=rule)


# ---------------------------------------------------------------- guide pages
@dataclass(frozen=True)
class PageUrls:
    """How the web layer writes a guide address (url_for lives there, not here)."""
    node: Callable[[str, dict], str]          # (node id, answers) -> address
    nodes: Callable[[list, dict], dict]       # (node ids, answers) -> {id: address}
    start: str
    answer: Callable[[str], str]              # node id -> the form's action


TEMPLATES = {"outcome": "guide/outcome.html", "info": "guide/info.html",
             "question": "guide/choice.html", "checklist": "guide/choice.html"}


def guide_page(result: Walk, current: Node, content: Content, urls: PageUrls,
               problem: str | None = None) -> tuple[str, dict]:
    """(template, context) for the page of `current` on the route `result`."""
    answers = result.answers
    route = list(result.route)
    position = next((i for i, s in enumerate(route) if s.node.id == current.id), len(route))
    back_url = urls.node(route[position - 1].node.id, answers) if position > 0 else urls.start
    context = dict(flow=result.flow, node=current, route=route, answers=answers,
                   back_url=back_url, change_urls=urls.nodes([s.node.id for s in route], answers),
                   start_url=urls.start, rejected=result.rejected)
    if current.kind == "outcome":
        context.update(contacts=[content.contacts[c] for c in current.contacts],
                       hidden=[(k, v) for k, vs in answers.items() for v in vs])
    else:
        context.update(
            hidden=[(k, v) for k, vs in result.answers_without(current.id).items() for v in vs],
            selected=set(answers.get(current.id, ())), problem=problem,
            action=urls.answer(current.id))
    return TEMPLATES[current.kind], context


def local_contacts(content: Content, area_id: str, translator: Translator) -> dict:
    """The optional "which area are you in?" choice on outcome pages (never stored):
    every area in the language's alphabetical order, and the chosen one's services."""
    areas = content.areas
    chosen = areas.get(area_id)
    ordered = translator.remember("areas", "", lambda _: sorted(
        areas.values(), key=lambda a: a.name_in(translator.code).casefold()))
    local = None
    if chosen:
        local = {"area": chosen, "police": content.police_forces.get(chosen.police),
                 "health_board": content.health_boards.get(chosen.health_board)}
    return {"areas": ordered, "local": local}


# ---------------------------------------------------------------- the printed record
def record(result: Walk, contacts: dict, translator: Translator, version: str,
           now: dt.datetime) -> dict:
    """Everything the route record shows, in the translator's language.

    Built from a finished walk only, i.e. from the answers in the URL: nothing is looked
    up about the person and nothing is stored. Plain, already translated data, so the
    template has no logic; English fallbacks come marked lang="en" from the Translator.
    """
    if result.current.kind != "outcome":
        raise ValueError("a record needs a route that reaches an outcome")
    outcome = result.current
    tx = translator.markup
    answers = []
    for step in result.route:
        if step.node.kind == "info":
            answers.append({"question": tx(step.node.text), "answers": [], "info": True})
        else:
            answers.append({"question": tx(step.node.text), "info": False,
                            "answers": [tx(o.label) for o in step.node.options
                                        if o.id in step.answer]})
    evidence = outcome.evidence
    locale = translator.locale
    return {
        "flow_title": tx(result.flow.title),
        "flow_id": result.flow.id,
        "answers": answers,
        "outcome": {
            "title": tx(outcome.title),
            "summary": tx(outcome.summary, block=True) if outcome.summary else "",
            "steps": [tx(s, block=True) for s in outcome.steps],
            "next_steps": [tx(s, block=True) for s in outcome.next_steps],
            "do_not": [tx(s, block=True) for s in outcome.do_not],
            "record": [tx(s, block=True) for s in outcome.record],
        },
        "contacts": [{
            "name": tx(c.name), "phone": c.phone or "", "hours": tx(c.hours) if c.hours else "",
            "email": c.email or "", "url": (c.url or "").removeprefix("https://"),
            "awaiting": c.evidence.needs_verification,
        } for c in (contacts[cid] for cid in outcome.contacts)],
        "sources": [{"title": s.title, "url": s.url} for s in evidence.sources],
        "reviewed": format_date(evidence.reviewed, "long", locale=locale),
        "awaiting": evidence.needs_verification,
        "verification_note": tx(evidence.verification_note) if evidence.verification_note else "",
        "made": (f"{format_date(now, 'long', locale=locale)}, "
                 f"{format_time(now, 'HH:mm', locale=locale)} {now.strftime('%Z')}"),
        "made_iso": now.isoformat(timespec="minutes"),
        "version": version,
        "note_lines": NOTE_LINES,
    }


# ---------------------------------------------------------------- the API
class ApiPresenter:
    """The JSON of /api/v1 (described by its openapi.json), in one language: plain
    text, English where a string is not translated yet."""

    def __init__(self, content: Content, translator: Translator):
        self.content = content
        self.tr = translator

    def text(self, value):
        return self.tr.text(value) if value is not None else None

    def texts(self, values):
        return [self.tr.text(v) for v in values]

    def evidence(self, ev) -> dict:
        return {"sources": [{"title": s.title, "url": s.url} for s in ev.sources],
                "reviewed": ev.reviewed.isoformat(), "needs_verification": ev.needs_verification,
                "verification_note": self.text(ev.verification_note)}

    @staticmethod
    def rules(node) -> list[dict]:
        return [{"go": r.go, "when": [{"node": c.node, "test": c.test, "values": sorted(c.values)}
                                      for c in r.conditions]} for r in node.rules]

    def node(self, node) -> dict:
        text = self.text
        if node.kind == "outcome":
            return {"id": node.id, "type": "outcome", "title": text(node.title),
                    "summary": text(node.summary), "steps": self.texts(node.steps),
                    "next_steps": self.texts(node.next_steps), "do_not": self.texts(node.do_not),
                    "record": self.texts(node.record), "contacts": list(node.contacts),
                    **self.evidence(node.evidence)}
        if node.kind == "info":
            return {"id": node.id, "type": "info", "text": text(node.text), "hint": text(node.hint),
                    "body": text(node.body), "routing": self.rules(node)}
        return {"id": node.id, "type": node.kind, "text": text(node.text), "hint": text(node.hint),
                "options": [{"id": o.id, "label": text(o.label), "hint": text(o.hint),
                             "next": o.next, "exclusive": o.exclusive} for o in node.options],
                "routing": self.rules(node)}

    def summary(self, flow: Flow) -> dict:
        return {"id": flow.id, "title": self.text(flow.title), "audience": flow.audience,
                "url": f"/api/v1/flows/{flow.id}"}

    def flow(self, flow: Flow) -> dict:
        return {**self.summary(flow), "description": self.text(flow.description),
                "start": flow.start, "nodes": [self.node(n) for n in flow.nodes.values()]}

    def contacts(self) -> dict:
        c = self.content

        def place(p) -> dict:
            return {"id": p.id, "name": p.name, "name_cy": p.name_cy, "url": p.url}
        return dict(
            contacts=[{"id": k.id, "name": self.text(k.name), "phone": k.phone,
                       "hours": self.text(k.hours), "description": self.text(k.description),
                       "url": k.url, "email": k.email, **self.evidence(k.evidence)}
                      for k in c.contacts.values()],
            areas=[{**place(a), "police": a.police, "health_board": a.health_board}
                   for a in c.areas.values()],
            police_forces=[place(p) for p in c.police_forces.values()],
            health_boards=[place(p) for p in c.health_boards.values()],
        )
