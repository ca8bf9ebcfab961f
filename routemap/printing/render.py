"""HTML string -> PDF bytes with WeasyPrint, tagged for accessibility."""

import threading

import weasyprint
from weasyprint.pdf import VARIANTS
from weasyprint.text.fonts import FontConfiguration

from .fetcher import STATIC_BASE, StaticOnlyFetcher

# PDF/UA-1 gives tags, document title and language in the catalogue (from <title> and
# <html lang>). Older WeasyPrint versions lack it; plain tagging is the next best.
if "pdf/ua-1" in VARIANTS:
    PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
else:  # pragma: no cover - depends on the installed WeasyPrint
    PDF_OPTIONS = {"pdf_tags": True}

# A FontConfiguration caches fontconfig look-ups and loaded faces: reusing it cut a
# bilingual poster from ~240 to ~170 ms. It is not documented as thread-safe, so one
# per thread. It also remembers @font-face fonts from earlier documents; harmless here,
# as every font a template can load has come through the static-only fetcher.
_local = threading.local()


def _font_config():
    if not hasattr(_local, "font_config"):
        _local.font_config = FontConfiguration()
    return _local.font_config


def render_pdf(html, static_folder, *, base_url=STATIC_BASE, extra_css=None):
    """Render `html` (a complete document) to PDF bytes.

    Relative URLs resolve against `base_url`, which the fetcher maps onto
    `static_folder`; nothing outside that folder (and no network) can be read.
    """
    font_config = _font_config()
    stylesheets = []
    fetcher = StaticOnlyFetcher(static_folder)
    if extra_css:
        stylesheets.append(weasyprint.CSS(
            string=extra_css, base_url=base_url, url_fetcher=fetcher,
            font_config=font_config))
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=stylesheets, font_config=font_config,
        uncompressed_pdf=False, **PDF_OPTIONS)
