"""`sweetspot report` and `sweetspot rank --what-if`, as a consultant runs them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from sweetspot.cli import main
from sweetspot.core.importing import load_workshop
from sweetspot.core.project import Project, save_project
from sweetspot.core.scoring import ScoringSettings, score
from sweetspot.core.whatif import WHAT_IF, WHAT_IF_DATA

ROOT = Path(__file__).resolve().parents[1]
RETAIL = ROOT / "sample_data" / "retail_bank.xlsx"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_rank_what_if_adds_the_live_sheet(tmp_path: Path) -> None:
    out = tmp_path / "backlog.xlsx"
    assert main(["rank", str(RETAIL), "-o", str(out), "--what-if", "--alpha", "0.7"]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-2:] == [WHAT_IF, WHAT_IF_DATA]
    ws = wb[WHAT_IF]
    expected = score(load_workshop([RETAIL]), ScoringSettings(alpha=0.7)).table
    ids = [ws.cell(row=r, column=1).value for r in range(2, len(expected) + 2)]
    assert ids == expected["id"].tolist()
    assert ws["O2"].value == 0.7  # α as set on the command line, editable
    assert str(ws["E2"].value).startswith("=IF(")
    # Without the flag: no What-if sheet.
    plain = tmp_path / "plain.xlsx"
    assert main(["rank", str(RETAIL), "-o", str(plain)]) == 0
    assert WHAT_IF not in openpyxl.load_workbook(plain).sheetnames


def test_what_if_needs_a_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", str(RETAIL), "--what-if"]) == 2
    assert main(["rank", str(RETAIL), "-o", str(tmp_path / "b.csv"), "--what-if"]) == 2
    assert "--what-if needs an .xlsx workbook" in capsys.readouterr().err
    assert not (tmp_path / "b.csv").exists()


@needs_poppler
def test_report_writes_the_pdf_with_robustness(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.pdf"
    code = main(["report", str(RETAIL), "-o", str(out), "--alpha", "0.6", "--draws", "300"])
    assert code == 0
    assert f"Report written to {out}" in capsys.readouterr().out
    text = pdf_text(out)
    expected = score(load_workshop([RETAIL]), ScoringSettings(alpha=0.6)).table
    assert expected["initiative"].iloc[0] in text
    assert "Balance α 0.6" in text
    assert "Rank robustness" in text and "300 draws, seed 7" in text
    assert "Lens comparison" not in text  # a workbook has no saved lenses


@needs_poppler
def test_report_of_a_project_compares_its_lenses(tmp_path: Path) -> None:
    workshop = load_workshop([RETAIL])
    project = Project(
        workshop=workshop,
        settings=ScoringSettings(),
        lenses={"CFO lens": ScoringSettings(alpha=0.2), "CX lens": ScoringSettings(alpha=0.8)},
    )
    path = save_project(project, tmp_path / "w.sweetspot")
    out = tmp_path / "r.pdf"
    assert main(["report", str(path), "-o", str(out), "--draws", "0", "--by", "value"]) == 0
    text = pdf_text(out)
    assert "Lens comparison" in text and "CFO lens" in text and "Current settings" in text
    assert "Rank robustness" not in text
    assert "Ranked by value for effort" in text


def test_report_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(RETAIL), "-o", str(tmp_path / "r.docx")]) == 2
    assert "PDF" in capsys.readouterr().err
    assert main(["report", str(RETAIL), "-o", str(tmp_path / "r.pdf"), "--alpha", "2"]) == 2
    assert main(["report", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "r.pdf")]) == 1
    assert not (tmp_path / "r.pdf").exists()
