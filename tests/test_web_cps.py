"""The CPS pages: reference with contents and anchors, search without JavaScript."""
from __future__ import annotations

import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from routemap.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.hrefs = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])


def parse(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


def test_reference_page_has_contents_anchors_citations_sources_and_dates(client):
    response = client.get("/en/cps/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    page = parse(html)
    for section_id in ("defence", "child-limb", "excluded-offences"):
        assert section_id in page.ids
        assert f"#{section_id}" in page.hrefs
    assert len(page.ids) == len(set(page.ids)), "ids on the page must be unique"
    assert "Example Act 2015, s45(4)" in html
    assert "https://www.legislation.gov.uk/ukpga/2015/30/schedule/4" in page.hrefs
    assert len(re.findall(r"Last reviewed: [^<]*2026", html)) == 3
    assert "<strong>two limbs</strong>" in html  # the body is Markdown


def test_subsections_nest_under_their_parent(client):
    html = client.get("/en/cps/").get_data(as_text=True)
    defence = html.index('id="defence"')
    child = html.index('id="child-limb"')
    assert defence < child and re.search(r'<h3 id="child-limb-title">', html)


def test_only_unconfirmed_sections_say_they_are_awaiting_confirmation(client):
    html = client.get("/en/cps/").get_data(as_text=True)
    assert html.count("Awaiting confirmation:") == 1
    note = html.index("The list of statutory offences has not been checked.")
    assert html.index('id="excluded-offences"') < note
    # ...and the top of the page lists them, so a reviewer sees what is outstanding.
    assert "1 section is awaiting confirmation against its primary source:" in html


def test_entries_are_listed_in_their_section_with_their_own_anchors(client):
    html = client.get("/en/cps/").get_data(as_text=True)
    assert {"excluded-murder", "excluded-wounding"} <= set(parse(html).ids)
    section = html.index('id="excluded-offences"')
    murder = html.index('<li id="excluded-murder">')
    wounding = html.index('<li id="excluded-wounding">')
    assert section < murder < wounding < html.index("Example Act, Schedule 4", section)
    assert "<em>Example Act 1861</em>" in html[wounding:]  # entry text is Markdown
    # Not translated yet on the Welsh page: marked as English for screen readers.
    welsh = client.get("/cy/cps/").get_data(as_text=True)
    assert re.search(r'<li id="excluded-murder"><div lang="en" dir="ltr"><p>Murder \(common law\)</p>', welsh)


def test_search_works_as_a_plain_get_form(client):
    html = client.get("/en/cps/").get_data(as_text=True)
    assert re.search(r'<form class="cps-search" method="get" action="/en/cps/search"', html)
    assert 'name="q"' in html


def test_search_highlights_hits_and_ranks_headings_first(client):
    response = client.get("/en/cps/search?q=defence")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    results = re.findall(r'<h3><a href="/en/cps/#([a-z0-9-]+)"', html)
    assert results[0] == "defence"  # the heading hit, before the body-only hit
    assert set(results) == {"defence", "child-limb", "excluded-offences"}
    assert "<mark>defence</mark>" in html or "<mark>Defence</mark>" in html
    assert "3 results found" in html


def test_an_entry_is_a_result_linking_to_its_anchor_in_its_section(client):
    html = client.get("/en/cps/search?q=GBH").get_data(as_text=True)
    assert re.findall(r'<h3><a href="([^"]+)"', html)[0] == "/en/cps/#excluded-wounding"
    assert "Listed in: Schedule 4 exclusions" in html
    assert "<mark>GBH</mark>" in html  # the entry's keyword, shown as the snippet
    assert "Awaiting confirmation" in html  # its section is


def test_welsh_search_finds_welsh_keywords(client):
    html = client.get("/cy/cps/search?q=atodlen+4").get_data(as_text=True)
    assert re.findall(r'<h3><a href="/cy/cps/#([a-z0-9-]+)"', html)[0] == "excluded-offences"
    # Not yet translated: the English heading is marked as English for screen readers.
    assert '<a href="/cy/cps/#excluded-offences" lang="en" dir="ltr">' in html


def test_no_hits_says_so(client):
    html = client.get("/en/cps/search?q=zzqqxx").get_data(as_text=True)
    assert "No results found" in html and "<mark>" not in html


def test_empty_search_shows_the_form_only(client):
    html = client.get("/en/cps/search").get_data(as_text=True)
    assert 'name="q"' in html and "found" not in html


@pytest.mark.parametrize("query", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'])
def test_hostile_queries_are_escaped(client, query):
    response = client.get("/en/cps/search", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html


def test_very_long_query_is_cut_short_not_an_error(client):
    response = client.get("/en/cps/search", query_string={"q": "defence " * 500})
    assert response.status_code == 200
    assert "defence " * 30 not in response.get_data(as_text=True)


def test_unknown_language_is_not_found(client):
    assert client.get("/xx/cps/").status_code == 404


def test_home_page_links_to_the_cps_guide(client):
    assert "/en/cps/" in parse(client.get("/en/").get_data(as_text=True)).hrefs


@pytest.fixture(scope="module")
def cps_client(tmp_path_factory):
    """The app with the real CPS reference and flow (and the fixture contacts and print text)."""
    flows = tmp_path_factory.mktemp("flows")
    shutil.copy(FIXTURES / "flows" / "contacts.yaml", flows / "contacts.yaml")
    shutil.copy(ROOT / "flows" / "cps-suspect-victim.yaml", flows / "cps-suspect-victim.yaml")
    (flows / "cps").mkdir()
    shutil.copy(ROOT / "flows" / "cps" / "reference.yaml", flows / "cps" / "reference.yaml")
    shutil.copy(ROOT / "flows" / "cps" / "search-terms.yaml", flows / "cps" / "search-terms.yaml")
    shutil.copytree(FIXTURES / "flows" / "print", flows / "print")
    # The fixture print text charts the example flow and plans its referral sheets.
    shutil.copy(FIXTURES / "flows" / "example.yaml", flows / "example.yaml")
    return create_app({"FLOWS_DIR": str(flows), "TESTING": True}).test_client()


def test_real_reference_links_to_the_four_stage_flow(cps_client):
    html = cps_client.get("/en/cps/").get_data(as_text=True)
    assert "/en/guide/cps-suspect-victim/" in parse(html).hrefs
    assert cps_client.get("/en/guide/cps-suspect-victim/").status_code == 200


@pytest.mark.parametrize("lang, query, first", [
    ("en", "Schedule 4", "schedule-4"), ("cy", "Atodlen 4", "schedule-4"),
    ("en", "duress", "duress"), ("en", "reparation", "reparation-orders"),
])
def test_real_reference_search_ranks_the_defining_section_first(cps_client, lang, query, first):
    html = cps_client.get(f"/{lang}/cps/search", query_string={"q": query}).get_data(as_text=True)
    assert re.findall(rf'<h3><a href="/{lang}/cps/#([a-z0-9-]+)"', html)[0] == first


def test_flow_results_link_to_the_step_by_its_shortest_route(cps_client):
    html = cps_client.get("/en/cps/search", query_string={"q": "reason to believe"}).get_data(as_text=True)
    links = [unescape(link) for link in re.findall(r'<h3><a href="([^"]+)"', html)]
    step = next(link for link in links if "/guide/cps-suspect-victim/" in link)
    assert "Step-by-step guide: The suspect may be a victim" in html
    page = cps_client.get(step)
    assert page.status_code == 200  # the route reaches the step: no redirect to the start


@pytest.mark.parametrize("query, expected", [
    ("section 45(4)", "s45-child"), ("GBH", None), ("sentenced", None),
])
def test_real_searches_answer_without_error(cps_client, query, expected):
    for lang in ("en", "cy"):
        response = cps_client.get(f"/{lang}/cps/search", query_string={"q": query})
        assert response.status_code == 200
        if expected and lang == "en":
            assert re.findall(r'<h3><a href="/en/cps/#([a-z0-9-]+)"', response.get_data(as_text=True))[0] == expected


def test_welsh_search_indexes_the_welsh_translation(tmp_path):
    """A translated heading is found (and highlighted) on the Welsh search page."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    shutil.copy(ROOT / "translations" / "languages.yaml", tmp_path / "languages.yaml")
    catalog = Catalog(locale="cy")
    catalog.add("Schedule 4 exclusions", "Eithriadau Atodlen 4",
                context="reference/sections/excluded-offences/title")
    (tmp_path / "cy" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "cy" / "LC_MESSAGES" / "messages.mo", "wb") as mo:
        write_mo(mo, catalog)
    client = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TRANSLATIONS_DIR": str(tmp_path),
                         "TESTING": True}).test_client()
    html = client.get("/cy/cps/search", query_string={"q": "eithriadau"}).get_data(as_text=True)
    assert '<a href="/cy/cps/#excluded-offences"><mark>Eithriadau</mark> Atodlen 4</a>' in html
    assert "Eithriadau Atodlen 4" in client.get("/cy/cps/").get_data(as_text=True)
    # The English index is unchanged.
    assert "No results found" in client.get("/en/cps/search?q=eithriadau").get_data(as_text=True)


def test_four_stage_flow_walks_to_an_outcome_that_says_what_to_record(cps_client):
    answers = ("stage-1=yes&age=under-18&nrm-child=awaiting&act-date=after&stage-2=no&schedule-4=no"
               "&stage-3-child=no&disproof=yes&vcl-assessment=cannot-wait&stage-4=yes")
    response = cps_client.get(f"/en/guide/cps-suspect-victim/prosecute?{answers}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "The prosecution may proceed" in html
    assert "Your assessment at each of the four stages" in html
    assert "Awaiting confirmation:" in html
    # A CPS result has no local-contacts picker: it serves no one there.
    assert 'name="area"' not in html and "Local contacts" not in html


def test_schedule_4_not_sure_links_to_the_list_and_the_search(cps_client):
    answers = "stage-1=yes&age=adult&nrm=negative&act-date=after&stage-2=no&schedule-4=not-sure"
    html = cps_client.get(f"/en/guide/cps-suspect-victim/schedule-4-check?{answers}").get_data(as_text=True)
    links = parse(html).hrefs
    assert "../../cps/#schedule-4" in links and "../../cps/search?q=Schedule+4" in links
    # Relative links resolve to the guide in the page's own language.
    from urllib.parse import urljoin
    assert urljoin("/cy/guide/cps-suspect-victim/schedule-4-check", "../../cps/#schedule-4") == "/cy/cps/#schedule-4"


def test_the_welsh_guide_shows_the_new_sections_and_schedule_4_entries(real_app):
    client = real_app.test_client()
    html = client.get("/cy/cps/").get_data(as_text=True)
    ids = parse(html).ids
    for section_id in ("meaning-of-exploitation", "vcl-an", "abuse-of-process", "cg-decisions-at-trial",
                       "sentencing", "forfeiture-and-confiscation", "awaiting-nrm-decision",
                       "crime-and-policing-act-2026", "sch4-robbery", "sch4-oapa-s18"):
        assert section_id in ids, section_id
    assert "Ystyr camfanteisio (adran 3)" in html and "Dedfrydu troseddau caethwasiaeth fodern" in html
    assert "Deddf Dwyn 1968 (Theft Act 1968), adran 8 (lladrata" in html
