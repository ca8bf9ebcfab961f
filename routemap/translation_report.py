"""Translation coverage per language, read from the gettext catalogs. No Flask here.

The catalogs are the data: a message counts as translated when every msgstr is
non-empty and it is not fuzzy. Fuzzy entries are stale: `pybabel update` matched them
to changed English, so they must be checked before they are used (gettext ignores them).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from . import translation_reviews
from .i18n import SOURCE_LANGUAGE, Language, languages

# The worker guide (its content and its own screens) may fall back to English in
# languages other than Welsh; everything else (site chrome, error pages, get-help page,
# talk cards, posters and leaflets) is what a victim or member of the public sees, so
# its coverage is reported on its own.
WORKER_ONLY_PREFIXES = ("flows/", "templates/guide/", "routemap/web/guide.py", "templates/cps/",
                        "routemap/web/cps.py", "templates/print/catalogue.html", "routemap/web/print.py",
                        # the forum's usage report: Welsh and English only
                        "templates/usage/", "routemap/web/usage_report.py")
PUBLIC_PREFIXES = ("flows/print/",)

# What a reviewer of a victim language should read first, in this order: the lines that
# keep someone safe (999, the helpline, text relay, quick exit, the emergency banner),
# then the leaflet a victim takes away, then the poster and the talk cards.
SAFETY_CONTACTS = tuple(f"contacts/contacts/{c}/" for c in ("emergency", "police-101", "emergency-text-relay", "helpline"))
REVIEW_FIRST = (
    ("safety lines and every-page text (999, helpline, text relay, quick exit, emergency banner, get-help page)",
     SAFETY_CONTACTS, ("templates/base.html", "templates/help/_quick_exit.html", "templates/help/index.html")),
    ("victim leaflet", ("posters/text/leaflet/", "posters/text/common/"), ()),
    ("poster", ("posters/text/poster/",), ()),
    ("talk cards", (), ("templates/help/talk_cards.html", "routemap/web/help.py")),
)


@dataclass(frozen=True)
class Coverage:
    language: Language
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    public_total: int
    public_translated: int
    approved: int = 0  # strings whose current translation a translator approved (approvals.yaml)
    lapsed: int = 0  # approvals whose English or translation changed since

    @property
    def approved_percent(self) -> float:
        return 100.0 * self.approved / self.total if self.total else 0.0

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def public_percent(self) -> float:
        return 100.0 * self.public_translated / self.public_total if self.public_total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total and self.fuzzy == 0


def catalog_path(translations_dir: Path, code: str) -> Path:
    return Path(translations_dir) / code / "LC_MESSAGES" / "messages.po"


def is_public(message: Message) -> bool:
    """Seen by the public or victims (not only by workers using the guide)."""
    files = [loc[0] for loc in message.locations]
    return not files or any(
        not f.startswith(WORKER_ONLY_PREFIXES) or f.startswith(PUBLIC_PREFIXES) for f in files)


def review_group(message: Message) -> str | None:
    """Which REVIEW_FIRST group a message belongs to (the first that matches), if any."""
    files = [loc[0] for loc in message.locations]
    for name, contexts, prefixes in REVIEW_FIRST:
        if (message.context or "").startswith(contexts) or any(f.startswith(prefixes) for f in files):
            return name
    return None


def review_first(translations_dir: Path, code: str) -> list[tuple[str, Message]]:
    """The translated messages a reviewer should read first, group by group (REVIEW_FIRST order)."""
    with open(catalog_path(translations_dir, code), "rb") as fileobj:
        catalog = read_po(fileobj, locale=code)
    order = {name: i for i, (name, _, _) in enumerate(REVIEW_FIRST)}
    found = [(review_group(m), m) for m in catalog if m.id and is_translated(m)]
    return sorted(((g, m) for g, m in found if g), key=lambda gm: (order[gm[0]], gm[1].lineno))


def format_review_first(translations_dir: Path, code: str) -> str:
    rows = [f"Read first in {catalog_path(translations_dir, code)} (translated entries, in this order):"]
    group = None
    for name, message in review_first(translations_dir, code):
        if name != group:
            rows.append(f"\n{name}:")
            group = name
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        rows.append(f"  line {message.lineno}: {' '.join(msgid.split())[:100]}")
    return "\n".join(rows)


def is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return not message.fuzzy and all(strings)


def coverage(translations_dir: Path, language: Language) -> Coverage:
    with open(catalog_path(translations_dir, language.code), "rb") as fileobj:
        catalog = read_po(fileobj, locale=language.code)
    messages = [m for m in catalog if m.id]
    public = [m for m in messages if is_public(m)]
    approvals = translation_reviews.read_approvals(translation_reviews.approvals_path(translations_dir, language.code))
    reviewed = translation_reviews.share(catalog, approvals)
    translated = sum(1 for m in messages if is_translated(m))
    fuzzy = sum(1 for m in messages if m.fuzzy)
    return Coverage(
        language=language, total=len(messages), translated=translated, fuzzy=fuzzy,
        untranslated=len(messages) - translated - fuzzy,
        public_total=len(public), public_translated=sum(1 for m in public if is_translated(m)),
        approved=reviewed.approved, lapsed=reviewed.lapsed,
    )


def report(translations_dir: Path) -> list[Coverage]:
    """Coverage of every language in languages.yaml except the source language."""
    langs = languages(Path(translations_dir))
    return [coverage(translations_dir, lang) for code, lang in langs.items() if code != SOURCE_LANGUAGE]


def format_report(lines: list[Coverage]) -> str:
    header = (f"{'language':<22} {'translated':>10} {'public':>7} {'fuzzy':>6} {'untranslated':>12} "
              f"{'approved':>9}  status")
    rows = [header]
    for c in lines:
        name = f"{c.language.code} {c.language.english_name}"
        if c.language.reviewed:
            status = "reviewed"
        elif c.approved:
            status = f"partly reviewed ({c.approved} of {c.total} strings approved): DRAFT, saying so, on every page and print"
        else:
            status = "NOT reviewed: DRAFT on every page and print"
        if c.lapsed:
            status += f"; {c.lapsed} approval(s) lapsed (text changed since)"
        rows.append(f"{name:<22} {c.percent:>9.1f}% {c.public_percent:>6.1f}% {c.fuzzy:>6} {c.untranslated:>12} "
                    f"{c.approved_percent:>8.1f}%  {status}")
    rows.append("approved: the share of strings whose current translation a qualified translator approved\n"
                "(translations/<lang>/approvals.yaml; an approval lapses when the English or the translation changes).")
    rows.append("public: what the public and victims see (site chrome, error pages, get help, talk cards, print);\n"
                "the worker guide may fall back to English, marked lang=\"en\", in languages other than Welsh.\n"
                "Reviewers: read first " + "; then ".join(name for name, _, _ in REVIEW_FIRST)
                + " (`--review-first LANG` lists the entries).")
    return "\n".join(rows)
