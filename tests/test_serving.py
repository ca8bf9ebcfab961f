"""Production serving in the app: fingerprinted static files, cache headers, compression, proxies."""
import gzip
import hashlib
import re
from pathlib import Path

import brotli
import pytest

from routemap.web import create_app
from routemap.web.state import state

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

ADULT_REFER = "danger=no&age=adult&signs=no-id&signs=debt&explain=seen"
CSS_HASH = hashlib.sha256((ROOT / "static" / "app.css").read_bytes()).hexdigest()[:12]


def static_links(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_pages_link_static_files_by_content_hash(client):
    links = static_links(client.get("/en/").get_data(as_text=True))
    assert f"/static/app.{CSS_HASH}.css" in links
    assert all(re.search(r"\.[0-9a-f]{12}\.\w+$", link) for link in links)


def test_a_fingerprinted_file_is_cached_for_a_year(client):
    response = client.get(f"/static/app.{CSS_HASH}.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.data == (ROOT / "static" / "app.css").read_bytes()
    assert response.headers["ETag"] == f'"{CSS_HASH}"'
    assert "Last-Modified" not in response.headers  # mtimes differ between instances


@pytest.mark.parametrize("name", ["app.css", "app.0123456789ab.css"])
def test_a_plain_or_other_deploys_name_must_revalidate(client, name):
    # A page from an instance on another deploy may still ask for its own hash.
    response = client.get(f"/static/{name}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.data == (ROOT / "static" / "app.css").read_bytes()


@pytest.mark.parametrize("name", ["nothing.css", f"nothing.{CSS_HASH}.css", "../app.py"])
def test_unknown_static_files_are_not_found(client, name):
    assert client.get(f"/static/{name}").status_code == 404


def test_static_revalidation_by_content_hash(client):
    response = client.get("/static/app.css", headers={"If-None-Match": f'"{CSS_HASH}"'})
    assert response.status_code == 304


def test_pages_without_answers_revalidate_and_stay_out_of_shared_caches(client):
    response = client.get("/en/")
    assert response.headers["Cache-Control"] == "private, no-cache"
    etag = response.headers["ETag"]
    assert etag.startswith('W/"')
    again = client.get("/en/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


@pytest.mark.parametrize("url", [f"/en/guide/example/refer?{ADULT_REFER}", "/en/guide/example/age?danger=no",
                                 "/en/?anything=at-all"])
def test_pages_with_answers_are_kept_nowhere(client, url):
    # Not even in the browser's disk cache, where the next user of a shared computer would find them.
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers.getlist("Cache-Control") == ["no-store"]
    assert "ETag" not in response.headers  # nothing kept, so nothing to revalidate


def test_redirects_and_errors_are_not_cached(client):
    assert client.get("/en/guide/example/danger/answer?danger=no").headers["Cache-Control"] == "no-store"
    for url in ("/en/guide/nothing/", "/static/nope.css", "/en/guide/example/age/answer?danger=no"):
        response = client.get(url)
        assert response.status_code in (400, 404), url
        assert response.headers.getlist("Cache-Control") == ["no-store"], url


@pytest.mark.parametrize("encoding, decode", [("gzip", gzip.decompress), ("br", brotli.decompress)])
@pytest.mark.parametrize("url", [f"/en/guide/example/refer?{ADULT_REFER}", f"/static/app.{CSS_HASH}.css"])
def test_text_is_compressed_for_clients_that_accept_it(client, url, encoding, decode):
    plain = client.get(url)
    packed = client.get(url, headers={"Accept-Encoding": f"{encoding}, identity"})
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert decode(packed.data) == plain.data
    assert len(packed.data) < len(plain.data)
    assert int(packed.headers["Content-Length"]) == len(packed.data)
    # The same ETag (weak) names every encoding of one page, so revalidation works across them.
    assert packed.headers.get("ETag", "").removeprefix("W/") == plain.headers.get("ETag", "").removeprefix("W/")


def test_brotli_is_preferred_and_output_is_deterministic(client):
    url = f"/en/guide/example/refer?{ADULT_REFER}"
    one = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    two = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert one.headers["Content-Encoding"] == "br"
    assert one.data == two.data
    gz = [client.get(url, headers={"Accept-Encoding": "gzip"}).data for _ in range(2)]
    assert gz[0] == gz[1]  # no timestamp in the gzip header: every instance sends the same bytes


def test_no_compression_without_accept_encoding(client):
    response = client.get("/en/")
    assert "Content-Encoding" not in response.headers
    assert response.headers["Vary"] == "Accept-Encoding"


def test_proxy_headers_are_ignored_by_default(client):
    response = client.get("/en/", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"})
    assert "Strict-Transport-Security" not in response.headers


def test_trusted_proxies_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("ROUTEMAP_TRUSTED_PROXIES", "1")
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True})
    assert app.config["TRUSTED_PROXIES"] == 1
    seen = {}

    @app.get("/_remote")
    def remote():
        from flask import request
        seen["addr"] = request.remote_addr
        return "ok"

    response = app.test_client().get("/en/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers  # the request is seen as https
    app.test_client().get("/_remote", headers={"X-Forwarded-For": "198.51.100.7, 203.0.113.9"})
    assert seen["addr"] == "203.0.113.9"  # one trusted hop: the address our proxy saw, not a forged one


def test_warm_up_walks_every_flow_and_opens_every_language(app):
    from routemap.web.serving import warm_up

    assert warm_up(app) > len(state(app).content.flows) + len(state(app).languages)


def test_warm_up_uses_a_trusted_host_name():
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True,
                      "TRUSTED_HOSTS": [".example.org", "routemap.example.org"]})
    from routemap.web.serving import warm_up

    warm_up(app)
    assert len(app.extensions["page_cache"].pages) > 0  # pages answered 200, not the Host check's 400


def fresh_app(**config):
    return create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True, **config})


def test_a_page_shown_again_comes_from_the_page_cache(monkeypatch):
    app = fresh_app()
    client = app.test_client()
    url = "/en/guide/example/danger"
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    from routemap.web import guide

    monkeypatch.setattr(guide, "walk", lambda *a: pytest.fail("the page was rendered again"))
    again = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert again.data == first.data
    assert again.headers == first.headers
    assert "Is anyone in immediate danger?" in gzip.decompress(again.data).decode()


def test_a_page_with_answers_is_never_kept(monkeypatch):
    """Its copy would answer faster, and so tell whoever times it that someone took that
    route lately: it is rendered every time, like a route record."""
    app = fresh_app()
    client = app.test_client()
    url = f"/en/guide/example/refer?{ADULT_REFER}"
    first = client.get(url)
    from routemap.web import guide

    rendered = []
    real_walk = guide.walk
    monkeypatch.setattr(guide, "walk", lambda *a: rendered.append(1) or real_walk(*a))
    again = client.get(url)
    assert again.data == first.data and rendered
    assert len(app.extensions["page_cache"].pages) == 0


def test_each_encoding_and_each_url_is_its_own_page():
    app = fresh_app()
    client = app.test_client()
    plain = client.get("/en/guide/example/danger")
    packed = client.get("/en/guide/example/danger", headers={"Accept-Encoding": "br"})
    assert brotli.decompress(packed.data) == plain.data
    assert client.get("/en/guide/example/danger").data == plain.data
    other = client.get("/en/guide/example/")
    assert other.data != plain.data
    assert len(app.extensions["page_cache"].pages) == 3


def test_the_host_header_is_not_part_of_a_pages_cache_key():
    # A key a client could vary at will would let it fill the cache and push out real pages.
    app = fresh_app()
    client = app.test_client()
    pages = [client.get("/en/guide/example/danger", headers={"Host": f"h{n}.example"}) for n in range(5)]
    assert all(page.data == pages[0].data for page in pages)
    assert len(app.extensions["page_cache"].pages) == 1


def test_only_successful_guide_pages_are_kept():
    app = fresh_app()
    client = app.test_client()
    client.get("/en/guide/nothing/")                          # 404
    client.get("/en/guide/example/danger/answer?danger=no")    # redirect
    client.get("/en/guide/example/age/answer?danger=no")       # 400, the error summary
    client.get(f"/static/app.{CSS_HASH}.css")                  # static files have their own caching
    assert len(app.extensions["page_cache"].pages) == 0


def test_the_page_cache_is_bounded():
    app = fresh_app(PAGE_CACHE_MB=0.1)
    client = app.test_client()
    cache = app.extensions["page_cache"]
    urls = [f"/{lang}/{page}" for lang in state(app).languages
            for page in ("", "guide/", "guide/example/", "guide/example/danger")]
    for url in urls:
        assert client.get(url).status_code == 200
    assert 0 < cache.size <= cache.max_bytes
    assert len(cache.pages) < len(urls)


def test_the_page_cache_can_be_turned_off():
    app = fresh_app(PAGE_CACHE_MB=0)
    assert "page_cache" not in app.extensions
