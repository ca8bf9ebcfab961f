"""Settings: defaults in one table, each one documented, and nothing read that is not in it."""
import re
from pathlib import Path

from routemap.settings import DEFAULTS, SETTINGS
from routemap.web import create_app

ROOT = Path(__file__).resolve().parents[1]
# Flask's and Flask-Babel's own settings, which the app reads but does not define.
FLASK_OWN = {"TESTING", "DEBUG", "SERVER_NAME", "BABEL_DEFAULT_LOCALE"}


def test_every_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"| `ROUTEMAP_{s.name}` |" not in readme]
    assert not missing, f"add to the settings table in README.md: {missing}"


def test_every_setting_the_code_reads_is_in_the_table():
    read = set()
    for path in (ROOT / "routemap").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"config(?:\[|\.get\()\s*[\"']([A-Z_]+)[\"']", text))
    assert read - FLASK_OWN <= set(DEFAULTS), f"add to routemap/settings.py: {read - set(DEFAULTS)}"


def test_defaults_apply_and_the_environment_overrides_them(monkeypatch):
    monkeypatch.setenv("ROUTEMAP_PAGE_CACHE_MB", "0")
    monkeypatch.setenv("ROUTEMAP_PRINT_RATELIMIT_ZIP", "1 per minute")
    app = create_app({"FLOWS_DIR": str(ROOT / "tests" / "fixtures" / "flows")})
    assert app.config["PAGE_CACHE_MB"] == 0 and app.config["PRINT_RATELIMIT_ZIP"] == "1 per minute"
    assert app.config["MAX_QUERY_BYTES"] == DEFAULTS["MAX_QUERY_BYTES"]
    assert app.config["PRINT_RATELIMIT_BOOKLET"] == DEFAULTS["PRINT_RATELIMIT_BOOKLET"]
