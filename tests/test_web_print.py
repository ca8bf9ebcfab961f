"""Print catalogue, PDF downloads and `flask print build`, through Flask."""
import pytest

from routemap.printing import pdfcheck


def test_catalogue_has_a_preview_and_a_get_form_per_artefact(client):
    response = client.get("/en/print/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for name in ("poster", "victim-leaflet"):
        assert f'<img class="print-preview" src="/en/print/{name}.png"' in page
        assert f'<form method="get" action="/en/print/{name}.pdf">' in page
    assert "call 999" in page


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
    real = app.extensions["printer"].html
    monkeypatch.setattr(app.extensions["printer"], "html",
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


@pytest.fixture(scope="module")
def real_client(real_app):
    return real_app.test_client()


def test_every_artefact_in_every_language_of_the_real_app(real_app, tmp_path, monkeypatch):
    """CI renders every artefact in every language and size the guide offers, plus the
    Welsh-English pairs, through `print build-all` (a process pool: one per core)."""
    from routemap.printing.artefacts import ARTEFACTS
    from routemap.web.print import build_jobs
    monkeypatch.setitem(real_app.config, "PUBLIC_BASE_URL", "https://routemap.example.org")
    result = real_app.test_cli_runner().invoke(
        args=["print", "build-all", "--out", str(tmp_path), "--jobs", "2"])
    assert "with 2 process(es)" in result.output
    assert result.exit_code == 0, result.output
    jobs = build_jobs(real_app.extensions["languages"], marks=False)
    pdfs = sorted(tmp_path.glob("*.pdf"))
    assert len(pdfs) == len(jobs)
    assert {(j.artefact, j.langs) for j in jobs} >= {
        (name, (code,)) for name in ARTEFACTS for code in real_app.extensions["languages"]}
    for path in pdfs:
        data = path.read_bytes()
        artefact = next(n for n in sorted(ARTEFACTS, key=len, reverse=True)
                        if path.name.startswith(n + "-"))
        langs = ("cy", "en") if "-cy-en-" in path.name else ("one",)
        assert pdfcheck.page_count(data) == ARTEFACTS[artefact].page_count(langs), path.name
        assert all(f["embedded"] for f in pdfcheck.fonts(data)), path.name
