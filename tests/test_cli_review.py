"""`sweetspot review`: two survey waves of the bank sample, delivered initiatives vs the rest."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sweetspot.cli import main
from sweetspot.core.inputs import open_inputs
from sweetspot.core.waves import review

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"
WAVES = SAMPLES / "retail_bank_two_waves.xlsx"


def test_review_prints_and_writes_the_impact_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review.xlsx"
    assert main(["review", str(WAVES), "--from", "2026 Q1", "--to", "2026 Q3", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    project = open_inputs([WAVES])
    result = review(project.workshop, project.waves, "2026 Q1", "2026 Q3")
    assert f"moved {result.delivered_change:+.2f}" in printed
    assert "New in 2026 Q3: I27" in printed and "Not measured in 2026 Q3: I15" in printed
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Impact review", "Impact review insights"]
    top = pd.read_excel(out, sheet_name="Impact review", engine="calamine").set_index("ID")
    change = "Change 2026 Q1 → 2026 Q3 (weighted)"
    assert top.loc["All delivered", change] == pytest.approx(result.delivered_change)
    assert top.loc["Difference", change] == pytest.approx(result.difference)
    assert sorted(str(i) for i in top.index[:5]) == ["A03", "A09", "A11", "A17", "A21"]
    assert top.loc["A09", "Delivered on"] == "2026-03-02"
    insights = pd.read_excel(out, sheet_name="Impact review insights", engine="calamine")
    judged = set(insights["Larger than noise?"].dropna())
    assert "larger than noise" in judged and "within noise" in judged


def test_the_sample_shows_the_delivered_needs_moving_more() -> None:
    project = open_inputs([WAVES])
    result = review(project.workshop, project.waves)
    assert result.delivered_change > 0.4 and abs(result.rest_change) < 0.2
    assert set(result.initiatives["id"]) == {"A03", "A09", "A11", "A17", "A21"}


def test_review_without_waves_or_with_a_wrong_wave_says_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["review", str(SAMPLES / "retail_bank.xlsx")]) == 1
    assert "No survey waves" in capsys.readouterr().err
    assert main(["review", str(WAVES), "--to", "2027"]) == 1
    assert "no wave '2027'" in capsys.readouterr().err
    assert main(["review", str(WAVES), "-o", "review.pdf"]) == 2


def test_the_backlog_workbook_carries_the_impact_review(tmp_path: Path) -> None:
    out = tmp_path / "backlog.xlsx"
    assert main(["rank", str(WAVES), "-o", str(out)]) == 0
    names = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert {"Impact review", "Impact review insights"} <= set(names)
