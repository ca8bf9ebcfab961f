"""The validator's messages, one broken file per kind of error, asserted exactly."""
from pathlib import Path

import pytest

from routemap.loader import ContentError, check_content, load_content

BROKEN = Path(__file__).parent / "fixtures" / "broken"

EXPECTED = {
    "alias-in-rule.yaml": "alias-in-rule.yaml:15: a: a rule tests 'a' for 'glaa', the old id of 'fair-work-agency' (test the current id 'fair-work-agency')",
    "alias.yaml": "alias.yaml:7: YAML error: aliases (*name) are not allowed in content (write the value out in full)",
    "bad-rule-ref.yaml": "bad-rule-ref.yaml:15: a: a rule tests 'a' for unknown option(s) two (options of a: one, none)",
    "bare-yes.yaml": "bare-yes.yaml:9: a: 'id' must be an id (lowercase letters, digits and hyphens), not True (quote it: bare yes/no/true/false are booleans in YAML)",
    "cycle.yaml": "cycle.yaml:5: a: routes go round in a loop: a -> b -> a (answers are kept per node, so a route may pass through a node only once; route forward instead)",
    "dangling-next.yaml": "dangling-next.yaml:8: a: a rule goes to 'done', which does not exist (check the id)",
    "dead-end.yaml": "dead-end.yaml:5: a: option(s) right go nowhere (add next: to each option, or a node-level next)",
    "duplicate-id.yaml": "duplicate-id.yaml:15: a: duplicate key 'a' (first on line 5) (remove or rename one of them)",
    "duplicate-alias.yaml": "duplicate-alias.yaml:13: a: alias 'fair-work-agency' of 'other' is already an id or alias on line 9 (an old id may stand for one answer only)",
    "duplicate-option.yaml": "duplicate-option.yaml:11: a: duplicate option id 'same' (first on line 9) (give each option its own id)",
    "entry-points-on-checklist.yaml": "entry-points-on-checklist.yaml: entry_points needs the start node to be a question (one answer) (remove entry_points or start with a question such as the user's role)",
    "missing-field.yaml": "missing-field.yaml:6: a: a question node has no 'text' (add 'text:' (text))",
    "no-exclusive.yaml": "no-exclusive.yaml:8: a: a checklist needs an exclusive option such as 'None of these' (add an option with exclusive: true)",
    "no-label.yaml": "no-label.yaml:15: a: the rule that goes to 'done' has no label (add label: the rule in a few words for the route map's arrow, e.g. label: \"Under 18, or not sure\")",
    "empty-label.yaml": "empty-label.yaml:19: a: 'label' must be text, not '' (write text)",
    "no-fallback.yaml": "no-fallback.yaml:15: a: the rules have no fallback (end the list with - otherwise: NODE-ID)",
    "no-reviewed.yaml": "no-reviewed.yaml:6: done: an outcome node has no 'reviewed' (add 'reviewed:' (a date like 2026-11-29))",
    "no-sources.yaml": "no-sources.yaml:6: done: an outcome node has no 'sources' (add 'sources:' (a list of {title, url}))",
    "tabs.yaml": "tabs.yaml:5: YAML error: found character '\\t' that cannot start any token (indent with spaces, not tabs)",
    "unknown-contact.yaml": "unknown-contact.yaml:5: done: contact 'helpine' is not in contacts.yaml (did you mean 'helpline'?)",
    "unknown-block.yaml": "unknown-block.yaml:10: done: block 'after-referal' is not in flows/blocks.yaml (did you mean 'after-referral'?)",
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
    shared = {"contacts.yaml", "blocks.yaml"}  # read with every broken flow, not flows themselves
    assert sorted(p.name for p in BROKEN.glob("*.yaml") if p.name not in shared) == sorted(EXPECTED)


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


# ----------------------------------------------------------- shared blocks and the evidence register

FLOW_WITH_BLOCK = """id: uses-block
title: T
start: done
nodes:
  done:
    type: outcome
    title: Done
    steps:
      - Do this first.
      - block: who-decides
    sources: [{title: S, url: "https://www.gov.wales/modern-slavery"}]
    reviewed: 2026-11-29
"""
BLOCKS = """blocks:
  who-decides:
    text:
      - The Home Office decides.
      - Nobody can promise what it will decide.
    evidence: [home-office-decides]
  spare:
    text: [Never used.]
"""
EVIDENCE = """claims:
  home-office-decides:
    claim: The Home Office makes NRM decisions.
    sources:
      - title: Statutory guidance
        url: https://www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims
        checked: 2026-11-30
"""


def content_folder(tmp_path, blocks=BLOCKS, evidence=EVIDENCE, flow=FLOW_WITH_BLOCK):
    (tmp_path / "contacts.yaml").write_text((BROKEN / "contacts.yaml").read_text())
    (tmp_path / "uses-block.yaml").write_text(flow)
    (tmp_path / "blocks.yaml").write_text(blocks)
    (tmp_path / "evidence.yaml").write_text(evidence)
    return tmp_path


def test_a_block_is_written_once_and_expanded_where_it_is_used(tmp_path):
    folder = content_folder(tmp_path, blocks=BLOCKS.replace("  spare:\n    text: [Never used.]\n", ""))
    content = load_content(folder)
    outcome = content.flows["uses-block"].nodes["done"]
    assert [str(s) for s in outcome.steps] == ["Do this first.", "The Home Office decides.",
                                               "Nobody can promise what it will decide."]
    assert outcome.blocks == ("who-decides",)
    # The block's text keeps its place in blocks.yaml: one string to translate.
    assert outcome.steps[1].path == "blocks/blocks/who-decides/text" and outcome.steps[1].line == 4
    assert content.claims["home-office-decides"].sources[0].checked.isoformat() == "2026-11-30"


def test_an_unused_block_is_reported_with_its_line(tmp_path):
    _, problems = check_content(content_folder(tmp_path))
    assert [str(p) for p in problems] == [
        f"{tmp_path}/blocks.yaml:7: spare: no outcome uses this block (use it in an outcome list as '- block: spare', or delete it)"]


def test_a_block_citing_an_unknown_claim_is_reported(tmp_path):
    _, problems = check_content(content_folder(tmp_path, blocks=BLOCKS.replace("[home-office-decides]", "[home-ofice-decides]")))
    assert f"{tmp_path}/blocks.yaml:6: who-decides: claim 'home-ofice-decides' is not in evidence.yaml (did you mean 'home-office-decides'?)" in [str(p) for p in problems]


def test_a_claim_source_needs_the_date_it_was_checked(tmp_path):
    _, problems = check_content(content_folder(tmp_path, evidence=EVIDENCE.replace("        checked: 2026-11-30\n", "")))
    assert f"{tmp_path}/evidence.yaml:5: home-office-decides: each source needs the date it was checked (add checked: YYYY-MM-DD (the day a person read the page for this claim))" in [str(p) for p in problems]


def test_unconfirmed_claims_are_listed_as_notices(tmp_path):
    evidence = EVIDENCE.replace("    sources:", "    status: needs-verification\n    verification_note: Not yet seen on gov.uk.\n    sources:")
    folder = content_folder(tmp_path, blocks=BLOCKS.replace("  spare:\n    text: [Never used.]\n", ""), evidence=evidence)
    content = load_content(folder)
    assert f"{tmp_path}/evidence.yaml:2: home-office-decides: needs verification: Not yet seen on gov.uk." in [str(n) for n in content.notices]


def test_rules_carry_their_labels_and_an_otherwise_may_have_one(example_flow, tmp_path):
    signs = example_flow.nodes["signs"]
    assert [str(r.label) if r.label else None for r in signs.rules] == ["Under 18, or not sure", "Some signs", None]
    assert signs.rules[1].label.path == "example/nodes/signs/next/label"  # its msgctxt
    flow = (BROKEN / "empty-label.yaml").read_text().replace('label: ""', "label: Nothing ticked")
    (tmp_path / "contacts.yaml").write_text((BROKEN / "contacts.yaml").read_text())
    (tmp_path / "empty-label.yaml").write_text(flow)
    content = load_content(tmp_path)
    assert [str(r.label) for r in content.flows["empty-label"].nodes["a"].rules] == ["One ticked", "Nothing ticked"]
