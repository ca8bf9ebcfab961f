"""Shared fixtures: the app on test content, a client, and the real content."""
from __future__ import annotations

from pathlib import Path

import pytest

from routemap.loader import load_content
from routemap.web import create_app

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


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
