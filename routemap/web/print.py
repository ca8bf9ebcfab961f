"""Print catalogue, PDF and preview downloads, the route record: thin glue to
routemap.printing.service.

Each view turns a request into a printable's name and options, calls
PrintService.build() and sends the result; the CPS booklet's views are in booklet.py,
`flask print ...` in print_cli.py, the responses in print_http.py.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, render_template, request
from flask_babel import gettext as _

from ..loader import ContentError
from ..printing.artefacts import LAYOUTS, SIZES, Printer, PrintOptionError, PrintOptions, order_languages
from ..printing.batch import file_name
from ..printing.cache import PdfCache
from ..printing.content import PRINT_TEXT
from ..printing.record import generated_at
from ..printing.registry import PRINTABLES, SHEETS
from ..printing.service import PrintService
from ..walk import walk
from ..yamlsource import Problem
from . import booklet, referral
from .language import translators
from .print_cli import print_cli
from .print_http import bad_options, base_url, pdf_response, preview_response, record_link_base, service
from .state import state

bp = Blueprint("print", __name__, url_prefix="/<lang>/print")
booklet.add_routes(bp)
referral.add_routes(bp)


def init_app(app) -> None:
    content = state(app).content
    text = content.print_text
    if text is None:  # validated with the rest of the content by the loader
        raise ContentError([Problem(app.config["FLOWS_DIR"], 0, "", f"{PRINT_TEXT} is missing",
                                    "the posters and leaflets need their text file")])
    printer = Printer(
        Path(app.template_folder), Path(app.static_folder), text,
        cache=PdfCache(max_bytes=app.config["PRINT_CACHE_BYTES"],
                       directory=app.config["PRINT_CACHE_DIR"]),
        version=content.version, preview=app.config["PREVIEW"])
    state(app).prints = PrintService(printer, content, translators(app), review_share=review_shares(app))
    app.register_blueprint(bp)
    app.cli.add_command(print_cli)
    limit_expensive_endpoints(app)


def review_shares(app):
    """code -> the share of its strings a translator approved (translation_reviews), read
    once per language: catalogs and approvals do not change while the app runs."""
    from ..translation_reviews import language_share
    folder, shares = Path(app.config["TRANSLATIONS_DIR"]), {}

    def share(code: str):
        if code not in shares:
            shares[code] = language_share(folder, code)
        return shares[code]
    return share


# Rendering costs CPU seconds, so PDFs, previews and ZIPs are rate limited per client
# (PRINT_RATELIMIT_* in settings.py), counted where RATELIMIT_STORAGE_URI points.
# A download's limit is its printable's (the registry entry's `view` and `limit`);
# previews and ZIPs have their own.
PREVIEW_AND_ZIP_LIMITS = {"preview": "PRINT_RATELIMIT_PREVIEW",
                          "cps_booklet_preview": "PRINT_RATELIMIT_BOOKLET_PREVIEW",
                          "all_languages": "PRINT_RATELIMIT_ZIP"}


def rate_limits(printables=PRINTABLES) -> dict:
    """Endpoint -> the setting with its limit; ValueError if two printables downloaded
    through one view (the sheets' `pdf`) ask for different limits."""
    limits = {}
    for entry in printables.values():
        if limits.setdefault(entry.view, entry.limit) != entry.limit:
            raise ValueError(f"{entry.name}: print.{entry.view} is limited by "
                             f"{limits[entry.view]}, not {entry.limit}")
    return {**limits, **PREVIEW_AND_ZIP_LIMITS}


def limit_expensive_endpoints(app) -> None:
    from .ratelimit import limiter

    def configured(key):
        return lambda: current_app.config[key]
    limits = limiter(app)
    # Flask-Limiter checks a decorated view inside its wrapper, so the wrapper must be
    # what this app calls; the module's functions stay undecorated for other apps.
    for view_name, key in rate_limits().items():
        endpoint = f"{bp.name}.{view_name}"
        app.view_functions[endpoint] = limits.limit(configured(key))(app.view_functions[endpoint])


def options_from_request(artefact: str) -> PrintOptions:
    if artefact not in SHEETS:
        abort(404, description=_("There is no printable item with that name."))
    langs = tuple(code for code in request.args.getlist("language") if code) or (g.lang,)
    return PrintOptions(artefact, langs, request.args.get("size", ""),
                        request.args.get("marks") == "1",
                        request.args.get("layout", "stacked"))


def build(options: PrintOptions) -> bytes:
    return service().build(options.artefact, options.langs, options.size, options.marks,
                           options.layout, base_url=base_url())


@bp.get("/")
def catalogue():
    return render_template("print/catalogue.html", artefacts=SHEETS, sizes=SIZES,
                           layouts=LAYOUTS)


@bp.get("/trainer-pack.pdf")
def trainer_pack():
    """The practice cases for trainers (printing/trainer_pack.py): Welsh and English,
    Welsh first, unless `language=` asks for one of them."""
    langs = tuple(code for code in request.args.getlist("language") if code) or PRINTABLES["trainer-pack"].languages
    try:
        data = service().build("trainer-pack", langs, base_url=base_url())
    except PrintOptionError as exc:
        bad_options(exc)
    return pdf_response(data, f"trainer-pack-{'-'.join(order_languages(langs))}.pdf")


@bp.get("/<artefact>.pdf")
def pdf(artefact: str):
    options = options_from_request(artefact)
    try:
        data = build(options)
        options = options.checked(SHEETS[artefact], state().languages)
    except PrintOptionError as exc:
        bad_options(exc)
    return pdf_response(data, file_name(options))


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
    if artefact not in SHEETS:
        abort(404, description=_("There is no printable item with that name."))
    files = []
    try:
        for code in state().languages:
            options = PrintOptions(artefact, (code,), request.args.get("size", ""),
                                   request.args.get("marks") == "1")
            data = build(options)
            files.append((file_name(options.checked(SHEETS[artefact], state().languages)), data))
    except PrintOptionError as exc:
        bad_options(exc)
    return pdf_response(zip_of(files), f"{artefact}-all-languages.zip", "application/zip")


@bp.get("/<artefact>.png")
def preview(artefact: str):
    """First page of the default print in this language, for the catalogue."""
    if artefact not in SHEETS:
        abort(404)
    return preview_response(build(PrintOptions(artefact, (g.lang,))))


@bp.get("/record/<flow_id>.pdf")
def record(flow_id: str):
    """"Download a record (PDF)" on an outcome page: the same answers, as a document.

    The answers are checked exactly as the guide's pages check them: an unknown guide is
    404, an over-long address 400, and answers that do not reach an outcome redirect to
    the step they lead to. Nothing is stored; the PDF is built from the URL.
    """
    from .guide import answers_from_query, get_flow, node_url
    from .practice_mode import from_query
    flow = get_flow(flow_id)
    from_query(flow.id)  # a record made in practice mode says so on every page
    result = walk(flow, answers_from_query())
    if not result.finished:
        return redirect(node_url(flow.id, result.current.id, result.answers))
    made = generated_at()
    data = service().build("route-record", (g.lang,), route=result, now=made, base_url=record_link_base(),
                           practice=g.get("practice") is not None)
    # About one case: serving.cache_control sends it private, no-store, and the Printer's
    # record cache keeps nothing (renderpool.init_app).
    kind = "practice-record" if g.get("practice") else "record"
    return pdf_response(data, f"{kind}-{flow.id}-{g.lang}-{made:%Y%m%d-%H%M}.pdf")
