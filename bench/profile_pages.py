"""Where a guide page's time goes, in-process: `python bench/profile_pages.py [--profile N]`.

Calls the app as a WSGI function (no server, no network) with the page cache off, for
the benchmark's question and outcome pages and a static file, and prints each one's CPU
microseconds per request (process time, best of 7 rounds of 500, so other load on the
machine moves it less than wall time). With --profile N, also the N functions with the
most time of their own for each page (cProfile). `make bench` measures the same pages
through gunicorn and wrk; this is the quick loop for finding what to make faster.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ROUTEMAP_DEVELOPMENT", "1")
os.environ.setdefault("ROUTEMAP_PUBLIC_BASE_URL", "https://routemap.example.org")

from werkzeug.test import EnvironBuilder  # noqa: E402

from bench.run import pick_urls  # noqa: E402
from routemap.web import create_app  # noqa: E402
from routemap.web.serving import StaticFiles  # noqa: E402
from routemap.web.state import state  # noqa: E402


def environ(url: str) -> dict:
    path, _, query = url.partition("?")
    return EnvironBuilder(path=path, query_string=query).get_environ()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also list the N functions with the most time of their own")
    args = parser.parse_args()
    app = create_app({"PAGE_CACHE_MB": 0})
    urls = pick_urls(state(app).content)
    pages = {"static": "/static/" + StaticFiles(ROOT / "static").versioned_name("app.css"),
             "question": urls["question"], "outcome": urls["outcome"]}

    def call(env: dict) -> None:
        statuses = []
        b"".join(app(dict(env), lambda status, headers, exc_info=None: statuses.append(status)))
        if not statuses[0].startswith("200"):
            raise SystemExit(f"{statuses[0]}: the benchmark's page did not answer 200")

    figures = {}
    for name, url in pages.items():
        env = environ(url)
        for _ in range(300):  # templates compiled, parts of pages kept
            call(env)
        best = float("inf")
        for _ in range(7):
            start = time.process_time()
            for _ in range(500):
                call(env)
            best = min(best, (time.process_time() - start) / 500)
        figures[name] = round(best * 1e6)
        print(f"{name:9} {figures[name]:6} us  {url}")
        if args.profile and name != "static":
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(500):
                call(env)
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(args.profile)
    print(f"question/static {figures['question'] / figures['static']:.2f}, "
          f"outcome/static {figures['outcome'] / figures['static']:.2f} (CPU per request)")


if __name__ == "__main__":
    main()
