"""Expensive print endpoints are rate limited, with a friendly page when over."""
import pytest

from routemap.web import create_app
from tests.conftest import FIXTURES

LIMITED = [
    ("/en/print/poster.pdf", "PRINT_RATELIMIT_PDF"),
    ("/en/print/poster.png", "PRINT_RATELIMIT_PREVIEW"),
    ("/en/print/professional-leaflet-all-languages.zip", "PRINT_RATELIMIT_ZIP"),
    ("/en/print/record/example.pdf?danger=yes", "PRINT_RATELIMIT_PDF"),
]


def limited_app(**config):
    return create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True,
                       "RATELIMIT_STORAGE_URI": "memory://", **config})


@pytest.mark.parametrize("url, key", LIMITED)
def test_over_the_limit_gets_a_friendly_429(url, key):
    client = limited_app(**{key: "2 per minute"}).test_client()
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    response = client.get(url)
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many requests" in page and "Please wait a minute and try again." in page
    assert "call 999" in page and "Traceback" not in page
    assert response.mimetype == "text/html"
    assert 0 < int(response.headers["Retry-After"]) <= 60  # when to come back, in seconds


def test_the_429_page_is_in_the_page_language():
    client = limited_app(PRINT_RATELIMIT_PDF="1 per minute").test_client()
    client.get("/cy/print/poster.pdf")
    response = client.get("/cy/print/poster.pdf")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert '<html lang="cy"' in page and "Too many requests" not in page  # it is in Welsh


def test_pages_and_other_clients_are_not_limited():
    client = limited_app(PRINT_RATELIMIT_PDF="1 per minute").test_client()
    client.get("/en/print/poster.pdf")
    assert client.get("/en/print/poster.pdf").status_code == 429
    assert client.get("/en/print/").status_code == 200  # the catalogue page is cheap
    assert client.get("/en/print/poster.pdf",
                      environ_overrides={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200


def test_storage_comes_from_config():
    from routemap.web.ratelimit import limiter
    app = limited_app(RATELIMIT_STORAGE_URI="memory://")
    assert app.config["PRINT_RATELIMIT_PDF"] == "30 per minute"
    assert type(limiter(app)._storage).__name__ == "MemoryStorage"


def test_no_limiter_check_before_pages_that_have_no_limit(app):
    """Only limited endpoints are checked (by their own wrapper): no hook runs the
    limiter before every request, which found nothing to count on a guide page."""
    from routemap.web.ratelimit import limiter

    from routemap.settings import SETTINGS

    hooks = app.before_request_funcs.get(None, [])
    assert limiter(app)._check_request_limit not in hooks
    # A default or application-wide limit would need that check back (ratelimit.init_app).
    assert not {s.name for s in SETTINGS} & {"RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION"}


def test_each_download_is_limited_by_its_printables_entry():
    """rate_limits() reads each printable's `view` and `limit`: a new document's download
    is limited by its entry alone, and sheets sharing the `pdf` view share one limit."""
    from dataclasses import replace

    from routemap.printing.registry import PRINTABLES, Artefact
    from routemap.web.print import bp, rate_limits

    limits = rate_limits()
    for entry in PRINTABLES.values():
        assert limits[entry.view] == entry.limit, entry.name
    notes = Artefact("case-notes", "print/record.html", ("a4",), ("stacked",), 0,
                     limit="PRINT_RATELIMIT_BOOKLET", view="case_notes", shared=False)
    assert rate_limits({**PRINTABLES, notes.name: notes})["case_notes"] == "PRINT_RATELIMIT_BOOKLET"
    odd = replace(PRINTABLES["poster"], name="odd-poster", limit="PRINT_RATELIMIT_ZIP")
    with pytest.raises(ValueError, match="print.pdf is limited by PRINT_RATELIMIT_PDF"):
        rate_limits({**PRINTABLES, odd.name: odd})
    app = limited_app()  # every limited endpoint is one of the blueprint's views
    assert {f"{bp.name}.{view}" for view in limits} <= set(app.view_functions)
