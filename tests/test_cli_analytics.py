"""CLI: `rank --lens NAME` on a project and `robustness` writing its table."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sweetspot.cli import main
from sweetspot.core.project import Project, save_project
from sweetspot.core.robustness import RobustnessParams, robustness
from sweetspot.core.scoring import ScoringSettings, score
from tests.conftest import make_small_workshop

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "sample_data" / "retail_bank.xlsx"


def _project(tmp_path: Path) -> Path:
    w = make_small_workshop()
    project = Project(
        workshop=w,
        lenses={
            "Young families": ScoringSettings(segments=frozenset({"Young families"})),
            "CFO lens": ScoringSettings(alpha=0.1),
        },
    )
    return save_project(project, tmp_path / "w.sweetspot")


def _ranked_ids(text: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("----")) + 1
    out = []
    for line in lines[start:]:
        parts = line.split()
        if len(parts) < 2 or not parts[0].isdigit():
            break
        out.append(parts[1])
    return out


def test_rank_under_a_saved_lens(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    assert main(["rank", str(path)]) == 0
    assert _ranked_ids(capsys.readouterr().out) == ["A", "B", "C"]
    # Under the Young families lens only I2 counts: everyone scores 0 and B wins on customer
    # impact (33.3), then A and C (both 0) by ID.
    assert main(["rank", str(path), "--lens", "Young families"]) == 0
    out = capsys.readouterr().out
    assert _ranked_ids(out) == ["B", "A", "C"]
    assert "33.3" in out


def test_unknown_lens_lists_the_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    assert main(["rank", str(path), "--lens", "CX"]) == 1
    err = capsys.readouterr().err
    assert 'No lens "CX"' in err
    assert '"Young families"' in err and '"CFO lens"' in err
    # A workbook has no lenses.
    assert main(["rank", str(RETAIL), "--lens", "CX"]) == 1
    assert "project" in capsys.readouterr().err


def test_robustness_writes_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "robustness.csv"
    code = main(
        ["robustness", str(RETAIL), "--draws", "300", "--top", "5", "--seed", "7", "-o", str(out)]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "P(top 5)" in printed and "Rank 5–95%" in printed
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert df.columns.tolist()[:9] == [
        "ID",
        "Initiative",
        "Rank",
        "Score",
        "P(top 5)",
        "Rank 5%",
        "Median rank",
        "Rank 95%",
        "Rank interval (5–95%)",
    ]
    assert df["P(top 5)"].sum() == pytest.approx(5.0, abs=1e-3)
    # The same numbers as the core with the same seed.
    from sweetspot.core.importing import load_workshop

    w = load_workshop([RETAIL])
    r = robustness(w, ScoringSettings(), RobustnessParams(draws=300, top_n=5, seed=7))
    assert df["ID"].astype(str).tolist() == r.table["id"].tolist()
    assert df["P(top 5)"].tolist() == pytest.approx(r.table["p_top"].round(4).tolist())
    assert df["Rank 95%"].tolist() == r.table["rank_p95"].tolist()
    assert df["ID"].astype(str).tolist() == score(w).table["id"].tolist()


def test_robustness_xlsx_has_a_robustness_sheet(tmp_path: Path) -> None:
    out = tmp_path / "r.xlsx"
    assert main(["robustness", str(RETAIL), "--draws", "100", "--top", "3", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    assert "Robustness" in wb.sheetnames and "Backlog" in wb.sheetnames
    ws = wb["Robustness"]
    header = [c.value for c in next(ws.iter_rows(min_row=1, max_row=1))]
    assert header[:5] == ["ID", "Initiative", "Rank", "Score", "P(top 3)"]
    wb.close()


def test_robustness_under_a_lens_and_bad_usage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path)
    out = tmp_path / "r.csv"
    args = ["robustness", str(path), "--lens", "Young families", "--draws", "50", "--top", "1"]
    assert main([*args, "-o", str(out)]) == 0
    df = pd.read_csv(out)
    assert df["ID"].tolist() == ["B", "A", "C"]
    assert df["P(top 1)"].tolist() == [1.0, 0.0, 0.0]
    capsys.readouterr()
    assert main(["robustness", str(path), "--draws", "0"]) == 2
    assert "--draws" in capsys.readouterr().err


def test_rank_workbook_of_a_project_has_a_scenarios_sheet(tmp_path: Path) -> None:
    path = _project(tmp_path)
    out = tmp_path / "backlog.xlsx"
    assert main(["rank", str(path), "-o", str(out)]) == 0
    df = pd.read_excel(out, sheet_name="Scenarios", engine="openpyxl")
    assert df.columns.tolist()[:5] == [
        "ID",
        "Initiative",
        "Rank: Current settings",
        "Rank: Young families",
        "Rank: CFO lens",
    ]
    by_id = df.set_index("ID")
    assert by_id.loc["A", "Rank: Young families"] == 2
    assert by_id.loc["B", "Rank: Young families"] == 1
    assert by_id.loc["A", "Rank: CFO lens"] == 1
    # A workbook input has no lenses, so no Scenarios sheet.
    plain_out = tmp_path / "plain.xlsx"
    assert main(["rank", str(RETAIL), "-o", str(plain_out)]) == 0
    assert "Scenarios" not in openpyxl.load_workbook(plain_out, read_only=True).sheetnames


def test_robustness_draws_survey_intervals_unless_told_not_to(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A workbook whose insights carry survey intervals: on by default (the description says
    how many insights), off with --no-survey-intervals (then the same as without them)."""
    book = openpyxl.load_workbook(RETAIL)
    sheet = book["Insights"]
    header = [c.value for c in sheet[1]]
    column = len(header) + 1
    sheet.cell(row=1, column=column, value="Importance CI")
    filled = 0
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row=row, column=1).value:
            sheet.cell(row=row, column=column, value="1.0–5.0")
            filled += 1
    wide = tmp_path / "with intervals.xlsx"
    book.save(wide)
    args = ["robustness", "--draws", "200", "--top", "5", "--seed", "7"]

    def run(path: Path, *extra: str) -> list[str]:
        assert main([args[0], str(path), *args[1:], *extra]) == 0
        return capsys.readouterr().out.strip().splitlines()

    on = run(wide)
    off = run(wide, "--no-survey-intervals")
    plain = run(RETAIL)
    assert on[-1].endswith(f"survey intervals on {filled} insights.")
    assert off[-1].endswith("survey intervals off.")
    assert off[:-1] == plain[:-1]  # the same draws as a workbook without intervals
    assert on[:-1] != off[:-1]  # intervals as wide as the scale move the ranks
