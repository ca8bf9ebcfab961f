"""The Host header: a malformed one is a plain 400 on every route, and TRUSTED_HOSTS
limits the names the app answers to."""
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
