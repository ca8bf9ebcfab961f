"""The print service: every printable built one way, without Flask."""
import pytest

from routemap.printing import pdfcheck
from routemap.printing.artefacts import PrintOptionError
from routemap.printing.registry import PRINTABLES
from routemap.printing.service import PrintService
from routemap.translator import Translators

from .conftest import ROOT


@pytest.fixture(scope="module")
def service(printer, real_content):
    return PrintService(printer, real_content, Translators(ROOT / "translations"))


def test_every_printable_has_its_template_and_text(content):
    for art in PRINTABLES.values():
        assert (ROOT / "templates" / art.template).is_file(), art.name
        assert not art.text or art.text in content["text"], art.name
        assert art.sizes and (art.qr == "" or art.qr.startswith("/{lang}/"))


def test_qr_targets_come_from_the_registry(service, real_content):
    base, v = "https://routemap.example.org", f"?v={real_content.version}"  # the guide version: web/changes.py
    assert service.qr_url("poster", "cy", base) == f"{base}/cy/help/{v}"
    assert service.qr_url("route-map", "en", base + "/") == f"{base}/en/guide/possible-victim/{v}"
    assert service.qr_url("cps-booklet", "cy", base) == f"{base}/cy/cps/{v}"


def test_a_sheet_without_a_request(service):
    pdf = service.build("victim-leaflet", ("en",), base_url="https://routemap.example.org")
    assert pdfcheck.page_count(pdf) == PRINTABLES["victim-leaflet"].pages
    assert "Are you safe?" in " ".join(pdfcheck.text(pdf).split())


@pytest.mark.parametrize("name,langs,size,problem", [
    ("nothing", ("en",), "", "unknown artefact"),
    ("poster", ("en",), "a0", "poster comes in a4, a3"),
    ("cps-booklet", ("cy", "en"), "", "one language at a time"),
    ("cps-booklet", ("ar",), "", "prints in cy or en"),
    ("cps-booklet", ("en",), "a3", "a4, a5"),
])
def test_options_a_printable_does_not_take(service, name, langs, size, problem):
    with pytest.raises(PrintOptionError, match=problem):
        service.build(name, langs, size, base_url="https://routemap.example.org")
