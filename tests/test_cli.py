"""`flask routemap validate|graph` as a content author runs them."""
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


def test_validate_valid_folder_exits_0_and_lists_items_awaiting_verification(runner):
    result = runner.invoke(args=["routemap", "validate", str(FIXTURES / "flows")])
    assert result.exit_code == 0, result.output
    assert "Content is valid (3 items awaiting verification)." in result.output
    assert "notice: " in result.output and "victim-care: needs verification" in result.output


def test_validate_broken_file_exits_1_with_file_line_node_messages(runner):
    result = runner.invoke(args=["routemap", "validate", str(FIXTURES / "broken" / "unknown-contact.yaml")])
    assert result.exit_code == 1
    assert "unknown-contact.yaml:5: done: contact 'helpine' is not in contacts.yaml (did you mean 'helpline'?)" in result.output
    assert "1 problem found." in result.output
    assert "Traceback" not in result.output


def test_validate_whole_broken_folder_reports_every_file(runner):
    result = runner.invoke(args=["routemap", "validate", str(FIXTURES / "broken")])
    assert result.exit_code == 1
    files = {line.split(":")[0] for line in result.output.splitlines() if ".yaml:" in line}
    assert len(files) == len(list((FIXTURES / "broken").glob("*.yaml"))) - 1  # all but contacts.yaml


def test_graph_dot_and_svg(runner):
    dot = runner.invoke(args=["routemap", "graph", "example", "--format", "dot"])
    assert dot.exit_code == 0 and dot.output.startswith('digraph "example"')
    assert '"danger" -> "call-999" [label="Yes"]' in dot.output
    svg = runner.invoke(args=["routemap", "graph", "example", "--format", "svg"])
    assert svg.exit_code == 0 and svg.output.startswith("<svg") and "Call 999 now" in svg.output


def test_graph_unknown_flow(runner):
    result = runner.invoke(args=["routemap", "graph", "nope"])
    assert result.exit_code == 2 and "no flow 'nope'" in result.output
