"""The trainer pack (printing/trainer_pack.py), built on the example content's two cases
with the real Welsh catalog, through PrintService.build() like every print."""
from __future__ import annotations

import pytest

from routemap.printing import pdfcheck
from routemap.printing import trainer_pack
from routemap.printing.artefacts import PrintOptionError
from routemap.printing.registry import PRINTABLES
from routemap.web.state import state

BASE = "https://routemap.example.org"


@pytest.fixture(scope="module")
def pack(app):
    return state(app).prints.build("trainer-pack", ("en", "cy"), base_url=BASE)


@pytest.fixture(scope="module")
def pages(pack):
    return [p for p in pdfcheck.text(pack).split("\f") if p.strip()]


def test_it_is_one_entry_of_the_print_registry():
    entry = PRINTABLES["trainer-pack"]
    assert entry.build is trainer_pack.build and entry.languages == ("cy", "en") and entry.sizes == ("a4",)


def test_a4_with_fonts_embedded(pack):
    sizes = pdfcheck.page_sizes_mm(pack)
    assert set(sizes) <= {(210, 297), (297, 210)} and (297, 210) in sizes  # the map page is landscape
    assert all(f["embedded"] for f in pdfcheck.fonts(pack))


def test_practice_on_every_page_in_both_languages(pages):
    assert len(pages) >= 7  # cover, 2 maps, 2 cards, 4 notes pages
    for page in pages:
        assert "YMARFER · PRACTICE" in page


def test_welsh_comes_first(pages):
    text = "\f".join(pages)
    assert text.index("Pecyn hyfforddwyr") < text.index("Trainer pack")
    assert "Pecyn hyfforddwyr" in pages[0]  # the Welsh cover is the first page
    maps = [p for p in pages if all(o in p for o in ("Call 999 now", "Refer to the NRM", "Get advice"))]  # the whole flow
    assert len(maps) == 2 and "Map llwybr" in maps[0] and "Route map" in maps[1]  # a chart per language, Welsh first
    card = next(p for p in pages if "A restaurant kitchen" in p and "food safety officer" in p)
    assert card.lower().index("cerdyn achos") < card.lower().index("case card")  # the kicker is in capitals


def test_cards_are_the_story_only_and_notes_have_the_experts_route(pages):
    card = next(p for p in pages if "food safety officer" in p)
    assert "Teaching points" not in card and "Refer to the NRM" not in card
    notes = [p for p in pages if "The expert's route" in p and "A restaurant kitchen" in p]
    assert notes, "the kitchen case has facilitator's notes"
    text = " ".join(" ".join(notes).split())
    for words in ("Someone else holds their passport or ID", "Refer to the NRM",
                  "Someone else holding a worker's passport is a sign in itself.",
                  "Calling 999 when no one is in danger right now", "Call 999 now",
                  "What would you say to the worker before you leave the kitchen?"):
        assert words in text, words
    url = "www.gov.uk/government/publications/modern-slavery-how-to-identify-and-support-victims"
    assert url.replace("-", "") in "".join(text.split()).replace("-", "")  # long addresses break across lines


def test_the_route_map_summary_is_drawn_from_the_flow(pages):
    maps = [p for p in pages if all(o in p for o in ("Call 999 now", "Refer to the NRM", "Get advice"))]  # the whole flow
    assert len(maps) >= 1


@pytest.mark.parametrize("langs", [("ar",), ("cy", "en", "pl"), ()])
def test_other_languages_are_refused(app, langs):
    with pytest.raises(PrintOptionError):
        state(app).prints.build("trainer-pack", langs, base_url=BASE)


def test_the_catalogue_offers_it_and_the_download_works(client):
    page = client.get("/en/print/").get_data(as_text=True)
    assert 'href="/en/print/trainer-pack.pdf"' in page
    response = client.get("/en/print/trainer-pack.pdf?language=ar")
    assert response.status_code == 400


def test_flask_print_build_writes_it(tmp_path):
    from routemap.web import create_app
    from tests.conftest import FIXTURES
    app = create_app({"FLOWS_DIR": str(FIXTURES / "flows"), "TESTING": True, "PUBLIC_BASE_URL": BASE})
    out = tmp_path / "pack.pdf"
    result = app.test_cli_runner().invoke(args=["print", "build", "trainer-pack", "--lang", "en", "--lang", "cy",
                                                "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = pdfcheck.text(out.read_bytes())
    assert text.index("Pecyn hyfforddwyr") < text.index("Trainer pack")
    assert "routemap.example.org/cy/practice/" in text
