"""The guide for CPS staff as a printed booklet (A4 or A5): the whole reference
(routemap/reference.py) with a cover, contents with page numbers, running headers,
page numbers and each section's sources as footnotes.

Like the rest of the engine this knows nothing about Flask. `build()` is the builder of
its registry entry (registry.PRINTABLES["cps-booklet"]). `booklet_sections()` turns
the reference into plain, already-translated dicts with the same Translator the CPS
pages use (untranslated Welsh falls back to English, which the template marks
lang="en" where the Translator says so); `booklet_pdf()` renders them through the
Printer's templates, fetcher and cache. The cache key covers every string that goes
on the page, so a content edit misses the cache even without a version bump.

Page numbers in the contents come from CSS (`target-counter(attr(href), page)`), and
the physical page count includes the cover, so "page 5" in the contents is page 5 of
the PDF: the tests check each one against the text of that page.
"""
from __future__ import annotations

from dataclasses import dataclass

from .artefacts import BLEED_MM, SIZES, PrintOptionError, PrintOptions
from .cache import cache_key
from ..translator import markdown, markdown_inline
from .render import render_pdf


def check_language(entry, code: str) -> str:
    """`code` if the booklet (its registry entry) is written in it."""
    if code not in entry.languages:
        raise PrintOptionError(f"{entry.name} prints in {' or '.join(entry.languages)}, not {code!r}")
    return code


def check_size(entry, size: str) -> str:
    """The paper size asked for, or the entry's first (its default)."""
    size = size or entry.sizes[0]
    if size not in entry.sizes:
        raise PrintOptionError(f"{entry.name} comes in {', '.join(entry.sizes)}, not {size!r}")
    return size


@dataclass(frozen=True)
class BookletLanguage:
    code: str
    dir: str = "ltr"
    draft: bool = False  # translation not reviewed: DRAFT mark on every page


def booklet_sections(reference, translator):
    """Every section in reading order (parents before their subsections), numbered
    1, 2, 2.1 ..., as dicts of plain strings and safe HTML, in the translator's
    language (English where there is no translation, flagged `*_en`)."""
    out = []

    def walk(parent, prefix, level):
        for number, section in enumerate(reference.children(parent), start=1):
            num = f"{prefix}{number}"
            note = section.verification_note or ""
            entries = [dict(id=entry.id, html=markdown_inline(translator.text(entry.text)),
                            en=translator.falls_back(entry.text))
                       for entry in section.entries]  # a long list (Schedule 4), one item per entry
            out.append(dict(
                id=section.id, number=num, level=level, title=translator.text(section.title),
                title_en=translator.falls_back(section.title),
                citation=str(section.citation),
                body=markdown(translator.text(section.body)),
                body_en=translator.falls_back(section.body),
                entries=entries,
                needs_verification=section.needs_verification,
                note=translator.text(note), note_en=translator.falls_back(note),
                sources=[dict(title=s.title, url=s.url) for s in section.sources],
                reviewed=translator.date(section.reviewed),
                reviewed_iso=section.reviewed.isoformat(),
            ))
            walk(section.id, f"{num}.", level + 1)

    walk(None, "", 1)
    return out


_MARK = "\x00"


def _split(message: str, count: int) -> list[str]:
    """A translated sentence with `count` numbers in it ("Page %(page)s of %(pages)s")
    cut around them, so CSS can put counter(page) and counter(pages) in its gaps."""
    parts = message.split(_MARK)
    if len(parts) != count + 1:  # a translator dropped a placeholder: keep the numbers
        parts = [""] + [" "] * (count - 1) + [""]
    return parts


def ui_strings(tr, pending: int) -> dict:
    """The booklet's own words in tr's language; msgids shared with the CPS pages."""
    _, ngettext = tr.gettext, tr.ngettext
    page = _split(_("Page %(page)s of %(pages)s", page=_MARK, pages=_MARK), 2)
    pending_ref = _split(_("page %(page)s", page=_MARK), 1)
    return dict(
        title=_("Guide for CPS staff"),
        kicker=_("Modern slavery and human trafficking"),
        lead=_("The law and CPS guidance on modern slavery and human trafficking, for prosecutors and caseworkers in CPS Cymru-Wales. Each section gives its citation, its sources and when it was last checked."),
        disclaimer=_("This guide does not replace the legislation, the Code for Crown Prosecutors or CPS legal guidance. Check the primary source before you rely on a section."),
        pending=ngettext("%(num)d section is awaiting confirmation against its primary source:",
                         "%(num)d sections are awaiting confirmation against their primary sources:",
                         pending),
        online=_("The latest version of this guide is online:"),
        contents=_("Contents"),
        citation=_("Citation:"),
        awaiting=_("Awaiting confirmation:"),
        awaiting_text=_("some details in this section have not yet been confirmed against the primary source."),
        sources=_("Sources"),
        last_reviewed=_("Last reviewed: %(date)s", date="%(date)s"),
        draft=_("DRAFT: this translation has not been checked yet."),
        page_before=page[0], page_between=page[1], page_after=page[2],
        pending_before=" (" + pending_ref[0], pending_after=pending_ref[1] + ")",
    )


def build(service, request) -> bytes:
    """PDF bytes of the booklet (registry.Artefact.build), in one language."""
    entry = request.artefact
    if len(request.langs) != 1:
        raise PrintOptionError(f"{entry.name} prints in one language at a time")
    code = request.langs[0]
    if code not in service.languages:
        raise PrintOptionError(f"unknown language {code!r}")
    check_language(entry, code)
    size = check_size(entry, request.size)
    reference, version = service.content.reference, service.content.version
    url = service.qr_url(entry.name, code, request.base_url)
    translator = service.translators[code]
    sections = booklet_sections(reference, translator)
    ui = ui_strings(translator, len(reference.needs_verification))
    newest = max(s.reviewed for s in reference.sections)
    ui["version"] = translator.gettext("Guide version %(version)s", version=version)
    ui["reviewed"] = translator.gettext("Last reviewed: %(date)s", date=translator.date(newest))
    if service.draft_share(code):
        ui["draft"] = translator.gettext(
            "DRAFT: a qualified translator has checked %(share)s of this translation, not all of it.",
            share=service.draft_share(code))
    language = BookletLanguage(code, service.languages[code].direction,
                               not service.languages[code].reviewed)
    return booklet_pdf(service.printer, entry, size, language, ui, sections,
                       dict(url=url, version=version))


def booklet_html(printer, entry, size, language, ui, sections, meta):
    """The booklet's HTML. `ui`: translated interface strings; `meta`: version and the
    newest review date (the booklet's date: a cached PDF never claims a print date)."""
    page = SIZES[size]
    return printer.env.get_template(entry.template).render(
        artefact=entry.name, options=PrintOptions(entry.name, (language.code,), size),
        page=page, bleed_mm=BLEED_MM, layout="single",
        sides=[dict(lang=language.code, dir=language.dir, draft=language.draft)],
        draft=language.draft, ui=ui, sections=sections, meta=meta,
        pending=[s for s in sections if s["needs_verification"]])


def booklet_pdf(printer, entry, size, language, ui, sections, meta):
    """PDF bytes, from the Printer's cache when nothing that goes on the page changed."""
    size = check_size(entry, size)
    key = cache_key(entry.name, [size], [language.code, language.dir, language.draft, ui,
                                         sections, meta, printer.version],
                    printer.template_version)
    return printer.cache_for(entry).get_or_render(
        key, lambda: render_pdf(booklet_html(printer, entry, size, language, ui, sections, meta),
                                printer.static_dir))
