"""flows/usage/exploitation.yaml: kinds come from content, and a stale file names its fix."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from routemap.loader import ContentError, load_content
from routemap.usage.kinds import FILE, load_kinds
from routemap.web import create_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def content():
    return load_content(ROOT / "flows")


def flows_with(tmp_path, text: str) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(ROOT / "flows", folder)
    (folder / FILE).write_text(text, encoding="utf-8")
    return folder


def test_the_real_file_maps_every_answer_of_the_kind_questions(content):
    kinds, problems = load_kinds(ROOT / "flows", content)
    assert problems == []
    assert set(kinds.answers) == {"possible-victim", "suspected-perpetrator"}
    assert kinds.of("possible-victim", {"exploitation": ("labour", "sexual")}) == ["sexual", "labour"]
    assert kinds.of("suspected-perpetrator", {"kind": ("children",)}) == []  # who, not what kind
    assert kinds.of("cps-suspect-victim", {"stage-1": ("yes",)}) == []


def test_a_changed_flow_is_named_with_file_line_and_fix(tmp_path, content):
    real = (ROOT / "flows" / FILE).read_text(encoding="utf-8")
    stale = real.replace("      organs: organs\n", "      organ: organs\n").replace("      criminal: criminal\n", "", 1)
    folder = flows_with(tmp_path, stale)
    _, problems = load_kinds(folder, content)
    messages = [str(p) for p in problems]
    line = stale.splitlines().index("      organ: organs") + 1
    assert any(m.startswith(f"{FILE.as_posix()}:{line}: possible-victim/exploitation/organ: 'organ' is not an answer")
               or f"exploitation.yaml:{line}: possible-victim/exploitation/organ" in m for m in messages), messages
    assert any("answers not mapped: criminal, organs" in m and "map each to a kind or to not-counted" in m
               for m in messages), messages


def test_unknown_kind_and_flow(tmp_path, content):
    text = "kinds:\n  labour:\n    label: Labour\nanswers:\n  nope:\n    q: {}\n  possible-victim:\n    exploitation:\n" + \
        "".join(f"      {o}: labour\n" for o in ("sexual", "labour", "domestic", "criminal", "organs")) + \
        "      not-sure: unsure\n"
    _, problems = load_kinds(flows_with(tmp_path, text), content)
    messages = " | ".join(str(p) for p in problems)
    assert "there is no flow 'nope'" in messages
    assert "'unsure' is not a kind listed under kinds" in messages and "use one of: labour, not-counted" in messages


def test_the_app_refuses_to_start_with_a_stale_file(tmp_path):
    folder = flows_with(tmp_path, (ROOT / "flows" / FILE).read_text(encoding="utf-8").replace("sexual: sexual", "sexy: sexual", 1))
    with pytest.raises(ContentError, match="'sexy' is not an answer"):
        create_app({"TESTING": True, "FLOWS_DIR": str(folder)})
