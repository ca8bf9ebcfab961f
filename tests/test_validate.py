"""The validator's messages, one broken file per kind of error, asserted exactly."""
from pathlib import Path

import pytest

from routemap.loader import ContentError, check_content, load_content

BROKEN = Path(__file__).parent / "fixtures" / "broken"

EXPECTED = {
    "alias.yaml": "alias.yaml:7: YAML error: aliases (*name) are not allowed in content (write the value out in full)",
    "bad-rule-ref.yaml": "bad-rule-ref.yaml:15: a: a rule tests 'a' for unknown option(s) two (options of a: one, none)",
    "bare-yes.yaml": "bare-yes.yaml:9: a: 'id' must be an id (lowercase letters, digits and hyphens), not True (quote it: bare yes/no/true/false are booleans in YAML)",
    "cycle.yaml": "cycle.yaml:5: a: routes go round in a loop: a -> b -> a (answers are kept per node, so a route may pass through a node only once; route forward instead)",
    "dangling-next.yaml": "dangling-next.yaml:8: a: a rule goes to 'done', which does not exist (check the id)",
    "dead-end.yaml": "dead-end.yaml:5: a: option(s) right go nowhere (add next: to each option, or a node-level next)",
    "duplicate-id.yaml": "duplicate-id.yaml:15: a: duplicate key 'a' (first on line 5) (remove or rename one of them)",
    "duplicate-option.yaml": "duplicate-option.yaml:11: a: duplicate option id 'same' (first on line 9) (give each option its own id)",
    "entry-points-on-checklist.yaml": "entry-points-on-checklist.yaml: entry_points needs the start node to be a question (one answer) (remove entry_points or start with a question such as the user's role)",
    "missing-field.yaml": "missing-field.yaml:6: a: a question node has no 'text' (add 'text:' (text))",
    "no-exclusive.yaml": "no-exclusive.yaml:8: a: a checklist needs an exclusive option such as 'None of these' (add an option with exclusive: true)",
    "no-fallback.yaml": "no-fallback.yaml:15: a: the rules have no fallback (end the list with - otherwise: NODE-ID)",
    "no-reviewed.yaml": "no-reviewed.yaml:6: done: an outcome node has no 'reviewed' (add 'reviewed:' (a date like 2026-11-29))",
    "no-sources.yaml": "no-sources.yaml:6: done: an outcome node has no 'sources' (add 'sources:' (a list of {title, url}))",
    "tabs.yaml": "tabs.yaml:5: YAML error: found character '\\t' that cannot start any token (indent with spaces, not tabs)",
    "unknown-contact.yaml": "unknown-contact.yaml:5: done: contact 'helpine' is not in contacts.yaml (did you mean 'helpline'?)",
    "unknown-key.yaml": "unknown-key.yaml:8: a: unknown key 'stpes' in an outcome node (did you mean 'steps'?)",
    "unreachable.yaml": "unreachable.yaml:15: orphan: no route reaches this node (route to it from another node, or delete it)",
    "unverified-without-note.yaml": "unverified-without-note.yaml:11: done: needs-verification without a verification_note (say exactly what is unconfirmed in verification_note)",
    "wrong-id.yaml": "wrong-id.yaml:1: the flow id 'something-else' does not match the file name 'wrong-id.yaml' (rename the file or write id: wrong-id)",
}


def problems_for(name: str) -> list[str]:
    content, problems = check_content(BROKEN, only=[BROKEN / name])
    assert content is None
    return [str(p) for p in problems]


def test_every_broken_file_has_an_expected_message():
    assert sorted(p.name for p in BROKEN.glob("*.yaml") if p.name != "contacts.yaml") == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_exact_message(name):
    messages = problems_for(name)
    assert any(m.endswith(EXPECTED[name]) for m in messages), messages
    assert all(m.startswith(f"tests/fixtures/broken/{name}") for m in messages), messages


def test_all_problems_are_reported_at_once(tmp_path):
    (tmp_path / "contacts.yaml").write_text((BROKEN / "contacts.yaml").read_text())
    for name in ("unknown-contact.yaml", "no-sources.yaml", "tabs.yaml"):
        (tmp_path / name).write_text((BROKEN / name).read_text())
    with pytest.raises(ContentError) as caught:
        load_content(tmp_path)
    assert len(caught.value.problems) == 3
    assert "3 problems" in str(caught.value)


def test_missing_contacts_file_is_reported(tmp_path):
    (tmp_path / "x.yaml").write_text((BROKEN / "no-sources.yaml").read_text())
    content, problems = check_content(tmp_path)
    assert any("contacts.yaml: cannot read the file" in str(p) for p in problems)


def test_contacts_file_problems(tmp_path):
    (tmp_path / "contacts.yaml").write_text(
        "contacts:\n  helpline:\n    name: Helpline\n    phone: 123\n    sources: [{title: S, url: 'http://x'}]\n"
        "    reviewed: 2026-11-29\nareas:\n  cardiff: {name: Cardiff, name_cy: Caerdydd, police: nope, health_board: nope}\n"
    )
    _, problems = check_content(tmp_path)
    text = "\n".join(str(p) for p in problems)
    assert "helpline: 'phone' must be text, not 123" in text
    assert "helpline: each source needs a title and an https:// url" in text
    assert "cardiff: police 'nope' is not in police_forces" in text


def test_example_content_is_valid_and_lists_needs_verification(example_content):
    ids = {n.node for n in example_content.notices}
    assert ids == {"victim-care", "refer", "excluded-offences"}


def long_flow(steps: int, loop_back: bool = False) -> str:
    """A flow of `steps` information pages in a row: far deeper than any real one."""
    nodes = [f"  s{i}: {{type: info, text: Step {i}, next: s{i + 1}}}" for i in range(steps)]
    last = "s0" if loop_back else "done"
    nodes.append(f"  s{steps}: {{type: info, text: Last, next: {last}}}")
    nodes.append("  done: {type: outcome, title: Done, steps: [Act], sources: [{title: S, url: \"https://e.org\"}], reviewed: 2026-11-29}")
    return "id: long\ntitle: Long\nstart: s0\nnodes:\n" + "\n".join(nodes) + "\n"


def test_a_very_deep_flow_is_checked_without_crashing(tmp_path):
    (tmp_path / "contacts.yaml").write_text((BROKEN / "contacts.yaml").read_text())
    (tmp_path / "long.yaml").write_text(long_flow(5000))
    content, problems = check_content(tmp_path, only=[tmp_path / "long.yaml"])
    assert problems == []


def test_a_loop_at_the_end_of_a_very_deep_flow_is_found(tmp_path):
    (tmp_path / "contacts.yaml").write_text((BROKEN / "contacts.yaml").read_text())
    (tmp_path / "long.yaml").write_text(long_flow(5000, loop_back=True))
    _, problems = check_content(tmp_path, only=[tmp_path / "long.yaml"])
    messages = [p.message for p in problems]
    assert any(m.startswith("routes go round in a loop: s0 -> s1 -> ") and m.endswith("s5000 -> s0") for m in messages), messages
