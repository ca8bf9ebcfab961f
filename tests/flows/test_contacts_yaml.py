"""Checks on flows/contacts.yaml that need only PyYAML and the standard library,
so they run before the engine and its validator exist.

The phone-number check guards against invented numbers: every number in the
contacts file, the flows and the print text must also be in the project's evidence
register (flows/evidence.yaml), where each number is recorded with the page it was
read on and the date it was checked.
"""

import datetime
import re
from urllib.parse import urlparse
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).parents[2]
CONTACTS_FILE = REPO / "flows" / "contacts.yaml"
EVIDENCE_FILE = REPO / "flows" / "evidence.yaml"
CONTENT_FILES = sorted((REPO / "flows").glob("*.yaml")) + [REPO / "flows" / "print" / "posters.yaml"]

EXPECTED_CONTACT_IDS = {
    "emergency", "police-101", "emergency-text-relay", "helpline", "crimestoppers",
    "victim-care", "live-fear-free", "nspcc", "fair-work-agency", "childline", "migrant-help",
    "bawso", "nrm-online", "childrens-services", "adult-services",
}
AREA_FIELDS = ("name", "name_cy", "police", "health_board", "url")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# A UK phone number written in a text: starts with 0 and has 7-10 more digits,
# with optional single spaces between digits (e.g. "0808 80 10 800", "0800 1111").
LONG_NUMBER_RE = re.compile(r"(?<![\d/.-])0(?: ?\d){7,10}(?![\d/-]|\.\w)")
# Short service numbers and relay prefixes (e.g. "18001 101", "18000", "999").
SHORT_NUMBER_RE = re.compile(r"(?<![\d/.-])(?:1800[0-9](?: 101)?|999|101|111)(?![\d/-]|\.\w)")


@pytest.fixture(scope="module")
def data():
    text = CONTACTS_FILE.read_text(encoding="utf-8")
    assert "\t" not in text, "contacts.yaml must not contain tabs"
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def raw_text():
    return CONTACTS_FILE.read_text(encoding="utf-8")


def _strings(node):
    """Every string value in a loaded YAML tree (keys excluded)."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _digits(s):
    return re.sub(r"\D", "", s)


def test_no_anchors_or_aliases(raw_text):
    for event in yaml.parse(raw_text, Loader=yaml.SafeLoader):
        assert getattr(event, "anchor", None) is None, f"anchor used: {event}"
        assert not isinstance(event, yaml.AliasEvent), f"alias used: {event}"


def test_top_level_keys(data):
    assert set(data) == {"contacts", "police_forces", "health_boards", "areas",
                         "sources", "reviewed"}


def test_expected_contact_ids(data):
    assert set(data["contacts"]) == EXPECTED_CONTACT_IDS


def test_four_police_forces(data):
    forces = data["police_forces"]
    assert len(forces) == 4
    for fid, force in forces.items():
        assert ID_RE.match(fid), fid
        for field in ("name", "name_cy", "url"):
            assert isinstance(force.get(field), str) and force[field].strip(), (fid, field)
        assert force["url"].startswith("https://"), fid


def test_seven_health_boards(data):
    boards = data["health_boards"]
    assert len(boards) == 7
    for bid, board in boards.items():
        assert ID_RE.match(bid), bid
        for field in ("name", "name_cy", "url"):
            assert isinstance(board.get(field), str) and board[field].strip(), (bid, field)
        assert board["url"].startswith("https://"), bid


def test_twenty_two_areas(data):
    areas = data["areas"]
    assert len(areas) == 22
    names = set()
    for aid, area in areas.items():
        assert ID_RE.match(aid), f"area id {aid!r} is not lowercase kebab-case"
        for field in AREA_FIELDS:
            assert isinstance(area.get(field), str) and area[field].strip(), (aid, field)
        assert set(area) - {"phones", "urls"} == set(AREA_FIELDS), f"{aid}: unexpected keys {set(area) - set(AREA_FIELDS)}"
        assert area["police"] in data["police_forces"], (aid, area["police"])
        assert area["health_board"] in data["health_boards"], (aid, area["health_board"])
        assert area["url"].startswith("https://"), aid
        names.add(area["name"])
    assert len(names) == 22, "area names must be unique"


def test_every_force_and_board_covers_an_area(data):
    used_forces = {a["police"] for a in data["areas"].values()}
    used_boards = {a["health_board"] for a in data["areas"].values()}
    assert used_forces == set(data["police_forces"])
    assert used_boards == set(data["health_boards"])


def test_local_numbers_only_in_phones(data):
    """A local number appears only as an area's `phones` entry (issue 16), never in the
    text of an area, a force or a health board."""
    for section in ("areas", "police_forces", "health_boards"):
        for eid, entry in data[section].items():
            assert "phone" not in entry, f"{section}/{eid}: local numbers go under phones"
            for s in _strings({k: v for k, v in entry.items() if k != "phones"}):
                assert not LONG_NUMBER_RE.search(s), f"{section}/{eid}: phone-like text {s!r}"


# The council's own sites, when they have more than one domain.
COUNCIL_DOMAINS = {"denbighshire": {"sirddinbych.gov.uk"}}
# Regional safeguarding boards' sites and the councils each board covers: a number read
# there counts for a council the claim names (issue 16: "a number from a regional page is
# fine when the page says which councils it covers").
REGIONAL_BOARDS = {"gwentsafeguarding.org.uk": {"blaenau-gwent", "caerphilly", "monmouthshire", "newport", "torfaen"}}


def _own_hosts(aid, area):
    return {urlparse(area["url"]).hostname.removeprefix("www."), *COUNCIL_DOMAINS.get(aid, ())}


def _on(url, hosts):
    host = urlparse(url).hostname.removeprefix("www.")
    return any(host == o or host.endswith("." + o) for o in hosts)


def test_every_local_number_was_read_on_the_councils_own_page(data, register):
    """Each number in an area's phones has a register entry, confirmed (not awaiting
    verification), with a source on that council's own website - or, for a regional
    service (an emergency duty team shared by several councils), a source on another
    council's site or on the council's regional safeguarding board's site, in a claim that
    names this council."""
    claims = yaml.safe_load(EVIDENCE_FILE.read_text(encoding="utf-8"))["claims"]
    by_digits = {_digits(p): cid for p, cid in register.items()}
    every_council = set().union(*(_own_hosts(aid, a) for aid, a in data["areas"].items()))
    shown = 0
    for aid, area in data["areas"].items():
        own = _own_hosts(aid, area)
        for kind, number in (area.get("phones") or {}).items():
            shown += 1
            cid = by_digits.get(_digits(number))
            assert cid, f"{aid}/{kind}: {number} is not in flows/evidence.yaml"
            claim = claims[cid]
            assert claim.get("status") != "needs-verification", f"{aid}/{kind}: only confirmed numbers are shown"
            urls = [src["url"] for src in claim["sources"]]
            boards = {site for site, councils in REGIONAL_BOARDS.items() if aid in councils}
            regional = area["name"] in claim["claim"] and any(_on(u, every_council | boards) for u in urls)
            assert any(_on(u, own) for u in urls) or regional, \
                f"{aid}/{kind}: {cid} has no source on the council's own site {own}"
    assert shown, "no local numbers read"


def test_service_pages_are_on_the_councils_own_site(data):
    """A card links to the council's own page for the service (issue 16), never to a
    guidance page or another body's site."""
    pages = 0
    for aid, area in data["areas"].items():
        for kind, url in (area.get("urls") or {}).items():
            pages += 1
            assert kind in ("children", "adults"), (aid, kind)
            assert url.startswith("https://") and _on(url, _own_hosts(aid, area)), (aid, kind, url)
    assert pages, "no service pages recorded"


def test_each_force_links_to_its_own_site(data):
    """Never another force's page: each force's url is on that force's own domain."""
    own = {"north-wales-police": "northwales.police.uk", "dyfed-powys-police": "dyfed-powys.police.uk",
           "gwent-police": "gwent.police.uk", "south-wales-police": "south-wales.police.uk"}
    for fid, force in data["police_forces"].items():
        for key in ("url", "modern_slavery_url"):
            if key in force:
                assert force[key].startswith("https://") and _on(force[key], {own[fid]}), (fid, force[key])


def test_contacts_have_sources_and_reviewed(data):
    for cid, contact in data["contacts"].items():
        assert isinstance(contact.get("name"), str) and contact["name"].strip(), cid
        sources = contact.get("sources")
        assert isinstance(sources, list) and sources, f"{cid}: needs sources"
        for src in sources:
            assert isinstance(src.get("title"), str) and src["title"].strip(), cid
            assert isinstance(src.get("url"), str) and src["url"].startswith("https://"), (cid, src)
        assert isinstance(contact.get("reviewed"), datetime.date), f"{cid}: reviewed must be a date"
        if "url" in contact:
            assert contact["url"].startswith("https://"), cid


def test_top_level_sources_and_reviewed(data):
    assert isinstance(data["sources"], list) and data["sources"]
    for src in data["sources"]:
        assert src["title"].strip()
        assert src["url"].startswith("https://")
    assert isinstance(data["reviewed"], datetime.date)


def test_phone_numbers_are_quoted_strings(raw_text, data):
    for cid, contact in data["contacts"].items():
        if "phone" in contact:
            assert isinstance(contact["phone"], str), f"{cid}: quote the phone number"
    for line in raw_text.splitlines():
        m = re.match(r"\s*phone:\s*(.*)$", line)
        if m:
            assert m.group(1)[:1] in ("'", '"'), f"unquoted phone: {line.strip()}"


def test_needs_verification_has_note(data):
    entries = list(data["contacts"].items())
    for cid, contact in entries:
        status = contact.get("status")
        assert status in (None, "needs-verification"), (cid, status)
        if status == "needs-verification":
            note = contact.get("verification_note")
            assert isinstance(note, str) and note.strip(), f"{cid}: needs a verification_note"
        else:
            assert "verification_note" not in contact, f"{cid}: note without status"


def test_unconfirmed_contacts_stay_flagged(data):
    # The register (flows/evidence.yaml) marks these numbers unconfirmed; the contacts
    # must stay flagged until someone checks them.
    for cid in ("victim-care", "childline", "migrant-help", "bawso", "fair-work-agency"):
        assert data["contacts"][cid].get("status") == "needs-verification", cid


@pytest.fixture(scope="module")
def register():
    """Phone number (as written, and as digits) -> the register entry that sources it."""
    claims = yaml.safe_load(EVIDENCE_FILE.read_text(encoding="utf-8"))["claims"]
    phones = {}
    for cid, claim in claims.items():
        if "phone" not in claim:
            continue
        for source in claim["sources"]:
            assert source["url"].startswith("https://") and source["title"].strip(), cid
            assert isinstance(source["checked"], datetime.date), f"{cid}: when was the source checked?"
        phones[claim["phone"]] = cid
    return phones


def _numbers_in(text):
    return LONG_NUMBER_RE.findall(text) + SHORT_NUMBER_RE.findall(text)


def test_every_phone_number_is_in_the_evidence_register(data, register):
    long_numbers = {_digits(p) for p in register if p.startswith("0")}
    short_numbers = {p for p in register if not p.startswith("0")}
    assert "08000121700" in long_numbers and "999" in short_numbers, "register not read"

    found = [(f"contacts/{cid}", c["phone"]) for cid, c in data["contacts"].items() if "phone" in c]
    for path in CONTENT_FILES:
        if path == EVIDENCE_FILE:
            continue
        for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found.extend((path.name, m) for m in _numbers_in(s))
    assert found

    for where, number in found:
        if number.startswith("0"):
            # Same digits, however they are spaced (gov.wales writes 08000 121 700 as
            # 0800 01 21 700).
            assert _digits(number) in long_numbers, f"{where}: {number} is not in flows/evidence.yaml"
        else:
            assert number in short_numbers, f"{where}: {number} is not in flows/evidence.yaml"


def test_the_register_check_catches_an_invented_number(register):
    """The check above can fail: a number nobody sourced is not in the register."""
    assert _digits("0800 123 4567") not in {_digits(p) for p in register}
    assert "0800 123 4567" in _numbers_in("Call 0800 123 4567 for help.")


def test_nothing_points_outside_the_repository():
    """The project's files cite their sources themselves; none refers to a brief kept
    beside the repository, or to the folder this checkout happens to sit in."""
    outside = str(REPO.resolve().parent) + "/"
    for path in [*CONTENT_FILES, REPO / "flows" / "CHANGELOG.md", REPO / "flows" / "README.md",
                 *sorted((REPO / "tests" / "fixtures").rglob("*.yaml"))]:
        text = path.read_text(encoding="utf-8")
        for pointer in ("DOMAIN.md", "../shared", outside):
            assert pointer not in text, f"{path.relative_to(REPO)} points at {pointer}"


def area_problems(tmp_path, more: str) -> list[str]:
    """The validator's messages for a contacts file with one area (lines 1-7) and `more`
    from line 8."""
    from routemap.validate import check_contacts_tree
    from routemap.yamlsource import read_yaml
    path = tmp_path / "contacts.yaml"
    path.write_text(
        "contacts: {}\n"
        "areas:\n"
        "  somewhere:\n"
        "    name: Somewhere\n"
        "    name_cy: Rhywle\n"
        "    police: nowhere-police\n"
        "    health_board: nowhere-board\n" + more, encoding="utf-8")
    return [str(p) for p in check_contacts_tree(read_yaml(path), "contacts.yaml")]


def test_the_validator_names_a_bad_local_number(tmp_path):
    problems = area_problems(tmp_path,
        "    phones:\n"
        "      duty: \"01234 567890\"\n"
        "      children: 12345\n")
    assert any(":9:" in p and "unknown phone kind 'duty'" in p for p in problems), problems
    assert any(":10:" in p and "phones/children must be a quoted number" in p for p in problems), problems


def test_the_validator_names_a_bad_service_page(tmp_path):
    problems = area_problems(tmp_path,
        "    urls:\n"
        "      duty: https://example.gov.uk/duty\n"
        "      adults: www.example.gov.uk/adults\n"
        "police_forces:\n"
        "  nowhere-police:\n"
        "    name: Nowhere Police\n"
        "    name_cy: Heddlu Unman\n"
        "    modern_slavery_url: nowhere.police.uk/slavery\n")
    assert any(":9:" in p and "unknown page kind 'duty'" in p for p in problems), problems
    assert any(":10:" in p and "urls/adults must be an https:// address" in p for p in problems), problems
    assert any(":15:" in p and "modern_slavery_url" in p for p in problems), problems
