"""Hostile input: random guide, API and print addresses never make a 500 or hang, and
malformed YAML always gets the validator's clear message, in bounded time and memory."""
from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routemap.loader import ContentError, load_content
from routemap.web.state import state

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {200, 302, 308, 400, 404, 405}
SECONDS_PER_REQUEST = 3.0
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def fuzz_client(real_app):
    return real_app.test_client()


@pytest.fixture(scope="module")
def names(real_app):
    content = state(real_app).content
    nodes = sorted({n for f in content.flows.values() for n in f.nodes})
    options = sorted({o.id for f in content.flows.values() for n in f.nodes.values() for o in getattr(n, "options", ())})
    return {"flows": sorted(content.flows), "nodes": nodes, "values": options + ["seen"],
            "langs": sorted(state(real_app).languages)}


nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["..", "../..", "%2e%2e", "..%2f..%2fapp.py", "/etc/passwd", "\x00", "%00", "a" * 300,
                     "<script>", "{{7*7}}", "%(x)s", "con", "NUL", "\u202e", "ﷺ", "🙂", " ", ""]),
)
raw_bytes = st.binary(max_size=30).map(lambda b: quote(b, safe=""))  # any bytes, non-UTF-8 included


def pick(key):
    return st.deferred(lambda: st.sampled_from(NAMES[key]))


NAMES: dict = {}


def segment(real_key):
    return st.one_of(pick(real_key), nasty_text).map(lambda s: quote(s, safe=""))


def query():
    key = st.one_of(pick("nodes"), nasty_text.map(lambda s: quote(s, safe="")), raw_bytes)
    value = st.one_of(pick("values"), nasty_text.map(lambda s: quote(s, safe="")), raw_bytes,
                      st.just("x" * 70), st.just("y" * 5000))
    pair = st.tuples(key, value).map(lambda kv: f"{kv[0]}={kv[1]}")
    return st.lists(st.one_of(pair, raw_bytes, st.just("&&&"), st.just("=")), max_size=12).map("&".join)


def get(client, url: str):
    # "//x/..." would be a network-path reference (host x), in a browser as in the client.
    url = "/" + url.lstrip("/") if url.startswith("//") else url
    started = time.monotonic()
    response = client.get(url)
    elapsed = time.monotonic() - started
    assert response.status_code in ALLOWED, f"{url[:200]} -> {response.status_code}"
    assert elapsed < SECONDS_PER_REQUEST, f"{url[:200]} took {elapsed:.1f}s"
    body = response.get_data()
    assert b"Traceback" not in body and str(ROOT).encode() not in body, url[:200]
    return response


@pytest.fixture(autouse=True, scope="module")
def _names(names):
    NAMES.update(names)


@FUZZ
@given(lang=segment("langs"), flow=segment("flows"), node=segment("nodes"), q=query(),
       shape=st.sampled_from(["{lang}/guide/{flow}/{node}", "{lang}/guide/{flow}/{node}/answer",
                              "{lang}/guide/{flow}/", "{lang}/guide/{flow}/map", "{lang}/", "{lang}/guide/",
                              "{lang}/cps/search", "{lang}/{flow}/{node}"]))
def test_random_guide_addresses_never_fail(fuzz_client, lang, flow, node, q, shape):
    get(fuzz_client, "/" + shape.format(lang=lang, flow=flow, node=node) + "?" + q)


@FUZZ
@given(q=query())
def test_random_guide_walks_on_real_flows_never_fail(fuzz_client, q):
    # Real language and flow, so the walk itself is exercised by the random answers.
    get(fuzz_client, f"/{NAMES['langs'][0]}/guide/{NAMES['flows'][0]}/{NAMES['nodes'][0]}?{q}")
    for node in NAMES["nodes"][:3]:
        get(fuzz_client, f"/en/guide/{NAMES['flows'][0]}/{node}/answer?{q}")


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(lang=segment("langs"), artefact=st.one_of(st.sampled_from(["poster", "victim-leaflet"]), nasty_text)
       .map(lambda s: quote(s, safe="")), ext=st.sampled_from(["pdf", "png"]),
       q=st.lists(st.tuples(st.sampled_from(["language", "size", "marks", "layout", "x"]),
                            st.one_of(st.sampled_from(["cy", "en", "a4", "a3", "dl", "1", "side-by-side", ""]),
                                      nasty_text.map(lambda s: quote(s, safe="")), raw_bytes)),
                  max_size=5).map(lambda kv: "&".join(f"{k}={v}" for k, v in kv)))
def test_random_print_addresses_never_fail(fuzz_client, lang, artefact, ext, q):
    get(fuzz_client, f"/{lang}/print/{artefact}.{ext}?{q}")


@FUZZ
@given(flow=segment("flows"), lang=st.one_of(pick("langs"), nasty_text, raw_bytes), q=query(),
       path=st.sampled_from(["flows", "flows/{flow}", "contacts", "openapi.json", "{flow}"]))
def test_random_api_addresses_never_fail(fuzz_client, flow, lang, q, path):
    response = get(fuzz_client, f"/api/v1/{path.format(flow=flow)}?lang={lang}&{q}")
    assert response.is_json


@pytest.mark.parametrize("url", [
    "/en/guide/possible-victim/start?" + "&".join(["a=1"] * 2000),
    "/en/guide/possible-victim/start?" + "x" * 100_000,
    "/" + "a/" * 2000,
    "/en/guide/" + "%ff" * 500 + "/",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "/en/print/..%2f..%2fapp.py.pdf",
    "/en/print/%2e%2e.pdf?language=../../etc",
    "/en/print/poster.pdf?language=" + "%2e%2e%2f" * 20,
])
def test_extreme_addresses(fuzz_client, url):
    get(fuzz_client, url)


# --- Malformed YAML ---------------------------------------------------------------------

GOOD_FLOW = (ROOT / "tests" / "fixtures" / "flows" / "example.yaml").read_text(encoding="utf-8")


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1},*a{i-1}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


MALFORMED = {
    "tabs": GOOD_FLOW.replace("  danger:", "\tdanger:"),
    "duplicate-keys": GOOD_FLOW.replace("start: danger", "start: danger\nstart: age"),
    "alias-bomb": billion_laughs(),
    "merge-key": GOOD_FLOW + "extra: &x {a: 1}\nmore:\n  <<: *x\n",
    "ten-megabytes": "id: big\ntitle: " + "x" * 10_000_000 + "\n",
    "wrong-types": GOOD_FLOW.replace("title: Worried about someone?", "title: [1, 2]")
                            .replace("reviewed: 2026-11-29", "reviewed: yesterday", 1),
    "nodes-not-a-mapping": "id: example\ntitle: T\nstart: a\nnodes: just text\n",
    "options-a-mapping": GOOD_FLOW.replace('      - id: "yes"\n        label: "Yes"\n        next: call-999\n', "      yes: no\n"),
    "deeply-nested-lists": "id: example\ntitle: " + "[" * 5000 + "]" * 5000 + "\n",
    "deeply-nested-block-lists": "id: example\ntitle:\n" + "".join(" " * i + "-\n" for i in range(1, 1300)),
    "compact-nested-lists": "id: example\ntitle: " + "- " * 3000 + "x\n",
    "deeply-nested-mappings": "id: example\n" + "".join("  " * i + f"k{i}:\n" for i in range(500)),
    "python-tag": "id: !!python/object/apply:os.system ['true']\ntitle: T\n",
    "unknown-tag": "id: !custom thing\ntitle: T\n",
    "binary-tag": "id: example\ntitle: !!binary aGVsbG8=\n",
    "two-documents": "id: example\n---\nid: other\n",
    "not-utf8": b"id: example\ntitle: caf\xe9\n",
    "nul-bytes": "id: example\x00\ntitle: T\n",
    "empty": "",
    "only-comments": "# nothing here\n",
    "a-list-at-the-top": "- 1\n- 2\n",
    "a-scalar-at-the-top": "just text\n",
    "huge-integer": "id: example\ntitle: T\nstart: " + "9" * 100_000 + "\n",
    "complex-key": "? [a, b]\n: value\n",
    "unclosed-quote": 'id: "example\ntitle: T\n',
    "bom-and-crlf": "\ufeffid: example\r\ntitle: T\r\n",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_yaml_gets_a_clear_message_in_bounded_time_and_memory(tmp_path, name):
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "contacts.yaml").write_bytes((ROOT / "tests" / "fixtures" / "flows" / "contacts.yaml").read_bytes())
    data = MALFORMED[name]
    (folder / "bad.yaml").write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(ContentError) as caught:
            load_content(folder)
    finally:
        elapsed = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < 5, f"{name}: {elapsed:.1f}s"
    assert peak < 64 * 1024 * 1024, f"{name}: {peak / 1e6:.0f} MB"
    message = str(caught.value)
    assert "bad.yaml" in message, message[:500]
    assert "Traceback" not in message and len(message) < 20_000, message[:500]
    assert " not ist" not in message  # "LList".lstrip("L") once named a list "ist"
    for problem in caught.value.problems:
        assert problem.message, problem


def test_a_file_nested_a_hundred_thousand_deep_is_refused_not_a_crash(tmp_path):
    # libyaml recurses in C: this once killed the whole process with a segmentation fault,
    # so it runs in a child process that can die without taking the test run with it.
    (tmp_path / "bad.yaml").write_text("id: example\ntitle: " + "[" * 100_000 + "]" * 100_000 + "\n")
    code = ("import sys; from routemap.yamlsource import read_yaml, YamlError\n"
            "try: read_yaml(__import__('pathlib').Path(sys.argv[1]))\n"
            "except YamlError as e: print(e)\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "bad.yaml")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-500:]}"
    assert "bad.yaml:2:" in done.stdout and "nested more than" in done.stdout, done.stdout
