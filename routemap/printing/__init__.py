"""Print engine: HTML templates -> tagged PDF with WeasyPrint. No Flask here, so the
CLI, the tests and a static-site build can use it directly. (The CPS guide's booklet,
a long document rather than a one-sheet artefact, has its own booklet.py.)

- artefacts.py  what can be printed (ARTEFACTS, SIZES), option checks, Printer.pdf()
- content.py    flows/print/posters.yaml: checked by the loader with the rest of the
                content; text (translated by gettext context) + numbers
- render.py     HTML -> PDF/UA-1 bytes; fetcher.py lets it read only static files
- cache.py      PDFs cached by a hash of artefact, options, strings and templates
- qr.py         QR codes as SVG data: URLs; pdfcheck.py looks inside PDFs
- record.py     the record of a route (from a finished walk: the URL's answers only),
                rendered by Printer.record_pdf and cached in memory only
- chart.py      the route-map chart: the worker flow as Graphviz SVG; EXTRAS names the
                artefacts that need more than strings (passed in Side.extras)

Adding an artefact: a template under templates/print/ extending print/base.html, its
CSS in static/print/print.css, its text in posters.yaml, one line in ARTEFACTS and
TEXT_SECTION (and EXTRAS if it needs data beyond text); the parametrised tests then
render it in every test language, and `flask print build-all` and the catalogue (PNG
preview, ZIP of all languages) pick it up. The web layer (routemap/web/print.py) adds
the QR target, rate limits and the English-fallback marking of untranslated text.
"""
