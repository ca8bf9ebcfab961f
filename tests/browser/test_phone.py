"""Issue 16 on a phone: at 360x740 the first thing to do and its number are on the first
screen of every outcome of the worker guides, without scrolling.

Screenshots of the first screen at 360 px and of the whole page at 1280 px go to
test-artifacts/screenshots/phone/ for people to look at.
"""
from __future__ import annotations

import pytest

from routemap.walk import all_routes, query_string

from .conftest import ARTIFACTS
from .test_real_flows import CONTENT

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "screenshots" / "phone"
PHONE = dict(viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True)
DESKTOP = dict(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
WORKER_FLOWS = ("possible-victim", "suspected-perpetrator")


def outcome_pages():
    """(flow id, outcome id, address without language): one route to every outcome."""
    pages = {}
    for fid in WORKER_FLOWS:
        for route in all_routes(CONTENT.flows[fid]):
            pages.setdefault((fid, route.current.id), f"/guide/{fid}/{route.current.id}?{query_string(route.answers)}")
    return [(fid, oid, path) for (fid, oid), path in pages.items()]


OUTCOMES = outcome_pages()


def on_first_screen(page, selector: str) -> bool:
    return page.evaluate("""(selector) => {
        const el = document.querySelector(selector);
        if (!el) return false;
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
    }""", selector)


@pytest.fixture(scope="module")
def phone(browser, real_base_url):
    context = browser.new_context(base_url=real_base_url, **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def desktop(browser, real_base_url):
    context = browser.new_context(base_url=real_base_url, **DESKTOP)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["cy", "en", "ar"])
@pytest.mark.parametrize("fid, oid, path", OUTCOMES, ids=[f"{f}-{o}" for f, o, _ in OUTCOMES])
def test_first_action_and_its_number_are_on_the_first_phone_screen(phone, lang, fid, oid, path):
    assert phone.goto(f"/{lang}{path}").status == 200
    assert phone.evaluate("window.scrollY") == 0
    assert on_first_screen(phone, ".do-now-list > li:first-child"), f"{oid}: first action below the fold"
    assert on_first_screen(phone, ".do-now a[href^='tel:']"), f"{oid}: first number below the fold"
    # 999 is on every screen, in the banner, whatever the header has become.
    assert on_first_screen(phone, ".emergency-banner strong")
    if lang in ("cy", "en"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        phone.screenshot(path=str(SHOTS / f"{lang}-{fid}-{oid}-360.png"))


@pytest.mark.parametrize("fid, oid, path", OUTCOMES[:4], ids=[f"{f}-{o}" for f, o, _ in OUTCOMES[:4]])
def test_desktop_outcome_screenshots(desktop, fid, oid, path):
    assert desktop.goto(f"/en{path}").status == 200
    assert on_first_screen(desktop, ".do-now a[href^='tel:']")
    SHOTS.mkdir(parents=True, exist_ok=True)
    desktop.screenshot(path=str(SHOTS / f"en-{fid}-{oid}-1280.png"), full_page=True)


def test_the_phone_header_is_one_line_with_a_language_link(phone):
    phone.goto("/cy/guide/possible-victim/")
    assert phone.locator(".language-switch").is_hidden()
    assert phone.locator(".language-link").is_visible()
    header = phone.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    banner = phone.evaluate("document.querySelector('.emergency-banner').getBoundingClientRect().height")
    assert header + banner <= 150, (header, banner)
