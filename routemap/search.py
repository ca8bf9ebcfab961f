"""Full-text search over the CPS reference guide, in English and Welsh.

The index is built once at start-up from the loaded reference (and, for Welsh, from the
translated text the app supplies); a query only looks things up in memory.

Matching folds case and diacritics ("Atodlen" = "atodlen", "ŵ" = "w"), so a Welsh
speaker typing without accents still finds the text. In Welsh, initial mutations are
undone on both sides, so "cyfraith" finds "gyfraith" and "gorchymyn" finds "orchymyn". Hits in a heading, citation or
keyword outrank hits in the body, and a section that matches every word of the query
outranks one that matches only some. Results carry highlight spans, not HTML, so the
template escapes everything it shows.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from routemap.reference import Reference, Section, markdown_to_text

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
MIN_PREFIX = 3  # "repar" finds "reparation"; shorter prefixes match too much
SNIPPET_CHARS = 180

# Heading hits first, then the citation, then the author's keywords, then the body.
WEIGHTS = {"title": 10.0, "citation": 8.0, "keywords": 6.0, "english": 3.0, "body": 1.0}
PREFIX_FACTOR = 0.5
MUTATION_FACTOR = 0.8  # a match through a Welsh mutation is nearly as good as exact

Translate = Callable[[str, str], str]
"""translate(lang, english_text) -> text in `lang` (English if no translation exists)."""

_WORD = re.compile(r"[^\W_]+")
_SECTION_NUMBER = re.compile(r"^s(\d+[a-z]?)$")  # "s45" also answers "45" / "section 45"


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of a word: "Ŵyr" -> "wyr"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """(folded word, start, end) for every word in `text`; offsets index `text` itself."""
    for match in _WORD.finditer(text):
        word = fold(match.group())
        yield word, match.start(), match.end()
        number = _SECTION_NUMBER.match(word)
        if number:
            yield number.group(1), match.start(), match.end()


def query_terms(query: str) -> tuple[str, ...]:
    """The distinct folded words of a query, in order, bounded in number and length."""
    query = unicodedata.normalize("NFC", query or "")[:MAX_QUERY_CHARS]
    seen: list[str] = []
    for word, _start, _end in tokens(query):
        if word not in seen:
            seen.append(word)
        if len(seen) == MAX_QUERY_TERMS:
            break
    return tuple(seen)


# Welsh initial mutations: a mutated initial and the radical initials it can come from.
# "gyfraith" is "cyfraith" after soft mutation; "orchymyn" is "gorchymyn"; "nghyfraith",
# "chyfraith" are nasal and aspirate forms. Longest prefixes first.
_MUTATIONS = (
    ("ngh", ("c",)), ("mh", ("p",)), ("nh", ("t",)), ("ng", ("g",)),
    ("ch", ("c",)), ("ph", ("p",)), ("th", ("t",)), ("dd", ("d",)),
    ("g", ("c",)), ("b", ("p",)), ("d", ("t",)), ("f", ("b", "m")),
    ("l", ("ll",)), ("r", ("rh",)), ("m", ("b",)), ("n", ("d",)),
)
_VOWELS = "aeiouwy"


def welsh_radicals(word: str) -> set[str]:
    """Possible unmutated forms of a (folded) Welsh word, not including the word itself."""
    found: set[str] = set()
    if len(word) < 3 or word.isdigit():
        return found
    for mutated, radicals in _MUTATIONS:
        if word.startswith(mutated):
            rest = word[len(mutated):]
            if mutated in ("l", "r") and rest[:1] in ("l", "h"):
                continue  # "ll", "rh" are radicals themselves
            found.update(r + rest for r in radicals)
            break
    if word[0] in _VOWELS:
        found.add("g" + word)  # soft mutation drops an initial g
    if word[0] == "h" and word[1] in _VOWELS:
        found.add(word[1:])  # h- prefixed to a vowel
    return found


def _variants_en(word: str) -> dict[str, float]:
    return {word: 1.0}


def _variants_cy(word: str) -> dict[str, float]:
    variants = {r: MUTATION_FACTOR for r in welsh_radicals(word)}
    variants[word] = 1.0
    return variants


@dataclass(frozen=True)
class Span:
    text: str
    hit: bool = False


@dataclass(frozen=True)
class Hit:
    section_id: str
    score: float
    matched: int  # how many of the query's words this section matched
    title: tuple[Span, ...]  # the heading with the matched words marked
    snippet: tuple[Span, ...]  # a passage around the first body (or keyword) match
    field: str  # where the best match was: title, citation, keywords, english or body
    snippet_starts_mid: bool = False
    snippet_ends_mid: bool = False


@dataclass(frozen=True)
class _Doc:
    section_id: str
    order: int
    fields: dict  # field name -> text in this language


class SearchIndex:
    """In-memory inverted index, one per language; build once, query many times."""

    def __init__(self, reference: Reference, languages: Iterable[str] = ("en", "cy"),
                 translate: Translate | None = None):
        self._docs: dict[str, list[_Doc]] = {}
        # postings[lang][key][section order][field] = [count, best factor]
        self._postings: dict[str, dict[str, dict[int, dict[str, list]]]] = {}
        self._vocab: dict[str, list[str]] = {}
        self._variants: dict[str, Callable[[str], dict[str, float]]] = {}
        for lang in languages:
            variants = _variants_cy if lang == "cy" else _variants_en
            docs = [_Doc(s.id, i, _fields(s, lang, translate)) for i, s in enumerate(reference.sections)]
            postings: dict[str, dict[int, dict[str, list]]] = {}
            for doc in docs:
                for field, text in doc.fields.items():
                    for word, _s, _e in tokens(text):
                        for key, factor in variants(word).items():
                            entry = postings.setdefault(key, {}).setdefault(doc.order, {}).setdefault(field, [0, 0.0])
                            entry[0] += 1
                            entry[1] = max(entry[1], factor)
            self._docs[lang] = docs
            self._postings[lang] = postings
            self._vocab[lang] = sorted(postings)
            self._variants[lang] = variants

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._docs)

    def search(self, query: str, lang: str = "en", limit: int = 20) -> list[Hit]:
        """Sections matching `query`, best first. Unknown languages search English."""
        if lang not in self._docs:
            lang = "en" if "en" in self._docs else next(iter(self._docs))
        terms = query_terms(query)
        if not terms:
            return []
        postings, vocab, docs = self._postings[lang], self._vocab[lang], self._docs[lang]
        variants = self._variants[lang]
        keys = tuple(k for t in terms for k in variants(t))  # for highlighting

        scores: dict[int, float] = {}
        matched: dict[int, int] = {}
        best_field: dict[int, tuple[float, str]] = {}
        for term in terms:
            per_doc: dict[int, float] = {}
            expanded: dict[str, float] = {}
            for key, qfactor in variants(term).items():
                for word, factor in self._expand(key, vocab):
                    expanded[word] = max(expanded.get(word, 0.0), qfactor * factor)
            for word, factor in expanded.items():
                for order, counts in postings[word].items():
                    for field, (count, ifactor) in counts.items():
                        weight = WEIGHTS[field] * factor * ifactor
                        # Repeats in the body help a little; one heading hit is worth more.
                        value = weight * (1 + min(count - 1, 4) * 0.1)
                        if value > per_doc.get(order, 0.0):
                            per_doc[order] = value
                        if weight > best_field.get(order, (0.0, ""))[0]:
                            best_field[order] = (weight, field)
            for order, value in per_doc.items():
                scores[order] = scores.get(order, 0.0) + value
                matched[order] = matched.get(order, 0) + 1

        # A heading or keyword containing the whole query as a phrase is the defining place.
        phrase = " ".join(terms)
        if len(terms) > 1:
            for order in scores:
                fields = docs[order].fields
                for field in ("title", "citation", "keywords"):
                    if phrase in " ".join(w for w, _s, _e in tokens(fields.get(field, ""))):
                        scores[order] += WEIGHTS[field]
                        break

        # If some sections contain every word, show only those (what people expect of
        # a multi-word query); otherwise fall back to the best partial matches.
        if len(terms) > 1 and any(m == len(terms) for m in matched.values()):
            scores = {o: v for o, v in scores.items() if matched[o] == len(terms)}
        ranked = sorted(scores, key=lambda o: (-matched[o], -scores[o], o))[:max(limit, 0)]
        hits = []
        for order in ranked:
            doc = docs[order]
            snippet, starts_mid, ends_mid = _snippet(doc.fields, keys, variants)
            hits.append(Hit(
                section_id=doc.section_id, score=round(scores[order], 3), matched=matched[order],
                title=tuple(_highlight(doc.fields["title"], keys, variants)), snippet=snippet,
                field=best_field[order][1], snippet_starts_mid=starts_mid, snippet_ends_mid=ends_mid,
            ))
        return hits

    @staticmethod
    def _expand(term: str, vocab: list[str]) -> list[tuple[str, float]]:
        """Index words a query word matches: itself, and (if long enough) words it begins."""
        found = []
        start = bisect.bisect_left(vocab, term)
        for word in vocab[start:]:
            if not word.startswith(term):
                break
            if word == term:
                found.append((word, 1.0))
            elif len(term) >= MIN_PREFIX:
                found.append((word, PREFIX_FACTOR))
        return found


def build_index(reference: Reference, languages: Iterable[str] = ("en", "cy"),
                translate: Translate | None = None) -> SearchIndex:
    return SearchIndex(reference, languages, translate)


def _fields(section: Section, lang: str, translate: Translate | None) -> dict[str, str]:
    def tr(text: str) -> str:
        return translate(lang, text) if translate and lang != "en" else text

    fields = {
        "title": tr(section.title),
        "citation": tr(section.citation),
        # Author keywords exist in English and Welsh; other languages rely on translation
        # of the text plus the English fallback below.
        "keywords": " ; ".join({"en": section.keywords, "cy": section.keywords_cy}.get(lang, ())),
        "body": markdown_to_text(tr(section.body)),
    }
    if lang != "en":
        # Welsh readers also type English legal terms ("Schedule 4", "s45"): find them,
        # below the Welsh heading and keywords.
        fields["english"] = " ; ".join((section.title, section.citation, *section.keywords))
        if not fields["keywords"]:
            fields.pop("keywords")
    return {k: unicodedata.normalize("NFC", v) for k, v in fields.items()}


def _matches(word: str, keys: tuple[str, ...], variants) -> bool:
    return any(v == k or (len(k) >= MIN_PREFIX and v.startswith(k)) for v in variants(word) for k in keys)


def _highlight(text: str, keys: tuple[str, ...], variants) -> list[Span]:
    spans: list[Span] = []
    position = 0
    for word, start, end in tokens(text):
        if start < position or not _matches(word, keys, variants):
            continue
        if start > position:
            spans.append(Span(text[position:start]))
        spans.append(Span(text[start:end], True))
        position = end
    if position < len(text):
        spans.append(Span(text[position:]))
    return spans


def _snippet(fields: dict[str, str], keys: tuple[str, ...], variants) -> tuple[tuple[Span, ...], bool, bool]:
    """A short passage of the body around the first match (the body's opening if none)."""
    body = fields.get("body", "")
    text = " ".join(body.split())
    first = next((s for w, s, _e in tokens(text) if _matches(w, keys, variants)), None)
    if first is None:
        for field in ("keywords", "english"):
            if any(_matches(w, keys, variants) for w, _s, _e in tokens(fields.get(field, ""))):
                text, first = fields[field], 0
                break
    if first is None:
        first = 0
    start = max(0, first - SNIPPET_CHARS // 3)
    if start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    return tuple(_highlight(text[start:end], keys, variants)), start > 0, end < len(text)
