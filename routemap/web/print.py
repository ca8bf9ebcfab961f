"""Print catalogue, PDF downloads and `flask print build`: thin glue to routemap.printing.

The engine does the work; this module turns a request (or CLI options) into
PrintOptions plus translated strings for each language, and the result into a response.
"""
from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import click
from flask import (Blueprint, abort, current_app, g, redirect, render_template, request,
                   send_file, url_for)
from flask.cli import AppGroup
from flask_babel import gettext as _

from ..printing import pdfcheck
from ..printing.artefacts import (ARTEFACTS, LAYOUTS, SIZES, TEXT_SECTION, Printer,
                                  PrintOptionError, PrintOptions, Side)
from ..printing.cache import PdfCache
from ..printing.chart import EXTRAS, chart_flow
from ..loader import ContentError
from ..printing.content import PRINT_TEXT, section_text, strings_for
from ..presenters import record as record_view
from ..printing.record import generated_at
from ..walk import walk
from ..yamlsource import Problem
from .language import translators

bp = Blueprint("print", __name__, url_prefix="/<lang>/print")
print_cli = AppGroup("print", help="Build print-ready PDFs (posters, leaflets).")
PREVIEW_WIDTH_PX = 300


def init_app(app) -> None:
    text = app.extensions["routemap"].print_text
    if text is None:  # validated with the rest of the content by the loader
        raise ContentError([Problem(app.config["FLOWS_DIR"], 0, "", f"{PRINT_TEXT} is missing",
                                    "the posters and leaflets need their text file")])
    app.extensions["printer"] = Printer(
        Path(app.template_folder), Path(app.static_folder), text,
        cache=PdfCache(max_bytes=app.config["PRINT_CACHE_BYTES"],
                       directory=app.config["PRINT_CACHE_DIR"]),
        version=app.extensions["routemap"].version)
    from . import booklet  # noqa: F401  adds the CPS booklet's routes to bp
    app.register_blueprint(bp)
    app.cli.add_command(print_cli)
    limit_expensive_endpoints(app)


# Rendering costs CPU seconds, so PDFs, previews and ZIPs are rate limited per client
# (PRINT_RATELIMIT_* in settings.py), counted where RATELIMIT_STORAGE_URI points.
def limit_expensive_endpoints(app) -> None:
    from .ratelimit import limiter

    def configured(key):
        return lambda: current_app.config[key]
    limits = limiter(app)
    # Flask-Limiter checks a decorated view inside its wrapper, so the wrapper must be
    # what this app calls; the module's functions stay undecorated for other apps.
    for view, key in ((pdf, "PRINT_RATELIMIT_PDF"), (record, "PRINT_RATELIMIT_PDF"),
                      (preview, "PRINT_RATELIMIT_PREVIEW"),
                      (all_languages, "PRINT_RATELIMIT_ZIP")):
        endpoint = f"{bp.name}.{view.__name__}"
        app.view_functions[endpoint] = limits.limit(configured(key))(view)


def printer() -> Printer:
    return current_app.extensions["printer"]


def public_url(endpoint: str, **values) -> str:
    """Absolute URL for QR codes. PUBLIC_BASE_URL, when set, beats the request's Host
    header, so a print never points at whatever host name a client sent."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


# Prints for professionals open the worker guide at its start; the others open the
# "get help" page (or, until it exists, the language's home page).
GUIDE_QR = {"route-map", "professional-leaflet"}


def qr_target(code: str, artefact: str = "") -> str:
    if artefact in GUIDE_QR:
        return public_url("guide.start", lang=code,
                          flow_id=chart_flow(current_app.extensions["routemap"]).id)
    endpoint = "help.index" if "help.index" in current_app.view_functions else "home.index"
    return public_url(endpoint, lang=code)


def build_pdf(options: PrintOptions) -> bytes:
    """Check the options, translate the text into each language, render (or hit cache)."""
    languages = current_app.extensions["languages"]
    options = options.checked(languages)
    sides = []
    for code in options.langs:
        # Text not yet translated prints in English marked lang="en" (Translator.markup).
        translator = translators()[code]
        section = TEXT_SECTION[options.artefact]
        strings = strings_for(printer().content, section, translator.markup)
        extras = (EXTRAS[options.artefact](current_app.extensions["routemap"], translator,
                                           section_text(printer().content, section))
                  if options.artefact in EXTRAS else {})
        sides.append(Side(code, strings, qr_target(code, options.artefact),
                          draft=not languages[code].reviewed,
                          dir=languages[code].direction, extras=extras))
    return printer().pdf(options, sides)


def options_from_request(artefact: str) -> PrintOptions:
    if artefact not in ARTEFACTS:
        abort(404, description=_("There is no printable item with that name."))
    langs = tuple(code for code in request.args.getlist("language") if code) or (g.lang,)
    return PrintOptions(artefact, langs, request.args.get("size", ""),
                        request.args.get("marks") == "1",
                        request.args.get("layout", "stacked"))


def file_name(options: PrintOptions) -> str:
    marks = "-print-shop" if options.marks else ""
    return f"{options.artefact}-{'-'.join(options.langs)}-{options.size}{marks}.pdf"


@bp.get("/")
def catalogue():
    return render_template("print/catalogue.html", artefacts=ARTEFACTS, sizes=SIZES,
                           layouts=LAYOUTS)


@bp.get("/<artefact>.pdf")
def pdf(artefact: str):
    options = options_from_request(artefact)
    try:
        data = build_pdf(options)
        options = options.checked(current_app.extensions["languages"])
    except PrintOptionError as exc:
        abort(400, description=_("This item cannot be printed with those options: %(problem)s",
                                 problem=str(exc)))
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=file_name(options))
    response.cache_control.public = True  # public content only: nothing personal
    response.cache_control.max_age = 3600
    return response


def zip_of(files) -> bytes:
    """A ZIP of (name, bytes). Stored, not deflated: PDFs are already compressed. Fixed
    timestamps, so the same PDFs always make the same ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), data)
    return out.getvalue()


@bp.get("/<artefact>-all-languages.zip")
def all_languages(artefact: str):
    """One PDF per language the guide offers, for the chosen size and marks.

    Built one after another inside this request: each PDF comes from the cache when it
    was built before, and a web worker should not fork a process pool per request (the
    CLI's `print build-all` renders in parallel and can fill the cache directory).
    """
    if artefact not in ARTEFACTS:
        abort(404, description=_("There is no printable item with that name."))
    files = []
    try:
        for code in current_app.extensions["languages"]:
            options = PrintOptions(artefact, (code,), request.args.get("size", ""),
                                   request.args.get("marks") == "1")
            data = build_pdf(options)
            files.append((file_name(options.checked(current_app.extensions["languages"])),
                          data))
    except PrintOptionError as exc:
        abort(400, description=_("This item cannot be printed with those options: %(problem)s",
                                 problem=str(exc)))
    response = send_file(io.BytesIO(zip_of(files)), mimetype="application/zip",
                         as_attachment=True, download_name=f"{artefact}-all-languages.zip")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/<artefact>.png")
def preview(artefact: str):
    """First page of the default print in this language, for the catalogue."""
    if artefact not in ARTEFACTS:
        abort(404)
    return preview_response(build_pdf(PrintOptions(artefact, (g.lang,))))


def preview_response(pdf: bytes):
    """The first page of a PDF as a PNG, cached by the PDF's own hash."""
    png = printer().cache.get_or_render(
        f"png-{PREVIEW_WIDTH_PX}-{hashlib.sha256(pdf).hexdigest()}",
        lambda: pdfcheck.first_page_png(pdf, PREVIEW_WIDTH_PX))
    response = send_file(io.BytesIO(png), mimetype="image/png")
    response.cache_control.public = True  # previews show public content only
    response.cache_control.max_age = 3600
    return response


@print_cli.command("build")
@click.argument("artefact", type=click.Choice(sorted([*ARTEFACTS, "cps-booklet"])))
@click.option("--lang", "langs", multiple=True, required=True,
              help="Language code; give two for a bilingual print (Welsh goes first).")
@click.option("--size", default="", help="Paper size, e.g. a4 or a3 (default: the item's first).")
@click.option("--layout", type=click.Choice(LAYOUTS), default="stacked", show_default=True)
@click.option("--marks", is_flag=True, help="Add 3 mm bleed and crop marks for a print shop.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def build_command(artefact, langs, size, layout, marks, out):
    """Write one print-ready PDF."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        raise click.UsageError("set PUBLIC_BASE_URL (e.g. https://routemap.example.org) "
                               "so that QR codes point at the live guide")
    with current_app.test_request_context("/", base_url=base):
        try:
            if artefact == "cps-booklet":  # the CPS guide, one language: see booklet.py
                from .booklet import build_booklet
                if len(langs) != 1:
                    raise PrintOptionError("cps-booklet prints in one language at a time")
                data = build_booklet(langs[0], size)
            else:
                data = build_pdf(PrintOptions(artefact, langs, size, marks, layout))
        except PrintOptionError as exc:
            raise click.BadParameter(str(exc)) from None
    out.write_bytes(data)
    click.echo(f"{out}: {pdfcheck.page_count(data)} page(s), {len(data):,} bytes")


def build_record(flow, result, now=None) -> bytes:
    """PDF record of a finished walk, in the page language."""
    languages = current_app.extensions["languages"]
    code = g.lang
    content = current_app.extensions["routemap"]
    translator = translators()[code]
    strings = strings_for(printer().content, "record", translator.markup)
    context = record_view(result, content.contacts, translator, content.version,
                          generated_at(now))
    side = Side(code, strings, "", draft=not languages[code].reviewed,
                dir=languages[code].direction)
    return printer().record_pdf(side, context)


@bp.get("/record/<flow_id>.pdf")
def record(flow_id: str):
    """"Download a record (PDF)" on an outcome page: the same answers, as a document.

    The answers are checked exactly as the guide's pages check them: an unknown guide is
    404, an over-long address 400, and answers that do not reach an outcome redirect to
    the step they lead to. Nothing is stored; the PDF is built from the URL.
    """
    from .guide import answers_from_query, get_flow, node_url
    flow = get_flow(flow_id)
    result = walk(flow, answers_from_query())
    if not result.finished:
        return redirect(node_url(flow.id, result.current.id, result.answers))
    made = generated_at()
    data = build_record(flow, result, made)
    response = send_file(
        io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
        download_name=f"record-{flow.id}-{g.lang}-{made:%Y%m%d-%H%M}.pdf")
    # About one case: no shared caches, no copies kept by the browser.
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------- build-all (CLI)
# Every artefact x language x size for a static host, rendered in a process pool:
# WeasyPrint is pure-Python CPU work, so threads would queue on the GIL.

def build_jobs(languages, marks: bool, only=()) -> list[PrintOptions]:
    """Each artefact in each size: every language alone, plus Welsh with English in
    every bilingual layout the design has (Welsh first, as the Standards require)."""
    jobs = []
    for name, art in ARTEFACTS.items():
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
    if len(options.langs) > 1 and len(ARTEFACTS[options.artefact].layouts) > 1:
        name = name.replace(".pdf", f"-{options.layout}.pdf")
    return name


_worker_app = None


def _share_with_workers(app) -> None:
    global _worker_app
    _worker_app = app


def _worker_build(options: PrintOptions, out: str) -> dict:
    return render_job(_worker_app, options, Path(out))


def render_job(app, options: PrintOptions, out: Path) -> dict:
    """Render one print to `out`, with a PNG preview of its first page beside it."""
    import time
    start = time.perf_counter()
    with app.test_request_context("/", base_url=app.config["PUBLIC_BASE_URL"]):
        options = options.checked(app.extensions["languages"])
        data = build_pdf(options)
    name = output_name(options)
    (out / name).write_bytes(data)
    (out / name.replace(".pdf", ".png")).write_bytes(
        pdfcheck.first_page_png(data, PREVIEW_WIDTH_PX))
    return {"file": name, "artefact": options.artefact, "langs": list(options.langs),
            "size": options.size, "marks": options.marks, "layout": options.layout,
            "pages": pdfcheck.page_count(data), "bytes": len(data),
            "seconds": time.perf_counter() - start}


@print_cli.command("build-all")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the PDFs, their PNG previews and index.html.")
@click.option("--jobs", type=click.IntRange(min=0), default=0,
              help="Worker processes (default: one per CPU core, fewer for a small "
                   "build; 1: no pool).")
@click.option("--marks", is_flag=True, help="Also build print-shop copies with bleed and crop marks.")
@click.option("--artefact", "only", multiple=True, type=click.Choice(sorted(ARTEFACTS)),
              help="Only this artefact (repeat for more; default: all).")
def build_all_command(out, jobs, marks, only):
    """Build every print in every language and size, for a static host."""
    import os
    import time
    from concurrent.futures import ProcessPoolExecutor, as_completed
    import multiprocessing

    app = current_app._get_current_object()
    if not app.config.get("PUBLIC_BASE_URL"):
        raise click.UsageError("set PUBLIC_BASE_URL (e.g. https://routemap.example.org) "
                               "so that QR codes point at the live guide")
    out.mkdir(parents=True, exist_ok=True)
    jobs_list = build_jobs(app.extensions["languages"], marks, only)
    # Forking a worker and warming its fonts costs a few renders' worth: by default use
    # one per core only when there is work to repay it.
    workers = max(1, min(jobs or min(os.cpu_count() or 1, len(jobs_list) // 10),
                         len(jobs_list)))
    started = time.perf_counter()
    results, failures = [], []
    with click.progressbar(length=len(jobs_list), label=f"Rendering with {workers} process(es)",
                           show_pos=True, show_eta=True,
                           item_show_func=lambda r: r and r.get("file")) as bar:
        if workers == 1:
            for options in jobs_list:
                try:
                    results.append(render_job(app, options, out))
                except Exception as exc:  # report every failure, then fail the command
                    failures.append((options, exc))
                bar.update(1, results[-1] if results else None)
        else:
            # fork: each worker inherits the app already loaded here (content, catalogs,
            # templates) instead of spending seconds rebuilding it. Nothing has rendered
            # yet in this process, so no font or thread state is carried over.
            _share_with_workers(app)
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = {pool.submit(_worker_build, options, str(out)): options
                           for options in jobs_list}
                for future in as_completed(futures):
                    try:
                        results.append(future.result())
                        bar.update(1, results[-1])
                    except Exception as exc:
                        failures.append((futures[future], exc))
                        bar.update(1)
    elapsed = time.perf_counter() - started
    results.sort(key=lambda r: r["file"])
    write_index(out, results, app)
    click.echo(summary(results, failures, elapsed, workers))
    if failures:
        for options, exc in failures:
            click.echo(f"FAILED {options.artefact} {'+'.join(options.langs)} "
                       f"{options.size or ''}: {exc}", err=True)
        raise SystemExit(1)


def summary(results, failures, elapsed, workers) -> str:
    total = sum(r["bytes"] for r in results)
    lines = [f"Built {len(results)} PDF(s), {total / 1e6:.1f} MB, in {elapsed:.1f} s "
             f"with {workers} process(es); {len(failures)} failed."]
    for name in ARTEFACTS:
        mine = [r for r in results if r["artefact"] == name]
        if mine:
            times = [r["seconds"] for r in mine]
            lines.append(f"  {name:22} {len(mine):3} file(s), render "
                         f"{sum(times) / len(times):.2f} s average, {max(times):.2f} s slowest")
    return "\n".join(lines)


def write_index(out: Path, results, app) -> None:
    """index.html for the static host: every file, grouped by artefact, Welsh first."""
    from html import escape
    languages = app.extensions["languages"]
    rows = []
    for name in ARTEFACTS:
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
    version = escape(app.extensions["routemap"].version)
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
