"""`routemap routes`: every route, the committed snapshot, --check and --update."""
import shutil
from pathlib import Path

import pytest

from routemap import routes
from routemap.catalogs import ENGLISH, Catalog
from routemap.walk import all_routes, walk
from routemap.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def test_committed_snapshot_matches_the_content(real_app):
    """`make test` runs the check: no change to the advice lands without a new snapshot."""
    result = real_app.test_cli_runner().invoke(args=["routemap", "routes", "--check"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("flow_id", ["possible-victim", "suspected-perpetrator", "cps-suspect-victim"])
def test_each_route_walks_to_its_outcome_and_every_outcome_is_reached(real_content, flow_id):
    flow = real_content.flows[flow_id]
    reached = set()
    for route, outcome in routes.routes(flow):
        assert walk(flow, {b.node: list(b.answer) for b in route}).current.id == outcome
        for branch in route:  # the alternatives shown for a question lead the same way
            for other in branch.also:
                answers = {b.node: list(b.answer) for b in route}
                answers[branch.node] = [other]
                assert walk(flow, answers).current.id == outcome
        reached.add(outcome)
    assert reached == {r.current.id for r in all_routes(flow)}


def test_answers_a_later_rule_tests_are_not_merged(example_content):
    flow = example_content.flows["example"]
    ages = {b.answer for route, _ in routes.routes(flow) for b in route if b.node == "age"}
    # under-18 and unsure route alike, but adult goes elsewhere: two ways at least
    assert ("adult",) in ages and len(ages) >= 2


def test_listing_shows_questions_answers_and_outcome_in_words(example_content):
    text = routes.format_routes(example_content)
    assert "Is anyone in immediate danger? -> Yes" in text
    assert "=> Call 999 now [call-999]" in text


def test_welsh_is_part_of_the_fingerprint(example_content):
    outcome = example_content.flows["example"].nodes["call-999"]
    key = (outcome.title.path, str(outcome.title))
    english = {"en": ENGLISH, "cy": Catalog("cy", {})}
    welsh = {"en": ENGLISH, "cy": Catalog("cy", {key: "Ffoniwch 999 nawr"})}
    assert routes.outcome_views(example_content, english)["example/call-999"].fingerprint != \
        routes.outcome_views(example_content, welsh)["example/call-999"].fingerprint


@pytest.fixture()
def content_copy(tmp_path):
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURES / "flows", folder)
    return folder


def run(folder, *args):
    app = create_app({"FLOWS_DIR": str(folder), "TESTING": True})
    return app.test_cli_runner().invoke(args=["routemap", "routes", *args])


def test_check_fails_without_a_snapshot(content_copy):
    result = run(content_copy, "--check")
    assert result.exit_code == 1 and "--update" in result.output


def test_check_fails_on_changed_outcome_text_and_passes_after_update(content_copy):
    assert run(content_copy, "--update").exit_code == 0
    assert run(content_copy, "--check").exit_code == 0
    flow = content_copy / "example.yaml"
    flow.write_text(flow.read_text().replace("title: Call 999 now", "title: Call 999 at once"))
    result = run(content_copy, "--check")
    assert result.exit_code == 1
    assert "what the user sees changed: example: danger=yes => call-999" in result.output
    assert "-en title: Call 999 now" in result.output and "+en title: Call 999 at once" in result.output
    assert run(content_copy, "--update").exit_code == 0
    assert run(content_copy, "--check").exit_code == 0


def test_check_fails_when_a_route_ends_differently(content_copy):
    assert run(content_copy, "--update").exit_code == 0
    flow = content_copy / "example.yaml"
    text = flow.read_text()
    # Signs that are not both no-id and debt now lead to "refer" after the explanation.
    changed = text.replace("         go: refer}\n      - otherwise: advice", "         go: refer}\n      - otherwise: refer")
    assert changed != text
    flow.write_text(changed)
    result = run(content_copy, "--check")
    assert result.exit_code == 1
    assert "route ends differently: example: danger=no age=adult signs=no-id explain=seen: advice -> refer" in result.output
    assert "danger=yes" not in result.output  # routes that did not move are not listed


def test_check_and_update_together_is_a_usage_error(content_copy):
    result = run(content_copy, "--check", "--update")
    assert result.exit_code == 2


def test_compare_of_deep_routes_names_the_route_briefly():
    old = ["flow f"] + [f"{i} n{i}=a" for i in range(40)] + ["40 n40=a => o1 aa"]
    new = old[:-1] + ["40 n40=a => o2 aa"]
    found = routes.compare(old, new)
    assert len(found) == 1 and found[0].startswith("route ends differently: f: n0=a n1=a n2=a ... (29 more) ...")
    assert found[0].endswith("n40=a: o1 -> o2")


def test_listing_in_welsh(real_app):
    result = real_app.test_cli_runner().invoke(args=["routemap", "routes", "--lang", "cy"])
    assert result.exit_code == 0
    assert "Ble rydych chi'n gweithio? -> " in result.output
