"""Catalogue additions: every artefact previewed, ZIP of all languages, guide QR codes."""
import io
import zipfile

import pytest

from routemap.printing import pdfcheck
from routemap.printing.registry import SHEETS
from routemap.web.state import state


def test_catalogue_previews_and_zips_every_artefact(client):
    page = client.get("/en/print/").get_data(as_text=True)
    for name in SHEETS:
        assert f'src="/en/print/{name}.png"' in page
        assert f'href="/en/print/{name}-all-languages.zip"' in page
    # Every design offers a second language (one-language designs give it its own sheets).
    assert all(f'id="{name}-language-2"' in page for name in SHEETS)


@pytest.mark.parametrize("name", ["route-map", "professional-leaflet"])
def test_preview_of_new_artefacts(client, name):
    response = client.get(f"/en/print/{name}.png")
    assert response.status_code == 200 and response.data.startswith(b"\x89PNG")


def test_zip_has_one_pdf_per_language(app, client):
    response = client.get("/en/print/professional-leaflet-all-languages.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = sorted(archive.namelist())
    assert names == sorted(f"professional-leaflet-{code}-a5.pdf"
                           for code in state(app).languages)
    for name in names:
        pdf = archive.read(name)
        assert pdfcheck.page_sizes_mm(pdf) == [(148, 210), (148, 210)]
    # Same PDFs, same bytes: the ZIP is reproducible (and so cacheable downstream).
    assert client.get("/en/print/professional-leaflet-all-languages.zip").data == response.data


@pytest.mark.parametrize("url, status", [
    ("/en/print/nope-all-languages.zip", 404),
    ("/en/print/poster-all-languages.zip?size=a0", 400),
    ("/en/print/route-map.pdf?language=cy&language=en&language=ar", 400),
])
def test_bad_requests(client, url, status):
    assert client.get(url).status_code == status


@pytest.mark.parametrize("name", ["route-map", "professional-leaflet"])
def test_professional_prints_point_their_qr_at_the_guide(app, client, monkeypatch, name):
    from routemap.printing.cache import PdfCache
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://routemap.example.org")
    monkeypatch.setattr(state(app).printer, "cache", PdfCache())  # render afresh
    urls = []
    real = state(app).printer.html
    monkeypatch.setattr(state(app).printer, "html",
                        lambda options, sides: urls.extend(s.qr_url for s in sides)
                        or real(options, sides))
    response = client.get(f"/cy/print/{name}.pdf")
    assert response.status_code == 200
    assert urls == ["https://routemap.example.org/cy/guide/example/"]  # the worker guide


@pytest.mark.parametrize("name", list(SHEETS))
def test_untranslated_print_text_is_marked_english_not_broken(monkeypatch, name):
    # As if nothing were translated yet: every string falls back to English.
    from routemap.translator import Translator
    from routemap.web import create_app
    from tests.conftest import FIXTURES
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True})
    client = app.test_client()
    monkeypatch.setattr(Translator, "_lookup", lambda self, text: str(text))
    htmls = []
    real = state(app).printer.html
    monkeypatch.setattr(state(app).printer, "html",
                        lambda options, sides: htmls.append(real(options, sides)) or htmls[-1])
    response = client.get(f"/cy/print/{name}.pdf?size={SHEETS[name].sizes[0]}")
    assert response.status_code == 200
    assert '<span lang="en" dir="ltr">' in htmls[0]
    assert "<title><span" not in htmls[0]
    text = pdfcheck.text(response.data)
    assert "<span" not in text and '">' not in text and "&lt;" not in text


def test_each_side_is_translated_in_its_own_language_not_the_pages(monkeypatch):
    """A Welsh-English poster asked for from an English page: the Welsh side must not
    get the English page's memoised translations (nor leave Welsh behind for it)."""
    from routemap.translator import Translator
    from routemap.web import create_app
    from tests.conftest import FIXTURES
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True})
    monkeypatch.setattr(Translator, "_lookup", lambda self, text: f"[{self.code}] {text}")
    sides = []
    real = state(app).printer.html
    monkeypatch.setattr(state(app).printer, "html",
                        lambda options, s: sides.extend(s) or real(options, s))
    client = app.test_client()
    assert client.get("/en/print/poster.pdf?language=en&language=cy").status_code == 200
    welsh, english = sides
    assert welsh.lang == "cy" and welsh.strings["headline"].startswith("[cy] ")
    assert english.lang == "en" and english.strings["headline"].startswith("[en] ")
    page = client.get("/en/guide/example/danger").get_data(as_text=True)
    assert "[cy]" not in page
