"""Look inside a PDF: pages, sizes, fonts, text, a preview image.

Used by the tests (is every font embedded? is the Welsh before the English?) and by
the print catalogue for PNG previews. Fonts and text come from poppler-utils
(`pdffonts`, `pdftotext`), which read PDFs the way most viewers do.
"""

import io
import subprocess
import tempfile

import pypdfium2 as pdfium

PT_PER_MM = 72 / 25.4


def page_sizes_mm(pdf):
    """(width, height) in mm of each page's MediaBox, rounded to 0.1 mm."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(v / PT_PER_MM, 1) for v in doc[i].get_size())
                for i in range(len(doc))]
    finally:
        doc.close()


def boxes_mm(pdf, index=0):
    """The page's MediaBox, BleedBox and TrimBox as (left, bottom, right, top) in mm."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        return {name: tuple(round(v / PT_PER_MM, 1) for v in box)
                for name, box in (("media", page.get_mediabox()), ("bleed", page.get_bleedbox()),
                                  ("trim", page.get_trimbox()))}
    finally:
        doc.close()


def dark_pixels_on_row(pdf, y_mm, x_from_mm, x_to_mm, index=0, scale=4):
    """x positions (mm from the left edge) of dark pixels on one row of the rendered page,
    measured from the top of the MediaBox: where crop marks are drawn."""
    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[index].render(scale=scale).to_pil().convert("L")
    finally:
        doc.close()
    px_per_mm = scale * PT_PER_MM
    y = round(y_mm * px_per_mm)
    return [round(x / px_per_mm, 1) for x in range(round(x_from_mm * px_per_mm), round(x_to_mm * px_per_mm))
            if image.getpixel((x, y)) < 100]


def page_count(pdf):
    return len(page_sizes_mm(pdf))


def _poppler(tool, pdf, *args):
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        return subprocess.run([tool, *args, f.name, "-"] if tool == "pdftotext"
                              else [tool, *args, f.name],
                              check=True, capture_output=True, text=True).stdout


def fonts(pdf):
    """One dict per font: name, type, embedded (bool)."""
    lines = _poppler("pdffonts", pdf).splitlines()
    # The dashes line gives the column widths; names may contain spaces.
    widths = [len(col) for col in lines[1].split(" ")]
    result = []
    for line in lines[2:]:
        cols, pos = [], 0
        for w in widths:
            cols.append(line[pos:pos + w].strip())
            pos += w + 1
        result.append({"name": cols[0], "type": cols[1], "embedded": cols[3] == "yes"})
    return result


def text(pdf):
    return _poppler("pdftotext", pdf, "-enc", "UTF-8")


def first_page_png(pdf, width_px=300):
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        scale = width_px / page.get_size()[0]
        image = page.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        doc.close()
