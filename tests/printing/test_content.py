"""Poster text: read with paths, extracted for gettext, translated by path."""

from routemap.printing.content import (
    DEFAULT_CONTENT, extract_print_yaml, load_print_content, strings_for)


def test_every_text_string_is_extracted_with_its_path_and_line(content):
    with open(DEFAULT_CONTENT, "rb") as f:
        messages = list(extract_print_yaml(f, [], [], {}))
    contexts = {ctx: (line, text) for line, _, (ctx, text), _ in messages}
    line, text = contexts["posters/text/poster/signs/debt"]
    assert text == content["text"]["poster"]["signs"]["debt"]
    assert DEFAULT_CONTENT.read_text().splitlines()[line - 1].strip().startswith("debt:")
    assert not any("numbers" in ctx or "sources" in ctx for ctx in contexts)


def test_translate_gets_the_path_as_context():
    seen = []
    strings = strings_for(load_print_content(), "leaflet",
                          lambda text: seen.append(text.path) or text.upper())
    assert strings["cover_headline"] == "ARE YOU SAFE?"
    assert "posters/text/common/helpline_name" in seen


def test_numbers_come_from_contacts_yaml(content, tmp_path):
    assert content["numbers"]["helpline"] == "08000 121 700"
    (tmp_path / "print").mkdir()
    (tmp_path / "contacts.yaml").write_text("contacts:\n  helpline: {name: H}\n")
    text = DEFAULT_CONTENT.read_text()
    (tmp_path / "print" / "posters.yaml").write_text(text)
    import pytest
    with pytest.raises(ValueError, match="contact 'emergency' has no phone"):
        load_print_content(tmp_path / "print" / "posters.yaml")
