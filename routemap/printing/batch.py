"""Every print for a static host (`flask print build-all`): which ones, built in a
process pool, named, previewed and indexed. No Flask: it calls PrintService.build().

WeasyPrint is pure-Python CPU work, so threads would queue on the GIL: each print is
rendered in its own process, forked from the loaded app.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from html import escape
from pathlib import Path

from . import pdfcheck
from .artefacts import PrintOptions
from .registry import SHEETS

PREVIEW_WIDTH_PX = 300


def file_name(options: PrintOptions) -> str:
    marks = "-print-shop" if options.marks else ""
    return f"{options.artefact}-{'-'.join(options.langs)}-{options.size}{marks}.pdf"


def build_jobs(languages, marks: bool, only=()) -> list[PrintOptions]:
    """Each artefact in each size: every language alone, plus Welsh with English in
    every bilingual layout the design has (Welsh first, as the Standards require)."""
    jobs = []
    for name, art in SHEETS.items():
        if only and name not in only:
            continue
        for size in art.sizes:
            for mark in (False, True) if marks else (False,):
                jobs += [PrintOptions(name, (code,), size, mark) for code in languages]
                if {"cy", "en"} <= set(languages):
                    jobs += [PrintOptions(name, ("cy", "en"), size, mark, layout)
                             for layout in art.layouts]
    return jobs


def output_name(options: PrintOptions) -> str:
    name = file_name(options)
    if len(options.langs) > 1 and len(SHEETS[options.artefact].layouts) > 1:
        name = name.replace(".pdf", f"-{options.layout}.pdf")
    return name


def render_job(service, options: PrintOptions, out: Path, base_url: str) -> dict:
    """Render one print to `out`, with a PNG preview of its first page beside it."""
    start = time.perf_counter()
    options = options.checked(SHEETS[options.artefact], service.languages)
    data = service.build(options.artefact, options.langs, options.size, options.marks,
                         options.layout, base_url=base_url)
    name = output_name(options)
    (out / name).write_bytes(data)
    (out / name.replace(".pdf", ".png")).write_bytes(
        pdfcheck.first_page_png(data, PREVIEW_WIDTH_PX))
    return {"file": name, "artefact": options.artefact, "langs": list(options.langs),
            "size": options.size, "marks": options.marks, "layout": options.layout,
            "pages": pdfcheck.page_count(data), "bytes": len(data),
            "seconds": time.perf_counter() - start}


_worker = None  # (service, base_url), inherited by forked workers


def _worker_build(options: PrintOptions, out: str) -> dict:
    service, base_url = _worker
    return render_job(service, options, Path(out), base_url)


def build_all(service, jobs_list, out: Path, base_url: str, workers: int, progress):
    """Render every job; returns (results sorted by file, [(options, exception)]).
    `progress(result or None)` is called once per job."""
    global _worker
    results, failures = [], []
    if workers == 1:
        for options in jobs_list:
            try:
                results.append(render_job(service, options, out, base_url))
            except Exception as exc:  # report every failure, then fail the command
                failures.append((options, exc))
            progress(results[-1] if results else None)
    else:
        # fork: each worker inherits the app already loaded here (content, catalogs,
        # templates) instead of spending seconds rebuilding it. Nothing has rendered
        # yet in this process, so no font or thread state is carried over.
        _worker = (service, base_url)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_worker_build, options, str(out)): options
                       for options in jobs_list}
            for future in as_completed(futures):
                try:
                    results.append(future.result())
                    progress(results[-1])
                except Exception as exc:
                    failures.append((futures[future], exc))
                    progress(None)
    results.sort(key=lambda r: r["file"])
    return results, failures


def default_workers(requested: int, jobs: int) -> int:
    """Forking a worker and warming its fonts costs a few renders' worth: by default
    use one per core only when there is work to repay it."""
    return max(1, min(requested or min(os.cpu_count() or 1, jobs // 10), jobs))


def summary(results, failures, elapsed, workers) -> str:
    total = sum(r["bytes"] for r in results)
    lines = [f"Built {len(results)} PDF(s), {total / 1e6:.1f} MB, in {elapsed:.1f} s "
             f"with {workers} process(es); {len(failures)} failed."]
    for name in SHEETS:
        mine = [r for r in results if r["artefact"] == name]
        if mine:
            times = [r["seconds"] for r in mine]
            lines.append(f"  {name:22} {len(mine):3} file(s), render "
                         f"{sum(times) / len(times):.2f} s average, {max(times):.2f} s slowest")
    return "\n".join(lines)


def write_index(out: Path, results, languages, version: str) -> None:
    """index.html for the static host: every file, grouped by artefact, Welsh first."""
    rows = []
    for name in SHEETS:
        mine = [r for r in results if r["artefact"] == name]
        if not mine:
            continue
        rows.append(f'<h2 id="{escape(name)}">{escape(name)}</h2>\n<ul class="files">')
        for r in mine:
            langs = " + ".join(
                f'<span lang="{escape(c)}" dir="{escape(languages[c].direction)}">'
                f'{escape(languages[c].name)}</span>' for c in r["langs"])
            extra = ", ".join(filter(None, [
                r["size"].upper().replace("-", " "),
                r["layout"] if len(r["langs"]) > 1 else "",
                "bleed + crop marks" if r["marks"] else ""]))
            rows.append(
                f'<li><a href="{escape(r["file"])}"><img src="{escape(r["file"][:-4])}.png" '
                f'alt="" width="120"> {langs}</a> ({escape(extra)}; {r["pages"]} '
                f'page(s), {r["bytes"] // 1024} KB)</li>')
        rows.append("</ul>")
    version = escape(version)
    (out / "index.html").write_text(f"""<!doctype html>
<html lang="cy">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Posteri a thaflenni i'w hargraffu / Posters and leaflets to print</title>
<style>body{{font-family:"Noto Sans",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
.files{{list-style:none;padding:0}}.files li{{margin:.5rem 0}}img{{vertical-align:middle;border:1px solid #ccc}}</style>
</head>
<body>
<h1>Posteri a thaflenni i'w hargraffu / <span lang="en">Posters and leaflets to print</span></h1>
<p>Fersiwn y canllaw / <span lang="en">Guide version</span> {version}</p>
<div lang="en">
{chr(10).join(rows)}
</div>
</body>
</html>
""", encoding="utf-8")
