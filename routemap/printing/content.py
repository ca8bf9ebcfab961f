"""The poster and leaflet text (flows/print/posters.yaml) and its translation.

Strings are read with the app's line-aware YAML reader, so each one knows its path
(e.g. `posters/text/poster/signs/debt`). That path is the gettext context both when
`pybabel extract` collects the strings (see `extract_print_yaml`) and when the app
translates them, exactly as for flow content.
"""

from pathlib import Path

import markupsafe

from ..yamlsource import LDict, LStr, read_yaml

DEFAULT_CONTENT = Path(__file__).resolve().parents[2] / "flows" / "print" / "posters.yaml"


def load_print_content(path=DEFAULT_CONTENT):
    """posters.yaml, with `numbers:` resolved to phone numbers from the contacts.yaml
    of the same content folder (flows/print/posters.yaml -> flows/contacts.yaml)."""
    path = Path(path)
    data = read_yaml(path)
    for key in ("text", "numbers", "sources", "reviewed"):
        if key not in data:
            raise ValueError(f"{path}: missing `{key}:` (see the comment at the top)")
    contacts = read_yaml(path.parent.parent / "contacts.yaml", "contacts")["contacts"]
    phones = {}
    for slot, contact_id in data["numbers"].items():
        phone = contacts.get(contact_id, {}).get("phone")
        if not phone:
            raise ValueError(f"{path}:{data['numbers'].line_of(slot)}: numbers/{slot}: "
                             f"contact '{contact_id}' has no phone in contacts.yaml")
        phones[slot] = str(phone)
    data["numbers"] = phones
    return data


def translate_tree(tree, translate):
    """Apply `translate(text)` to every string, keeping the key structure.

    `translate` gets the LStr itself (with `.path`), so the web app can pass its own
    pgettext-based `translate` straight in.
    """
    if isinstance(tree, dict):
        return {k: translate_tree(v, translate) for k, v in tree.items()}
    value = translate(tree)
    # Markup (e.g. an English fallback wrapped in <span lang="en">) stays Markup.
    return value if isinstance(value, markupsafe.Markup) else str(value)


def section_text(content, section):
    """The text one artefact needs, untranslated: its own section plus `common`."""
    return {**content["text"]["common"], **content["text"][section]}


def strings_for(content, section, translate=None):
    """The strings one artefact needs, each through `translate` (default: as they are,
    as plain str); a Translator's `markup` marks English fallbacks."""
    return translate_tree(section_text(content, section), translate or str)


def extract_print_yaml(fileobj, keywords, comment_tags, options):
    """Babel extractor for flows/print/*.yaml: every string under `text:`."""
    tree = read_yaml(Path(fileobj.name))

    def walk(node):
        if isinstance(node, LDict):
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, LStr) and node.strip():
            yield node
    for text in walk(tree.get("text", LDict())):
        yield text.line, "pgettext", (text.path, str(text)), [f"printed poster/leaflet: {text.path}"]
