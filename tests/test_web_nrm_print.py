"""The NRM explained as print (PRINTABLES["nrm-explainer"]) on the real content and
catalogs, and the links in the guide's hints (the consent question links to it)."""
import re
from html import unescape
from urllib.parse import urljoin

import pytest

from routemap.printing import pdfcheck
from routemap.printing.nrm_sheet import extras, messages
from routemap.web.state import state
from routemap.walk import query_string

LANGS = ("cy", "en", "sq", "vi", "ti", "ar", "so", "ro", "pl", "fa")
TITLE = "The National Referral Mechanism: what it means for you"


@pytest.fixture(scope="module")
def prints(real_app):
    return state(real_app).prints


@pytest.fixture()
def real_client(real_app):
    return real_app.test_client()


def test_the_sheet_reads_the_web_pages_text(prints):
    said = messages(str(prints.printer.templates_dir))
    assert said[0] == TITLE and len(said) >= 15
    assert "You can say no" in said and "Children" in said


@pytest.mark.parametrize("code", LANGS)
def test_every_language_has_its_whole_text_with_no_english_fallback(prints, code):
    translator = prints.translators[code]
    text = extras(prints, translator)["nrm"]
    assert not [m for m, html in text.items() if 'lang="en"' in html]
    if code != "en":
        assert text[TITLE] != TITLE


@pytest.mark.parametrize("code", ("ar", "fa", "cy"))
def test_pdf_in_its_language_direction_and_fonts(prints, code):
    pdf = prints.build("nrm-explainer", (code,), base_url="https://routemap.example.org")
    assert pdfcheck.page_count(pdf) == 1
    text = plain(pdfcheck.text(pdf))
    translator = prints.translators[code]
    assert plain(translator.gettext(TITLE)).split()[1] in text
    assert f"routemap.example.org/{code}/help/nrm/" in text
    draft = plain(translator.text(prints.printer.print_text["text"]["common"]["draft"]))
    assert draft.split()[1] in text  # not reviewed yet: the DRAFT mark in its language
    fonts = pdfcheck.fonts(pdf)
    assert all(f["embedded"] for f in fonts)
    if code in ("ar", "fa"):
        assert any("Arabic" in f["name"] for f in fonts)


def plain(text: str) -> str:
    """Text without bidi controls and joiners (pdftotext adds some), spaces collapsed."""
    return " ".join(re.sub("[\u200c\u200d\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text).split())


def test_rtl_side_is_marked_right_to_left(prints):
    from routemap.printing.artefacts import PrintOptions, Side
    from routemap.printing.registry import PRINTABLES
    translator = prints.translators["ar"]
    side = Side("ar", {"draft": "x", "qr_label": "y", "emergency": "z"}, "https://e.org/ar/help/nrm/",
                extras=extras(prints, translator))
    html = prints.printer.html(
        PrintOptions("nrm-explainer", ("ar",)).checked(PRINTABLES["nrm-explainer"], prints.languages), [side])
    assert '<article class="sheet nrm-sheet" lang="ar" dir="rtl">' in html
    assert translator.gettext("You can say no") in html


def test_welsh_and_english_pair_is_two_pages_welsh_first(prints):
    pdf = prints.build("nrm-explainer", ("en", "cy"), base_url="https://routemap.example.org")
    assert pdfcheck.page_count(pdf) == 2
    text = " ".join(pdfcheck.text(pdf).split())
    assert text.index(prints.translators["cy"].gettext(TITLE)) < text.index(TITLE)


def test_catalogue_lists_it_and_the_explainer_page_links_to_it(real_client):
    catalogue = real_client.get("/en/print/").get_data(as_text=True)
    assert 'action="/en/print/nrm-explainer.pdf"' in catalogue
    page = real_client.get("/ar/help/nrm/").get_data(as_text=True)
    assert 'href="/ar/print/nrm-explainer.pdf"' in page
    assert 'href="/ar/print/nrm-explainer.pdf?language=ar&amp;language=en"' in page
    response = real_client.get("/ar/print/nrm-explainer.pdf?language=ar&language=en")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def hint_links(page: str, node_id: str) -> list[str]:
    match = re.search(rf'<div id="{re.escape(node_id)}-hint" class="hint">(.*?)</div>', page, re.S)
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', match.group(1))] if match else []


def test_every_link_in_every_hint_works_on_the_question_and_its_error_page(real_app, real_client):
    """A hint shows on its question (…/node) and, after an invalid answer, on the error
    page (…/node/answer): every link in it must open the same page from both."""
    checked = 0
    for flow in state(real_app).content.flows.values():
        for node in flow.nodes.values():
            if node.kind not in ("question", "checklist") or not node.hint or "](" not in node.hint:
                continue
            route = next((r for r in _routes_through(flow, node.id)), None)
            assert route is not None, node.id
            query = query_string(route)
            for lang in ("en", "cy"):
                question = f"/{lang}/guide/{flow.id}/{node.id}"
                answer = f"{question}/answer"
                pages = [(question, real_client.get(f"{question}?{query}")),
                         (answer, real_client.get(f"{answer}?{query}&{node.id}=not-an-answer"))]
                assert [r.status_code for _, r in pages] == [200, 400], node.id
                targets = set()
                for url, response in pages:
                    links = hint_links(response.get_data(as_text=True), node.id)
                    assert links, (url, "no link in the hint")
                    for href in links:
                        target = urljoin(url, href)
                        assert real_client.get(target).status_code == 200, (url, href, target)
                        targets.add(target.split("#")[0])
                assert len(targets) == len(links), targets  # the same pages from both
                checked += 1
    assert checked  # the consent question's link to the NRM explained, at least


def _routes_through(flow, node_id):
    """Answers that reach `node_id` (and stop there)."""
    from routemap.walk import all_routes
    for result in all_routes(flow):
        if result.visited(node_id):
            yield result.answers_before(node_id)
