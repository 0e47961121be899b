"""`sweetspot journey`: the Journey tab's figures from the command line, the same core calls."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sweetspot.cli import main
from sweetspot.core.inputs import open_inputs
from sweetspot.core.journey import JourneyPlan, journey_map
from sweetspot.core.scoring import score

BANK = Path(__file__).resolve().parents[1] / "sample_data" / "retail_bank.xlsx"


def test_journey_prints_writes_the_table_and_the_picture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, png = tmp_path / "journey.csv", tmp_path / "journey.png"
    assert main(["journey", str(BANK), "-o", str(out), "--png", str(png), "--top", "3"]) == 0
    printed = capsys.readouterr().out
    assert "top 3 sweet spots shipped" in printed
    lines = [line for line in printed.splitlines() if line.startswith("Save ")]
    assert lines and "no initiative" in lines[0]
    table = pd.read_csv(out, encoding="utf-8-sig")
    w = open_inputs([BANK]).workshop
    jmap = journey_map(w, score(w), JourneyPlan(top=3))
    assert list(table["Stage"]) == list(jmap.cells["stage"])
    assert np.allclose(table["Need relieved by top 3"], jmap.cells["relieved"], atol=1e-4)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 50_000


def test_journey_without_stages_says_which_column_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "insights.csv").write_text("ID,Need,Importance\nI1,Fast,5\n", encoding="utf-8")
    (folder / "objectives.csv").write_text("ID,Objective,Weight\nO1,Grow,1\n", encoding="utf-8")
    (folder / "initiatives.csv").write_text("ID,Initiative\nA1,App\n", encoding="utf-8")
    (folder / "links.csv").write_text("Initiative,Target,Strength\nA1,I1,9\nA1,O1,3\n")
    assert main(["journey", str(folder)]) == 1
    assert "Journey stage column" in capsys.readouterr().err


def test_journey_refuses_a_wrong_output_before_reading(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["journey", str(BANK), "-o", "journey.pdf"]) == 2
    assert main(["journey", str(BANK), "--top", "0"]) == 2
    assert "--top" in capsys.readouterr().err


def test_a_projects_journey_plan_reaches_the_workbook_and_the_table(tmp_path: Path) -> None:
    from sweetspot.core.journey import PLAN_KEY, StageTarget
    from sweetspot.core.project import save_project

    project = open_inputs([BANK])
    plan = JourneyPlan(("Get help", "Join"), {"Get help": StageTarget(0.2, "looked after")})
    project.view_state = {PLAN_KEY: plan.to_state()}
    path = save_project(project, tmp_path / "bank.sweetspot")
    book = tmp_path / "backlog.xlsx"
    assert main(["rank", str(path), "-o", str(book)]) == 0
    sheet = pd.read_excel(book, sheet_name="Journey", engine="calamine")
    assert list(sheet["Stage"][:2]) == ["Get help", "Join"]
    assert sheet.loc[0, "Target feeling"] == "looked after"
    out = tmp_path / "journey.xlsx"
    assert main(["journey", str(path), "-o", str(out)]) == 0
    table = pd.read_excel(out, sheet_name="Journey", engine="calamine")
    assert table.loc[0, "Target sentiment"] == 0.2
