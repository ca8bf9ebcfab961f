"""The referral preparation sheet (printing/referral.py), route by route on the real
content: shaped by the route, built from the answers only, never cached."""
import datetime as dt

import pytest
from markupsafe import escape

from routemap.printing import pdfcheck
from routemap.printing.record import generated_at
from routemap.printing.artefacts import PrintRequest
from routemap.printing.referral import (check_referral, referral_context, referral_html, referral_sides,
                                       sheet_parts)
from routemap.printing.registry import PRINTABLES
from routemap.walk import all_routes, walk
from routemap.web.state import state
from routemap.yamlsource import read_yaml

NOW = generated_at(dt.datetime(2026, 7, 1, 13, 5, tzinfo=dt.timezone.utc))
FLOW = "possible-victim"
# Where a sheet is owed: outcomes built on these shared paragraphs lead to an NRM
# referral, a Duty to Notify or an adult safeguarding report.
REFERRAL_BLOCKS = {"explain-the-nrm", "duty-to-notify", "adult-safeguarding-report", "child-guardian"}


@pytest.fixture(scope="module")
def prints(real_app):
    """The app's PrintService: the real content, catalogs and templates."""
    return state(real_app).prints


@pytest.fixture(scope="module")
def routes(real_content):
    """Every distinct route of the flow that ends at an outcome with a sheet."""
    flow = real_content.flows[FLOW]
    found = [r for r in all_routes(flow) if sheet_parts(real_content.print_text, FLOW, r.current.id)]
    assert found
    return found


def html_of(prints, result, langs=("en",)):
    entry = PRINTABLES["referral-sheet"]
    return referral_html(prints.printer, entry, referral_sides(prints, PrintRequest(entry, langs, route=result, now=NOW)))


def test_every_outcome_that_leads_to_a_referral_has_a_sheet(real_content):
    flow = real_content.flows[FLOW]
    owed = {o.id for o in flow.outcomes if set(o.blocks) & REFERRAL_BLOCKS}
    assert "adult-no-consent-at-risk" in owed and "child-first-responder" in owed
    have = {o.id for o in flow.outcomes if sheet_parts(real_content.print_text, FLOW, o.id)}
    assert owed <= have
    # ...and none where nothing is referred: a police report or an emergency call.
    assert not have & {"call-999", "public-report", "no-clear-signs", "adult-no-consent"}


def test_each_route_gets_the_sheet_its_answers_call_for(prints, routes):
    for result in routes:
        html = html_of(prints, result)
        answers = result.answers
        child = answers["age"][0] in ("under-18", "not-sure")
        where = f"{result.current.id} {answers}"
        if child:
            assert "Children&#39;s services: first" in html, where
            assert html.index("part-childrens-services") < html.index("part-nrm-child"), where
            assert "part-duty-to-notify" not in html and "form-duty-to-notify" not in html, where  # never for a child
            assert "consent conversation" not in html, where
        elif answers["consent"] == ("yes",):
            assert "Before the referral: the consent conversation" in html, where
            assert "tell-consent" in html and "part-duty-to-notify" not in html, where
        elif answers["consent"] == ("no-capacity",):
            assert "A best-interests decision" in html, where
            assert "consent conversation" not in html, where
        else:  # did not agree, or could not be asked
            assert "consent conversation" not in html and "part-nrm-adult" not in html, where
            notifies = answers["role"][0] in ("police", "local-authority", "home-office", "fair-work-agency")
            assert ("part-duty-to-notify" in html) == notifies, where
            assert ("Duty to Notify the Home Office" in html) == notifies, where
            assert ("part-adult-safeguarding" in html) == (answers["adult-at-risk"][0] != "no"), where
            if notifies:
                assert "Nothing that identifies them" in html, where
        # The signs ticked, in the flow's own words, and nothing else.
        ticked = html[html.index('class="referral-signs'):html.index('class="referral-notes')].replace("&#39;", "'")
        for node_id in ("signs", "exploitation"):
            for option in result.flow.nodes[node_id].options:
                chosen = any(option.label == o.label for n in ("signs", "exploitation")
                             for o in result.flow.nodes[n].options if o.id in answers.get(n, ()))
                assert (f"<li>{option.label}</li>" in ticked) == chosen, (where, option.id)


def test_the_sheet_is_in_order_with_the_outcome_contacts(prints, real_content, routes):
    result = next(r for r in routes if r.current.id == "adult-duty-to-notify-at-risk")
    html = html_of(prints, result)
    order = [html.index(f"class=\"referral-{name}") for name in ("who", "form", "signs", "notes", "tell", "contacts")]
    assert order == sorted(order)
    for cid in result.current.contacts:
        assert str(escape(str(real_content.contacts[cid].name))) in html
    assert "legislation.gov.uk/ukpga/2015/30/section/52" in html  # the sources of its claims
    assert "Awaiting confirmation" in html  # the Duty to Notify field list is not confirmed


def test_pdf_welsh_first_pair_fonts_embedded_and_never_cached(prints, routes, tmp_path):
    result = next(r for r in routes if r.current.id == "child-first-responder")
    before = (len(prints.printer.cache._items), len(prints.printer.record_cache._items))
    pdf = prints.build("referral-sheet", ("en", "cy"), route=result, now=NOW,
                       base_url="https://routemap.example.org")
    text = " ".join(pdfcheck.text(pdf).split())
    assert text.index("Paratoi'r atgyfeiriad") < text.index("Prepare the referral: checklist")
    assert "routemap.example.org/en/help/nrm/" in text and "routemap.example.org/cy/help/nrm/" in text
    assert "Guide version" in text and str(prints.content.version) in text
    assert "DRAFFT" in text or "DRAFT" in text  # Welsh is not reviewed yet
    assert all(font["embedded"] for font in pdfcheck.fonts(pdf))
    assert {tuple(round(x) for x in size) for size in pdfcheck.page_sizes_mm(pdf)} == {(210, 297)}
    assert (len(prints.printer.cache._items), len(prints.printer.record_cache._items)) == before
    directory = prints.printer.cache.directory
    assert directory is None or not any(directory.iterdir())


def test_a_route_without_a_sheet_or_unfinished_is_refused(prints, real_content):
    flow = real_content.flows[FLOW]
    with pytest.raises(ValueError):
        referral_context(walk(flow, {"role": ["police"]}), real_content, prints.translators["en"], NOW)
    call = walk(flow, {"role": ["police"], "danger": ["yes"]})
    assert call.finished and call.current.id == "call-999"
    with pytest.raises(ValueError):
        referral_context(call, real_content, prints.translators["en"], NOW)


def test_broken_sheet_plan_names_file_line_and_fix(real_content, tmp_path):
    path = tmp_path / "posters.yaml"
    path.write_text(
        "text: {referral: {parts: {consent: {heading: x}}, forms: {}}}\n"
        "referral:\n"
        "  parts:\n"
        "    consent: {evidence: [no-such-claim], form: nope}\n"
        "  forms: {}\n"
        "  sheets:\n"
        "    possible-victim:\n"
        "      adult-nrm-referral: [consent, missing]\n"
        "      danger: [consent]\n"
        "    no-flow: {}\n")
    problems = check_referral(read_yaml(path), real_content.flows, real_content.claims, "posters.yaml")
    said = "\n".join(str(p) for p in problems)
    assert "posters.yaml:4: referral/parts/consent: there is no claim 'no-such-claim'" in said
    assert "there is no form 'nope'" in said
    assert "there is no part 'missing' under referral/parts (choose from: consent)" in said
    assert "'danger' is not an outcome of possible-victim" in said
    assert "there is no flow 'no-flow'" in said
    assert all(p.line for p in problems)


def test_draft_mark_only_on_the_unreviewed_language_pages(prints, routes):
    """In a Welsh-first pair, DRAFT marks the Welsh pages (not reviewed yet), not the
    English ones: each language's pages are a named page with or without the mark."""
    result = next(r for r in routes if r.current.id == "child-first-responder")
    html = html_of(prints, result, ("cy", "en"))
    articles = html.split("<article")[1:]
    assert [("draft-pages" in a.split(">", 1)[0], 'lang="cy"' in a.split(">", 1)[0]) for a in articles] \
        == [(True, True), (False, False)]
    assert "record-draft-mark" not in html  # a fixed mark would repeat on every page
    css = (prints.printer.static_dir / "print" / "print.css").read_text()
    assert "@page document-draft { background: url(draft-mark.svg)" in css
    assert (prints.printer.static_dir / "print" / "draft-mark.svg").is_file()
