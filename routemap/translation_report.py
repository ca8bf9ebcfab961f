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

from .i18n import SOURCE_LANGUAGE, Language, languages

# The worker guide (its content and its own screens) may fall back to English in
# languages other than Welsh; everything else (site chrome, error pages, get-help page,
# talk cards, posters and leaflets) is what a victim or member of the public sees, so
# its coverage is reported on its own.
WORKER_ONLY_PREFIXES = ("flows/", "templates/guide/", "routemap/web/guide.py", "templates/cps/",
                        "routemap/web/cps.py", "templates/print/catalogue.html", "routemap/web/print.py")
PUBLIC_PREFIXES = ("flows/print/",)


@dataclass(frozen=True)
class Coverage:
    language: Language
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    public_total: int
    public_translated: int

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


def is_translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return not message.fuzzy and all(strings)


def coverage(translations_dir: Path, language: Language) -> Coverage:
    with open(catalog_path(translations_dir, language.code), "rb") as fileobj:
        catalog = read_po(fileobj, locale=language.code)
    messages = [m for m in catalog if m.id]
    public = [m for m in messages if is_public(m)]
    translated = sum(1 for m in messages if is_translated(m))
    fuzzy = sum(1 for m in messages if m.fuzzy)
    return Coverage(
        language=language, total=len(messages), translated=translated, fuzzy=fuzzy,
        untranslated=len(messages) - translated - fuzzy,
        public_total=len(public), public_translated=sum(1 for m in public if is_translated(m)),
    )


def report(translations_dir: Path) -> list[Coverage]:
    """Coverage of every language in languages.yaml except the source language."""
    langs = languages(Path(translations_dir))
    return [coverage(translations_dir, lang) for code, lang in langs.items() if code != SOURCE_LANGUAGE]


def format_report(lines: list[Coverage]) -> str:
    header = f"{'language':<22} {'translated':>10} {'public':>7} {'fuzzy':>6} {'untranslated':>12}  status"
    rows = [header]
    for c in lines:
        name = f"{c.language.code} {c.language.english_name}"
        status = "reviewed" if c.language.reviewed else "NOT reviewed"
        rows.append(f"{name:<22} {c.percent:>9.1f}% {c.public_percent:>6.1f}% {c.fuzzy:>6} {c.untranslated:>12}  {status}")
    rows.append("public: what the public and victims see (site chrome, error pages, get help, talk cards, print);\n"
                "the worker guide may fall back to English, marked lang=\"en\", in languages other than Welsh.")
    return "\n".join(rows)
