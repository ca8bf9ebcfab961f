"""Practice mode on the web (web/practice.py and the guide's pages with ?practice=)."""
from __future__ import annotations

import re

import pytest

from routemap.printing import pdfcheck

EXPERT = "danger=no&age=adult&signs=no-id&signs=debt&explain=seen"
BANNER = 'class="practice-banner"'


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    assert "Set-Cookie" not in response.headers  # nothing is kept about a learner
    return response.get_data(as_text=True)


def follow(client, url):
    """Follow redirects by hand, returning every page of the way (address, html)."""
    pages = []
    while True:
        response = client.get(url)
        assert "Set-Cookie" not in response.headers
        if response.status_code in (301, 302, 303):
            url = response.headers["Location"]
            continue
        pages.append((url, response.get_data(as_text=True)))
        return pages


def test_the_list_shows_every_case_with_its_levels(client):
    page = get(client, "/en/practice/")
    assert "A restaurant kitchen" in page and "A car wash at night" in page
    assert "A food hygiene visit where a worker says he owes his boss money." in page
    assert "Awareness, First Responder" in page
    assert BANNER not in page  # the list is not a walk


def test_the_list_filters_by_level_with_plain_links(client):
    page = get(client, "/en/practice/?level=first-responder")
    assert "A restaurant kitchen" in page and "A car wash at night" not in page
    assert '<span aria-current="page">First Responder</span>' in page
    assert 'href="/en/practice/?level=awareness"' in page


def test_an_unknown_level_is_a_clear_400(client):
    page = get(client, "/en/practice/?level=expert", status=400)
    assert "There is no training level with that name." in page


def test_an_unknown_case_is_404_everywhere(client):
    assert "There is no practice case with that name." in get(client, "/en/practice/nope/", status=404)
    get(client, "/en/practice/nope/compare", status=404)
    get(client, "/en/guide/example/danger?practice=nope", status=404)


def test_the_story_page_starts_the_walk_in_practice_mode(client):
    page = get(client, "/en/practice/kitchen/")
    assert "You are a food safety officer" in page and BANNER in page
    assert 'href="/en/guide/example/danger?practice=kitchen"' in page


def walk_to_the_end(client, answers: list[tuple[str, str]]):
    """Answer the guide's forms one page at a time as a learner would, in practice mode."""
    pages = follow(client, "/en/guide/example/danger?practice=kitchen")
    for node, value in answers:
        url, page = pages[-1]
        action = re.search(r'<form method="get" action="([^"]+)"', page).group(1)
        hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)">', page)
        assert ("practice", "kitchen") in hidden, url  # every form carries the case
        query = "&".join(f"{k}={v}" for k, v in hidden + ([(node, v) for v in value.split(",")] if node else []))
        pages += follow(client, f"{action}?{query}")
    return pages


def test_a_walk_with_the_experts_answers_matches(client):
    pages = walk_to_the_end(client, [("danger", "no"), ("age", "adult"), ("signs", "no-id,debt"), ("", "")])
    for url, page in pages:
        assert BANNER in page and "PRACTICE" in page, url
    url, page = pages[-1]
    assert url.startswith("/en/practice/kitchen/compare?")
    assert "Your route matches the expert&#39;s." in page
    assert "Different" not in page
    assert "Someone else holding a worker's passport is a sign in itself." in page
    assert 'href="https://www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims"' in page


def test_one_mistake_shows_the_difference_and_what_it_means(client):
    page = get(client, "/en/practice/kitchen/compare?danger=yes")
    assert "Your route led to different advice from the expert&#39;s." in page
    assert "Calling 999 when no one is in danger right now" in page
    row = re.search(r'<tr class="differs">.*?</tr>', page, re.S).group(0)
    assert "Is anyone in immediate danger?" in row and "Different" in row
    assert "Not asked on this route" in page  # the expert went on to questions the learner never saw
    assert "Call 999 now" in page and "Refer to the NRM" in page


def test_a_difference_that_is_no_listed_mistake(client):
    page = get(client, "/en/practice/kitchen/compare?danger=no&age=adult&signs=fearful&explain=seen")
    assert "Your route led to different advice from the expert&#39;s." in page
    assert 'class="practice-mistake"' not in page
    row = re.search(r'<tr class="differs">.*?</tr>', page, re.S).group(0)
    assert "Which of these have you noticed?" in row and "They seem fearful or withdrawn" in row
    assert "Someone else holds their passport or ID" in row
    assert "Get advice" in page and "Refer to the NRM" in page


def test_an_unfinished_route_goes_on_with_the_walk(client):
    response = client.get("/en/practice/kitchen/compare?danger=no")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/guide/example/age?danger=no&practice=kitchen"


def test_bad_answers_in_practice_are_a_helpful_400(client):
    page = get(client, "/en/guide/example/age/answer?danger=no&practice=kitchen", status=400)
    assert "Select an answer" in page and BANNER in page


def test_a_case_on_another_flow_is_refused(client):
    # The example content has one flow; a case is only ever walked on its own flow.
    page = get(client, "/en/guide/example/map?practice=kitchen")
    assert BANNER in page
    get(client, "/en/guide/other/danger?practice=kitchen", status=404)


def test_the_outcome_page_in_practice_links_back_to_the_comparison(client):
    page = get(client, f"/en/guide/example/refer?{EXPERT}&practice=kitchen")
    assert BANNER in page
    assert f'href="/en/practice/kitchen/compare?{EXPERT.replace("&", "&amp;")}"' in page
    assert "practice=kitchen" in re.search(r'href="(/en/print/record/example.pdf[^"]*)"', page).group(1)
    # Printed from the browser, the page carries the word on every sheet (static/app.css, @media print).
    assert '<div class="practice-watermark" aria-hidden="true">PRACTICE</div>' in page


@pytest.mark.parametrize("url", ["/en/guide/example/danger", f"/en/guide/example/refer?{EXPERT}",
                                 "/en/guide/example/signs?danger=no&age=adult", "/en/guide/"])
def test_the_normal_guide_has_no_banner(client, url):
    page = get(client, url)
    assert BANNER not in page and "practice=" not in page


@pytest.mark.parametrize("lang, mark, note", [
    ("en", "PRACTICE", "Practice record: made in a training case"),
    ("cy", "YMARFER", "Cofnod ymarfer: wedi'i wneud mewn achos hyfforddi"),  # a draft language: its own named page
])
def test_a_practice_record_says_practice_on_every_page(client, lang, mark, note):
    response = client.get(f"/{lang}/print/record/example.pdf?{EXPERT}&practice=kitchen")
    assert response.status_code == 200
    assert f"practice-record-example-{lang}-" in response.headers["Content-Disposition"]
    text = pdfcheck.text(response.data)
    assert note in " ".join(text.split())
    pages = [p for p in text.split("\f") if p.strip()]  # pdftotext ends each page with a form feed
    assert len(pages) >= 2 and all(mark in p for p in pages)


def test_a_real_record_does_not_say_practice(client):
    response = client.get(f"/en/print/record/example.pdf?{EXPERT}")
    assert response.status_code == 200
    text = pdfcheck.text(response.data)
    assert "PRACTICE" not in text and "Practice record" not in text
def test_welsh_pages_speak_welsh(client):
    page = get(client, "/cy/practice/")
    assert '<html lang="cy"' in page
    assert "Achosion ymarfer" in page




def test_the_guide_start_page_keeps_practice_mode(client):
    page = get(client, "/en/guide/example/?practice=kitchen")
    assert BANNER in page and 'href="/en/guide/example/danger?practice=kitchen"' in page


def test_a_practice_referral_checklist_says_practice(client):
    page = get(client, f"/en/print/referral/example/?{EXPERT}&practice=kitchen")
    assert BANNER in page
    response = client.get(f"/en/print/referral/example.pdf?{EXPERT}&practice=kitchen&language=cy&language=en")
    assert response.status_code == 200
    text = pdfcheck.text(response.data)
    assert "Practice checklist: made in a training case" in " ".join(text.split())
    pages = [p for p in text.split("\f") if p.strip()]
    assert all("YMARFER · PRACTICE" in p for p in pages)
    real = pdfcheck.text(client.get(f"/en/print/referral/example.pdf?{EXPERT}").data)
    assert "PRACTICE" not in real


@pytest.mark.parametrize("lang, words", [("cy", "Hyfforddiant"), ("en", "Training")])
def test_the_home_page_leads_to_practice(client, lang, words):
    page = client.get(f"/{lang}/").get_data(as_text=True)
    assert f">{words}</h2>" in page
    assert f'href="/{lang}/practice/"' in page
