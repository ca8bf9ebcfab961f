"""`flask print build` and `flask print build-all`: print-ready PDFs from the command line,
through the same PrintService.build() as the web views (printing/batch.py for build-all).
"""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..printing import batch, pdfcheck
from ..printing.artefacts import LAYOUTS, PrintOptionError
from ..printing.registry import PRINTABLES, SHEETS
from .print_http import service

print_cli = AppGroup("print", help="Build print-ready PDFs (posters, leaflets).")


def public_base_url() -> str:
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:
        raise click.UsageError("set PUBLIC_BASE_URL (e.g. https://routemap.example.org) "
                               "so that QR codes point at the live guide")
    return base


@print_cli.command("build")
@click.argument("artefact", type=click.Choice(sorted(
    name for name, art in PRINTABLES.items() if art.shared)))
@click.option("--lang", "langs", multiple=True, required=True,
              help="Language code; give two for a bilingual print (Welsh goes first).")
@click.option("--size", default="", help="Paper size, e.g. a4 or a3 (default: the item's first).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="stacked", show_default=True)
@click.option("--marks", is_flag=True, help="Add 3 mm bleed and crop marks for a print shop.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def build_command(artefact, langs, size, layout, marks, out):
    """Write one print-ready PDF."""
    base = public_base_url()
    try:
        data = service().build(artefact, langs, size, marks, layout, base_url=base)
    except PrintOptionError as exc:
        raise click.BadParameter(str(exc)) from None
    out.write_bytes(data)
    click.echo(f"{out}: {pdfcheck.page_count(data)} page(s), {len(data):,} bytes")


@print_cli.command("build-all")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the PDFs, their PNG previews and index.html.")
@click.option("--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes (default: one per CPU core, fewer for a small "
                   "build; 1: no pool).")
@click.option("--marks", is_flag=True, help="Also build print-shop copies with bleed and crop marks.")
@click.option("--artefact", "only", multiple=True, type=click.Choice(sorted(SHEETS)),
              help="Only this artefact (repeat for more; default: all).")
def build_all_command(out, jobs, marks, only):
    """Build every print in every language and size, for a static host."""
    base = public_base_url()
    prints = service()
    out.mkdir(parents=True, exist_ok=True)
    jobs_list = batch.build_jobs(prints.languages, marks, only)
    workers = batch.default_workers(jobs, len(jobs_list))
    started = time.perf_counter()
    with click.progressbar(length=len(jobs_list), label=f"Rendering with {workers} process(es)",
                           show_pos=True, show_eta=True,
                           item_show_func=lambda r: r and r.get("file")) as bar:
        results, failures = batch.build_all(prints, jobs_list, out, base, workers,
                                            lambda result: bar.update(1, result))
    elapsed = time.perf_counter() - started
    batch.write_index(out, results, prints.languages, prints.content.version)
    click.echo(batch.summary(results, failures, elapsed, workers))
    if failures:
        for options, exc in failures:
            click.echo(f"FAILED {options.artefact} {'+'.join(options.langs)} "
                       f"{options.size or ''}: {exc}", err=True)
        raise SystemExit(1)
