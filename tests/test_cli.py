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


@pytest.fixture()
def broken_print_text(tmp_path):
    """The example content with a poster string that YAML reads as a list."""
    import shutil
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURES / "flows", folder)
    path = folder / "print" / "posters.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(n for n, line in enumerate(lines) if line.startswith("    headline: Spot"))
    lines[number] = "    headline: [Spot the signs]\n"
    path.write_text("".join(lines), encoding="utf-8")
    return folder, number + 1


def test_validate_names_file_and_line_of_a_broken_print_text(runner, broken_print_text):
    folder, line = broken_print_text
    result = runner.invoke(args=["routemap", "validate", str(folder)])
    assert result.exit_code == 1
    assert f"posters.yaml:{line}: text/poster/headline: must be text, not a list" in result.output
    assert "Traceback" not in result.output


def test_the_app_refuses_to_start_on_a_broken_print_text_without_a_traceback(broken_print_text):
    """What `make run` and gunicorn do: import app.py with ROUTEMAP_FLOWS_DIR set."""
    import os
    import subprocess
    import sys
    folder, line = broken_print_text
    done = subprocess.run([sys.executable, "-c", "import app"], cwd=FIXTURES.parents[1],
                          env={**os.environ, "ROUTEMAP_FLOWS_DIR": str(folder)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"posters.yaml:{line}: text/poster/headline: must be text" in done.stderr
    assert "Traceback" not in done.stderr
