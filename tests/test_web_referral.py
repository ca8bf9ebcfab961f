"""The referral sheet through Flask (web/referral.py), on the example content: linked from
the outcomes that lead to a referral, never stored, and clear errors for bad addresses."""
import re
from html import unescape

import pytest

from routemap.printing import pdfcheck
from routemap.web import create_app
from tests.conftest import FIXTURES

ADULT = "danger=no&age=adult&signs=no-id&signs=debt&explain=seen"
CHILD = "danger=no&age=under-18&signs=none"


def sheet_link(client, url):
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'href="(/\w+/print/referral/[^"]+)"', page)
    return unescape(match.group(1)) if match else None


@pytest.mark.parametrize("outcome, query", [("refer", ADULT), ("child", CHILD)])
def test_outcomes_that_lead_to_a_referral_link_to_their_sheet(client, outcome, query):
    link = sheet_link(client, f"/en/guide/example/{outcome}?{query}")
    assert link == f"/en/print/referral/example/?{query}"
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "private, no-store"
    page = response.get_data(as_text=True)
    assert "Prepare the referral: checklist" in page and 'href="/en/help/nrm/"' in page
    assert f'href="/en/print/referral/example.pdf?{query.replace("&", "&amp;")}"' in page


def test_an_outcome_without_a_referral_has_no_link_and_no_sheet(client):
    query = "danger=no&age=adult&signs=none"
    assert client.get(f"/en/guide/example/advice?{query}").status_code == 200
    assert sheet_link(client, f"/en/guide/example/advice?{query}") is None
    for url in (f"/en/print/referral/example/?{query}", f"/en/print/referral/example.pdf?{query}"):
        response = client.get(url)
        assert response.status_code == 404 and "no referral checklist" in response.get_data(as_text=True)


def test_pdf_is_private_a4_with_fonts_embedded(client):
    response = client.get(f"/en/print/referral/example.pdf?{CHILD}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert re.search(r"filename=referral-example-en-\d{8}-\d{4}\.pdf", response.headers["Content-Disposition"])
    text = " ".join(pdfcheck.text(response.data).split())
    for expected in ("Children's services: first", "The NRM referral form", "Your notes",
                     "What to tell the person", "Contacts"):
        assert expected in text, expected
    assert all(font["embedded"] for font in pdfcheck.fonts(response.data))
    assert {tuple(round(x) for x in s) for s in pdfcheck.page_sizes_mm(response.data)} == {(210, 297)}


def test_pair_is_welsh_first_whatever_the_order_asked(client):
    response = client.get(f"/en/print/referral/example.pdf?{ADULT}&language=en&language=cy")
    assert response.status_code == 200
    text = " ".join(pdfcheck.text(response.data).split())
    assert text.index("Paratoi'r atgyfeiriad") < text.index("Prepare the referral: checklist")


@pytest.mark.parametrize("url, status", [
    (f"/en/print/referral/nowhere.pdf?{ADULT}", 404),
    (f"/en/print/referral/nowhere/?{ADULT}", 404),
    ("/en/print/referral/example.pdf?danger=no&age=adult", 400),   # not finished
    ("/en/print/referral/example/?danger=maybe", 400),              # invalid answer
    ("/en/print/referral/example.pdf", 400),
    (f"/en/print/referral/example.pdf?{ADULT}&language=xx", 400),
    (f"/en/print/referral/example.pdf?{ADULT}&language=cy&language=en&language=ar", 400),
    ("/en/print/referral/example.pdf?danger=no&a=" + "x" * 5000, 400),
])
def test_bad_addresses_get_a_clear_error_never_a_500(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["Cache-Control"] == "no-store"
    assert "Traceback" not in response.get_data(as_text=True)


def test_pdf_is_rate_limited_like_other_pdfs():
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True,
                      "RATELIMIT_STORAGE_URI": "memory://", "PRINT_RATELIMIT_PDF": "1 per minute"})
    client = app.test_client()
    url = f"/en/print/referral/example.pdf?{CHILD}"
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429


def test_nothing_reaches_a_cache(app, client, tmp_path):
    from routemap.web.state import state
    printer = state(app).prints.printer
    before = (len(printer.cache._items), len(printer.record_cache._items))
    assert client.get(f"/cy/print/referral/example.pdf?{CHILD}").status_code == 200
    assert (len(printer.cache._items), len(printer.record_cache._items)) == before


def test_the_shared_cache_directory_stays_empty(tmp_path):
    """With a shared cache directory (production), a sheet never lands in it."""
    folder = tmp_path / "prints"
    folder.mkdir()
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True,
                      "PRINT_CACHE_DIR": str(folder)})
    client = app.test_client()
    assert client.get(f"/en/print/referral/example.pdf?{ADULT}").status_code == 200
    assert list(folder.rglob("*")) == []
    assert client.get("/en/print/poster.pdf").status_code == 200  # the directory works
    assert list(folder.rglob("*"))


def test_rendered_afresh_each_time_in_the_render_pool(monkeypatch):
    """Like a route record: a cached copy would come back faster, telling a timer that
    someone fetched this sheet recently; and the render waits for a pool slot."""
    import threading
    from routemap.printing import referral as module
    seen, real = [], module.render_pdf

    def counting(html, *args, **kwargs):
        seen.append(threading.current_thread().name)
        return real(html, *args, **kwargs)
    monkeypatch.setattr(module, "render_pdf", counting)
    client = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True}).test_client()
    url = f"/en/print/referral/example.pdf?{ADULT}"
    assert client.get(url).status_code == client.get(url).status_code == 200
    assert len(seen) == 2 and all(name.startswith("render") for name in seen)
