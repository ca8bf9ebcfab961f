"""Sources watched: every source the guide cites, when it was last checked, and whether
the page has changed since. No Flask here.

Sources are read through the content model (outcomes, contacts, CPS sections) and the
print content (posters.yaml), grouped by URL. A source's "last checked" date is the
newest review date of the items that cite it: when a person last read the page for the
guide. `fetch_all` (for a machine with internet) records a fingerprint of each page's
text in `flows/reviews/sources.yaml`; a page whose fingerprint differs from the last
fetch is marked changed on that date, and stays flagged until an item citing it is
reviewed again on a later date, so a reviewer reads those pages first.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from .model import Content

SEEN_FILE = "reviews/sources.yaml"  # in a folder of its own: *.yaml in flows/ are flows
MAX_PAGE_BYTES = 5_000_000
TIMEOUT_S = 20
USER_AGENT = "routemap-sources-check (+https://github.com/; checks cited pages for changes)"
HEADER = """\
# Fingerprints of the pages the guide cites, written by
# `flask --app app routemap sources --fetch`. `changed` is the first fetch that found the
# page's text different; the flag clears when an item citing the page is reviewed later.
"""


@dataclass
class Source:
    url: str
    titles: list[str] = field(default_factory=list)
    cited_by: list[tuple[str, str, dt.date]] = field(default_factory=list)  # (item, file:line, reviewed)

    @property
    def last_checked(self) -> dt.date:
        return max(reviewed for _, _, reviewed in self.cited_by)


def collect(content: Content) -> list[Source]:
    """Every cited source, by URL, oldest last check first."""
    found: dict[str, Source] = {}

    def add(title, url, item, where, reviewed):
        # Each source may carry its own `checked` date (the evidence register); otherwise
        # the item's review date says when a person last read it.
        reviewed = getattr(title, "checked", None) or reviewed or dt.date.min  # min: never checked
        title = getattr(title, "title", title)
        source = found.setdefault(str(url), Source(str(url)))
        if str(title) not in source.titles:
            source.titles.append(str(title))
        source.cited_by.append((item, where, reviewed))

    for flow in content.flows.values():
        for outcome in flow.outcomes:
            if outcome.evidence is not None:
                for s in outcome.evidence.sources:
                    add(s, s.url, f"outcome/{flow.id}/{outcome.id}", f"{outcome.file}:{outcome.line}",
                        outcome.evidence.reviewed)
    for contact in content.contacts.values():
        for s in contact.evidence.sources:
            add(s, s.url, f"contact/{contact.id}", f"{contact.file}:{contact.line}", contact.evidence.reviewed)
    # The evidence register (flows/evidence.yaml): each source has its own `checked` date.
    for claim in content.claims.values():
        for s in claim.sources:
            add(s, s.url, f"evidence/{claim.id}", f"{claim.file}:{claim.line}", s.checked)
    if content.reference is not None:
        for section in content.reference.sections:
            for s in section.sources:
                add(s, s.url, f"cps/{section.id}", f"{content.reference.file}:{section.line}", section.reviewed)
    print_content = content.print_text  # flows/print/posters.yaml, when the content has it
    if print_content:
        reviewed = print_content["reviewed"]
        for key in ("sources", "professional_sources"):
            for s in print_content.get(key) or ():
                add(s["title"], s["url"], f"print/{key}", "flows/print/posters.yaml", reviewed)
    return sorted(found.values(), key=lambda s: (s.last_checked, s.url))


def stale(sources: list[Source], days: int, today: dt.date | None = None) -> list[Source]:
    oldest_ok = (today or dt.date.today()) - dt.timedelta(days=days)
    return [s for s in sources if s.last_checked < oldest_ok]


# ------------------------------------------------------------ fetching

_SCRIPTS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def page_text(body: bytes, content_type: str = "") -> str:
    """The words of a page, so that markup, scripts and whitespace that change on every
    request do not count as a change to what the page says."""
    charset = re.search(r"charset=([\w-]+)", content_type or "")
    text = body.decode(charset.group(1) if charset else "utf-8", errors="replace")
    if "html" in (content_type or "html"):
        text = html.unescape(_TAGS.sub(" ", _SCRIPTS.sub(" ", text)))
    return _SPACE.sub(" ", text).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fetch_page(url: str) -> str:
    """The fingerprint of the page at `url` (http or https only). Raises OSError."""
    if not url.startswith(("https://", "http://")):
        raise OSError(f"not a web address: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (http/https checked above)
        body = response.read(MAX_PAGE_BYTES + 1)
        if len(body) > MAX_PAGE_BYTES:
            raise OSError(f"page over {MAX_PAGE_BYTES:,} bytes")
        return fingerprint(page_text(body, response.headers.get("Content-Type", "")))


@dataclass(frozen=True)
class Seen:
    fingerprint: str
    fetched: dt.date
    changed: dt.date | None = None


@dataclass(frozen=True)
class FetchResult:
    source: Source
    state: str  # "changed", "unchanged", "first fetch", "unreachable"
    detail: str = ""


def seen_path(flows_dir: Path) -> Path:
    return Path(flows_dir) / SEEN_FILE


def read_seen(path: Path) -> dict[str, Seen]:
    path = Path(path)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {url: Seen(str(v["fingerprint"]), v["fetched"], v.get("changed"))
            for url, v in (data.get("pages") or {}).items()}


def write_seen(path: Path, seen: dict[str, Seen]) -> None:
    pages = {}
    for url, s in sorted(seen.items()):
        pages[url] = {"fingerprint": s.fingerprint, "fetched": s.fetched}
        if s.changed:
            pages[url]["changed"] = s.changed
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(HEADER + yaml.safe_dump({"pages": pages}, sort_keys=False), encoding="utf-8")


def fetch_all(sources: list[Source], seen: dict[str, Seen], fetch: Callable[[str], str] = fetch_page,
              today: dt.date | None = None) -> tuple[list[FetchResult], dict[str, Seen]]:
    """Fetch every source; returns the results (pages changed since their last check
    first) and the updated fingerprints."""
    today = today or dt.date.today()
    updated = dict(seen)
    results = []
    for source in sources:
        try:
            now = fetch(source.url)
        except (OSError, urllib.error.URLError, ValueError) as exc:
            results.append(FetchResult(source, "unreachable", str(getattr(exc, "reason", exc))))
            continue
        before = seen.get(source.url)
        if before is None:
            updated[source.url] = Seen(now, today)
            results.append(FetchResult(source, "first fetch"))
            continue
        changed = before.changed
        if now != before.fingerprint and (changed is None or changed <= source.last_checked):
            changed = today  # a new change since the page was last checked by a person
        updated[source.url] = Seen(now, today, changed)
        if changed and changed > source.last_checked:
            results.append(FetchResult(source, "changed",
                                       f"changed on or before {changed.isoformat()}, last checked "
                                       f"{source.last_checked.isoformat()}"))
        else:
            results.append(FetchResult(source, "unchanged"))
    order = {"changed": 0, "unreachable": 1, "first fetch": 2, "unchanged": 3}
    return sorted(results, key=lambda r: order[r.state]), updated


def format_sources(sources: list[Source]) -> str:
    lines = [f"Sources cited ({len(sources)}), the longest unchecked first:"]
    for s in sources:
        lines.append(f"  {s.last_checked.isoformat()}  {s.titles[0]}")
        lines += [f"              also titled: {t}" for t in s.titles[1:]]
        lines.append(f"              {s.url}")
        items = sorted({item for item, _, _ in s.cited_by})
        shown = ", ".join(items[:6]) + (f" and {len(items) - 6} more" if len(items) > 6 else "")
        lines.append(f"              cited by: {shown}")
    return "\n".join(lines)
