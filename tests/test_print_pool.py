"""Prints cannot starve pages: a bounded render pool, one print budget per client, caches
that no client can vary at will, and route records that are never kept."""
from __future__ import annotations

import fcntl
import os

import pytest

from routemap.printing import artefacts, booklet, record, referral, trainer_pack
from routemap.web import create_app
from tests.conftest import FIXTURES

POSTER = "/en/print/poster.pdf?size=a3"


def print_app(tmp_path, **config):
    return create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True,
                       "RATELIMIT_STORAGE_URI": "memory://", "RENDER_LOCK_DIR": str(tmp_path / "slots"),
                       "PUBLIC_BASE_URL": "https://routemap.example.org", **config})


@pytest.fixture()
def renders(monkeypatch):
    """Every WeasyPrint render, counted (the real render still runs): the sheets' (the
    Printer's) and each document builder's."""
    calls = []
    real = artefacts.render_pdf

    def counting(html, *args, **kwargs):
        calls.append(html)
        return real(html, *args, **kwargs)
    for module in (artefacts, booklet, record, referral, trainer_pack):
        monkeypatch.setattr(module, "render_pdf", counting)
    return calls


def hold_every_slot(tmp_path, slots=1):
    """What a busy instance looks like: another process holds each render slot."""
    held = []
    (tmp_path / "slots").mkdir(exist_ok=True)
    for number in range(slots):
        fd = os.open(tmp_path / "slots" / f"slot-{number}", os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.append(fd)
    return held


def test_a_full_pool_answers_503_with_retry_after_and_pages_still_answer(tmp_path, renders):
    app = print_app(tmp_path, RENDER_SLOTS=1, RENDER_WAIT_S=0.2)
    client = app.test_client()
    held = hold_every_slot(tmp_path)
    try:
        response = client.get(POSTER)
        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
        assert response.headers["Cache-Control"] == "no-store"
        page = response.get_data(as_text=True)
        assert "Printing is busy" in page and "999" in page
        assert renders == []
        assert client.get("/en/guide/example/danger").status_code == 200
    finally:
        for fd in held:
            os.close(fd)
    assert client.get(POSTER).status_code == 200  # the slot is free again
    assert len(renders) == 1


def test_a_print_already_made_needs_no_slot(tmp_path, renders):
    app = print_app(tmp_path, RENDER_SLOTS=1, RENDER_WAIT_S=0)
    client = app.test_client()
    first = client.get(POSTER)
    held = hold_every_slot(tmp_path)
    try:
        again = client.get(POSTER)
    finally:
        for fd in held:
            os.close(fd)
    assert again.status_code == 200 and again.data == first.data
    assert len(renders) == 1


def test_a_waiting_print_gets_the_slot_when_it_frees(tmp_path):
    import threading

    app = print_app(tmp_path, RENDER_SLOTS=1, RENDER_WAIT_S=10)
    held = hold_every_slot(tmp_path)
    threading.Timer(0.3, lambda: os.close(held[0])).start()
    assert app.test_client().get(POSTER).status_code == 200


def test_renders_run_on_a_lower_priority_thread(tmp_path, monkeypatch):
    import threading

    seen = {}
    real = artefacts.render_pdf

    def where(html, *args, **kwargs):
        seen["thread"] = threading.current_thread().name
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return real(html, *args, **kwargs)
    monkeypatch.setattr(artefacts, "render_pdf", where)
    print_app(tmp_path, RENDER_NICE=5).test_client().get(POSTER)
    assert seen["thread"].startswith("render")
    assert seen["nice"] >= os.getpriority(os.PRIO_PROCESS, 0) + 5


def test_the_cli_renders_without_the_pool(tmp_path):
    app = print_app(tmp_path, RENDER_SLOTS=1, RENDER_WAIT_S=0)
    held = hold_every_slot(tmp_path)
    try:
        result = app.test_cli_runner().invoke(args=[
            "print", "build", "poster", "--lang", "en", "--out", str(tmp_path / "p.pdf")])
    finally:
        for fd in held:
            os.close(fd)
    assert result.exit_code == 0, result.output


PRINT_URLS = ["/en/print/poster.pdf", "/en/print/poster.png", "/en/print/cps-booklet.pdf",
              "/en/print/record/example.pdf?danger=yes", "/en/print/cps-booklet.png"]


def test_one_budget_covers_every_print_endpoint(tmp_path):
    # Each endpoint's own limit is far away: only the shared budget can say no.
    client = print_app(tmp_path, PRINT_BUDGET="4 per minute").test_client()
    statuses = [client.get(url).status_code for url in PRINT_URLS]
    assert statuses == [200, 200, 200, 200, 429]
    response = client.get("/en/print/victim-leaflet.pdf")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert client.get("/en/print/").status_code == 200  # the catalogue page is not a print
    assert client.get("/en/print/poster.pdf",
                      environ_overrides={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200


def test_a_zip_spends_the_budget_of_every_language_in_it(tmp_path):
    client = print_app(tmp_path, PRINT_BUDGET="9 per minute").test_client()
    response = client.get("/en/print/poster-all-languages.zip")
    assert response.status_code == 429


def test_the_host_header_cannot_vary_a_print(tmp_path, renders):
    client = print_app(tmp_path).test_client()
    one = client.get(POSTER, headers={"Host": "one.example"})
    two = client.get(POSTER, headers={"Host": "two.example"})
    assert one.status_code == two.status_code == 200
    assert one.data == two.data
    assert len(renders) == 1
    assert "one.example" not in renders[0] and "routemap.example.org" in renders[0]


def test_without_a_public_address_prints_are_refused_clearly(tmp_path, renders):
    app = print_app(tmp_path, TESTING=False, PUBLIC_BASE_URL=None)
    response = app.test_client().get(POSTER, headers={"Host": "evil.example"})
    assert response.status_code == 503
    assert "public address is not configured" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers
    assert renders == []


def test_public_prints_have_one_public_cache_control(tmp_path):
    client = print_app(tmp_path).test_client()
    for url in ("/en/print/poster.pdf", "/en/print/poster.png", "/en/print/cps-booklet.pdf"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.getlist("Cache-Control") == ["public, max-age=3600"], url


def test_a_route_record_is_rendered_afresh_each_time_and_kept_nowhere(tmp_path, renders):
    client = print_app(tmp_path).test_client()
    url = "/en/print/record/example.pdf?danger=yes"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    # A cached copy would come back far faster, telling a timer that someone fetched it.
    assert len(renders) == 2
    assert first.headers.getlist("Cache-Control") == ["private, no-store"]


def test_a_render_inside_a_render_keeps_its_slot(tmp_path):
    # e.g. a preview rendered from a print being made: a second slot would never come free.
    from routemap.web.renderpool import RenderPool

    pool = RenderPool(1, tmp_path / "slots", wait_s=0)
    assert pool.render(lambda: pool.render(lambda: "made")) == "made"


def test_a_preview_does_not_queue_ahead_of_downloads(tmp_path, renders):
    import threading

    app = print_app(tmp_path, RENDER_SLOTS=1, RENDER_WAIT_S=10)
    held = hold_every_slot(tmp_path)
    threading.Timer(0.3, lambda: os.close(held[0])).start()  # a download would get it then
    response = app.test_client().get("/en/print/poster.png")
    assert response.status_code == 503 and "Retry-After" in response.headers
    assert renders == []
