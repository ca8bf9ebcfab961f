"""Print catalogue, PDF downloads and `flask print build`, through Flask."""
import pytest

from routemap.printing import pdfcheck
from routemap.web.state import state


def test_catalogue_has_a_preview_and_a_get_form_per_artefact(client):
    response = client.get("/en/print/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name in ("poster", "victim-leaflet"):
        assert f'<img class="print-preview" src="/en/print/{name}.png"' in page
        assert f'<form method="get" action="/en/print/{name}.pdf">' in page
    assert "call 999" in page


def test_each_sheet_in_the_catalogue_has_its_entrys_title_and_description_in_the_page_language(app, client):
    """The catalogue's words for a sheet are in its registry entry (registry.SHEETS), so
    a new sheet needs no edit of catalogue.html."""
    from markupsafe import escape

    from routemap.printing.registry import SHEETS
    from routemap.web.language import translators

    welsh = translators(app)["cy"]
    page = client.get("/cy/print/").get_data(as_text=True)
    for name, sheet in SHEETS.items():
        assert sheet.title and sheet.description, name
        title, description = welsh.gettext(sheet.title), welsh.gettext(sheet.description)
        assert title != sheet.title, f"{name}: title not in Welsh"
        assert f'<h2 id="{name}-title">{escape(title)}</h2>' in page
        assert f"<p>{escape(description)}</p>" in page


def test_preview_is_a_png(client):
    response = client.get("/cy/print/poster.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.data.startswith(b"\x89PNG")


def test_bilingual_pdf_download_puts_welsh_first(client):
    response = client.get("/en/print/poster.pdf?language=en&language=cy&size=a3&marks=1")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename=poster-cy-en-a3-print-shop.pdf' in response.headers["Content-Disposition"]
    assert pdfcheck.page_sizes_mm(response.data) == [(317, 440)]  # A3 + 3 mm bleed + 7 mm slug for the crop marks, each side
    text = pdfcheck.text(response.data)
    assert "08000 121 700" in text


def test_default_language_is_the_page_language(client):
    response = client.get("/en/print/victim-leaflet.pdf")
    assert response.status_code == 200
    assert pdfcheck.page_count(response.data) == 2
    assert "Are you safe?" in " ".join(pdfcheck.text(response.data).split())


def test_qr_points_at_public_base_url_not_the_host_header(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://routemap.example.org")
    html_urls = []
    real = state(app).printer.html
    monkeypatch.setattr(state(app).printer, "html",
                        lambda options, sides: html_urls.extend(s.qr_url for s in sides)
                        or real(options, sides))
    client.get("/en/print/poster.pdf?size=a3", headers={"Host": "evil.example"})
    # The QR code opens the get-help page (routemap/web/help.py) in the print's language.
    assert html_urls == ["https://routemap.example.org/en/help/"]


@pytest.mark.parametrize("url, status", [
    ("/en/print/nope.pdf", 404),
    ("/en/print/nope.png", 404),
    ("/xx/print/", 404),
    ("/xx/print/poster.pdf", 404),
    ("/en/print/poster.pdf?language=xx", 400),
    ("/en/print/poster.pdf?size=a0", 400),
    ("/en/print/poster.pdf?layout=diagonal&language=cy&language=en", 400),
    ("/en/print/poster.pdf?language=cy&language=en&language=en2", 400),
    ("/en/print/victim-leaflet.pdf?size=a4", 400),
])
def test_bad_requests_get_a_clear_error_page(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert "call 999" in page and "Traceback" not in page


def test_cli_build(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://routemap.example.org")
    out = tmp_path / "poster.pdf"
    result = app.test_cli_runner().invoke(args=[
        "print", "build", "poster", "--lang", "en", "--lang", "cy", "--size", "a3",
        "--marks", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert pdfcheck.page_sizes_mm(out.read_bytes()) == [(317, 440)]  # A3 + 3 mm bleed + 7 mm slug for the crop marks, each side


def test_cli_refuses_bad_options_without_a_traceback(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://routemap.example.org")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["print", "build", "poster", "--lang", "xx",
                                 "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "unknown language 'xx'" in result.output
    result = runner.invoke(args=["print", "build", "nope", "--lang", "en",
                                 "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2


def test_cli_needs_public_base_url(app, tmp_path):
    result = app.test_cli_runner().invoke(args=[
        "print", "build", "poster", "--lang", "en", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "PUBLIC_BASE_URL" in result.output
