"""Search over the CPS reference guide (no Flask)."""
from __future__ import annotations

import builtins
import time
from pathlib import Path

import pytest

from routemap.reference import check_reference
from routemap.search import MAX_QUERY_TERMS, build_index, fold, query_terms, welsh_radicals

FLOWS = Path(__file__).resolve().parent.parent / "flows"


@pytest.fixture(scope="module")
def reference():
    return check_reference(FLOWS)[0]


@pytest.fixture(scope="module")
def index(reference):
    return build_index(reference)


def ids(hits):
    return [h.section_id for h in hits]


@pytest.mark.parametrize("query, lang, defining", [
    ("Schedule 4", "en", "schedule-4"),
    ("schedule 4", "cy", "schedule-4"),
    ("Atodlen 4", "cy", "schedule-4"),
    ("atodlen", "cy", "schedule-4"),
    ("duress", "en", "duress"),
    ("reparation", "en", "reparation-orders"),
    ("gwneud iawn", "cy", "reparation-orders"),
    ("Brecani", "en", "nrm-decisions"),
    ("conclusive grounds", "en", "nrm-decisions"),
    ("special measures", "en", "special-measures"),
    ("mesurau arbennig", "cy", "special-measures"),
    ("risk order", "en", "stro"),
    ("prevention order", "en", "stpo"),
    ("Cymraeg", "cy", "welsh-language"),
    ("section 45", "en", "s45-defence"),
    ("four stage", "en", "non-punishment"),
    ("repar", "en", "reparation-orders"),
])
def test_known_terms_rank_the_defining_section_first(index, query, lang, defining):
    assert ids(index.search(query, lang))[0] == defining


def test_heading_hits_rank_above_body_hits(index):
    hits = index.search("duress")
    assert hits[0].field == "title"
    assert len(hits) > 1 and all(h.field == "body" for h in hits[1:])
    assert hits[0].score > hits[1].score


def test_folding_ignores_case_and_welsh_diacritics():
    assert fold("ŵŷâêîôû") == "wyaeiou"
    assert fold("Atodlen") == fold("atodlen")
    assert query_terms("Môr-ladrata") == ("mor", "ladrata")


def test_welsh_query_without_accents_finds_accented_keyword(index):
    assert "schedule-4" in ids(index.search("mor-ladrata", "cy"))
    assert "schedule-4" in ids(index.search("môr-ladrata", "cy"))


@pytest.mark.parametrize("mutated, radical", [
    ("gyfraith", "cyfraith"), ("nghyfraith", "cyfraith"), ("chyfraith", "cyfraith"),
    ("orchymyn", "gorchymyn"), ("ddeddf", "deddf"), ("fesurau", "mesurau"), ("hamddiffyniad", "amddiffyniad"),
])
def test_welsh_mutations_are_undone(mutated, radical):
    assert radical in welsh_radicals(mutated)


def test_radical_welsh_initials_are_left_alone():
    assert not any(r.startswith("lll") for r in welsh_radicals("llafur"))
    assert welsh_radicals("rhesymol") == set()


def test_mutated_welsh_query_finds_the_radical_form(index):
    # "ei orchymyn" (his order), "gorchymyn" (order): the same word to a Welsh reader.
    assert "stpo" in ids(index.search("orchymyn atal", "cy"))
    assert ids(index.search("hamddiffyniad", "cy"))[0] == "s45-defence"


def test_welsh_index_uses_the_supplied_translation(reference):
    welsh = {"Duress at common law (stage 2)": "Gorfodaeth yn ôl y gyfraith gyffredin (cam 2)"}
    index = build_index(reference, translate=lambda lang, text: welsh.get(text, text))
    hit = index.search("cyfraith gyffredin", "cy")[0]
    assert hit.section_id == "duress" and hit.field == "title"
    assert "".join(s.text for s in hit.title) == welsh["Duress at common law (stage 2)"]
    # "cyfraith" finds the soft-mutated "gyfraith" in the heading.
    assert [s.text for s in hit.title if s.hit] == ["gyfraith", "gyffredin"]
    # English search never sees the Welsh text.
    assert index.search("gyffredin", "en") == []


def test_snippets_are_spans_that_mark_the_hits(index):
    hit = index.search("reparation")[0]
    assert "".join(s.text for s in hit.title) == "Slavery and trafficking reparation orders (section 8)"
    assert [s.text for s in hit.title if s.hit] == ["reparation"]
    assert any(s.hit for s in hit.snippet)
    assert all(fold(s.text).startswith("repar") for s in hit.snippet if s.hit)


@pytest.mark.parametrize("query", ["", "   ", "zzqqxx", "!!!", "-- ;", "\x00"])
def test_no_hit_queries_return_nothing(index, query):
    assert index.search(query) == []


def test_markup_in_a_query_is_only_words(index):
    hits = index.search("<script>alert('x')</script>")
    for hit in hits:
        for span in hit.title + hit.snippet:
            assert "<script" not in span.text


def test_very_long_queries_are_bounded_and_fast(index):
    query = " ".join(f"word{i}" for i in range(50_000)) + " duress"
    assert len(query_terms(query)) <= MAX_QUERY_TERMS
    start = time.perf_counter()
    index.search(query)
    index.search("a" * 1_000_000)
    assert time.perf_counter() - start < 0.5


def test_unknown_language_falls_back_to_english(index):
    assert ids(index.search("duress", "xx"))[0] == "duress"


def test_search_reads_no_files(index, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("search must answer from memory")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    assert index.search("Schedule 4")
