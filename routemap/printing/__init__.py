"""Print engine: HTML templates -> tagged PDF with WeasyPrint. No Flask here, so the
CLI, the tests and a static-site build can use it directly.

- registry.py   PRINTABLES: one entry per printable (template, sizes, text, QR target,
                rate limit and its view, cacheable, languages) saying how it is built;
                SHEETS, the entries the sheet builder builds
- service.py    PrintService.build(): looks the printable up and calls its entry's
                builder; used by the web views, `flask print build` and `build-all`
                (batch.py). Holds what builders share: Translators, QR URL, DRAFT wording
- artefacts.py  the shared types: sizes, PrintOptions, PrintRequest (what a builder
                gets), Side (one language's half), Printer (templates, caches, sheet PDF)
- sheet.py      the default builder: posters, leaflets, the chart, the NRM explainer
- booklet.py, record.py, referral.py, trainer_pack.py: the documents with their own
                data (CPS guide; a route's record; a route's referral preparation sheet,
                whose parts the loader checks; the practice cases), each with its builder
- chart.py      the route-map chart's SVG; nrm_sheet.py the NRM web page's own text:
                the `extras` of those two sheets
- content.py    flows/print/posters.yaml, checked by the loader with the rest of the
                content (its `text:` must have each registered print's section);
                strings.py gives a print its words, translated by gettext context
- render.py     HTML -> PDF/UA-1 bytes; fetcher.py lets it read only static files
- cache.py      PDFs cached by a hash of what went into them; qr.py QR codes as SVG
                data: URLs; pdfcheck.py looks inside PDFs

Adding a sheet (poster, leaflet, card) takes three things:
1. one entry in registry.PRINTABLES, e.g.
       "referral-card": Artefact("referral-card", "print/referral_card.html", ("a4",),
                                 ("stacked",), 1, text="referral_card", qr=GUIDE_QR,
                                 title=N_("Referral card"), description=N_("...")),
   with `extras=` a function (service, translator, text) -> dict if its template needs
   more than its strings (as chart.chart_extras, nrm_sheet.extras);
2. one template under templates/print/ extending print/base.html (CSS in
   static/print/print.css);
3. its strings: its words under `text: referral_card:` in flows/print/posters.yaml and
   the test copy tests/fixtures/flows/print/posters.yaml (the loader then requires that
   section), and the catalogue's title and description in the entry itself (above);
   then `make translations` and the Welsh.
build() makes it with the sheet builder; the catalogue, its PNG preview and ZIP of all
languages, its rate limit (the `pdf` view's), `flask print build` and `build-all` pick
it up, and tests/printing/test_artefacts.py renders it in every test language.
tests/printing/test_service.py registers a sheet this way.

Adding a document with its own data (as the booklet, the route record, the referral
sheet and the trainer pack were):
1. its entry in PRINTABLES naming its builder and how it is kept, e.g. the referral
   sheet: `build=referral.build, view="referral", shared=False, qr=NRM_QR`;
2. a module with `build(service, request) -> bytes`: it turns the content (and
   `request.route` for a print about one case) into plain, translated data and renders
   its template through the Printer, into `printer.cache_for(entry)` (memory only when
   the entry is not `shared`);
3. its template and strings, as for a sheet (a section of posters.yaml and gettext
   msgids are both fine);
4. if it needs its own URL, a download view whose endpoint is the entry's `view`
   (web/print.py, or its own module as web/booklet.py and web/referral.py): the rate
   limit comes from the entry, and a print about one case goes in
   serving.PRIVATE_PRINTS; its item in templates/print/catalogue.html if the catalogue
   offers it. `flask print build NAME` offers it when it is `shared`; `build-all`
   builds sheets only.
"""
