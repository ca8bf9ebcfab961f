"""Print options, the two halves of a bilingual print, and the Printer that renders
them: the types every builder shares. What can be printed is in registry.py.

`Printer.pdf()` renders a sheet: checked options and translated sides in, PDF bytes
out (from the cache when nothing changed).
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


@dataclass(frozen=True)
class PrintRequest:
    """What PrintService.build() was asked for, handed to the printable's builder
    (registry.Artefact.build): its registry entry and the caller's options."""
    artefact: object           # the registry.Artefact being built
    langs: tuple
    size: str = ""
    marks: bool = False
    layout: str = "stacked"
    base_url: str = ""         # the guide's public address (QR codes, printed links)
    route: object = None       # the finished walk of a print about one route
    now: object = None         # when that print was made (datetime, Wales time)
    practice: bool = False     # made in a training case: PRACTICE on every page


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
    template: str = ""  # the printable's template, filled in by checked()

    def checked(self, art, known_langs):
        """Validated copy for printable `art` (its registry entry), with the defaults and
        its template filled in; raises PrintOptionError."""
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
        return PrintOptions(art.name, langs, size, bool(self.marks), self.layout, art.template)


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
        # Prints about one person's case (route record, referral sheet): kept in memory
        # only, never in the shared cache directory, so nothing about a case reaches the disk.
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

    def cache_for(self, entry):
        """Where a print of registry entry `entry` may be kept: the shared cache, or the
        memory-only one when it is about one case (`entry.shared` False)."""
        return self.cache if entry.shared else self.record_cache

    def html(self, options, sides):
        """The HTML of a sheet for checked PrintOptions; `sides` in the same order as its langs."""
        page = SIZES[options.size]
        template = self.env.get_template(options.template)
        return template.render(
            artefact=options.artefact, options=options, page=page, bleed_mm=BLEED_MM,
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
