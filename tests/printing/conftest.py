from pathlib import Path

import pytest

from routemap.printing.artefacts import (
    TEXT_SECTION, Printer, PrintOptions, Side)
from routemap.printing.cache import PdfCache
from routemap.printing.chart import EXTRAS
from routemap.printing.content import section_text, strings_for

from .placeholders import SAMPLES, translator

ROOT = Path(__file__).resolve().parents[2]
LANGS = {"en", *SAMPLES}


@pytest.fixture(scope="session")
def content(real_content):
    """flows/print/posters.yaml, as the loader checked it."""
    return real_content.print_text


@pytest.fixture(scope="session")
def printer(content):
    return Printer(ROOT / "templates", ROOT / "static", content, version="0.0.0-test")


@pytest.fixture(scope="session")
def build(printer, content, real_content):
    """build("poster", "cy", "en", size="a3", marks=True) -> PDF bytes.

    English is the reviewed source; every other language is a test placeholder and
    so prints as a draft.
    """
    def build(artefact, *langs, size="", marks=False, layout="stacked", printer=printer):
        options = PrintOptions(artefact, langs, size, marks, layout).checked(LANGS)
        sides = []
        for lang in options.langs:
            tr = translator(lang)
            strings = strings_for(content, TEXT_SECTION[artefact], tr.markup)
            extras = (EXTRAS[artefact](real_content, tr,
                                       section_text(content, TEXT_SECTION[artefact]))
                      if artefact in EXTRAS else {})
            sides.append(Side(lang, strings, f"https://routemap.example/{lang}/help/",
                              draft=lang != "en", extras=extras))
        return printer.pdf(options, sides)
    return build


@pytest.fixture
def fresh_printer(content):
    return Printer(ROOT / "templates", ROOT / "static", content, cache=PdfCache())
