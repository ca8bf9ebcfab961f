"""Checks on flows/contacts.yaml that need only PyYAML and the standard library,
so they run before the engine and its validator exist.

The phone-number check guards against invented numbers: every number in the
contacts file must also appear in the project's domain brief (DOMAIN.md), where
each number is recorded with its source.
"""

import datetime
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).parents[2]
CONTACTS_FILE = REPO / "flows" / "contacts.yaml"
# The domain brief lives next to the repository: <parent>/shared/DOMAIN.md. From a
# git worktree one level deeper (e.g. <parent>/wt/NAME) look further up as well.
_DOMAIN_CANDIDATES = [Path(__file__).parents[2].parent / "shared" / "DOMAIN.md"] + [
    p / "shared" / "DOMAIN.md" for p in Path(__file__).resolve().parents[3:]
]
DOMAIN_FILE = next((p for p in _DOMAIN_CANDIDATES if p.exists()), _DOMAIN_CANDIDATES[0])

EXPECTED_CONTACT_IDS = {
    "emergency", "police-101", "emergency-text-relay", "helpline", "crimestoppers",
    "victim-care", "live-fear-free", "nspcc", "glaa", "childline", "migrant-help",
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
        assert set(area) == set(AREA_FIELDS), f"{aid}: unexpected keys {set(area) - set(AREA_FIELDS)}"
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


def test_areas_have_no_phone_numbers(data):
    for section in ("areas", "police_forces", "health_boards"):
        for eid, entry in data[section].items():
            assert "phone" not in entry, f"{section}/{eid}: no local phone numbers"
            for s in _strings(entry):
                assert not LONG_NUMBER_RE.search(s), f"{section}/{eid}: phone-like text {s!r}"


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


def test_needs_verification_items_from_domain_brief(data):
    # DOMAIN.md marks these VERIFY; they must stay flagged until someone checks them.
    for cid in ("victim-care", "childline", "migrant-help", "bawso"):
        assert data["contacts"][cid].get("status") == "needs-verification", cid


def test_every_phone_number_is_in_domain_brief(data):
    if not DOMAIN_FILE.exists():
        pytest.skip(f"{DOMAIN_FILE} not found")
    domain = DOMAIN_FILE.read_text(encoding="utf-8")
    domain_long = {_digits(m) for m in LONG_NUMBER_RE.findall(domain)}
    domain_short = set(SHORT_NUMBER_RE.findall(domain))
    assert "08000121700" in domain_long and "999" in domain_short, "DOMAIN.md not parsed"

    found = []
    for cid, contact in data["contacts"].items():
        if "phone" in contact:
            found.append((cid, contact["phone"]))
    for s in _strings(data):
        found.extend(("text", m) for m in LONG_NUMBER_RE.findall(s))
        found.extend(("text", m) for m in SHORT_NUMBER_RE.findall(s))
    assert found

    for where, number in found:
        if number.startswith("0"):
            # Same digits, however they are spaced (DOMAIN.md notes that gov.wales
            # writes 08000 121 700 as 0800 01 21 700).
            assert _digits(number) in domain_long, f"{where}: {number} is not in DOMAIN.md"
        else:
            assert number in domain_short, f"{where}: {number} is not in DOMAIN.md"
