"""The reviewed search vocabulary: flows/cps/search-terms.yaml read and checked.

Which words search ignores, which words mean the same to a prosecutor, and which Welsh
word forms belong together are content decisions, not code: each entry says why, so a
lawyer or translator can review it. The loader is strict like the rest of the content;
every problem is reported at once as `flows/cps/search-terms.yaml:LINE: entry: problem (fix)`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .validate import Checker, open_checked
from .yamlsource import LDict, Problem, display_path

SEARCH_TERMS_PATH = Path("cps") / "search-terms.yaml"  # relative to the flows folder
LANGUAGES = ("en", "cy")
_WORD = re.compile(r"[^\W_]+")  # the languages with a reviewed vocabulary; others use English

FILE_KEYS = {"stop_words": ("mapping", True), "synonyms": ("list", True), "lemmas": ("list", True)}
STOP_KEYS = {"words": ("strs", True), "why": ("str", True)}
SYNONYM_KEYS = {"lang": ("str", True), "terms": ("strs", True), "also": ("strs", False), "why": ("str", True)}
LEMMA_KEYS = {"lemma": ("str", True), "forms": ("strs", True), "why": ("str", True)}


@dataclass(frozen=True)
class Synonym:
    """Query words that mean the same (`terms`, each finds the others) and one-way
    additions (`also`: a query for a term also looks for these, not the reverse)."""

    lang: str
    terms: tuple[str, ...]
    also: tuple[str, ...] = ()
    why: str = ""
    line: int = 0


@dataclass(frozen=True)
class Lemma:
    """Welsh forms of one word, given unmutated; mutated forms are folded by search."""

    lemma: str
    forms: tuple[str, ...]
    why: str = ""
    line: int = 0


@dataclass(frozen=True)
class SearchTerms:
    stop_words: dict  # lang -> frozenset of words (lowercase, as written)
    synonyms: tuple[Synonym, ...] = ()
    lemmas: tuple[Lemma, ...] = ()
    file: str = "flows/cps/search-terms.yaml"


EMPTY = SearchTerms(stop_words={lang: frozenset() for lang in LANGUAGES})


def check_search_terms(flows_dir: Path | str) -> tuple[SearchTerms | None, list[Problem]]:
    """Read and check the vocabulary file; (terms or None, every problem)."""
    path = Path(flows_dir) / SEARCH_TERMS_PATH
    tree, c = open_checked(path, FILE_KEYS, "the search terms file")
    if tree is None:
        return None, c.problems

    stop_words: dict[str, frozenset[str]] = {}
    if c.mapping(tree["stop_words"], {lang: ("mapping", True) for lang in LANGUAGES}, "stop_words", "stop_words"):
        for lang in LANGUAGES:
            group = tree["stop_words"][lang]
            if c.mapping(group, STOP_KEYS, f"stop_words {lang}", "a stop word list"):
                stop_words[lang] = frozenset(str(w).strip().lower() for w in group["words"])
                _no_duplicates(c, group["words"], f"stop_words {lang}", group.line_of("words"))

    synonyms: list[Synonym] = []
    seen_terms: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(tree["synonyms"]):
        label = f"synonym {_first(raw, 'terms') or index + 1}"
        if not c.mapping(raw, SYNONYM_KEYS, label, "a synonym entry"):
            continue
        if raw["lang"] not in LANGUAGES:
            c.add(raw.line_of("lang"), label, f"lang must be one of {', '.join(LANGUAGES)}, not {raw['lang']!r}",
                  "write lang: en or lang: cy")
            continue
        for term in (*raw["terms"], *(raw.get("also") or ())):
            if stop_words.get(raw["lang"]) is not None and _only_stop_words(str(term), stop_words[raw["lang"]]):
                c.add(raw.line_of("terms"), label, f"'{term}' has only stop words, so it can never match",
                      "use a word that search looks for, or remove it")
        for term in raw["terms"]:
            key = (str(raw["lang"]), str(term).strip().lower())
            if key in seen_terms:
                c.add(raw.line_of("terms"), label, f"'{term}' is already a term of the entry on line {seen_terms[key]}",
                      "merge the two entries, so one query word has one meaning")
            seen_terms.setdefault(key, raw.line)
        synonyms.append(Synonym(lang=str(raw["lang"]), terms=tuple(str(t) for t in raw["terms"]),
                                also=tuple(str(t) for t in raw.get("also") or ()), why=str(raw["why"]),
                                line=raw.line))

    lemmas: list[Lemma] = []
    seen_forms: dict[str, int] = {}
    for index, raw in enumerate(tree["lemmas"]):
        label = f"lemma {raw.get('lemma') if isinstance(raw, LDict) and isinstance(raw.get('lemma'), str) else index + 1}"
        if not c.mapping(raw, LEMMA_KEYS, label, "a lemma entry"):
            continue
        for form in (raw["lemma"], *raw["forms"]):
            if " " in str(form).strip():
                c.add(raw.line_of("forms"), label, f"'{form}' is more than one word",
                      "a lemma groups forms of one word; put phrases in synonyms")
            key = str(form).strip().lower()
            if key in seen_forms and seen_forms[key] != raw.line:
                c.add(raw.line_of("forms"), label, f"'{form}' is already a form of the lemma on line {seen_forms[key]}",
                      "a form can belong to one lemma only")
            seen_forms.setdefault(key, raw.line)
        lemmas.append(Lemma(lemma=str(raw["lemma"]), forms=tuple(str(f) for f in raw["forms"]),
                            why=str(raw["why"]), line=raw.line))

    if c.problems:
        return None, c.problems
    return SearchTerms(stop_words=stop_words, synonyms=tuple(synonyms), lemmas=tuple(lemmas),
                       file=display_path(path)), []


def _only_stop_words(text: str, stop_words: frozenset[str]) -> bool:
    words = _WORD.findall(text.lower())
    return all(w in stop_words or len(w) == 1 for w in words)


def _first(raw, key: str) -> str:
    if isinstance(raw, LDict) and isinstance(raw.get(key), list) and raw[key] and isinstance(raw[key][0], str):
        return str(raw[key][0])
    return ""


def _no_duplicates(c: Checker, words, node: str, line: int) -> None:
    seen: set[str] = set()
    for word in words:
        key = str(word).strip().lower()
        if key in seen:
            c.add(line, node, f"'{word}' is listed twice", "remove one of them")
        seen.add(key)
