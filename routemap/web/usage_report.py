"""`flask --app app routemap usage --out DIR`: the published figures for the forum.

Glue only: routemap/usage publishes (suppression), writes the CSV and draws the charts;
this module names things in Welsh and English with the app's catalogs and content, and
renders the report (templates/usage/report.html) to HTML and, with the print engine,
to PDF. Welsh comes first, as in every bilingual print.
"""
from __future__ import annotations

import base64
import csv
from pathlib import Path

from contextlib import contextmanager

from flask import current_app, g, render_template
from markupsafe import Markup

from ..printing.render import render_pdf
from ..usage import charts
from ..usage.publish import FEWER, SHOWN, WITHHELD, Published
from ..usage.store import current_month
from ..translator import Translator
from .language import translators
from .state import state
from .usage import KINDS, counter

REPORT_LANGUAGES = ("cy", "en")  # Welsh first


def write_csv(published: Published, path: Path) -> None:
    """Tidy: one row per month x measure x breakdown (and the family total, where shown)."""
    fewer = f"fewer than {published.threshold}"
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["month", "measure", "breakdown", "count"])
        for table in published.tables:
            if table.all_fewer:
                out.writerow([table.month, table.measure, "every-value", fewer])
            for cell in table.cells:
                value = {SHOWN: cell.count, FEWER: fewer, WITHHELD: "withheld"}[cell.status]
                out.writerow([table.month, table.measure, cell.breakdown, value])
            if table.has_total:
                out.writerow([table.month, table.measure, "total",
                              table.total if table.total is not None else "withheld"])


def measure_title(measure: str, t: Translator) -> str:
    """The measure's title in t's language."""
    what, _sep, subject = measure.partition(":")
    _ = t.gettext
    if what == "print":
        return _("Prints downloaded, by language: %(name)s", name=print_name(subject, t))
    flow = state().content.flows.get(subject)
    name = t.text(flow.title) if flow else subject
    return {
        "outcome": _("Outcomes reached: %(guide)s", guide=name),
        "language": _("Outcomes reached, by language of the guide: %(guide)s", guide=name),
        "exploitation": _("Kinds of exploitation named on the way to an outcome: %(guide)s", guide=name),
        "area": _("Local contacts asked for, by council area: %(guide)s", guide=name),
    }[what]


def print_name(artefact: str, t: Translator) -> str:
    _ = t.gettext
    return {
        "poster": _("Poster: spot the signs, get help"),
        "victim-leaflet": _("Leaflet for people who may be victims"),
        "route-map": _("Route map chart for professionals"),
        "professional-leaflet": _("Leaflet for professionals: what to do"),
        "cps-booklet": _("Booklet for CPS staff"),
        "record": _("Record of a route through the guide"),
    }.get(artefact, artefact)


def breakdown_label(measure: str, value: str, t: Translator) -> str:
    """A breakdown value's name in t's language."""
    what, _sep, subject = measure.partition(":")
    content = state().content
    languages = state().languages
    if what == "outcome":
        node = content.flows[subject].nodes.get(value) if subject in content.flows else None
        return t.text(node.title) if node is not None and hasattr(node, "title") else value
    if what == "exploitation":
        kind = current_app.extensions[KINDS].kinds.get(value)
        return t.text(kind.label) if kind else value
    if what == "area":
        area = content.areas.get(value)
        return area.name_in(t.code) if area else value
    if value == "all":
        return t.gettext("All languages")
    return " + ".join(languages[c].name if c in languages else c for c in value.split("+"))


@contextmanager
def in_language(code: str):
    """The Translator of `code`, with the templates rendered meanwhile in that language
    too (they translate through g.lang: language.translator)."""
    had, before = "lang" in g, g.get("lang")
    g.lang = code
    try:
        yield translators()[code]
    finally:
        if had:
            g.lang = before
        else:
            g.pop("lang", None)


def build(out: Path, months: list[str], threshold: int) -> dict:
    """Write usage.csv, charts/<lang>/<measure>.png|svg, report.html and report.pdf."""
    from ..usage.publish import publish

    if not counter().on:
        raise RuntimeError("counting is off: set ROUTEMAP_USAGE_STORE to the store to report on")
    published = publish(counter().store.rows(), months, threshold)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(published, out / "usage.csv")

    sections = {}  # lang -> one dict per measure: title, chart (an SVG data: URL), table
    for code in REPORT_LANGUAGES:
        with in_language(code) as t:
            _ = t.gettext
            sections[code] = []
            for measure in published.measures():
                title = measure_title(measure, t)
                text = charts.ChartText(title=title, y_label=_("Number"), hidden=_("%(n)s not shown"),
                                        others=_("%(n)s more not shown in the chart: see the table"),
                                        all_hidden=_("all fewer than %(n)s", n=published.threshold))
                _png, svg = charts.draw(published, measure, lambda b, m=measure: breakdown_label(m, b, t),
                                        text, out / "charts" / code / measure.replace(":", "-"))
                sections[code].append({
                    "title": title, "table": table_rows(published, measure, t),
                    "chart": "data:image/svg+xml;base64," + base64.b64encode(svg.read_bytes()).decode(),
                })
    halves, titles = {}, {}
    partial = months[-1] >= current_month()
    for code in REPORT_LANGUAGES:
        with in_language(code) as t:
            titles[code] = t.gettext("How the route map guide is used")
            halves[code] = Markup(render_template(
                "usage/report_half.html", sections=sections[code], months=published.months,
                threshold=published.threshold, partial=partial,
                version=state().content.version))
    html = render_template("usage/report.html", halves=halves, titles=titles)
    (out / "report.html").write_text(html, encoding="utf-8")
    (out / "report.pdf").write_bytes(render_pdf(html, current_app.static_folder))
    return {"measures": len(published.measures()), "tables": len(published.tables)}


def table_rows(published: Published, measure: str, t: Translator) -> dict:
    """Rows of breakdowns x months, each cell as text: the report's data table."""
    _ = t.gettext
    tables = {t.month: t for t in published.tables if t.measure == measure}
    breakdowns = list(dict.fromkeys(c.breakdown for t in tables.values() for c in t.cells))
    fewer = _("fewer than %(n)s", n=published.threshold)
    withheld = _("withheld")
    rows = []
    for breakdown in breakdowns:
        cells = []
        for month in published.months:
            cell = next((c for c in tables[month].cells if c.breakdown == breakdown), None) if month in tables else None
            if month in tables and tables[month].all_fewer:
                cells.append("")
                continue
            cells.append("0" if cell is None else
                         {SHOWN: str(cell.count), FEWER: fewer, WITHHELD: withheld}[cell.status])
        rows.append((breakdown_label(measure, breakdown, t), cells))
    unlisted = [m for m in published.months if m in tables and tables[m].all_fewer]
    if unlisted:
        every = _("every figure fewer than %(n)s", n=published.threshold)
        rows.append((_("Every value"), [every if m in unlisted else "" for m in published.months]))
    has_total = any(t.has_total for t in tables.values())
    total = None
    if has_total:
        total = [("0" if m not in tables else str(tables[m].total) if tables[m].total is not None else withheld)
                 for m in published.months]
    return {"rows": rows, "total": total}
