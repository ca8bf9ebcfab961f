"""The record of a route: built from the answers only, opened and read back."""
import datetime as dt

import pytest
from babel.support import NullTranslations

from routemap.printing import pdfcheck
from routemap.printing import record as record_module
from routemap.printing.artefacts import Side
from routemap.printing.registry import PRINTABLES
from routemap.printing.strings import strings_for
from routemap.presenters import record as record_context
from routemap.printing.record import generated_at, record_html, record_pdf
from routemap.translator import Translator
from routemap.walk import walk

from .placeholders import SAMPLES, placeholder_translate, translator

RECORD = PRINTABLES["route-record"]
NOW = generated_at(dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.timezone.utc))  # 14:05 BST

SIGNS_ROUTE = {
    "role": ["police"], "danger": ["no"], "age": ["adult"],
    "signs": ["fearful", "debt"], "exploitation": ["labour"],
    "consent": ["yes"],
}


@pytest.fixture(scope="module")
def record(real_content, printer, content):
    def record(flow_id, answers, lang="en", now=NOW):
        result = walk(real_content.flows[flow_id], answers)
        tr = translator(lang)
        context = record_context(result, real_content.contacts, tr, "9.9.9", now)
        side = Side(lang, strings_for(content, "record", tr.markup), "", draft=lang != "en")
        return result, record_pdf(printer, RECORD, side, context), record_html(printer, RECORD, side, context)
    return record


def flat(pdf):
    return " ".join(pdfcheck.text(pdf).split())


def test_record_holds_every_answer_and_the_outcome(record, real_content):
    result, pdf, _ = record("possible-victim", SIGNS_ROUTE)
    assert result.current.id == "adult-nrm-referral-labour"
    sizes = pdfcheck.page_sizes_mm(pdf)
    assert set(sizes) == {(210, 297)} and 2 <= len(sizes) <= 4
    assert all(f["embedded"] for f in pdfcheck.fonts(pdf))
    text = flat(pdf)
    flow = real_content.flows["possible-victim"]
    for step in result.route:
        assert " ".join(step.node.text.split()) in text
        for option in step.node.options if hasattr(step.node, "options") else ():
            label = " ".join(option.label.split())
            if option.id in step.answer:
                assert label in text, label
            elif len(label) > 20:  # short ones ("Yes") occur in other text
                assert label not in text, label
    outcome = result.current
    for item in outcome.steps + outcome.do_not + outcome.record:
        assert " ".join(item.replace("**", "").split())[:60] in text
    for cid in outcome.contacts:
        phone = real_content.contacts[cid].phone
        if phone:
            assert phone in text
    assert "Record of the route taken" in text and flow.title in text
    assert "1 July 2026, 14:05 BST" in text and "9.9.9" in text
    assert "Your notes" in text and "Last reviewed" in text
    assert outcome.evidence.sources[0].title in text


def test_record_shows_nothing_that_is_not_in_the_url(record, real_content):
    _, pdf, _ = record("possible-victim", {**SIGNS_ROUTE, "bogus": ["x"], "name": ["Jane Doe"]})
    text = flat(pdf)
    assert "Jane Doe" not in text and "bogus" not in text
    others = [o for o in real_content.flows["possible-victim"].outcomes
              if o.id != "adult-nrm-referral-labour"]
    assert not any(f"{o.title} " in text.replace("\n", " ") and o.title != "Make an NRM referral"
                   for o in others if len(o.title) > 30)


def test_cps_four_stage_record(record, real_content):
    flow = real_content.flows["cps-suspect-victim"]
    from routemap.walk import all_routes
    for result in list(all_routes(flow))[:3]:
        _, pdf, _ = record("cps-suspect-victim", result.answers)
        text = flat(pdf)
        assert " ".join(result.current.title.split()) in text
        assert " ".join(flow.title.split()) in text


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_record_in_other_scripts(record, lang):
    _, pdf, html = record("possible-victim", SIGNS_ROUTE, lang=lang)
    assert all(f["embedded"] for f in pdfcheck.fonts(pdf))
    assert SAMPLES[lang][0] in pdfcheck.text(pdf)
    assert 'class="record-draft-mark"' in html and 'class="draft-note"' in html
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}" dir="{direction}">' in html


def test_untranslated_content_is_marked_english(real_content, printer, content):
    # The flow text is not translated here, so it falls back to English, marked so.
    result = walk(real_content.flows["possible-victim"], SIGNS_ROUTE)
    untranslated = Translator("cy", NullTranslations())
    context = record_context(result, real_content.contacts, untranslated, "1", NOW)
    side = Side("cy", strings_for(content, "record", placeholder_translate("cy")), "")
    html = record_html(printer, RECORD, side, context)
    assert '<span lang="en" dir="ltr">Where do you work?</span>' in html
    assert "Gorffennaf 2026" in html  # dates in Welsh all the same


def test_record_is_cached_within_the_minute(record, printer, monkeypatch):
    calls = []
    real = record_module.render_pdf
    monkeypatch.setattr(record_module, "render_pdf",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    route = {**SIGNS_ROUTE, "consent": ["no"], "adult-at-risk": ["no"]}
    first = record("possible-victim", route)[1]
    assert record("possible-victim", route)[1] == first and len(calls) == 1
    record("possible-victim", route, now=NOW + dt.timedelta(minutes=1))
    assert len(calls) == 2
    assert printer.cache.directory is None or not any(printer.cache.directory.rglob("*"))


def test_unfinished_route_is_refused(real_content):
    result = walk(real_content.flows["possible-victim"], {"role": ["police"]})
    with pytest.raises(ValueError, match="outcome"):
        record_context(result, real_content.contacts, translator("en"), "1", NOW)
