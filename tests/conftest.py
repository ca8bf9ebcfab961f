"""Shared fixtures: the app on test content, a client, and the real content."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from routemap.loader import load_content
from routemap.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output (see test_golden.py)")


@pytest.fixture(scope="session")
def example_content():
    return load_content(FIXTURES / "flows")


@pytest.fixture(scope="session")
def example_flow(example_content):
    return example_content.flows["example"]


@pytest.fixture(scope="session")
def real_content():
    return load_content(ROOT / "flows")


@pytest.fixture(scope="session")
def app():
    """The app on the small example content, so page tests don't depend on real wording."""
    return create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True})


@pytest.fixture(scope="session")
def real_app():
    return create_app({"TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def build_translations(tmp_path_factory):
    """A translations folder like the real one, with extra languages and messages.

    `build_translations({"ar": {(context, msgid): msgstr}}, names={"ar": ("العربية", "Arabic")})`
    keeps every real catalog and language, adds the given messages on top (context None
    for UI strings) and compiles them, so tests can show translated content and hostile
    catalogs without touching translations/.
    """
    import shutil

    import yaml
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    def build(messages: dict, names: dict | None = None) -> Path:
        folder = tmp_path_factory.mktemp("translations")
        real = ROOT / "translations"
        shutil.copy(real / "languages.yaml", folder / "languages.yaml")
        languages = yaml.safe_load((folder / "languages.yaml").read_text(encoding="utf-8"))
        for code, (name, english_name) in (names or {}).items():
            languages.setdefault(code, {"name": name, "english_name": english_name, "reviewed": False})
        (folder / "languages.yaml").write_text(yaml.safe_dump(languages, allow_unicode=True, sort_keys=False),
                                               encoding="utf-8")
        for code in languages:
            po = real / code / "LC_MESSAGES" / "messages.po"
            if po.exists():
                with po.open("rb") as f:
                    catalog = read_po(f, locale=code)
            else:
                from babel.messages.catalog import Catalog
                catalog = Catalog(locale=code)
            for (context, msgid), msgstr in messages.get(code, {}).items():
                existing = catalog.get(msgid, context=context)
                if existing is None:
                    catalog.add(msgid, msgstr, context=context)
                else:
                    existing.string = msgstr
                    existing.flags.discard("fuzzy")
            out = folder / code / "LC_MESSAGES"
            out.mkdir(parents=True)
            with (out / "messages.mo").open("wb") as f:
                write_mo(f, catalog)
        return folder

    return build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real redis-server on a loopback port for the whole session: its port. Rate-limit
    tests use database 1, usage tests database 0."""
    server = shutil.which("redis-server")
    assert server, "redis-server is missing: run scripts/system-packages.sh"
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
