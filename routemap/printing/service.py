"""Every print, built one way: `PrintService.build()`. No Flask.

The web views, `flask print build` and `flask print build-all` all call build() with
the name of a printable (artefacts.PRINTABLES), its options and the guide's public
address, and get PDF bytes back: checked, translated into each language by its
Translator, rendered or taken from the cache. What differs between printables (their
template, sizes, text, QR target, rate limit, whether they may be cached) is in their
registry entry, not here.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from ..changelog import with_version
from ..presenters import record as record_view
from ..walk import query_string
from .artefacts import PRINTABLES, Printer, PrintOptionError, PrintOptions, Side, order_languages
from .booklet import BookletLanguage, booklet_pdf, booklet_sections, check_size, ui_strings
from .chart import EXTRAS, chart_flow
from .content import section_text, strings_for
from . import trainer_pack
from .nrm_sheet import extras as nrm_extras
from .record import generated_at
from .referral import referral_context, referral_pdf


class PrintService:
    def __init__(self, printer: Printer, content, translators, review_share: Callable | None = None):
        self.printer = printer
        self.content = content          # the loaded routemap Content
        self.translators = translators  # translator.Translators
        self.languages = translators.languages
        # code -> translation_reviews.Share: how much of a language a translator approved
        self.review_share = review_share

    def qr_url(self, name: str, code: str, base_url: str) -> str:
        """Where the printable's QR code opens the guide, in language `code`, with the
        guide version (v=): opened after the guide has changed, the page says what
        changed since (web/changes.py)."""
        target = PRINTABLES[name].qr
        url = base_url.rstrip("/") + target.format(lang=code, flow=chart_flow(self.content).id)
        return with_version(url, self.content.version)

    def draft_share(self, code: str) -> str | None:
        """"40%" when a translator approved part (not all) of an unreviewed language."""
        share = self.review_share(code) if self.review_share else None
        if self.languages[code].reviewed or share is None or not share.approved:
            return None
        return f"{share.percent:.0f}%"

    def _draft_wording(self, strings: dict, code: str) -> dict:
        """A partly reviewed language's DRAFT mark says how much was checked."""
        share = self.draft_share(code)
        return strings if share is None else {**strings, "draft": strings["draft_partly"] % {"share": share}}

    def build(self, name: str, langs=(), size: str = "", marks: bool = False,
              layout: str = "stacked", *, base_url: str = "", route=None,
              now: dt.datetime | None = None, practice: bool = False) -> bytes:
        """PDF bytes of printable `name`; PrintOptionError for options it does not take.

        `base_url` is the guide's public address (QR codes, printed links); `route` the
        finished walk of a route record, made at `now` (Wales time, to the minute), in
        practice mode (a training case: marked PRACTICE on every page) if `practice`."""
        entry = PRINTABLES.get(name)
        if entry is None:
            raise PrintOptionError(f"unknown artefact {name!r}")
        if entry.kind == "booklet":
            if len(langs) != 1:
                raise PrintOptionError(f"{name} prints in one language at a time")
            return self._booklet(langs[0], size, base_url)
        if entry.kind == "pack":
            return self._trainer_pack(langs, base_url)
        if entry.kind == "record":
            return self._record(route, langs[0], now, base_url, practice)
        if entry.kind == "referral":
            return self._referral(route, langs, now, base_url, practice)
        return self._sheet(PrintOptions(name, tuple(langs), size, marks, layout), base_url)

    def _sheet(self, options: PrintOptions, base_url: str) -> bytes:
        options = options.checked(self.languages)
        text = section_text(self.printer.print_text, PRINTABLES[options.artefact].text)
        sides = []
        for code in options.langs:
            # Text not yet translated prints in English marked lang="en" (Translator.markup).
            translator = self.translators[code]
            strings = self._draft_wording(strings_for(self.printer.print_text, PRINTABLES[options.artefact].text,
                                                      translator.markup), code)
            extras = (EXTRAS[options.artefact](self.content, translator, text)
                      if options.artefact in EXTRAS else {})
            if options.artefact == "nrm-explainer":  # the web page's text (nrm_sheet.py)
                extras = nrm_extras(self.printer.templates_dir, self.content, translator)
            language = self.languages[code]
            sides.append(Side(code, strings, self.qr_url(options.artefact, code, base_url),
                              draft=not language.reviewed, dir=language.direction,
                              extras=extras))
        return self.printer.pdf(options, sides)

    def _booklet(self, code: str, size: str, base_url: str) -> bytes:
        entry = PRINTABLES["cps-booklet"]
        if code not in self.languages:
            raise PrintOptionError(f"unknown language {code!r}")
        if code not in entry.languages:
            raise PrintOptionError(
                f"{entry.name} prints in {' or '.join(entry.languages)}, not {code!r}")
        size = check_size(size)
        reference, version = self.content.reference, self.content.version
        url = self.qr_url(entry.name, code, base_url)
        translator = self.translators[code]
        sections = booklet_sections(reference, translator)
        ui = ui_strings(translator, len(reference.needs_verification))
        newest = max(s.reviewed for s in reference.sections)
        ui["version"] = translator.gettext("Guide version %(version)s", version=version)
        ui["reviewed"] = translator.gettext("Last reviewed: %(date)s",
                                            date=translator.date(newest))
        if self.draft_share(code):
            ui["draft"] = translator.gettext(
                "DRAFT: a qualified translator has checked %(share)s of this translation, not all of it.",
                share=self.draft_share(code))
        language = BookletLanguage(code, self.languages[code].direction,
                                   not self.languages[code].reviewed)
        return booklet_pdf(self.printer, size, language, ui, sections,
                           dict(url=url, version=version))

    def _trainer_pack(self, langs, base_url: str) -> bytes:
        langs = trainer_pack.check_languages(langs)
        context = trainer_pack.pack_context(
            self.content, self.printer.print_text, self.translators, langs,
            lambda code: self.qr_url("trainer-pack", code, base_url))
        return trainer_pack.pack_pdf(self.printer, langs, context)

    def _record(self, route, code: str, now: dt.datetime | None, base_url: str = "",
                practice: bool = False) -> bytes:
        """PDF record of a finished walk in language `code`."""
        language = self.languages[code]
        translator = self.translators[code]
        strings = self._draft_wording(strings_for(self.printer.print_text, PRINTABLES["route-record"].text,
                                                  translator.markup), code)
        context = record_view(route, self.content.contacts, translator, self.content.version,
                              generated_at(now))
        context["practice"] = practice  # a training case's record must never pass for a real one
        # The record's QR code and link reopen this route in the guide, with the version it
        # was made with (v=), so that later they show what has changed since.
        reopen = ""
        if base_url:
            reopen = with_version(f"{base_url.rstrip('/')}/{code}/guide/{route.flow.id}/{route.current.id}?"
                                  + query_string(route.answers), self.content.version)
        side = Side(code, strings, reopen, draft=not language.reviewed, dir=language.direction)
        return self.printer.record_pdf(side, context)

    def _referral(self, route, langs, now: dt.datetime | None, base_url: str = "",
                  practice: bool = False) -> bytes:
        """The referral preparation sheet of a finished walk, in one language or a pair
        (Welsh first, each on its own pages); kept like a route record (referral.referral_pdf)."""
        return referral_pdf(self.printer, self.referral_sides(route, langs, now, base_url, practice))

    def referral_sides(self, route, langs, now: dt.datetime | None, base_url: str = "",
                       practice: bool = False) -> list:
        """(Side, context) per language of the referral sheet, for its PDF and its page."""
        entry = PRINTABLES["referral-sheet"]
        langs = order_languages(langs)
        if not 1 <= len(langs) <= 2:
            raise PrintOptionError("choose one language or a pair of two")
        sides = []
        for code in langs:
            if code not in self.languages:
                raise PrintOptionError(f"unknown language {code!r}")
            language, translator = self.languages[code], self.translators[code]
            strings = self._draft_wording(strings_for(self.printer.print_text, entry.text,
                                                      translator.markup), code)
            context = referral_context(route, self.content, translator, generated_at(now))
            context["practice"] = practice  # made in a training case: said on every page
            qr = self.qr_url(entry.name, code, base_url) if base_url else ""
            sides.append((Side(code, strings, qr, draft=not language.reviewed,
                               dir=language.direction), context))
        return sides
