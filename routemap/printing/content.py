"""The poster and leaflet text (flows/print/posters.yaml) and its translation."""

from pathlib import Path

import yaml


def load_print_content(path):
    """Read posters.yaml once; returns the parsed dict (text, numbers, sources...)."""
    with open(path, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    for key in ("text", "numbers", "sources", "reviewed"):
        if key not in data:
            raise ValueError(f"{path}: missing `{key}:` (see the comment at the top)")
    return data


def translate_tree(tree, translate):
    """Apply `translate(english, context)` to every string, keeping the key structure.

    `context` is the key path (e.g. "poster/signs/debt"), which the gettext extractor
    also uses, so the app can pass a pgettext-based function straight in.
    """
    def walk(node, path):
        if isinstance(node, dict):
            return {k: walk(v, f"{path}/{k}" if path else k) for k, v in node.items()}
        return translate(node, path)
    return walk(tree, "")


def strings_for(content, artefact, translate=None):
    """The strings one artefact needs: its own section plus `common`."""
    text = {"common": content["text"]["common"], artefact: content["text"][artefact]}
    if translate is not None:
        text = translate_tree(text, translate)
    return {**text["common"], **text[artefact]}


DEFAULT_CONTENT = Path(__file__).resolve().parents[2] / "flows" / "print" / "posters.yaml"
