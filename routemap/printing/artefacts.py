"""What can be printed, in which sizes and languages, and how one is built.

`Printer.pdf()` is the single entry point the web blueprint and the CLI use:
options in, PDF bytes out (from the cache when nothing changed).
"""

import base64
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import markupsafe
from ..i18n import text_direction
from .cache import PdfCache, cache_key
from .qr import qr_data_uri
from .render import render_pdf


class PrintOptionError(ValueError):
    """Bad artefact, size, language or layout: the caller's mistake (HTTP 400/404)."""


@dataclass(frozen=True)
class PageSize:
    css: str          # value for `@page { size: ... }`
    width_mm: int
    height_mm: int
    font_pt: float    # root font size: everything else is in rem, so it all scales


SIZES = {
    "a4": PageSize("A4", 210, 297, 12),
    "a3": PageSize("A3", 297, 420, 17),  # A4 x sqrt(2): same layout, bigger
    "a3-landscape": PageSize("A3 landscape", 420, 297, 17),
    "a5": PageSize("A5", 148, 210, 9),
    "dl": PageSize("A4 landscape", 297, 210, 13),  # DL tri-fold: 3 x 99 mm panels
}

LAYOUTS = ("stacked", "side-by-side")
BLEED_MM = 3


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
    # False: about one person's case, so kept in memory only, never in the shared cache
    # directory, and never built ahead for a static host.
    shared: bool = True
    languages: tuple = ()             # the languages it comes in; () every one
    # "sheet" (posters, leaflets, chart: PrintOptions -> Printer.pdf), or one of the
    # documents with their own data: "booklet" (CPS reference), "record" (a route),
    # "referral" (the referral preparation sheet of a route) and "pack" (the trainer
    # pack of practice cases, trainer_pack.py).
    kind: str = "sheet"

    def page_count(self, langs) -> int:
        return self.pages * (len(langs) if self.sheet_per_language else 1)


PRINTABLES = {
    "poster": Artefact("poster", "print/poster.html", ("a4", "a3"), LAYOUTS, 1, text="poster"),
    "victim-leaflet": Artefact(
        "victim-leaflet", "print/victim_leaflet.html", ("dl",), ("stacked",), 2,
        text="leaflet"),
    # The route map drawn from the flow itself: one language per sheet, as the chart's
    # labels already fill it. Its SVG comes in Side.extras (see chart.py).
    "route-map": Artefact(
        "route-map", "print/route_map.html", ("a3-landscape",), ("stacked",), 1,
        sheet_per_language=True, text="chart", qr=GUIDE_QR),
    "professional-leaflet": Artefact(
        "professional-leaflet", "print/professional_leaflet.html", ("a5",), ("stacked",), 2,
        sheet_per_language=True, text="pro_leaflet", qr=GUIDE_QR),
    # The guide for CPS staff (booklet.py): written and reviewed in English and
    # translated into Welsh; other languages of the public guide are not offered.
    "cps-booklet": Artefact(
        "cps-booklet", "print/cps_booklet.html", ("a4", "a5"), ("stacked",), 0, qr=CPS_QR,
        limit="PRINT_RATELIMIT_BOOKLET", languages=("cy", "en"), kind="booklet"),
    # The record of one route through a guide (presenters.record), from the URL's answers.
    "route-record": Artefact(
        "route-record", "print/record.html", ("a4",), ("stacked",), 0, text="record", qr="",
        shared=False, kind="record"),
    # Issue 15. What to gather, explain and write down before a referral, shaped by the
    # route (printing/referral.py), from the URL's answers: never cached. Its QR code opens
    # the NRM explained, for the person.
    "referral-sheet": Artefact(
        "referral-sheet", "print/referral.html", ("a4",), ("stacked",), 0, text="referral",
        qr=NRM_QR, shared=False, kind="referral"),
    # The NRM explained to the person, from the same strings as /<lang>/help/nrm/
    # (templates/print/_nrm_text.html; printing/nrm_sheet.py gives them to the print).
    # Its few print words (DRAFT, the QR label) are the victim leaflet's, translated already.
    "nrm-explainer": Artefact(
        "nrm-explainer", "print/nrm_sheet.html", ("a4",), ("stacked",), 1,
        sheet_per_language=True, text="leaflet", qr=NRM_QR),
    # The practice cases for trainers (trainer_pack.py): cards, facilitator's notes and
    # the route map, Welsh first; the cases are written in Welsh and English only.
    "trainer-pack": Artefact(
        "trainer-pack", "print/trainer_pack.html", ("a4",), ("stacked",), 0, text="trainer_pack",
        qr=PRACTICE_QR, limit="PRINT_RATELIMIT_BOOKLET", languages=("cy", "en"), kind="pack"),
}
# The catalogue's posters, leaflets and chart: any language or Welsh-first pair, built
# ahead by `print build-all`.
ARTEFACTS = {name: art for name, art in PRINTABLES.items() if art.kind == "sheet"}
TEXT_SECTION = {name: art.text for name, art in ARTEFACTS.items()}


def order_languages(langs):
    """Welsh first whenever it is one of the pair (Welsh Language Standards);
    otherwise keep the order the user chose (their primary first)."""
    langs = list(dict.fromkeys(langs))  # drop repeats, keep order
    if "cy" in langs:
        langs.remove("cy")
        langs.insert(0, "cy")
    return tuple(langs)


@dataclass(frozen=True)
class PrintOptions:
    artefact: str
    langs: tuple
    size: str = ""
    marks: bool = False
    layout: str = "stacked"

    def checked(self, known_langs):
        """Validated copy with defaults filled in; raises PrintOptionError."""
        if self.artefact not in ARTEFACTS:
            raise PrintOptionError(f"unknown artefact {self.artefact!r}")
        art = ARTEFACTS[self.artefact]
        langs = order_languages(self.langs)
        if not 1 <= len(langs) <= 2:
            raise PrintOptionError("choose one language or a pair of two")
        for lang in langs:
            if lang not in known_langs:
                raise PrintOptionError(f"unknown language {lang!r}")
        size = self.size or art.sizes[0]
        if size not in art.sizes:
            raise PrintOptionError(
                f"{art.name} comes in {', '.join(art.sizes)}, not {size!r}")
        if self.layout not in art.layouts:
            raise PrintOptionError(
                f"{art.name} layouts are {', '.join(art.layouts)}, not {self.layout!r}")
        return PrintOptions(art.name, langs, size, bool(self.marks), self.layout)


@dataclass(frozen=True)
class Side:
    """One language's half of a print: already-translated strings plus where the QR goes."""
    lang: str
    strings: dict
    qr_url: str
    draft: bool = False           # translation not reviewed yet: print a DRAFT mark
    dir: str = field(default="")  # filled from the locale when not given
    # What an artefact needs beyond strings (e.g. the route-map chart's SVG), by name.
    extras: dict = field(default_factory=dict)

    def __post_init__(self):
        if not self.dir:
            object.__setattr__(self, "dir", text_direction(self.lang))


def left_to_right(text):
    """Wrap in Unicode LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE, so that
    "08000 121 700" keeps its group order inside right-to-left text."""
    return markupsafe.Markup("\u2066") + text + markupsafe.Markup("\u2069")


def css_string(value: str) -> markupsafe.Markup:
    """A CSS string literal for translated text used in `content:` (running headers)."""
    escaped = (str(value).replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\a ").replace("<", "\\3c "))
    return markupsafe.Markup(f'"{escaped}"')


class Printer:
    """Holds the template environment, the print text and the cache; builds PDFs."""

    def __init__(self, templates_dir, static_dir, print_text, cache=None, version="", preview=False):
        self.templates_dir = Path(templates_dir)
        self.static_dir = Path(static_dir)
        self.print_text = print_text  # flows/print/posters.yaml (printing.content)
        self.cache = cache if cache is not None else PdfCache()
        # Route records describe one person's situation: kept in memory only, never in
        # the shared cache directory, so nothing about a case reaches the disk.
        self.record_cache = PdfCache(max_bytes=16 * 1024 * 1024)
        self.version = version
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.templates_dir),
            autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True)
        self.env.filters["ltr"] = left_to_right
        self.env.filters["b64"] = lambda text: base64.b64encode(str(text).encode()).decode()
        self.env.filters["css_string"] = css_string  # the booklet's running headers
        # Preview (ROUTEMAP_PREVIEW): every print carries a PREVIEW mark (print/base.html),
        # and no PDF cached without it can be served with it, or the other way round.
        self.preview = bool(preview)
        self.env.globals["preview"] = self.preview
        self.template_version = self._hash_sources() + ("-preview" if self.preview else "")

    def _hash_sources(self):
        # Any change to a print template or print CSS must miss the cache.
        h = hashlib.sha256()
        for root in (self.templates_dir / "print", self.static_dir / "print"):
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                h.update(str(path.relative_to(root)).encode())
                h.update(path.read_bytes())
        return h.hexdigest()

    def html(self, options, sides):
        """The HTML for a checked PrintOptions; `sides` in the same order as its langs."""
        art = ARTEFACTS[options.artefact]
        page = SIZES[options.size]
        template = self.env.get_template(art.template)
        return template.render(
            artefact=art.name, options=options, page=page, bleed_mm=BLEED_MM,
            layout=options.layout if len(sides) > 1 else "single",
            sides=[dict(lang=s.lang, dir=s.dir, draft=s.draft, text=s.strings,
                        qr=qr_data_uri(s.qr_url), qr_url=s.qr_url, extras=s.extras)
                   for s in sides],
            draft=any(s.draft for s in sides),
            numbers=self.print_text["numbers"], sources=self.print_text["sources"],
            reviewed=self.print_text["reviewed"], version=self.version,
            professional_sources=self.print_text.get("professional_sources", []))

    def pdf(self, options, sides):
        sides = sorted(sides, key=lambda s: options.langs.index(s.lang))
        key = cache_key(
            options.artefact, [options.size, options.marks, options.layout],
            [[s.lang, s.dir, s.draft, s.qr_url, s.strings, s.extras] for s in sides]
            + [self.print_text, self.version], self.template_version)
        return self.cache.get_or_render(
            key, lambda: render_pdf(self.html(options, sides), self.static_dir))

    def record_html(self, side, context):
        """The route record (see record.py): `side.strings` is posters.yaml `record:`."""
        RECORD = PRINTABLES["route-record"]
        options = PrintOptions(RECORD.name, (side.lang,), RECORD.sizes[0])
        return self.env.get_template(RECORD.template).render(
            artefact=RECORD.name, options=options, page=SIZES[RECORD.sizes[0]],
            bleed_mm=BLEED_MM, layout="single",
            sides=[dict(lang=side.lang, dir=side.dir, draft=side.draft, text=side.strings,
                        qr=qr_data_uri(side.qr_url) if side.qr_url else "", qr_url=side.qr_url,
                        extras=side.extras)],
            draft=side.draft, route=context, numbers=self.print_text["numbers"],
            version=self.version)

    def record_pdf(self, side, context):
        """PDF of a route record, cached by everything that went into it (flow, answers,
        language, content version and the minute it states it was made)."""
        RECORD = PRINTABLES["route-record"]
        key = cache_key(RECORD.name, [RECORD.sizes[0]],
                        [side.lang, side.dir, side.draft, side.qr_url, side.strings, context,
                         self.version], self.template_version)
        return self.record_cache.get_or_render(
            key, lambda: render_pdf(self.record_html(side, context), self.static_dir))
