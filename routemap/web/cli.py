"""`flask --app app routemap ...`: commands for content authors and reviewers.

The translators' commands are in cli_translations.py; `flask print ...` in print_cli.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .. import graph, report
from ..loader import NOT_FLOWS, check_content
from ..practice import PRACTICE_DIR
from ..yamlsource import display_path
from .cli_translations import approve_translations_command, translations_command
from .state import state

routemap_cli = AppGroup("routemap", help="Check and draw the guide's content.")
routemap_cli.add_command(translations_command)
routemap_cli.add_command(approve_translations_command)


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
    # A practice case is checked against the flows of its content folder (flows/practice/..):
    # the folder is loaded whole, and only the named cases' problems are reported.
    cases = [f for f in files if f.parent.name == PRACTICE_DIR]
    files = [f for f in files if f not in cases]
    for folder in dict.fromkeys(f.parent.parent for f in cases):
        named = {display_path(f) for f in cases if f.parent.parent == folder}
        problems += [p for p in check_content(folder)[1] if p.file in named]
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
    english = state().translators["en"]
    dot = graph.to_dot(graph.diagram(flows[flow_id], english, english.gettext("otherwise")))
    click.echo(graph.to_svg(dot) if fmt == "svg" else dot, nl=False)


@routemap_cli.command("content-report")
@click.option("--strict", is_flag=True, help="Exit 1 if anything awaits verification or review.")
def content_report_command(strict: bool) -> None:
    """List items awaiting verification, overdue reviews, outcomes, unused contacts and
    items changed since their sign-off (flows/reviews/signoff.yaml)."""
    from .. import reviews

    content = state().content
    try:
        register = reviews.read_register(reviews.register_path(current_app.config["FLOWS_DIR"]))
    except reviews.ReviewsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    found = report.content_report(content, register=register)
    click.echo(report.format_report(found, content.version))
    if strict and not found.clean:
        sys.exit(1)


@routemap_cli.command("routes")
@click.option("--check", is_flag=True, help="Exit 1, saying what moved, if any route's ending or what it shows "
              "differs from the committed snapshot (flows/routes.snapshot).")
@click.option("--update", is_flag=True, help="Rewrite the snapshot from the content.")
@click.option("--lang", default="en", show_default=True, help="Language of the listing.")
def routes_command(check: bool, update: bool, lang: str) -> None:
    """List every distinct route of every flow: the answers, in words, and the outcome."""
    from .. import routes
    from ..catalogs import ENGLISH, read_catalog

    content = state().content
    flows_dir = Path(current_app.config["FLOWS_DIR"])
    translations_dir = Path(current_app.config["TRANSLATIONS_DIR"])
    if check and update:
        raise click.UsageError("use --check or --update, not both")
    if not (check or update):
        catalog = ENGLISH if lang == "en" else read_catalog(translations_dir, lang)
        click.echo(routes.format_routes(content, catalog))
        return
    lines = routes.snapshot_lines(content, routes.snapshot_catalogs(translations_dir))
    if update:
        path = routes.write_snapshot(flows_dir, lines)
        count = sum(1 for line in lines if " => " in line)
        click.echo(f"{display_path(path)}: {count} routes written.")
        return
    old = routes.read_snapshot(flows_dir)
    if old is None:
        click.echo(f"No route snapshot at {display_path(routes.snapshot_path(flows_dir))}: run "
                   "`flask --app app routemap routes --update` and commit it.", err=True)
        sys.exit(1)
    differences = routes.compare(old, lines)
    if differences:
        click.echo("\n".join(differences), err=True)
        click.echo(f"\nThe routes differ from {display_path(routes.snapshot_path(flows_dir))}. If the change is meant, run "
                   "`flask --app app routemap routes --update`, have the change reviewed "
                   "(`routemap changes`) and commit the snapshot with it.", err=True)
        sys.exit(1)
    click.echo(f"Every route matches {display_path(routes.snapshot_path(flows_dir))}.")


@routemap_cli.command("review")
@click.argument("item_ids", nargs=-1, required=True, metavar="ITEM...")
@click.option("--role", required=True, help='Who reviewed, as a role, never a name: "safeguarding lead", "CPS lawyer".')
@click.option("--date", "when", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="When the review happened (default: today), e.g. the date on a signed change report.")
def review_command(item_ids: tuple[str, ...], role: str, when) -> None:
    """Record that ROLE reviewed the current text of each ITEM (outcome/FLOW/NODE,
    contact/ID, cps/SECTION, block/ID). The review lapses if the text changes."""
    import datetime as dt

    from .. import reviews

    content = state().content
    known = reviews.items(content)
    unknown = [i for i in item_ids if i not in known]
    if unknown:
        raise click.BadParameter(f"no such item: {', '.join(unknown)} (items look like outcome/possible-victim/"
                                 "call-999, contact/helpline, cps/duress; `routemap content-report` lists them)",
                                 param_hint="ITEM")
    date = when.date() if when else dt.date.today()
    if date > dt.date.today():
        raise click.BadParameter("a review cannot be dated in the future", param_hint="--date")
    path = reviews.register_path(current_app.config["FLOWS_DIR"])
    try:
        for item_id in item_ids:
            entry = reviews.record(path, known[item_id], role, date)
            click.echo(f"{item_id}: reviewed by {entry.role} on {entry.date.isoformat()} (text {entry.fingerprint})")
    except reviews.ReviewsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)


@routemap_cli.command("sources")
@click.option("--stale-days", type=click.IntRange(min=0), default=None, metavar="N",
              help="Exit 1 if any source was last checked more than N days ago.")
@click.option("--fetch", is_flag=True, help="Fetch every page (needs internet), record its fingerprint in "
              "flows/reviews/sources.yaml and list the pages that changed since they were last checked first; "
              "exit 1 if any did.")
def sources_command(stale_days: int | None, fetch: bool) -> None:
    """List every source cited: title, URL, when it was last checked and what cites it."""
    from .. import sources

    content = state().content
    found = sources.collect(content)
    click.echo(sources.format_sources(found))
    failed = False
    if stale_days is not None:
        old = sources.stale(found, stale_days)
        click.echo(f"\nLast checked more than {stale_days} days ago: {len(old)}")
        for s in old:
            click.echo(f"  {s.last_checked.isoformat()}  {s.url}", err=True)
        failed = bool(old)
    if fetch:
        path = sources.seen_path(current_app.config["FLOWS_DIR"])
        results, seen = sources.fetch_all(found, sources.read_seen(path), fetch=fetch_page())
        sources.write_seen(path, seen)
        click.echo("\nFetched (pages changed since they were last checked first):")
        for r in results:
            click.echo(f"  {r.state:<12} {r.source.url}" + (f"  ({r.detail})" if r.detail else ""))
        changed = [r for r in results if r.state == "changed"]
        click.echo(f"{len(changed)} changed, {sum(r.state == 'unreachable' for r in results)} unreachable, "
                   f"{len(results)} fetched. Fingerprints: {display_path(path)}")
        failed = failed or bool(changed)
    if failed:
        sys.exit(1)


def fetch_page():
    """The page fetcher (a function so tests can point it at a local server)."""
    from ..sources import fetch_page as fetch
    return fetch


@routemap_cli.command("changes")
@click.argument("old")
@click.argument("new", required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "pdf"]), default="md", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (needed for pdf); default: standard output.")
def changes_command(old: str, new: str | None, fmt: str, out: Path | None) -> None:
    """Report for reviewers what NEW changes since OLD: routes that end differently, texts
    side by side in English and Welsh, contacts, sources, translations, and a sign-off block.
    OLD and NEW are content folders (flows/, translations beside it) or git revisions;
    NEW defaults to the working tree."""
    import tempfile

    from .. import changes

    if fmt == "pdf" and out is None:
        raise click.UsageError("--format pdf needs --out FILE")
    with tempfile.TemporaryDirectory(prefix="routemap-changes-") as tmp:
        try:
            before = changes.load_side(old, workdir=Path(tmp) / "old", earlier=True)
            after = (changes.load_side(new, workdir=Path(tmp) / "new") if new else
                     changes.load_side(current_app.config["FLOWS_DIR"], label="working tree",
                                       translations=Path(current_app.config["TRANSLATIONS_DIR"])))
        except changes.ChangesError as exc:
            raise click.BadParameter(str(exc)) from None
        report = changes.compare(before, after)
    if fmt == "md":
        data = changes.to_markdown(report).encode()
    else:
        page = changes.to_html(report)
        if fmt == "html":
            data = page.encode()
        else:
            from ..printing.render import render_pdf
            data = render_pdf(page, Path(current_app.static_folder))
    if out is None:
        click.echo(data.decode(), nl=False)
    else:
        out.write_bytes(data)
        click.echo(f"{out}: " + "; ".join(changes.summary(report)) + f" (fingerprint {report.fingerprint})")


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
