"""What the browser fetches: only the guide's own files, no cookies, nothing stored."""
import re

import pytest

from .conftest import all_pages

pytestmark = pytest.mark.browser


def test_no_page_fetches_anything_from_elsewhere_or_stores_anything(new_context, base_url):
    context = new_context()
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append((request.resource_type, request.url)))
    for name, path, status in all_pages():
        assert page.goto(path).status == status, name
    # new_context's watch fails the test on any request off the test server; check the kinds too.
    kinds = {kind for kind, url in fetched}
    assert kinds <= {"document", "stylesheet", "script", "image"}, kinds
    # Static names carry a content hash (app.<hash>.css) for long-lived caching.
    own = {re.sub(r"\.[0-9a-f]{12}\.", ".", url) for kind, url in fetched if kind in ("stylesheet", "script")}
    assert own <= {f"{base_url}/static/{name}" for name in ("app.css", "app.js", "quick-exit.js")}, own
    assert f"{base_url}/static/app.css" in own
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
