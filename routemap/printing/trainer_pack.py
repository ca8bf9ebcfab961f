"""The trainer pack (issue 14): the practice cases on paper, for a trainer and a group.

Built from the same scenarios (flows/practice/) and flows as the practice pages, so it
says what the guide says: scenario cards to hand out (the story only), a facilitator's
section per case (the expert route in words, teaching points with sources, common
mistakes, discussion questions) and a one-page route-map summary per language, drawn
by chart.py. Bilingual, Welsh first; PRACTICE on every page. No Flask: `build` is the
builder of its registry entry (registry.PRINTABLES["trainer-pack"]).
"""
from __future__ import annotations

from ..practice import expert_walk, with_info
from ..walk import walk
from .artefacts import BLEED_MM, SIZES, PrintOptionError, PrintOptions, order_languages
from .cache import cache_key
from .chart import chart_extras, chart_flow
from .qr import qr_data_uri
from .render import render_pdf
from .strings import section_text, strings_for


def check_languages(entry, langs) -> tuple:
    """The pack's languages, Welsh first: one or both of its entry's."""
    langs = order_languages(langs)
    if not 1 <= len(langs) <= 2 or any(code not in entry.languages for code in langs):
        raise PrintOptionError(f"{entry.name} prints in {' and '.join(entry.languages)} (one or both), "
                               f"not {', '.join(langs) or 'none'}")
    return langs


def build(service, request) -> bytes:
    """PDF bytes of the trainer pack (registry.Artefact.build)."""
    entry = request.artefact
    langs = check_languages(entry, request.langs)
    context = pack_context(service, entry, langs, request.base_url)
    return pack_pdf(service.printer, entry, langs, context)


def answer_words(node, answer, tx) -> list:
    return [tx(o.label) for o in node.options if o.id in answer]


def case(scenario, content, translator) -> dict:
    """One scenario in one language, as plain, already-translated data."""
    tx = translator.markup
    flow = content.flows[scenario.flow]
    expert = expert_walk(scenario, flow)
    levels = {"awareness": "level_awareness", "first-responder": "level_first_responder",
              "police-cps": "level_police_cps"}
    mistakes = []
    for mistake in scenario.mistakes:
        led = walk(flow, with_info(flow, {**scenario.answers, **mistake.answers})).current
        mistakes.append(dict(
            answers=[dict(question=tx(flow.nodes[n].text), answers=answer_words(flow.nodes[n], a, tx))
                     for n, a in mistake.answers.items()],
            outcome=tx(led.title), body=tx(mistake.body, block=True)))
    return dict(
        id=scenario.id, title=tx(scenario.title), summary=tx(scenario.summary),
        body=tx(scenario.body, block=True), flow=tx(flow.title),
        levels=[levels[level] for level in scenario.levels],
        route=[dict(question=tx(s.node.text), answers=answer_words(s.node, s.answer, tx))
               for s in expert.route if s.node.kind != "info"],
        outcome=tx(expert.current.title),
        points=[dict(at=tx(flow.nodes[p.at].title if flow.nodes[p.at].kind == "outcome" else flow.nodes[p.at].text),
                     body=tx(p.body, block=True),
                     sources=[dict(title=s.title, url=s.url) for cid in p.evidence
                              for s in content.claims[cid].sources])
                for p in scenario.points],
        mistakes=mistakes,
        discussion=[tx(d) for d in scenario.discussion])


def pack_context(service, entry, langs, base_url) -> dict:
    """Everything the template shows, per language (Welsh first)."""
    content, print_text = service.content, service.printer.print_text
    sides = []
    for code in langs:
        translator = service.translators[code]
        qr_url = service.qr_url(entry.name, code, base_url)
        sides.append(dict(
            lang=code, dir=translator.direction, qr_url=qr_url, qr=qr_data_uri(qr_url),
            text=strings_for(print_text, entry.text, translator.markup),
            cases=[case(s, content, translator) for s in content.practice.values()],
            chart=chart_extras(service, translator, section_text(print_text, "chart"))["svg"],
            chart_title=translator.markup(chart_flow(content).title)))
    return dict(sides=sides)


def pack_html(printer, entry, langs, context) -> str:
    return printer.env.get_template(entry.template).render(
        artefact=entry.name, options=PrintOptions(entry.name, langs, entry.sizes[0]),
        page=SIZES[entry.sizes[0]], bleed_mm=BLEED_MM, layout="single",
        version=printer.version, **context)


def pack_pdf(printer, entry, langs, context) -> bytes:
    """PDF bytes, from the Printer's cache when nothing that goes on the page changed."""
    key = cache_key(entry.name, [entry.sizes[0]], [list(langs), context, printer.version],
                    printer.template_version)
    return printer.cache_for(entry).get_or_render(
        key, lambda: render_pdf(pack_html(printer, entry, langs, context), printer.static_dir))
