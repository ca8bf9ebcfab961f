from pathlib import Path

import pytest

from routemap.i18n import Language, text_direction
from routemap.printing.artefacts import Printer
from routemap.printing.cache import PdfCache
from routemap.printing.service import PrintService

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


class PlaceholderTranslators:
    """Translators for the print tests: English as it is, the others placeholders
    (placeholders.py), so only English counts as reviewed."""

    def __init__(self):
        self.languages = {code: Language(code, code, code, reviewed=code == "en",
                                         direction=text_direction(code))
                          for code in sorted(LANGS)}
        self._loaded = {code: translator(code) for code in self.languages}

    def __getitem__(self, code):
        return self._loaded[code]


@pytest.fixture(scope="session")
def build(printer, real_content):
    """build("poster", "cy", "en", size="a3", marks=True) -> PDF bytes, through the
    print service as the app builds it.

    English is the reviewed source; every other language is a test placeholder and
    so prints as a draft.
    """
    translators = PlaceholderTranslators()

    def build(artefact, *langs, size="", marks=False, layout="stacked", printer=printer):
        return PrintService(printer, real_content, translators).build(
            artefact, langs, size, marks, layout, base_url="https://routemap.example")
    return build


@pytest.fixture
def fresh_printer(content):
    return Printer(ROOT / "templates", ROOT / "static", content, cache=PdfCache())
