"""Golden master: what the guide shows, recorded, so a refactoring can prove it moved nothing.

Recorded (tests/golden/*.txt, one section per page, response or print):
- every question, information and outcome page of every flow, in Welsh and English and
  in Arabic (a partly translated right-to-left language: English fallbacks are marked
  `[[lang=en dir=ltr|...]]`), plus a fingerprint of each in every other language;
- the other page types (home, guide start and map, help, talk cards, CPS reference
  and search, print catalogue);
- every API response in Welsh, English and Arabic, with fingerprints in the others;
- the text of every print: each artefact in Welsh, English, Welsh+English and Arabic,
  the CPS booklet, and a route record of one outcome per flow.

Each page is reached by the first route (walk.all_routes) that passes through it, so
"your answers" and the Change links are recorded too. Pages are reduced to text with
links, form fields and language changes; PDFs to pdftotext's text, page by page.

A deliberate change of output (new content, a new translation): regenerate with

    .venv/bin/python -m pytest tests/test_golden.py --update-golden

and review `git diff tests/golden/` before committing it.
"""
from __future__ import annotations

import ctypes
import difflib
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from routemap.printing import pdfcheck
from routemap.walk import all_routes, query_string
from routemap.web import create_app
from routemap.web.state import state

GOLDEN = Path(__file__).parent / "golden"
FULL_LANGS = ("cy", "en", "ar")  # recorded in full; the others as fingerprints


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "PAGE_CACHE_MB": 0, "RATELIMIT_ENABLED": False})


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


# ------------------------------------------------------------------ normalising
BLOCK = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
         "section", "header", "footer", "nav", "main", "form", "fieldset", "legend", "dl",
         "dt", "dd", "br", "details", "summary", "label", "blockquote", "figure", "g", "title",
         "option"}
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area"}


class PageText(HTMLParser):
    """HTML -> text: one line per block; links as `text <href>`; form fields as
    `(type name=value)`; an element with its own `lang` as `[[lang=.. dir=..|text]]`.
    Of <head>, only the title; scripts and styles not at all."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.ends: list[tuple[str, str]] = []  # (open tag, what to write at its end)
        self.hidden = 0  # inside <script>, <style> or <head> (but not its <title>)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style", "head"):
            self.hidden += 1
            self.ends.append((tag, ""))
            return
        if tag == "title" and self.hidden:
            self.hidden -= 1
            self.out.append("\n# title: ")
            self.ends.append(("title", "\n"))
            return
        if self.hidden:
            return
        if tag == "html":
            self.out.append(f"<html lang={a.get('lang')} dir={a.get('dir')}>\n")
            return
        start = end = "\n" if tag in BLOCK else ""
        if tag[:1] == "h" and tag[1:].isdigit():
            start += "#" * int(tag[1:]) + " "
        if "lang" in a:
            start += f"[[lang={a['lang']} dir={a.get('dir', '')}|"
            end = "]]" + end
        if tag == "a" and a.get("href"):
            end = f" <{a['href']}>" + end
        if tag == "form":
            start += f"(form {a.get('method', 'get')} {a.get('action', '')})\n"
        if tag in ("input", "button", "select", "textarea"):
            start += (f"({a.get('type', tag)} {a.get('name', '')}={a.get('value', '')}"
                      f"{' checked' if 'checked' in a else ''})")
        if tag == "img":
            start += f"(img {a.get('alt', '')!r})"
        self.out.append(start)
        if tag in VOID:
            self.out.append(end)
        else:
            self.ends.append((tag, end))

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _ in self.ends):
            return  # a stray end tag
        while self.ends:
            open_tag, end = self.ends.pop()
            if open_tag in ("script", "style", "head"):
                self.hidden -= 1
            elif open_tag == "title" and end == "\n" and self.ends and self.ends[-1][0] == "head":
                self.out.append(end)
                self.hidden += 1
            elif not self.hidden:
                self.out.append(end)
            if open_tag == tag:
                return

    def handle_data(self, data):
        if not self.hidden:
            self.out.append(data)


def page_text(html: str) -> str:
    parser = PageText()
    parser.feed(html)
    parser.close()
    return tidy("".join(parser.out))


def tidy(text: str) -> str:
    lines = (re.sub(r"\s+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# A route record says when it was made ("30 Tachwedd 2026, 13:17 GMT"): that changes
# from run to run, the record does not.
MADE_AT = re.compile(r"\d{1,2} \w+ \d{4}, \d{1,2}:\d{2} (GMT|BST)")


def pdf_text(pdf: bytes) -> str:
    """pdftotext's text page by page, then the alternative texts of the tagged PDF
    (a QR code's is the address it opens)."""
    pages = pdfcheck.text(pdf).split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    text = "\n".join(f"--- page {n} ---\n{tidy(page)}" for n, page in enumerate(pages, 1))
    return text + "".join(f"\nalt: {alt}" for alt in alt_texts(pdf))


def alt_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    found = []

    def visit(element):
        size = raw.FPDF_StructElement_GetAltText(element, None, 0)
        if size > 2:  # UTF-16 with a two-byte terminator
            buffer = ctypes.create_string_buffer(size)
            raw.FPDF_StructElement_GetAltText(element, buffer, size)
            found.append(buffer.raw[:size - 2].decode("utf-16-le"))
        for i in range(raw.FPDF_StructElement_CountChildren(element)):
            child = raw.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                visit(child)
    try:
        for page in doc:
            tree = raw.FPDF_StructTree_GetForPage(page.raw)
            for i in range(raw.FPDF_StructTree_CountChildren(tree)):
                visit(raw.FPDF_StructTree_GetChildAtIndex(tree, i))
            raw.FPDF_StructTree_Close(tree)
    finally:
        doc.close()
    return found


def fingerprint(text: str) -> str:
    return "sha256 " + hashlib.sha256(text.encode()).hexdigest()[:20]


# ------------------------------------------------------------------ what is recorded
def node_addresses(app):
    """(flow id, node id, query) for every node of every flow: the first route to it."""
    content = state(app).content
    found = []
    for flow in content.flows.values():
        first: dict[str, str] = {}
        for route in all_routes(flow):
            answers = route.answers
            for step in [*route.route, None]:
                node = route.current if step is None else step.node
                if node.id not in first:
                    # The page of a node shows the answers up to it (and its own, if any).
                    first[node.id] = query_string(answers)
        for node_id in flow.nodes:
            assert node_id in first, f"{flow.id}/{node_id} is on no route"
            found.append((flow.id, node_id, first[node_id]))
    return found


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return response


def page(client, url: str, lang: str) -> str:
    """The page's text, with its own address (after the language) written {here}: the
    language switcher's ten links to the same place stay checked, in a tenth the space."""
    text = page_text(get_ok(client, url).get_data(as_text=True))
    here = url[len(lang) + 1:]
    return re.sub(rf"(?<=/[a-z]{{2}}){re.escape(here)}(?=>)", "{here}", text) if "?" in here else text


def pages(app, client, lang: str) -> dict[str, str]:
    out = {}
    for flow_id, node_id, query in node_addresses(app):
        url = f"/{lang}/guide/{flow_id}/{node_id}" + (f"?{query}" if query else "")
        out[url] = page(client, url, lang)
    content = state(app).content
    others = [f"/{lang}/", f"/{lang}/guide/", f"/{lang}/help/", f"/{lang}/help/talk/",
              f"/{lang}/help/talk/ar", f"/{lang}/help/talk/cy", f"/{lang}/cps/",
              f"/{lang}/cps/search?q=forced+labour", f"/{lang}/print/"]
    others += [f"/{lang}/guide/{f}/" for f in content.flows]
    others += [f"/{lang}/guide/{f}/map" for f in content.flows]
    for url in others:
        out[url] = page(client, url, lang)
    return out


def api(app, client, lang: str) -> dict[str, str]:
    urls = [f"/api/v1/flows?lang={lang}", f"/api/v1/contacts?lang={lang}"]
    urls += [f"/api/v1/flows/{f}?lang={lang}" for f in state(app).content.flows]
    return {url: json.dumps(get_ok(client, url).get_json(), ensure_ascii=False, indent=1,
                            sort_keys=True) for url in urls}


def prints(app, client) -> dict[str, str]:
    from routemap.printing.registry import SHEETS
    urls = []
    for name in SHEETS:
        urls += [f"/cy/print/{name}.pdf", f"/en/print/{name}.pdf",
                 f"/cy/print/{name}.pdf?language=cy&language=en", f"/ar/print/{name}.pdf"]
    urls += ["/cy/print/cps-booklet.pdf?size=a5", "/en/print/cps-booklet.pdf?size=a5"]
    content = state(app).content
    for flow in content.flows.values():
        route = next(all_routes(flow))
        query = query_string(route.answers)
        urls += [f"/{lang}/print/record/{flow.id}.pdf?{query}" for lang in ("cy", "en")]
    out = {}
    for url in urls:
        text = pdf_text(get_ok(client, url).data)
        out[url] = MADE_AT.sub("<when it was made>", text) if "/record/" in url else text
    return out


def everything(app, client) -> dict[str, dict[str, str]]:
    """Golden file name -> {address: text}."""
    files = {}
    for lang in FULL_LANGS:
        files[f"pages-{lang}"] = pages(app, client, lang)
        files[f"api-{lang}"] = api(app, client, lang)
    others = {}
    for lang in state(app).languages:
        if lang not in FULL_LANGS:
            for url, text in {**pages(app, client, lang), **api(app, client, lang)}.items():
                others[url] = fingerprint(text)
    files["fingerprints"] = others
    files["print"] = prints(app, client)
    return files


# ------------------------------------------------------------------ storing, comparing
SECTION = "=" * 8 + " "


def write(path: Path, sections: dict[str, str]) -> None:
    path.write_text("".join(f"{SECTION}{key}\n{text}\n" for key, text in sections.items()),
                    encoding="utf-8")


def read(path: Path) -> dict[str, str]:
    sections, key, lines = {}, None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(SECTION):
            if key is not None:
                sections[key] = "\n".join(lines)
            key, lines = line[len(SECTION):], []
        else:
            lines.append(line)
    if key is not None:
        sections[key] = "\n".join(lines)
    return sections


def test_output_matches_the_golden_master(app, client, request):
    actual = everything(app, client)
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        for name, sections in actual.items():
            write(GOLDEN / f"{name}.txt", sections)
        return
    problems = []
    for name, sections in actual.items():
        path = GOLDEN / f"{name}.txt"
        assert path.exists(), f"{path} missing: run with --update-golden"
        expected = read(path)
        for key in expected.keys() - sections.keys():
            problems.append(f"{name}: {key} is gone")
        for key in sections.keys() - expected.keys():
            problems.append(f"{name}: {key} is new")
        for key in sections.keys() & expected.keys():
            if sections[key] != expected[key]:
                diff = difflib.unified_diff(expected[key].splitlines(), sections[key].splitlines(),
                                            "golden", "now", lineterm="", n=1)
                problems.append(f"{name}: {key} changed:\n" + "\n".join(list(diff)[:40]))
    assert not problems, (f"{len(problems)} difference(s) from tests/golden/ (if intended, "
                          "regenerate with --update-golden):\n\n" + "\n\n".join(problems[:20]))


def test_page_text_keeps_what_matters():
    """The normaliser must see text, links, fields and language changes, or the master
    would pass whatever happened to them."""
    html = ('<html lang="cy" dir="ltr"><head><title>Teitl</title><style>p{}</style></head>'
            '<body><h1>Pennawd</h1><p>Un <span lang="en" dir="ltr">two</span></p>'
            '<a href="/cy/x?a=1">Newid</a><form action="/y"><input type="radio" name="q" '
            'value="yes" checked></form><script>x()</script></body></html>')
    assert page_text(html) == ("<html lang=cy dir=ltr>\n# title: Teitl\n# Pennawd\n"
                               "Un [[lang=en dir=ltr|two]]\nNewid </cy/x?a=1>\n(form get /y)\n"
                               "(radio q=yes checked)")
