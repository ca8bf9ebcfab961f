"""Every setting of the app, with its default: the one place defaults live.

Set one in the environment as ROUTEMAP_<NAME> (values parsed as JSON where they can
be, e.g. ROUTEMAP_PAGE_CACHE_MB=0), or pass it to create_app(config) in tests. The
README's settings table lists each of these; tests/test_settings.py keeps the two,
and the code, together.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .usage.publish import DEFAULT_THRESHOLD

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("FLOWS_DIR", str(ROOT / "flows"), "the content folder"),
    Setting("TRANSLATIONS_DIR", str(ROOT / "translations"),
            "languages.yaml and the compiled catalogs"),
    Setting("MAX_QUERY_BYTES", 4096, "longest page address accepted (answers are in it)"),
    # Reverse proxies in front of the app (see README, "Serving").
    Setting("TRUSTED_PROXIES", 0, "reverse proxies in front that set X-Forwarded-*"),
    # Finished pages kept per worker (pagecache.PageCache); 0 turns it off.
    Setting("PAGE_CACHE_MB", 16, "finished pages kept in each worker's memory"),
    # The guide's public address (https://routemap.example.org): the only base for QR
    # codes and printed addresses. Without it, prints are refused (hosts.public_base_url).
    Setting("PUBLIC_BASE_URL", None, "the guide's public address, for QR codes in prints"),
    # Host names the app answers to, e.g. ["routemap.example.org"] (hosts.HostCheck);
    # empty: any well-formed name.
    Setting("TRUSTED_HOSTS", [], "host names the app answers to"),
    Setting("PRINT_CACHE_BYTES", 64 * 1024 * 1024, "rendered PDFs kept in memory"),
    Setting("PRINT_CACHE_DIR", None, "folder for rendered PDFs, shared or kept across restarts"),
    # Rendering costs CPU seconds, so PDFs, previews and ZIPs are rate limited per
    # client. Generous enough for an office behind one address; a repeat of a cached
    # print still counts, as it still costs a response.
    Setting("PRINT_RATELIMIT_PDF", "30 per minute", "posters, leaflets and route records"),
    Setting("PRINT_RATELIMIT_PREVIEW", "120 per minute", "catalogue previews (one per artefact)"),
    Setting("PRINT_RATELIMIT_ZIP", "6 per minute", "ZIPs of every language"),
    # Only four booklets exist per content version, so the cache absorbs repeats.
    Setting("PRINT_RATELIMIT_BOOKLET", "20 per minute", "CPS booklet PDFs"),
    Setting("PRINT_RATELIMIT_BOOKLET_PREVIEW", "120 per minute", "CPS booklet previews"),
    # One budget for all print endpoints together, per client (renderpool.py); a ZIP
    # costs one print per language.
    Setting("PRINT_BUDGET", "60 per minute", "each client's allowance for all prints together"),
    # The render pool (renderpool.py). None: one fewer than the cores, at least one.
    Setting("RENDER_SLOTS", None, "render slots per instance"),
    Setting("RENDER_WAIT_S", 10, "seconds a download may wait for a render slot"),
    Setting("RENDER_QUEUE", 2, "requests per worker that may wait for a slot"),
    Setting("RENDER_NICE", 5, "how much lower the render thread's CPU priority is"),
    Setting("RENDER_LOCK_DIR", None, "folder of the slots' lock files (default: a new temporary one)"),
    # memory:// counts in each worker separately; redis://HOST:6379/0 shares the count.
    Setting("RATELIMIT_STORAGE_URI", "memory://", "where rate-limit counts live"),
    # If the shared store is down, count in memory rather than refuse: a worker in the
    # middle of a safeguarding concern needs the guide more than we need exact limits.
    Setting("RATELIMIT_SWALLOW_ERRORS", True, "carry on when the rate-limit store fails"),
    Setting("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True,
            "count in memory while the rate-limit store is down"),
    # A draft for reviewers (`make preview`): a banner on every page, a PREVIEW mark on
    # every print (web/preview.py).
    Setting("PREVIEW", False, "run as a draft for reviewers: 'not approved for use' everywhere"),
    # Usage counting (README, "Usage figures"): off while USAGE_STORE is unset.
    Setting("USAGE_STORE", None, "where usage counts live: sqlite:///PATH or redis://..."),
    Setting("USAGE_THRESHOLD", DEFAULT_THRESHOLD, "published counts below this are withheld (never below 5)"),
)

DEFAULTS = {setting.name: setting.default for setting in SETTINGS}
