"""`flask routemap usage`: CSV, charts and the bilingual report, from counts made by real requests."""
from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest

from routemap.printing import pdfcheck
from routemap.usage.store import current_month, open_store
from routemap.web import create_app

MONTH = current_month()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Thirty outcomes reached in English and three in Welsh, by real requests, then the report."""
    folder = tmp_path_factory.mktemp("usage")
    app = create_app({"TESTING": True, "USAGE_STORE": f"sqlite:///{folder}/usage.db"})
    client = app.test_client()
    for lang, times in (("en", 30), ("cy", 3)):
        for _ in range(times):
            assert client.get(f"/{lang}/guide/possible-victim/danger/answer?role=health&danger=yes").status_code == 302
    for _ in range(11):
        client.get("/en/guide/possible-victim/call-999/area?role=health&danger=yes&area=cardiff")
    result = app.test_cli_runner().invoke(args=["routemap", "usage", "--out", str(folder / "out"),
                                                "--from", MONTH, "--to", MONTH])
    assert result.exit_code == 0, result.output
    return folder / "out"


def test_csv_is_tidy_and_suppressed(report):
    with (report / "usage.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["month", "measure", "breakdown", "count"]
    found = {(r["measure"], r["breakdown"]): r["count"] for r in rows}
    assert found[("outcome:possible-victim", "call-999")] == "33"
    assert found[("outcome:possible-victim", "total")] == "33"
    assert found[("language:possible-victim", "total")] == "33"
    # Welsh 3 is fewer than 10; English 30 next to the total 33 would give it back: 33 - 30.
    assert found[("language:possible-victim", "cy")] == "fewer than 10"
    assert found[("language:possible-victim", "en")] == "withheld"
    assert found[("area:possible-victim", "cardiff")] == "11"
    assert {r["month"] for r in rows} == {MONTH}


def test_a_chart_per_measure_in_welsh_and_english(report):
    for lang in ("cy", "en"):
        for measure in ("outcome-possible-victim", "language-possible-victim", "area-possible-victim"):
            png = report / "charts" / lang / f"{measure}.png"
            assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            svg = ET.parse(report / "charts" / lang / f"{measure}.svg")
            assert svg.getroot().tag.endswith("svg")
    # Text is drawn as paths in the SVG; the title is kept as the figure's description.
    assert (report / "charts" / "cy" / "area-possible-victim.png").read_bytes() != \
        (report / "charts" / "en" / "area-possible-victim.png").read_bytes()


def test_the_report_is_welsh_first_and_never_shows_a_hidden_count(report):
    html = (report / "report.html").read_text(encoding="utf-8")
    assert html.index('lang="cy"') < html.index('lang="en"')
    assert "Sut mae canllaw&#39;r map llwybr" in html or "Sut mae canllaw'r map llwybr" in html
    assert "How the route map guide is used" in html
    assert "llai na 10" in html and "fewer than 10" in html
    pdf = (report / "report.pdf").read_bytes()
    assert pdfcheck.page_count(pdf) >= 2
    text = pdfcheck.text(pdf)
    assert text.index("Fforwm Gwrthgaethwasiaeth Cymru") < text.index("Anti-Slavery Wales Forum:")
    assert "withheld" in text and "wedi'i atal" in text.replace("’", "'")


def test_refuses_a_bad_month_and_counting_off(tmp_path):
    app = create_app({"TESTING": True, "USAGE_STORE": f"sqlite:///{tmp_path}/u.db"})
    result = app.test_cli_runner().invoke(args=["routemap", "usage", "--out", str(tmp_path), "--from", "2026-13"])
    assert result.exit_code != 0 and "2026-13" in result.output
    result = app.test_cli_runner().invoke(args=["routemap", "usage", "--out", str(tmp_path), "--threshold", "4"])
    assert result.exit_code != 0 and "at least 5" in result.output
    off = create_app({"TESTING": True})
    result = off.test_cli_runner().invoke(args=["routemap", "usage", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "counting is off" in result.output
