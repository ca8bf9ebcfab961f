"""The print service: every printable built one way, without Flask."""
import datetime as dt
import shutil
from dataclasses import replace

import pytest

from routemap.printing import pdfcheck, sheet
from routemap.printing.artefacts import Printer, PrintOptionError, PrintRequest
from routemap.printing.cache import PdfCache
from routemap.printing.registry import PRINTABLES, SHEETS, Artefact
from routemap.printing.service import PrintService
from routemap.translator import Translators
from routemap.yamlsource import read_yaml

from .conftest import ROOT, PlaceholderTranslators
from .placeholders import SAMPLES


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


# ---- the registry is the one place that says how a printable is built (issue 17) ----

TEST_CARD = """{% extends "print/base.html" %}
{% block title %}{{ first.text.title }}{% endblock %}
{% block body %}
{% for side in sides %}
<article class="sheet" lang="{{ side.lang }}" dir="{{ side.dir }}">
  <h1>{{ side.text.title }}</h1>
  <p>{{ side.text.body }} <span class="number">{{ numbers.helpline|ltr }}</span></p>
  <img class="qr" src="{{ side.qr }}" alt="{{ side.qr_url }}">
</article>
{% endfor %}
{% endblock %}
"""


def test_a_new_sheet_is_one_entry_one_template_and_its_strings(tmp_path, content, real_content):
    """What the print README promises: a registry entry, a template and its strings under
    `text:` are all a new sheet needs; build() makes it without a line of service.py."""
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates" / "print", templates / "print")
    (templates / "print" / "test_card.html").write_text(TEST_CARD, encoding="utf-8")
    (tmp_path / "posters.yaml").write_text(
        "text:\n  test_card:\n    title: A card the registry alone knows\n"
        "    body: Call the helpline on\n", encoding="utf-8")
    words = read_yaml(tmp_path / "posters.yaml")["text"]
    print_text = {**content, "text": {**content["text"], "test_card": words["test_card"]}}
    card = Artefact("test-card", "print/test_card.html", ("a5",), ("stacked",), 1, text="test_card")
    printer = Printer(templates, ROOT / "static", print_text, cache=PdfCache())
    translators = PlaceholderTranslators()

    service = PrintService(printer, real_content, translators, printables={**PRINTABLES, card.name: card})
    pdf = service.build("test-card", ("en", "cy"), base_url="https://routemap.example.org")
    text = " ".join(pdfcheck.text(pdf).split())
    assert "A card the registry alone knows" in text and "08000 121 700" in text
    assert text.index(SAMPLES["cy"][0]) < text.index("A card the registry alone knows")  # Welsh first
    assert set(pdfcheck.page_sizes_mm(pdf)) == {(148, 210)}
    with pytest.raises(PrintOptionError, match="unknown artefact"):  # the registry made it printable
        PrintService(printer, real_content, translators).build("test-card", ("en",))


def test_a_document_is_built_by_the_builder_its_entry_names(printer, real_content):
    seen = []

    def builder(service, request):
        seen.append((service, request))
        return b"%PDF- case notes"
    notes = Artefact("case-notes", "print/record.html", ("a4",), ("stacked",), 0, shared=False,
                     build=builder)
    service = PrintService(printer, real_content, PlaceholderTranslators(),
                           printables={**PRINTABLES, notes.name: notes})
    now = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)
    data = service.build("case-notes", ["cy", "en"], "a4", True, "side-by-side",
                         base_url="https://routemap.example.org", route="a walk", now=now,
                         practice=True)
    assert data == b"%PDF- case notes"
    assert seen == [(service, PrintRequest(notes, ("cy", "en"), "a4", True, "side-by-side",
                                           "https://routemap.example.org", "a walk", now, True))]


@pytest.mark.parametrize("name", list(PRINTABLES))
def test_build_calls_the_builder_of_every_entry_and_nothing_else(name, printer, real_content):
    """No printable is built by a branch on its name or kind: swap every entry's builder
    for a spy and build() reaches the spy, whatever the printable."""
    calls = []
    spies = {n: replace(entry, build=lambda service, request: calls.append(request.artefact.name) or b"spy")
             for n, entry in PRINTABLES.items()}
    service = PrintService(printer, real_content, PlaceholderTranslators(), printables=spies)
    assert service.build(name, ("en",)) == b"spy" and calls == [name]


def test_the_sheets_are_the_entries_the_sheet_builder_builds():
    assert set(SHEETS) == {n for n, entry in PRINTABLES.items() if entry.build is sheet.build}
    assert {"poster", "route-map", "nrm-explainer"} <= set(SHEETS)
    assert not {"cps-booklet", "route-record", "referral-sheet", "trainer-pack"} & set(SHEETS)
    assert all(entry.shared for entry in SHEETS.values())  # sheets go to the shared cache
