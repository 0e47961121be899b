"""The headless path, as a consultant runs it: validate, rank, template, on the bundled samples."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from sweetspot.cli import main
from sweetspot.core.importing import load_workshop
from sweetspot.core.scoring import score

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_data"
RETAIL = SAMPLES / "retail_bank.xlsx"
MESSY = SAMPLES / "retail_bank_messy.xlsx"
CSV_FOLDER = SAMPLES / "retail_bank_csv"
ODS = SAMPLES / "retail_bank.ods"
PHARMA = SAMPLES / "pharma_hcp.xlsx"
PLANTED = SAMPLES / "planted_errors.xlsx"


def _backlog(path: Path) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name="Backlog", engine="openpyxl")


def test_rank_writes_a_workbook_that_reproduces_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "backlog.xlsx"
    assert main(["rank", str(RETAIL), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    expected = score(load_workshop([RETAIL])).table
    # The printed table starts with the top-ranked initiative.
    first_row = printed.splitlines()[2]
    assert expected["id"].iloc[0] in first_row
    sheet = _backlog(out)
    assert list(sheet["ID"]) == list(expected["id"])
    assert list(sheet["Rank"]) == list(range(1, len(expected) + 1))
    for col, field in (
        ("Customer impact", "customer_impact"),
        ("Business impact", "business_impact"),
        ("Sweet-spot score", "score"),
    ):
        assert (sheet[col] - expected[field]).abs().max() < 0.01
    assert list(sheet["Quadrant"]) == list(expected["quadrant"])


def test_messy_layout_european_csv_and_libreoffice_ods_rank_identically() -> None:
    reference = score(load_workshop([RETAIL])).table
    for source in ([MESSY], [CSV_FOLDER], sorted(CSV_FOLDER.glob("*.csv")), [ODS]):
        workshop = load_workshop(source)
        assert workshop.can_score, [str(p) for p in workshop.errors]
        table = score(workshop).table
        assert list(table["id"]) == list(reference["id"]), source
        assert (table["score"] - reference["score"]).abs().max() < 0.01
        assert list(table["quadrant"]) == list(reference["quadrant"])


def test_all_samples_show_all_four_quadrants() -> None:
    for path in (RETAIL, PHARMA):
        workshop = load_workshop([path])
        assert workshop.can_score, [str(p) for p in workshop.errors]
        quadrants = set(score(workshop).table["quadrant"])
        assert quadrants == {"Sweet spot", "Customer-led", "Business-led", "Low overlap"}


def test_validate_names_each_planted_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(PLANTED)]) == 1
    printed = capsys.readouterr().out
    listed = (SAMPLES / "planted_errors.md").read_text(encoding="utf-8")
    cells = [
        line.split("`")[1]
        for line in listed.splitlines()
        if line.startswith("|") and line.count("`") >= 2 and "!" in line.split("`")[1]
    ]
    assert len(cells) >= 7
    for cell in cells:
        assert f"ERROR {cell}:" in printed, cell


def test_validate_clean_workbook_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(RETAIL)]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_unreadable_input_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "survey.xlsx"
    junk.write_bytes(b"\x00\x01 not a workbook at all" * 50)
    assert main(["validate", str(junk)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert "ERROR" in out.out
    assert main(["rank", str(tmp_path / "missing.xlsx")]) == 1


def test_wrong_usage_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["rank"])
    assert exc.value.code == 2
    assert main(["rank", str(RETAIL), "--alpha", "3"]) == 2


def test_alpha_and_rank_by_value(tmp_path: Path) -> None:
    out = tmp_path / "b.xlsx"
    assert main(["rank", str(RETAIL), "-o", str(out), "--alpha", "1", "--by", "value"]) == 0
    from sweetspot.core.scoring import ScoringSettings

    expected = score(load_workshop([RETAIL]), ScoringSettings(alpha=1.0, rank_by="value")).table
    assert list(_backlog(out)["ID"]) == list(expected["id"])


def test_png_and_csv_outputs(tmp_path: Path) -> None:
    png, csv = tmp_path / "m.png", tmp_path / "b.csv"
    assert main(["rank", str(PHARMA), "-o", str(csv), "--png", str(png)]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = pd.read_csv(csv, encoding="utf-8-sig")
    assert len(table) == len(load_workshop([PHARMA]).initiatives)


def test_template_round_trip(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    assert main(["template", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert {"Insights", "Objectives", "Initiatives", "Links"} <= set(book.sheetnames)
    # An empty template is readable: it says what is missing rather than crashing.
    assert main(["validate", str(out)]) == 1


def test_console_entry_point_runs(tmp_path: Path) -> None:
    exe = shutil.which("sweetspot", path=str(Path(sys.executable).parent))
    assert exe, "the sweetspot console script is installed with the package"
    done = subprocess.run(
        [exe, "rank", str(RETAIL), "--top", "3"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert len([ln for ln in done.stdout.splitlines() if ln[:4].strip().isdigit()]) == 3


def test_version_answers_without_importing_the_cli_and_matches_argparse(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The fast path must print what argparse's --version prints, and must not load the CLI.
    code = (
        "import sys; from sweetspot.entry import main; rc = main(['--version']); "
        "print('cli loaded' if 'sweetspot.cli' in sys.modules else 'cli not loaded'); "
        "sys.exit(rc)"
    )
    fast = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert fast.returncode == 0
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert fast.stdout.splitlines() == [capsys.readouterr().out.strip(), "cli not loaded"]


def test_the_entry_point_hands_everything_else_to_the_cli(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sweetspot.entry import main as entry_main

    assert entry_main(["validate", str(PLANTED)]) == 1
    through_entry = capsys.readouterr().out
    assert main(["validate", str(PLANTED)]) == 1
    assert through_entry == capsys.readouterr().out
    assert "ERROR" in through_entry  # the planted errors are listed
    with pytest.raises(SystemExit) as exit_info:
        entry_main(["no-such-command-", "--bogus"])
    assert exit_info.value.code == 2
