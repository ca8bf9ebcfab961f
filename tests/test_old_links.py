"""v= on links, QR codes and records; a link from an earlier version explains itself."""
import shutil

import pytest

from routemap.printing import pdfcheck
from routemap.web import create_app
from routemap.web.state import state
from tests.conftest import FIXTURES

CHANGELOG = """# Changelog
## 1.1.0 - 2026-12-01
- The advice on calling 999 is clearer.

## 1.0.0 - 2026-11-01
- First.
"""


@pytest.fixture(scope="module")
def versioned_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("content") / "flows"
    shutil.copytree(FIXTURES / "flows", folder)
    (folder / "CHANGELOG.md").write_text(CHANGELOG)
    return create_app({"FLOWS_DIR": str(folder), "TESTING": True,
                       "PUBLIC_BASE_URL": "https://routemap.example.org"})


@pytest.fixture()
def client(versioned_app):
    return versioned_app.test_client()


def main(response):
    return response.get_data(as_text=True)


def test_outcome_page_copy_link_carries_the_version(client):
    page = main(client.get("/en/guide/example/call-999?danger=yes"))
    assert 'href="/en/guide/example/call-999?danger=yes&amp;v=1.1.0"' in page
    assert "Copy the link to this result" in page
    assert "The guide has changed since" not in page


def test_old_link_says_what_changed_and_that_the_answers_still_lead_here(client):
    response = client.get("/en/guide/example/call-999?danger=yes&v=1.0.0")
    assert response.status_code == 200
    page = main(response)
    assert "The guide has changed since this link was made" in page
    assert "This link was made with version 1.0.0 of the guide. This is version 1.1.0." in page
    assert "The advice on calling 999 is clearer." in page and "First." not in page
    assert "Your answers still lead here." in page
    assert "<h1" in page and "Call 999 now" in page


def test_old_link_in_welsh(client):
    page = main(client.get("/cy/guide/example/call-999?danger=yes&v=1.0.0"))
    assert "Mae&#39;r canllaw wedi newid ers gwneud y ddolen hon" in page
    assert "Gwnaed y ddolen hon gyda fersiwn 1.0.0 o&#39;r canllaw. Dyma fersiwn 1.1.0." in page
    assert "Mae eich atebion yn dal i arwain yma." in page


def test_an_answer_that_no_longer_fits_names_the_question_and_carries_on_there(client):
    response = client.get("/en/guide/example/call-999?danger=perhaps&v=1.0.0")
    assert response.status_code == 200  # not a silent redirect to the start
    page = main(response)
    assert "Your answer to “Is anyone in immediate danger?” no longer fits" in page
    assert 'name="danger"' in page  # the question is shown, to answer again


def test_answers_to_removed_questions_are_left_out_and_said_so(client):
    page = main(client.get("/en/guide/example/call-999?danger=yes&gone=1&v=1.0.0"))
    assert "no longer in the guide, so they have been left out" in page
    assert "Your answers still lead here." in page


def test_answers_that_now_lead_elsewhere_say_so(client):
    page = main(client.get("/en/guide/example/advice?danger=yes&v=1.0.0"))
    assert "Your answers now lead to different advice." in page and "Call 999 now" in page
    page = main(client.get("/en/guide/example/a-removed-step?danger=no&v=1.0.0"))
    assert "Your answers now lead to a different step. Carry on from here." in page
    assert "How old is the person?" in page


@pytest.mark.parametrize("v", ["1.1.0", "9.9.9", "nonsense", ""])
def test_current_later_or_nonsense_versions_change_nothing(client, v):
    page = main(client.get(f"/en/guide/example/call-999?danger=yes&v={v}"))
    assert "The guide has changed since" not in page
    assert client.get(f"/en/guide/example/a-removed-step?danger=yes&v={v}").status_code == 404


def test_help_pages_stay_calm(client):
    assert "The guide has changed since" not in main(client.get("/en/help/?v=1.0.0"))


def test_qr_codes_carry_the_version(versioned_app, monkeypatch):
    urls = []
    printer = state(versioned_app).printer
    real = printer.html
    monkeypatch.setattr(printer, "html",
                        lambda options, sides: urls.extend(s.qr_url for s in sides) or real(options, sides))
    versioned_app.test_client().get("/en/print/professional-leaflet.pdf")
    assert urls == ["https://routemap.example.org/en/guide/example/?v=1.1.0"]


def test_record_links_back_to_the_route_with_the_version(client):
    data = client.get("/en/print/record/example.pdf?danger=yes").data
    text = pdfcheck._poppler("pdftotext", data, "-raw", "-enc", "UTF-8").replace("\n", "")
    assert "https://routemap.example.org/en/guide/example/call-999?danger=yes&v=1.1.0" in text
    assert "open this route in the guide again" in text
