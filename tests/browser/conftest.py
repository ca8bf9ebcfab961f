"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a real server.

The app runs on the example content with Welsh and Arabic translations of it compiled
into a temporary catalog, so journeys click the labels a Welsh or Arabic reader sees.
Every page a test opens is watched: a request that leaves the test server's origin, a
Content-Security-Policy violation or a script error fails the test.
"""
from __future__ import annotations

import html
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from routemap.i18n import iter_texts
from routemap.web import create_app
from routemap.yamlsource import read_yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "fixtures" / "flows"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
LANGS = ["cy", "en", "ar"]

# The example flow's content in Welsh and Arabic, keyed by the English.
CONTENT = {
    "cy": {
        "Worried about someone?": "Yn poeni am rywun?",
        "A small flow for **tests**.": "Llif bach ar gyfer **profion**.",
        "Is anyone in immediate danger?": "A oes unrhyw un mewn perygl uniongyrchol?",
        "For example, being threatened or hurt right now.": "Er enghraifft, yn cael ei fygwth neu ei frifo nawr.",
        "Yes": "Oes", "No": "Nac oes",
        "How old is the person?": "Beth yw oed yr unigolyn?",
        "Under 18": "O dan 18", "18 or over": "18 neu'n hŷn", "Not sure": "Ddim yn siŵr",
        "Which of these have you noticed?": "Pa rai o'r rhain ydych chi wedi sylwi arnynt?",
        "Someone else holds their passport or ID": "Mae rhywun arall yn cadw eu pasbort neu eu dogfen adnabod",
        "They owe a debt they cannot pay off": "Mae arnynt ddyled na allant ei thalu",
        "They seem fearful or withdrawn": "Maent yn ymddangos yn ofnus neu'n dawedog",
        "None of these, or I'm not sure": "Dim un o'r rhain, neu dydw i ddim yn siŵr",
        "Signs suggest; they never prove": "Mae arwyddion yn awgrymu; nid ydynt byth yn profi",
        "You do not need proof to ask for advice.": "Nid oes angen prawf arnoch i ofyn am gyngor.",
        "Call 999 now": "Ffoniwch 999 nawr",
        "Treat them as a child": "Triniwch nhw fel plentyn",
        "Refer to the NRM": "Atgyfeirio i'r NRM",
        "Get advice": "Cael cyngor",
        "Make a referral.": "Gwnewch atgyfeiriad.",
    },
    "ar": {
        "Worried about someone?": "هل أنت قلق بشأن شخص ما؟",
        "A small flow for **tests**.": "مسار صغير **للاختبارات**.",
        "Is anyone in immediate danger?": "هل هناك أي شخص في خطر مباشر؟",
        "For example, being threatened or hurt right now.": "على سبيل المثال، يتعرض للتهديد أو الأذى الآن.",
        "Yes": "نعم", "No": "لا",
        "How old is the person?": "كم عمر الشخص؟",
        "Under 18": "أقل من 18", "18 or over": "18 أو أكثر", "Not sure": "لست متأكدًا",
        "Which of these have you noticed?": "أي من هذه الأمور لاحظت؟",
        "Someone else holds their passport or ID": "شخص آخر يحتفظ بجواز سفرهم أو هويتهم",
        "They owe a debt they cannot pay off": "عليهم دين لا يستطيعون سداده",
        "They seem fearful or withdrawn": "يبدون خائفين أو منطوين",
        "None of these, or I'm not sure": "لا شيء من هذه، أو لست متأكدًا",
        "Signs suggest; they never prove": "العلامات تشير ولا تثبت أبدًا",
        "You do not need proof to ask for advice.": "لا تحتاج إلى دليل لطلب المشورة.",
        "Call 999 now": "اتصل بالرقم 999 الآن",
        "Treat them as a child": "عاملهم كطفل",
        "Refer to the NRM": "أحِل إلى الآلية الوطنية للإحالة (NRM)",
        "Get advice": "احصل على المشورة",
        "Make a referral.": "قدّم إحالة.",
    },
}

ADULT_REFER = "danger=no&age=adult&signs=no-id&signs=debt&explain=seen"
# Every page type of the guide, as (name, address with {lang}, expected status).
PAGE_TYPES = [
    ("home", "/{lang}/", 200),
    ("guide-index", "/{lang}/guide/", 200),
    ("start", "/{lang}/guide/example/", 200),
    ("question", "/{lang}/guide/example/danger", 200),
    ("question-error", "/{lang}/guide/example/age/answer?danger=no", 400),
    ("question-rejected", "/{lang}/guide/example/age?danger=no&age=bogus", 200),
    ("checklist", "/{lang}/guide/example/signs?danger=no&age=adult&signs=debt", 200),
    ("checklist-error", "/{lang}/guide/example/signs/answer?danger=no&age=adult&signs=none&signs=debt", 400),
    ("info", "/{lang}/guide/example/explain?danger=no&age=adult&signs=debt", 200),
    ("outcome", f"/{{lang}}/guide/example/refer?{ADULT_REFER}", 200),
    ("outcome-local-contacts", f"/{{lang}}/guide/example/refer?{ADULT_REFER}&area=cardiff", 200),
    ("outcome-two-contacts", "/{lang}/guide/example/child?danger=no&age=under-18&signs=none", 200),
    ("map", "/{lang}/guide/example/map", 200),
    ("changes", "/{lang}/changes/", 200),
    ("cps", "/{lang}/cps/", 200),
    ("cps-search", "/{lang}/cps/search?q=defence", 200),
    ("cps-search-nothing", "/{lang}/cps/search?q=zzzz", 200),
    ("print-catalogue", "/{lang}/print/", 200),
    # Practice mode (issue 14): the list, a case, a guide page walked as practice, the end.
    ("practice-list", "/{lang}/practice/", 200),
    ("practice-list-level", "/{lang}/practice/?level=first-responder", 200),
    ("practice-bad-level", "/{lang}/practice/?level=nope", 400),
    ("practice-case", "/{lang}/practice/kitchen/", 200),
    ("practice-question", "/{lang}/guide/example/signs?danger=no&age=adult&practice=kitchen", 200),
    ("practice-outcome", f"/{{lang}}/guide/example/refer?{ADULT_REFER}&practice=kitchen", 200),
    ("practice-compare", "/{lang}/practice/kitchen/compare?danger=no&age=adult&signs=fearful&explain=seen", 200),
    ("practice-compare-match", f"/{{lang}}/practice/kitchen/compare?{ADULT_REFER}", 200),
    ("get-help", "/{lang}/help/", 200),
    ("talk-languages", "/{lang}/help/talk/", 200),
    ("talk-cards", "/{lang}/help/talk/ar", 200),
    ("nrm-explained", "/{lang}/help/nrm/", 200),
    ("referral", f"/{{lang}}/print/referral/example/?{ADULT_REFER}", 200),
    ("referral-child", "/{lang}/print/referral/example/?danger=no&age=under-18&signs=none", 200),
    ("not-found", "/{lang}/nowhere", 404),
    ("too-many-requests", "/{lang}/test-too-many-requests", 429),
    ("bad-request", "/{lang}/guide/example/danger?a=" + "x" * 5000, 400),
]
# Pages outside a language prefix: shown once, not per language.
NEUTRAL_PAGES = [
    ("choose-language", "/", 200),
    ("unknown-language", "/xx/", 404),
]


def all_pages():
    """(id, address, status) for every page type in every language."""
    pages = [(name, path, status) for name, path, status in NEUTRAL_PAGES]
    for lang in LANGS:
        pages += [(f"{lang}-{name}", path.format(lang=lang), status) for name, path, status in PAGE_TYPES]
    return pages


def content_messages():
    """Catalog entries for the example content: {lang: {(context, msgid): msgstr}}."""
    texts = [t for f in EXAMPLE.glob("*.yaml")
             for t in iter_texts(read_yaml(f, "contacts" if f.name == "contacts.yaml" else None))]
    messages = {}
    for lang, table in CONTENT.items():
        messages[lang] = {}
        for text in texts:
            english = str(text)
            if english.strip() in table:
                messages[lang][(text.path, english)] = english.replace(english.strip(), table[english.strip()])
    return messages


@pytest.fixture(scope="session")
def live_app(build_translations):
    folder = build_translations(content_messages(), names={"ar": ("العربية", "Arabic")})
    app = create_app({"FLOWS_DIR": str(EXAMPLE), "TRANSLATIONS_DIR": str(folder), "TESTING": True})

    def too_many_requests():  # the language is taken from the URL by pull_lang
        # The page a rate limit shows (PDF endpoints), without waiting for a real limit.
        from werkzeug.exceptions import TooManyRequests
        raise TooManyRequests(retry_after=60)

    app.add_url_rule("/<lang>/test-too-many-requests", view_func=too_many_requests)
    return app


def serve(app):
    """The app behind a real HTTP server on 127.0.0.1 and a free port."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def base_url(live_app):
    yield from serve(live_app)


@pytest.fixture(scope="session")
def real_app_with_arabic(build_translations):
    """The real content in flows/, with Arabic offered even before its catalog lands."""
    folder = build_translations({}, names={"ar": ("العربية", "Arabic")})
    return create_app({"TRANSLATIONS_DIR": str(folder), "TESTING": True})


@pytest.fixture(scope="session")
def real_base_url(real_app_with_arabic):
    yield from serve(real_app_with_arabic)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Watch:
    """Everything a browser context asked for, and everything that went wrong in it."""

    def __init__(self, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.problems: list[str] = []

    def attach(self, context):
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("page", self.watch_page)

    def watch_page(self, page):
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("console", self.console)

    def console(self, message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Refused to" in text):
            self.problems.append(f"CSP: {text}")

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "about", "blob")
                and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != self.origin]


@pytest.fixture()
def new_context(browser, base_url):
    """Make browser contexts (options as for browser.new_context); each is watched."""
    made = []

    def make(**options):
        options.setdefault("base_url", base_url)
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        watch = Watch(base_url)
        watch.attach(context)
        made.append((context, watch))
        return context

    yield make
    for context, watch in made:
        context.close()
        assert not watch.foreign_requests(), f"requests left the server: {watch.foreign_requests()}"
        assert not watch.problems, watch.problems


@pytest.fixture()
def page(new_context):
    return new_context().new_page()


class Words:
    """What a reader of one language sees: UI strings via the app's catalog, content via CONTENT."""

    def __init__(self, app, lang: str):
        self.app, self.lang = app, lang

    def ui(self, english: str) -> str:
        """Exactly as a template shows it (the templates' gettext, then unescaped)."""
        with self.app.test_request_context(f"/{self.lang}/"):
            self.app.preprocess_request()
            return html.unescape(self.app.jinja_env.from_string("{{ _(text) }}").render(text=english))

    def content(self, english: str) -> str:
        return CONTENT.get(self.lang, {}).get(english, english)


@pytest.fixture()
def words(live_app):
    return lambda lang: Words(live_app, lang)
