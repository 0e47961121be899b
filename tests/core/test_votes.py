"""Workshop votes: reading a Votes sheet, consensus, spread, role weights, drawing, project file."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sweetspot.core.model import Workshop
from sweetspot.core.plot import draw_matrix, draw_vote_spread
from sweetspot.core.project import Project, dumps_project, load_project, save_project
from sweetspot.core.scoring import score
from sweetspot.core.votes import (
    consensus,
    detect_scale,
    disagreement_ranking,
    empty_votes,
    load_votes,
    role_weight,
    set_vote,
    vote_field,
    votes_sheet,
)


def room() -> pd.DataFrame:
    """Three participants on three initiatives (scores already on 0–100)."""
    rows = [
        ("Ana", "Customer", "A", 80.0, 40.0, np.nan),
        ("Ben", "Exec", "A", 40.0, 80.0, np.nan),
        ("Cy", "Customer", "A", 60.0, 60.0, np.nan),
        ("Ana", "Customer", "B", 50.0, 50.0, np.nan),
        ("Ben", "Exec", "B", 50.0, 50.0, np.nan),
        ("Ana", "Customer", "C", 90.0, 10.0, np.nan),
    ]
    return pd.DataFrame(
        rows, columns=["participant", "role", "initiative", "customer", "business", "dots"]
    )


def test_unweighted_consensus_and_spread_by_hand() -> None:
    t = consensus(room()).set_index("initiative")
    # A: customer 80, 40, 60 → mean 60, SD √((400 + 400 + 0) / 3) = 16.33, IQR 70 − 50 = 20.
    assert t.loc["A", "customer"] == pytest.approx(60.0)
    assert t.loc["A", "business"] == pytest.approx(60.0)
    assert t.loc["A", "customer_sd"] == pytest.approx(math.sqrt(800 / 3))
    assert t.loc["A", "business_sd"] == pytest.approx(16.3299, abs=1e-4)
    assert t.loc["A", "customer_iqr"] == pytest.approx(20.0)
    assert (t.loc["A", "customer_min"], t.loc["A", "customer_max"]) == (40.0, 80.0)
    # Disagreement = √(sd_c² + sd_b²) = √(1600 / 3) = 23.09.
    assert t.loc["A", "disagreement"] == pytest.approx(23.094, abs=1e-3)
    assert t.loc["A", "votes"] == 3
    assert t.loc["B", "disagreement"] == 0.0
    assert t.loc["C", "votes"] == 1


def test_role_weights_move_the_consensus() -> None:
    t = consensus(room(), {"customer": 2, "Exec": 1}).set_index("initiative")
    # Weights 2, 1, 2: customer (160 + 40 + 120) / 5 = 64, business (80 + 80 + 120) / 5 = 56.
    assert t.loc["A", "customer"] == pytest.approx(64.0)
    assert t.loc["A", "business"] == pytest.approx(56.0)
    # Deviations 16, −24, −4: (2·256 + 576 + 2·16) / 5 = 224 → SD 14.97.
    assert t.loc["A", "customer_sd"] == pytest.approx(math.sqrt(224))
    assert t.loc["A", "weight"] == 5.0
    # Weight 0 leaves Exec out: A is Ana and Cy only.
    t0 = consensus(room(), {"Exec": 0}).set_index("initiative")
    assert t0.loc["A", "customer"] == pytest.approx(70.0)
    assert role_weight("EXEC ", {"exec": 3}) == 3.0
    assert role_weight("Other", {"exec": 3}) == 1.0
    assert role_weight("", None) == 1.0


def test_disagreement_ranking_puts_the_largest_spread_first_and_single_votes_last() -> None:
    ranked = disagreement_ranking(consensus(room()))
    assert list(ranked["initiative"]) == ["A", "B", "C"]
    assert list(ranked["rank"]) == [1, 2, 3]


def test_dot_votes_are_summed_with_role_weights() -> None:
    v = pd.DataFrame(
        {
            "participant": ["Ana", "Ben", "Cy"],
            "role": ["Customer", "Exec", "Exec"],
            "initiative": ["A", "A", "B"],
            "customer": [np.nan] * 3,
            "business": [np.nan] * 3,
            "dots": [3.0, 2.0, 1.0],
        }
    )
    t = consensus(v, {"Customer": 2}).set_index("initiative")
    assert t.loc["A", "dots"] == 8.0  # 3 × 2 + 2 × 1
    assert t.loc["B", "dots"] == 1.0
    assert t["customer"].isna()["A"]


def test_set_vote_replaces_a_participants_vote() -> None:
    v = set_vote(empty_votes(), "Ana", "Customer", "A", 70, 30)
    v = set_vote(v, "Ben", "Exec", "A", 20, 90)
    v = set_vote(v, "Ana", "Customer", "A", 75, 35)
    assert len(v) == 2
    ana = v.loc[v["participant"] == "Ana"].iloc[0]
    assert (ana["customer"], ana["business"]) == (75.0, 35.0)


def test_headers_and_scales() -> None:
    assert vote_field("Customer score (1-5)") == "customer"
    assert vote_field("Business value") == "business"
    assert vote_field("Initiative ID") == "initiative"
    assert vote_field("Participant") == "participant"
    assert vote_field("Dot votes") == "dots"
    assert vote_field("Role") == "role"
    assert vote_field("Comment") is None
    assert detect_scale(np.array([1.0, 5.0, np.nan])) == "1-5"
    assert detect_scale(np.array([0.0, 7.0])) == "0-10"
    assert detect_scale(np.array([15.0, 90.0])) == "0-100"


def _workbook(path: Path, rows: list[list[object]], sheet: str = "Votes") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Insights"
    ws.append(["ID", "Need"])
    ws.append(["I1", "Queues"])
    votes = wb.create_sheet(sheet)
    for row in rows:
        votes.append(row)
    wb.save(path)
    return path


def _small() -> Workshop:
    from tests.conftest import make_small_workshop

    return make_small_workshop()


def test_load_votes_rescales_and_reports_bad_cells(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "room.xlsx",
        [
            ["Participant", "Role", "Initiative", "Customer score", "Business score"],
            ["Ana", "Customer", "A", 5, 3],  # row 2 → 100, 50
            ["Ben", "Exec", "Queue-free branch booking", 1, 4],  # row 3: by title → 0, 75
            ["Cy", "Customer", "B", "high", 2],  # row 4: D4 not a number
            ["Dee", "Exec", "B", 0, 2],  # row 5: D5 below the 1–5 scale
            ["Eve", "Exec", "Z99", 3, 3],  # row 6: C6 unknown initiative
            [None, "Exec", "C", 2, 2],  # row 7: A7 no participant (warning)
            [],
            ["Fay", "Exec", None, 4, 4],  # row 9: C9 no initiative
        ],
    )
    votes, problems = load_votes(path, workshop=_small())
    where = {p.location: p.severity for p in problems}
    assert where == {
        "Votes!D4": "error",
        "Votes!D5": "error",
        "Votes!C6": "error",
        "Votes!A7": "warning",
        "Votes!C9": "error",
    }
    by = votes.set_index("participant")
    assert (by.loc["Ana", "customer"], by.loc["Ana", "business"]) == (100.0, 50.0)
    assert by.loc["Ben", "initiative"] == "A"
    assert (by.loc["Ben", "customer"], by.loc["Ben", "business"]) == (0.0, 75.0)
    # Bad customer score left out, business kept: (2 − 1) × 25 = 25.
    assert by["customer"].isna()["Cy"] and by.loc["Cy", "business"] == 25.0
    assert "Eve" not in by.index and "Fay" not in by.index
    assert by.loc["Row 7", "initiative"] == "C"
    assert list(votes["_row"]) == [2, 3, 4, 5, 7]


def test_load_votes_on_a_0_to_10_sheet_and_no_votes_sheet(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "ten.xlsx",
        [["Name", "Initiative", "C", "B"], ["Ana", "A", 7, 10], ["Ben", "A", 0, 4]],
        sheet="votes",
    )
    votes, problems = load_votes(path)
    assert problems == []
    assert list(votes["customer"]) == [70.0, 0.0]
    assert list(votes["business"]) == [100.0, 40.0]

    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.save(plain)
    votes, problems = load_votes(plain)
    assert len(votes) == 0 and problems == []


def test_a_votes_sheet_without_the_right_headers_is_one_problem(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "bad.xlsx", [["Who", "What"], ["Ana", "A"]])
    votes, problems = load_votes(path)
    assert len(votes) == 0
    assert [(p.severity, p.sheet) for p in problems] == [("error", "Votes")]


def test_load_votes_from_a_damaged_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    votes, problems = load_votes(path)
    assert len(votes) == 0 and problems and problems[0].severity == "error"


def test_draw_vote_spread_on_the_matrix_axes() -> None:
    w = _small()
    result = score(w)
    fig = Figure(figsize=(6, 5), dpi=100)
    artists = draw_matrix(fig, result)
    v = room()
    table = consensus(v)
    drawn = draw_vote_spread(artists.ax, table)
    whiskers, marker = drawn
    segs = whiskers.get_segments()  # type: ignore[attr-defined]
    # Three initiatives: three horizontal then three vertical whiskers.
    assert len(segs) == 6
    sd = math.sqrt(800 / 3)
    np.testing.assert_allclose(segs[0], [[60 - sd, 60], [60 + sd, 60]])
    np.testing.assert_allclose(segs[3], [[60, 60 - sd], [60, 60 + sd]])
    np.testing.assert_allclose(marker.get_xydata()[:, 0], [60, 50, 90])  # type: ignore[attr-defined]
    assert whiskers in artists.ax.collections
    ellipses = draw_vote_spread(artists.ax, table, style="ellipses", only={"A"})
    assert len(ellipses) == 2
    assert ellipses[0].width == pytest.approx(2 * sd)  # type: ignore[attr-defined]
    for a in drawn + ellipses:
        a.remove()
    assert whiskers not in artists.ax.collections


def test_votes_sheet_lists_consensus_then_each_participant() -> None:
    sheet = votes_sheet(room(), _small())
    assert list(sheet["ID"]) == ["A", "B", "C"]
    assert sheet.loc[0, "Initiative"] == "Queue-free branch booking"
    # Full precision (the sheet shows one decimal): √(2 × 800 / 3) = 23.094…
    assert sheet.loc[0, "Disagreement"] == pytest.approx(math.sqrt(1600 / 3), rel=1e-12)
    assert sheet.loc[0, "Consensus customer"] == 60.0
    assert "Ana (Customer)" in sheet.columns and "Ben (Exec)" in sheet.columns
    assert sheet.loc[0, "Ana (Customer)"] == "C 80 · B 40"
    assert sheet.loc[2, "Ben (Exec)"] == ""


def test_project_round_trip_with_votes(tmp_path: Path) -> None:
    votes = room()
    project = Project(workshop=_small(), votes=votes, vote_weights={"Customer": 2.0})
    path = save_project(project, tmp_path / "room.sweetspot")
    back = load_project(path)
    pd.testing.assert_frame_equal(back.votes[votes.columns.tolist()], votes, check_dtype=False)
    assert back.vote_weights == {"Customer": 2.0}
    assert consensus(back.votes).equals(consensus(votes))


def test_old_project_without_votes_loads(tmp_path: Path) -> None:
    doc = json.loads(dumps_project(Project(workshop=_small())))
    doc.pop("votes", None)
    doc.pop("vote_weights", None)
    path = tmp_path / "old.sweetspot"
    path.write_text(json.dumps(doc), encoding="utf-8")
    back = load_project(path)
    assert len(back.votes) == 0
    assert list(back.votes.columns) == list(empty_votes().columns)
    assert back.vote_weights == {}


def _sample_with_votes(tmp_path: Path) -> Path:
    import shutil

    root = Path(__file__).resolve().parents[2]
    path = tmp_path / "bank.xlsx"
    shutil.copy(root / "sample_data" / "retail_bank.xlsx", path)
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("Votes")
    for row in (
        ["Participant", "Role", "Initiative", "Customer score", "Business score"],
        ["Ana", "Customer", "A01", 5, 3],
        ["Ben", "Exec", "A01", 1, 5],
        ["Ana", "Customer", "A02", 4, 4],
        ["Ben", "Exec", "A02", 4, 4],
    ):
        ws.append(row)
    wb.save(path)
    return path


def test_exported_votes_sheet_and_cli_rank(tmp_path: Path) -> None:
    from sweetspot.cli import main
    from sweetspot.core.export import write_backlog
    from sweetspot.core.importing import load_workshop
    from sweetspot.core.inputs import open_inputs
    from sweetspot.core.votes import votes_extra_sheets

    path = _sample_with_votes(tmp_path)
    w = load_workshop([path])
    opened = open_inputs([path])
    sheets = votes_extra_sheets(opened.votes, opened.workshop, opened.vote_weights)
    assert list(sheets) == ["Votes"]
    table = sheets["Votes"]
    # A01: customer 100 and 0 → SD 50; business 50 and 100 → SD 25; √(2500 + 625) = 55.9.
    assert list(table["ID"]) == ["A01", "A02"]
    assert table.loc[0, "Disagreement"] == pytest.approx(math.sqrt(3125), rel=1e-12)
    assert table.loc[1, "Disagreement"] == 0.0
    assert votes_extra_sheets(empty_votes()) == {}

    out = write_backlog(tmp_path / "backlog.xlsx", w, score(w), extra_sheets=sheets)
    ws = openpyxl.load_workbook(out)["Votes"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Disagreement rank", "ID", "Initiative")
    assert rows[1][1] == "A01" and rows[1][10] == pytest.approx(math.sqrt(3125), rel=1e-12)

    cli_out = tmp_path / "cli.xlsx"
    assert main(["rank", str(path), "-o", str(cli_out)]) == 0
    book = openpyxl.load_workbook(cli_out)
    assert "Votes" in book.sheetnames
    assert [r[1] for r in book["Votes"].iter_rows(min_row=2, values_only=True)] == ["A01", "A02"]


def test_votes_for_a_project_input_come_from_the_project(tmp_path: Path) -> None:
    from sweetspot.core.inputs import open_inputs

    path = save_project(
        Project(workshop=_small(), votes=room(), vote_weights={"Exec": 0.5}),
        tmp_path / "p.sweetspot",
    )
    opened = open_inputs([str(path)])
    votes, weights, problems = opened.votes, opened.vote_weights, opened.vote_problems
    assert len(votes) == 6 and weights == {"Exec": 0.5} and problems == []


def test_validate_checks_the_votes_sheet_and_import_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sweetspot.cli import main
    from sweetspot.core.importing import load_workshop

    path = _sample_with_votes(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Votes"].append(["Cy", "Exec", "A01", "lots", 3])  # row 6: D6 is not a number
    wb.save(path)
    notes = [p.message for p in load_workshop([path]).problems if p.sheet == "Votes"]
    assert notes == ["The sheet Votes holds workshop votes; they are read apart."]
    # Bad votes are listed at their cell but never stop the scoring.
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Votes!D6" in out


def test_exported_votes_keep_full_precision_and_weight_dots_by_role(tmp_path: Path) -> None:
    from sweetspot.core.export import write_backlog
    from sweetspot.core.votes import votes_extra_sheets

    votes = room()
    votes.loc[0, "dots"] = 3.0  # Ana (Customer) gives A three dots
    votes.loc[1, "dots"] = 1.0  # Ben (Exec) gives A one
    w = _small()
    sheets = votes_extra_sheets(votes, w, {"Customer": 2.0})
    out = write_backlog(tmp_path / "votes.xlsx", w, score(w), extra_sheets=sheets)
    ws = openpyxl.load_workbook(out)["Votes"]
    head = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(head, ws[2], strict=False)}
    assert row["ID"].value == "A"
    # Customer votes weigh 2: customer (2·80 + 40 + 2·60) / 5 = 64, dots 2·3 + 1 = 7.
    assert row["Consensus customer"].value == pytest.approx(64.0)
    assert row["Dots"].value == pytest.approx(7.0)
    sd = math.sqrt((2 * 16**2 + 24**2 + 2 * 4**2) / 5)  # weighted SD around 64
    assert row["Customer spread (SD)"].value == pytest.approx(sd, rel=1e-12)
    assert row["Customer spread (SD)"].number_format == "0.0"


def test_a_workbook_with_votes_is_opened_and_scanned_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sweetspot.core import reading
    from sweetspot.core.inputs import open_inputs

    path = _sample_with_votes(tmp_path)
    opens: list[Path] = []
    scans: list[Path] = []
    real_open, real_guard = reading.Source.open.__func__, reading.guard_zip  # type: ignore[attr-defined]

    def counted_open(cls: type, p: Path, *args: Any, **kw: Any) -> Any:
        opens.append(p)
        return real_open(cls, p, *args, **kw)

    def counted_guard(p: Path, *args: Any, **kw: Any) -> Any:
        scans.append(p)
        return real_guard(p, *args, **kw)

    monkeypatch.setattr(reading.Source, "open", classmethod(counted_open))
    monkeypatch.setattr(reading, "guard_zip", counted_guard)
    project = open_inputs([path])
    assert len(opens) == 1 and len(scans) == 1
    assert sorted(project.votes["participant"].unique()) == ["Ana", "Ben"]
    assert len(project.votes) == 4 and not project.vote_problems
