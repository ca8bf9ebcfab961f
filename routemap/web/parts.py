"""Parts of a page rendered once per language, then reused: `once` and its holes.

Most of a guide page (an outcome's advice, contacts and sources; a question's options;
the header with its ten language links) depends only on the node and the language, not
on the answers, yet it was rendered on every request: most of what a page cost without
the page cache (issue 17, step 8). `once` keeps such a part, rendered the first time
it is shown, in the page's Translator (bounded like its other memos).

The few things in such a part that differ from page to page (the answers carried in a
link, which option is ticked) are holes: the part is rendered with `hole("name")`
where they go, and each page fills them in (`fill=`), escaped. So a part is kept per
node and language, never per route: the answers are not part of any key.
"""
from __future__ import annotations

from flask import Flask
from markupsafe import Markup, escape

from .language import script_root, translator

_MARK = "\x00"  # never in text: a gettext catalog cannot hold it, and no request reaches a part


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(once=once, hole=hole, ticks=ticks, answer_rows=answer_rows)


def hole(name: str) -> Markup:
    """Where a `once` part takes a value from `fill=`: `{{ hole("here") }}`."""
    return Markup(f"{_MARK}{name}{_MARK}")


def once(*key, caller, fill: dict | None = None) -> Markup:
    """`{% call once("name", flow.id, node.id) %}...{% endcall %}`: the part, rendered
    once per language and key. The key must name everything the part shows, and the
    part must not use the answers, the area or anything else from the request except
    through its holes. Where the app is mounted is part of every key: content links
    (language.site_links) and addresses start with it."""
    return part(key, caller, fill)


def part(key: tuple, render, fill: dict | None = None) -> Markup:
    """once() for Python: render() the first time for this language and key."""
    pieces = translator().remember("once", (script_root(), *key), lambda _key: _split(render()))
    if len(pieces) == 1:
        return pieces[0]
    # Kept split at its holes: text, name, text, name, ..., text. A hole without a
    # value is a mistake in the template (KeyError), never an empty link.
    fill = fill or {}
    out = [pieces[0]]
    for at in range(1, len(pieces), 2):
        out.append(escape(fill[pieces[at]]))
        out.append(pieces[at + 1])
    return Markup("".join(out))


def answer_rows(route, change_urls: dict, row) -> Markup:
    """The rows of "Your answers", each a part kept per node and answer (a node's text
    path names its flow): `row(step)` renders one (a macro of guide/_macros.html) with
    a hole "change" for the link that changes it, which carries all the answers.
    A loop here, not in the template: a page has up to a dozen rows, and Jinja's own
    `{% call %}` per row cost as much as the rest of the section."""
    return Markup("".join(
        part(("answer-row", step.node.text.path, step.node.id, step.answer), lambda: row(step),
             {"change": change_urls[step.node.id]})
        for step in route if step.node.kind != "info"))


def _split(part: Markup) -> tuple:
    return tuple(Markup(piece) if at % 2 == 0 else piece
                 for at, piece in enumerate(str(part).split(_MARK)))


def ticks(options, chosen, mark: str = " checked") -> dict:
    """fill= for a list of options whose inputs have a hole named by their id: `mark`
    where the option was chosen, nothing elsewhere."""
    return {option.id: Markup(mark) if option.id in chosen else "" for option in options}
