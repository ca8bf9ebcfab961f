"""`routemap changes OLD [NEW]`: the change report for reviewers."""
import shutil
from pathlib import Path

import pytest

from routemap import changes
from routemap.printing import pdfcheck
from routemap.web import create_app
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]


def make_side(base: Path, name: str) -> Path:
    folder = base / name
    shutil.copytree(FIXTURES / "flows", folder / "flows")
    (folder / "translations").mkdir()
    for code in ("cy",):
        shutil.copytree(ROOT / "translations" / code, folder / "translations" / code,
                        ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "translations" / "languages.yaml", folder / "translations")
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    base = tmp_path_factory.mktemp("changes")
    old, new = make_side(base, "old"), make_side(base, "new")
    flow = new / "flows" / "example.yaml"
    edit(flow, "         go: refer}\n      - otherwise: advice", "         go: refer}\n      - otherwise: refer")
    edit(flow, "title: Call 999 now", "title: Call 999 straight away")
    edit(new / "flows" / "contacts.yaml", '"08000 121 700"', '"08000 121 701"')
    edit(new / "flows" / "contacts.yaml", "url: https://www.modernslaveryhelpline.org\n    reviewed: 2026-11-29",
         "url: https://www.modernslaveryhelpline.org\n    reviewed: 2026-12-01")
    po = new / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
    edit(po, 'msgstr "Mewn argyfwng, ffoniwch 999."', 'msgstr "Mewn argyfwng, ffoniwch 999 ar unwaith."')
    return changes.compare(changes.load_side(old / "flows"), changes.load_side(new / "flows"))


def test_lists_a_changed_route_with_its_answers(report):
    moved = [r for r in report.routes if r.new.endswith("(refer)")]
    assert moved and all(r.old.endswith("(advice)") for r in moved), report.routes
    assert moved[0].answers[0] == "Is anyone in immediate danger? -> No"
    assert "Signs suggest; they never prove -> (read)" in moved[0].answers
    assert all(r.flow == "example" for r in report.routes)


def test_lists_changed_text_side_by_side_with_marks(report):
    [text] = [t for t in report.texts if t.path.endswith("call-999/title")]
    assert (text.old_en, text.new_en) == ("Call 999 now", "Call 999 straight away")
    md = changes.to_markdown(report)
    assert "- old: Call 999 [-now-]" in md and "- new: Call 999 {+straight away+}" in md
    page = changes.to_html(report)
    assert "Call 999 <del>now</del>" in page and "Call 999 <ins>straight away</ins>" in page


def test_lists_a_changed_welsh_string(report):
    [welsh] = [t for t in report.translations if t.msgid == "In an emergency, call 999."]
    assert welsh.lang == "cy" and welsh.new == "Mewn argyfwng, ffoniwch 999 ar unwaith."
    assert "Mewn argyfwng, ffoniwch 999{+ ar unwaith+}." in changes.to_markdown(report)


def test_lists_contacts_and_redated_sources(report):
    assert any(c.item == "helpline" and c.field == "phone" and c.new == "08000 121 701" for c in report.contacts)
    assert any(s.field == "re-dated (reviewed)" and s.new == "2026-12-01" for s in report.sources)


def test_has_a_sign_off_block_bound_to_the_report(report):
    md = changes.to_markdown(report)
    assert "## Sign-off" in md and "| Name | Role | Date | Signature |" in md
    assert "|  | Safeguarding lead |  |  |" in md and f"Report fingerprint: {report.fingerprint}" in md


def test_same_content_reports_nothing(tmp_path):
    side = make_side(tmp_path, "same")
    empty = changes.compare(changes.load_side(side / "flows"), changes.load_side(side / "flows"))
    assert not (empty.routes or empty.texts or empty.contacts or empty.sources or empty.translations)


def test_git_revision_against_the_working_tree():
    side = changes.load_side("HEAD")
    assert side.content is not None and side.texts and side.catalogs.get("cy")


def test_cli_unknown_revision_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(args=["routemap", "changes", "no-such-revision-xyz"])
    assert result.exit_code == 2 and "neither a content folder nor a git revision" in result.output


def test_cli_pdf(tmp_path, report):
    old = make_side(tmp_path, "a")
    new = make_side(tmp_path, "b")
    edit(new / "flows" / "example.yaml", "title: Call 999 now", "title: Call 999 straight away")
    app = create_app({"FLOWS_DIR": str(new / "flows"), "TRANSLATIONS_DIR": str(ROOT / "translations"), "TESTING": True})
    out = tmp_path / "report.pdf"
    result = app.test_cli_runner().invoke(args=["routemap", "changes", str(old / "flows"), str(new / "flows"),
                                                "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = pdfcheck.text(out.read_bytes())
    assert "Change report" in text and "Sign-off" in text and "straight away" in text
    assert app.test_cli_runner().invoke(args=["routemap", "changes", str(old / "flows"), "--format", "pdf"]).exit_code == 2


def test_names_the_items_whose_sign_off_lapses(report):
    assert "outcome/example/call-999" in report.to_sign_off
    assert "contact/helpline" in report.to_sign_off  # its number changed
    assert "contact/emergency" not in report.to_sign_off
    assert "- outcome/example/call-999" in changes.to_markdown(report)


def test_an_earlier_revision_without_the_newer_display_keys_still_compares(tmp_path):
    """Content valid for the software of its day (no rule labels, no chart_flow, no print
    sections added since) is read for a report, so routes are compared, not refused."""
    import re
    old, new = make_side(tmp_path, "old"), make_side(tmp_path, "new")
    flow = old / "flows" / "example.yaml"
    # Rule labels sit between a rule's `when:` and `go:` (option labels are left alone).
    unlabelled = re.sub(r"(\{when: .*?\}\}), label: (\"[^\"]*\"|[^,]*),", r"\1,", flow.read_text())
    assert unlabelled.count("label:") == flow.read_text().count("label:") - 3
    flow.write_text(unlabelled)
    posters = old / "flows" / "print" / "posters.yaml"
    posters.write_text(re.sub(r"(?m)^chart_flow: .*\n", "", posters.read_text()))
    assert changes.load_side(old / "flows").content is None  # the strict reading refuses it
    side = changes.load_side(old / "flows", earlier=True)
    assert side.content is not None, side.problems
    edit(new / "flows" / "example.yaml", "         go: refer}\n      - otherwise: advice",
         "         go: refer}\n      - otherwise: refer")
    report = changes.compare(side, changes.load_side(new / "flows"))
    assert report.routes_note == "" and report.routes


def test_a_local_page_or_number_changed_is_a_contact_change(tmp_path):
    old, new = make_side(tmp_path, "old"), make_side(tmp_path, "new")
    edit(new / "flows" / "contacts.yaml", 'url: "https://www.cardiff.gov.uk"}',
         'url: "https://www.cardiff.gov.uk", urls: {children: "https://www.cardiff.gov.uk/safeguarding"}}')
    report = changes.compare(changes.load_side(old / "flows"), changes.load_side(new / "flows"))
    assert [(c.item, c.field, c.old, c.new) for c in report.contacts] == [
        ("areas/cardiff", "urls.children", "", "https://www.cardiff.gov.uk/safeguarding")]
