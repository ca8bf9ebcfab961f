"""What the app loads once at start-up and every request only reads, behind one
accessor: `state()` (or `state(app)` outside a request).

Content, catalogs, the print service and the CPS search index are built by
create_app and never change while the app runs, so any number of workers share them
and nothing about a user is ever kept here.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from ..model import Content

KEY = "routemap.state"


@dataclass
class State:
    content: Content       # flows, contacts, reference, print text (loader.load_content)
    translators: object = None  # translator.Translators: every language's Translator
    prints: object = None       # printing.service.PrintService
    search: object = None       # search.SearchIndex of the CPS reference

    @property
    def languages(self) -> dict:
        """The guide's languages (i18n.Language by code), Welsh first."""
        return self.translators.languages

    @property
    def printer(self):
        return self.prints.printer


def init_app(app: Flask, content: Content) -> State:
    app.extensions[KEY] = found = State(content)
    return found


def state(app: Flask | None = None) -> State:
    return (app or current_app).extensions[KEY]
