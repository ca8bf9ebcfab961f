"""Parts of pages rendered once per language, with holes each page fills (web/parts.py)."""
from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from routemap.web.state import state


def render(app, source: str, lang: str = "en", **context) -> str:
    with app.test_request_context(f"/{lang}/guide/"):
        app.preprocess_request()
        return app.jinja_env.from_string(source).render(lang=state(app).languages[lang], **context)


def test_once_renders_a_part_once_per_language_and_key(app):
    """The part is rendered the first time for its language and key, then reused;
    another key or language renders it again."""
    calls = []
    count = lambda: calls.append(1) or len(calls)  # noqa: E731
    source = '{% call once("test-part", key) %}<b>{{ count() }} {{ lang.code }}</b>{% endcall %}'
    assert render(app, source, key="a", count=count) == "<b>1 en</b>"
    assert render(app, source, key="a", count=count) == "<b>1 en</b>"  # reused: not rendered again
    assert render(app, source, key="b", count=count) == "<b>2 en</b>"
    assert render(app, source, "cy", key="a", count=count) == "<b>3 cy</b>"
    assert len(calls) == 3


def test_each_page_fills_the_holes_of_a_part_rendered_once(app):
    calls = []
    count = lambda: calls.append(1) or len(calls)  # noqa: E731
    source = ('{% call once("test-holes", fill={"here": here}) %}'
              '<a href="/{{ hole("here") }}">{{ count() }}</a>{% endcall %}')
    assert render(app, source, here="x?a=1&b=2", count=count) == '<a href="/x?a=1&amp;b=2">1</a>'
    # The value is escaped (it comes from the request); the part itself is reused.
    assert render(app, source, here='"><script>', count=count) == '<a href="/&#34;&gt;&lt;script&gt;">1</a>'
    assert render(app, source, here=Markup(" ok"), count=count) == '<a href="/ ok">1</a>'
    assert len(calls) == 1


def test_a_hole_without_a_value_is_an_error_not_an_empty_link(app):
    source = '{% call once("test-missing", fill={}) %}<a href="{{ hole("here") }}">x</a>{% endcall %}'
    with pytest.raises(KeyError):
        render(app, source)


def test_ticks_mark_the_chosen_options_only(app):
    from routemap.web.parts import ticks

    node = state(app).content.flows["example"].nodes["signs"]
    assert ticks(node.options, {"debt", "fearful"}) == {
        "no-id": "", "debt": " checked", "fearful": " checked", "none": ""}


def test_a_question_is_rendered_once_whatever_was_answered(app, client):
    """The options of a question are kept per node and language, never per answer: the
    answers are not part of any key (what timing could otherwise reveal)."""
    memo = state(app).translators["en"]._memo
    kept = lambda: [k for k in memo if k[0] == "once" and k[2][1] == "question"]  # noqa: E731
    before = len(kept())
    for chosen in ("", "&signs=debt", "&signs=debt&signs=fearful", "&signs=none"):
        page = client.get(f"/en/guide/example/signs?danger=no&age=adult{chosen}").get_data(as_text=True)
        ticked = set(re.findall(r'value="([\w-]+)" checked', page))
        assert ticked == set(re.findall(r"signs=([\w-]+)", chosen))
    assert len(kept()) - before <= 1
    assert [k for k in kept() if "signs" in k[2]]


def test_a_part_with_holes_needs_its_values(app):
    source = '{% call once("test-no-fill") %}<a href="{{ hole("here") }}">x</a>{% endcall %}'
    with pytest.raises(KeyError):
        render(app, source)


def test_answer_rows_are_kept_per_answer_with_their_change_links_filled_in(app, client):
    memo = state(app).translators["en"]._memo
    rows = lambda: {k[2][1:] for k in memo if k[0] == "once" and k[2][1] == "answer-row"}  # noqa: E731
    first = client.get("/en/guide/example/signs?danger=no&age=adult").get_data(as_text=True)
    second = client.get("/en/guide/example/signs?danger=no&age=unsure").get_data(as_text=True)
    assert 'href="/en/guide/example/age?danger=no&amp;age=adult"' in first
    assert 'href="/en/guide/example/danger?danger=no&amp;age=unsure"' in second
    # One part per node and answer: "danger=no" is shared by both pages.
    kept = {(key[2], key[3]) for key in rows() if key[2] in ("danger", "age")}
    assert kept >= {("danger", ("no",)), ("age", ("adult",)), ("age", ("unsure",))}
