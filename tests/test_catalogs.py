"""Translations read straight from .po files (for the review tools)."""
from routemap.catalogs import ENGLISH, read_catalog
from routemap.yamlsource import LStr

PO = r'''msgid ""
msgstr ""
"Language: cy\n"

msgctxt "flow/nodes/a/text"
msgid "Hello"
msgstr "Helo"

#, fuzzy
msgid "Stale"
msgstr "Hen"

msgid "Empty"
msgstr ""
'''


def test_context_fuzzy_and_empty(tmp_path):
    folder = tmp_path / "cy" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(PO, encoding="utf-8")
    catalog = read_catalog(tmp_path, "cy")
    assert catalog.tr(LStr("Hello", 1, "flow/nodes/a/text")) == "Helo"
    assert catalog.tr("Hello") == "Hello"  # no context: another message
    assert catalog.tr("Stale") == "Stale"  # fuzzy entries are not translations
    assert catalog.tr("Empty") == "Empty"
    assert catalog.tr(None) == ""


def test_missing_catalog_is_english(tmp_path):
    assert read_catalog(tmp_path, "xx").tr("Hello") == "Hello" == ENGLISH.tr("Hello")
