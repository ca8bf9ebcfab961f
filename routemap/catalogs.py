"""Translations read straight from the gettext catalogs (.po), without Flask or a request.

Used by the review tools (route snapshot, change report, translation reviews), which
must read any content folder, including one checked out from an old git revision where
no compiled .mo exists. A fuzzy or empty entry is not a translation (gettext ignores
it too), so such strings fall back to English exactly as the pages show them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po


def _text(value) -> str:
    return value[0] if isinstance(value, (tuple, list)) else (value or "")


@dataclass(frozen=True)
class Catalog:
    code: str
    messages: dict  # (msgctxt or None, msgid) -> msgstr, translated entries only

    def tr(self, text) -> str:
        """`text` in this language: content strings are looked up by their YAML path."""
        if text is None:
            return ""
        key = (getattr(text, "path", None) or None, str(text))
        return self.messages.get(key) or str(text)


def read_catalog(translations_dir: Path, code: str) -> Catalog:
    path = Path(translations_dir) / code / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return Catalog(code, {})
    with open(path, "rb") as fileobj:
        catalog = read_po(fileobj, locale=code)
    return Catalog(code, {(m.context, _text(m.id)): _text(m.string)
                          for m in catalog if m.id and not m.fuzzy and _text(m.string)})


ENGLISH = Catalog("en", {})
