"""Practice scenarios: read from flows/practice/, checked against the flows (routemap/practice.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from routemap.loader import ContentError, check_content
from routemap.practice import check_scenario, compare
from routemap.web import create_app
from routemap.walk import walk
from routemap.yamlsource import display_path, read_yaml

from .conftest import FIXTURES

BROKEN = FIXTURES / "practice"


def problems_in(name: str, content) -> list[str]:
    path = BROKEN / f"{name}.yaml"
    scenario, found = check_scenario(read_yaml(path, f"practice/{name}"), display_path(path), name,
                                     content.flows, content.claims)
    assert (scenario is None) == bool(found)
    return [str(p) for p in found]


def test_a_good_scenario_is_read_into_the_model(example_content):
    assert problems_in("good", example_content) == []
    kitchen = example_content.practice["kitchen"]
    assert kitchen.flow == "example" and kitchen.outcome == "refer"
    assert kitchen.levels == ("awareness", "first-responder")
    assert kitchen.answers == {"danger": ("no",), "age": ("adult",), "signs": ("no-id", "debt")}
    assert [p.at for p in kitchen.points] == ["signs", "age"]
    assert kitchen.mistakes[0].answers == {"danger": ("yes",)}
    # Strings keep their translation context, like the flows'.
    assert kitchen.title.path == "practice/kitchen/title"
    assert kitchen.discussion[0].path == "practice/kitchen/discussion/text"


F = "tests/fixtures/practice"


@pytest.mark.parametrize("name, expected", [
    ("unknown-node", f"{F}/unknown-node.yaml:13: unknown-node/sings: the flow 'example' has no question 'sings' (did you mean 'signs'?)"),
    ("unknown-answer", f"{F}/unknown-answer.yaml:12: unknown-answer/age: 'adlt' is not an answer to 'age' (did you mean 'adult'?)"),
    ("wrong-outcome", f"{F}/wrong-outcome.yaml:14: wrong-outcome/refer: the expert's answers now lead to 'advice', not 'refer' "
                      "(if the guide changed on purpose, write outcome: advice, and check the story and teaching points still hold)"),
    ("mistake-same", f"{F}/mistake-same.yaml:24: mistake-same/mistakes: this mistake leads to 'refer', the same outcome as the expert's "
                     "(a mistake must lead somewhere different: change its answers, or drop it)"),
    ("unknown-evidence", f"{F}/unknown-evidence.yaml:18: unknown-evidence/signs: claim 'first-responder' is not in evidence.yaml (did you mean 'first-responders'?)"),
    ("missing-story", f"{F}/missing-story.yaml:2: missing-story: a scenario has no 'body' (add 'body:' (text))"),
])
def test_a_broken_scenario_names_file_line_node_and_fix(example_content, name, expected):
    assert expected in problems_in(name, example_content)


def content_with(tmp_path, scenario: str) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURES / "flows", folder)
    (folder / "practice" / "broken.yaml").write_text(scenario, encoding="utf-8")
    return folder


def test_the_app_refuses_content_with_a_broken_scenario(tmp_path):
    folder = content_with(tmp_path, (BROKEN / "wrong-outcome.yaml").read_text())
    with pytest.raises(ContentError) as error:
        create_app({"FLOWS_DIR": str(folder), "TESTING": True})
    assert "practice/broken.yaml:14: broken/refer: the expert's answers now lead to 'advice'" in str(error.value)


def test_a_scenario_on_a_broken_flow_reports_only_the_flow(tmp_path):
    folder = content_with(tmp_path, (BROKEN / "good.yaml").read_text())
    (folder / "example.yaml").write_text("id: example\n", encoding="utf-8")
    _, problems = check_content(folder)
    assert problems and not any("practice" in p.file for p in problems)


def test_unanswered_questions_and_unasked_answers_are_problems(example_content, tmp_path):
    text = (BROKEN / "good.yaml").read_text()
    stops = text.replace("    signs: [no-id, debt]\n", "")
    assert any("good.yaml:10: s/signs: the expert's answers stop at 'signs', which they do not answer" in p
               for p in [str(x) for x in check_in(tmp_path, stops, example_content)])
    extra = text.replace("    danger: \"no\"\n", "    danger: \"yes\"\n")
    found = [str(p) for p in check_in(tmp_path, extra, example_content)]
    assert any("the expert's answers now lead to 'call-999', not 'refer'" in p for p in found)


def check_in(tmp_path, text, content):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return check_scenario(read_yaml(path, "practice/s"), "good.yaml", "s", content.flows, content.claims)[1]


def test_an_answer_off_the_expert_route_is_a_problem(example_content, tmp_path):
    text = (FIXTURES / "flows" / "practice" / "car-wash.yaml").read_text()
    found = [str(p) for p in check_in(tmp_path, text.replace('    danger: "yes"\n', '    danger: "yes"\n    age: adult\n'),
                                      example_content)]
    assert "good.yaml:11: s/age: the expert's route does not pass through 'age' (remove this answer, or change an earlier one so that the route asks it)" in found


def test_the_real_scenarios_are_valid(real_content):
    # Every scenario in flows/practice/ walks the current flows to its outcome (the loader
    # refuses the content otherwise); this says so in the test report too.
    for scenario in real_content.practice.values():
        assert scenario.flow in real_content.flows


def test_the_same_answers_as_the_expert_match(example_content, example_flow):
    kitchen = example_content.practice["kitchen"]
    result = walk(example_flow, {"danger": ["no"], "age": ["adult"], "signs": ["no-id", "debt"], "explain": ["seen"]})
    comparison = compare(kitchen, example_flow, result)
    assert comparison.matches and comparison.same_outcome and comparison.mistakes == ()


def test_a_listed_mistake_is_recognised_and_the_routes_differ(example_content, example_flow):
    kitchen = example_content.practice["kitchen"]
    result = walk(example_flow, {"danger": ["yes"]})
    comparison = compare(kitchen, example_flow, result)
    assert not comparison.matches and comparison.outcome.id == "call-999"
    assert comparison.mistakes == (kitchen.mistakes[0],)
    assert [(r.node.id, r.theirs, r.expert) for r in comparison.rows] == [
        ("danger", ("yes",), ("no",)), ("age", None, ("adult",)), ("signs", None, ("no-id", "debt"))]


def test_a_different_answer_that_is_no_listed_mistake_still_shows(example_content, example_flow):
    kitchen = example_content.practice["kitchen"]
    result = walk(example_flow, {"danger": ["no"], "age": ["adult"], "signs": ["fearful"], "explain": ["seen"]})
    comparison = compare(kitchen, example_flow, result)
    assert not comparison.matches and comparison.outcome.id == "advice" and comparison.mistakes == ()
    assert [(r.node.id, r.differs) for r in comparison.rows] == [("danger", False), ("age", False), ("signs", True)]


def test_a_question_only_the_learner_was_asked_is_shown(example_content, example_flow):
    car_wash = example_content.practice["car-wash"]
    result = walk(example_flow, {"danger": ["no"], "age": ["under-18"], "signs": ["none"]})
    comparison = compare(car_wash, example_flow, result)
    assert [(r.node.id, r.theirs, r.expert) for r in comparison.rows] == [
        ("danger", ("no",), ("yes",)), ("age", ("under-18",), None), ("signs", ("none",), None)]
    assert comparison.mistakes == ()  # the listed mistake also ticked "fearful"


def test_routemap_validate_reports_a_broken_scenario_with_file_and_line(app, tmp_path):
    folder = content_with(tmp_path, (BROKEN / "unknown-answer.yaml").read_text())
    result = app.test_cli_runner().invoke(args=["routemap", "validate", str(folder)])
    assert result.exit_code == 1
    assert "practice/broken.yaml:12: broken/age: 'adlt' is not an answer to 'age' (did you mean 'adult'?)" in result.output
    assert "Traceback" not in result.output


def test_routemap_validate_checks_one_named_case_against_its_folders_flows(app, tmp_path):
    folder = content_with(tmp_path, (BROKEN / "unknown-answer.yaml").read_text())
    runner = app.test_cli_runner()
    bad = runner.invoke(args=["routemap", "validate", str(folder / "practice" / "broken.yaml")])
    assert bad.exit_code == 1 and "broken.yaml:12: broken/age: 'adlt' is not an answer to 'age'" in bad.output
    assert "1 problem found." in bad.output  # only the named case, not the flow rules of a case file
    good = runner.invoke(args=["routemap", "validate", str(folder / "practice" / "kitchen.yaml")])
    assert good.exit_code == 0, good.output
