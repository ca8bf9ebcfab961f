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
    "validate_10k_s": ("<=", 1.0), "scaling_10x": ("<=", 12), "worker_rss_mb": ("<=", 120),
}


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """The production server (gunicorn.conf.py) on a loopback port."""

    def __init__(self, workers: int | None = None):
        self.port = free_port()
        env = {**os.environ, "ROUTEMAP_BIND": f"127.0.0.1:{self.port}"}
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
        "outcome_answers": len(outcome.route),
        "many": sorted(set(many)),
    }


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


def web_figures(urls: dict) -> dict:
    server = Gunicorn()
    try:
        page = lambda p: server.url(p)
        # The fingerprinted URL a browser would use; served by the app's static view.
        static = {n: page(f"/static/{server_static_name(server, STATIC_COPY.format(n))}") for n in ("question", "outcome")}
        for url in (page(urls["question"]), static["question"]):  # warm every worker
            wrk(url, seconds=1)
        figures = {}
        for name in ("question", "outcome"):
            figures[f"{name}_static"] = wrk(static[name])
            figures[f"{name}_page"] = wrk(page(urls[name]))
            log(name, figures[f"{name}_page"], "static", figures[f"{name}_static"])
        figures["workers"] = len(server.worker_pids())
        figures["startup_s"] = server.startup_s
        return figures
    finally:
        server.stop()


def server_static_name(server: Gunicorn, name: str) -> str:
    from routemap.web.serving import StaticFiles

    return StaticFiles(ROOT / "static").versioned_name(name)


def memory_figures(urls: dict) -> dict:
    """RSS of a single worker after RSS_REQUESTS requests over many different pages."""
    server = Gunicorn(workers=1)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    try:
        paths = ",\n".join(json.dumps(u) for u in urls["many"])
        per_thread = RSS_REQUESTS // 2
        script.write_text(f"""
local paths = {{ {paths} }}
local i = 0
local done = 0
function setup(thread) thread:set("offset", math.random(#paths)) end
function init(args) i = offset end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function response(status, headers, body)
  done = done + 1
  if done >= {per_thread} then wrk.thread:stop() end
end
""")
        result = wrk(server.url("/"), seconds=120, connections=8, script=str(script))
        (worker,) = server.worker_pids()
        status = Path(f"/proc/{worker}/status").read_text()
        rss_kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        return {"worker_rss_mb": round(rss_kb / 1024, 1), "rss_requests": result["requests"],
                "rss_distinct_urls": len(urls["many"]), "rss_non_2xx": result["non_2xx"]}
    finally:
        script.unlink()
        server.stop()


def validate_figures() -> dict:
    """Load + validate one synthetic flow of 1,000 and of 10,000 nodes (best of 3 each)."""
    figures = {}
    # 10,000 nodes make a 1.3 MB file: lift the 1 MB file limit (an input guard, not an
    # engine limit) so that one flow holds them all and any superlinear step shows.
    limit, yamlsource.MAX_FILE_BYTES = yamlsource.MAX_FILE_BYTES, 50_000_000
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for size in (1_000, 10_000):
                folder = Path(tmp) / str(size)
                write_content(folder, size)
                times = []
                for _ in range(3):
                    start = time.perf_counter()
                    content, problems = check_content(folder)
                    times.append(time.perf_counter() - start)
                    if problems:
                        raise RuntimeError(f"synthetic content is invalid: {problems[:3]}")
                figures[f"validate_{size // 1000}k_s"] = round(min(times), 4)
    finally:
        yamlsource.MAX_FILE_BYTES = limit
    figures["scaling_10x"] = round(figures["validate_10k_s"] / figures["validate_1k_s"], 2)
    return figures


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
    try:
        import routemap.printing  # noqa: F401
    except ImportError:
        return {"poster_overhead": None, "cache_speedup": None, "batch_speedup": None,
                "print_note": "routemap.printing (the print branch) is not merged into this branch yet"}
    return {"poster_overhead": None, "cache_speedup": None, "batch_speedup": None,
            "print_note": "print is merged but its benchmark is not written yet"}


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: run scripts/system-packages.sh --bench")
    started = time.perf_counter()
    content = load_content(ROOT / "flows")
    urls = pick_urls(content)
    log(f"question {urls['question']}\noutcome ({urls['outcome_answers']} answers) {urls['outcome']}")
    sizes = static_copies(urls)
    try:
        web = web_figures(urls)
    finally:
        for name in ("question", "outcome"):
            (ROOT / "static" / STATIC_COPY.format(name)).unlink(missing_ok=True)
    log("web done")
    memory = memory_figures(urls)
    log("memory done", memory)
    validation = validate_figures()
    log("validate done", validation)
    q, qs, o, os_ = web["question_page"], web["question_static"], web["outcome_page"], web["outcome_static"]
    result = {
        "page_vs_static": round(q["rps"] / qs["rps"], 3),
        "p50_ms": q["p50_ms"], "p99_ms": q["p99_ms"],
        "outcome_vs_static": round(o["rps"] / os_["rps"], 3),
        "outcome_p99_ms": o["p99_ms"],
        **print_figures(),
        "validate_1k_s": validation["validate_1k_s"], "validate_10k_s": validation["validate_10k_s"],
        "scaling_10x": validation["scaling_10x"],
        "worker_rss_mb": memory["worker_rss_mb"],
        "startup_s": round(web["startup_s"], 3),
        "raw": {
            "question_rps": q["rps"], "question_static_rps": qs["rps"], "question_static_p99_ms": qs["p99_ms"],
            "outcome_rps": o["rps"], "outcome_p50_ms": o["p50_ms"], "outcome_static_rps": os_["rps"],
            "outcome_static_p99_ms": os_["p99_ms"],
            "question_bytes": sizes["question"], "outcome_bytes": sizes["outcome"],
            "outcome_answers": urls["outcome_answers"],
            "non_2xx": sum(r["non_2xx"] for r in (q, qs, o, os_)),
            "socket_errors": sum(r["socket_errors"] for r in (q, qs, o, os_)),
            "workers": web["workers"], "wrk": f"-t2 -c{CONNECTIONS} -d{WRK_SECONDS}s",
            **{k: v for k, v in memory.items() if k != "worker_rss_mb"},
            "bench_s": round(time.perf_counter() - started, 1),
        },
        "machine": machine(),
    }
    result["goals_missed"] = [k for k, (op, goal) in GOALS.items() if result.get(k) is not None
                              and not (result[k] >= goal if op == ">=" else result[k] <= goal)]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
