from pathlib import Path

import pytest

from routemap.yamlsource import LDict, LStr, YamlError, read_yaml


def write(tmp_path: Path, text: str, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_strings_keep_line_and_path(tmp_path):
    tree = read_yaml(write(tmp_path, "nodes:\n  a:\n    options:\n      - id: x\n        label: Hello\n"))
    label = tree["nodes"]["a"]["options"][0]["label"]
    assert isinstance(label, LStr) and label == "Hello"
    assert label.line == 5
    assert label.path == "f/nodes/a/options/x/label"
    assert isinstance(tree, LDict) and tree["nodes"].line_of("a") == 2


def test_list_items_without_id_share_the_list_path(tmp_path):
    tree = read_yaml(write(tmp_path, "steps:\n  - One\n  - Two\n"))
    assert [s.path for s in tree["steps"]] == ["f/steps", "f/steps"]
    assert [s.line for s in tree["steps"]] == [2, 3]


def test_scalars_other_than_strings_are_typed(tmp_path):
    tree = read_yaml(write(tmp_path, "n: 3\nok: true\nreviewed: 2026-11-29\n"))
    assert tree["n"] == 3 and tree["ok"] is True and str(tree["reviewed"]) == "2026-11-29"


@pytest.mark.parametrize("text, line, words", [
    ("a: 1\na: 2\n", 2, "duplicate key 'a' (first on line 1)"),
    ("a: &x 1\nb: *x\n", 2, "aliases (*name) are not allowed"),
    ("a:\n\t- 1\n", 2, "indent with spaces, not tabs"),
    ("a: [1,\n", 2, "YAML error"),
    ("", 1, "the file is empty"),
])
def test_bad_yaml_names_file_and_line(tmp_path, text, line, words):
    with pytest.raises(YamlError) as caught:
        read_yaml(write(tmp_path, text))
    assert caught.value.problem.line == line
    assert words in str(caught.value)
    assert "f.yaml" in str(caught.value)


def test_not_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(YamlError, match="not valid UTF-8") as caught:
        read_yaml(path)
    assert caught.value.problem.line == 2


def test_oversized_file_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, "a: " + "x" * 1_100_000 + "\n")
    with pytest.raises(YamlError, match="byte limit"):
        read_yaml(path)


def test_billion_laughs_cannot_expand(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    with pytest.raises(YamlError, match="aliases"):
        read_yaml(write(tmp_path, bomb))
