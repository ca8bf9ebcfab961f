"""The benchmark: `make bench` prints one JSON object (progress goes to stderr).

Everything runs side by side in one run on loopback, so the headline figures are
ratios that hold on a noisy machine. See bench/README.md for what each key means.
Not part of the test suite: speed lives here, never in test assertions.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

from synthetic import write_content  # noqa: E402

from routemap import yamlsource  # noqa: E402
from routemap.loader import check_content, load_content  # noqa: E402
from routemap.walk import all_routes, query_string  # noqa: E402

WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "5"))
CONNECTIONS = 32
RSS_REQUESTS = 10_000
STATIC_COPY = "_bench_{}.html"  # written into static/ for the run, removed after

GOALS = {  # key: (comparison, goal)
    "page_vs_static": (">=", 0.7), "p99_ms": ("<=", 25), "outcome_vs_static": (">=", 0.6),
    "poster_overhead": ("<=", 1.10), "cache_speedup": (">=", 100), "batch_speedup": (">=", 1.6),
    "validate_vs_yaml_parse": ("<=", 3), "scaling_10x": ("<=", 12), "worker_rss_mb": ("<=", 120),
    "page_p95_under_print_flood_ms": ("<=", 200), "slow_clients_page_s": ("<=", 1),
    "search_p99_ms": ("<=", 25), "usage_on_vs_off": (">=", 0.6),
    "routes_check_10k_s": ("<=", 3.0), "change_report_10k_s": ("<=", 10.0),
    "uncached_page_vs_static": (">=", 0.7), "uncached_outcome_vs_static": (">=", 0.6),
}
FLOOD_CLIENTS = 6
FLOOD_SECONDS = int(os.environ.get("BENCH_FLOOD_SECONDS", "20"))
# What a deployment sets (gunicorn.conf.py refuses to start without it).
PRODUCTION = {"ROUTEMAP_PUBLIC_BASE_URL": "https://routemap.example.org",
              "ROUTEMAP_TRUSTED_HOSTS": '["127.0.0.1", "localhost"]'}


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """The production server (gunicorn.conf.py) on a loopback port."""

    def __init__(self, workers: int | None = None, **settings: str):
        self.port = free_port()
        env = {**os.environ, "ROUTEMAP_BIND": f"127.0.0.1:{self.port}", **PRODUCTION, **settings}
        if workers:
            env["WEB_CONCURRENCY"] = str(workers)
        env.pop("ROUTEMAP_FLOWS_DIR", None)
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "app:app",
             "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.startup_s = self._wait()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _wait(self) -> float:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited during start-up")
            try:
                with urllib.request.urlopen(self.url("/"), timeout=5) as response:
                    if response.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(0.01)
        raise TimeoutError("gunicorn did not start")

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(c) for c in children]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def wrk(url: str, seconds: int = WRK_SECONDS, connections: int = CONNECTIONS, script: str | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True,
                            timeout=seconds + 60).stdout
    latency = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "p50_ms": latency["50"], "p99_ms": latency["99"],
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0,
    }


def pick_urls(content) -> dict:
    """A question page, an outcome after 8 answers, and many pages for the memory run."""
    flow = content.flows["possible-victim"]
    routes = list(all_routes(flow))
    eight = [r for r in routes if len(r.route) == 8]
    outcome = (eight or sorted(routes, key=lambda r: -len(r.route)))[0]
    many = []
    for lang in ("en", "cy"):
        for each in content.flows.values():
            for route in all_routes(each):
                query = query_string(route.answers)
                many.append(f"/{lang}/guide/{each.id}/{route.current.id}?{query}")
                many += [f"/{lang}/guide/{each.id}/{s.node.id}?{query}" for s in route.route[-2:]]
    return {
        "question": f"/en/guide/{flow.id}/{flow.start}",
        "outcome": f"/en/guide/{flow.id}/{outcome.current.id}?{query_string(outcome.answers)}",
        # The last answer, which reaches that outcome: where usage is counted (a redirect).
        "outcome_reached": f"/en/guide/{flow.id}/{outcome.route[-1].node.id}/answer?{query_string(outcome.answers)}",
        "outcome_answers": len(outcome.route),
        "many": sorted(set(many)),
    }


def usage_figures(urls: dict) -> dict:
    """Counting usage on against off, on the request that reaches an outcome (where the
    count is written; the outcome page itself counts nothing): three gunicorns with the
    same settings, off, SQLite (the default store: the headline ratio) and Redis."""
    import sqlite3

    import redis

    figures, counted = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        redis_server = subprocess.Popen(["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                         "--appendonly", "no", "--dir", folder],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            stores = {"off": None, "sqlite": f"sqlite:///{folder}/usage.db", "redis": f"redis://127.0.0.1:{port}/0"}
            servers = {name: Gunicorn(**({"ROUTEMAP_USAGE_STORE": store} if store else {}))
                       for name, store in stores.items()}
            try:
                requests = dict.fromkeys(stores, 0)
                for name, server in servers.items():  # warm every worker
                    requests[name] += wrk(server.url(urls["outcome_reached"]), seconds=1)["requests"]
                # Taken in turns, best of three: the machine's other load moves each run.
                pages = {}
                for _ in range(3):
                    for name, server in servers.items():
                        run = wrk(server.url(urls["outcome_reached"]))
                        requests[name] += run["requests"]
                        if name not in figures or run["rps"] > figures[name]["rps"]:
                            figures[name] = run
                        log("usage", name, run)
                        if name != "redis":  # the outcome page itself, which counts nothing
                            page = wrk(server.url(urls["outcome"]))
                            pages[name] = max(pages.get(name, 0), page["rps"])
                for name in stores:
                    figures[name]["all_requests"] = requests[name]
            finally:
                for server in servers.values():
                    server.stop()
            counted["sqlite"] = sqlite3.connect(f"{folder}/usage.db").execute(
                "SELECT SUM(count) FROM usage WHERE measure LIKE 'outcome:%'").fetchone()[0]
            client = redis.Redis(port=port, decode_responses=True)
            counted["redis"] = sum(int(v) for key in client.scan_iter("routemap:usage:*")
                                   for field, v in client.hgetall(key).items() if field.startswith("outcome:"))
        finally:
            redis_server.terminate()
            redis_server.wait(timeout=10)
    off = figures["off"]
    raw = {"off_rps": off["rps"], "off_p99_ms": off["p99_ms"],
           "outcome_page_sqlite_vs_off": round(pages["sqlite"] / pages["off"], 3)}
    for name in ("sqlite", "redis"):
        raw |= {f"{name}_rps": figures[name]["rps"], f"{name}_p99_ms": figures[name]["p99_ms"],
                f"{name}_vs_off": round(figures[name]["rps"] / off["rps"], 3),
                # wrk's count leaves out requests still in flight when it stops: counted >= requests.
                f"{name}_requests": figures[name]["all_requests"], f"{name}_counted": counted[name]}
    return {"usage_on_vs_off": raw["sqlite_vs_off"], "usage_raw": raw}


def static_copies(urls: dict) -> dict:
    """Each page's exact bytes as a static file, so the static baseline has the same size."""
    from routemap.web import create_app

    client = create_app().test_client()
    copies = {}
    for name in ("question", "outcome"):
        body = client.get(urls[name]).data
        (ROOT / "static" / STATIC_COPY.format(name)).write_bytes(body)
        copies[name] = len(body)
    return copies


def web_figures(urls: dict, **settings: str) -> dict:
    server = Gunicorn(**settings)
    try:
        page = lambda p: server.url(p)
        # The fingerprinted URL a browser would use; served by the app's static view.
        static = {n: page(f"/static/{server_static_name(server, STATIC_COPY.format(n))}") for n in ("question", "outcome")}
        for url in (page(urls["question"]), page(urls["outcome"]), static["question"]):  # warm every worker
            wrk(url, seconds=1)
        figures = {}
        # Taken in turns, best of three each: other load on the machine moves every run,
        # and a ratio of two single runs moved by 0.3 from one run to the next.
        for _ in range(3):
            for name in ("question", "outcome"):
                for key, url in ((f"{name}_static", static[name]), (f"{name}_page", page(urls[name]))):
                    run = wrk(url)
                    if key not in figures or run["rps"] > figures[key]["rps"]:
                        figures[key] = run
                    log(settings or "", key, run)
        figures["workers"] = len(server.worker_pids())
        figures["startup_s"] = server.startup_s
        return figures
    finally:
        server.stop()


def page_figures(urls: dict) -> dict:
    """The question and outcome pages against their bytes as a static file, with the
    page cache (the default) and without it (what rendering itself costs)."""
    log(f"question {urls['question']}\noutcome ({urls['outcome_answers']} answers) {urls['outcome']}")
    sizes = static_copies(urls)
    try:
        web = web_figures(urls)
        cold = web_figures(urls, ROUTEMAP_PAGE_CACHE_MB="0")
    finally:
        for name in ("question", "outcome"):
            (ROOT / "static" / STATIC_COPY.format(name)).unlink(missing_ok=True)
    q, qs, o, os_ = web["question_page"], web["question_static"], web["outcome_page"], web["outcome_static"]
    cq, cqs, co, cos = cold["question_page"], cold["question_static"], cold["outcome_page"], cold["outcome_static"]
    runs = (q, qs, o, os_, cq, cqs, co, cos)
    return {
        "page_vs_static": round(q["rps"] / qs["rps"], 3),
        "p50_ms": q["p50_ms"], "p99_ms": q["p99_ms"],
        "outcome_vs_static": round(o["rps"] / os_["rps"], 3),
        "outcome_p99_ms": o["p99_ms"],
        "uncached_page_vs_static": round(cq["rps"] / cqs["rps"], 3),
        "uncached_outcome_vs_static": round(co["rps"] / cos["rps"], 3),
        "startup_s": round(web["startup_s"], 3),
        "raw": {
            "question_rps": q["rps"], "question_static_rps": qs["rps"], "question_static_p99_ms": qs["p99_ms"],
            "outcome_rps": o["rps"], "outcome_p50_ms": o["p50_ms"], "outcome_static_rps": os_["rps"],
            "outcome_static_p99_ms": os_["p99_ms"],
            "uncached_question_rps": cq["rps"], "uncached_question_static_rps": cqs["rps"],
            "uncached_p50_ms": cq["p50_ms"], "uncached_p99_ms": cq["p99_ms"],
            "uncached_outcome_rps": co["rps"], "uncached_outcome_static_rps": cos["rps"],
            "uncached_outcome_p50_ms": co["p50_ms"], "uncached_outcome_p99_ms": co["p99_ms"],
            "uncached_startup_s": round(cold["startup_s"], 3),
            "question_bytes": sizes["question"], "outcome_bytes": sizes["outcome"],
            "outcome_answers": urls["outcome_answers"],
            "non_2xx": sum(r["non_2xx"] for r in runs),
            "socket_errors": sum(r["socket_errors"] for r in runs),
            "workers": web["workers"], "wrk": f"-t2 -c{CONNECTIONS} -d{WRK_SECONDS}s",
        },
    }


def server_static_name(server: Gunicorn, name: str) -> str:
    from routemap.web.serving import StaticFiles

    return StaticFiles(ROOT / "static").versioned_name(name)


def memory_figures(urls: dict) -> dict:
    """RSS of a single worker after RSS_REQUESTS requests over many different pages.

    Sent from Python threads rather than wrk: a wrk thread that stops early leaves its
    connections open without a request, and gunicorn then replaces the (sync) worker
    after its timeout, which would measure a fresh worker instead.
    """
    from concurrent.futures import ThreadPoolExecutor

    server = Gunicorn(workers=1)
    try:
        (worker,) = server.worker_pids()
        paths = [urls["many"][i % len(urls["many"])] for i in range(RSS_REQUESTS)]

        def get(path: str) -> int:
            with urllib.request.urlopen(server.url(path), timeout=30) as response:
                response.read()
                return response.status

        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(get, paths))
        if server.worker_pids() != [worker]:
            raise RuntimeError("the worker was replaced during the memory run")
        status = Path(f"/proc/{worker}/status").read_text()
        rss_kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        # RSS counts pages shared with the master (preloaded content, code) in full;
        # PSS splits them between the processes that share them.
        rollup = Path(f"/proc/{worker}/smaps_rollup").read_text()
        pss_kb = int(re.search(r"^Pss:\s+(\d+) kB", rollup, re.M).group(1))
        private_kb = sum(int(v) for v in re.findall(r"^Private_(?:Clean|Dirty):\s+(\d+) kB", rollup, re.M))
        return {"worker_rss_mb": round(rss_kb / 1024, 1), "worker_pss_mb": round(pss_kb / 1024, 1),
                "worker_private_mb": round(private_kb / 1024, 1), "rss_requests": len(statuses),
                "rss_distinct_urls": len(set(paths)), "rss_non_2xx": sum(s != 200 for s in statuses)}
    finally:
        server.stop()


def flood_figures(urls: dict) -> dict:
    """Pages while FLOOD_CLIENTS clients ask for prints that are never in the cache.

    The flood asks for route maps and posters in ever-changing language pairs, sizes,
    layouts and marks (each a fresh render of a second or more) and all-languages ZIPs.
    The per-client print budget and the per-endpoint limits are lifted for this run, so
    that only the render pool stands between the flood and the pages: the worst case. Meanwhile one client reads guide pages, each a
    different address (so no page comes from the page cache), one after another.
    """
    import itertools
    import random
    import threading

    languages = ["cy", "en", "ar", "fa", "pl", "ro", "so", "sq", "ti", "vi"]
    pairs = [(a, b) for a in languages for b in languages if a != b]
    random.Random(7).shuffle(pairs)
    flood = [f"/en/print/route-map.pdf?language={a}&language={b}&marks={m}"
             for (a, b), m in zip(pairs, itertools.cycle("01"))]
    flood += [f"/en/print/poster.pdf?language={a}&language={b}&size={size}&layout={layout}"
              for (a, b), size, layout in zip(pairs, itertools.cycle(["a4", "a3"]),
                                              itertools.cycle(["stacked", "side-by-side"]))]
    random.Random(8).shuffle(flood)
    flood[::20] = ["/en/print/professional-leaflet-all-languages.zip?marks=1"] * len(flood[::20])
    prints = itertools.cycle(flood)
    lock = threading.Lock()

    def next_print() -> str:
        with lock:
            return next(prints)

    unlimited = "1000000 per minute"
    server = Gunicorn(ROUTEMAP_PRINT_BUDGET=unlimited, ROUTEMAP_PRINT_RATELIMIT_PDF=unlimited,
                      ROUTEMAP_PRINT_RATELIMIT_ZIP=unlimited, ROUTEMAP_PRINT_RATELIMIT_PREVIEW=unlimited)
    try:
        def get(path: str) -> tuple[int, float]:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(server.url(path), timeout=60) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            return status, time.perf_counter() - started

        def read_pages(paths, seconds: float) -> list[float]:
            times, deadline = [], time.monotonic() + seconds
            for path in itertools.cycle(paths):
                if time.monotonic() > deadline:
                    break
                status, took = get(path)
                if status != 200:
                    raise RuntimeError(f"page {path}: {status}")
                times.append(took * 1000)
            return times

        pages = urls["many"]
        quiet = read_pages(pages[:200], 5)
        stop, statuses = threading.Event(), []

        def flood():
            while not stop.is_set():
                statuses.append(get(next_print())[0])

        threads = [threading.Thread(target=flood) for _ in range(FLOOD_CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(2)  # the flood is under way
        loaded = read_pages(pages[200:], FLOOD_SECONDS)
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        server.stop()
    p95 = lambda times: round(sorted(times)[int(len(times) * 0.95)], 1)  # noqa: E731
    return {"page_p95_under_print_flood_ms": p95(loaded),
            "flood_raw": {"page_p95_quiet_ms": p95(quiet), "page_p50_under_flood_ms": round(sorted(loaded)[len(loaded) // 2], 1),
                          "pages_read_under_flood": len(loaded), "flood_clients": FLOOD_CLIENTS,
                          "flood_seconds": FLOOD_SECONDS, "flood_requests": len(statuses),
                          "flood_200": statuses.count(200), "flood_503": statuses.count(503),
                          "flood_429": statuses.count(429),
                          "flood_other": sum(s not in (200, 429, 503) for s in statuses)}}


def slow_client_figures(urls: dict) -> dict:
    """The slowest of 10 page reads while 3 clients send their request headers one byte a
    second (with sync workers each held a worker until gunicorn's 30 s timeout)."""
    import threading

    server = Gunicorn()
    stop, connected = threading.Event(), []

    def slow():
        with socket.create_connection(("127.0.0.1", server.port), timeout=60) as s:
            s.sendall(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            connected.append(s)
            while not stop.wait(1):
                try:
                    s.sendall(b"a")
                except OSError:
                    return

    clients = [threading.Thread(target=slow) for _ in range(3)]
    try:
        for client in clients:
            client.start()
        time.sleep(2)
        times = []
        for path in urls["many"][:10]:
            started = time.perf_counter()
            with urllib.request.urlopen(server.url(path), timeout=60) as response:
                response.read()
            times.append(time.perf_counter() - started)
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=10)
        server.stop()
    return {"slow_clients_page_s": round(max(times), 3),
            "slow_raw": {"slow_clients_connected": len(connected),
                         "slow_clients_page_median_s": round(sorted(times)[len(times) // 2], 3)}}


def validate_figures() -> dict:
    """Load + validate one synthetic flow of 1,000 and of 10,000 nodes (best of 3 each).

    The headline is CPU time: the work is single-threaded and CPU-bound, so on an idle
    machine it equals the wall-clock time, and on a shared one it is not inflated by
    other processes. The wall-clock times are reported too.
    """
    figures = {}
    # 10,000 nodes make a 1.3 MB file: lift the 1 MB file limit (an input guard, not an
    # engine limit) so that one flow holds them all and any superlinear step shows.
    limit, yamlsource.MAX_FILE_BYTES = yamlsource.MAX_FILE_BYTES, 50_000_000
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for size in (1_000, 10_000):
                folder = Path(tmp) / str(size)
                write_content(folder, size)
                cpu, wall = [], []
                for _ in range(3):
                    started, started_cpu = time.perf_counter(), time.process_time()
                    content, problems = check_content(folder)
                    cpu.append(time.process_time() - started_cpu)
                    wall.append(time.perf_counter() - started)
                    if problems:
                        raise RuntimeError(f"synthetic content is invalid: {problems[:3]}")
                    del content
                figures[f"validate_{size // 1000}k_s"] = round(min(cpu), 4)
                figures[f"validate_{size // 1000}k_wall_s"] = round(min(wall), 4)
            figures["yaml_parse_10k_s"] = round(yaml_parse_seconds(folder), 4)
    finally:
        yamlsource.MAX_FILE_BYTES = limit
    figures["scaling_10x"] = round(figures["validate_10k_s"] / figures["validate_1k_s"], 2)
    figures["validate_vs_yaml_parse"] = round(figures["validate_10k_s"] / figures["yaml_parse_10k_s"], 2)
    return figures


def yaml_parse_seconds(folder: Path) -> float:
    """CPU seconds libyaml alone takes to parse every YAML file in `folder` into plain
    Python objects (best of 3): the floor under load + validate on this machine, so that
    validate_vs_yaml_parse means the same on a fast machine and a slow one."""
    import yaml

    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.yaml"))]
    cpu = []
    for _ in range(3):
        started = time.process_time()
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)
        cpu.append(time.process_time() - started)
    return min(cpu)


SEARCH_QUERIES = [  # what prosecutors type (tests/test_search.py pins their first results)
    ("en", "abuse of process"), ("en", "burden of proof"), ("en", "forfeiture of vehicle"), ("en", "sentenced"),
    ("en", "section 45(4)"), ("en", "possession with intent to supply"), ("en", "cannabis"), ("en", "county lines"),
    ("en", "theft"), ("en", "GBH"), ("en", "section 18"), ("en", "Schedule 4"), ("en", "duress"),
    ("en", "zzqqxx"), ("cy", "dedfrydu"), ("cy", "plentyn a fasnachwyd"), ("cy", "Atodlen 4"),
    ("cy", "llinellau cyffuriau"), ("cy", "baich y prawf"),
]


def search_figures() -> dict:
    """CPS search in-process: building the index for every language at start-up, and
    query latency over real queries (each run 50 times; p50 and p99 in ms)."""
    from routemap.search import build_index
    from routemap.search_terms import check_search_terms
    from routemap.translator import Translators

    content = load_content(ROOT / "flows")
    terms, _problems = check_search_terms(ROOT / "flows")
    translators = Translators(ROOT / "translations")
    langs = tuple(translators.languages)
    cps = [f for f in content.flows.values() if f.audience == "cps"]
    started = time.perf_counter()
    index = build_index(content.reference, languages=langs, terms=terms, flows=cps,
                        translate=lambda lang, text: translators[lang].text(text))
    build = time.perf_counter() - started
    times = []
    for _ in range(50):
        for lang, query in SEARCH_QUERIES:
            started = time.perf_counter()
            index.search(query, lang)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"search_build_s": round(build, 3), "search_p50_ms": round(times[len(times) // 2], 2),
            "search_p99_ms": round(times[int(len(times) * 0.99)], 2), "search_documents": len(index.docs),
            "search_languages": len(langs)}


def machine() -> dict:
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    return {"nproc": os.cpu_count(), "memory_gb": round(mem_kb / 1024 / 1024, 1),
            "cpu": model.group(1).strip() if model else "unknown", "python": sys.version.split()[0],
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"),
            "commit": commit + ("-dirty" if dirty else "")}


def print_figures() -> dict:
    """The A4 poster: the app's cold render vs bare WeasyPrint on the same HTML, and a
    cached hit vs a cold render. Runs alternate and the best of each is kept."""
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        from routemap.printing.artefacts import PrintOptions
        from routemap.printing.cache import PdfCache
        from routemap.printing.fetcher import STATIC_BASE, StaticOnlyFetcher
        from routemap.printing.render import PDF_OPTIONS
        from routemap.web import create_app
        from routemap.web.state import state
    except ImportError as exc:
        return {"poster_overhead": None, "cache_speedup": None, "batch_speedup": None,
                "print_note": f"print is not available: {exc}"}
    base = "https://routemap.example.org"
    app = create_app({"PUBLIC_BASE_URL": base})
    printer, prints = state(app).printer, state(app).prints
    options = PrintOptions("poster", ("en",), "a4")
    with app.test_request_context("/en/", base_url=base):
        from flask import g

        g.lang = "en"
        html = {}
        make_html = printer.html
        printer.html = lambda o, sides: html.setdefault("final", make_html(o, sides))
        printer.cache = PdfCache()
        prints.build("poster", ("en",), "a4", base_url=base)  # also loads fonts once, as a running server has
        printer.html = make_html
        fetcher = StaticOnlyFetcher(app.static_folder)
        shared_fonts = FontConfiguration()  # as the app keeps one per thread

        def timed(work) -> float:
            started = time.perf_counter()
            work()
            return time.perf_counter() - started

        def cold():
            printer.cache = PdfCache()
            prints.build("poster", ("en",), "a4", base_url=base)

        def bare(fonts=None):
            document = weasyprint.HTML(string=html["final"], base_url=STATIC_BASE, url_fetcher=fetcher)
            document.write_pdf(font_config=fonts or FontConfiguration(), **PDF_OPTIONS)

        bare(shared_fonts)
        runs = {"cold": [], "bare": [], "bare_new_fonts": []}
        for _ in range(9):  # renders vary a lot on a busy machine: the best of many
            runs["cold"].append(timed(cold))
            runs["bare"].append(timed(lambda: bare(shared_fonts)))
            runs["bare_new_fonts"].append(timed(bare))
        hits = [timed(lambda: prints.build("poster", ("en",), "a4", base_url=base)) for _ in range(200)]
    best = {k: min(v) for k, v in runs.items()}
    return {
        "poster_overhead": round(best["cold"] / best["bare"], 3),
        "cache_speedup": round(best["cold"] / sorted(hits)[len(hits) // 2], 1),
        "print_raw": {"poster_cold_ms": round(best["cold"] * 1000, 1),
                      "bare_weasyprint_ms": round(best["bare"] * 1000, 1),
                      "bare_weasyprint_new_fontconfig_ms": round(best["bare_new_fonts"] * 1000, 1),
                      "cached_hit_median_ms": round(sorted(hits)[len(hits) // 2] * 1000, 3)},
    }


def review_figures() -> dict:
    """`routemap routes --check` and the change report (`routemap changes`) on the
    10,000-node synthetic flow, CPU seconds, best of 3. The check is what the command does
    after start-up (the content is already loaded: that is validate_10k_s): every route
    and outcome view in English and Welsh, compared with the snapshot on disk. The report
    compares the flow with a copy in which one outcome's text and one answer's ending
    changed, loading both sides (as the command does) and writing Markdown."""
    from routemap import changes, routes
    from routemap.catalogs import ENGLISH, read_catalog

    translations = ROOT / "translations"
    limit, yamlsource.MAX_FILE_BYTES = yamlsource.MAX_FILE_BYTES, 50_000_000
    try:
        with tempfile.TemporaryDirectory() as tmp:
            old, new = Path(tmp) / "old" / "flows", Path(tmp) / "new" / "flows"
            write_content(old, 10_000)
            write_content(new, 10_000)
            flow = new / "synthetic.yaml"
            text = flow.read_text(encoding="utf-8")
            first_b = re.search(r"\{id: b, label: N, next: (o\d+)\}", text)
            other = "o1" if first_b.group(1) != "o1" else "o2"
            text = text.replace(first_b.group(0), f"{{id: b, label: N, next: {other}}}", 1)
            flow.write_text(text.replace("title: O7,", "title: O7 changed,", 1), encoding="utf-8")
            content = load_content(old)
            catalogs = {"en": ENGLISH, "cy": read_catalog(translations, "cy")}
            routes.write_snapshot(old, routes.snapshot_lines(content, catalogs))

            def check():
                found = routes.compare(routes.read_snapshot(old),
                                       routes.snapshot_lines(content, routes.snapshot_catalogs(translations)))
                if found:
                    raise RuntimeError(f"synthetic snapshot differs: {found[:3]}")

            def report():
                found = changes.compare(changes.load_side(old, translations=translations),
                                        changes.load_side(new, translations=translations))
                if not (found.routes and found.texts):
                    raise RuntimeError("the change report missed the synthetic changes")
                changes.to_markdown(found)

            figures = {}
            for name, work in (("routes_check_10k_s", check), ("change_report_10k_s", report)):
                cpu = []
                for _ in range(3):
                    started = time.process_time()
                    work()
                    cpu.append(time.process_time() - started)
                figures[name] = round(min(cpu), 3)
            figures["routes_10k"] = sum(1 for line in routes.read_snapshot(old) if " => " in line)
            return figures
    finally:
        yamlsource.MAX_FILE_BYTES = limit


def batch_figures() -> dict:
    """`flask print build-all` (every print in every language and size) with 2 worker
    processes against 1, each into an empty folder (no cache carried over). A worker
    takes seconds to start, so a build much smaller than this one cannot repay it."""
    env = {**os.environ, "ROUTEMAP_PUBLIC_BASE_URL": "https://routemap.example.org"}
    flask = str(ROOT / ".venv" / "bin" / "flask")
    seconds = {}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run([flask, "--app", "app", "print", "build-all", "--out", out, "--jobs", str(jobs)],
                           cwd=ROOT, env=env, check=True, capture_output=True, timeout=900)
            seconds[jobs] = time.perf_counter() - started
    return {"batch_speedup": round(seconds[1] / seconds[2], 3),
            "batch_raw": {"build_all_1_process_s": round(seconds[1], 1), "build_all_2_processes_s": round(seconds[2], 1)}}


def abuse_figures(urls: dict) -> dict:
    flood = flood_figures(urls)
    log("flood done", flood)
    slow = slow_client_figures(urls)
    log("slow clients done", slow)
    return {**flood, **slow}


def main() -> None:
    if sys.argv[1:] == ["abuse"]:  # only the figures under print flood and slow clients
        result = abuse_figures(pick_urls(load_content(ROOT / "flows")))
        result["raw"] = {**result.pop("flood_raw"), **result.pop("slow_raw"),
                         "load_average": os.getloadavg()[0]}
        result["machine"] = machine()
        result["goals_missed"] = goals_missed(result)
        print(json.dumps(result, indent=2))
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: run scripts/system-packages.sh --bench")
    if sys.argv[1:] == ["usage"]:  # only the cost of counting usage (issue 21)
        usage = usage_figures(pick_urls(load_content(ROOT / "flows")))
        result = {"usage_on_vs_off": usage["usage_on_vs_off"],
                  "raw": {**usage["usage_raw"], "load_average": os.getloadavg()[0]}, "machine": machine()}
        result["goals_missed"] = [] if usage["usage_on_vs_off"] >= GOALS["usage_on_vs_off"][1] else ["usage_on_vs_off"]
        print(json.dumps(result, indent=2))
        return
    if sys.argv[1:] == ["pages"]:  # only the page figures, cached and uncached (issue 17)
        pages = page_figures(pick_urls(load_content(ROOT / "flows")))
        result = {k: v for k, v in pages.items() if k != "raw"}
        result["raw"] = {**pages["raw"], "load_average": os.getloadavg()[0]}
        result["machine"] = machine()
        result["goals_missed"] = goals_missed(result)
        print(json.dumps(result, indent=2))
        return
    started = time.perf_counter()
    urls = pick_urls(load_content(ROOT / "flows"))
    pages = page_figures(urls)
    log("web done")
    memory = memory_figures(urls)
    log("memory done", memory)
    validation = validate_figures()
    log("validate done", validation)
    review = review_figures()
    log("review tools done", review)
    prints = print_figures()
    log("print done", prints)
    batch = batch_figures()
    log("batch done", batch)
    abuse = abuse_figures(urls)
    search = search_figures()
    log("search done", search)
    usage = usage_figures(urls)
    log("usage done", usage)
    result = {
        **{k: v for k, v in pages.items() if k != "raw"},
        **{k: v for k, v in prints.items() if k != "print_raw"},
        "batch_speedup": batch["batch_speedup"],
        "validate_1k_s": validation["validate_1k_s"], "validate_10k_s": validation["validate_10k_s"],
        "yaml_parse_10k_s": validation["yaml_parse_10k_s"],
        "validate_vs_yaml_parse": validation["validate_vs_yaml_parse"],
        "scaling_10x": validation["scaling_10x"],
        "routes_check_10k_s": review["routes_check_10k_s"],
        "change_report_10k_s": review["change_report_10k_s"],
        "worker_rss_mb": memory["worker_rss_mb"],
        "page_p95_under_print_flood_ms": abuse["page_p95_under_print_flood_ms"],
        "slow_clients_page_s": abuse["slow_clients_page_s"],
        "search_p99_ms": search["search_p99_ms"],
        "usage_on_vs_off": usage["usage_on_vs_off"],
        "raw": {
            **pages["raw"],
            **{k: v for k, v in memory.items() if k != "worker_rss_mb"},
            "validate_1k_wall_s": validation["validate_1k_wall_s"],
            "validate_10k_wall_s": validation["validate_10k_wall_s"],
            "routes_10k": review["routes_10k"],
            **prints.get("print_raw", {}),
            **batch["batch_raw"],
            **abuse["flood_raw"], **abuse["slow_raw"],
            **{k: v for k, v in search.items() if k != "search_p99_ms"},
            **{f"usage_{k}": v for k, v in usage["usage_raw"].items()},
            "load_average": os.getloadavg()[0],
            "bench_s": round(time.perf_counter() - started, 1),
        },
        "machine": machine(),
    }
    result["goals_missed"] = goals_missed(result)
    print(json.dumps(result, indent=2))


def goals_missed(result: dict) -> list[str]:
    return [k for k, (op, goal) in GOALS.items() if result.get(k) is not None
            and not (result[k] >= goal if op == ">=" else result[k] <= goal)]


if __name__ == "__main__":
    main()
