"""The two journeys that leave the page: quick exit from get help, and a route record."""
import subprocess
from pathlib import Path

import pytest

from .conftest import ADULT_REFER

pytestmark = pytest.mark.browser

NEUTRAL_SITE = "https://www.bbc.co.uk/weather"


def test_quick_exit_leaves_and_back_does_not_return(browser, base_url, words):
    # Not the watched new_context: leaving for another site is the point here. The
    # neutral site is stubbed inside the browser, so nothing leaves this machine.
    context = browser.new_context(base_url=base_url)
    left_for = []

    def neutral_site(route):
        left_for.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>")

    context.route("https://www.bbc.co.uk/**", neutral_site)
    context.route(lambda url: not url.startswith(base_url) and "bbc.co.uk" not in url, lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto("/en/guide/")
        page.goto("/en/help/")
        page.get_by_role("link", name=words("en").ui("Leave this site quickly")).click()
        page.wait_for_url(NEUTRAL_SITE)
        assert left_for == [NEUTRAL_SITE]
        page.go_back()
        # location.replace took the get-help page out of the history.
        assert page.url == f"{base_url}/en/guide/"
    finally:
        context.close()


def test_escape_key_leaves_too(browser, base_url):
    context = browser.new_context(base_url=base_url)
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(status=200, body="weather"))
    try:
        page = context.new_page()
        page.goto("/cy/help/")
        page.keyboard.press("Escape")
        page.wait_for_url(NEUTRAL_SITE)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["cy", "en", "ar"])
def test_download_a_record_of_the_route_from_the_outcome_page(new_context, words, lang):
    w = words(lang)
    page = new_context(accept_downloads=True).new_page()
    page.goto(f"/{lang}/guide/example/refer?{ADULT_REFER}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=w.ui("Download a record (PDF)")).click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"record-example-{lang}-")
    pdf = Path(download.path())
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    if lang != "ar":  # pdftotext reorders right-to-left text; the print tests check Arabic records
        for answer in ("No", "18 or over", "Someone else holds their passport or ID", "They owe a debt they cannot pay off"):
            assert w.content(answer) in text, answer
        assert w.content("Make a referral.") in text
