"""A chart per measure (matplotlib: PNG and SVG), drawn from published figures only.

Bars per month for the breakdowns with the most shown counts; a count that is withheld
or fewer than the threshold has no bar (its height would give it away), and the number
of them is written under its month. The data table in the report carries the same
figures for anyone who cannot see the chart.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import matplotlib

matplotlib.use("Agg")  # no display: files only
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .publish import SHOWN, Published  # noqa: E402

MAX_SERIES = 6
# Colour-blind safe (Okabe and Ito), dark enough for text contrast on white.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
matplotlib.rcParams.update({"svg.hashsalt": "routemap", "font.family": ["DejaVu Sans"]})


@dataclass(frozen=True)
class ChartText:
    title: str
    y_label: str
    hidden: str  # "%(n)s not shown" under a month: withheld or fewer than the threshold
    others: str  # "%(n)s more not shown in the chart (see the table)"
    all_hidden: str  # under a month whose every figure is below the threshold


def draw(published: Published, measure: str, label: Callable[[str], str], text: ChartText,
         out_stem: Path) -> list[Path]:
    """Write out_stem.png and out_stem.svg; return their paths."""
    months = list(published.months)
    tables = {t.month: t for t in published.tables if t.measure == measure}
    totals: dict[str, int] = {}
    for table in tables.values():
        for cell in table.cells:
            if cell.status == SHOWN:
                totals[cell.breakdown] = totals.get(cell.breakdown, 0) + cell.count
    series = sorted(totals, key=lambda b: (-totals[b], b))[:MAX_SERIES]
    left_out = len(totals) - len(series)

    fig, ax = plt.subplots(figsize=(11, 6), dpi=150)
    width = 0.8 / max(len(series), 1)
    for i, breakdown in enumerate(series):
        xs, heights = [], []
        for m, month in enumerate(months):
            cell = next((c for c in tables[month].cells if c.breakdown == breakdown), None) if month in tables else None
            if cell is not None and cell.status == SHOWN:
                xs.append(m - 0.4 + width * (i + 0.5))
                heights.append(cell.count)
        ax.bar(xs, heights, width=width * 0.92, color=COLOURS[i % len(COLOURS)],
               label="\n".join(textwrap.wrap(label(breakdown), 60)))
    ax.set_xticks(range(len(months)))
    ticks = []
    for month in months:
        table = tables.get(month)
        hidden = table.suppressed if table else 0
        note = text.all_hidden if table and table.all_fewer else text.hidden % {"n": hidden} if hidden else ""
        # Wrapped narrow so that a year of months side by side never overlap.
        ticks.append(month + "".join("\n" + line for line in textwrap.wrap(note, 12)))
    ax.set_xticklabels(ticks, fontsize=7 if len(months) > 6 else 8)
    ax.set_xlim(-0.6, len(months) - 0.4)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(text.y_label)
    ax.set_title("\n".join(textwrap.wrap(text.title, 80)), fontsize=12, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#dddddd")
    ax.set_axisbelow(True)
    if series:
        # Below the bars, so the months keep the whole width.
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.16), ncol=2, fontsize=8, frameon=False)
    if left_out:
        fig.text(0.01, 0.01, text.others % {"n": left_out}, fontsize=8)
    fig.tight_layout()
    out_stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [out_stem.with_suffix(".png"), out_stem.with_suffix(".svg")]
    fig.savefig(paths[0], metadata={"Software": None})
    fig.savefig(paths[1], metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return paths
