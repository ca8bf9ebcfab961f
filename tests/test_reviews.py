"""Sign-off that lapses (flows/reviews/signoff.yaml) and per-string translation approvals."""
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from routemap import reviews, translation_reviews
from routemap.loader import load_content
from routemap.report import content_report, format_report
from routemap.web import create_app
from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]


def test_the_committed_register_claims_nothing_it_cannot_show(real_content):
    """Every entry must name a real item and a role; an empty register is honest."""
    register = reviews.read_register(reviews.register_path(ROOT / "flows"))
    assert reviews.unknown_items(real_content, register) == []
    for entries in register.values():
        assert all(r.role and "@" not in r.role for r in entries)


def test_items_cover_outcomes_contacts_and_cps_sections(example_content):
    found = reviews.items(example_content)
    assert "outcome/example/call-999" in found and "contact/helpline" in found
    assert any(i.startswith("cps/") for i in found)
    assert "title: Call 999 now" in found["outcome/example/call-999"].lines


@pytest.fixture()
def content_copy(tmp_path):
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURES / "flows", folder)
    return folder


def cli(folder, *args):
    app = create_app({"FLOWS_DIR": str(folder), "TESTING": True})
    return app.test_cli_runner().invoke(args=["routemap", *args])


def test_a_review_counts_until_its_text_changes(content_copy):
    result = cli(content_copy, "review", "outcome/example/call-999", "contact/helpline", "--role", "safeguarding lead")
    assert result.exit_code == 0, result.output
    saved = yaml.safe_load((content_copy / "reviews" / "signoff.yaml").read_text())["reviews"]
    assert saved["outcome/example/call-999"][0]["role"] == "safeguarding lead"
    assert saved["outcome/example/call-999"][0]["date"] == dt.date.today()

    report = cli(content_copy, "content-report")
    assert "Changed since review (0)" in report.output
    assert "outcome/example/call-999" not in report.output.split("Not signed off")[1]

    flow = content_copy / "example.yaml"
    flow.write_text(flow.read_text().replace("title: Call 999 now", "title: Call 999 straight away"))
    report = cli(content_copy, "content-report")
    assert "Changed since review (1)" in report.output
    assert ("example.yaml:57: outcome/example/call-999: reviewed by safeguarding lead on "
            f"{dt.date.today().isoformat()}; the text has changed since") in report.output
    assert cli(content_copy, "content-report", "--strict").exit_code == 1

    # A new review of the new text counts again.
    assert cli(content_copy, "review", "outcome/example/call-999", "--role", "safeguarding lead").exit_code == 0
    assert "Changed since review (0)" in cli(content_copy, "content-report").output


def test_a_contact_number_change_lapses_the_contact_review(content_copy):
    content = load_content(content_copy)
    register = {"contact/helpline": [reviews.Review("safeguarding lead", dt.date(2026, 11, 30),
                                                    reviews.items(content)["contact/helpline"].fingerprint)]}
    assert content_report(content, register=register).changed_since_review == []
    contacts = content_copy / "contacts.yaml"
    contacts.write_text(contacts.read_text().replace('"08000 121 700"', '"08000 121 701"'))
    changed = content_report(load_content(content_copy), register=register).changed_since_review
    assert [r.item for r in changed] == ["contact/helpline"]
    assert "Changed since review (1)" in format_report(content_report(load_content(content_copy), register=register), "x")


def test_review_refuses_unknown_items_and_future_dates(content_copy):
    assert cli(content_copy, "review", "outcome/example/nope", "--role", "CPS lawyer").exit_code == 2
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert cli(content_copy, "review", "contact/helpline", "--role", "x", "--date", tomorrow).exit_code == 2
    assert not (content_copy / "reviews" / "signoff.yaml").exists()


def test_a_broken_register_is_a_clear_error(content_copy):
    (content_copy / "reviews").mkdir()
    (content_copy / "reviews" / "signoff.yaml").write_text("reviews:\n  contact/helpline:\n    - role: lead\n")
    result = cli(content_copy, "content-report")
    assert result.exit_code == 1 and "each review needs role" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- translations

@pytest.fixture()
def translations_copy(tmp_path):
    folder = tmp_path / "translations"
    shutil.copytree(ROOT / "translations", folder, ignore=shutil.ignore_patterns("*.mo"))
    return folder


def test_approval_is_bound_to_msgid_and_msgstr(translations_copy):
    count = translation_reviews.approve(translations_copy, "cy", "Welsh translator", dt.date(2026, 11, 30),
                                        lambda m: m.id == "In an emergency, call 999.")
    assert count == 1
    share = translation_reviews.language_share(translations_copy, "cy")
    assert share.approved == 1 and share.lapsed == 0 and 0 < share.percent < 1
    po = translations_copy / "cy" / "LC_MESSAGES" / "messages.po"
    text = po.read_text()
    assert 'msgstr "Mewn argyfwng, ffoniwch 999."' in text
    po.write_text(text.replace('msgstr "Mewn argyfwng, ffoniwch 999."', 'msgstr "Mewn argyfwng, ffoniwch 999 nawr."'))
    share = translation_reviews.language_share(translations_copy, "cy")
    assert share.approved == 0 and share.lapsed == 1


def test_translation_report_shows_the_review_share(translations_copy):
    from routemap.translation_report import format_report, report
    translation_reviews.approve(translations_copy, "cy", "Welsh translator", dt.date(2026, 11, 30),
                                lambda m: (m.context or "").startswith("posters/text/common/"))
    lines = {c.language.code: c for c in report(translations_copy)}
    assert lines["cy"].approved > 0 and lines["sq"].approved == 0
    text = format_report(list(lines.values()))
    assert f"partly reviewed ({lines['cy'].approved} of {lines['cy'].total} strings approved)" in text


def test_approve_command_needs_a_selection_and_a_real_language(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["routemap", "approve-translations", "cy", "--role", "Welsh translator"]).exit_code == 2
    assert runner.invoke(args=["routemap", "approve-translations", "xx", "--role", "t", "--all"]).exit_code == 2


def test_committed_approvals_match_real_strings():
    """Nothing claims a review that did not happen: every committed approval is of a
    string that exists; none may be copied in by hand for strings never checked."""
    for path in (ROOT / "translations").glob(f"*/{translation_reviews.APPROVALS_FILE}"):
        approvals = translation_reviews.read_approvals(path)
        assert all(a.role.strip() for a in approvals.values())


def test_prints_of_a_partly_reviewed_language_say_so(tmp_path, translations_copy):
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from routemap.printing import pdfcheck
    translation_reviews.approve(translations_copy, "cy", "Welsh translator", dt.date(2026, 11, 30),
                                lambda m: (m.context or "").startswith("posters/text/record/"))
    for code in ("cy",):
        po = translations_copy / code / "LC_MESSAGES" / "messages.po"
        with open(po, "rb") as f:
            catalog = read_po(f, locale=code)
        with open(po.with_suffix(".mo"), "wb") as f:
            write_mo(f, catalog)
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TRANSLATIONS_DIR": str(translations_copy),
                      "TESTING": True})
    share = translation_reviews.language_share(translations_copy, "cy")
    data = app.test_client().get("/cy/print/record/example.pdf?danger=yes").data
    text = " ".join(pdfcheck.text(data).split())
    assert f"mae cyfieithydd cymwys wedi gwirio {share.percent:.0f}% o'r cyfieithiad hwn" in text


def test_shared_blocks_are_signed_off_on_their_own(real_content):
    found = reviews.items(real_content)
    blocks = [i for i in found if i.startswith("block/")]
    assert len(blocks) == len(real_content.blocks) > 0
    assert found[blocks[0]].where.startswith("flows/blocks.yaml:")
