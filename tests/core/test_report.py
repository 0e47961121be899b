"""The workshop report PDF: pages, searchable text, a rendered cover."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from sweetspot.core.lenses import compare
from sweetspot.core.model import Workshop
from sweetspot.core.plot.report import SCORE_FORMULA, write_report
from sweetspot.core.robustness import RobustnessParams, robustness, robustness_table
from sweetspot.core.scoring import Override, ScoringSettings, score
from tests.core.test_whatif import random_workshop

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed",
)


def pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def text(path: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout


@pytest.fixture
def workshop() -> Workshop:
    return random_workshop(5, 30, 5, 16)


@needs_poppler
def test_core_report_has_cover_matrix_backlog_unmet_and_method(
    workshop: Workshop, tmp_path: Path
) -> None:
    result = score(workshop, ScoringSettings(overrides={"X03": Override(60.0, 50.0, "Agreed")}))
    path = write_report(tmp_path / "report.pdf", workshop, result, None)
    assert pages(path) == 6  # the journey page: the random insights have stages
    all_text = " ".join(text(path).split())
    top = result.table.head(10)
    for name in top["initiative"]:
        assert " ".join(name.split()) in all_text
    assert SCORE_FORMULA in all_text
    assert "C = 100 × Σ (s ÷ 9) · N ÷ Σ N" in all_text
    cover = " ".join(text(path, 1).split())
    assert "Sweet-spot prioritisation" in cover and "Page 1 of 6" in cover
    assert re.search(rf"\b{len(workshop.insights)}\b", cover) and "customer insights" in cover
    assert top["initiative"].iloc[0] in cover
    backlog = " ".join(text(path, 3).split())
    assert "Top 10 backlog" in backlog and "Initiative 3 (placed by the" in backlog
    # The leading initiative's row shows its score with one decimal and its first driver.
    first = result.table.iloc[0]
    assert f"{first['score']:.1f}" in backlog
    assert result.driver_text("customer", first["id"]).split(" ")[0] in backlog
    assert "Unmet needs" in text(path, 4)
    journey = " ".join(text(path, 5).split())
    assert "Customer journey" in journey and "Where customers hurt" in journey
    method = text(path, 6)
    assert "Method and parameters" in method and "0.5" in method


@needs_poppler
def test_lens_and_robustness_pages_from_results_or_tables(
    workshop: Workshop, tmp_path: Path
) -> None:
    result = score(workshop)
    lenses = compare(
        workshop,
        {"Balanced": ScoringSettings(), "CX lens": ScoringSettings(alpha=0.8)},
        top_n=3,
    )
    robust = robustness(workshop, ScoringSettings(), RobustnessParams(draws=200, top_n=3, seed=1))
    path = write_report(tmp_path / "full.pdf", workshop, result, lenses=lenses, robustness=robust)
    assert pages(path) == 8
    lens_page = " ".join(text(path, 6).split())
    assert "Lens comparison" in lens_page and "Balanced" in lens_page and "CX lens" in lens_page
    for ident in lenses.robust_ids:
        assert ident in lens_page
    rob_page = " ".join(text(path, 7).split())
    assert "Rank robustness" in rob_page and "200 draws" in rob_page
    top_id = robust.table["id"].iloc[0]
    p = float(robust.table["p_top"].iloc[0])
    assert f"{top_id}" in rob_page and f"{p:.0%}" in rob_page
    # Plain tables work as well (e.g. read back from a workbook).
    table = robustness_table(robust)
    scen = pd.DataFrame({"ID": ["X01", "X02"], "Rank: CFO": [1, 2]})
    path2 = write_report(tmp_path / "tables.pdf", workshop, result, lenses=scen, robustness=table)
    assert pages(path2) == 8
    assert "Rank: CFO" in text(path2, 6)
    assert "P(top 3)" in text(path2, 7)


@needs_poppler
def test_cover_renders_as_a_picture(workshop: Workshop, tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    path = write_report(tmp_path / "r.pdf", workshop, score(workshop))
    subprocess.run(
        ["pdftoppm", "-r", "50", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
        check=True,
    )
    from PIL import Image

    png = next(tmp_path.glob("p*.png"))
    with Image.open(png) as im:
        assert im.size == (585, 414)  # A4 landscape at 50 dpi
        rgb = im.convert("RGB")
        assert rgb.getpixel((300, 20)) == (0x1F, 0x3A, 0x5F)  # the navy band
        assert rgb.getpixel((300, 400)) == (255, 255, 255)


def test_a_failed_report_leaves_the_previous_file(workshop: Workshop, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(b"previous")

    class Broken:  # looks like a lens comparison but is not one
        lens_names = ("x",)

    with pytest.raises(Exception):  # noqa: B017 - any failure must leave the file alone
        write_report(path, workshop, score(workshop), lenses=Broken())  # type: ignore[arg-type]
    assert path.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


@needs_poppler
def test_the_impact_review_page_comes_with_two_waves(tmp_path: Path) -> None:
    from sweetspot.core.inputs import open_inputs
    from sweetspot.core.waves import review

    root = Path(__file__).resolve().parents[2]
    project = open_inputs([root / "sample_data" / "retail_bank_two_waves.xlsx"])
    w = project.workshop
    path = write_report(tmp_path / "r.pdf", w, score(w), waves=project.waves)
    assert pages(path) == 7  # cover, matrix, backlog, unmet, journey, impact review, method
    page = " ".join(text(path, 6).split())
    loop = review(w, project.waves)
    assert "Impact review" in page and f"moved {loop.delivered_change:+.2f}" in page
    assert "I13 Let me log in" in page
