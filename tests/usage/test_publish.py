"""Suppression: small counts withheld, and no total that gives one back by subtraction."""
from __future__ import annotations

from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routemap.usage.events import family
from routemap.usage.publish import FEWER, SHOWN, WITHHELD, months_between, publish
from routemap.usage.store import Row

T = 10
M = "2026-11"


def rows(measure, **counts):
    return [Row(M, measure, b.replace("_", "-"), n) for b, n in counts.items()]


def feasible_values(published, raw_rows):
    """For every hidden count, the values a reader could still give it, worked out from
    everything published: counts shown, totals shown, the "fewer than" and "withheld"
    labels, and the fact that tables of one family add up to the same total.

    Exact for this table shape: in a family, each table's hidden counts add up to the
    (same) total minus what the table shows; "fewer" is 1..T-1 and "withheld" T or more.
    Returns {(measure, breakdown): set of values}; for a withheld count only its true
    value and its neighbours are tried (enough to say whether it is pinned down).
    """
    cap = 2000
    true = {(r.measure, r.breakdown): r.count for r in raw_rows}
    by_family = defaultdict(list)
    for table in published.tables:
        if table.month == M and family(table.measure):
            by_family[family(table.measure)].append(table)
    result = {}
    for tables in by_family.values():
        known = {t.total for t in tables if t.total is not None}
        totals = range(1, cap)
        ranges = []
        for t in tables:
            if t.all_fewer:
                ranges.append((t, 1, None))  # values not listed: at least one, no upper bound
                continue
            shown = sum(c.count for c in t.cells if c.status == SHOWN)
            fewer = sum(1 for c in t.cells if c.status == FEWER)
            withheld = sum(1 for c in t.cells if c.status == WITHHELD)
            low = shown + fewer + withheld * T
            high = None if withheld else shown + fewer * (T - 1)
            ranges.append((t, low, high))
        possible_totals = [x for x in totals if all(x >= lo and (hi is None or x <= hi) for _, lo, hi in ranges)
                           and (not known or x in known)]
        for t, _, _ in ranges:
            if t.all_fewer:
                continue
            shown = sum(c.count for c in t.cells if c.status == SHOWN)
            hidden = [c for c in t.cells if c.status != SHOWN]
            for cell in hidden:
                others = [c for c in hidden if c is not cell]
                o_low = sum(1 if c.status == FEWER else T for c in others)
                o_high = None if any(c.status == WITHHELD for c in others) else sum(T - 1 for c in others)
                values = (range(1, T) if cell.status == FEWER else
                          [v for v in range(true[(t.measure, cell.breakdown)] - 1, true[(t.measure, cell.breakdown)] + 2) if v >= T])
                result[(t.measure, cell.breakdown)] = {
                    v for v in values
                    if any(total - shown - v >= o_low and (o_high is None or total - shown - v <= o_high)
                           for total in possible_totals)}
    return result


def test_the_subtraction_case():
    """Total 38 with 20 and 15 shown would give the hidden 3 back: 38 - 20 - 15. With
    only 15 withheld as well, 38 - 20 = 18 = x + (15 or more) would still say x <= 8."""
    raw = rows("outcome:possible-victim", call_999=3, adult_nrm_referral=20, no_clear_signs=15)
    raw += rows("language:possible-victim", en=38)
    published = publish(raw, [M], T)
    outcomes = published.table(M, "outcome:possible-victim")
    status = {c.breakdown: c.status for c in outcomes.cells}
    assert status == {"call-999": FEWER, "adult-nrm-referral": WITHHELD, "no-clear-signs": WITHHELD}
    assert outcomes.total == 38 and published.table(M, "language:possible-victim").total == 38
    assert feasible_values(published, raw)[("outcome:possible-victim", "call-999")] == set(range(1, T))


def test_when_the_total_cannot_be_shown_safely_it_is_withheld_everywhere():
    """13 = 3 + 10: with the total shown, no other count can hide the 3; so the total is
    withheld, and the only English count too, or it would give the total back."""
    raw = rows("outcome:possible-victim", call_999=3, no_clear_signs=10) + rows("language:possible-victim", en=13)
    published = publish(raw, [M], T)
    assert published.table(M, "outcome:possible-victim").total is None
    assert published.table(M, "language:possible-victim").total is None
    assert [c.status for c in published.table(M, "language:possible-victim").cells] == [WITHHELD]
    assert feasible_values(published, raw)[("outcome:possible-victim", "call-999")] == set(range(1, T))


def test_without_secondary_suppression_the_audit_finds_the_hidden_count():
    """The audit itself can fail: with only the 3 hidden and the total shown, it finds 3."""
    from dataclasses import replace
    raw = rows("outcome:possible-victim", call_999=3, adult_nrm_referral=20, no_clear_signs=15)
    true = {r.breakdown: r.count for r in raw}
    published = publish(raw, [M], T)
    naive = replace(published, tables=tuple(
        replace(t, total=38, cells=tuple(replace(c, status=SHOWN, count=true[c.breakdown]) if c.status == WITHHELD
                                         else c for c in t.cells)) for t in published.tables))
    assert feasible_values(naive, raw)[("outcome:possible-victim", "call-999")] == {3}


def test_counts_below_the_threshold_are_fewer_and_totals_shown_when_nothing_is_hidden():
    published = publish(rows("outcome:possible-victim", call_999=12, no_clear_signs=10)
                        + rows("language:possible-victim", en=15, cy=7), [M], T)
    assert [c.status for c in published.table(M, "language:possible-victim").cells] == [WITHHELD, FEWER]
    published = publish(rows("outcome:possible-victim", call_999=12, no_clear_signs=10)
                        + rows("language:possible-victim", en=12, cy=10), [M], T)
    assert published.table(M, "outcome:possible-victim").total == 22
    assert all(c.status == SHOWN for t in published.tables for c in t.cells)


def test_a_table_of_small_counts_in_a_family_does_not_list_them():
    """Nine outcomes reached once each, all in English: listing nine 'fewer than 10'
    would say the total is at least 9, and the one language count is below 10: 9 exactly."""
    raw = [Row(M, "outcome:possible-victim", f"o{i}", 1) for i in range(9)] + rows("language:possible-victim", en=9)
    published = publish(raw, [M], T)
    assert published.table(M, "outcome:possible-victim").all_fewer
    assert published.table(M, "language:possible-victim").all_fewer


def test_kinds_have_no_total_and_need_no_secondary_suppression():
    published = publish(rows("exploitation:possible-victim", labour=30, sexual=4), [M], T)
    table = published.table(M, "exploitation:possible-victim")
    assert not table.has_total and [c.status for c in table.cells] == [SHOWN, FEWER]


def test_the_threshold_is_never_below_five():
    with pytest.raises(ValueError):
        publish([], [M], 4)
    published = publish(rows("area:possible-victim", cardiff=5, gwynedd=5), [M], 5)
    assert [c.count for c in published.table(M, "area:possible-victim").cells] == [5, 5]


def test_months_between_crosses_the_year():
    assert months_between("2026-11", "2027-02") == ["2026-11", "2026-12", "2027-01", "2027-02"]


counts = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(1, 40), min_size=1)


@settings(max_examples=300, deadline=None)
@given(outcomes=counts, languages=counts)
def test_no_hidden_count_can_be_worked_out(outcomes, languages):
    """Whatever the counts, every hidden one could still be any value its label allows
    ("fewer than 10": 1 to 9), from everything the tables publish."""
    # Both tables count the same events: make them add up to the same total.
    total_o, total_l = sum(outcomes.values()), sum(languages.values())
    if total_o != total_l:
        first = sorted(languages)[0]
        languages[first] += total_o - total_l
        if languages[first] <= 0:
            return
    raw = [Row(M, "outcome:possible-victim", b, n) for b, n in outcomes.items()]
    raw += [Row(M, "language:possible-victim", b, n) for b, n in languages.items()]
    published = publish(raw, [M], T)
    for key, values in feasible_values(published, raw).items():
        status = next(c.status for t in published.tables for c in t.cells if (t.measure, c.breakdown) == key)
        if status == FEWER:
            assert values == set(range(1, T)), (key, sorted(values), outcomes, languages)
        else:
            assert len(values) > 1, (key, outcomes, languages)


@settings(max_examples=200, deadline=None)
@given(areas=st.dictionaries(st.sampled_from(["cardiff", "gwynedd", "powys", "conwy", "newport", "torfaen"]),
                             st.integers(1, 30), min_size=1))
def test_no_hidden_area_count_can_be_worked_out(areas):
    raw = [Row(M, "area:possible-victim", b, n) for b, n in areas.items()]
    published = publish(raw, [M], T)
    table = published.table(M, "area:possible-victim")
    for key, values in feasible_values(published, raw).items():
        status = next(c.status for c in table.cells if c.breakdown == key[1])
        assert values == set(range(1, T)) if status == FEWER else len(values) > 1, (key, areas)
