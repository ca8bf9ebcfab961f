"""Open every printed artefact and check what a print shop and a reader would see."""

import re

import pytest

from routemap.printing import artefacts, pdfcheck
from routemap.printing.artefacts import PrintOptionError, PrintOptions
from routemap.printing.qr import MIN_SIZE_MM
from routemap.printing.registry import SHEETS
from routemap.printing.strings import strings_for

from .conftest import LANGS, ROOT
from .placeholders import SAMPLES

SIZES_MM = {"a4": (210, 297), "a3": (297, 420), "dl": (297, 210),
            "a3-landscape": (420, 297), "a5": (148, 210)}
# An English string each artefact must print as text (chart labels are outlines).
EN_PROBE = {"poster": ("signs", "documents"), "victim-leaflet": ("signs", "documents"),
            "route-map": ("caveat",), "professional-leaflet": ("step_age",),
            "nrm-explainer": ("qr_label",)}
LANG_CASES = [("en",), ("cy",), ("ar",), ("ti",), ("vi",), ("cy", "en")]


def cases():
    for name, art in SHEETS.items():
        for size in art.sizes:
            for langs in LANG_CASES:
                for layout in art.layouts if len(langs) > 1 else ("stacked",):
                    yield pytest.param(name, size, langs, layout,
                                       id=f"{name}-{size}-{'+'.join(langs)}-{layout}")


@pytest.mark.parametrize("artefact,size,langs,layout", list(cases()))
def test_artefact_prints_cleanly(build, content, artefact, size, langs, layout):
    pdf = build(artefact, *langs, size=size, layout=layout)
    # Too much text runs onto an extra page instead of vanishing: catch it here.
    assert pdfcheck.page_count(pdf) == SHEETS[artefact].page_count(langs)
    assert set(pdfcheck.page_sizes_mm(pdf)) == {SIZES_MM[size]}
    fonts = pdfcheck.fonts(pdf)
    assert fonts and all(f["embedded"] for f in fonts), fonts
    text = pdfcheck.text(pdf)
    for number in ("999", "08000 121 700"):
        assert number in text
    for lang in langs:
        if lang == "en":
            probe = content["text"][SHEETS[artefact].text]
            for key in EN_PROBE.get(artefact, ("title",)):
                probe = probe[key]
            assert " ".join(probe.split()) in " ".join(text.split())
        else:
            # The script came out as text, not as missing-glyph boxes.
            assert SAMPLES[lang][0] in text
            assert SAMPLES[lang][1].split()[1] in text


def test_fonts_match_scripts(build):
    names = " ".join(f["name"] for f in pdfcheck.fonts(build("poster", "ar", "ti")))
    assert "Noto-Sans-Arabic" in names and "Noto-Sans-Ethiopic" in names


@pytest.mark.parametrize("artefact", SHEETS)
def test_marks_add_bleed_and_crop_marks_outside_it(build, artefact):
    """Issue 16: crop marks outside the bleed, checked against the PDF's own boxes: the
    TrimBox is the paper size, the BleedBox at least 3 mm round it, and the marks on the
    trim line's extension lie only outside the BleedBox."""
    size = SHEETS[artefact].sizes[0]
    w, h = SIZES_MM[size]
    pdf = build(artefact, "en", marks=True)
    assert set(pdfcheck.page_sizes_mm(pdf)) == {(w + 20, h + 20)}  # 3 mm bleed + 7 mm slug
    assert pdfcheck.page_count(pdf) == SHEETS[artefact].pages  # bleed moves nothing over
    boxes = pdfcheck.boxes_mm(pdf)
    left, bottom, right, top = boxes["trim"]
    assert (round(right - left), round(top - bottom)) == (w, h)
    bleed = boxes["bleed"]
    assert 3 <= left - bleed[0] <= 4 and 3 <= bleed[2] - right <= 4
    # The top trim line, extended leftwards to the paper's edge: marks there, none in the
    # bleed (distances from the MediaBox's top left corner, as rendered).
    media = boxes["media"]
    trim_from_edge, bleed_from_edge = left - media[0], bleed[0] - media[0]
    marks = pdfcheck.dark_pixels_on_row(pdf, media[3] - top, 0, trim_from_edge)
    assert marks, "no crop mark found"
    assert max(marks) < bleed_from_edge, (marks, boxes)


@pytest.mark.parametrize("artefact", SHEETS)
@pytest.mark.parametrize("langs", [("cy", "en"), ("en", "cy")])
def test_welsh_comes_first(build, content, artefact, langs):
    for layout in SHEETS[artefact].layouts:
        text = pdfcheck.text(build(artefact, *langs, layout=layout))
        english = content["text"][SHEETS[artefact].text]
        # The NRM explainer prints the web page's title, not one of its print text's.
        for key in ("qr_label",) if artefact == "nrm-explainer" else ("title",):
            english = english[key]
        assert text.index(SAMPLES["cy"][0]) < text.index(english.split()[0])


def test_other_pairs_keep_the_chosen_primary_first():
    options = PrintOptions("poster", ("vi", "en")).checked(SHEETS["poster"], LANGS)
    assert options.langs == ("vi", "en")
    assert PrintOptions("poster", ("en", "cy")).checked(SHEETS["poster"], LANGS).langs == ("cy", "en")


def test_drafts_are_marked_and_reviewed_text_is_not(printer, content):
    # The big DRAFT watermark is CSS generated content, which PDF/UA tags as an
    # artifact (no extractable text), so check the HTML; the PNGs show the mark.
    options = PrintOptions("poster", ("cy", "en")).checked(SHEETS["poster"], LANGS)
    english = strings_for(content, "poster")
    html = printer.html(options, [
        artefacts.Side("cy", english, "https://x.example/cy/", draft=True),
        artefacts.Side("en", english, "https://x.example/en/")])
    assert html.count('class="side draft"') == 1
    assert html.count('class="draft-note"') == 1
    assert html.index('class="side draft" lang="cy"') < html.index('lang="en" dir="ltr">')


def test_rtl_document_language_and_direction(printer, content):
    options = PrintOptions("poster", ("ar",)).checked(SHEETS["poster"], LANGS)
    side = artefacts.Side("ar", strings_for(content, "poster"), "https://x.example/ar/")
    assert side.dir == "rtl"
    assert '<html lang="ar" dir="rtl">' in printer.html(options, [side])


@pytest.mark.parametrize("bad,message", [
    (PrintOptions("poster", ("xx",)), "unknown language"),
    (PrintOptions("poster", ()), "one language or a pair"),
    (PrintOptions("poster", ("en", "cy", "ar")), "one language or a pair"),
    (PrintOptions("poster", ("en",), "a0"), "comes in"),
    (PrintOptions("victim-leaflet", ("en", "cy"), layout="side-by-side"), "layouts are"),
])
def test_bad_options_are_refused_clearly(bad, message):
    with pytest.raises(PrintOptionError, match=message):
        bad.checked(SHEETS[bad.artefact], LANGS)


def test_repeated_request_is_served_from_cache(build, fresh_printer, monkeypatch):
    calls = []
    real = artefacts.render_pdf
    monkeypatch.setattr(artefacts, "render_pdf",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    first = build("poster", "cy", "en", printer=fresh_printer)
    again = build("poster", "en", "cy", printer=fresh_printer)  # same print, reordered
    assert first == again and len(calls) == 1
    build("poster", "cy", "en", size="a3", printer=fresh_printer)
    assert len(calls) == 2


def test_qr_codes_are_never_printed_below_minimum():
    css = (ROOT / "static" / "print" / "print.css").read_text()
    widths = [float(w) for w in re.findall(r"\.qr[^{]*\{[^}]*?width:\s*([\d.]+)mm", css)]
    assert widths and min(widths) >= MIN_SIZE_MM
