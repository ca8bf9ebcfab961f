"""The print text (flows/print/posters.yaml): checked at load time, and extracted for
translation (strings.py translates it for a print).

The file is content like the flows: `loader.load_content` reads it from the content
folder (so ROUTEMAP_FLOWS_DIR applies) and validates it with everything else, so a
broken poster file is a `FILE:LINE` problem from `routemap validate` and at start-up.

Strings are read with the app's line-aware YAML reader, so each one knows its path
(e.g. `posters/text/poster/signs/debt`). That path is the gettext context both when
`pybabel extract` collects the strings (see `extract_print_yaml`) and when the app
translates them, exactly as for flow content.
"""

from pathlib import Path

from ..validate import open_checked
from ..yamlsource import LDict, LStr, read_yaml
from .registry import PRINTABLES

PRINT_TEXT = Path("print") / "posters.yaml"  # in the content folder
FILE_KEYS = {"reviewed": ("date", True), "sources": ("sources", True),
             "professional_sources": ("sources", False), "chart_flow": ("id", True),
             "numbers": ("mapping", True),
             "text": ("mapping", True),
             # which parts each outcome's referral sheet has (printing/referral.py)
             "referral": ("mapping", False)}
# The sections of `text:` the prints read: `common`, which each of them adds to its own,
# and each registered printable's (registry.PRINTABLES), so a new print needs no line here.
SECTIONS = ("common", *dict.fromkeys(art.text for art in PRINTABLES.values() if art.text))


def check_print_text(folder, contacts, flow_ids=None, earlier_revision=False):
    """(posters.yaml with `numbers:` resolved to phone numbers, or None; every problem).

    `contacts` is the loaded contact directory (ids -> model.Contact), or None when
    contacts.yaml is itself broken: then the numbers are not checked. `flow_ids` are the
    flows of the folder (broken or not), one of which `chart_flow:` must name.
    `earlier_revision`: an older revision's file read for a change report (see
    loader.check_content): `chart_flow:` and the sections of prints added since may be
    missing."""
    path = Path(folder) / PRINT_TEXT
    keys = {**FILE_KEYS, "chart_flow": ("id", False)} if earlier_revision else FILE_KEYS
    data, c = open_checked(path, keys, "the print text file")
    if data is None:
        return None, c.problems
    if flow_ids is not None and "chart_flow" in data and data["chart_flow"] not in flow_ids:
        c.add(data.line_of("chart_flow"), "chart_flow", f"there is no flow '{data['chart_flow']}' to chart",
              f"write the id of a flow: {', '.join(sorted(flow_ids)) or 'add a flow first'}")
    for key in ("sources", "professional_sources"):
        for source in data.get(key) or []:
            if not (isinstance(source, LDict) and set(source) == {"title", "url"}
                    and isinstance(source["title"], str) and isinstance(source["url"], str)
                    and source["url"].startswith("https://")):
                c.add(getattr(source, "line", data.line_of(key)), key,
                      "each source needs a title and an https:// url, and nothing else",
                      "write - title: ...\n  url: https://...")
    text = data["text"]
    for section in SECTIONS:
        if section not in text and not earlier_revision:
            c.add(text.line, "text", f"there is no '{section}:' section",
                  "the prints read it: restore it from git history")
    _check_strings(c, text, "text")
    phones = {}
    for slot, contact_id in data["numbers"].items():
        line, node = data["numbers"].line_of(slot), f"numbers/{slot}"
        if not isinstance(contact_id, str):
            c.add(line, node, "must be the id of a contact", "write an id from flows/contacts.yaml")
        elif contacts is not None and contact_id not in contacts:
            c.add(line, node, f"there is no contact '{contact_id}' in contacts.yaml",
                  "write an id from flows/contacts.yaml")
        elif contacts is not None and not contacts[contact_id].phone:
            c.add(line, node, f"contact '{contact_id}' has no phone in contacts.yaml",
                  "choose a contact with a phone number, or add its number there")
        elif contacts is not None:
            phones[slot] = str(contacts[contact_id].phone)
    if c.problems or contacts is None:
        return None, c.problems
    data["numbers"] = phones
    return data, []


def _check_strings(c, tree, node):
    """Every value under `text:` is a mapping or a non-empty text (the translations'
    msgids: lists and numbers have no place there)."""
    for key, value in tree.items():
        if isinstance(value, LDict):
            _check_strings(c, value, f"{node}/{key}")
        elif not (isinstance(value, str) and value.strip()):
            shown = "a list" if isinstance(value, list) else repr(value)[:60]
            c.add(tree.line_of(key), f"{node}/{key}", f"must be text, not {shown}",
                  "write the English text; quote it if it starts with a symbol")


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
