"""Poster text: loaded and checked with the content, extracted for gettext, translated by path."""
import shutil
from pathlib import Path

import pytest

from routemap.loader import ContentError, check_content, load_content
from routemap.printing.content import PRINT_TEXT, SECTIONS, extract_print_yaml
from routemap.printing.registry import PRINTABLES
from routemap.printing.strings import strings_for
from routemap.yamlsource import LDict

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "flows" / PRINT_TEXT
FIXTURE = ROOT / "tests" / "fixtures" / "flows" / PRINT_TEXT


def test_every_text_string_is_extracted_with_its_path_and_line(content):
    with open(REAL, "rb") as f:
        messages = list(extract_print_yaml(f, [], [], {}))
    contexts = {ctx: (line, text) for line, _, (ctx, text), _ in messages}
    line, text = contexts["posters/text/poster/signs/debt"]
    assert text == content["text"]["poster"]["signs"]["debt"]
    assert REAL.read_text().splitlines()[line - 1].strip().startswith("debt:")
    assert not any("numbers" in ctx or "sources" in ctx for ctx in contexts)


def test_translate_gets_the_path_as_context(content):
    seen = []
    strings = strings_for(content, "leaflet", lambda text: seen.append(text.path) or text.upper())
    assert strings["cover_headline"] == "ARE YOU SAFE?"
    assert "posters/text/common/helpline_name" in seen


def test_numbers_come_from_contacts_yaml(content):
    assert content["numbers"]["helpline"] == "08000 121 700"


def test_every_section_a_print_reads_is_required():
    """The loader requires the sections the registered prints read (and `common`),
    taken from the registry: a new print adds its section by its entry alone."""
    assert {*(art.text for art in PRINTABLES.values() if art.text), "common"} == set(SECTIONS)


def keys(tree, prefix=""):
    for key, value in tree.items():
        yield f"{prefix}{key}"
        if isinstance(value, LDict):
            yield from keys(value, f"{prefix}{key}/")


def test_the_fixture_text_has_every_key_of_the_real_text(content, example_content):
    """The example app prints with tests/fixtures/flows/print/posters.yaml, so the print
    templates need each of the real file's keys there too."""
    missing = set(keys(content["text"])) - set(keys(example_content.print_text["text"]))
    assert not missing, f"add these keys to {FIXTURE.relative_to(ROOT)}: {sorted(missing)}"


@pytest.fixture
def folder(tmp_path):
    """A copy of the example content folder whose print text a test can break."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "flows", tmp_path / "flows")
    return tmp_path / "flows"


def problems_after(folder, old, new):
    path = folder / PRINT_TEXT
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(p) for p in check_content(folder)[1]]


def line_of(folder, needle):
    lines = (folder / PRINT_TEXT).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.mark.parametrize("old,new,message", [
    ("  text_relay: emergency\n", "  text_relay: nobody\n", "there is no contact 'nobody'"),
    ("  text_relay: emergency\n", "  text_relay: victim-care-x\n", "there is no contact"),
    ("    helpline_name: Modern", "    helpline_name: [Modern]\n    x: Modern", "must be text"),
    ("    emergency: In an emergency, call\n", "    emergency: yes\n", "must be text, not True"),
    ("reviewed: 2026-11-29\n", "reviewed: soon\n", "'reviewed' must be a date"),
    ("  pro_leaflet:\n", "  pro_leafle:\n", "there is no 'pro_leaflet:' section"),
    ("    url: https://www.modernslaveryhelpline.org\n", "    url: http://x.example\n",
     "https:// url"),
])
def test_a_broken_print_text_file_is_a_content_problem_with_file_and_line(folder, old, new, message):
    problems = problems_after(folder, old, new)
    assert problems and all(p.startswith(f"{PRINT_TEXT}:") or "posters.yaml:" in p for p in problems)
    assert any(message in p for p in problems), problems
    with pytest.raises(ContentError):
        load_content(folder)


def test_a_number_needs_a_contact_with_a_phone(folder):
    contacts = folder / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace('    phone: "999"\n', "", 1),
                        encoding="utf-8")
    problems = [str(p) for p in check_content(folder)[1]]
    line = line_of(folder, "  emergency: emergency")
    assert any(f"posters.yaml:{line}: numbers/emergency: contact 'emergency' has no phone" in p
               for p in problems), problems


def test_the_chart_names_a_flow_of_the_folder(folder):
    problems = problems_after(folder, "chart_flow: example\n", "chart_flow: exampel\n")
    line = line_of(folder, "chart_flow: exampel")
    assert len(problems) == 1, problems
    assert problems[0].endswith(f"posters.yaml:{line}: chart_flow: there is no flow 'exampel' to chart "
                                "(write the id of a flow: example)"), problems


def test_the_chart_flow_is_required(folder):
    problems = problems_after(folder, "chart_flow: example\n", "")
    assert any("posters.yaml:" in p and "the print text file has no 'chart_flow'" in p for p in problems), problems


def test_yaml_errors_are_reported_not_raised(folder):
    problems = problems_after(folder, "text:\n  common:\n", "text:\n  common: [\n")
    assert len(problems) == 1 and "posters.yaml:" in problems[0]


def test_the_print_text_is_read_from_the_content_folder(folder):
    problems_after(folder, "    headline: Spot the signs of modern slavery",
                   "    headline: Spot the signs, in this folder")
    assert "in this folder" in str(load_content(folder).print_text["text"]["poster"]["headline"])
