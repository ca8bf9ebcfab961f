"""One printable's words from flows/print/posters.yaml (`text:`), translated.

Each string is an LStr that knows its path (e.g. `posters/text/poster/signs/debt`): the
gettext context it is extracted (content.extract_print_yaml) and translated with.
"""
import markupsafe


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
