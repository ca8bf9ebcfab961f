"""Print engine: HTML templates -> tagged PDF with WeasyPrint. No Flask here, so the
CLI, the tests and a static-site build can use it directly.

- artefacts.py  the registry (PRINTABLES: template, sizes, text, QR target, rate limit,
                cacheable), option checks, Printer (templates, cache, PDF)
- service.py    PrintService.build(): the one way every print is built, by the web
                views, `flask print build` and `flask print build-all` (batch.py)
- content.py    flows/print/posters.yaml: checked by the loader with the rest of the
                content; text (translated by gettext context) + numbers
- render.py     HTML -> PDF/UA-1 bytes; fetcher.py lets it read only static files
- cache.py      PDFs cached by a hash of artefact, options, strings and templates
- qr.py         QR codes as SVG data: URLs; pdfcheck.py looks inside PDFs
- booklet.py    the CPS guide as a booklet: sections, contents, running headers
- record.py     when a route record (presenters.record) was made
- referral.py   the referral preparation sheet of a route: its parts (posters.yaml
                `referral:`, checked at load time), context, HTML and PDF, kept as a
                route record is (never in the shared cache directory)
- nrm_sheet.py  the NRM explained as a sheet: the web page's own text
                (templates/print/_nrm_text.html) translated for the print
- chart.py      the route-map chart: the worker flow as Graphviz SVG; EXTRAS names the
                artefacts that need more than strings (passed in Side.extras)
- trainer_pack.py  the practice cases (flows/practice/) for trainers: case cards,
                facilitator's notes, the chart; Welsh first, PRACTICE on every page

Adding a sheet (poster, leaflet, card):
1. one entry in artefacts.PRINTABLES, e.g.
       "referral-card": Artefact("referral-card", "print/referral_card.html", ("a6",),
                                 ("stacked",), 1, text="referral_card", qr=GUIDE_QR),
   (a new paper size goes in SIZES; its section name in content.SECTIONS);
2. one template under templates/print/ extending print/base.html, its CSS in
   static/print/print.css;
3. its strings under `text: referral_card:` in flows/print/posters.yaml, then
   `make translations`.
The parametrised tests then render it in every test language; the catalogue (PNG
preview, ZIP of all languages), its rate limit, `flask print build` and `build-all`
pick it up. Untranslated text comes marked lang="en" from the Translator.

How the referral preparation sheet was added (issue 15), for a printable about one case:
1. its entry in PRINTABLES ("referral-sheet": kind "referral", shared=False, qr=NRM_QR);
   PrintService.build() sends that kind to `_referral`; referral.referral_pdf renders it
   as the route record is (the Printer's memory-only record cache, which the web app's
   render pool makes keep nothing), never into the shared cache directory;
2. its words under `text: referral:` in flows/print/posters.yaml (and the fixture copy),
   and which parts each outcome's sheet has under the top-level `referral:`, with the
   evidence ids (flows/evidence.yaml) behind each part and each form's field list:
   the loader checks them (referral.check_referral) with file, line and fix;
3. print/referral.html and print/_referral_body.html, shared with its page
   print/referral_page.html; web/referral.py gives /<lang>/print/referral/<flow>.pdf and
   /<lang>/print/referral/<flow>/ (rate limited in print.rate_limits, `private, no-store`
   in serving.PRIVATE_PRINTS), linked from outcome pages that have a sheet.
The NRM explainer sheet ("nrm-explainer") is an ordinary sheet whose Side.extras carry
the web page's messages (nrm_sheet.extras), so its text is written once.

Adding a document with its own data (how the trainer pack was added, issue 14): a
PRINTABLES entry with its own `kind` ("pack"), `languages` and `text` section; a module
that turns the content into plain, translated dicts and renders them through the
Printer's templates and cache (trainer_pack.py, like booklet.py); one branch in
PrintService.build() for the kind; its section in content.SECTIONS and posters.yaml
(and the fixture copy in tests/fixtures/flows/print/); a download view in
web/print.py with its rate limit in rate_limits(), and its item in
templates/print/catalogue.html. `flask print build NAME` lists it by itself (it is
`shared`); `build-all` does not build it (that is for sheets).
"""
