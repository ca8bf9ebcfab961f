"""`flask --app app routemap translations|approve-translations`: the commands for
translators and their reviewers (coverage, terminology, approvals). They belong to the
`routemap` group (web/cli.py adds them), so they are run like every content command.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("translations")
@with_appcontext
@click.option("--require", "required", multiple=True, metavar="LANG",
              help="Exit 1 unless LANG is 100% translated with nothing fuzzy (repeatable).")
@click.option("--review-first", "review_first", metavar="LANG",
              help="List the entries of LANG a reviewer should read first (safety lines, leaflet, poster, talk cards).")
def translations_command(required: tuple[str, ...], review_first: str | None) -> None:
    """Per language: translated %, fuzzy (stale) and untranslated counts, review status,
    and the terminology check (translations/<lang>/terms.yaml). Exit 1 on a term problem."""
    from .. import terminology, translation_report

    folder = Path(current_app.config["TRANSLATIONS_DIR"])
    lines = translation_report.report(folder)
    click.echo(translation_report.format_report(lines))
    by_code = {c.language.code: c for c in lines}
    failed = False
    for code in required:
        found = by_code.get(code)
        if found is None:
            click.echo(f"--require {code}: no such language in translations/languages.yaml", err=True)
            failed = True
        elif not found.complete:
            click.echo(f"--require {code}: {found.untranslated} untranslated and {found.fuzzy} fuzzy "
                       f"message(s) in {translation_report.catalog_path(folder, code)}", err=True)
            failed = True
    if review_first:
        if review_first not in by_code:
            click.echo(f"--review-first {review_first}: no such language in translations/languages.yaml", err=True)
            failed = True
        else:
            click.echo("\n" + translation_report.format_review_first(folder, review_first))
    try:
        problems = terminology.check_all(folder)
    except terminology.TermsError as exc:
        click.echo(f"Terminology rules cannot be read: {exc}", err=True)
        sys.exit(1)
    checked = ", ".join(terminology.languages_with_terms(folder)) or "none"
    click.echo(f"\nTerminology check ({checked}): {len(problems)} problem(s).")
    for problem in problems:
        click.echo(problem.format(), err=True)
    failed = failed or bool(problems)
    if failed:
        sys.exit(1)



@click.command("approve-translations")
@with_appcontext
@click.argument("lang")
@click.option("--role", required=True, help='Who checked, as a role, never a name: "Welsh translator".')
@click.option("--context", "contexts", multiple=True, metavar="PREFIX",
              help="Approve strings whose msgctxt starts with PREFIX (e.g. possible-victim/nodes/danger).")
@click.option("--source", "sources", multiple=True, metavar="PREFIX",
              help="Approve strings used in files starting with PREFIX (e.g. templates/help/).")
@click.option("--all", "everything", is_flag=True, help="Approve every translated string of LANG.")
def approve_translations_command(lang: str, role: str, contexts, sources, everything: bool) -> None:
    """Record that ROLE checked the current translation of the chosen strings of LANG.
    Each approval is bound to its msgid and msgstr: it lapses when either changes."""
    import datetime as dt

    from .. import translation_reviews
    from ..i18n import languages

    folder = Path(current_app.config["TRANSLATIONS_DIR"])
    if lang not in languages(folder) or lang == "en":
        raise click.BadParameter(f"no translated language {lang!r} in translations/languages.yaml", param_hint="LANG")
    if not (contexts or sources or everything):
        raise click.UsageError("say what was checked: --context PREFIX, --source PREFIX or --all")

    def chosen(message) -> bool:
        files = [loc[0] for loc in message.locations]
        return everything or (message.context or "").startswith(tuple(contexts) or ("\x00",)) or any(
            f.startswith(tuple(sources)) for f in files if sources)

    try:
        count = translation_reviews.approve(folder, lang, role, dt.date.today(), chosen)
    except translation_reviews.ApprovalsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    share = translation_reviews.language_share(folder, lang)
    click.echo(f"{lang}: {count} string(s) approved by {role.strip()}; {share.approved} of {share.total} "
               f"({share.percent:.1f}%) approved in all.")
