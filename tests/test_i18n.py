"""Languages and the YAML extractor."""
from pathlib import Path

from routemap.i18n import extract_yaml, iter_texts, languages, text_direction
from routemap.yamlsource import read_yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "flows" / "example.yaml"


def extract(path: Path):
    with open(path, "rb") as fileobj:
        return list(extract_yaml(fileobj, None, [], {}))


def test_extractor_gives_real_lines_and_paths_as_context():
    messages = {msg[1]: (line, msg[0]) for line, func, msg, _ in extract(EXAMPLE)}
    assert messages["Is anyone in immediate danger?"] == (9, "example/nodes/danger/text")
    assert messages["18 or over"] == (25, "example/nodes/age/options/adult/label")
    assert messages["Call 999 and ask for the police."] == (61, "example/nodes/call-999/steps")
    assert all(func == "pgettext" for _, func, _, _ in extract(EXAMPLE))


def test_every_user_visible_string_is_extracted():
    """Fails when a flow gains a text field the extractor does not know about."""
    extracted = {msg[1] for _, _, msg, _ in extract(EXAMPLE)}
    # Keys whose values are ids, routing, addresses or dates; `sources` titles are the
    # names of published documents and stay as published.
    not_text = {"id", "type", "start", "next", "go", "otherwise", "when", "contacts", "url",
                "status", "reviewed", "sources"}

    def strings(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in not_text:
                    yield from strings(value)
        elif isinstance(node, list):
            for item in node:
                yield from strings(item)
        elif isinstance(node, str):
            yield str(node)

    missing = [s for s in strings(read_yaml(EXAMPLE)) if s not in extracted]
    assert missing == []


def test_contacts_places_are_not_extracted_they_carry_name_cy():
    texts = [str(t) for t in iter_texts(read_yaml(EXAMPLE.parent / "contacts.yaml", "contacts"))]
    assert "Police emergency" in texts and "Caerdydd" not in texts and "Cardiff" not in texts


def test_languages_welsh_first_with_direction():
    langs = languages(ROOT / "translations")
    assert list(langs)[0] == "cy"
    assert langs["cy"].direction == "ltr"
    assert text_direction("ar") == "rtl" and text_direction("fa") == "rtl"


def test_welsh_catalog_has_six_plural_forms():
    po = (ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert "Plural-Forms: nplurals=6;" in po
