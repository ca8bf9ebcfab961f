"""Every print, built one way: `PrintService.build()`. No Flask.

The web views, `flask print build` and `flask print build-all` all call build() with
the name of a printable (registry.PRINTABLES), its options and the guide's public
address, and get PDF bytes back. build() looks the printable up and calls the builder
its entry names (the sheet builder, or a document's own); what differs between
printables is in their entry, not here. What the builders share is here: the
languages and their Translators, where a QR code points, the DRAFT wording.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from ..changelog import with_version
from .artefacts import Printer, PrintOptionError, PrintRequest
from .chart import chart_flow
from .registry import PRINTABLES
from .strings import strings_for


class PrintService:
    def __init__(self, printer: Printer, content, translators, review_share: Callable | None = None,
                 printables: dict | None = None):
        self.printer = printer
        self.content = content          # the loaded routemap Content
        self.translators = translators  # translator.Translators
        self.languages = translators.languages
        # code -> translation_reviews.Share: how much of a language a translator approved
        self.review_share = review_share
        self.printables = PRINTABLES if printables is None else printables  # name -> Artefact

    def qr_url(self, name: str, code: str, base_url: str) -> str:
        """Where the printable's QR code opens the guide, in language `code`, with the
        guide version (v=): opened after the guide has changed, the page says what
        changed since (web/changes.py)."""
        target = self.printables[name].qr
        url = base_url.rstrip("/") + target.format(lang=code, flow=chart_flow(self.content).id)
        return with_version(url, self.content.version)

    def draft_share(self, code: str) -> str | None:
        """"40%" when a translator approved part (not all) of an unreviewed language."""
        share = self.review_share(code) if self.review_share else None
        if self.languages[code].reviewed or share is None or not share.approved:
            return None
        return f"{share.percent:.0f}%"

    def strings(self, entry, code: str) -> dict:
        """The printable's posters.yaml words in language `code` (untranslated ones in
        English, marked lang="en" by the Translator); a partly reviewed language's DRAFT
        mark says how much was checked."""
        strings = strings_for(self.printer.print_text, entry.text, self.translators[code].markup)
        share = self.draft_share(code)
        return strings if share is None else {**strings, "draft": strings["draft_partly"] % {"share": share}}

    def build(self, name: str, langs=(), size: str = "", marks: bool = False,
              layout: str = "stacked", *, base_url: str = "", route=None,
              now: dt.datetime | None = None, practice: bool = False) -> bytes:
        """PDF bytes of printable `name`; PrintOptionError for options it does not take.

        `base_url` is the guide's public address (QR codes, printed links); `route` the
        finished walk of a print about one route, made at `now` (Wales time, to the
        minute), in practice mode (a training case: marked PRACTICE on every page) if
        `practice`."""
        entry = self.printables.get(name)
        if entry is None:
            raise PrintOptionError(f"unknown artefact {name!r}")
        return entry.build(self, PrintRequest(entry, tuple(langs), size, marks, layout,
                                              base_url, route, now, practice))
