"""Real requests drive the counts; with no store configured nothing changes."""
from __future__ import annotations

import pytest

from routemap.usage.store import Row, current_month
from routemap.web import create_app
from routemap.web.state import state

PV = "/{lang}/guide/possible-victim"
TO_999 = "role=health&danger=yes"
COUNTING = b"It counts only monthly totals"


@pytest.fixture(scope="module")
def off_app():
    return create_app({"TESTING": True})


def counting_app(url):
    return create_app({"TESTING": True, "USAGE_STORE": url})


@pytest.fixture(params=["sqlite", "redis"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/usage.db"
    return request.getfixturevalue("redis_url")


def counts(app) -> dict:
    month = current_month()
    return {(r.measure, r.breakdown): r.count for r in app.extensions["routemap.usage"].store.rows()
            if r.month == month}


def test_off_by_default_changes_nothing(off_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    client = off_app.test_client()
    assert not off_app.extensions["routemap.usage"].on
    page = client.get(PV.format(lang="en") + f"/call-999?{TO_999}")
    assert COUNTING not in page.data
    assert f'action="/en/guide/possible-victim/call-999"'.encode() in page.data  # the area form as before
    answer = client.get(PV.format(lang="en") + f"/danger/answer?{TO_999}")
    assert answer.status_code == 302 and answer.location.endswith(f"/call-999?{TO_999}")
    assert client.get("/en/print/poster.pdf").status_code == 200
    assert list(tmp_path.iterdir()) == []  # no file written


def test_an_outcome_reached_counts_once_not_on_refresh_or_language_switch(store_url):
    app = counting_app(store_url)
    client = app.test_client()
    answer = client.get(PV.format(lang="cy") + f"/danger/answer?{TO_999}")
    assert answer.status_code == 302
    page = client.get(answer.location)
    assert page.status_code == 200 and COUNTING not in page.data  # Welsh page: the Welsh sentence
    client.head(PV.format(lang="cy") + f"/danger/answer?{TO_999}")  # a link checker: not a use
    for _ in range(3):
        client.get(answer.location)  # refresh
    client.get(answer.location.replace("/cy/", "/en/"))  # language switch
    assert counts(app) == {("outcome:possible-victim", "call-999"): 1, ("language:possible-victim", "cy"): 1}


def test_kind_of_exploitation_and_area_are_counted_apart(store_url):
    app = counting_app(store_url)
    client = app.test_client()
    answer = client.get("/en/guide/suspected-perpetrator/kind/answer?danger=no&concern=place&kind=labour&kind=sexual")
    outcome = answer.location
    assert "/report-concerns-labour?" in outcome
    page = client.get(outcome)
    assert COUNTING in page.data
    assert b'action="/en/guide/suspected-perpetrator/report-concerns-labour/area"' in page.data
    query = outcome.split("?", 1)[1]
    chosen = client.get(f"/en/guide/suspected-perpetrator/report-concerns-labour/area?{query}&area=gwynedd")
    assert chosen.status_code == 302 and chosen.location.endswith("&area=gwynedd")
    assert b"Gwynedd" in client.get(chosen.location).data
    client.get(chosen.location)  # refresh of the page with the area: no count
    assert counts(app) == {
        ("outcome:suspected-perpetrator", "report-concerns-labour"): 1,
        ("language:suspected-perpetrator", "en"): 1,
        ("exploitation:suspected-perpetrator", "labour"): 1,
        ("exploitation:suspected-perpetrator", "sexual"): 1,
        ("area:suspected-perpetrator", "gwynedd"): 1,
    }


def test_bad_area_requests_count_nothing(store_url):
    app = counting_app(store_url)
    client = app.test_client()
    base = PV.format(lang="en")
    assert client.get(f"{base}/call-999/area?{TO_999}&area=atlantis").status_code == 302
    assert client.get(f"{base}/danger/area?{TO_999}&area=cardiff").status_code == 404
    assert client.get("/en/guide/nope/x/area?area=cardiff").status_code == 404
    assert client.get(f"{base}/call-999/area?role=health&area=cardiff").status_code == 302  # not reached yet
    assert counts(app) == {}


def test_prints_count_by_artefact_and_language(store_url):
    app = counting_app(store_url)
    client = app.test_client()
    assert client.get("/en/print/poster.pdf?language=en&language=cy").status_code == 200
    assert client.get("/cy/print/poster.pdf").status_code == 200
    assert client.get("/cy/print/poster.png").status_code == 200  # a preview is not a download
    assert client.get("/en/print/nothing.pdf").status_code == 404
    assert counts(app) == {("print:poster", "cy+en"): 1, ("print:poster", "cy"): 1}


@pytest.mark.parametrize("dead", ["redis://127.0.0.1:1/0", "sqlite:////proc/no-such-folder/usage.db"])
def test_a_dead_store_never_breaks_a_page(caplog, dead):
    app = counting_app(dead)
    client = app.test_client()
    answer = client.get(PV.format(lang="en") + f"/danger/answer?{TO_999}")
    assert answer.status_code == 302
    assert client.get(answer.location).status_code == 200
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "routemap.usage")
    assert "failed" in logged and "health" not in logged and "call-999" not in logged


def test_the_footer_says_so_in_every_language(store_url):
    app = counting_app(store_url)
    client = app.test_client()
    english = "It counts only monthly totals"
    from routemap.web.language import gettext_in
    message = ("It counts only monthly totals: which advice is reached, the kind of exploitation, area and "
               "language when given, and which prints are downloaded. Never who, when or anything else.")
    with app.test_request_context():
        sentences = {code: gettext_in(code, message) for code in state(app).languages}
    for code, sentence in sentences.items():
        assert (code == "en") == sentence.startswith(english), code  # translated everywhere else
        page = client.get(f"/{code}/").get_data(as_text=True).replace("&#39;", "'")
        assert sentence in page, code


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_fuzz_app = None


def fuzz_client(tmp_path_factory):
    global _fuzz_app
    if _fuzz_app is None:
        _fuzz_app = counting_app(f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/usage.db")
    return _fuzz_app.test_client()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(node=st.sampled_from(["call-999", "danger", "x", "%00", "call-999%2F..%2F"]),
       query=st.lists(st.tuples(st.sampled_from(["area", "role", "danger", "a", ""]),
                                st.text(max_size=20)), max_size=5))
def test_hostile_area_requests_never_fail_or_count_junk(tmp_path_factory, node, query):
    from urllib.parse import urlencode
    client = fuzz_client(tmp_path_factory)
    response = client.get(f"/en/guide/possible-victim/{node}/area?{urlencode(query)}")
    assert response.status_code in (302, 400, 404)
    areas = state(_fuzz_app).content.areas
    for row in _fuzz_app.extensions["routemap.usage"].store.rows():
        assert row.measure == "area:possible-victim" and row.breakdown in areas
