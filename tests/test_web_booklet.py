"""The CPS guide as a booklet PDF: opened and read page by page.

The real reference (all sections) in both languages and both sizes; the small example
app for errors, cache and CLI, which are quicker there.
"""
from __future__ import annotations

import re

import pytest

from routemap.printing import booklet as booklet_module
from routemap.printing import pdfcheck
from routemap.printing.booklet import booklet_sections
from routemap.translator import Translator
from routemap.printing.booklet import ui_strings
from routemap.web.language import translators
from routemap.web.state import state

SIZES_MM = {"a4": (210, 297), "a5": (148, 210)}
CASES = [("en", "a4"), ("en", "a5"), ("cy", "a4"), ("cy", "a5")]


def page_texts(pdf: bytes) -> list[str]:
    """pdftotext of each page, whitespace collapsed. One run for the whole booklet (not
    one per page): pdftotext ends every page with a form feed."""
    pages = pdfcheck.text(pdf).split("\f")
    count = pdfcheck.page_count(pdf)
    assert len(pages) == count + 1 and not pages[-1].strip(), (len(pages), count)
    return [" ".join(page.split()) for page in pages[:count]]


def squash(text: str) -> str:
    """Without whitespace and hyphens: a heading or address wrapped over lines still
    matches (pdftotext drops the hyphen where a line breaks after one)."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def loose(text: str) -> str:
    """A regex for `text` that allows a line break after any hyphen."""
    return r"\s+".join(r"-\s?".join(re.escape(part) for part in word.split("-"))
                      for word in text.split())


def expected_sections(app, lang):
    """Numbers and titles as the booklet prints them (translated the same way)."""
    return booklet_sections(state(app).content.reference, translators(app)[lang])


@pytest.fixture(scope="module")
def rendered(real_app):
    """Each booklet of CASES rendered once for the module, as a download asks for it:
    {(lang, size): (pdf, text of each page, the HTML it was rendered from)}.

    The printer gets an empty cache first, so every booklet is really rendered (and its
    HTML seen) here; later requests for the same booklet are served from that cache."""
    printer = state(real_app).printer
    printer.cache = type(printer.cache)()
    html = {}
    real = booklet_module.booklet_html

    def spy(printer, entry, size, language, *args, **kwargs):
        html[language.code, size] = real(printer, entry, size, language, *args, **kwargs)
        return html[language.code, size]

    client = real_app.test_client()
    out = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(booklet_module, "booklet_html", spy)
        for lang, size in CASES:
            response = client.get(f"/{lang}/print/cps-booklet.pdf?size={size}")
            assert response.status_code == 200, (lang, size)
            assert response.mimetype == "application/pdf"
            pdf = response.data
            out[lang, size] = (pdf, page_texts(pdf), html[lang, size])
    return out


@pytest.fixture(scope="module")
def booklets(rendered):
    """{(lang, size): (pdf, text of each page)}"""
    return {case: (pdf, pages) for case, (pdf, pages, _) in rendered.items()}


@pytest.mark.parametrize("lang,size", CASES)
def test_page_size_and_embedded_fonts(booklets, lang, size):
    pdf, pages = booklets[lang, size]
    assert set(pdfcheck.page_sizes_mm(pdf)) == {SIZES_MM[size]}
    assert len(pages) > 3  # cover, contents and the sections
    fonts = pdfcheck.fonts(pdf)
    assert fonts and all(f["embedded"] for f in fonts), fonts


def contents_end(pages, sections):
    """Index of the first section page: the first one with section 1's citation, which
    the contents (pages 2 ...) never print."""
    return next(i for i, text in enumerate(pages) if i > 0 and sections[0]["citation"] in text)


@pytest.mark.parametrize("lang,size", CASES)
def test_contents_page_numbers_match_where_sections_start(real_app, booklets, lang, size):
    pdf, pages = booklets[lang, size]
    sections = expected_sections(real_app, lang)
    first_body = contents_end(pages, sections)  # 0-based index of the first section page
    assert first_body >= 2  # cover, then at least one page of contents
    # The DRAFT watermark is text too: where it crosses the contents, pdftotext puts its
    # stray letters between a number and its title ("6 T F Yr egwyddor ..."). Drop them.
    toc = re.sub(r"(?<=\d)(?: [DRAFT])+(?= )", "", " ".join(pages[1:first_body]))
    for s in sections:
        heading = f"{s['number']} {s['title']}"
        # "4.1 Title . . . . . . 6": the leader dots, then the page number.
        match = re.search(loose(heading) + r"[\s.]*?(\d+)(?!\.\d)", toc)
        assert match, f"{heading!r} missing from the contents"
        page = int(match.group(1))
        # The heading is on that page, and on no earlier page after the contents.
        assert squash(heading) in squash(pages[page - 1]), (heading, page, pages[page - 1][:300])
        earlier = [n + 1 for n in range(first_body, page - 1)
                   if squash(heading) in squash(pages[n])]
        assert not earlier, (heading, page, earlier)
        if s is sections[0]:
            assert page == first_body + 1


@pytest.mark.parametrize("lang,size", CASES)
def test_running_headers_and_page_numbers(real_app, booklets, lang, size):
    pdf, pages = booklets[lang, size]
    sections = expected_sections(real_app, lang)
    guide_title = ui_strings(translators(real_app)[lang], 0)["title"]
    total = len(pages)
    assert guide_title in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        # Footer, last on the page: the guide's title and "Page 3 of 18".
        assert re.search(rf"{re.escape(guide_title)}\D*\b{number}\D+{total}\D*$", text), \
            (number, text[-80:])
    # Header, first on the page: the top-level section the page belongs to (the one
    # starting there, else the one running on), from string-set on its heading.
    first_body = contents_end(pages, sections)
    current = None
    for i in range(first_body, total):
        starting = [s for s in sections if s["level"] == 1
                    and squash(f"{s['number']} {s['title']}") in squash(pages[i])]
        current = starting[0] if starting else current
        assert squash(pages[i]).startswith(squash(current["title"])), (i + 1, pages[i][:120])


def test_cover_says_what_the_booklet_is(real_app, booklets):
    pdf, pages = booklets["en", "a4"]
    cover = pages[0]
    assert "Guide for CPS staff" in cover
    assert "does not replace the legislation" in cover
    assert f"Guide version {state(real_app).content.version}" in cover
    pending = state(real_app).content.reference.needs_verification
    assert f"{len(pending)} sections are awaiting confirmation" in cover
    for section in pending:
        assert section.title.split("(")[0].strip() in cover
    assert re.search(r"\(page \d+\)", cover)


@pytest.mark.parametrize("lang,size", CASES)
def test_every_section_is_printed_with_citation_and_review_date(real_app, booklets, lang, size):
    pdf, pages = booklets[lang, size]
    body = squash(" ".join(pages[2:]))
    for s in expected_sections(real_app, lang):
        assert squash(s["title"]) in body
        assert squash(s["citation"]) in body
        assert squash(s["reviewed"]) in body


def test_sources_are_footnotes_with_their_addresses(real_app, booklets):
    pdf, pages = booklets["en", "a4"]
    text = squash("".join(pages))  # URLs may be broken over lines
    for section in state(real_app).content.reference.sections:
        for source in section.sources:
            assert squash(source.url) in text, source.url


def test_pdf_is_tagged_titled_and_in_the_booklet_language(booklets):
    import pypdfium2 as pdfium
    for lang in ("en", "cy"):
        pdf, _ = booklets[lang, "a4"]
        doc = pdfium.PdfDocument(pdf)
        assert doc.get_metadata_dict()["Title"]
        raw = pdf_objects(pdf)
        assert f"/Lang ({lang})".encode() in raw and b"/StructTreeRoot" in raw


def pdf_objects(pdf):
    from tests.printing.test_engine import pdf_uncompressed
    return pdf_uncompressed(pdf)


def test_welsh_booklet_is_marked_draft_until_reviewed(real_app, rendered):
    # The HTML each booklet was rendered from (the rendered fixture watched it), both
    # sizes; the plain download (no size) is there too.
    languages = state(real_app).languages
    client = real_app.test_client()
    for lang in ("cy", "en"):
        assert client.get(f"/{lang}/print/cps-booklet.pdf").status_code == 200
    for (lang, size), (_, _, html) in rendered.items():
        assert ('class="draft-mark"' in html) == (not languages[lang].reviewed), (lang, size)
    assert '<html lang="cy" dir="ltr">' in rendered["cy", "a4"][2]
    assert '<html lang="cy" dir="ltr">' in rendered["cy", "a5"][2]


# ---- the small example app: links, errors, cache, CLI ----

def test_cps_page_links_to_both_booklet_sizes(client):
    page = client.get("/cy/cps/").get_data(as_text=True)
    assert 'href="/cy/print/cps-booklet.pdf?size=a4"' in page
    assert 'href="/cy/print/cps-booklet.pdf?size=a5"' in page
    assert "Download the guide as a booklet (PDF)" in client.get("/en/cps/").get_data(as_text=True)


def test_print_catalogue_offers_the_booklet(client):
    page = client.get("/en/print/").get_data(as_text=True)
    assert '<form method="get" action="/en/print/cps-booklet.pdf">' in page
    assert 'src="/en/print/cps-booklet.png"' in page
    response = client.get("/en/print/cps-booklet.png")
    assert response.status_code == 200 and response.data.startswith(b"\x89PNG")


@pytest.mark.parametrize("url, status", [
    ("/en/print/cps-booklet.pdf?size=a3", 400),
    ("/en/print/cps-booklet.pdf?size=a0", 400),
    ("/en/print/cps-booklet.pdf?language=xx", 400),
    ("/en/print/cps-booklet.pdf?language=cy&language=en", 400),
    ("/xx/print/cps-booklet.pdf", 404),
    ("/xx/print/cps-booklet.pdf?size=a5", 404),
])
def test_bad_booklet_requests_get_a_clear_error(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and "call 999" in page


def test_language_from_the_form_and_file_name(client):
    response = client.get("/en/print/cps-booklet.pdf?language=cy&size=a5")
    assert response.status_code == 200
    assert "filename=cps-booklet-cy-a5.pdf" in response.headers["Content-Disposition"]
    assert set(pdfcheck.page_sizes_mm(response.data)) == {SIZES_MM["a5"]}


def test_repeated_request_is_served_from_cache(app, monkeypatch):
    calls = []
    real = booklet_module.render_pdf
    monkeypatch.setattr(booklet_module, "render_pdf",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(state(app).printer, "cache",
                        type(state(app).printer.cache)())
    client = app.test_client()
    first = client.get("/en/print/cps-booklet.pdf?size=a5").data
    again = client.get("/en/print/cps-booklet.pdf?size=a5").data
    assert first == again and len(calls) == 1
    client.get("/en/print/cps-booklet.pdf?size=a4")
    client.get("/cy/print/cps-booklet.pdf?size=a5")
    assert len(calls) == 3


def test_cli_builds_the_booklet(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://routemap.example.org")
    out = tmp_path / "booklet.pdf"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["print", "build", "cps-booklet", "--lang", "cy",
                                 "--size", "a5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    assert set(pdfcheck.page_sizes_mm(pdf)) == {SIZES_MM["a5"]}
    assert "https://routemap.example.org/cy/cps/" in pdfcheck.text(pdf)
    result = runner.invoke(args=["print", "build", "cps-booklet", "--lang", "cy", "--lang",
                                 "en", "--out", str(out)])
    assert result.exit_code == 2 and "one language at a time" in result.output
    result = runner.invoke(args=["print", "build", "cps-booklet", "--lang", "en", "--size",
                                 "a3", "--out", str(out)])
    assert result.exit_code == 2 and "a4, a5" in result.output


def test_booklet_uses_the_page_translations_in_its_own_language(monkeypatch):
    """Translated by the pages' own Translator, in the booklet's language even when
    asked for from a page in another, without leaving that language on the page."""
    from routemap.web import create_app
    from tests.conftest import FIXTURES

    class Tagged:  # a catalog that says which language it is
        def __init__(self, code):
            self.code = code

        def gettext(self, text):
            return text if self.code == "en" else f"[{self.code}] {text}"

        def pgettext(self, context, text):
            return self.gettext(text)

        ugettext, upgettext = gettext, pgettext

        def ngettext(self, singular, plural, n):
            return self.gettext(singular if n == 1 else plural)

        ungettext = ngettext

    monkeypatch.setattr(Translator, "load", classmethod(
        lambda cls, directory, code, direction="": cls(code, Tagged(code), direction)))
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True})
    seen = []
    real = booklet_module.booklet_html
    monkeypatch.setattr(booklet_module, "booklet_html",
                        lambda *a, **k: seen.append((a[4], a[5])) or real(*a, **k))
    client = app.test_client()
    assert client.get("/en/print/cps-booklet.pdf?language=cy").status_code == 200
    ui, sections = seen[0]
    assert ui["title"] == "[cy] Guide for CPS staff"
    assert sections[0]["title"] == "[cy] The statutory defence" and not sections[0]["title_en"]
    assert "[cy] The defence has" in sections[0]["body"]
    page = client.get("/en/cps/").get_data(as_text=True)
    assert "The statutory defence" in page and "[cy]" not in page


def test_booklet_downloads_are_rate_limited(monkeypatch):
    from routemap.web import create_app
    from tests.conftest import FIXTURES
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True,
                      "PRINT_RATELIMIT_BOOKLET": "2 per minute"})
    client = app.test_client()
    codes = [client.get("/en/print/cps-booklet.pdf?size=a5").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
