"""The print engine without templates: fetcher, renderer, cache, QR."""

import os
import threading

import pytest

from routemap.printing import pdfcheck
from routemap.printing.cache import PdfCache, cache_key
from routemap.printing.fetcher import STATIC_BASE, StaticOnlyFetcher
from routemap.printing.qr import qr_data_uri
from routemap.printing import render
from routemap.printing.render import render_pdf


@pytest.fixture
def static(tmp_path):
    root = tmp_path / "static"
    (root / "print").mkdir(parents=True)
    (root / "print" / "t.css").write_text("p.probe { font-size: 40pt }")
    (tmp_path / "secret.css").write_text("p.probe { font-size: 4pt }")
    return root


def doc(head="", body=""):
    return (f'<!doctype html><html lang="en"><head><title>Probe</title>{head}</head>'
            f'<body><p class="probe">X</p>{body}</body></html>')


def probe_height(pdf):
    """Rendered height of the probe glyph: tells us which stylesheet applied."""
    import pypdfium2 as pdfium
    page = pdfium.PdfDocument(pdf)[0]
    textpage = page.get_textpage()
    left, bottom, right, top = textpage.get_charbox(0)
    return top - bottom


def test_static_css_loads(static):
    pdf = render_pdf(doc('<link rel="stylesheet" href="print/t.css">'), static)
    assert probe_height(pdf) > 20


@pytest.mark.parametrize("href", [
    "file:///etc/passwd",
    "http://127.0.0.1:1/x.css",
    "https://example.org/x.css",
    "ftp://127.0.0.1/x.css",
    "../secret.css",
    "print/../../secret.css",
    "print/%2e%2e/%2e%2e/secret.css",
    "https://routemap.invalid/static/../secret.css",
])
def test_outside_urls_get_nothing(static, href):
    pdf = render_pdf(doc(f'<link rel="stylesheet" href="{href}">'), static)
    assert probe_height(pdf) < 20  # default size: the stylesheet never loaded


def test_fetcher_refuses_everything_but_static_and_data(static, tmp_path):
    fetcher = StaticOnlyFetcher(static)
    os.symlink(tmp_path / "secret.css", static / "print" / "link.css")
    for url in ["file:///etc/passwd", "http://127.0.0.1:1/", STATIC_BASE + "print/link.css",
                STATIC_BASE + "../secret.css", STATIC_BASE + "print",
                STATIC_BASE + "missing.css"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch(STATIC_BASE + "print/t.css").read().startswith(b"p.probe")
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"


def test_passwd_image_is_not_printed(static):
    body = ('<img src="file:///etc/passwd" alt="">'
            '<object data="file:///etc/passwd"></object>'
            '<iframe src="file:///etc/passwd"></iframe>')
    text = pdfcheck.text(render_pdf(doc(body=body), static))
    assert "root:" not in text


def test_pdf_is_tagged_with_title_and_language(static):
    pdf = render_pdf(doc(), static)
    objects = pdf_uncompressed(pdf)  # the catalogue sits in a compressed object stream
    assert b"/StructTreeRoot" in objects and b"/Lang (en)" in objects
    assert b'pdfuaid:part="1"' in objects or b"pdfuaid:part" in pdf
    import pypdfium2 as pdfium
    d = pdfium.PdfDocument(pdf)
    assert d.get_metadata_dict()["Title"] == "Probe"
    assert all(f["embedded"] for f in pdfcheck.fonts(pdf))


def pdf_uncompressed(pdf):
    import zlib, re
    out = b""
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            out += zlib.decompress(m.group(1))
        except zlib.error:
            pass
    return out


def test_cache_serves_repeats_without_rendering(tmp_path):
    renders = []

    def render():
        renders.append(1)
        return b"%PDF-fake"

    key = cache_key("poster", {"size": "a4"}, {"t": "x"}, "v1")
    cache = PdfCache(directory=tmp_path / "c")
    assert cache.get_or_render(key, render) == b"%PDF-fake"
    assert cache.get_or_render(key, render) == b"%PDF-fake"
    assert len(renders) == 1
    # A fresh process with the same directory still hits.
    assert PdfCache(directory=tmp_path / "c").get_or_render(key, render) == b"%PDF-fake"
    assert len(renders) == 1
    # Any input change is a different key.
    assert cache_key("poster", {"size": "a3"}, {"t": "x"}, "v1") != key
    assert cache_key("poster", {"size": "a4"}, {"t": "y"}, "v1") != key
    assert cache_key("poster", {"size": "a4"}, {"t": "x"}, "v2") != key


def test_cache_evicts_least_recently_used():
    cache = PdfCache(max_bytes=10)
    cache.put("a", b"12345")
    cache.put("b", b"12345")
    cache.get("a")
    cache.put("c", b"12345")
    assert cache.get("a") and cache.get("c") and cache.get("b") is None


def test_qr_is_svg_data_uri_and_needs_absolute_url():
    uri = qr_data_uri("https://routemap.example/cy/help/")
    assert uri.startswith("data:image/svg+xml")
    with pytest.raises(ValueError):
        qr_data_uri("/cy/help/")


FONT = "/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf"


@pytest.mark.parametrize("src, loads", [
    ("print/probe.ttf", True),
    (f"file://{FONT}", False),
    ("../probe.ttf", False),
])
def test_font_face_loads_only_from_static(static, src, loads, monkeypatch):
    import shutil
    # A reused FontConfiguration remembers @font-face fonts from earlier documents.
    monkeypatch.setattr(render, "_local", threading.local())
    shutil.copy(FONT, static / "print" / "probe.ttf")
    shutil.copy(FONT, static.parent / "probe.ttf")
    head = ("<style>@font-face { font-family: Probe; src: url(%s) }"
            " body { font-family: Probe, \"Noto Sans\" }</style>" % src)
    names = " ".join(f["name"] for f in pdfcheck.fonts(render_pdf(doc(head), static)))
    assert ("Probe" in names) is loads, names  # a loaded @font-face keeps its family name
