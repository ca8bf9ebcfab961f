"""Terminology check: each language's required and forbidden renderings of key terms. No Flask.

`translations/<lang>/terms.yaml` holds a language's rules for its key terms, each with the
reason and source a reviewer needs:

    match: prefix          # prefix (default): a rendering starts a word, so stems catch
                           #   inflections (zgłos -> zgłoszony); substring: anywhere, for
                           #   scripts whose clitics join the word (Arabic و/ب/ل + ال)
    mutations: welsh       # optional: also accept the soft, nasal, aspirate and h- forms
                           #   of each rendering's first letter (cyfieithydd, gyfieithydd,
                           #   chyfieithydd, nghyfieithydd)
    rules:
      - id: interpreter
        english: ['\\binterpreters?\\b']   # regexes over the msgid, case-insensitive
        unless: ['"Interpreters Guide"']   # optional: English spans the rule ignores (titles
                                            #   of English-only documents kept in English)
        required: [cyfieithydd ar y pryd]  # the msgstr must contain one of these
        forbidden: [cyfieithydd]           # none of these may appear outside a required one
        reason: why, for the reviewer
        source: where the rendering comes from

A rule applies to a translated message (non-empty, not fuzzy) whose English matches one of
its `english` patterns. Text inside a required rendering is masked before the forbidden
renderings are looked for, so "cyfieithydd" is forbidden alone but not in
"cyfieithydd ar y pryd".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

TERMS_FILE = "terms.yaml"
MATCH_MODES = ("prefix", "substring")

# Welsh initial mutations of a word's first letter(s): radical -> mutated forms
# (soft, nasal, aspirate). Digraphs come first so "ll" is not read as "l".
WELSH_MUTATIONS = (
    ("ll", ("l",)), ("rh", ("r",)),
    ("c", ("g", "ngh", "ch")), ("p", ("b", "mh", "ph")), ("t", ("d", "nh", "th")),
    ("g", ("", "ng")), ("b", ("f", "m")), ("d", ("dd", "n")), ("m", ("f",)),
)
WELSH_UNMUTATED = ("ch", "ph", "th", "dd", "ff", "ng")
VOWELS = "aeiouwyâêîôûŵŷ"


class TermsError(ValueError):
    """A terms.yaml file that cannot be used: says which file and rule, and what to fix."""


@dataclass(frozen=True)
class Rule:
    id: str
    english: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]
    required: tuple[str, ...]
    forbidden: tuple[str, ...]
    reason: str
    source: str


@dataclass(frozen=True)
class Terms:
    language: str
    path: Path
    match: str
    mutations: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Problem:
    language: str
    rule: str
    catalog: Path
    line: int              # line of the msgid in the catalog
    locations: tuple[str, ...]  # where the English comes from (file:line)
    msgid: str
    problem: str
    reason: str

    def format(self) -> str:
        where = ", ".join(self.locations[:3]) or "?"
        return (f"{self.catalog}:{self.line} [{self.language}/{self.rule}] {self.problem}\n"
                f"    English ({where}): {shorten(self.msgid)}\n"
                f"    Why: {self.reason}")


def shorten(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces, no bidi isolates."""
    text = text.replace("\u2019", "'").replace("\u2068", "").replace("\u2069", "")
    return " ".join(text.casefold().split())


def welsh_forms(phrase: str) -> list[str]:
    """The phrase and its initially mutated forms (first word only: that is what mutates)."""
    phrase = normalise(phrase)
    forms = [phrase]
    if phrase[:1] in VOWELS:
        return forms + ["h" + phrase]
    if phrase.startswith(WELSH_UNMUTATED):
        return forms
    for radical, mutated in WELSH_MUTATIONS:
        if phrase.startswith(radical):
            return forms + [m + phrase[len(radical):] for m in mutated]
    return forms


@lru_cache(maxsize=None)
def pattern(match: str, mutations: str, phrases: tuple[str, ...]) -> re.Pattern | None:
    """One regex for a rule's renderings and their forms, longest first (compiled once)."""
    forms = {f for p in phrases for f in (welsh_forms(p) if mutations == "welsh" else [normalise(p)])}
    if not forms:
        return None
    body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})" if match == "prefix" else f"(?:{body})")


def load_terms(path: Path, language: str) -> Terms:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise TermsError(f"{path}: not valid YAML: {exc}") from exc
    match = data.get("match", "prefix")
    if match not in MATCH_MODES:
        raise TermsError(f"{path}: match must be one of {', '.join(MATCH_MODES)}, not {match!r}")
    mutations = data.get("mutations", "none")
    if mutations not in ("welsh", "none"):
        raise TermsError(f"{path}: mutations must be 'welsh' or 'none', not {mutations!r}")
    rules = []
    for i, raw in enumerate(data.get("rules") or []):
        rid = raw.get("id") or f"rule {i + 1}"
        for key in ("english", "reason", "source"):
            if not raw.get(key):
                raise TermsError(f"{path}: rule {rid!r} has no {key!r}: every rule says what it "
                                 f"matches, why, and where the rendering comes from")
        if not raw.get("required") and not raw.get("forbidden"):
            raise TermsError(f"{path}: rule {rid!r} needs 'required' or 'forbidden' renderings")
        try:
            english = tuple(re.compile(p, re.IGNORECASE) for p in raw["english"])
            unless = tuple(re.compile(p, re.IGNORECASE) for p in raw.get("unless") or ())
        except re.error as exc:
            raise TermsError(f"{path}: rule {rid!r}: bad English pattern: {exc}") from exc
        rules.append(Rule(id=rid, english=english, unless=unless, required=tuple(raw.get("required") or ()),
                          forbidden=tuple(raw.get("forbidden") or ()),
                          reason=" ".join(str(raw["reason"]).split()),
                          source=" ".join(str(raw["source"]).split())))
    return Terms(language=language, path=path, match=match, mutations=mutations, rules=tuple(rules))


def check_text(terms: Terms, rule: Rule, translation: str) -> list[str]:
    """What is wrong with one translation under one rule (empty when it is right)."""
    text = normalise(translation)
    problems = []
    required = pattern(terms.match, terms.mutations, rule.required)
    if required is not None:
        if not required.search(text):
            problems.append("missing required rendering: " + " / ".join(rule.required))
        text = required.sub(lambda m: " " * len(m.group()), text)
    forbidden = pattern(terms.match, terms.mutations, rule.forbidden)
    if forbidden is not None:
        found = sorted({m.group() for m in forbidden.finditer(text)})
        if found:
            problems.append("forbidden rendering: " + ", ".join(found))
    return problems


def applies(rule: Rule, english: str) -> bool:
    for span in rule.unless:
        english = span.sub(" ", english)
    return any(p.search(english) for p in rule.english)


def check_catalog(terms: Terms, catalog_path: Path) -> list[Problem]:
    with open(catalog_path, "rb") as fileobj:
        catalog = read_po(fileobj, locale=None)
    problems = []
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if not all(strings):
            continue  # untranslated: the coverage report counts it
        english = " ".join(ids)
        for rule in terms.rules:
            if not applies(rule, english):
                continue
            found = sorted({p for s in strings for p in check_text(terms, rule, s)})
            problems += [Problem(language=terms.language, rule=rule.id, catalog=Path(catalog_path),
                                 line=message.lineno, msgid=ids[0], problem=p, reason=rule.reason,
                                 locations=tuple(f"{f}:{n}" for f, n in message.locations))
                         for p in found]
    return problems


def terms_path(translations_dir: Path, code: str) -> Path:
    return Path(translations_dir) / code / TERMS_FILE


def check_language(translations_dir: Path, code: str) -> list[Problem]:
    """Problems in one language's catalog; none when the language has no terms file."""
    path = terms_path(translations_dir, code)
    if not path.exists():
        return []
    terms = load_terms(path, code)
    return check_catalog(terms, Path(translations_dir) / code / "LC_MESSAGES" / "messages.po")


def languages_with_terms(translations_dir: Path) -> list[str]:
    return sorted(p.parent.name for p in Path(translations_dir).glob(f"*/{TERMS_FILE}"))


def check_all(translations_dir: Path) -> list[Problem]:
    return [p for code in languages_with_terms(translations_dir)
            for p in check_language(translations_dir, code)]
