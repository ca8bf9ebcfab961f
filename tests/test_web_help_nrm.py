"""The NRM explained to the person (/<lang>/help/nrm/): every language in its own words and
direction, the cards to point at, the quick exit, and the links that lead the worker to it."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from routemap.i18n import languages
from routemap.web.help import NRM_CARDS, QUICK_EXIT_URL

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = languages(ROOT / "translations")
# The consent question, reached as a health worker with an adult who disclosed labour exploitation.
CONSENT = "/{lang}/guide/possible-victim/consent?role=health&danger=no&age=adult&signs=disclosed&exploitation=labour"
ENGLISH_CARD = re.compile(r'<p class="talk-ours" lang="en" dir="ltr">[^<]*</p>')


@pytest.fixture(scope="module")
def client(real_app):
    return real_app.test_client()


def main_content(page: str) -> str:
    return re.search(r"<main[^>]*>(.*)</main>", page, re.S).group(1)


def sentences(html: str) -> list[str]:
    """The text of every heading and paragraph."""
    return [re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<(?:h1|h2|p)[^>]*>(.*?)</(?:h1|h2|p)>", html, re.S)]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_nrm_page_in_every_language_with_its_direction(client, code):
    response = client.get(f"/{code}/help/nrm/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r"<html[^>]*>", page).group(0) == f'<html lang="{code}" dir="{LANGUAGES[code].direction}">'
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_nrm_page_body_has_no_english_fallback(client, code):
    """Only the cards' English lines are English, and they say so; every other sentence is translated."""
    main = main_content(client.get(f"/{code}/help/nrm/").get_data(as_text=True))
    assert len(ENGLISH_CARD.findall(main)) == len(NRM_CARDS)
    body = ENGLISH_CARD.sub("", main)
    assert 'lang="en"' not in body
    english = set(sentences(main_content(client.get("/en/help/nrm/").get_data(as_text=True))))
    english -= {"Yes", "No"}  # the same word can be a card in English: checked by the count above
    leaked = [s for s in sentences(body) if s in english]
    assert not leaked, leaked


def test_nrm_page_says_what_the_issue_asks_and_promises_nothing(client):
    page = client.get("/en/help/nrm/").get_data(as_text=True)
    for fact in ("within 5 working days", "at least 30 days", "the police and the council",
                 "Saying no is allowed", "Since February 2026", "Tell a First Responder",
                 "Children under 18 do not need to agree", "Nobody can promise you"):
        assert fact in page, fact
    assert 'href="tel:08000121700" dir="ltr">08000 121 700</a>' in page  # from contacts.yaml
    assert "not in trouble" not in page and "will be safe" not in page


@pytest.mark.parametrize("code", ["cy", "ar"])
def test_nrm_cards_in_the_persons_language_and_english(client, code):
    page = client.get(f"/{code}/help/nrm/").get_data(as_text=True)
    cards = re.findall(r'<li class="talk-card" id="card-([\w-]+)">\s*<p class="talk-theirs">([^<]+)</p>\s*'
                       r'<p class="talk-ours" lang="en" dir="ltr">([^<]+)</p>', page)
    cards = [(card_id, html.unescape(theirs), html.unescape(english)) for card_id, theirs, english in cards]
    assert [(card_id, english) for card_id, _, english in cards] == list(NRM_CARDS)
    assert all(theirs != english for _, theirs, english in cards if english not in ("Yes", "No"))


def test_nrm_cards_in_english_are_shown_once(client):
    page = client.get("/en/help/nrm/").get_data(as_text=True)
    assert page.count('<li class="talk-card"') == len(NRM_CARDS)
    assert 'class="talk-ours"' not in page
    assert "I don&#39;t understand." in page and "I want to stop." in page


def test_nrm_page_has_the_quick_exit_first(client):
    page = client.get("/fa/help/nrm/").get_data(as_text=True)
    link = re.search(r'<a class="quick-exit" href="([^"]+)" rel="noreferrer" data-quick-exit>', page)
    assert link and link.group(1) == QUICK_EXIT_URL
    assert page.index("quick-exit") < page.index("<h1>")


@pytest.mark.parametrize("code", ["en", "cy"])
def test_consent_question_links_to_the_nrm_page(client, code):
    url = CONSENT.format(lang=code)
    response = client.get(url)
    assert response.status_code == 200
    link = re.search(r'href="([^"]*help/nrm/)"', response.get_data(as_text=True))
    assert link, "no link to the NRM page on the consent question"
    # The hint's link is relative: it must land on the page, in the guide's language.
    target = client.get(_resolve(url, link.group(1)))
    assert target.status_code == 200 and f'<html lang="{code}"' in target.get_data(as_text=True)


def _resolve(base: str, href: str) -> str:
    from urllib.parse import urljoin
    return urljoin("http://localhost" + base.split("?")[0], href).removeprefix("http://localhost")


@pytest.mark.parametrize("worker, person", [("en", "ar"), ("cy", "ti")])
def test_talk_cards_link_to_the_nrm_page_in_the_persons_language(client, worker, person):
    page = client.get(f"/{worker}/help/talk/{person}").get_data(as_text=True)
    assert f'<a href="/{person}/help/nrm/" hreflang="{person}">' in page
    assert client.get(f"/{person}/help/nrm/").status_code == 200


def test_nrm_page_turns_to_every_language_without_leaving_it(client):
    """On a phone the header only links to the language chooser; the page has its own list."""
    page = client.get("/cy/help/nrm/").get_data(as_text=True)
    assert '<span aria-current="true" lang="cy" dir="ltr">Cymraeg</span>' in page
    for code, language in LANGUAGES.items():
        if code != "cy":
            assert (f'<a href="/{code}/help/nrm/" lang="{code}" hreflang="{code}" '
                    f'dir="{language.direction}">{language.name}</a>') in page
