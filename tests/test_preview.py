"""Preview mode (ROUTEMAP_PREVIEW=1): a banner on every page type, PREVIEW on every print."""
import re

import pytest

from routemap.printing import pdfcheck
from routemap.web import create_app
from tests.conftest import FIXTURES

BANNER = "Preview: not approved for use."
PAGES = [
    "/", "/en/", "/en/guide/", "/en/guide/example/", "/en/guide/example/danger",
    "/en/guide/example/explain?danger=no&age=adult&signs=no-id",
    "/en/guide/example/call-999?danger=yes", "/en/guide/example/map",
    "/en/cps/", "/en/cps/search?q=duress", "/en/help/", "/en/help/talk/", "/en/print/", "/en/changes/",
    "/en/no-such-page", "/zz/", "/en/guide/example/danger?danger=" + "x" * 5000,
]
PRINTS = ["/en/print/poster.pdf", "/en/print/victim-leaflet.pdf", "/en/print/route-map.pdf",
          "/en/print/professional-leaflet.pdf", "/en/print/record/example.pdf?danger=yes",
          "/en/print/cps-booklet.pdf?size=a5"]


@pytest.fixture(scope="module")
def preview_app():
    return create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True, "PREVIEW": True})


@pytest.mark.parametrize("url", PAGES)
def test_banner_on_every_page_type(preview_app, url):
    page = preview_app.test_client().get(url).get_data(as_text=True)
    assert BANNER in page
    assert 'class="preview-banner"' in page


def test_welsh_pages_say_it_in_welsh(preview_app):
    page = preview_app.test_client().get("/cy/guide/").get_data(as_text=True)
    assert "Rhagolwg: heb ei gymeradwyo i&#39;w ddefnyddio." in page and BANNER not in page


def test_no_banner_without_preview(client):
    assert BANNER not in client.get("/en/").get_data(as_text=True)


@pytest.mark.parametrize("url", PRINTS)
def test_preview_mark_on_every_print(preview_app, url):
    response = preview_app.test_client().get(url)
    assert response.status_code == 200, url
    # -raw: in reading order the rotated mark may be dropped by pdftotext's layout pass
    text = pdfcheck._poppler("pdftotext", response.data, "-raw", "-enc", "UTF-8")
    pages = pdfcheck.page_count(response.data)
    assert len(re.findall(r"\bPREVIEW\b", text)) == pages, "the mark must be on every page"
    assert text.count("Preview: not approved for use") == pages


def test_prints_without_preview_have_no_mark(client):
    data = client.get("/en/print/record/example.pdf?danger=yes").data
    assert "PREVIEW" not in pdfcheck._poppler("pdftotext", data, "-raw", "-enc", "UTF-8")


def test_preview_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("ROUTEMAP_PREVIEW", "1")
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True})
    assert BANNER in app.test_client().get("/en/").get_data(as_text=True)
