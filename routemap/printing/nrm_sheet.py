"""The NRM explained to the person, as an A4 sheet (registry.PRINTABLES["nrm-explainer"],
whose `extras` is `extras` here). No Flask.

Its text is the web page's (/<lang>/help/nrm/): templates/print/_nrm_text.html, which both
include. The page translates it with Flask-Babel; the print cannot, so `extras()` gives
the sheet each of that template's messages translated by the print language's
Translator, read from the template itself (no second copy of the text), and the sheet's
`_` looks them up. Untranslated text comes marked lang="en" (the print then says DRAFT,
as every unreviewed language does).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

PARTIAL = "print/_nrm_text.html"


@lru_cache(maxsize=4)
def messages(templates_dir: str) -> tuple[str, ...]:
    """Every `_("...")` message of the shared text, in order."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    source = (Path(templates_dir) / PARTIAL).read_text(encoding="utf-8")
    return tuple(dict.fromkeys(m for _, func, m in env.extract_translations(source)
                               if func in ("_", "gettext") and isinstance(m, str)))


def translated(translator, message: str) -> Markup:
    text = escape(translator.gettext(message))
    if translator.gettext_falls_back(message):
        return Markup(f'<span lang="en" dir="ltr">{text}</span>')
    return Markup(text)


def extras(service, translator, text=None) -> dict:
    """What the sheet needs beyond posters.yaml (`text`, not needed here): the shared
    text in this language, from the PrintService's templates, and the helpline's number
    (from flows/contacts.yaml, like every number)."""
    helpline = service.content.contacts.get("helpline")
    templates_dir = service.printer.templates_dir
    return {"nrm": {m: translated(translator, m) for m in messages(str(templates_dir))},
            "helpline": helpline.phone if helpline is not None and helpline.phone else ""}
