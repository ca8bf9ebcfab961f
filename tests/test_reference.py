"""The CPS reference guide content and its loader (no Flask)."""
from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from routemap.reference import check_reference, markdown_to_text

FLOWS = Path(__file__).resolve().parent.parent / "flows"

REQUIRED_SECTIONS = {
    "offence-s1", "offence-s2", "offence-s4", "s45-defence", "s45-adult", "s45-child",
    "schedule-4", "non-punishment", "duress", "nrm-decisions", "special-measures", "stpo",
    "stro", "reparation-orders", "victims-as-witnesses", "welsh-language",
}


@pytest.fixture(scope="module")
def reference():
    return check_reference(FLOWS)[0]


def test_every_required_topic_has_a_section(reference):
    assert REQUIRED_SECTIONS <= {s.id for s in reference.sections}


def test_issue_20_sections_exist_with_the_ids_search_tests_name(reference):
    for sid in ("meaning-of-exploitation", "vcl-an", "abuse-of-process", "cg-decisions-at-trial",
                "sentencing", "forfeiture-and-confiscation", "awaiting-nrm-decision",
                "crime-and-policing-act-2026"):
        assert reference.get(sid), sid


def test_schedule_4_is_listed_entry_by_entry_and_names_what_it_does_not_exclude(reference):
    schedule = reference.get("schedule-4")
    text = " ".join(str(e.text) for e in schedule.entries)
    for offence in ("Murder", "section 18", "robbery", "aggravated burglary", "blackmail", "arson",
                    "Firearms Act 1968", "Explosive Substances Act 1883", "cruelty to children",
                    "Immigration Act 1971, section 25", "Female Genital Mutilation Act 2003",
                    "Sexual Offences Act 2003", "Attempting or conspiring"):
        assert offence in text, offence
    not_listed = reference.get("not-in-schedule-4")
    assert not_listed.parent == "s45-defence"
    assert "Misuse of Drugs Act 1971 is not among the Acts" in not_listed.body_text
    assert "bladed article" in not_listed.body_text
    assert "section 45(8)" in str(schedule.citation).replace("s45(7) and (8)", "section 45(8)")
    assert schedule.needs_verification  # paragraphs not read in the enacted text are named


def test_each_case_is_cited_for_its_own_point(reference):
    nrm = reference.get("nrm-decisions").body_text
    binds = nrm[nrm.index("informs but does not bind"):][:200]
    assert "L(C)" in binds and "Brecani" not in binds
    assert "MK; R v Gega [2018] EWCA Crim 667" in reference.get("s45-defence").body_text
    assert "CS and Le [2021] EWCA Crim 134" in reference.get("s45-defence").body_text
    duress = reference.get("duress").body_text
    assert "murder or attempted murder" in duress and "R v Hasan [2005] UKHL 22" in duress


def test_every_section_has_citation_sources_and_review_date(reference):
    for section in reference.sections:
        assert section.citation.strip(), section.id
        assert section.sources, section.id
        for source in section.sources:
            assert source.url.startswith("https://"), (section.id, source.url)
            assert source.title.strip()
        assert isinstance(section.reviewed, dt.date)


def test_sections_awaiting_confirmation_say_what_to_check(reference):
    for section in reference.needs_verification:
        assert section.verification_note and len(section.verification_note) > 20, section.id


def test_every_section_has_welsh_search_terms(reference):
    for section in reference.sections:
        assert section.keywords_cy, section.id


def test_s45_limbs_are_separate_subsections_quoting_the_statute(reference):
    adult, child = reference.get("s45-adult"), reference.get("s45-child")
    assert adult.parent == child.parent == "s45-defence"
    adult_text, child_text = " ".join(adult.body.split()), " ".join(child.body.split())
    assert "would have no realistic alternative to doing that act" in adult_text
    assert "(b) the person does that act because the person is compelled to do it," in adult_text
    assert "(a) the person is under the age of 18 when the person does the act" in child_text
    assert "having the person's relevant characteristics would do that act." in child_text
    assert "compelled to do it" not in child_text
    assert [s.id for s in reference.children("s45-defence")] == ["s45-adult", "s45-child", "schedule-4", "not-in-schedule-4"]


def test_primary_sources_point_at_the_right_provisions(reference):
    urls = {s.id: [src.url for src in s.sources] for s in reference.sections}
    assert "https://www.legislation.gov.uk/ukpga/2015/30/section/45" in urls["s45-defence"]
    assert "https://www.legislation.gov.uk/ukpga/2015/30/schedule/4" in urls["schedule-4"]
    assert "https://caselaw.nationalarchives.gov.uk/ewca/crim/2021/731" in urls["nrm-decisions"]


def test_bodies_have_no_html(reference):
    for section in reference.sections:
        assert "<" not in section.body, section.id


def test_markdown_to_text_drops_syntax():
    assert markdown_to_text("**Bold** and *it*\n\n- one\n- two") == "Bold and it\n\none\n\ntwo"


GOOD = """\
sections:
  - id: a-section
    title: A
    citation: "Act, s1"
    body: Text.
    sources:
      - title: Act
        url: https://www.legislation.gov.uk/ukpga/2015/30/section/1
    reviewed: 2026-01-01
"""


@pytest.fixture()
def parse(tmp_path, monkeypatch):
    """Check a reference file written to <tmp>/flows/cps/reference.yaml; problems as text."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "flows" / "cps").mkdir(parents=True)

    def parse(text):
        (tmp_path / "flows" / "cps" / "reference.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
        reference, problems = check_reference(tmp_path / "flows")
        return reference, [str(p) for p in problems]

    return parse


def test_a_minimal_file_is_valid(parse):
    reference, problems = parse(GOOD)
    assert problems == []
    section = reference.get("a-section")
    assert section.title == "A"
    # Content strings carry their translation context, as flow strings do.
    assert section.title.path == "reference/sections/a-section/title"


@pytest.mark.parametrize("change, expected", [
    (('    citation: "Act, s1"\n', ""), "flows/cps/reference.yaml:2: a-section: a section has no 'citation'"),
    (("https://www", "http://www"), "flows/cps/reference.yaml:7: a-section: each source needs a title and an https:// url"),
    (("2026-01-01", "soon"), "flows/cps/reference.yaml:9: a-section: 'reviewed' must be a date"),
    (("2026-01-01", "2999-01-01"), "flows/cps/reference.yaml:9: a-section: 'reviewed' is in the future"),
    (("body: Text.", "body: <b>Text</b>"), "flows/cps/reference.yaml:5: a-section: 'body' contains HTML"),
    (("id: a-section", "id: A Section"), "'id' must be an id"),
    (("    reviewed:", "    colour: red\n    reviewed:"), "flows/cps/reference.yaml:9: a-section: unknown key 'colour'"),
    (("    reviewed:", "    status: needs-verification\n    reviewed:"), "needs-verification without a verification_note"),
    (("    reviewed:", "    verification_note: Check it.\n    reviewed:"), "verification_note without status"),
    (("    reviewed:", "    parent: nowhere\n    reviewed:"), "unknown parent 'nowhere'"),
])
def test_problems_name_file_line_section_and_fix(parse, change, expected):
    old, new = change
    _reference, problems = parse(GOOD.replace(old, new))
    assert any(expected in p for p in problems), problems
    assert all(p.endswith(")") for p in problems), "every problem says how to fix it"


def test_duplicate_ids_are_refused(parse):
    text = GOOD + GOOD.split("sections:\n", 1)[1]
    _reference, problems = parse(text)
    assert any("duplicate id (first used on line 2)" in p for p in problems)


def test_parent_must_come_before_its_subsections(parse):
    child = GOOD.split("sections:\n", 1)[1].replace("a-section", "child").replace(
        "    reviewed:", "    parent: a-section\n    reviewed:")
    _reference, problems = parse("sections:\n" + child + GOOD.split("sections:\n", 1)[1])
    assert any("parent 'a-section' comes after this section" in p for p in problems)


def test_yaml_syntax_errors_have_a_line(parse):
    _reference, problems = parse("sections:\n  - id: [unclosed\n")
    assert problems and problems[0].startswith("flows/cps/reference.yaml:")


def test_every_problem_is_reported_at_once(parse, tmp_path):
    parse(GOOD.replace("https", "http").replace("2026-01-01", "x"))
    reference, problems = check_reference(tmp_path / "flows")
    assert reference is None and len(problems) == 2


ENTRIES = GOOD + """\
    entries:
      - id: oapa-s18
        text: "Offences against the Person Act 1861, s18 (wounding with intent)"
        keywords: [GBH, section 18]
        keywords_cy: [niwed corfforol difrifol]
      - id: robbery
        text: Theft Act 1968, s8 (robbery)
"""


def test_entries_are_read_in_order_with_translation_contexts(parse):
    reference, problems = parse(ENTRIES)
    assert problems == []
    entries = reference.get("a-section").entries
    assert [e.id for e in entries] == ["oapa-s18", "robbery"]
    assert entries[0].keywords == ("GBH", "section 18")
    assert entries[0].keywords_cy == ("niwed corfforol difrifol",)
    assert entries[1].keywords == () and entries[1].line == 15
    # The context names the entry, not its position: inserting one leaves the others' Welsh.
    assert entries[0].text.path == "reference/sections/a-section/entries/oapa-s18/text"
    assert entries[0].plain_text == "Offences against the Person Act 1861, s18 (wounding with intent)"


def test_a_section_without_entries_has_none(parse):
    reference, _problems = parse(GOOD)
    assert reference.get("a-section").entries == ()


@pytest.mark.parametrize("change, expected", [
    (("      - id: robbery\n", "      - id: oapa-s18\n"),
     "flows/cps/reference.yaml:15: a-section: entry oapa-s18: id 'oapa-s18' is already used on line 11"),
    (("      - id: robbery\n", "      - id: a-section\n"),
     "flows/cps/reference.yaml:15: a-section: entry a-section: id 'a-section' is already used on line 2"),
    (("      - id: robbery\n", "      - id: a-section-title\n"), "id 'a-section-title' is already used"),
    (("        keywords: [GBH", "        colour: red\n        keywords: [GBH"),
     "flows/cps/reference.yaml:13: a-section: entry oapa-s18: unknown key 'colour' in an entry"),
    (("        text: Theft Act 1968, s8 (robbery)\n", ""),
     "flows/cps/reference.yaml:15: a-section: entry robbery: an entry has no 'text'"),
    (("(robbery)", "<b>robbery</b>"), "flows/cps/reference.yaml:16: a-section: entry robbery: 'text' contains HTML"),
    (("id: robbery", "id: Robbery"), "flows/cps/reference.yaml:15: a-section: entry Robbery: 'id' must be an id"),
    (("[GBH, section 18]", "GBH"), "flows/cps/reference.yaml:13: a-section: entry oapa-s18: 'keywords' must be a list of texts"),
    (("    entries:\n", "    entries: []\n    old:\n"), "'entries' must be a list"),
])
def test_entry_problems_name_file_line_entry_and_fix(parse, change, expected):
    old, new = change
    reference, problems = parse(ENTRIES.replace(old, new))
    assert reference is None
    assert any(expected in p for p in problems), problems
    assert all(p.endswith(")") for p in problems), "every problem says how to fix it"


def test_the_extractor_offers_entry_text_for_translation(tmp_path):
    from routemap.i18n import extract_yaml
    path = tmp_path / "reference.yaml"
    path.write_text(ENTRIES, encoding="utf-8")
    with path.open("rb") as fileobj:
        messages = [(line, context) for line, _f, (context, _text), _c in extract_yaml(fileobj, (), (), {})]
    assert (12, "reference/sections/a-section/entries/oapa-s18/text") in messages
    assert (16, "reference/sections/a-section/entries/robbery/text") in messages
    # Keywords are search terms with their own Welsh list, not strings to translate.
    assert not any("keywords" in context for _line, context in messages)
