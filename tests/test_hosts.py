"""The Host header: a malformed one is a plain 400 on every route, TRUSTED_HOSTS limits
the names the app answers to, and no error page can fail."""
from __future__ import annotations

import pytest

from routemap.web import create_app
from tests.conftest import FIXTURES

BAD_HOSTS = [".", "a..b", "a" * 64 + ".example", "-x.example", "x_y.example", "exa mple", "host:port",
             "[::1", "[nope]:80", "a" * 250 + ".example", "x.example:99999999"]
URLS = ["/", "/en/", "/en/guide/example/danger?danger=yes", "/static/app.css", "/en/print/poster.pdf",
        "/api/flows", "/en/nowhere"]


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_malformed_host_is_a_plain_400_everywhere(client, host):
    for url in URLS:
        response = client.get(url, headers={"Host": host})
        assert response.status_code == 400, (host, url)
        assert response.mimetype == "text/plain"
        assert "999" in response.get_data(as_text=True)


@pytest.mark.parametrize("host", ["localhost", "localhost:5000", "guide.example", "Guide.Example.",
                                  "127.0.0.1:8000", "[::1]:8000", "xn--bcher-kva.example"])
def test_well_formed_hosts_are_answered(client, host):
    from routemap.web.hosts import split_host

    assert split_host(host) is not None
    assert client.get("/en/", headers={"Host": host}).status_code == 200


def test_trusted_hosts_limit_the_names_answered(monkeypatch):
    monkeypatch.setenv("ROUTEMAP_TRUSTED_HOSTS", "routemap.example.org, .gov.example")
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows")})
    client = app.test_client()
    for host, status in [("routemap.example.org", 200), ("ROUTEMAP.example.org:443", 200),
                         ("wales.gov.example", 200), ("gov.example", 200), ("evil.example", 400),
                         ("routemap.example.org.evil.example", 400), ("localhost", 400)]:
        assert client.get("/en/", headers={"Host": host}).status_code == status, host


def test_trusted_hosts_check_the_forwarded_host_behind_a_trusted_proxy():
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TRUSTED_HOSTS": ["routemap.example.org"],
                      "TRUSTED_PROXIES": 1})
    client = app.test_client()
    ok = client.get("/en/", headers={"Host": "10.0.0.5", "X-Forwarded-Host": "routemap.example.org"})
    assert ok.status_code == 200
    assert client.get("/en/", headers={"Host": "10.0.0.5", "X-Forwarded-Host": "."}).status_code == 400


def test_an_http_error_whose_page_cannot_render_is_still_a_plain_answer():
    from werkzeug.exceptions import NotFound

    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows")})

    @app.get("/<lang>/gone")
    def gone(**_):
        raise NotFound()

    app.jinja_env.globals["gettext_in"] = lambda *a: 1 / 0  # base.html now fails
    app.jinja_env.globals["switch_language_url"] = lambda code: 1 / 0
    response = app.test_client().get("/en/gone?x=1")
    assert response.status_code == 404
    assert "999" in response.get_data(as_text=True)
    assert "ZeroDivision" not in response.get_data(as_text=True)


def test_an_error_page_does_not_echo_the_query(client):
    response = client.get("/en/nowhere?" + "&" * 8000)
    assert response.status_code == 404
    assert len(response.data) < 20_000  # 723 KB when the query was copied into every language link
    response = client.get("/en/nowhere?name=victim-zq7")
    assert "victim-zq7" not in response.get_data(as_text=True)
    assert 'href="/cy/"' in response.get_data(as_text=True)


@pytest.mark.parametrize("code, exception", [(429, "TooManyRequests"), (503, "ServiceUnavailable")])
def test_429_and_503_always_say_when_to_retry(code, exception):
    from werkzeug import exceptions

    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows")})

    @app.get("/<lang>/busy")
    def busy(**_):
        raise getattr(exceptions, exception)()  # no retry_after given

    response = app.test_client().get("/en/busy")
    assert response.status_code == code
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Cache-Control"] == "no-store"
