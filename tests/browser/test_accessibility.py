"""axe-core in real Chromium on every page type in every language: zero WCAG 2.2 AA violations."""
from pathlib import Path

import axe_playwright_python
import pytest

from .conftest import all_pages

pytestmark = pytest.mark.browser

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations"]}


def axe_violations(page) -> list[dict]:
    # Injected through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE_SCRIPT)
    return page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_page(browser, base_url):
    context = browser.new_context(base_url=base_url)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name, path, status", all_pages(), ids=[p[0] for p in all_pages()])
def test_no_accessibility_violations(axe_page, name, path, status):
    response = axe_page.goto(path)
    assert response.status == status
    violations = axe_violations(axe_page)
    assert not violations, f"{name} {path[:80]}:\n{describe(violations)}"


# Endpoints that are not pages: files, PDFs, the JSON API, and this suite's own test route.
# Files (PDF, PNG), not HTML pages: the print tests open them.
NOT_PAGES = {"static", "print.pdf", "print.preview", "print.cps_booklet", "print.cps_booklet_preview",
             "print.record", "print.referral", "print.all_languages", "print.trainer_pack", "too_many_requests"}


def test_every_page_endpoint_is_among_the_checked_page_types(live_app):
    """A new kind of page (say, get-help) fails here until PAGE_TYPES in conftest.py has it."""
    adapter = live_app.url_map.bind("localhost")
    checked = set()
    for name, path, status in all_pages():
        try:
            endpoint, _ = adapter.match(path.split("?")[0])
            checked.add(endpoint)
        except Exception:  # error pages match nothing, on purpose
            pass
    pages = {rule.endpoint for rule in live_app.url_map.iter_rules()
             if "GET" in rule.methods and rule.endpoint not in NOT_PAGES and not rule.endpoint.startswith("api.")}
    # Answer URLs only redirect or show a question with its error, which the error page types cover;
    # the area chooser (when usage is counted) only redirects to the outcome page.
    pages.discard("guide.answer")
    pages.discard("guide.area")
    missing = pages - checked
    assert not missing, f"add a page of each of these to PAGE_TYPES in tests/browser/conftest.py: {sorted(missing)}"
