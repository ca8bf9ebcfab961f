"""Every page type at 320 px, 1280 px and 200% zoom: nothing overflows sideways.

Screenshots go to test-artifacts/screenshots/ for people to look at (WCAG 1.4.10 Reflow
asks for no horizontal scrolling at 320 CSS px; 1280 px at 200% zoom is 640 CSS px).
"""
import pytest

from .conftest import ARTIFACTS, all_pages

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "screenshots"
VIEWS = {
    "320": dict(viewport={"width": 320, "height": 640}, device_scale_factor=1),
    "1280": dict(viewport={"width": 1280, "height": 800}, device_scale_factor=1),
    "zoom200": dict(viewport={"width": 640, "height": 400}, device_scale_factor=2),
}
# What overflows sideways on purpose: the route-map diagram scrolls inside its own box.
SCROLLS_BY_DESIGN = ".flow-map"


@pytest.fixture(scope="module", params=list(VIEWS))
def view_page(request, browser, base_url):
    context = browser.new_context(base_url=base_url, **VIEWS[request.param])
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("name, path, status", all_pages(), ids=[p[0] for p in all_pages()])
def test_no_sideways_overflow(view_page, name, path, status):
    view, page = view_page
    assert page.goto(path).status == status
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{view}.png"), full_page=True)
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {view}"
    # An element wider than the viewport is cut off even when the page itself does not scroll.
    too_wide = page.evaluate("""([width, allowed]) => [...document.querySelectorAll('body *')]
        .filter(el => !el.closest(allowed) && el.getBoundingClientRect().width > width + 1)
        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""", [width, SCROLLS_BY_DESIGN])
    assert not too_wide, f"{name} at {view}: wider than the viewport: {too_wide[:5]}"
