"""The trainer pack (issue 14): the practice cases on paper, for a trainer and a group.

Built from the same scenarios (flows/practice/) and flows as the practice pages, so it
says what the guide says: scenario cards to hand out (the story only), a facilitator's
section per case (the expert route in words, teaching points with sources, common
mistakes, discussion questions) and a one-page route-map summary per language, drawn
by chart.py. Bilingual, Welsh first; PRACTICE on every page. No Flask: PrintService
builds it (artefacts.PRINTABLES["trainer-pack"]).
"""
from __future__ import annotations

from ..practice import expert_walk, with_info
from ..walk import walk
from .artefacts import BLEED_MM, PRINTABLES, SIZES, PrintOptionError, PrintOptions, order_languages
from .cache import cache_key
from .chart import chart_extras, chart_flow
from .content import section_text, strings_for
from .qr import qr_data_uri
from .render import render_pdf

PACK = PRINTABLES["trainer-pack"]


def check_languages(langs) -> tuple:
    langs = order_languages(langs)
    if not 1 <= len(langs) <= 2 or any(code not in PACK.languages for code in langs):
        raise PrintOptionError(f"{PACK.name} prints in {' and '.join(PACK.languages)} (one or both), "
                               f"not {', '.join(langs) or 'none'}")
    return langs


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


def pack_context(content, print_text, translators, langs, qr_url) -> dict:
    """Everything the template shows, per language (Welsh first)."""
    sides = []
    for code in langs:
        translator = translators[code]
        sides.append(dict(
            lang=code, dir=translator.direction, qr_url=qr_url(code), qr=qr_data_uri(qr_url(code)),
            text=strings_for(print_text, PACK.text, translator.markup),
            cases=[case(s, content, translator) for s in content.practice.values()],
            chart=chart_extras(content, translator, section_text(print_text, "chart"))["svg"],
            chart_title=translator.markup(chart_flow(content).title)))
    return dict(sides=sides)


def pack_html(printer, langs, context) -> str:
    return printer.env.get_template(PACK.template).render(
        artefact=PACK.name, options=PrintOptions(PACK.name, langs, PACK.sizes[0]),
        page=SIZES[PACK.sizes[0]], bleed_mm=BLEED_MM, layout="single",
        version=printer.version, **context)


def pack_pdf(printer, langs, context) -> bytes:
    """PDF bytes, from the Printer's cache when nothing that goes on the page changed."""
    key = cache_key(PACK.name, [PACK.sizes[0]], [list(langs), context, printer.version],
                    printer.template_version)
    return printer.cache.get_or_render(
        key, lambda: render_pdf(pack_html(printer, langs, context), printer.static_dir))
