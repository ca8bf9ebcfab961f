"""`Download a record (PDF)` from an outcome page, through Flask."""
import re
from html import unescape

import pytest

from routemap.printing import pdfcheck
from routemap.web.state import state

OUTCOME = "/en/guide/example/refer?danger=no&age=adult&signs=no-id&signs=debt&explain=seen"


def record_link(client, url):
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'href="(/\w+/print/record/[^"]+)"', page)
    assert match, "no record link on the outcome page"
    return unescape(match.group(1))


def test_outcome_page_links_to_a_record_with_the_same_answers(client):
    link = record_link(client, OUTCOME)
    assert link == ("/en/print/record/example.pdf?"
                    "danger=no&age=adult&signs=no-id&signs=debt&explain=seen")
    response = client.get(link)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert re.search(r"filename=record-example-en-\d{8}-\d{4}\.pdf",
                     response.headers["Content-Disposition"])
    text = " ".join(pdfcheck.text(response.data).split())
    for expected in ("Is anyone in immediate danger?", "No", "18 or over",
                     "Someone else holds their passport or ID",
                     "They owe a debt they cannot pay off", "Refer to the NRM",
                     "Worried about someone?", "Your notes"):
        assert expected in text, expected
    assert "They seem fearful or withdrawn" not in text  # not chosen
    assert "Under 18" not in text


def test_welsh_record_is_in_welsh_with_a_draft_mark(client):
    response = client.get(record_link(client, OUTCOME.replace("/en/", "/cy/")))
    assert response.status_code == 200
    import datetime as dt
    from babel.dates import format_date
    text = pdfcheck.text(response.data)
    assert format_date(dt.date.today(), "MMMM", locale="cy") in text  # the date in Welsh
    assert "DRAFFT" in text or "DRAFT" in text  # Welsh is not reviewed yet


@pytest.mark.parametrize("query, status, location", [
    ("danger=no&age=adult", 302, "/en/guide/example/signs?danger=no&age=adult"),
    ("danger=maybe", 302, "/en/guide/example/danger"),
    ("", 302, "/en/guide/example/danger"),
])
def test_unfinished_or_invalid_answers_redirect_like_the_pages(client, query, status, location):
    response = client.get(f"/en/print/record/example.pdf?{query}")
    assert response.status_code == status
    assert response.headers["Location"].endswith(location)


def test_unknown_guide_and_long_address(client):
    assert client.get("/en/print/record/nope.pdf?danger=yes").status_code == 404
    assert client.get("/xx/print/record/example.pdf?danger=yes").status_code == 404
    response = client.get("/en/print/record/example.pdf?danger=" + "x" * 5000)
    assert response.status_code == 400 and "call 999" in response.get_data(as_text=True)


def test_cps_flow_uses_the_same_endpoint(real_app):
    from routemap.walk import all_routes, query_string
    client = real_app.test_client()
    flow = state(real_app).content.flows["cps-suspect-victim"]
    result = next(iter(all_routes(flow)))
    link = record_link(client, f"/en/guide/{flow.id}/{result.current.id}?{query_string(result.answers)}")
    response = client.get(link)
    assert response.status_code == 200
    assert " ".join(result.current.title.split()) in " ".join(pdfcheck.text(response.data).split())


def test_record_in_every_language_of_the_real_app(real_app):
    """CI renders a route record in every language the guide offers, RTL included."""
    from routemap.walk import all_routes, query_string
    client = real_app.test_client()
    flow = state(real_app).content.flows["possible-victim"]
    result = next(r for r in all_routes(flow) if r.current.id == "adult-duty-to-notify")
    for code, language in state(real_app).languages.items():
        response = client.get(f"/{code}/print/record/{flow.id}.pdf?{query_string(result.answers)}",
                              environ_overrides={"REMOTE_ADDR": f"192.0.2.{len(code)}"})
        assert response.status_code == 200, code
        assert all(f["embedded"] for f in pdfcheck.fonts(response.data)), code
        assert all(size == (210, 297) for size in pdfcheck.page_sizes_mm(response.data))
        assert "08000 121 700" in pdfcheck.text(response.data)
