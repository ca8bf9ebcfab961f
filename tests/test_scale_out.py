"""Scale-out, tested for real: gunicorn instances, their access logs, a shared Redis.

Everything listens on loopback ports chosen at run time and is stopped at the end.
"""
from __future__ import annotations

import http.client
import re
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from routemap.walk import all_routes, query_string
from routemap.web import create_app
from routemap.web.ratelimit import limiter
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "app:app"]
# What a deployment must set (gunicorn.conf.py refuses to start without it).
PRODUCTION = {"ROUTEMAP_PUBLIC_BASE_URL": "https://routemap.example.org",
              "ROUTEMAP_TRUSTED_HOSTS": "127.0.0.1,localhost"}




def fetch(port: int, url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", url, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_until_serving(process: subprocess.Popen, port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            fetch(port, "/")
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"gunicorn did not answer on port {port}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def instances(tmp_path_factory):
    """Two independent gunicorn instances of the real app, as behind a load balancer."""
    logs = tmp_path_factory.mktemp("gunicorn")
    started = []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = open(logs / f"{name}.log", "wb")
            env = {**os.environ, "ROUTEMAP_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2",
                   **PRODUCTION}
            process = subprocess.Popen(GUNICORN, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            started.append((process, port, logs / f"{name}.log"))
        for process, port, _ in started:
            wait_until_serving(process, port)
        yield started
    finally:
        for process, _, _ in started:
            stop(process)


def sample_urls(content) -> list[str]:
    urls = ["/", "/cy/", "/en/guide/", "/en/no-such-page", "/static/app.css"]
    for flow in content.flows.values():
        routes = list(all_routes(flow))
        deepest = max(routes, key=lambda w: len(w.route))
        query = query_string(deepest.answers)
        urls += [f"/cy/guide/{flow.id}/", f"/en/guide/{flow.id}/{flow.start}",
                 f"/en/guide/{flow.id}/{deepest.current.id}?{query}",
                 f"/cy/guide/{flow.id}/{deepest.current.id}?{query}",
                 f"/en/guide/{flow.id}/{flow.start}/answer?{flow.start}=nonsense",
                 f"/en/guide/{flow.id}/{deepest.current.id}"]  # redirected to the start
    return urls


def test_every_instance_answers_the_same_bytes(instances, real_content):
    (_, port_a, _), (_, port_b, _) = instances
    urls = sample_urls(real_content)
    status, _, page = fetch(port_a, "/en/")
    urls += re.findall(r"\"(/static/[^\"]+)\"", page.decode())
    for url in urls:
        for headers in ({}, {"Accept-Encoding": "gzip"}, {"Accept-Encoding": "br, gzip"}):
            status_a, headers_a, body_a = fetch(port_a, url, headers)
            status_b, headers_b, body_b = fetch(port_b, url, headers)
            assert status_a < 500, url
            assert (status_a, body_a) == (status_b, body_b), url
            headers_a.pop("Date"), headers_b.pop("Date")
            assert headers_a == headers_b, url


def test_a_page_from_one_instance_revalidates_on_the_other(instances, real_content):
    (_, port_a, _), (_, port_b, _) = instances
    flow = real_content.flows["possible-victim"]
    url = f"/en/guide/{flow.id}/{flow.start}"
    etag = fetch(port_a, url)[1]["ETag"]
    assert fetch(port_b, url, {"If-None-Match": etag})[0] == 304


def test_the_access_log_has_paths_but_never_answers(instances):
    process, port, log = instances[0]
    secret = "danger=yes&marker=zq7xv"
    fetch(port, f"/en/guide/possible-victim/role?{secret}")
    fetch(port, "/en/guide/possible-victim/role/answer?role=zq7xv", {"Referer": f"http://x/?{secret}"})
    deadline = time.monotonic() + 5
    text = ""
    while time.monotonic() < deadline and "/role/answer" not in text:
        time.sleep(0.1)
        text = log.read_text()
    assert '"GET /en/guide/possible-victim/role HTTP/1.1" 200' in text
    assert '"GET /en/guide/possible-victim/role/answer HTTP/1.1"' in text
    assert "zq7xv" not in text and "?" not in text
    assert "127.0.0.1 " not in text.split("Booting worker")[-1]  # no client addresses either


def test_invalid_content_stops_gunicorn_before_any_worker_starts(tmp_path):
    broken = tmp_path / "flows"
    shutil.copytree(FIXTURES / "flows", broken)
    (broken / "dangling.yaml").write_text((FIXTURES / "broken" / "dangling-next.yaml").read_text())
    env = {**os.environ, "ROUTEMAP_BIND": f"127.0.0.1:{free_port()}", "ROUTEMAP_FLOWS_DIR": str(broken),
           **PRODUCTION}
    result = subprocess.run(GUNICORN, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "The content is not valid" in output and "dangling.yaml" in output
    assert "Booting worker" not in output


@pytest.fixture(scope="module")
def redis_url(redis_server):
    return f"redis://127.0.0.1:{redis_server}/1"


def limited_instance(storage: str):
    """An app instance with one endpoint limited to 3 requests a minute per client."""
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True, "RATELIMIT_STORAGE_URI": storage})

    @app.get("/_limited")
    @limiter(app).limit("3 per minute")
    def limited():
        return "ok"

    return app.test_client()


def test_instances_share_the_rate_limit_through_redis(redis_url):
    a, b = limited_instance(redis_url), limited_instance(redis_url)
    statuses = [client.get("/_limited").status_code for client in (a, b, a, b, a)]
    assert statuses == [200, 200, 200, 429, 429]


def test_memory_storage_counts_per_instance():
    a, b = limited_instance("memory://"), limited_instance("memory://")
    statuses = [client.get("/_limited").status_code for client in (a, b, a, b, a, b)]
    assert statuses == [200] * 6
    assert a.get("/_limited").status_code == 429


def test_one_print_budget_is_shared_by_every_instance_through_redis(redis_url, tmp_path):
    """The budget covers every print endpoint, counted once for all instances."""
    a, b = (create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True, "RATELIMIT_STORAGE_URI": redis_url,
                        "PRINT_BUDGET": "3 per minute", "RENDER_LOCK_DIR": str(tmp_path / name),
                        "PUBLIC_BASE_URL": "https://routemap.example.org"}).test_client()
            for name in ("a", "b"))
    asked = [(a, "/en/print/poster.pdf"), (b, "/en/print/poster.png"), (a, "/en/print/cps-booklet.pdf"),
             (b, "/en/print/victim-leaflet.pdf")]
    statuses = [client.get(url).status_code for client, url in asked]
    assert statuses == [200, 200, 200, 429]
