"""`flask --app app routemap ...`: commands for content authors and reviewers."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .. import graph, report
from ..loader import check_content
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
        flows = [f for f in files if f.name != "contacts.yaml"]
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
def translations_command(required: tuple[str, ...]) -> None:
    """Per language: translated %, fuzzy (stale) and untranslated counts, review status."""
    from .. import translation_report

    lines = translation_report.report(Path(current_app.config["TRANSLATIONS_DIR"]))
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
                       f"message(s) in {translation_report.catalog_path(Path(current_app.config['TRANSLATIONS_DIR']), code)}", err=True)
            failed = True
    if failed:
        sys.exit(1)
