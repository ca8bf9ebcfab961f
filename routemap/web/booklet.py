"""The CPS guide as a booklet PDF: `/<lang>/print/cps-booklet.pdf?size=a5`, its preview,
and `flask print build cps-booklet`. Glue only: routemap/printing/booklet.py renders.

Strings are translated exactly as on /<lang>/cps/: the same Translator (English where
Welsh is missing), so the booklet says what the pages say. Added to the print blueprint
by print.init_app.
"""
from __future__ import annotations

import io

from flask import abort, current_app, g, request, send_file, url_for
from flask_babel import gettext as _

from ..i18n import SOURCE_LANGUAGE
from ..translator import Translator
from ..printing.artefacts import PrintOptionError
from ..printing.booklet import (BOOKLET_LANGUAGES, NAME, BookletLanguage, booklet_pdf,
                                booklet_sections, check_language, check_size)
from .language import translators
from .print import bp, preview_response, printer, public_url

_MARK = "\x00"


def _split(message: str, count: int) -> list[str]:
    """A translated sentence with `count` numbers in it ("Page %(page)s of %(pages)s")
    cut around them, so CSS can put counter(page) and counter(pages) in its gaps."""
    parts = message.split(_MARK)
    if len(parts) != count + 1:  # a translator dropped a placeholder: keep the numbers
        parts = [""] + [" "] * (count - 1) + [""]
    return parts


def ui_strings(tr: Translator, pending: int) -> dict:
    """The booklet's own words in tr's language; msgids shared with the CPS pages."""
    _, ngettext = tr.gettext, tr.ngettext
    page = _split(_("Page %(page)s of %(pages)s", page=_MARK, pages=_MARK), 2)
    pending_ref = _split(_("page %(page)s", page=_MARK), 1)
    return dict(
        title=_("Guide for CPS staff"),
        kicker=_("Modern slavery and human trafficking"),
        lead=_("The law and CPS guidance on modern slavery and human trafficking, for prosecutors and caseworkers in CPS Cymru-Wales. Each section gives its citation, its sources and when it was last checked."),
        disclaimer=_("This guide does not replace the legislation, the Code for Crown Prosecutors or CPS legal guidance. Check the primary source before you rely on a section."),
        pending=ngettext("%(num)d section is awaiting confirmation against its primary source:",
                         "%(num)d sections are awaiting confirmation against their primary sources:",
                         pending),
        online=_("The latest version of this guide is online:"),
        contents=_("Contents"),
        citation=_("Citation:"),
        awaiting=_("Awaiting confirmation:"),
        awaiting_text=_("some details in this section have not yet been confirmed against the primary source."),
        sources=_("Sources"),
        last_reviewed=_("Last reviewed: %(date)s", date="%(date)s"),
        draft=_("DRAFT: this translation has not been checked yet."),
        page_before=page[0], page_between=page[1], page_after=page[2],
        pending_before=" (" + pending_ref[0], pending_after=pending_ref[1] + ")",
    )


def build_booklet(code: str, size: str) -> bytes:
    """The booklet in one language; PrintOptionError for an unknown language or size."""
    languages = current_app.extensions["languages"]
    if code not in languages:
        raise PrintOptionError(f"unknown language {code!r}")
    check_language(code)
    size = check_size(size)
    reference = current_app.extensions["routemap"].reference
    version = current_app.extensions["routemap"].version
    url = public_url("cps.index", lang=code)
    translator = translators()[code]
    sections = booklet_sections(reference, translator)
    ui = ui_strings(translator, len(reference.needs_verification))
    newest = max(s.reviewed for s in reference.sections)
    ui["version"] = translator.gettext("Guide version %(version)s", version=version)
    ui["reviewed"] = translator.gettext("Last reviewed: %(date)s",
                                        date=translator.date(newest))
    language = BookletLanguage(code, languages[code].direction, not languages[code].reviewed)
    return booklet_pdf(printer(), size, language, ui, sections,
                       dict(url=url, version=version))


@bp.record_once
def _template_helpers(state) -> None:
    state.app.jinja_env.globals["cps_booklet_url"] = booklet_url
    state.app.jinja_env.globals["cps_booklet_languages"] = BOOKLET_LANGUAGES


def page_or_english() -> str:
    return g.lang if g.lang in BOOKLET_LANGUAGES else SOURCE_LANGUAGE


def booklet_url(size: str) -> str:
    """The booklet in the page's language, or in English where it is not offered."""
    code = page_or_english()
    return url_for("print.cps_booklet", size=size, **({} if code == g.lang else {"language": code}))


def requested_language() -> str:
    langs = list(dict.fromkeys(code for code in request.args.getlist("language") if code))
    if len(langs) > 1:
        abort(400, description=_("The guide for CPS staff prints in one language at a time."))
    if not langs and g.lang not in BOOKLET_LANGUAGES:
        abort(404, description=_("The guide for CPS staff prints in Welsh or English."))
    return langs[0] if langs else g.lang


@bp.get("/cps-booklet.pdf")
def cps_booklet():
    code = requested_language()
    try:
        size = check_size(request.args.get("size", ""))
        data = build_booklet(code, size)
    except PrintOptionError as exc:
        abort(400, description=_("This item cannot be printed with those options: %(problem)s",
                                 problem=str(exc)))
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=f"{NAME}-{code}-{size}.pdf")
    response.cache_control.public = True  # public content only
    response.cache_control.max_age = 3600
    return response


@bp.get("/cps-booklet.png")
def cps_booklet_preview():
    return preview_response(build_booklet(page_or_english(), ""))


# Each render costs about a CPU second: limited per client (PRINT_RATELIMIT_BOOKLET*
# in settings.py), counted where RATELIMIT_STORAGE_URI points; registered last, after
# the routes.
@bp.record_once
def _rate_limit(state) -> None:
    from .ratelimit import limiter
    app = state.app
    limits = limiter(app)
    for view, key in ((cps_booklet, "PRINT_RATELIMIT_BOOKLET"),
                      (cps_booklet_preview, "PRINT_RATELIMIT_BOOKLET_PREVIEW")):
        endpoint = f"{bp.name}.{view.__name__}"
        app.view_functions[endpoint] = limits.limit(
            lambda key=key: current_app.config[key])(view)
