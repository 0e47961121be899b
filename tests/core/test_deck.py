"""The workshop deck, read back with python-pptx: 16:9, the slides and their titles, the top-10
table equal to the backlog from the same core calls, speaker notes with the numbers, the matrix
and the journey as high-resolution pictures, the journey's and the impact review's figures equal
to `journey_map` and `review`, and (when LibreOffice is installed) every slide rendered."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Emu

from sweetspot.core.deck import TOP_ROWS, build_deck, slide_titles, top_rows, write_deck
from sweetspot.core.deck_parts import fit_lines
from sweetspot.core.export import backlog_sheet
from sweetspot.core.importing import load_workshop
from sweetspot.core.inputs import open_inputs
from sweetspot.core.journey import JourneyPlan, journey_map
from sweetspot.core.lenses import compare
from sweetspot.core.robustness import RobustnessParams, robustness
from sweetspot.core.scoring import ScoringSettings, score
from sweetspot.core.waves import review
from tests.conftest import make_small_workshop

ROOT = Path(__file__).resolve().parents[2]
RETAIL = ROOT / "sample_data" / "retail_bank.xlsx"
PHARMA = ROOT / "sample_data" / "pharma_hcp.xlsx"
TWO_WAVES = ROOT / "sample_data" / "retail_bank_two_waves.xlsx"
DAY = dt.date(2025, 3, 14)


@pytest.fixture(scope="module")
def retail() -> Any:
    workshop = load_workshop([RETAIL])
    return workshop, score(workshop)


@pytest.fixture(scope="module")
def full_deck(retail: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    workshop, result = retail
    lenses = compare(
        workshop,
        {"Current settings": ScoringSettings(), "Customer first": ScoringSettings(alpha=0.8)},
        top_n=5,
    )
    robust = robustness(workshop, ScoringSettings(), RobustnessParams(draws=200, top_n=5))
    path = tmp_path_factory.mktemp("deck") / "workshop.pptx"
    write_deck(
        path, workshop, result, lenses=lenses, robustness=robust, title="Retail CX", date=DAY
    )
    return path, lenses, robust


def table_named(slide: Any, name: str) -> list[list[str]]:
    for shape in slide.shapes:
        if shape.has_table and shape.name == name:
            return [[cell.text for cell in row.cells] for row in shape.table.rows]
    raise AssertionError(f"no table {name!r} on the slide")


def notes_of(slide: Any) -> str:
    return str(slide.notes_slide.notes_text_frame.text)


def test_slides_titles_and_size(full_deck: Any, retail: Any) -> None:
    path, _lenses, _robust = full_deck
    prs = Presentation(str(path))
    assert (prs.slide_width, prs.slide_height) == (Emu(12191695), Emu(6858000))
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    titles = slide_titles(prs)
    t = retail[1].table
    assert len(titles) == 12
    assert titles[0] == "Retail CX"
    assert titles[1] == "5 of 21 initiatives sit in the sweet spot"
    assert titles[2] == "Top 10 initiatives by sweet-spot score"
    for k in range(5):
        expected = fit_lines(f"{k + 1}. {t['initiative'].iloc[k]}", 62, 2)
        assert titles[3 + k] == expected
    assert titles[8].endswith("heavily weighted needs no initiative addresses")
    assert titles[9].endswith("under every lens")
    assert "of 200 draws" in titles[10]
    assert titles[11] == "Method and parameters"
    # Every slide after the title carries the footer with its number.
    texts = [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in prs.slides]
    for number, shapes in enumerate(texts[1:], start=2):
        assert f"{number} / 12" in shapes
        assert "Retail CX · 14 March 2025" in shapes


def test_top_table_equals_the_backlog(full_deck: Any, retail: Any) -> None:
    path, *_ = full_deck
    workshop, result = retail
    cells = table_named(Presentation(str(path)).slides[2], "Top backlog")
    assert cells[0] == [
        "Rank",
        "ID",
        "Initiative",
        "Customer impact",
        "Business impact",
        "Score",
        "Quadrant",
        "Top drivers",
    ]
    body = cells[1:]
    assert body == top_rows(workshop, result)
    # And the same values straight from the client workbook's Backlog sheet.
    sheet = {c.header: c.values for c in backlog_sheet(workshop, result).columns}
    assert len(body) == TOP_ROWS
    assert sum(row[2] == name for row, name in zip(body, sheet["Initiative"], strict=False)) >= 8
    for i, row in enumerate(body):
        assert row[0] == str(sheet["Rank"][i]) == str(i + 1)
        assert row[1] == sheet["ID"][i]
        # The name as in the workbook; one too long for two lines is cut at a word, marked "…".
        name = sheet["Initiative"][i]
        assert row[2] == name or (row[2].endswith("…") and name.startswith(row[2][:-1]))
        assert row[3] == f"{sheet['Customer impact'][i]:.1f}"
        assert row[4] == f"{sheet['Business impact'][i]:.1f}"
        assert row[5] == f"{sheet['Sweet-spot score'][i]:.1f}"
        assert row[6] == sheet["Quadrant"][i]
        first_customer = sheet["Top customer drivers"][i].split("\n")[0]
        assert row[7].split("\n")[0].split(" ")[0] == first_customer.split(" ")[0]
        assert row[7].split("\n")[0].endswith(first_customer.rsplit(" ", 1)[1])


def test_notes_carry_the_numbers(full_deck: Any, retail: Any) -> None:
    path, _lenses, robust = full_deck
    workshop, result = retail
    slides = list(Presentation(str(path)).slides)
    t = result.table
    top = notes_of(slides[2])
    for r in t.head(10).itertuples():
        assert f"score {r.score:.1f} (customer impact {r.customer_impact:.1f}" in top
    first = notes_of(slides[3])
    row = t.iloc[0]
    assert f"rank 1 of {len(t)}" in first
    assert f"Sweet-spot score {row['score']:.1f}" in first
    assert f"customer impact {row['customer_impact']:.1f}" in first
    assert "impact points" in first and "without it" in first
    assert "Interviews (12)" in first  # the evidence behind the linked need
    cover = notes_of(slides[0])
    assert f"{len(workshop.insights)} customer insights" in cover
    p_top = float(robust.table.sort_values("rank")["p_top"].iloc[0])
    assert f"P(top 5) {p_top:.0%}" in notes_of(slides[10])
    assert "α = 0.5" in cover
    assert "Balance α: 0.5" in notes_of(slides[11])


def test_initiative_slides_show_the_breakdown_and_evidence(full_deck: Any, retail: Any) -> None:
    path, *_ = full_deck
    _workshop, result = retail
    slide = Presentation(str(path)).slides[3]
    cells = table_named(slide, "Score breakdown")
    assert cells[0][:2] == ["Side", "Linked to"]
    contributions = result.contributions(str(result.table["id"].iloc[0]))
    assert len(cells) - 1 == min(len(contributions), 6)
    assert {row[1].split(" ")[0] for row in cells[1:]} == set(contributions["target"])
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert "Evidence" in text and "Interviews (12)" in text
    assert f"{result.table['score'].iloc[0]:.1f}" in text


def test_lens_and_robustness_slides(full_deck: Any) -> None:
    path, lenses, robust = full_deck
    slides = list(Presentation(str(path)).slides)
    cells = table_named(slides[9], "Lens comparison")
    assert cells[0][1:3] == ["Current settings", "Customer first"]
    first = lenses.table.iloc[0]
    assert cells[1][0].startswith(str(first["id"]))
    assert cells[1][1] == str(int(lenses.ranks.loc[first["id"], "Current settings"]))
    charts = [s for s in slides[10].shapes if s.has_chart]
    assert len(charts) == 1
    values = list(charts[0].chart.plots[0].series[0].values)
    expected = robust.table.sort_values("rank")["p_top"].head(10).round(4).tolist()
    assert values == pytest.approx(expected)
    rows = table_named(slides[10], "Rank intervals")
    assert rows[1][:2] == ["1", str(robust.table.sort_values("rank")["id"].iloc[0])]


def test_matrix_is_a_high_resolution_picture(full_deck: Any) -> None:
    path, *_ = full_deck
    slide = Presentation(str(path)).slides[1]
    pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    picture = pictures[0]
    width_px, _height_px = picture.image.size
    assert picture.image.content_type == "image/png"
    assert width_px / (picture.width / 914400) >= 200  # dots per inch on the slide


def test_without_lenses_or_robustness_their_slides_are_left_out(retail: Any) -> None:
    workshop, result = retail
    prs = build_deck(workshop, result, date=DAY)
    titles = slide_titles(prs)
    assert len(titles) == 10
    assert titles[0] == "Sweet-spot prioritisation"
    assert not any("lens" in t or "draws" in t for t in titles)


def test_a_small_workshop_and_formula_like_text(tmp_path: Path) -> None:
    w = make_small_workshop()
    w.initiatives.loc[0, "initiative"] = '=HYPERLINK("http://x","y")'
    w.insights.loc[0, "evidence"] = "@interview notes"
    result = score(w)
    path = write_deck(tmp_path / "small.pptx", w, result, date=DAY)
    prs = Presentation(str(path))
    titles = slide_titles(prs)
    # Three initiatives: three initiative slides, not five.
    assert len(titles) == 8
    cells = table_named(prs.slides[2], "Top backlog")
    assert len(cells) == 4
    names = [row[2] for row in cells[1:]]
    assert '=HYPERLINK("http://x","y")' in names  # text as typed, never anything else


def test_a_failed_deck_leaves_the_old_file(retail: Any, tmp_path: Path) -> None:
    workshop, result = retail
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"old deck")
    with pytest.raises(AttributeError):
        write_deck(out, workshop, result, lenses="not a comparison")  # type: ignore[arg-type]
    assert out.read_bytes() == b"old deck"


def rendered_pages(path: Path, tmp_path: Path) -> int:
    """The pages LibreOffice makes of the deck (the test is skipped without it)."""
    done = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = tmp_path / f"{path.stem}.pdf"
    if not pdf.exists():
        pytest.skip(f"LibreOffice has no Impress here: {done.stderr[-300:]}")
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_every_slide(full_deck: Any, tmp_path: Path) -> None:
    path, *_ = full_deck
    assert rendered_pages(path, tmp_path) == 12


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_renders_the_journey_and_the_impact_review(
    two_waves: Any, tmp_path: Path
) -> None:
    project, result = two_waves
    path = write_deck(
        tmp_path / "loop.pptx",
        project.workshop,
        result,
        journey=JourneyPlan(),
        waves=project.waves,
        date=DAY,
    )
    titles = slide_titles(Presentation(str(path)))
    assert len(titles) == 12
    assert rendered_pages(path, tmp_path) == 12


# ---------------------------------------------------------------------------------------------
# The customer journey and the impact review


def signed_value(text: str) -> float:
    """'+0.69', '-0.12', '±0.00' as a number."""
    return float(text.replace("±", "").replace("−", "-"))


def texts_of(slide: Any) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def slide_titled(prs: Any, start: str) -> Any:
    found = [s for s, t in zip(prs.slides, slide_titles(prs), strict=True) if t.startswith(start)]
    assert len(found) == 1, slide_titles(prs)
    return found[0]


@pytest.fixture(scope="module")
def two_waves() -> Any:
    project = open_inputs([TWO_WAVES])
    return project, score(project.workshop)


def test_the_journey_slide_carries_the_journey_map(retail: Any, tmp_path: Path) -> None:
    workshop, result = retail
    plan = JourneyPlan()
    path = write_deck(tmp_path / "j.pptx", workshop, result, journey=plan, date=DAY)
    prs = Presentation(str(path))
    titles = slide_titles(prs)
    jmap = journey_map(workshop, result, plan)
    stages = jmap.stage_table()
    assert len(stages) == 7 and jmap.flagged_stages() == ["Save"]
    # The title: the stage with the most unmet need, its unmet and total need.
    worst = stages.iloc[int(stages["unmet_need"].to_numpy().argmax())]
    assert worst["stage"] == "Get help"
    title = f"Get help carries the most unmet need: {worst['unmet_need']:.2f} of "
    title += f"{worst['total_need']:.2f}"
    assert title == "Get help carries the most unmet need: 1.74 of 4.72"
    assert len(titles) == 11
    assert titles[9] == title  # after the unmet needs, before the method
    assert titles[8].endswith("no initiative addresses")
    slide = prs.slides[9]
    said = notes_of(slide).splitlines()
    for rec in stages.itertuples():
        line = next(x for x in said if x.startswith(f"{rec.stage}: unmet need "))
        assert f"unmet need {rec.unmet_need:.2f} of {rec.total_need:.2f}" in line
        assert f"coverage {rec.coverage:.0%}" in line
        assert f"mean sentiment {rec.sentiment:+.2f}" in line
        assert f"from {rec.sentiment_n} insight" in line
        assert f"relieved by the top 5: {rec.relieved:.2f}" in line
    flagged = next(x for x in said if x.startswith("Flagged stages"))
    assert flagged.endswith(": Save.")
    assert "A01, A03, A02, A07, A09" in notes_of(slide)  # the top 5 the relief assumes
    # The lead names the flagged stage; the picture fills the slide at ≥ 200 dpi.
    assert any("no initiative for an unmet need at Save" in t for t in texts_of(slide))
    pictures = [s for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    width_px, _height_px = pictures[0].image.size
    assert pictures[0].image.content_type == "image/png"
    assert width_px / (pictures[0].width / 914400) >= 200
    assert pictures[0].width / 914400 > 12.0


def test_the_journey_slide_follows_the_saved_stage_order(retail: Any) -> None:
    workshop, result = retail
    plan = JourneyPlan(stage_order=("Get help", "Join"), top=3)
    prs = build_deck(workshop, result, journey=plan, date=DAY)
    said = notes_of(slide_titled(prs, "Get help carries")).splitlines()
    stage_lines = [x.split(":")[0] for x in said if ": unmet need " in x]
    assert stage_lines == journey_map(workshop, result, plan).stages
    assert stage_lines[:2] == ["Get help", "Join"]
    assert "Relief projected for the top 3 sweet spots: A01, A03, A02." in said


def test_no_journey_slide_without_stages_or_a_plan(retail: Any) -> None:
    workshop, result = retail
    without_plan = slide_titles(build_deck(workshop, result, date=DAY))
    assert len(without_plan) == 10
    assert not any("unmet need:" in t for t in without_plan)
    stageless = workshop.copy()
    stageless.insights = stageless.insights.drop(columns=["journey_stage"])
    rescored = score(stageless)
    assert not journey_map(stageless, rescored).has_stages
    titles = slide_titles(build_deck(stageless, rescored, journey=JourneyPlan(), date=DAY))
    assert len(titles) == 10
    assert not any("unmet need:" in t for t in titles)


def test_the_impact_review_slide_equals_review(two_waves: Any) -> None:
    project, result = two_waves
    assert project.waves is not None and len(project.waves)
    expected = review(project.workshop, project.waves)
    assert not expected.message and len(expected.initiatives) == 5
    prs = build_deck(project.workshop, result, waves=project.waves, date=DAY)
    titles = slide_titles(prs)
    assert len(titles) == 11
    slide = prs.slides[9]
    assert titles[9] == (
        f"Delivered initiatives' needs moved {expected.delivered_change:+.2f}, the rest ±0.00"
    )
    cells = table_named(slide, "Impact review")
    assert cells[0] == [
        "ID",
        "Initiative",
        "Needs measured",
        f"Change {expected.from_wave} → {expected.to_wave}",
        "Difference vs the rest",
    ]
    body = cells[1:]
    assert [row[0] for row in body] == expected.initiatives["id"].tolist()
    for row, rec in zip(body, expected.initiatives.itertuples(), strict=True):
        assert row[1] == rec.initiative
        assert int(row[2]) == rec.insights_measured
        assert signed_value(row[3]) == pytest.approx(rec.change, abs=0.005)
        assert signed_value(row[4]) == pytest.approx(rec.difference, abs=0.005)
    # The summary sentence, and the three figures of the comparison.
    texts = texts_of(slide)
    assert expected.summary() in texts
    figures = {
        s.name.removeprefix("Impact figure: "): s.text_frame.text
        for s in slide.shapes
        if s.name.startswith("Impact figure: ")
    }
    assert figures.keys() == {"All delivered", "The rest", "Difference"}
    assert signed_value(figures["All delivered"]) == pytest.approx(
        expected.delivered_change, abs=0.005
    )
    assert signed_value(figures["The rest"]) == pytest.approx(expected.rest_change, abs=0.005)
    assert figures["The rest"] == "±0.00"  # −0.003: no change at two decimals
    assert signed_value(figures["Difference"]) == pytest.approx(expected.difference, abs=0.005)
    for caption in ("All delivered", "The rest", "Difference"):
        assert any(t.startswith(f"{caption}: ") for t in texts)
    said = notes_of(slide)
    assert expected.summary() in said
    assert f"New in {expected.to_wave}: {', '.join(expected.new_ids)}." in said


def test_no_impact_review_without_two_waves(two_waves: Any) -> None:
    project, result = two_waves
    plain = build_deck(project.workshop, result, date=DAY)
    assert len(slide_titles(plain)) == 10
    assert not any("Delivered initiatives" in t for t in slide_titles(plain))
    one = project.waves.loc[project.waves["wave"] == project.waves["wave"].iloc[0]]
    assert review(project.workshop, one).insights.empty
    titles = slide_titles(build_deck(project.workshop, result, waves=one, date=DAY))
    assert len(titles) == 10
    assert not any("Delivered initiatives" in t for t in titles)
