"""The get-help page and talk cards: every language, numbers from contacts, quick exit, no tracking."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from routemap.i18n import languages
from routemap.web.help import QUICK_EXIT_URL, TALK_CARDS
from routemap.web.state import state

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = languages(ROOT / "translations")


@pytest.fixture(scope="module")
def real_client(real_app):
    return real_app.test_client()


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_get_help_page_in_every_language(real_client, real_app, code):
    response = real_client.get(f"/{code}/help/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert html_tag(page) == f'<html lang="{code}" dir="{LANGUAGES[code].direction}">'
    contacts = state(real_app).content.contacts
    for contact_id in ("emergency", "helpline"):
        number = contacts[contact_id].phone
        # A tel: link, isolated left-to-right so RTL text cannot reorder the digits.
        assert f'href="tel:{number.replace(" ", "")}" dir="ltr">{number}</a>' in page
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_get_help_page_is_translated_not_english(real_client, code):
    page = real_client.get(f"/{code}/help/").get_data(as_text=True)
    english = real_client.get("/en/help/").get_data(as_text=True)
    h1 = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert h1 and h1 != re.search(r"<h1>(.*?)</h1>", english).group(1)
    assert "They ask before they pass on your details" not in page  # the exceptions, translated


def test_get_help_page_makes_no_promise_and_gives_the_helplines_exceptions(real_client):
    """A victim reads the page: nothing promises they are "not in trouble", and
    "confidential" comes with the helpline's own exceptions in the same line."""
    page = real_client.get("/en/help/").get_data(as_text=True)
    assert "not in trouble" not in page
    assert "Free and confidential. They ask before they pass on your details, unless someone is in immediate danger or a child is at risk." in page


def test_quick_exit_is_a_plain_link_that_works_without_javascript(real_client):
    page = real_client.get("/en/help/").get_data(as_text=True)
    link = re.search(r'<a class="quick-exit" href="([^"]+)" rel="noreferrer" data-quick-exit>', page)
    assert link and link.group(1) == QUICK_EXIT_URL
    assert page.index("quick-exit") < page.index("<h1>")  # before the content, found first
    # The enhancement is an external file (the CSP forbids inline script).
    script = re.search(r'<script src="(/static/quick-exit[.\w]*\.js)" defer></script>', page)
    assert script and real_client.get(script.group(1)).status_code == 200
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", page)


def test_quick_exit_script_replaces_history(real_client):
    response = real_client.get("/static/quick-exit.js")
    assert response.status_code == 200
    script = response.get_data(as_text=True)
    assert "location.replace(" in script and "[data-quick-exit]" in script
    response.close()


@pytest.mark.parametrize("url", ["/en/help/", "/ar/help/talk/", "/cy/help/talk/ti"])
def test_help_pages_load_nothing_from_other_sites(real_client, url):
    page = real_client.get(url).get_data(as_text=True)
    for attribute in re.findall(r'\s(?:src|href)="([^"]+)"', page):
        if attribute.startswith(("http://", "https://", "//")):
            # Links the person chooses to follow are fine; nothing loads by itself.
            assert re.search(rf'<a [^>]*href="{re.escape(attribute)}"', page), attribute
    assert "<iframe" not in page and "<img" not in page


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_get_help_is_linked_from_every_home_page_and_the_chooser(real_client, code):
    home = real_client.get(f"/{code}/").get_data(as_text=True)
    assert f'href="/{code}/help/"' in home
    chooser = real_client.get("/").get_data(as_text=True)
    assert f'href="/{code}/help/" lang="{code}"' in chooser


def test_talk_languages_page_lists_every_language_in_its_own_script(real_client):
    page = real_client.get("/en/help/talk/").get_data(as_text=True)
    for code, language in LANGUAGES.items():
        assert (f'<a href="/en/help/talk/{code}" lang="{code}" hreflang="{code}" '
                f'dir="{language.direction}">{language.name}</a>') in page
    assert "ትግርኛ" in page and "العربية" in page and "فارسی" in page


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_talk_cards_in_every_language_with_the_workers_alongside(real_client, code):
    response = real_client.get(f"/en/help/talk/{code}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    direction = LANGUAGES[code].direction
    theirs = re.findall(r'<p class="talk-theirs" lang="([^"]+)" dir="([^"]+)">', page)
    assert len(theirs) == len(TALK_CARDS) + 1  # plus the helpline card
    # Every card is in their language, correctly marked (no English fallback).
    assert set(theirs) == {(code, direction)}
    if code != "en":
        assert page.count('<p class="talk-ours">') == len(TALK_CARDS) + 1
        assert "Help is free." in page  # the worker's English
    assert "not in trouble" not in page


def test_talk_cards_for_a_welsh_worker_show_welsh_alongside(real_client):
    page = real_client.get("/cy/help/talk/ar").get_data(as_text=True)
    assert html_tag(page) == '<html lang="cy" dir="ltr">'
    assert '<p class="talk-theirs" lang="ar" dir="rtl">' in page
    assert "Help is free." not in page  # Welsh, not English


def test_talk_cards_for_an_unknown_language_are_404(real_client):
    assert real_client.get("/en/help/talk/xx").status_code == 404
