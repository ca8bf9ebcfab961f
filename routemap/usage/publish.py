"""The counts as they may be published: small numbers withheld, totals that cannot undo it.

Rules (README, "Usage figures"), per month:

1. A count below the threshold (10 unless configured; never below 5) is shown as
   "fewer than N" (primary suppression).
2. Measures of one family count the same events (outcomes reached, by outcome and by
   language), so each family has one total, and a table that shows all but one of its
   counts next to that total would give the last one back by subtraction. So when a
   family has a count below the threshold (secondary suppression):
   a. if it can, the total is shown and, in each table with a "fewer than N" count, the
      smallest shown counts are withheld too ("withheld") until every "fewer than N"
      could still be any value from 1 to N - 1 given the total (see _with_total);
   b. otherwise the total is withheld, and in every table of the family the smallest
      shown count is withheld as well, so no table adds up to it. A table whose every
      count is below the threshold then lists none of them ("every figure fewer than
      N"): listing k of them would say the total is at most k x (N - 1), and with the
      other table that could pin a value down.
   tests/usage/test_publish.py checks this against everything a reader can subtract.
3. Kinds of exploitation do not add up to anything (a route can name several kinds), so
   they have no total and need no secondary suppression.

Charts, CSV and the report are made from `Published` only, never from raw counts, so
nothing they show can be more exact than these tables.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .events import family
from .store import Row

DEFAULT_THRESHOLD = 10
MIN_THRESHOLD = 5

SHOWN, FEWER, WITHHELD = "shown", "fewer", "withheld"


@dataclass(frozen=True)
class Cell:
    breakdown: str
    count: int | None  # None unless status is SHOWN
    status: str


@dataclass(frozen=True)
class Table:
    month: str
    measure: str
    cells: tuple[Cell, ...]  # largest shown first, then withheld, then fewer
    total: int | None  # None when withheld, or for measures without a total
    has_total: bool
    all_fewer: bool = False  # every count below the threshold: values not listed (rule 2)

    @property
    def suppressed(self) -> int:
        return sum(1 for c in self.cells if c.status != SHOWN)


@dataclass(frozen=True)
class Published:
    threshold: int
    months: tuple[str, ...]
    tables: tuple[Table, ...]  # by measure, then month

    def measures(self) -> list[str]:
        return list(dict.fromkeys(t.measure for t in self.tables))

    def table(self, month: str, measure: str) -> Table | None:
        return next((t for t in self.tables if t.month == month and t.measure == measure), None)


def check_threshold(threshold: int) -> int:
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"the threshold must be at least {MIN_THRESHOLD}, not {threshold}")
    return threshold


def publish(rows: list[Row], months: list[str], threshold: int = DEFAULT_THRESHOLD) -> Published:
    check_threshold(threshold)
    wanted = set(months)
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in rows:
        if row.month in wanted and row.count > 0:
            counts[(row.month, row.measure)][row.breakdown] = row.count

    status = {key: {b: (SHOWN if n >= threshold else FEWER) for b, n in cells.items()}
              for key, cells in counts.items()}
    families: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for month, measure in counts:
        events = family(measure)
        if events:
            families[(month, events)].append((month, measure))
    withheld_totals, unlisted = set(), set()
    for members in families.values():
        if not any(FEWER in status[key].values() for key in members):
            continue
        plan = _with_total(members, counts, status, threshold)
        if plan is not None:  # rule 2a: the total stays, a few more counts are withheld
            for key, extra in plan.items():
                for breakdown in extra:
                    status[key][breakdown] = WITHHELD
            continue
        for key in members:  # rule 2b: the total is withheld too
            withheld_totals.add(key)
            if len(members) > 1 and set(status[key].values()) == {FEWER}:
                unlisted.add(key)
            shown = [b for b, s in status[key].items() if s == SHOWN]
            if shown:
                smallest = min(shown, key=lambda b: (counts[key][b], b))
                status[key][smallest] = WITHHELD

    tables = []
    for (month, measure), cells in counts.items():
        marks = status[(month, measure)]
        order = {SHOWN: 0, WITHHELD: 1, FEWER: 2}
        published = tuple(sorted(
            (Cell(b, n if marks[b] == SHOWN else None, marks[b]) for b, n in cells.items()),
            key=lambda c: (order[c.status], -(c.count or 0), c.breakdown)))
        has_total = family(measure) is not None
        total = sum(cells.values()) if has_total and (month, measure) not in withheld_totals else None
        if (month, measure) in unlisted:
            tables.append(Table(month, measure, (), None, has_total, all_fewer=True))
        else:
            tables.append(Table(month, measure, published, total, has_total))
    tables.sort(key=lambda t: (_measure_order(t.measure), t.measure, t.month))
    return Published(threshold, tuple(months), tuple(tables))


def _with_total(members, counts, status, threshold):
    """The counts to withhold in each table of a family so that its total can be shown,
    or None if that cannot be done.

    With the total T known, a table's hidden counts add up to S = T - what it shows.
    A "fewer than N" count x (1..N-1) can be any of those values, from a reader's point
    of view, only if the other hidden counts can make up S - x for every x: with f
    "fewer" counts (1..N-1 each) and w >= 1 "withheld" ones (N or more each), that is
    S - (N - 1) >= (f - 1) + w * N, i.e. sum(fewer) + sum(withheld - N) >= N + f - 2.
    The smallest shown counts are withheld one by one until that holds.
    """
    totals = {sum(counts[key].values()) for key in members}
    if len(totals) != 1 or totals.pop() < threshold:
        return None
    plan = {}
    for key in members:
        fewer = [n for b, n in counts[key].items() if status[key][b] == FEWER]
        if not fewer:
            plan[key] = []
            continue
        shown = sorted((b for b, st in status[key].items() if st == SHOWN), key=lambda b: (counts[key][b], b))
        slack = sum(fewer) - (threshold + len(fewer) - 2)
        extra = []
        while shown and (not extra or slack < 0):
            breakdown = shown.pop(0)
            extra.append(breakdown)
            slack += counts[key][breakdown] - threshold
        if not extra or slack < 0:
            return None
        plan[key] = extra
    return plan


def _measure_order(measure: str) -> int:
    return ["outcome", "language", "exploitation", "area", "print"].index(measure.split(":")[0])


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last inclusive, as YYYY-MM."""
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
