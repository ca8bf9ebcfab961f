"""Everything that can be printed: one entry per printable, saying how it is built.

PrintService.build() looks a printable up here and calls its entry's `build`; the web
views, their rate limits, the catalogue, `flask print build` and `build-all` read the
same entries. No Flask.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..i18n import N_
from . import booklet, record, referral, sheet, trainer_pack
from .artefacts import LAYOUTS
from .chart import chart_extras
from .nrm_sheet import extras as nrm_extras

# Where a print's QR code (or printed address) opens the guide, by kind of reader.
HELP_QR = "/{lang}/help/"            # the public and victims: "get help"
GUIDE_QR = "/{lang}/guide/{flow}/"   # professionals: the worker guide at its start
CPS_QR = "/{lang}/cps/"              # CPS staff: the reference guide
PRACTICE_QR = "/{lang}/practice/"    # trainers and learners: the practice cases
NRM_QR = "/{lang}/help/nrm/"         # the person: the NRM explained, in their language


@dataclass(frozen=True)
class Artefact:
    """One printable: everything the print service needs to build it."""
    name: str
    template: str
    sizes: tuple      # first is the default
    layouts: tuple    # bilingual layouts this design supports
    pages: int        # expected page count for one language (0: it depends on content)
    # True: the design has room for one language per sheet, so a bilingual print gives
    # each language its own sheet(s), Welsh first; False: both share the sheet(s).
    sheet_per_language: bool = False
    text: str = ""                    # its section of posters.yaml (with `common`)
    qr: str = HELP_QR                 # where its QR code opens, in the print's language
    limit: str = "PRINT_RATELIMIT_PDF"  # the setting with its per-client rate limit
    view: str = "pdf"                 # its download's endpoint on the print blueprint
    # False: about one person's case, so kept in memory only, never in the shared cache
    # directory (Printer.cache_for), and never built ahead for a static host.
    shared: bool = True
    languages: tuple = ()             # the languages it comes in; () every one
    # How it is built: (PrintService, artefacts.PrintRequest) -> PDF bytes. The default
    # is the ordinary sheet (sheet.py); a document with its own data names its module's.
    build: Callable = sheet.build
    # For a sheet that needs more than its strings: (PrintService, Translator, its
    # untranslated text) -> dict, given to its template as each side's `extras`.
    extras: Callable | None = None
    # A sheet's name and what it is for, in the print catalogue (English, marked N_ for
    # the catalogs; templates/print/catalogue.html translates them).
    title: str = ""
    description: str = ""

    def page_count(self, langs) -> int:
        return self.pages * (len(langs) if self.sheet_per_language else 1)


PRINTABLES = {
    "poster": Artefact(
        "poster", "print/poster.html", ("a4", "a3"), LAYOUTS, 1, text="poster",
        title=N_("Poster: spot the signs, get help"),
        description=N_("For walls in public places: six signs, what to do, the helpline and a QR code to this guide.")),
    "victim-leaflet": Artefact(
        "victim-leaflet", "print/victim_leaflet.html", ("dl",), ("stacked",), 2,
        text="leaflet", title=N_("Leaflet for people who may be victims"),
        description=N_("Short and reassuring, in the person's own language. Prints on both sides of A4 and folds in three.")),
    # The route map drawn from the flow itself: one language per sheet, as the chart's
    # labels already fill it. Its SVG comes in Side.extras (chart.py).
    "route-map": Artefact(
        "route-map", "print/route_map.html", ("a3-landscape",), ("stacked",), 1,
        sheet_per_language=True, text="chart", qr=GUIDE_QR, extras=chart_extras,
        title=N_("Route map chart for professionals"),
        description=N_("The whole route map on one A3 sheet, drawn from the guide itself, with the key contacts and a QR code to the guide.")),
    "professional-leaflet": Artefact(
        "professional-leaflet", "print/professional_leaflet.html", ("a5",), ("stacked",), 2,
        sheet_per_language=True, text="pro_leaflet", qr=GUIDE_QR,
        title=N_("Leaflet for professionals: what to do"),
        description=N_("The steps of the route map in short, contacts and a QR code to the guide. A5, printed on both sides.")),
    # The guide for CPS staff (booklet.py): written and reviewed in English and
    # translated into Welsh; other languages of the public guide are not offered.
    "cps-booklet": Artefact(
        "cps-booklet", "print/cps_booklet.html", ("a4", "a5"), ("stacked",), 0, qr=CPS_QR,
        limit="PRINT_RATELIMIT_BOOKLET", view="cps_booklet", languages=("cy", "en"),
        build=booklet.build),
    # The record of one route through a guide (presenters.record), from the URL's answers.
    "route-record": Artefact(
        "route-record", "print/record.html", ("a4",), ("stacked",), 0, text="record", qr="",
        view="record", shared=False, build=record.build),
    # Issue 15. What to gather, explain and write down before a referral, shaped by the
    # route (referral.py), from the URL's answers: never cached. Its QR code opens
    # the NRM explained, for the person.
    "referral-sheet": Artefact(
        "referral-sheet", "print/referral.html", ("a4",), ("stacked",), 0, text="referral",
        qr=NRM_QR, view="referral", shared=False, build=referral.build),
    # The NRM explained to the person, from the same strings as /<lang>/help/nrm/
    # (templates/print/_nrm_text.html; nrm_sheet.py gives them to the print).
    # Its few print words (DRAFT, the QR label) are the victim leaflet's, translated already.
    "nrm-explainer": Artefact(
        "nrm-explainer", "print/nrm_sheet.html", ("a4",), ("stacked",), 1,
        sheet_per_language=True, text="leaflet", qr=NRM_QR, extras=nrm_extras,
        title=N_("The NRM explained, for the person"),
        description=N_("What the National Referral Mechanism is, in the person's own language, to give them before they are asked to agree to a referral. One A4 page; a pair adds English.")),
    # The practice cases for trainers (trainer_pack.py): cards, facilitator's notes and
    # the route map, Welsh first; the cases are written in Welsh and English only.
    "trainer-pack": Artefact(
        "trainer-pack", "print/trainer_pack.html", ("a4",), ("stacked",), 0, text="trainer_pack",
        qr=PRACTICE_QR, limit="PRINT_RATELIMIT_BOOKLET", view="trainer_pack",
        languages=("cy", "en"), build=trainer_pack.build),
}
# The sheets (built by sheet.py): the catalogue's posters, leaflets and chart, each in
# any language or a Welsh-first pair, with a preview and a ZIP of every language, and
# built ahead for a static host by `print build-all`.
SHEETS = {name: art for name, art in PRINTABLES.items() if art.build is sheet.build}
