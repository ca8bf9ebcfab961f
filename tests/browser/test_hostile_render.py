"""Hostile YAML strings and a hostile translation catalog, rendered in real Chromium:
no script runs, no dialog opens, the Content-Security-Policy is never even tested."""
import importlib.util
from pathlib import Path

import pytest

from routemap.web import create_app

from .conftest import EXAMPLE, serve

# The payloads of tests/test_security.py, shown to a real browser.
_spec = importlib.util.spec_from_file_location("security_payloads", Path(__file__).parents[1] / "test_security.py")
_payloads = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_payloads)
HOSTILE_PAGES, HOSTILE_UI, hostile_flows = _payloads.HOSTILE_PAGES, _payloads.HOSTILE_UI, _payloads.hostile_flows

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_urls(tmp_path_factory, build_translations):
    yaml_app = create_app({"FLOWS_DIR": str(hostile_flows(tmp_path_factory.mktemp("hostile")))})
    catalog = build_translations({"cy": dict(HOSTILE_UI)})
    catalog_app = create_app({"FLOWS_DIR": str(EXAMPLE), "TRANSLATIONS_DIR": str(catalog)})
    servers = [serve(yaml_app), serve(catalog_app)]
    bases = [next(server) for server in servers]
    yield [bases[0] + path for path in HOSTILE_PAGES] + [bases[1] + path.replace("/en/", "/cy/") for path in HOSTILE_PAGES]
    for server in servers:
        next(server, None)


def test_hostile_content_runs_no_script_in_the_browser(browser, hostile_urls):
    context = browser.new_context()
    dialogs, problems = [], []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None)
    try:
        for url in hostile_urls:
            response = page.goto(url)
            assert response.status in (200, 400), url
            assert page.locator("img[src=x]").count() == 0, url
            assert page.evaluate("document.scripts.length") == 1, url  # only our own app.js
    finally:
        context.close()
    assert not dialogs, dialogs
    assert not problems, problems
