"""The change report: what one version of the guide changes, for reviewers who do not
read YAML (a safeguarding lead, a CPS lawyer, a Welsh translator). No Flask here.

Two sides are compared, each a content folder with its translations: a folder on disk
or a git revision (exported with `git archive`). The report lists the routes that now
end differently (with the answers that lead there), every changed text side by side,
old and new, in English and Welsh with the differences marked, contacts and numbers
changed, sources added, removed or re-dated, translations changed, and a sign-off block
to print and sign. `to_markdown` and `to_html` write it; the CLI renders the HTML to PDF
with the print engine (WeasyPrint).
"""
from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import html
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

from babel.messages.pofile import read_po

from . import reviews, routes
from .catalogs import ENGLISH, Catalog
from .i18n import content_root, iter_texts, languages
from .loader import CONTACTS_FILE, _no_gc_pauses, check_content, read_version
from .model import Content
from .walk import walk
from .yamlsource import LDict, LList, LStr, YamlError, read_yaml

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_FOLDERS = {"reviews"}  # sign-off registers and page fingerprints are not content
SIGN_OFF_ROLES = ("Safeguarding lead", "CPS lawyer", "Welsh translator")


class ChangesError(Exception):
    pass


# ------------------------------------------------------------ one side

@dataclass
class Side:
    label: str  # what the reviewer was given: a folder or a git revision
    flows: Path
    translations: Path | None
    version: str
    content: Content | None
    problems: list = field(default_factory=list)  # why the content could not be loaded, if not
    texts: dict = field(default_factory=dict)  # YAML path -> LStr
    files: dict = field(default_factory=dict)  # YAML path -> file, relative to the content folder
    contacts: dict = field(default_factory=dict)  # id -> raw contact mapping
    evidence: dict = field(default_factory=dict)  # item -> (reviewed date, ((title, url), ...))
    catalogs: dict = field(default_factory=dict)  # code -> {(ctx, msgid): msgstr}
    welsh: Catalog = ENGLISH


def export_revision(revision: str, into: Path, repo: Path = ROOT) -> Path:
    """`git archive` of flows/ and translations/ at `revision` into `into`."""
    try:
        commit = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"],
                                check=True, capture_output=True, text=True).stdout.strip()
        data = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", commit, "flows", "translations"],
                              check=True, capture_output=True).stdout
    except (subprocess.CalledProcessError, FileNotFoundError):
        raise ChangesError(f"{revision!r} is neither a content folder nor a git revision of {repo}") from None
    with tarfile.open(fileobj=BytesIO(data)) as archive:
        archive.extractall(into, filter="data")
    return into


def load_side(where: str | Path, label: str | None = None, translations: Path | None = None,
              workdir: Path | None = None, earlier: bool = False) -> Side:
    """A content folder (its translations beside it, or `translations`) or a git revision.

    `earlier`: the old side of a report, read by this version of the software: keys the
    schema gained since, which only change the display, may be missing (rule labels)."""
    path = Path(where)
    if path.is_dir():
        flows = path
        translations = translations or (path.parent / "translations")
        name = label or str(where)
    else:
        workdir = Path(workdir or tempfile.mkdtemp(prefix="routemap-changes-"))
        export_revision(str(where), workdir)
        flows, translations = workdir / "flows", workdir / "translations"
        name = label or f"git revision {where}"
    translations = translations if translations and translations.is_dir() else None
    content, problems = check_content(flows, earlier_revision=earlier)
    side = Side(label=name, flows=flows, translations=translations, version=read_version(flows),
                content=content, problems=problems)
    with _no_gc_pauses():  # as the loader: reading allocates much and frees nothing
        _read_texts(side)
        if translations:
            for code in languages(translations):
                if code != "en" and (translations / code / "LC_MESSAGES" / "messages.po").exists():
                    side.catalogs[code] = _read_messages(translations, code)
            side.welsh = Catalog("cy", side.catalogs.get("cy", {}))
    return side


def _read_messages(translations: Path, code: str) -> dict:
    with open(translations / code / "LC_MESSAGES" / "messages.po", "rb") as fileobj:
        catalog = read_po(fileobj, locale=code)
    one = lambda v: v if isinstance(v, str) else "\x00".join(v or ())
    return {(m.context, one(m.id)): one(m.string) for m in catalog if m.id and not m.fuzzy and one(m.string)}


def _read_texts(side: Side) -> None:
    for path in sorted(side.flows.rglob("*.yaml")):
        if SKIPPED_FOLDERS & set(path.relative_to(side.flows).parts[:-1]):
            continue
        try:
            tree = read_yaml(path, content_root(path))
        except YamlError as exc:
            side.problems.append(exc.problem)
            continue
        found = _all_strings(tree.get("text", LDict())) if path.parent.name == "print" else iter_texts(tree)
        relative = str(path.relative_to(side.flows))
        for text in found:
            side.texts[text.path] = text
            side.files[text.path] = relative
        if path.name == CONTACTS_FILE:
            side.contacts = dict(tree.get("contacts") or {})
            # Local numbers and pages (areas) and the forces' pages are contact details too.
            for section in ("areas", "police_forces"):
                for place_id, place in (tree.get(section) or {}).items():
                    side.contacts[f"{section}/{place_id}"] = _flattened(place)
        _find_evidence(tree, path.stem if path.parent == side.flows else f"{path.parent.name}/{path.stem}",
                       side.evidence)


def _flattened(tree, prefix: str = "") -> dict:
    """A place's details as one level of `phones.children: "01446 725202"` fields."""
    flat = {}
    for key, value in (tree.items() if isinstance(tree, dict) else ()):
        if isinstance(value, dict):
            flat.update(_flattened(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _all_strings(tree):
    if isinstance(tree, LDict):
        for value in tree.values():
            yield from _all_strings(value)
    elif isinstance(tree, LList):
        for value in tree:
            yield from _all_strings(value)
    elif isinstance(tree, LStr) and tree.strip():
        yield tree


def _find_evidence(tree, where: str, found: dict) -> None:
    """Every mapping with `sources` (outcomes, contacts, CPS sections, the evidence
    register...), by where it is: the schema may grow, the sources stay recognisable."""
    if isinstance(tree, LDict):
        if isinstance(tree.get("sources"), list):
            cited = tuple((str(s.get("title", "")), str(s.get("url", "")), str(s.get("checked") or ""))
                          for s in tree["sources"] if isinstance(s, dict))
            found[where] = (tree.get("reviewed"), cited)
        for key, value in tree.items():
            if key != "sources":
                _find_evidence(value, f"{where}/{key}", found)
    elif isinstance(tree, LList):
        for n, value in enumerate(tree):
            label = value.get("id") if isinstance(value, LDict) and value.get("id") else n
            _find_evidence(value, f"{where}/{label}", found)


# ------------------------------------------------------------ the comparison

@dataclass(frozen=True)
class RouteChange:
    flow: str
    answers: tuple[str, ...]  # "question -> answer" lines
    old: str  # outcome title (id), or what happened
    new: str


@dataclass(frozen=True)
class TextChange:
    path: str
    where: str  # file:line on the new side (or the old, if removed)
    old_en: str
    new_en: str
    old_cy: str
    new_cy: str


@dataclass(frozen=True)
class FieldChange:
    item: str
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class TranslationChange:
    lang: str
    context: str
    msgid: str
    old: str
    new: str


@dataclass
class Report:
    old: Side
    new: Side
    made: dt.date
    routes: list[RouteChange] = field(default_factory=list)
    routes_note: str = ""
    texts: list[TextChange] = field(default_factory=list)
    contacts: list[FieldChange] = field(default_factory=list)
    sources: list[FieldChange] = field(default_factory=list)
    translations: list[TranslationChange] = field(default_factory=list)
    to_sign_off: list[str] = field(default_factory=list)  # review items whose text changed (or are new)

    @property
    def fingerprint(self) -> str:
        """Ties a signed paper copy to exactly this comparison."""
        h = hashlib.sha256()
        for part in (self.routes, self.texts, self.contacts, self.sources, self.translations, self.to_sign_off):
            h.update(repr(part).encode())
        return h.hexdigest()[:16]


def compare(old: Side, new: Side, made: dt.date | None = None) -> Report:
    report = Report(old, new, made or dt.date.today())
    _compare_routes(report)
    _compare_texts(report)
    _compare_contacts(report)
    _compare_sources(report)
    _compare_translations(report)
    _items_to_sign_off(report)
    return report


def _items_to_sign_off(report: Report) -> None:
    """The sign-off items (routemap review) whose text this change touches: their earlier
    reviews lapse, so these are what the signed report covers."""
    if report.old.content is None or report.new.content is None:
        return
    before, after = reviews.items(report.old.content), reviews.items(report.new.content)
    report.to_sign_off = [item_id for item_id, item in after.items()
                          if item_id not in before or before[item_id].fingerprint != item.fingerprint]


def _route_words(flow, answers: dict) -> tuple[str, ...]:
    lines = []
    for node_id, values in answers.items():
        node = flow.nodes.get(node_id)
        if node is None:
            lines.append(f"{node_id} -> {', '.join(values)}")
        elif not hasattr(node, "options"):
            lines.append(f"{node.text} -> (read)")
        else:
            labels = {o.id: str(o.label) for o in node.options}
            lines.append(f"{node.text} -> {'; '.join(labels.get(v, v) for v in values)}")
    return tuple(lines)


def _outcome_name(flow, outcome_id: str) -> str:
    node = flow.nodes.get(outcome_id)
    return f"{node.title} ({outcome_id})" if node is not None and hasattr(node, "title") else outcome_id


def _compare_routes(report: Report) -> None:
    old, new = report.old.content, report.new.content
    if old is None or new is None:
        side = report.old if old is None else report.new
        report.routes_note = (f"Routes could not be compared: the content of {side.label} does not load "
                              f"with this version of the software ({len(side.problems)} problem(s), the first: "
                              f"{side.problems[0] if side.problems else 'unknown'}).")
        return
    # Compare the snapshot lines of both sides (linear however deep routes are); only the
    # routes that differ are walked again.
    old_lines, new_lines = (routes.snapshot_lines(c, {"en": ENGLISH}) for c in (old, new))
    if old_lines == new_lines:
        return
    a, b = routes.parse(old_lines), routes.parse(new_lines)
    for flow_id in sorted(set(a.routes) | set(b.routes)):
        before, after = a.routes.get(flow_id), b.routes.get(flow_id)
        if before is None or after is None:
            report.routes.append(RouteChange(flow_id, (), "(no such guide)" if before is None else "the whole guide",
                                             "a new guide" if before is None else "(removed)"))
            continue
        old_flow, new_flow = old.flows[flow_id], new.flows[flow_id]
        for key, (outcome, _, line) in before.ends.items():
            now = after.ends.get(key)
            if now is not None and now[0] == outcome:
                continue
            answers = _answers(before.path(line))
            result = walk(new_flow, answers)
            if result.finished:
                if result.current.id == outcome:
                    continue
                new_end = _outcome_name(new_flow, result.current.id)
            else:
                question = getattr(result.current, "text", result.current.id)
                new_end = (f"stops at \"{question}\": " +
                           ("the answer given there is no longer offered" if result.rejected
                            else "a question these answers did not reach before, or one that is new"))
            report.routes.append(RouteChange(flow_id, _route_words(old_flow, answers),
                                             _outcome_name(old_flow, outcome), new_end))
        for key, (outcome, _, line) in after.ends.items():
            if key in before.ends:
                continue
            answers = _answers(after.path(line))
            result = walk(old_flow, answers)
            if result.finished and result.current.id == outcome:
                continue
            if result.finished:
                continue  # already listed from the old side: the same answers end elsewhere now
            report.routes.append(RouteChange(flow_id, _route_words(new_flow, answers), "(no such route before)",
                                             _outcome_name(new_flow, outcome)))


def _answers(tokens) -> dict:
    answers = {}
    for token in tokens:
        node, _, values = token.split("|")[0].partition("=")
        answers[node] = values.split("+")
    return answers


def _compare_texts(report: Report) -> None:
    old, new = report.old, report.new
    for path in sorted(set(old.texts) | set(new.texts)):
        a, b = old.texts.get(path), new.texts.get(path)
        old_cy = old.welsh.tr(a) if a is not None and old.welsh is not ENGLISH else ""
        new_cy = new.welsh.tr(b) if b is not None and new.welsh is not ENGLISH else ""
        if a is not None and b is not None and str(a) == str(b) and old_cy == new_cy:
            continue
        if a is not None and b is not None and str(a) == str(b):
            continue  # only the Welsh changed: listed under translations
        where = (f"flows/{new.files[path]}:{b.line}" if b is not None
                 else f"flows/{old.files[path]}:{a.line} (removed)")
        report.texts.append(TextChange(path, where, str(a or ""), str(b or ""),
                                       old_cy if old_cy != str(a or "") else "",
                                       new_cy if new_cy != str(b or "") else ""))


CONTACT_FIELDS = ("name", "phone", "hours", "url", "email", "description", "status")


def _compare_contacts(report: Report) -> None:
    old, new = report.old.contacts, report.new.contacts
    for cid in sorted(set(old) | set(new)):
        a, b = old.get(cid), new.get(cid)
        if a is None or b is None:
            report.contacts.append(FieldChange(cid, "contact", "" if a is None else str(a.get("name", cid)),
                                               "" if b is None else str(b.get("name", cid))))
            continue
        fields = CONTACT_FIELDS if "/" not in cid else sorted(set(a) | set(b))
        for name in fields:
            if str(a.get(name) or "") != str(b.get(name) or ""):
                report.contacts.append(FieldChange(cid, name, str(a.get(name) or ""), str(b.get(name) or "")))


def _compare_sources(report: Report) -> None:
    old, new = report.old.evidence, report.new.evidence
    for item in sorted(set(old) | set(new)):
        a_date, a_cited = old.get(item, (None, ()))
        b_date, b_cited = new.get(item, (None, ()))
        a_urls, b_urls = {u: (t, c) for t, u, c in a_cited}, {u: (t, c) for t, u, c in b_cited}
        for url in sorted(set(b_urls) - set(a_urls)):
            report.sources.append(FieldChange(item, "source added", "", f"{b_urls[url][0]} <{url}>"))
        for url in sorted(set(a_urls) - set(b_urls)):
            report.sources.append(FieldChange(item, "source removed", f"{a_urls[url][0]} <{url}>", ""))
        for url in sorted(set(a_urls) & set(b_urls)):
            if a_urls[url][1] != b_urls[url][1]:
                report.sources.append(FieldChange(item, f"re-dated (checked): {url}", a_urls[url][1], b_urls[url][1]))
        if a_cited and b_cited and a_date != b_date:
            report.sources.append(FieldChange(item, "re-dated (reviewed)", str(a_date or ""), str(b_date or "")))


def _compare_translations(report: Report) -> None:
    old, new = report.old.catalogs, report.new.catalogs
    for code in sorted(set(old) | set(new), key=lambda c: (c != "cy", c)):  # Welsh first
        a, b = old.get(code, {}), new.get(code, {})
        for key in sorted(set(a) | set(b), key=lambda k: (k[0] or "", k[1])):
            if a.get(key, "") != b.get(key, ""):
                plural = lambda text: text.replace("\x00", " | ")  # singular | plural forms
                report.translations.append(TranslationChange(code, key[0] or "", plural(key[1]),
                                                             plural(a.get(key, "")), plural(b.get(key, ""))))


# ------------------------------------------------------------ writing it out

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(op, text) segments: "=" same, "-" only in old, "+" only in new."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                out.append(("-", "".join(a[i1:i2])))
            if j2 > j1:
                out.append(("+", "".join(b[j1:j2])))
    return out


def _marked_md(old: str, new: str) -> tuple[str, str]:
    segments = word_diff(old, new)
    one = lambda s: s.replace("\n", " ")
    old_md = "".join(one(t) if op == "=" else f"[-{one(t)}-]" for op, t in segments if op != "+")
    new_md = "".join(one(t) if op == "=" else f"{{+{one(t)}+}}" for op, t in segments if op != "-")
    return old_md, new_md


def _marked_html(old: str, new: str) -> tuple[str, str]:
    segments = word_diff(old, new)
    e = html.escape
    old_html = "".join(e(t) if op == "=" else f"<del>{e(t)}</del>" for op, t in segments if op != "+")
    new_html = "".join(e(t) if op == "=" else f"<ins>{e(t)}</ins>" for op, t in segments if op != "-")
    return old_html, new_html


def grouped_routes(report: Report) -> list[tuple[str, str, str, list[tuple[str, ...]]]]:
    """Route changes grouped by what changed (guide, old ending, new ending), shortest
    route first: a reviewer reads one route in full and, for the others, only the
    answers that differ from it."""
    groups: dict[tuple[str, str, str], list[tuple[str, ...]]] = {}
    for r in report.routes:
        groups.setdefault((r.flow, r.old, r.new), []).append(r.answers)
    return [(flow, old, new, sorted(found, key=len)) for (flow, old, new), found in groups.items()]


def differing(first: tuple[str, ...], other: tuple[str, ...]) -> list[str]:
    return [line for line in other if line not in first]


def summary(report: Report) -> list[str]:
    return [f"{len(report.routes)} route(s) end differently",
            f"{len(report.texts)} text(s) changed",
            f"{len(report.contacts)} contact detail(s) changed",
            f"{len(report.sources)} source change(s)",
            f"{len(report.translations)} translation(s) changed",
            f"{len(report.to_sign_off)} item(s) to sign off"]


def to_markdown(report: Report) -> str:
    o, n = report.old, report.new
    out = [f"# Change report: guide version {o.version} to {n.version}", "",
           f"- Old: {o.label} (version {o.version})", f"- New: {n.label} (version {n.version})",
           f"- Made: {report.made.isoformat()}; report fingerprint {report.fingerprint}", "",
           "Differences are marked [-removed-] and {+added+}.", "", "## Summary", ""]
    out += [f"- {line}" for line in summary(report)]
    out += ["", "## Routes that now end differently, or are new", ""]
    if report.routes_note:
        out.append(report.routes_note)
    for flow, old_end, new_end, found in grouped_routes(report):
        out += [f"### {flow}: {len(found)} route(s)", f"- Before: {old_end}", f"- Now: {new_end}", "",
                "For example, these answers:", ""]
        out += [f"    {line}" for line in found[0]]
        if len(found) > 1:
            out += ["", "The other routes differ from it only in these answers:", ""]
            out += [f"- {'; '.join(differing(found[0], other)) or '(the same answers)'}" for other in found[1:]]
        out.append("")
    if not report.routes and not report.routes_note:
        out.append("None: every route ends where it did.")
    out += ["", "## Texts changed (English and Welsh)", ""]
    for t in report.texts:
        out.append(f"### {t.path} ({t.where})")
        old_md, new_md = _marked_md(t.old_en, t.new_en)
        out += ["English:", f"- old: {old_md or '(none)'}", f"- new: {new_md or '(removed)'}"]
        if t.old_cy or t.new_cy:
            old_cy, new_cy = _marked_md(t.old_cy, t.new_cy)
            out += ["Cymraeg:", f"- old: {old_cy or '(none)'}", f"- new: {new_cy or '(not translated yet)'}"]
        out.append("")
    if not report.texts:
        out.append("None.")
    out += ["", "## Contacts and numbers changed", ""]
    out += [f"- {c.item}: {c.field}: {c.old or '(none)'} -> {c.new or '(none)'}" for c in report.contacts] or ["None."]
    out += ["", "## Sources added, removed or re-dated", ""]
    out += [f"- {s.item}: {s.field}: {s.old or ''}{' -> ' if s.old and s.new else ''}{s.new or ''}"
            for s in report.sources] or ["None."]
    out += ["", "## Translations changed", ""]
    lang = None
    for t in report.translations:
        if t.lang != lang:
            out += ["", f"### {t.lang}", ""]
            lang = t.lang
        old_md, new_md = _marked_md(t.old, t.new)
        ctx = f" [{t.context}]" if t.context else ""
        out += [f"- English{ctx}: {t.msgid.replace(chr(10), ' ')}",
                f"  - old: {old_md or '(none)'}", f"  - new: {new_md or '(none)'}"]
    if not report.translations:
        out.append("None.")
    out += ["", f"## Items whose sign-off this change needs ({len(report.to_sign_off)})", ""]
    out += [f"- {item}" for item in report.to_sign_off] or ["None."]
    out += ["", "## Sign-off", "",
            "I have read every change in this report and agree that the new version may be published.",
            f"Report fingerprint: {report.fingerprint}", "",
            "| Name | Role | Date | Signature |", "| --- | --- | --- | --- |"]
    out += [f"|  | {role} |  |  |" for role in SIGN_OFF_ROLES]
    out += ["|  |  |  |  |", "",
            "After signing, record each review with `flask --app app routemap review ITEM --role ROLE "
            "--date YYYY-MM-DD` (roles, not names, go into the register)."]
    return "\n".join(out) + "\n"


STYLE = """
@page { size: A4; margin: 15mm 14mm 18mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-family: "Noto Sans", sans-serif; font-size: 8pt; } }
body { font-family: "Noto Sans", sans-serif; font-size: 9.5pt; line-height: 1.4; color: #0b0c0c; }
h1 { font-size: 17pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 7mm 0 2mm; border-bottom: 1px solid #b1b4b6; }
h3 { font-size: 10.5pt; margin: 4mm 0 1mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }
th, td { border: 1px solid #b1b4b6; padding: 1.5mm 2mm; vertical-align: top; text-align: start; }
th { background: #f3f2f1; width: 12%; } td { width: 44%; }
del { background: #f6d7d2; color: #6b0f06; text-decoration: line-through; }
ins { background: #cce2d8; color: #005a30; text-decoration: none; font-weight: 700; }
.answers { margin: 0 0 1mm; padding-inline-start: 5mm; } .meta { color: #484949; }
.signoff td { height: 12mm; width: 25%; } .signoff th { width: 25%; }
.context { color: #484949; font-size: 8pt; } .summary li { margin: 0; }
"""


def to_html(report: Report) -> str:
    e = html.escape
    o, n = report.old, report.new
    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>Change report: guide version {e(o.version)} to {e(n.version)}</title>",
           f"<style>{STYLE}</style></head><body>",
           f"<h1>Change report: guide version {e(o.version)} to {e(n.version)}</h1>",
           f'<p class="meta">Old: {e(o.label)} (version {e(o.version)})<br>New: {e(n.label)} '
           f"(version {e(n.version)})<br>Made {report.made.isoformat()}; report fingerprint "
           f"{report.fingerprint}</p>",
           "<p>Removed words are <del>struck through</del>; added words are <ins>marked</ins>.</p>",
           '<h2>Summary</h2><ul class="summary">' + "".join(f"<li>{e(s)}</li>" for s in summary(report)) + "</ul>",
           "<h2>Routes that now end differently, or are new</h2>"]
    if report.routes_note:
        out.append(f"<p>{e(report.routes_note)}</p>")
    for flow, old_end, new_end, found in grouped_routes(report):
        out.append(f"<h3>{e(flow)}: {len(found)} route(s)</h3>"
                   f"<table><tr><th>Before</th><td colspan=\"2\">{e(old_end)}</td></tr>"
                   f"<tr><th>Now</th><td colspan=\"2\">{e(new_end)}</td></tr></table>"
                   "<p>For example, these answers:</p><ol class=\"answers\">" +
                   "".join(f"<li>{e(line)}</li>" for line in found[0]) + "</ol>")
        if len(found) > 1:
            out.append("<p>The other routes differ from it only in these answers:</p><ul class=\"others\">" +
                       "".join(f"<li>{e('; '.join(differing(found[0], other)) or '(the same answers)')}</li>"
                               for other in found[1:]) + "</ul>")
    if not report.routes and not report.routes_note:
        out.append("<p>None: every route ends where it did.</p>")
    out.append("<h2>Texts changed (English and Welsh)</h2>")
    for t in report.texts:
        old_en, new_en = _marked_html(t.old_en, t.new_en)
        rows = f"<tr><th></th><th>Old</th><th>New</th></tr><tr><th>English</th><td>{old_en}</td><td>{new_en}</td></tr>"
        if t.old_cy or t.new_cy:
            old_cy, new_cy = _marked_html(t.old_cy, t.new_cy)
            rows += (f'<tr><th>Cymraeg</th><td lang="cy">{old_cy}</td>'
                     f'<td lang="cy">{new_cy or "<em>not translated yet</em>"}</td></tr>')
        out.append(f'<h3>{e(t.path)} <span class="context">{e(t.where)}</span></h3><table>{rows}</table>')
    if not report.texts:
        out.append("<p>None.</p>")
    out.append("<h2>Contacts and numbers changed</h2>")
    out.append(_field_table(report.contacts, "Contact") if report.contacts else "<p>None.</p>")
    out.append("<h2>Sources added, removed or re-dated</h2>")
    out.append(_field_table(report.sources, "Cited by") if report.sources else "<p>None.</p>")
    out.append("<h2>Translations changed</h2>")
    lang = None
    for t in report.translations:
        if t.lang != lang:
            out.append(f"<h3>{e(t.lang)}</h3>")
            lang = t.lang
        old_t, new_t = _marked_html(t.old, t.new)
        ctx = f' <span class="context">[{e(t.context)}]</span>' if t.context else ""
        out.append(f"<table><tr><th>English</th><td colspan=\"2\">{e(t.msgid)}{ctx}</td></tr>"
                   f'<tr><th>Old / new</th><td lang="{e(t.lang)}">{old_t or "<em>none</em>"}</td>'
                   f'<td lang="{e(t.lang)}">{new_t or "<em>none</em>"}</td></tr></table>')
    if not report.translations:
        out.append("<p>None.</p>")
    out.append(f"<h2>Items whose sign-off this change needs ({len(report.to_sign_off)})</h2>")
    out.append("<p>" + ", ".join(e(i) for i in report.to_sign_off) + "</p>" if report.to_sign_off else "<p>None.</p>")
    out.append("<h2>Sign-off</h2><p>I have read every change in this report and agree that the new version may "
               f"be published. Report fingerprint: <strong>{report.fingerprint}</strong>.</p>"
               '<table class="signoff"><tr><th>Name</th><th>Role</th><th>Date</th><th>Signature</th></tr>' +
               "".join(f"<tr><td></td><td>{e(role)}</td><td></td><td></td></tr>" for role in SIGN_OFF_ROLES) +
               "<tr><td></td><td></td><td></td><td></td></tr></table>"
               "<p class=\"meta\">After signing, record each review with <code>flask --app app routemap review "
               "ITEM --role ROLE --date YYYY-MM-DD</code> (roles, not names, go into the register).</p>")
    out.append("</body></html>")
    return "\n".join(out)


def _field_table(changes: list[FieldChange], heading: str) -> str:
    e = html.escape
    rows = "".join(f"<tr><td>{e(c.item)}</td><td>{e(c.field)}</td><td>{_marked_html(c.old, c.new)[0]}</td>"
                   f"<td>{_marked_html(c.old, c.new)[1]}</td></tr>" for c in changes)
    return (f'<table class="fields"><tr><th>{heading}</th><th>What</th><th>Old</th><th>New</th></tr>{rows}</table>')
