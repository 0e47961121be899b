"""`sweetspot insights`: the bank survey to an Insights workbook, then to a ranked backlog."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sweetspot.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "sample_data"


def test_survey_to_insights_to_ranked_backlog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "insights.xlsx"
    code = main(["insights", str(SAMPLES / "retail_bank_survey.xlsx"), "-o", str(out)])
    text = capsys.readouterr().out
    assert code == 0, text
    assert "640 respondents" in text and "Key drivers" in text
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == ["Insights", "Drivers", "Themes"]
    insights = pd.read_excel(out, sheet_name="Insights", engine="calamine")
    assert {"ID", "Need", "Importance", "Satisfaction", "Reach", "Evidence", "Source"} <= set(
        insights.columns
    )
    assert "I11" in set(insights["ID"]) and insights["Importance"].between(1, 5).all()
    drivers = pd.read_excel(out, sheet_name="Drivers", engine="calamine")
    top = drivers.sort_values("Relative weight (% of R²)", ascending=False)["Insight ID"]
    assert set(top.head(3)) == {"I11", "I02", "I18"}
    backlog = tmp_path / "backlog.xlsx"
    code = main(["rank", str(out), str(SAMPLES / "retail_bank_plan.xlsx"), "-o", str(backlog)])
    text = capsys.readouterr().out
    assert code == 0, text
    ranked = pd.read_excel(backlog, sheet_name="Backlog", engine="calamine")
    assert len(ranked) == 21
    evidence = pd.read_excel(backlog, sheet_name="Evidence", engine="calamine")
    assert len(evidence) == len(insights)
    respondents = dict(zip(evidence["ID"], evidence["Respondents"], strict=True))
    assert respondents["I11"] > 500


def test_unknown_outcome_column_is_a_usage_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["insights", str(SAMPLES / "retail_bank_survey.xlsx"), "-o", str(tmp_path / "x.xlsx")]
    code = main([*args, "--outcome", "Nonexistent"])
    assert code == 2 and "No column 'Nonexistent'" in capsys.readouterr().err
    assert main([*args[:-2], "-o", str(tmp_path / "x.csv")]) == 2


def test_a_file_that_is_not_a_survey_gives_messages_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Colour\nAnna,red\nBen,blue\n", encoding="utf-8")
    code = main(["insights", str(bad), "-o", str(tmp_path / "x.xlsx")])
    text = capsys.readouterr().out
    assert code == 1 and "ERROR" in text and "Traceback" not in text
