"""flows/CHANGELOG.md as guide versions, and /<lang>/changes/ in Welsh and English."""
import datetime as dt
import io
from pathlib import Path

from routemap import changelog
from routemap.loader import read_version
from routemap.web.state import state

ROOT = Path(__file__).resolve().parents[1]
TEXT = """# Changelog
Intro text is not a change.

## 1.1.0 - 2026-12-01
- Reasonable grounds: the test
  changed.
- A new number.

## 1.0.0
- First.
"""


def test_versions_newest_first_with_dates_and_wrapped_bullets():
    versions = changelog.parse(TEXT)
    assert [v.number for v in versions] == ["1.1.0", "1.0.0"]
    assert versions[0].date == dt.date(2026, 12, 1) and versions[1].date is None
    assert versions[0].changes == ("Reasonable grounds: the test changed.", "A new number.")
    assert versions[0].changes[0].path == "changelog/1.1.0" and versions[0].changes[0].line == 5


def test_newer_than():
    versions = changelog.parse(TEXT)
    assert [v.number for v in changelog.newer_than(versions, "1.0.0")] == ["1.1.0"]
    assert changelog.newer_than(versions, "1.1.0") == []
    assert changelog.newer_than(versions, "not-a-version") == []


def test_extractor_gives_each_change_its_context_and_line():
    found = list(changelog.extract_changelog(io.BytesIO(TEXT.encode()), [], [], {}))
    assert found[0][:3] == (5, "pgettext", ("changelog/1.1.0", "Reasonable grounds: the test changed."))


def test_the_real_changelog_versions_agree_with_the_guide_version():
    versions = changelog.read(ROOT / "flows")
    assert versions and versions[0].number == read_version(ROOT / "flows")
    assert all(v.changes for v in versions), "every version says what changed"
    assert "../" not in (ROOT / "flows" / "CHANGELOG.md").read_text()


def test_changes_page_in_english_and_welsh(real_app):
    client = real_app.test_client()
    version = state(real_app).content.version
    english = client.get("/en/changes/")
    assert english.status_code == 200
    page = english.get_data(as_text=True)
    assert "What has changed in the guide" in page and f"Version {version}" in page
    first = changelog.read(ROOT / "flows")[0].changes[0]
    assert str(first).split(":")[0] in page
    welsh = client.get("/cy/changes/").get_data(as_text=True)
    assert "Beth sydd wedi newid yn y canllaw" in welsh and f"Fersiwn {version}" in welsh
    assert 'lang="en"' not in welsh.split("<main")[1].split("</main>")[0], "every change is in Welsh"


def test_footer_version_links_to_the_changes_page(real_app):
    client = real_app.test_client()
    assert '<a href="/cy/changes/">Fersiwn' in client.get("/cy/").get_data(as_text=True)
    assert '<a href="/en/changes/">Guide version' in client.get("/en/guide/").get_data(as_text=True)
    assert 'href="/cy/changes/"' in client.get("/").get_data(as_text=True)


def test_unknown_language_is_404(real_app):
    assert real_app.test_client().get("/xx/changes/").status_code == 404


def test_only_the_plain_words_are_shown_when_a_version_has_them():
    text = """## 2.0.0 - 2026-12-02

### In plain words
- The helpline number is new.

### For reviewers
- **Contacts**: helpline phone changed, source re-dated; see the change report.
"""
    [version] = changelog.parse(text)
    assert version.changes == ("The helpline number is new.",)
