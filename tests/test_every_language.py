"""Issue 16: on every page type, in every language, text that is not translated yet is
English marked lang="en" (so screen readers switch voice), never English presented as
the page's language.

A text node is "untranslated" when it is, or contains, the English of a message that
the language's catalog does not translate. Its language is that of the nearest element
with a lang attribute. <title> cannot hold markup and is left out.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from routemap.i18n import SOURCE_LANGUAGE

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
LANGS = sorted(p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES" / "messages.po").exists())

WORKER = "role=health&danger=no&age=adult&signs=disclosed&exploitation=labour&consent=no&adult-at-risk=yes"
PAGES = {
    "home": "/{lang}/",
    "guide index": "/{lang}/guide/",
    "start page": "/{lang}/guide/possible-victim/",
    "question": "/{lang}/guide/possible-victim/danger?role=public",
    "checklist": "/{lang}/guide/possible-victim/signs?role=health&danger=no&age=adult",
    "999 page": "/{lang}/guide/possible-victim/call-999?role=public&danger=yes",
    "public outcome": "/{lang}/guide/possible-victim/public-report?role=public&danger=no",
    "worker outcome": f"/{{lang}}/guide/possible-victim/adult-no-consent-at-risk-labour?{WORKER}",
    "local contacts": f"/{{lang}}/guide/possible-victim/adult-no-consent-at-risk-labour?{WORKER}&area=denbighshire",
    "suspected exploitation": "/{lang}/guide/suspected-perpetrator/",
    "get help": "/{lang}/help/",
    "talk cards": "/{lang}/help/talk/",
    "NRM explained": "/{lang}/help/nrm/",
    "CPS guide": "/{lang}/cps/",
    "print catalogue": "/{lang}/print/",
    "not found": "/{lang}/nowhere",
}
WORDS = re.compile(r"[A-Za-z]{3,}")


def key(message):
    ids = message.id
    return message.context, ids if isinstance(ids, str) else tuple(ids)


def untranslated_english(lang: str) -> set[str]:
    """The English of every message this language's compiled catalog leaves untranslated."""
    po = read_po((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    mo_path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo"
    translated = {key(m) for m in read_mo(mo_path.open("rb")) if m.id and m.string}
    found = set()
    for message in po:
        if not message.id or key(message) in translated:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            # Markdown and placeholders aside, the plain words as they show on a page.
            for line in re.split(r"\n+|%\(\w+\)[sd]|\*\*|^- ", text):
                line = " ".join(line.replace("**", "").split()).strip(" -")
                if len(WORDS.findall(line)) >= 2:
                    found.add(line)
    return found


class TextNodes(HTMLParser):
    """(language, text) for every text node, the language from the nearest lang=."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str | None, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tags = [t for t, _ in self.stack]
        if "title" in tags or "script" in tags or "style" in tags:
            return
        text = " ".join(data.split())
        if text:
            lang = next((lang for _, lang in reversed(self.stack) if lang), None)
            self.found.append((lang, text))


def unmarked_english(page: str, lang: str, english: set[str]) -> list[str]:
    parser = TextNodes()
    parser.feed(page)
    return sorted({text for node_lang, text in parser.found
                   if node_lang != "en" and any(e == text or (len(e) > 24 and e in text) for e in english)})


@pytest.fixture(scope="module")
def client(real_app):
    return real_app.test_client()


@pytest.mark.parametrize("lang", [code for code in LANGS if code != SOURCE_LANGUAGE])
def test_no_page_shows_english_as_another_language(client, lang):
    english = untranslated_english(lang)
    problems = {}
    for name, path in PAGES.items():
        response = client.get(path.format(lang=lang))
        assert response.status_code in (200, 404), (name, response.status_code)
        found = unmarked_english(response.get_data(as_text=True), lang, english)
        if found:
            problems[name] = found[:5]
    assert not problems, problems


LOCAL_LABELS = ("Children's services", "Children's services, out of hours", "Adult safeguarding",
                "Adult safeguarding, out of hours", "Children's services web page", "Adult safeguarding web page")
# South Wales Police is the one force with its own modern slavery page (Cardiff's card).
FORCE_LABELS = ("Modern slavery web page",)


@pytest.mark.parametrize("lang", [code for code in LANGS if code != SOURCE_LANGUAGE])
def test_local_contact_labels_are_in_the_pages_language(client, lang):
    """Issue 16: the labels of an area's numbers and service pages (Denbighshire has all
    six) and of a force's modern slavery page (South Wales Police, on the Vale of
    Glamorgan's card) are translated in Welsh and every community language."""
    catalog = read_po((TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb"))
    for area, labels in (("denbighshire", LOCAL_LABELS), ("vale-of-glamorgan", FORCE_LABELS)):
        path = PAGES["local contacts"].replace("denbighshire", area).format(lang=lang)
        page = client.get(path).get_data(as_text=True)
        start = page.index('id="local"')
        local = page[start:page.index("</details>", start)]
        for label in labels:
            message = catalog.get(label)
            assert message and message.string and not message.fuzzy, (lang, label)
            assert html.escape(message.string) in local, (lang, area, label, message.string)
            assert html.escape(label) not in local, (lang, area, label)


def test_the_check_finds_unmarked_english():
    english = {"Do this now", "Is anyone in immediate danger?"}
    page = '<html lang="ti"><body><h2>Do this now</h2><p lang="en">Is anyone in immediate danger?</p></body></html>'
    assert unmarked_english(page, "ti", english) == ["Do this now"]


@pytest.mark.parametrize("lang", ["ti", "so"])
@pytest.mark.parametrize("path", [
    "/guide/possible-victim/",
    "/guide/possible-victim/role",
    "/guide/possible-victim/danger?role=public",
    "/guide/possible-victim/call-999?role=public&danger=not-sure",
    "/guide/suspected-perpetrator/",
    "/guide/suspected-perpetrator/concern?danger=no",
    "/guide/suspected-perpetrator/report-999?danger=yes",
])
def test_the_999_route_is_in_tigrinya_and_somali(client, lang, path):
    """Issue 16: the role list, "Is anyone in immediate danger?" and "Call 999 now" were
    English in Tigrinya and Somali. Only source titles (English documents) stay English."""
    page = client.get(f"/{lang}{path}").get_data(as_text=True)
    main = page[page.index("<main"):page.index("</main>")]
    english = re.findall(r'<(\w+)[^>]* lang="en"[^>]*>([^<]*)', main)
    assert [text for tag, text in english if tag != "a"] == [], english
