import datetime as dt

from routemap.report import content_report, format_report


def test_report_lists_unverified_overdue_outcomes_and_unused(example_content):
    found = content_report(example_content, today=dt.date(2028, 1, 1))
    assert {r.item for r in found.needs_verification} == {"contact victim-care", "example/refer", "cps/excluded-offences"}
    sections = len(example_content.reference.sections)
    claims = len(example_content.claims)  # the fixture register's claims (checked 2026-11-30)
    assert len(found.overdue_reviews) == len(example_content.contacts) + 4 + sections + claims  # all reviewed 2026-11-29
    assert found.outcomes_per_flow["example"] == ["call-999", "child", "refer", "advice"]
    assert found.unused_contacts == []
    text = format_report(found, "0.1.0")
    assert "tests/fixtures/flows/example.yaml:77: example/refer: Wording awaiting review." in text


def test_nothing_overdue_within_a_year(example_content):
    assert content_report(example_content, today=dt.date(2027, 11, 28)).overdue_reviews == []


def test_content_report_command(app):
    result = app.test_cli_runner().invoke(args=["routemap", "content-report"])
    assert result.exit_code == 0 and "Awaiting verification (3):" in result.output
    strict = app.test_cli_runner().invoke(args=["routemap", "content-report", "--strict"])
    assert strict.exit_code == 1


def test_report_lists_unconfirmed_and_stale_evidence_claims(real_content):
    """The register's unconfirmed claims are listed for reviewers, and a claim is as old
    as the oldest check of its sources."""
    found = content_report(real_content, today=dt.date(2026, 12, 1))
    unconfirmed = {r.item for r in found.needs_verification}
    assert "evidence fair-work-agency-duties" in unconfirmed
    assert "evidence phone-helpline" not in unconfirmed
    later = content_report(real_content, today=dt.date(2028, 1, 1))
    assert "evidence phone-helpline" in {r.item for r in later.overdue_reviews}
    assert any(r.where.startswith("flows/evidence.yaml:") for r in found.needs_verification)
