"""`flask --app app routemap ...`: commands for content authors and reviewers."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .. import graph, report
from ..loader import NOT_FLOWS, check_content
from .state import state

routemap_cli = AppGroup("routemap", help="Check and draw the guide's content.")


@routemap_cli.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def validate_command(paths: tuple[Path, ...]) -> None:
    """Check flow files (default: the app's flows folder). Exit 1 if any is invalid."""
    folders = [p for p in paths if p.is_dir()]
    files = [p for p in paths if p.is_file()]
    problems, notices = [], []
    for folder in folders or ([] if files else [Path(current_app.config["FLOWS_DIR"])]):
        content, found = check_content(folder)
        problems += found
        notices += content.notices if content else []
    if files:
        folder = files[0].parent
        flows = [f for f in files if f.name not in NOT_FLOWS]
        content, found = check_content(folder, only=flows)
        problems += found
        notices += content.notices if content else []
    for notice in notices:
        click.echo(f"notice: {notice}")
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", err=True)
        sys.exit(1)
    click.echo(f"Content is valid ({len(notices)} item{'s' if len(notices) != 1 else ''} awaiting verification).")


@routemap_cli.command("graph")
@click.argument("flow_id")
@click.option("--format", "fmt", type=click.Choice(["dot", "svg"]), default="dot", show_default=True)
def graph_command(flow_id: str, fmt: str) -> None:
    """Draw a flow with Graphviz (DOT source or SVG) on standard output."""
    flows = state().content.flows
    if flow_id not in flows:
        raise click.BadParameter(f"no flow '{flow_id}'; flows: {', '.join(flows)}", param_hint="FLOW_ID")
    dot = graph.to_dot(flows[flow_id])
    click.echo(graph.to_svg(dot) if fmt == "svg" else dot, nl=False)


@routemap_cli.command("content-report")
@click.option("--strict", is_flag=True, help="Exit 1 if anything awaits verification or review.")
def content_report_command(strict: bool) -> None:
    """List items awaiting verification, overdue reviews, outcomes and unused contacts."""
    content = state().content
    found = report.content_report(content)
    click.echo(report.format_report(found, content.version))
    if strict and not found.clean:
        sys.exit(1)


@routemap_cli.command("translations")
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


@routemap_cli.command("usage")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for usage.csv, charts/ and report.html/.pdf.")
@click.option("--from", "first", metavar="YYYY-MM", help="First month (default: 11 months before --to).")
@click.option("--to", "last", metavar="YYYY-MM", help="Last month (default: the last complete month).")
@click.option("--threshold", type=int, default=None,
              help="Counts below this are withheld (default USAGE_THRESHOLD or 10; never below 5).")
def usage_command(out: Path, first: str | None, last: str | None, threshold: int | None) -> None:
    """Publish the usage figures: tidy CSV, a chart per measure and the forum's report."""
    from ..usage.publish import MIN_THRESHOLD, months_between
    from ..usage.store import MONTH, current_month
    from .usage import counter
    from .usage_report import build

    if not counter().on:
        raise click.UsageError("counting is off: set ROUTEMAP_USAGE_STORE to the store to report on")
    for name, value in (("--from", first), ("--to", last)):
        if value is not None and not MONTH.match(value):
            raise click.BadParameter(f"{value!r} is not a month like 2026-11", param_hint=name)
    if last is None:
        this_year, this_month = map(int, current_month().split("-"))
        last = f"{this_year - 1}-12" if this_month == 1 else f"{this_year:04d}-{this_month - 1:02d}"
    if first is None:
        year, month = map(int, last.split("-"))
        first = f"{year - 1:04d}-{month + 1:02d}" if month < 12 else f"{year:04d}-01"
    if first > last:
        raise click.BadParameter(f"{first} is after {last}", param_hint="--from")
    threshold = threshold if threshold is not None else int(current_app.config["USAGE_THRESHOLD"])
    if threshold < MIN_THRESHOLD:
        raise click.BadParameter(f"must be at least {MIN_THRESHOLD}", param_hint="--threshold")
    done = build(out, months_between(first, last), threshold)
    click.echo(f"{out}: {first} to {last}, {done['measures']} measures, usage.csv, charts/, report.html, report.pdf")
