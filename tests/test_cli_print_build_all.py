"""`flask print build-all`: every print for a static host, in a process pool."""
from routemap.printing import pdfcheck
from routemap.printing.batch import build_jobs
from routemap.web.state import state


def test_jobs_cover_every_artefact_language_size_and_welsh_first_pairs(app):
    jobs = build_jobs(state(app).languages, marks=False)
    assert {(j.artefact, j.size) for j in jobs} == {
        ("poster", "a4"), ("poster", "a3"), ("victim-leaflet", "dl"),
        ("route-map", "a3-landscape"), ("professional-leaflet", "a5"), ("nrm-explainer", "a4")}
    for code in state(app).languages:
        assert ("route-map", (code,)) in {(j.artefact, j.langs) for j in jobs}
    pairs = {(j.artefact, j.layout) for j in jobs if len(j.langs) == 2}
    assert pairs == {("poster", "stacked"), ("poster", "side-by-side"), ("victim-leaflet", "stacked"),
                     ("route-map", "stacked"), ("professional-leaflet", "stacked"),
                     ("nrm-explainer", "stacked")}
    assert all(j.langs == ("cy", "en") for j in jobs if len(j.langs) == 2)
    assert len(build_jobs(state(app).languages, marks=True)) == 2 * len(jobs)


def test_build_all_writes_pdfs_previews_and_index(app, tmp_path, monkeypatch):
    # Through the process pool, as a real build: every print of one artefact (each
    # artefact in every language is rendered by tests/printing and the golden master).
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", "https://routemap.example.org")
    result = app.test_cli_runner().invoke(args=[
        "print", "build-all", "--out", str(tmp_path), "--jobs", "2",
        "--artefact", "professional-leaflet"])
    assert result.exit_code == 0, result.output
    languages = state(app).languages
    # Every language alone, plus the Welsh-first pair (its own sheets per language).
    assert f"Built {len(languages) + 1} PDF(s)" in result.output and "0 failed" in result.output
    assert "with 2 process(es)" in result.output
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert pdfs == sorted([f"professional-leaflet-{code}-a5.pdf" for code in languages]
                          + ["professional-leaflet-cy-en-a5.pdf"])
    for name in pdfs:
        data = (tmp_path / name).read_bytes()
        assert pdfcheck.page_count(data) == (4 if "-cy-en-" in name else 2)
        assert (tmp_path / name.replace(".pdf", ".png")).read_bytes().startswith(b"\x89PNG")
    index = (tmp_path / "index.html").read_text()
    assert all(f'href="{name}"' in index for name in pdfs)
    assert index.index("Posteri") < index.index("Posters")  # Welsh first


def test_build_all_needs_public_base_url(app, tmp_path):
    result = app.test_cli_runner().invoke(args=["print", "build-all", "--out", str(tmp_path)])
    assert result.exit_code == 2 and "PUBLIC_BASE_URL" in result.output
