"""The walk engine, node by node, without Flask."""
import pytest

from routemap.walk import SEEN, all_routes, answer_problem, query_string, valid_answer, walk


def current(flow, **answers):
    params = {k.replace("_", "-"): (v if isinstance(v, list) else [v]) for k, v in answers.items()}
    return walk(flow, params).current.id


# Per-node routing: answer X at node N leads to M.
@pytest.mark.parametrize("answers, expected", [
    ({}, "danger"),
    ({"danger": "yes"}, "call-999"),
    ({"danger": "no"}, "age"),
    ({"danger": "no", "age": "adult"}, "signs"),
    ({"danger": "no", "age": "unsure", "signs": "none"}, "child"),
    ({"danger": "no", "age": "under-18", "signs": ["debt"]}, "child"),
    ({"danger": "no", "age": "adult", "signs": ["debt"]}, "explain"),
    ({"danger": "no", "age": "adult", "signs": "none"}, "advice"),
    ({"danger": "no", "age": "adult", "signs": ["no-id", "debt"], "explain": SEEN}, "refer"),
    ({"danger": "no", "age": "adult", "signs": ["debt"], "explain": SEEN}, "advice"),
])
def test_next_node(example_flow, answers, expected):
    assert current(example_flow, **answers) == expected


def test_route_and_answers_in_route_order(example_flow):
    result = walk(example_flow, {"signs": ["debt", "no-id"], "age": ["adult"], "danger": ["no"], "explain": [SEEN]})
    assert [s.node.id for s in result.route] == ["danger", "age", "signs", "explain"]
    assert result.answers["signs"] == ("no-id", "debt")  # the flow's order, not the URL's
    assert result.finished and result.current.id == "refer"
    assert query_string(result.answers) == "danger=no&age=adult&signs=no-id&signs=debt&explain=seen"


def test_answers_off_the_route_are_dropped(example_flow):
    result = walk(example_flow, {"danger": ["yes"], "age": ["adult"], "nonsense": ["x"]})
    assert result.current.id == "call-999"
    assert result.answers == {"danger": ("yes",)}


@pytest.mark.parametrize("params", [
    {"danger": ["maybe"]},
    {"danger": ["yes", "no"]},  # repeated key on a single-choice question
    {"danger": ["x" * 10_000]},
    {"danger": ["\ufffd"]},
])
def test_invalid_answer_stops_the_walk_there(example_flow, params):
    result = walk(example_flow, params)
    assert result.current.id == "danger" and result.rejected == "danger" and result.route == ()


def test_answers_after_an_invalid_one_are_ignored(example_flow):
    result = walk(example_flow, {"danger": ["no"], "age": ["old"], "signs": ["debt"]})
    assert result.current.id == "age" and list(result.answers) == ["danger"]


@pytest.mark.parametrize("values, ok", [
    (["debt"], True), (["debt", "no-id"], True), (["none"], True),
    (["none", "debt"], False), (["debt", "debt"], False), ([], False), (["other"], False),
])
def test_checklist_answers(example_flow, values, ok):
    assert (valid_answer(example_flow.nodes["signs"], values) is not None) is ok


def test_information_steps_accept_only_seen(example_flow):
    node = example_flow.nodes["explain"]
    assert valid_answer(node, [SEEN]) == (SEEN,)
    assert valid_answer(node, ["yes"]) is None


@pytest.mark.parametrize("node_id, values, problem", [
    ("danger", [], "empty"), ("danger", [""], "empty"), ("danger", ["maybe"], "invalid"),
    ("signs", ["none", "debt"], "exclusive"), ("signs", ["debt"], None),
])
def test_answer_problems(example_flow, node_id, values, problem):
    assert answer_problem(example_flow.nodes[node_id], values) == problem


def test_all_routes_reach_every_outcome(example_flow):
    routes = list(all_routes(example_flow))
    assert all(r.finished for r in routes)
    assert {r.current.id for r in routes} == {n.id for n in example_flow.outcomes}


RENAMED = """id: renamed
title: T
start: role
nodes:
  role:
    type: question
    text: Where do you work?
    options:
      - id: fair-work-agency
        label: The Fair Work Agency (formerly the GLAA)
        aliases: [glaa]
      - id: other
        label: Somewhere else
    next: signs
  signs:
    type: checklist
    text: What have you noticed?
    options:
      - id: disclosed
        label: They told me
        aliases: [told]
      - id: debt
        label: Debt
      - id: none
        label: None of these
        exclusive: true
    next:
      - when: {role: {any: [fair-work-agency]}}
        go: refer
        label: Fair Work Agency
      - otherwise: advice
  refer:
    type: outcome
    title: Refer
    steps: [Refer.]
    sources: [{title: S, url: "https://www.gov.wales/modern-slavery"}]
    reviewed: 2026-11-29
  advice:
    type: outcome
    title: Advice
    steps: [Ask.]
    sources: [{title: S, url: "https://www.gov.wales/modern-slavery"}]
    reviewed: 2026-11-29
"""


@pytest.fixture(scope="module")
def renamed_flow(tmp_path_factory):
    from routemap import validate
    from routemap.loader import build_flow
    from routemap.yamlsource import read_yaml

    path = tmp_path_factory.mktemp("flows") / "renamed.yaml"
    path.write_text(RENAMED)
    tree = read_yaml(path)
    assert validate.check_flow_tree(tree, str(path), "renamed") == []
    flow = build_flow(tree, str(path))
    assert validate.check_flow_graph(flow, None) == []
    return flow


def test_an_old_answer_id_walks_the_same_route_as_the_current_one(renamed_flow):
    """An answer renamed in the content keeps its old id as an alias: a bookmark or a
    printed QR code made before the rename still works, and the route uses the new id."""
    old = walk(renamed_flow, {"role": ["glaa"], "signs": ["told", "debt"]})
    new = walk(renamed_flow, {"role": ["fair-work-agency"], "signs": ["disclosed", "debt"]})
    assert old.current.id == new.current.id == "refer"
    assert old.answers == new.answers == {"role": ("fair-work-agency",), "signs": ("disclosed", "debt")}
    assert query_string(old.answers) == "role=fair-work-agency&signs=disclosed&signs=debt"


def test_an_alias_and_its_current_id_together_count_once(renamed_flow):
    assert valid_answer(renamed_flow.nodes["signs"], ["disclosed", "told"]) is None
    assert valid_answer(renamed_flow.nodes["signs"], ["told", "none"]) is None  # none is still exclusive
    assert valid_answer(renamed_flow.nodes["role"], ["glaa"]) == ("fair-work-agency",)
    assert answer_problem(renamed_flow.nodes["role"], ["gla"]) == "invalid"


def test_query_strings_quote_only_what_needs_it():
    from routemap.walk import encode_query, query_string

    assert query_string({"age": ("adult",), "signs": ("no-id", "debt")}) == "age=adult&signs=no-id&signs=debt"
    # Anything that is not an id is quoted as urlencode would.
    assert encode_query([("a", "x y"), ("b", "é&=")]) == "a=x+y&b=%C3%A9%26%3D"
    assert encode_query([("a b", "1")]) == "a+b=1"
    assert encode_query([]) == ""
