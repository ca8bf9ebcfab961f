"""The real flows in flows/, in real Chromium: journeys by their labels in every
language, and axe plus the overflow check on each kind of page each flow has.

Labels and titles come from the app's own catalogs, so these tests follow the content
as it changes; they fail when a page breaks, not when wording is edited.
"""
from __future__ import annotations

import html

import pytest
from playwright.sync_api import expect

from routemap.i18n import SOURCE_LANGUAGE
from routemap.loader import load_content
from routemap.model import Checklist, Info, Question
from routemap.walk import all_routes, query_string
from routemap.web.language import translate

from .conftest import LANGS, ROOT, Watch
from .test_accessibility import AXE_OPTIONS, AXE_SCRIPT, describe
from .test_screenshots import SCROLLS_BY_DESIGN, SHOTS, VIEWS

pytestmark = pytest.mark.browser
CONTENT = load_content(ROOT / "flows")
FLOWS = sorted(CONTENT.flows)


def routes(flow_id: str, limit: int = 400):
    found = []
    for route in all_routes(CONTENT.flows[flow_id]):
        found.append(route)
        if len(found) >= limit:
            break
    return found


def longest_route(flow_id: str):
    return max(routes(flow_id), key=lambda r: len(r.route))


def node_pages(flow_id: str) -> list[tuple[str, str]]:
    """(kind, address without language) of the start page and one page of each node kind."""
    pages = [("start", f"/guide/{flow_id}/"), ("map", f"/guide/{flow_id}/map")]
    seen = set()
    for route in routes(flow_id):
        for step in route.route:
            if step.node.kind not in seen:
                seen.add(step.node.kind)
                pages.append((step.node.kind, f"/guide/{flow_id}/{step.node.id}?{query_string(route.answers_before(step.node.id))}"))
        if "outcome" not in seen:
            seen.add("outcome")
            pages.append(("outcome", f"/guide/{flow_id}/{route.current.id}?{query_string(route.answers)}"))
    return pages


PAGES = [(f"{lang}-{flow}-{kind}", f"/{lang}{path}") for flow in FLOWS for kind, path in node_pages(flow)
         for lang in LANGS]
# Local contacts (issue 16): an area with confirmed numbers, service pages and its force's
# modern slavery page (the Vale of Glamorgan), and one whose children's and adults' pages
# are the same address (Cardiff).
LOCAL = "role=education&danger=no&age=under-18&signs=goes-missing&exploitation=criminal&area="
PAGES += [(f"{lang}-local-contacts-{area}", f"/{lang}/guide/possible-victim/child-not-first-responder?{LOCAL}{area}")
          for area in ("vale-of-glamorgan", "cardiff") for lang in LANGS]


class Reader:
    def __init__(self, app, lang):
        self.app, self.lang = app, lang

    def _in_request(self, function, *args):
        with self.app.test_request_context(f"/{self.lang}/"):
            self.app.preprocess_request()
            return function(*args)

    def content(self, text) -> str:
        return self._in_request(translate, text).strip()

    def ui(self, english: str) -> str:
        render = lambda: html.unescape(self.app.jinja_env.from_string("{{ _(text) }}").render(text=english))  # noqa: E731
        return self._in_request(render)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("flow_id", FLOWS)
def test_walk_the_longest_route_by_its_labels(browser, real_base_url, real_app_with_arabic, flow_id, lang):
    reader = Reader(real_app_with_arabic, lang)
    route = longest_route(flow_id)
    context = browser.new_context(base_url=real_base_url)
    page = context.new_page()
    try:
        page.goto(f"/{lang}/guide/{flow_id}/")
        steps = list(route.route)
        if route.flow.entry_points:  # the start page answers the first question by links
            first = steps.pop(0)
            label = next(o.label for o in first.node.options if o.id in first.answer)
            page.get_by_role("link", name=reader.content(label), exact=True).click()
        else:
            page.get_by_role("button", name=reader.ui("Start now")).click()
        for step in steps:
            node = step.node
            expect(page.get_by_role("heading", level=1)).to_have_text(reader.content(node.text))
            if isinstance(node, (Question, Checklist)):
                for option in node.options:
                    if option.id in step.answer:
                        page.locator(f"#{node.id}-{option.id}").check()
                        expect(page.get_by_label(reader.content(option.label), exact=True)).to_be_checked()
            page.get_by_role("button", name=reader.ui("Continue")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(reader.content(route.current.title))
        assert page.url.endswith(f"/{lang}/guide/{flow_id}/{route.current.id}?{query_string(route.answers)}")
        assert context.cookies() == []
    finally:
        context.close()


@pytest.fixture(scope="module")
def watched(browser, real_base_url):
    context = browser.new_context(base_url=real_base_url)
    watch = Watch(real_base_url)
    watch.attach(context)
    yield context.new_page(), watch
    context.close()


@pytest.fixture()
def real_page(watched):
    page, watch = watched
    yield page
    # Every real page: nothing fetched from elsewhere, no CSP violation, no script error.
    assert not watch.foreign_requests(), watch.foreign_requests()
    assert not watch.problems, watch.problems


@pytest.mark.parametrize("name, path", PAGES, ids=[p[0] for p in PAGES])
def test_real_pages_have_no_accessibility_violations_and_reflow(real_page, name, path):
    response = real_page.goto(path)
    assert response.status == 200, name
    real_page.evaluate(AXE_SCRIPT)
    violations = real_page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
    assert not violations, f"{name}:\n{describe(violations)}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    for view, options in VIEWS.items():
        real_page.set_viewport_size(options["viewport"])
        width = real_page.evaluate("window.innerWidth")
        if view == "320" or name.startswith(("cy-", "ar-")):
            real_page.screenshot(path=str(SHOTS / f"real-{name}-{view}.png"), full_page=True)
        assert real_page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {view}"
        too_wide = real_page.evaluate("""([width, allowed]) => [...document.querySelectorAll('body *')]
            .filter(el => !el.closest(allowed) && el.getBoundingClientRect().width > width + 1)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""", [width, SCROLLS_BY_DESIGN])
        assert not too_wide, f"{name} at {view}: wider than the viewport: {too_wide[:5]}"
    real_page.set_viewport_size(VIEWS["1280"]["viewport"])


TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }"""


@pytest.mark.parametrize("name, path", [p for p in PAGES if p[0].startswith("cy-")], ids=[p[0] for p in PAGES if p[0].startswith("cy-")])
def test_welsh_pages_survive_wcag_text_spacing_at_320px(browser, real_base_url, name, path):
    """WCAG 1.4.12: with wider letters, words and lines, Welsh's long words still fit."""
    # A reader's own style sheet (an extension, a bookmarklet) is not bound by our CSP.
    context = browser.new_context(base_url=real_base_url, viewport={"width": 320, "height": 640}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(path)
        page.add_style_tag(content=TEXT_SPACING)
        overflowing = page.evaluate("""allowed => [...document.querySelectorAll('body *')]
            .filter(el => !el.closest(allowed) && !el.closest('.visually-hidden') && el.scrollWidth > el.clientWidth + 1
                    && getComputedStyle(el).overflowX !== 'visible')
            .map(el => el.tagName.toLowerCase() + '.' + el.className)""", SCROLLS_BY_DESIGN)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
        assert not overflowing, f"{name}: text cut off in {overflowing[:5]}"
    finally:
        context.close()
