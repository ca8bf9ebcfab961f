"""`routemap sources`: every source cited, staleness, and --fetch against a local server."""
import datetime as dt
import http.server
import threading

import pytest

from routemap import sources
from tests.conftest import FIXTURES

PAGES = {"/guidance": b"<html><head><script>var t=1;</script></head><body><p>The test is reasonable grounds.</p></body></html>"}


@pytest.fixture(scope="module")
def server():
    """A web server on 127.0.0.1 only; PAGES may be changed by a test."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = PAGES.get(self.path)
            if body is None:
                self.send_response(404)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_collect_groups_by_url_with_who_cites_it(example_content):
    found = sources.collect(example_content)
    by_url = {s.url: s for s in found}
    assert by_url, "the example content cites sources"
    first = next(iter(by_url.values()))
    assert first.cited_by and first.titles
    items = {item for s in found for item, _, _ in s.cited_by}
    assert "outcome/example/call-999" in items and any(i.startswith("contact/") for i in items)
    assert any(i.startswith("cps/") for i in items)


def test_stale_days(example_content):
    found = sources.collect(example_content)
    assert sources.stale(found, 30, today=dt.date(2026, 12, 1)) == []
    assert len(sources.stale(found, 30, today=dt.date(2027, 6, 1))) == len(found)


def test_page_text_ignores_markup_and_scripts():
    a = sources.page_text(b"<p>Hello <b>world</b></p><script>x=1</script>", "text/html")
    b = sources.page_text(b"<div>Hello   world</div><script>x=2</script>", "text/html")
    assert a == b == "Hello world"


def test_fetch_against_a_local_server_flags_a_changed_page(server, example_content):
    [source] = [s for s in sources.collect(example_content)][:1]
    local = lambda url: sources.fetch_page(server + "/guidance")
    results, seen = sources.fetch_all([source], {}, fetch=local, today=dt.date(2026, 12, 1))
    assert results[0].state == "first fetch"
    results, seen = sources.fetch_all([source], seen, fetch=local, today=dt.date(2026, 12, 2))
    assert results[0].state == "unchanged"
    PAGES["/guidance"] = b"<html><body><p>The test is now different.</p></body></html>"
    try:
        results, seen = sources.fetch_all([source], seen, fetch=local, today=dt.date(2026, 12, 3))
    finally:
        PAGES["/guidance"] = b"<p>The test is reasonable grounds.</p>"
    assert results[0].state == "changed" and seen[source.url].changed == dt.date(2026, 12, 3)
    # Still flagged on the next fetch, until someone reviews an item that cites it.
    results, seen = sources.fetch_all([source], seen, fetch=local, today=dt.date(2026, 12, 4))
    assert results[0].state == "changed"
    source.cited_by.append(("outcome/x/y", "f:1", dt.date(2026, 12, 5)))
    results, _ = sources.fetch_all([source], seen, fetch=local, today=dt.date(2026, 12, 6))
    assert results[0].state == "unchanged"


def test_unreachable_page_is_reported_not_fatal(server, example_content):
    found = sources.collect(example_content)[:2]
    results, seen = sources.fetch_all(found, {}, fetch=lambda url: sources.fetch_page(server + "/missing"))
    assert {r.state for r in results} == {"unreachable"} and seen == {}


def test_fetch_refuses_other_schemes():
    with pytest.raises(OSError):
        sources.fetch_page("file:///etc/passwd")


def test_cli_lists_sources_and_stale_days_exit_status(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["routemap", "sources"])
    assert result.exit_code == 0 and "Sources cited (" in result.output and "cited by: " in result.output
    assert runner.invoke(args=["routemap", "sources", "--stale-days", "100000"]).exit_code == 0
    assert runner.invoke(args=["routemap", "sources", "--stale-days", "0"]).exit_code == 1


def test_cli_fetch_writes_fingerprints_and_exits_1_on_change(server, tmp_path, monkeypatch):
    import shutil

    from routemap.web import cli
    from routemap.web import create_app
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURES / "flows", folder)
    app = create_app({"FLOWS_DIR": str(folder), "TESTING": True})
    monkeypatch.setattr(cli, "fetch_page", lambda: (lambda url: sources.fetch_page(server + "/guidance")))
    first = app.test_cli_runner().invoke(args=["routemap", "sources", "--fetch"])
    assert first.exit_code == 0, first.output
    assert "first fetch" in first.output and (folder / "reviews" / "sources.yaml").exists()
    seen = sources.read_seen(folder / "reviews" / "sources.yaml")
    # Pretend the pages were fingerprinted differently the day after the last check.
    later = dt.date.today()
    sources.write_seen(folder / "reviews" / "sources.yaml",
                       {url: sources.Seen("0" * 16, later) for url in seen})
    second = app.test_cli_runner().invoke(args=["routemap", "sources", "--fetch"])
    assert second.exit_code == 1 and "changed " in second.output


def test_the_evidence_register_is_watched_with_its_own_check_dates(real_content):
    found = sources.collect(real_content)
    claims = [s for s in found if any(item.startswith("evidence/") for item, _, _ in s.cited_by)]
    assert claims
    for s in claims:
        dates = {d for item, _, d in s.cited_by if item.startswith("evidence/")}
        assert s.last_checked >= max(dates)
