"""Language on every page type: lang/dir, switching keeps the place, English fallbacks marked."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from routemap.web.state import state

ROOT = Path(__file__).resolve().parents[1]
ADULT_REFER = "danger=no&age=adult&signs=no-id&signs=debt&explain=seen"

# (path after /<lang>, query): one of every page type on the example content.
PAGES = [
    ("/", ""),
    ("/guide/", ""),
    ("/guide/example/", ""),
    ("/guide/example/danger", ""),
    ("/guide/example/signs", "danger=no&age=adult"),
    ("/guide/example/explain", "danger=no&age=adult&signs=debt"),
    ("/guide/example/refer", ADULT_REFER),
    ("/guide/example/map", ""),
    ("/help/", ""),
    ("/help/talk/", ""),
    ("/help/talk/ti", ""),
    ("/guide/example/nope", ""),  # the 404 page inside a language
]
DIRECTIONS = {"cy": "ltr", "en": "ltr", "ar": "rtl"}


def get(client, lang, path, query):
    url = f"/{lang}{path}" + (f"?{query}" if query else "")
    return client.get(url)


@pytest.mark.parametrize("lang", DIRECTIONS)
@pytest.mark.parametrize("path, query", PAGES)
def test_lang_and_dir_on_every_page_type(client, lang, path, query):
    page = get(client, lang, path, query).get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{DIRECTIONS[lang]}">' in page


@pytest.mark.parametrize("path, query", [p for p in PAGES if "nope" not in p[0]])
def test_switching_language_keeps_the_node_and_answers(client, path, query):
    page = get(client, "en", path, query).get_data(as_text=True)
    links = {m.group(2): html.unescape(m.group(1))
             for m in re.finditer(r'<a href="([^"]+)" lang="(\w+)" hreflang="\2" dir="\w+">', page.split("</nav>")[0])}
    assert set(links) >= {"cy", "ar", "ti"}
    for code, link in links.items():
        assert link == f"/{code}{path}" + (f"?{query}" if query else "")


def test_the_welsh_twin_is_linked_as_an_alternate(client):
    page = client.get(f"/en/guide/example/refer?{ADULT_REFER}").get_data(as_text=True)
    assert f'<link rel="alternate" hreflang="cy" href="/cy/guide/example/refer?{html.escape(ADULT_REFER)}">' in page


def test_english_fallback_content_is_marked_on_rtl_pages(client):
    page = client.get("/ar/guide/example/danger").get_data(as_text=True)
    assert '<span lang="en" dir="ltr">Is anyone in immediate danger?</span>' in page


def test_the_chooser_shows_native_names_welsh_first_then_english(client):
    page = client.get("/").get_data(as_text=True)
    names = re.findall(r'<a href="/(\w+)/" lang="\1" hreflang="\1" dir="(\w+)">([^<]+)</a>', page)
    assert [code for code, _, _ in names][:2] == ["cy", "en"]
    native = {code: name for code, _, name in names}
    assert native["cy"] == "Cymraeg" and native["sq"] == "Shqip" and native["vi"] == "Tiếng Việt"
    assert native["ti"] == "ትግርኛ" and native["ar"] == "العربية" and native["fa"] == "فارسی"
    assert ("ar", "rtl", "العربية") in names


def test_unreviewed_languages_say_so_and_reviewed_ones_do_not(client, app):
    langs = state(app).languages
    for code, language in langs.items():
        page = client.get(f"/{code}/").get_data(as_text=True)
        assert ('class="notice translation-notice"' in page) is (not language.reviewed)
    welsh = client.get("/cy/").get_data(as_text=True)
    assert "This translation is awaiting review" not in welsh  # the notice itself is in Welsh


def test_print_can_tell_reviewed_from_unreviewed(app):
    langs = state(app).languages
    assert langs["en"].reviewed is True and langs["cy"].reviewed is False


def test_content_in_titles_and_attributes_is_plain_text():
    """`tx` returns HTML (a lang="en" span for fallbacks), which must not land in <title> or an attribute."""
    problems = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r"{%\s*block title\s*%}(.*?){%\s*endblock", text, flags=re.S):
            if re.search(r"\|\s*tx\b(?!_)", block):
                problems.append(f"{path.name}: <title> uses |tx")
        for value in re.findall(r'\s[\w-]+="([^"]*{{[^"]*}}[^"]*)"', text):
            if re.search(r"\|\s*tx\b(?!_)", value):
                problems.append(f"{path.name}: attribute uses |tx: {value}")
    assert problems == []


@pytest.mark.parametrize("lang", DIRECTIONS)
def test_an_unknown_address_under_a_language_gets_the_error_page_in_that_language(client, lang):
    response = client.get(f"/{lang}/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{DIRECTIONS[lang]}">' in page
    assert f'href="/{lang}/"' in page


def test_every_language_renders_every_page_type(client, app):
    """Babel knows each locale well enough for dates and plurals (Tigrinya included)."""
    for code in state(app).languages:
        for path, query in PAGES:
            response = get(client, code, path, query)
            assert response.status_code in (200, 404), (code, path)
            assert "Traceback" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/xx/"])
def test_pages_outside_a_language_speak_welsh_first_then_english(client, url):
    page = client.get(url).get_data(as_text=True)
    assert "Map llwybr caethwasiaeth fodern i Gymru / Modern slavery route map for Wales</title>" in page
    page = page.split("<body>", 1)[1]
    welsh = page.index('<p lang="cy"><strong id="emergency-title">')
    english = page.index("In an emergency, call 999.")
    assert welsh < english
    assert page.index('<span lang="cy">') < page.index("Modern slavery route map for Wales")


def test_language_links_rebuild_the_answers_and_never_echo_a_junk_query(client):
    page = client.get("/en/?" + "&" * 8000)
    assert page.status_code == 200 and len(page.data) < 20_000  # 723 KB when the query was echoed
    links = client.get("/en/guide/example/age?danger=no&&&").get_data(as_text=True)
    assert 'href="/cy/guide/example/age?danger=no"' in links


def test_language_links_keep_the_address_the_app_is_mounted_at(client):
    """Each link swaps only the language of this address (one url_for for all ten)."""
    page = client.get("/en/guide/example/age?danger=no", base_url="http://localhost/routemap").get_data(as_text=True)
    nav = page.split('<nav class="language-switch"', 1)[1].split("</nav>")[0]
    assert 'href="/routemap/cy/guide/example/age?danger=no"' in nav
    assert 'href="/routemap/ar/guide/example/age?danger=no"' in nav


def test_a_page_outside_a_language_never_speaks_the_previous_requests_language(client):
    """The request's Translator is set per request and forgotten after it."""
    assert '<html lang="ar"' in client.get("/ar/guide/example/danger").get_data(as_text=True)
    page = client.get("/xx/").get_data(as_text=True)
    assert "Map llwybr caethwasiaeth fodern i Gymru / Modern slavery route map for Wales</title>" in page
    assert 'lang="ar"' not in page.split('<nav', 1)[0]


def test_template_addresses_are_remembered_per_language_and_mount_point(app):
    """Templates' url_for is remembered (language.py), never across languages or prefixes."""
    from flask import url_for

    template = app.jinja_env.from_string("{{ url_for('home.index') }} {{ url_for('static', filename='app.css') }}")
    for _ in range(2):
        for mount in ("", "/routemap"):
            for lang in ("en", "cy"):
                with app.test_request_context(f"/{lang}/", base_url=f"http://localhost{mount}"):
                    app.preprocess_request()
                    assert template.render() == f"{url_for('home.index')} {url_for('static', filename='app.css')}"
                    assert template.render().startswith(f"{mount}/{lang}/ {mount}/static/app.")


def test_every_address_with_a_language_starts_with_it(real_app):
    """language_suffix() and the header's language links (kept once per language, with
    the rest of the address as their hole) rely on it."""
    rules = [rule.rule for rule in real_app.url_map.iter_rules() if "lang" in rule.arguments]
    assert rules and all(rule.startswith("/<lang>/") for rule in rules)
