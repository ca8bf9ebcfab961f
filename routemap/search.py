"""Full-text search over the CPS guide: reference sections, their entries, the CPS flows.

Ranking is SQLite FTS5's BM25 (bundled with Python) over an in-memory table per
language, with field weights: a hit in a heading counts most, then the citation and the
author's keywords, then the body. This module decides what a "word" is before FTS5 sees
it, so that the same rules apply to the text and to the query:

- case and diacritics are folded ("Atodlen" = "atodlen", "ŵ" = "w");
- stop words from the reviewed list (flows/cps/search-terms.yaml) never make a match on
  their own ("abuse of process" needs "abuse" and "process"), though a phrase with them
  in it ranks higher where it appears as written;
- section numbers are one word: "section 45", "s45", "s.45", "adran 45" are all `s45`,
  and "section 45(4)" is the phrase `s45 4`;
- in English, FTS5's Porter stemmer makes "sentenced" find "sentencing";
- in Welsh, initial mutations are folded (see welsh_key) and reviewed lemmas join the
  forms of a word ("dedfrydu", "dedfrydau" -> "dedfryd");
- reviewed synonyms widen a query ("GBH" also looks for "grievous bodily harm").

A result must match every word typed (or a synonym of it); the whole query as a phrase,
and its words close together, rank higher. Only if nothing matches are word beginnings
tried ("repar"), then results with most of the words. Sections rank a little above the
entries listed in them and the flow steps that apply them (KIND_FACTOR).

Everything is built once at start-up; a query reads memory only. Results carry
highlight spans, not HTML, so the template escapes everything it shows.
"""
from __future__ import annotations

import os
import re
import sqlite3
import threading
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .model import Checklist, Flow, Info, Outcome, Question
from .reference import Reference, markdown_to_text
from .search_terms import EMPTY, SearchTerms
from .walk import SEEN, walk

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 12
MAX_RESULTS = 20
MIN_PREFIX = 4  # letters: "repar" finds "reparation" when nothing matches whole words
SNIPPET_CHARS = 180
MAX_ROUTE_STATES = 5_000  # bounds the search for the shortest route to each flow step

COLUMNS = ("title", "citation", "keywords", "body", "english")
# BM25 weight of a match in each column: the heading defines a section, the citation
# and keywords name it, the body mentions it. "english" is the English heading, citation
# and keywords, indexed for a Welsh reader who types "Schedule 4" or "s45".
WEIGHTS = {"title": 10.0, "citation": 6.0, "keywords": 6.0, "body": 1.0, "english": 3.0}
# The reference defines the law; one line of a list in it (an entry) or a flow step that
# applies it ranks a little lower where both match as well.
KIND_FACTOR = {"section": 1.0, "entry": 0.9, "flow": 0.7}
# A one-way synonym ("cannabis" also looks for "criminal exploitation") counts for less
# than the words typed, so a section that has them stays above one that is only related.
ALSO_WEIGHT = 0.3
NEAR_TOKENS = 6  # words this close to each other rank higher ("plentyn ... a fasnachwyd")
PART_SEPARATOR = " · "  # between the parts of a flow step (hint, answers...) in a snippet

Translate = Callable[[str, str], str]
"""translate(lang, english_text) -> text in `lang` (the English itself if untranslated)."""

_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"^\d+[a-z]?$")  # 45, 8a
_SECTION_REF = re.compile(r"^ss?(\d+[a-z]?)$")  # s45, ss1, s8a
_WHOLE = re.compile(r"^ws\d")  # the key added after a section cited whole
SECTION_WORDS = frozenset({"s", "ss", "section", "sections", "adran", "adrannau", "hadran"})
LIST_WORDS = frozenset({"and", "or", "to", "a", "ac", "neu", "i"})  # "sections 14 and 15"
_VOWELS = "aeiouwy"


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of a word: "Ŵyr" -> "wyr"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


# Welsh initial mutations change the first sound of a word after certain words: "cyfraith"
# (law) is "gyfraith", "nghyfraith" or "chyfraith"; "gorchymyn" (order) is "orchymyn".
# Every initial a radical can mutate to, and every radical a mutated initial can come
# from, shares one class, so all forms of a word get the same key. Soft mutation drops
# an initial g, so vowel-initial words join the c/g class; "h" before a vowel (as in
# "ei hamddiffyniad") is dropped. Longest initials first; "ff" is its own letter.
_MUTATION_CLASSES = (
    ("ngh", "qc"), ("ng", "qc"), ("ch", "qc"), ("c", "qc"), ("g", "qc"),
    ("mh", "qp"), ("ph", "qp"), ("p", "qp"), ("b", "qp"), ("m", "qp"),
    ("nh", "qt"), ("th", "qt"), ("dd", "qt"), ("t", "qt"), ("d", "qt"), ("n", "qt"),
    ("ll", "ql"), ("l", "ql"), ("rh", "qr"), ("r", "qr"),
)


_MUTATION_CLASS = re.compile(r"^q[cptlr]")  # the start of a Welsh key, not a letter typed


def welsh_key(word: str) -> str:
    """The same key for a folded Welsh word and its mutated forms ("q" never starts Welsh).

    welsh_key("gyfraith") == welsh_key("cyfraith") == welsh_key("nghyfraith").
    The price is that a few unrelated words share a key (e.g. "cam" and "am"), which
    costs a little precision and never loses a match.
    """
    if len(word) < 2 or not word[0].isalpha() or word.startswith("ff"):
        return word
    if word[0] == "f":
        return "qp" + word[1:]
    if word[0] == "h" and word[1] in _VOWELS:
        return "qc" + word[1:]
    if word[0] in _VOWELS:
        return "qc" + word
    for initial, key in _MUTATION_CLASSES:
        if word.startswith(initial):
            return key + word[len(initial):]
    return word


@dataclass(frozen=True)
class Token:
    key: str  # what is indexed (FTS5 stems it further in English)
    start: int  # offsets in the analysed text, for highlights
    end: int
    stop: bool = False  # a stop word: kept for phrases, never a match on its own
    section_word: bool = False  # "section"/"s" just before a section number
    section: bool = False  # a section number: "s45"
    subsection: bool = False  # the "4" of "45(4)"
    whole: bool = False  # added after a section cited whole ("s45", not "s45(4)"), see tokens()


class Analyzer:
    """Turns text into Tokens, the same way for the index and for queries."""

    def __init__(self, lang: str, terms: SearchTerms = EMPTY):
        self.lang = "cy" if lang == "cy" else "en"
        self.stop_words = terms.stop_words.get(self.lang, frozenset())
        self.lemmas: dict[str, str] = {}
        if self.lang == "cy":
            for lemma in terms.lemmas:
                target = welsh_key(fold(lemma.lemma))
                for form in (lemma.lemma, *lemma.forms):
                    self.lemmas[welsh_key(fold(form.strip()))] = target

    def key(self, word: str) -> str:
        if self.lang == "cy":
            key = welsh_key(word)
            return self.lemmas.get(key, key)
        return word

    def tokens(self, text: str) -> list[Token]:
        words = [(fold(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]
        tokens: list[Token] = []
        in_list = False  # after a section number: "ss5, 16 and 18" are sections too
        for i, (word, start, end) in enumerate(words):
            previous = words[i - 1][0] if i else ""
            gap = text[words[i - 1][2]:start] if i else ""
            ref = _SECTION_REF.match(word)
            if ref:
                tokens.append(Token("s" + ref.group(1), start, end, section=True))
                in_list = True
            elif _NUMBER.match(word):
                after_section = previous in SECTION_WORDS and "(" not in gap
                listed = in_list and (gap.strip() in (",", "-", "–") or previous in LIST_WORDS) and "(" not in gap
                if after_section or listed:
                    if after_section and tokens:
                        tokens[-1] = Token(tokens[-1].key, tokens[-1].start, tokens[-1].end, stop=True, section_word=True)
                    tokens.append(Token("s" + word, start, end, section=True))
                    in_list = True
                else:
                    sub = in_list and gap.strip() == "(" and bool(tokens) and (tokens[-1].section or tokens[-1].subsection)
                    tokens.append(Token(word, start, end, subsection=sub))
                    in_list = sub
            else:
                stop = word in self.stop_words or len(word) == 1
                tokens.append(Token(word if stop else self.key(word), start, end, stop=stop))
                in_list = in_list and word in LIST_WORDS
        # A section cited whole ("section 45", not "section 45(7)") is followed by an extra
        # key, "ws45": a search for section 45 also looks for it, so the text about the
        # whole section ranks above text about one of its subsections.
        marked: list[Token] = []
        for i, token in enumerate(tokens):
            marked.append(token)
            if token.section and not (i + 1 < len(tokens) and tokens[i + 1].subsection):
                marked.append(Token("w" + token.key, token.start, token.end, whole=True))
        return marked

    def phrase(self, text: str) -> tuple[str, ...]:
        """The keys of `text` as a phrase to look for, as they are indexed (section words
        dropped: "section 45" and "s45" are the same phrase)."""
        return tuple(t.key for t in self.tokens(text) if not t.section_word)


@dataclass(frozen=True)
class Doc:
    """One search result: a reference section, an entry of one, or a step of a flow."""

    id: str  # the section or entry id, or "flow-id/node-id" ("flow-id/" for its start)
    kind: str  # "section", "entry" or "flow"
    title: str  # Text values: they carry their translation context
    citation: str = ""
    keywords: tuple[str, ...] = ()
    keywords_cy: tuple[str, ...] = ()
    body: tuple[str, ...] = ()  # Markdown parts
    section_id: str | None = None  # the section, or the entry's section
    flow_id: str | None = None
    node_id: str | None = None  # None: the flow's start page
    answers: tuple[tuple[str, tuple[str, ...]], ...] = ()  # the shortest route to the step
    needs_verification: bool = False


@dataclass(frozen=True)
class Span:
    text: str
    hit: bool = False


@dataclass(frozen=True)
class Hit:
    doc: Doc
    score: float
    title: tuple[Span, ...]  # the heading with the matched words marked
    snippet: tuple[Span, ...]  # a passage around the first match in the body (or keywords)
    field: str  # the most heavily weighted column that matched
    title_lang: str  # the language the heading is shown in ("en" where untranslated)
    snippet_lang: str
    snippet_starts_mid: bool = False
    snippet_ends_mid: bool = False

    @property
    def id(self) -> str:
        return self.doc.id

    @property
    def section_id(self) -> str | None:
        return self.doc.section_id


@dataclass(frozen=True)
class _Field:
    text: str  # as shown
    tokens: tuple[Token, ...]
    parts: tuple[tuple[int, bool], ...] = ()  # (offset, translated) of each part of the text

    @property
    def stream(self) -> str:
        return " ".join(t.key for t in self.tokens)

    def translated_at(self, offset: int) -> bool:
        translated = True
        for start, flag in self.parts:
            if start <= offset:
                translated = flag
        return translated


@dataclass(frozen=True)
class _Alt:
    """One thing a query word looks for: a phrase of keys, and how much it counts.

    Alternatives that mean the same as the word typed ("GBH", "grievous bodily harm")
    count once, the best of them; `extra` ones add to that: a one-way synonym, or the
    bonus where the citation names the whole section asked for."""

    keys: tuple[str, ...]
    weight: float = 1.0
    extra: bool = False
    column: str | None = None  # only matches in this column

    def expressions(self, prefix: bool) -> list[str]:
        found = [_phrase(self.keys)]
        if prefix and len(self.keys) == 1 and len(_MUTATION_CLASS.sub("", self.keys[0])) >= MIN_PREFIX:
            found.append(_phrase(self.keys) + "*")
        return [f"{self.column} : {e}" if self.column else e for e in found]


@dataclass
class _Query:
    # Every group (one per query word, or per synonym found in the query) must match, by
    # any of its alternatives.
    groups: list[list["_Alt"]] = field(default_factory=list)
    phrase: tuple[str, ...] = ()  # the whole query as written, ranked higher where it appears


def documents(reference: Reference | None, flows: Iterable[Flow] = ()) -> list[Doc]:
    """Every searchable item: sections, each of their entries, each step of each flow."""
    docs: list[Doc] = []
    for section in reference.sections if reference else ():
        docs.append(Doc(id=section.id, kind="section", title=section.title, citation=section.citation,
                        keywords=section.keywords, keywords_cy=section.keywords_cy, body=(section.body,),
                        section_id=section.id, needs_verification=section.needs_verification))
        for entry in section.entries:
            docs.append(Doc(id=entry.id, kind="entry", title=entry.text, keywords=entry.keywords,
                            keywords_cy=entry.keywords_cy, section_id=section.id,
                            needs_verification=section.needs_verification))
    for flow in flows:
        docs.append(Doc(id=f"{flow.id}/", kind="flow", title=flow.title,
                        body=(flow.description,) if flow.description else (), flow_id=flow.id))
        routes = shortest_routes(flow)
        for node in flow.nodes.values():
            if node.id not in routes:
                continue  # not reached (the validator reports unreachable steps)
            docs.append(Doc(id=f"{flow.id}/{node.id}", kind="flow", title=_node_title(node), body=_node_body(node),
                            flow_id=flow.id, node_id=node.id, answers=routes[node.id],
                            needs_verification=isinstance(node, Outcome) and node.evidence is not None
                            and node.evidence.status == "needs-verification"))
    return docs


def _node_title(node) -> str:
    return node.title if isinstance(node, Outcome) else node.text


def _node_body(node) -> tuple[str, ...]:
    parts: list = []
    if isinstance(node, (Question, Checklist)):
        parts += [node.hint] + [p for o in node.options for p in (o.label, o.hint)]
    elif isinstance(node, Info):
        parts += [node.hint, node.body]
    elif isinstance(node, Outcome):
        parts += [node.summary, *node.steps, *node.next_steps, *node.do_not, *node.record]
    return tuple(p for p in parts if p)


def shortest_routes(flow: Flow) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """For each step, the answers of a shortest route to it: its link from a search result
    (a step is shown only on a route that reaches it). Breadth first, and bounded, so a
    flow with long checklists cannot make start-up slow."""
    found: dict[str, tuple] = {}
    queue: deque[dict] = deque([{}])
    states = 0
    while queue and states < MAX_ROUTE_STATES:
        params = queue.popleft()
        states += 1
        result = walk(flow, params)
        node = result.current
        found.setdefault(node.id, tuple(result.answers.items()))
        if isinstance(node, Outcome):
            continue
        answers = [(SEEN,)] if isinstance(node, Info) else [(o.id,) for o in node.options]
        if isinstance(node, Checklist):  # each option alone, and all of them for "all" rules
            answers.append(tuple(o.id for o in node.options if not o.exclusive))
        for answer in answers:
            queue.append({**params, node.id: list(answer)})
    return found


class SearchIndex:
    """One FTS5 table per language in an in-memory SQLite database."""

    def __init__(self, docs: list[Doc], languages: Iterable[str] = ("en", "cy"),
                 translate: Translate | None = None, terms: SearchTerms = EMPTY):
        self.docs = docs
        languages = tuple(languages)
        # A language with none of the guide translated searches the English index (its
        # results are English, and marked so); most victim languages, for the CPS guide.
        self._search_in = {lang: "en" if lang not in ("en", "cy") and "en" in languages
                           and not _translated(docs, lang, translate) else lang for lang in languages}
        self._analyzers = {lang: Analyzer(lang, terms) for lang in languages if self._search_in[lang] == lang}
        memo: dict = {}  # the same text analysed once per kind of analyzer, not per language
        self._fields = {lang: [self._fields_of(doc, lang, translate, analyzer, memo) for doc in docs]
                        for lang, analyzer in self._analyzers.items()}
        # (term, every term and addition) per language, longest term first, so that
        # "possession with intent to supply" is read as itself before "supply" is.
        self._synonyms = {
            lang: sorted((((*_without_whole(analyzer.phrase(term)),), _weighted(analyzer, s))
                          for s in terms.synonyms if s.lang == analyzer.lang for term in s.terms),
                         key=lambda pair: -len(pair[0]))
            for lang, analyzer in self._analyzers.items()
        }
        self._lock = threading.Lock()
        self._pid = None
        self._db = None
        self._connect()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._search_in)

    # Building -----------------------------------------------------------------------

    @staticmethod
    def _fields_of(doc: Doc, lang: str, translate: Translate | None, analyzer: Analyzer,
                   memo: dict) -> dict[str, _Field]:
        def tr(text) -> tuple[str, bool]:
            if lang == "en" or translate is None:
                return str(text), True
            value = translate(lang, text)
            return value, value != str(text)

        def make(parts: list[tuple[str, bool]]) -> _Field:
            text, offsets = "", []
            for value, translated in parts:
                value = " ".join(unicodedata.normalize("NFC", value).split())
                if not value:
                    continue
                if text:
                    text += PART_SEPARATOR
                offsets.append((len(text), translated))
                text += value
            key = (analyzer.lang, text)
            if key not in memo:
                memo[key] = tuple(analyzer.tokens(text))
            return _Field(text, memo[key], tuple(offsets))

        def plain(markdown: str) -> str:
            key = ("markdown", markdown)
            if key not in memo:
                memo[key] = markdown_to_text(markdown)
            return memo[key]

        title = tr(doc.title)
        body = [(plain(value), ok) for value, ok in (tr(p) for p in doc.body)]
        if doc.kind == "entry":  # entry text is Markdown too
            title = (plain(title[0]), title[1])
        keywords = {"en": doc.keywords, "cy": doc.keywords_cy}.get(lang, ())
        english = []
        if lang != "en":
            english = [(plain(doc.title) if doc.kind == "entry" else str(doc.title), True),
                       (doc.citation, True), *((k, True) for k in doc.keywords)]
        return {
            "title": make([title]),
            "citation": make([(doc.citation, True)]),
            "keywords": make([(k, lang in ("en", "cy")) for k in keywords]),
            "body": make(body),
            "english": make(english),
        }

    def _connect(self) -> sqlite3.Connection:
        """The database for this process. A connection must not cross fork() (gunicorn
        loads the app, then forks its workers), so each process builds its own copy from
        the analysed fields, which takes milliseconds."""
        if self._pid == os.getpid():
            return self._db
        db = sqlite3.connect(":memory:", check_same_thread=False)
        for lang in self._analyzers:
            # The text is already split into keys, so FTS5 splits only on spaces ("ascii"
            # keeps non-ASCII letters inside words); Porter stems English keys.
            tokenizer = "porter ascii" if self._analyzers[lang].lang == "en" else "ascii"
            db.execute(f"CREATE VIRTUAL TABLE {_table(lang)} USING fts5({', '.join(COLUMNS)}, tokenize='{tokenizer}')")
            db.executemany(
                f"INSERT INTO {_table(lang)} (rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                [(i, *(fields[c].stream for c in COLUMNS)) for i, fields in enumerate(self._fields[lang])])
        self._db, self._pid = db, os.getpid()
        return db

    # Searching ----------------------------------------------------------------------

    def search(self, query: str, lang: str = "en", limit: int = MAX_RESULTS) -> list[Hit]:
        """Results for `query`, best first. Unknown languages search English."""
        lang = self._search_in.get(lang, "en" if "en" in self._analyzers else next(iter(self._analyzers)))
        parsed = self._parse(query, lang)
        if parsed is None or limit <= 0:
            return []
        table = _table(lang)
        with self._lock:
            scores = _Scores(self._connect(), table)
            # Every word, whole; else every word, or its beginning ("repar"); else the
            # results with the most of the words (one mistyped word still finds something).
            for prefix, every in ((False, True), (True, True), (True, False)):
                ranked = self._rank(scores, parsed, prefix, every)
                if ranked:
                    break
            ranked = ranked[:limit]
            if not ranked:
                return []
            marks = ", ".join(f"highlight({table}, {i}, char(1), char(2))" for i in range(len(COLUMNS)))
            rows = scores.db.execute(
                f"SELECT rowid, {marks} FROM {table} WHERE {table} MATCH ? AND rowid IN ({', '.join('?' * len(ranked))})",
                (_expression(parsed, prefix), *(rowid for _score, rowid in ranked))).fetchall()
        matched = {row[0]: {c: _marked(row[1 + i]) for i, c in enumerate(COLUMNS)} for row in rows}
        return [self._hit(rowid, score, lang, matched.get(rowid, {})) for score, rowid in ranked]

    def _rank(self, scores: "_Scores", parsed: "_Query", prefix: bool, every: bool) -> list[tuple[float, int]]:
        """(score, rowid), best first. A result's score is BM25 summed over everything the
        query looks for (each word or phrase typed, its synonyms, each weighted), plus the
        score of the whole query as a phrase; only results matching every word or synonym
        group count (unless `every` is false: then those matching most come first)."""
        total: dict[int, float] = {}
        matched: dict[int, int] = {}
        for group in parsed.groups:
            same: dict[int, float] = {}
            extra: dict[int, float] = {}
            for alt in group:
                for expression in alt.expressions(prefix):
                    for rowid, score in scores(expression).items():
                        if alt.extra:
                            extra[rowid] = extra.get(rowid, 0.0) + alt.weight * score
                        else:
                            same[rowid] = max(same.get(rowid, 0.0), alt.weight * score)
            found = {r: same.get(r, 0.0) + extra.get(r, 0.0) for r in same.keys() | extra.keys()}
            for rowid, score in found.items():
                total[rowid] = total.get(rowid, 0.0) + score
                matched[rowid] = matched.get(rowid, 0) + 1
        if every:
            total = {r: v for r, v in total.items() if matched[r] == len(parsed.groups)}
        elif len(parsed.groups) < 2:
            return []  # the same as the queries already tried
        # Closeness counts: the whole query as a phrase, and its words near each other.
        for expression in (_phrase(parsed.phrase) if parsed.phrase else None, _near(parsed)):
            for rowid, score in scores(expression).items() if expression else ():
                if rowid in total:
                    total[rowid] += score
        ranked = [(score * KIND_FACTOR[self.docs[rowid].kind], rowid) for rowid, score in total.items()]
        return sorted(ranked, key=lambda pair: (-matched[pair[1]], -pair[0], pair[1]))

    def _parse(self, query: str, lang: str) -> "_Query | None":
        query = unicodedata.normalize("NFC", query or "")[:MAX_QUERY_CHARS]
        analyzer = self._analyzers[lang]
        indexed = [t for t in analyzer.tokens(query) if not t.section_word][:MAX_QUERY_TERMS * 3]
        tokens = [t for t in indexed if not t.whole]
        words = [t for t in tokens if not t.stop]
        if not words:
            return None
        keys = [t.key for t in tokens]
        parsed = _Query(phrase=tuple(t.key for t in indexed) if len(words) > 1 else ())
        used = [False] * len(tokens)
        # Synonyms first: a matched term (which may be a phrase) becomes one group.
        for term, alternatives in self._synonyms[lang]:
            for i in _find(keys, term):
                if any(used[i:i + len(term)]):
                    continue
                used[i:i + len(term)] = [True] * len(term)
                parsed.groups.append(alternatives)
        for i, token in enumerate(tokens):
            if used[i] or token.stop:
                continue
            if token.subsection and i and tokens[i - 1].section and parsed.groups:
                # "s45(4)": the phrase "s45 4", and no longer the whole of s45.
                parsed.groups[-1] = [_Alt(alt.keys + (token.key,), alt.weight, alt.extra, alt.column)
                                     if alt.keys[-1:] == (tokens[i - 1].key,) else alt
                                     for alt in parsed.groups[-1] if not _WHOLE.match(alt.keys[0])]
                continue
            alternatives = [_Alt((token.key,))]
            section = token.key if token.section else "s" + token.key if _NUMBER.match(token.key) else None
            if section:
                # "45" is also section 45; a citation of the whole section ranks highest.
                alternatives += [_Alt((section,)), _Alt(("w" + section,), extra=True, column="citation")]
            parsed.groups.append(alternatives)
        parsed.groups = parsed.groups[:MAX_QUERY_TERMS]
        return parsed

    def _hit(self, rowid: int, score: float, lang: str, matched: dict[str, set[int]]) -> Hit:
        fields = self._fields[lang][rowid]
        title = fields["title"]
        best = next((c for c in sorted(COLUMNS, key=lambda c: -WEIGHTS[c]) if matched.get(c)), "body")
        snippet, starts_mid, ends_mid, snippet_lang = _snippet(fields, matched, lang)
        return Hit(doc=self.docs[rowid], score=round(score, 3),
                   title=tuple(_spans(title.text, title.tokens, matched.get("title", set()))),
                   snippet=snippet, field=best,
                   title_lang=lang if title.translated_at(0) else "en", snippet_lang=snippet_lang,
                   snippet_starts_mid=starts_mid, snippet_ends_mid=ends_mid)


def _translated(docs: list[Doc], lang: str, translate: Translate | None) -> bool:
    """Whether any of the docs' text has a translation into `lang`."""
    if translate is None:
        return False
    return any(translate(lang, text) != str(text) for doc in docs for text in (doc.title, *doc.body))


def build_index(reference: Reference | None, languages: Iterable[str] = ("en", "cy"),
                translate: Translate | None = None, terms: SearchTerms = EMPTY,
                flows: Iterable[Flow] = ()) -> SearchIndex:
    return SearchIndex(documents(reference, flows), languages, translate, terms)


def _table(lang: str) -> str:
    return "docs_" + re.sub(r"[^a-z0-9]", "_", lang.lower())


def _find(keys: list[str], phrase: tuple[str, ...]) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(keys) - n + 1) if n and tuple(keys[i:i + n]) == phrase]


def _without_whole(keys: tuple[str, ...]) -> tuple[str, ...]:
    """A phrase as the query's own words (without the keys added after a whole section)."""
    return tuple(k for k in keys if not _WHOLE.match(k))


def _weighted(analyzer: Analyzer, synonym) -> list[_Alt]:
    """A synonym entry's alternatives: its terms mean the same, its `also` add to them."""
    found: dict[tuple[str, ...], _Alt] = {}
    for texts, alt in ((synonym.terms, _Alt(())), (synonym.also, _Alt((), ALSO_WEIGHT, extra=True))):
        for text in texts:
            keys = analyzer.phrase(text)
            if keys and keys not in found:
                found[keys] = _Alt(keys, alt.weight, alt.extra)
    return list(found.values())


class _Scores:
    """BM25 score of each result matching one FTS5 expression, worked out once per search."""

    def __init__(self, db: sqlite3.Connection, table: str):
        self.db, self.table = db, table
        self._found: dict[str, dict[int, float]] = {}
        self._weights = ", ".join(str(WEIGHTS[c]) for c in COLUMNS)

    def __call__(self, expression: str) -> dict[int, float]:
        if expression not in self._found:
            try:
                rows = self.db.execute(f"SELECT rowid, bm25({self.table}, {self._weights}) FROM {self.table} "
                                       f"WHERE {self.table} MATCH ?", (expression,)).fetchall()
            except sqlite3.OperationalError:  # cannot happen with keys of letters and digits
                rows = []
            self._found[expression] = {rowid: -score for rowid, score in rows}  # FTS5: lower is better
        return self._found[expression]


def _phrase(keys: tuple[str, ...]) -> str:
    """An FTS5 phrase. Keys are letters and digits only, so quoting them is all it takes
    for a query never to be read as FTS5 syntax."""
    return '"' + " ".join(keys) + '"'


def _near(parsed: _Query) -> str | None:
    """The query's words (each as typed) within NEAR_TOKENS of each other."""
    if len(parsed.groups) < 2:
        return None
    return f"NEAR({' '.join(_phrase(group[0].keys) for group in parsed.groups)}, {NEAR_TOKENS})"


def _expression(parsed: _Query, prefix: bool) -> str:
    """Everything the query looks for, to ask FTS5 which words to highlight."""
    found = [e for group in parsed.groups for alt in group for e in alt.expressions(prefix)]
    if parsed.phrase:
        found.append(_phrase(parsed.phrase))
    return " OR ".join(dict.fromkeys(found))


def _marked(highlighted: str | None) -> set[int]:
    """Indexes of the tokens FTS5 marked (char(1) before, char(2) after, phrases whole)."""
    found: set[int] = set()
    inside = False
    for i, piece in enumerate((highlighted or "").split(" ")):
        opens, closes = "\x01" in piece, "\x02" in piece
        if opens or inside:
            found.add(i)
        inside = (inside or opens) and not closes
    return found


def _spans(text: str, tokens: tuple[Token, ...], marked: set[int], start: int = 0,
           end: int | None = None) -> list[Span]:
    """text[start:end] as spans, the marked tokens as hits."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    position = start
    for i in sorted(marked):
        token = tokens[i] if i < len(tokens) else None
        if token is None or token.start < position or token.end > end:
            continue
        if token.start > position:
            spans.append(Span(text[position:token.start]))
        spans.append(Span(text[token.start:token.end], True))
        position = token.end
    if position < end:
        spans.append(Span(text[position:end]))
    return spans


def _densest(tokens: tuple[Token, ...], marked: set[int]) -> int:
    """Where the passage with the most matched words starts (the first match if tied):
    "possession with intent to supply" shows the sentence with all of it, not the first
    "intent" in the text."""
    starts = sorted(tokens[i].start for i in marked if i < len(tokens))
    if not starts:
        return 0
    best, count = starts[0], 0
    for i, start in enumerate(starts):
        within = sum(1 for s in starts[i:] if s < start + SNIPPET_CHARS * 2 // 3)
        if within > count:
            best, count = start, within
    return best


def _snippet(fields: dict[str, _Field], matched: dict[str, set[int]], lang: str):
    """About SNIPPET_CHARS of the body around its best passage; else the matching
    keywords, or the opening of the body."""
    source = "body"
    if not matched.get("body"):
        source = next((c for c in ("keywords", "english") if matched.get(c)), "body")
    f = fields[source]
    marked = matched.get(source, set())
    first = _densest(f.tokens, marked)
    text = f.text
    start = max(0, first - SNIPPET_CHARS // 3)
    lowest = max(0, first - SNIPPET_CHARS * 2 // 3)
    sentence = max((found + len(mark) for mark in (". ", PART_SEPARATOR)
                    if (found := text.rfind(mark, lowest, first)) >= 0), default=-1)
    if sentence >= 0:
        start = sentence  # start with the sentence (or part of a flow step) that has the match
    elif start:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    shown_lang = "en" if source == "english" or not f.translated_at(first) else lang
    return tuple(_spans(text, f.tokens, marked, start, end)), start > 0, end < len(text), shown_lang
