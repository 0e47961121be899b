"""The live What-if sheet, recalculated by LibreOffice as a client's spreadsheet program would."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sweetspot.core.export import MATRIX_MAX_TARGETS, write_backlog
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import Override, ScoreResult, ScoringSettings, score
from sweetspot.core.whatif import (
    EDITABLE_FILL,
    WHAT_IF,
    WHAT_IF_DATA,
    find_soffice,
    recalculate_many,
)
from tests.conftest import make_noise_tie_workshop, make_small_workshop

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

TABLE = ["ID", "Initiative", "Customer impact", "Business impact", "Sweet-spot score", "Rank"]


def random_workshop(
    seed: int, n_ins: int, n_obj: int, n_init: int, *, reach: bool = True
) -> Workshop:
    """Reach with blanks, blank satisfaction, repeated links, ties at 0 and identical twins."""
    rng = np.random.default_rng(seed)
    w = Workshop()
    sat = rng.integers(1, 6, n_ins).astype(float)
    sat[rng.random(n_ins) < 0.3] = np.nan
    r = rng.integers(1, 500, n_ins).astype(float) if reach else np.full(n_ins, np.nan)
    if reach:
        r[rng.random(n_ins) < 0.2] = np.nan
    w.insights = pd.DataFrame(
        {
            "id": [f"I{j + 1}" for j in range(n_ins)],
            "need": [f"Need {j + 1}" for j in range(n_ins)],
            "importance": rng.integers(1, 6, n_ins).astype(float),
            "satisfaction": sat,
            "reach": r,
            "segment": rng.choice(["Retail", "Young families", "SME"], n_ins),
            "journey_stage": rng.choice(["Visit", "Log in", "Pay"], n_ins),
            "sentiment": "",
            "emotion": "",
            "evidence": "",
            "tags": "",
        }
    )
    w.objectives = pd.DataFrame(
        {
            "id": [f"O{k + 1}" for k in range(n_obj)],
            "objective": [f"Objective {k + 1}" for k in range(n_obj)],
            "weight": rng.integers(1, 6, n_obj).astype(float),
            "kpi": "",
            "owner": "",
        }
    )
    names = [f"Initiative {i + 1}" for i in range(n_init)]
    names[0] = '=HYPERLINK("http://x")'  # input text stays text on the What-if sheet too
    w.initiatives = pd.DataFrame(
        {
            "id": [f"X{i + 1:02d}" for i in range(n_init)],
            "initiative": names,
            "effort": rng.integers(1, 5, n_init).astype(float),
            "confidence": np.nan,
            "owner": "",
            "theme": "",
            "description": "",
            "status": "",
        }
    )
    rows = []
    targets = list(w.insights["id"]) + list(w.objectives["id"])
    for i in range(n_init - 4):  # the last four link to nothing, or to one side only
        for t in rng.choice(targets, size=min(6, len(targets)), replace=False):
            rows.append((f"X{i + 1:02d}", str(t), float(rng.choice([1, 3, 9]))))
    rows += [
        (f"X{n_init - 3:02d}", "I1", 3.0),  # customer side only: score 0
        (f"X{n_init - 2:02d}", "O1", 9.0),  # business side only: score 0
        (f"X{n_init - 1:02d}", "I2", 3.0),  # same links as the one before last: a true tie
        (f"X{n_init - 1:02d}", "O1", 3.0),
        (f"X{n_init:02d}", "I2", 3.0),
        (f"X{n_init:02d}", "O1", 3.0),
        ("X01", "I1", 1.0),  # a repeated pair counts at its strongest
        ("X01", "I1", 9.0),
    ]
    w.links = pd.DataFrame(rows, columns=["initiative", "target", "strength"])
    return w


@dataclass
class Case:
    workshop: Workshop
    result: ScoreResult
    path: Path
    # What score() should give after the edits made to the workbook (None = no edits).
    expected: ScoreResult | None = None


def _edit(path: Path, changes: dict[str, float]) -> None:
    wb = openpyxl.load_workbook(path)
    for cell, value in changes.items():
        wb[WHAT_IF][cell] = value
    wb.save(path)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Case, Path]]:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: cannot recalculate the formulas")
    folder = tmp_path_factory.mktemp("whatif")
    cases: dict[str, Case] = {}

    small = make_small_workshop()
    cases["small"] = Case(small, score(small), Path())

    big = random_workshop(1, 40, 6, 24)
    lens = ScoringSettings(
        alpha=0.6,
        segments=frozenset({"Retail", "SME"}),
        overrides={"X05": Override(80.0, 10.0, "Regulator deadline")},
    )
    cases["lens_reach_override"] = Case(big, score(big, lens), Path())

    wide = random_workshop(2, MATRIX_MAX_TARGETS + 5, 4, 12, reach=False)
    cases["long_links"] = Case(wide, score(wide), Path())

    # Equal scores that differ only by float noise: the sheet ties them as the app does.
    tie = make_noise_tie_workshop()
    cases["noise_tie"] = Case(tie, score(tie), Path())

    edited = random_workshop(3, 30, 5, 20)
    cases["edited"] = Case(edited, score(edited), Path())

    for name, case in cases.items():
        case.path = write_backlog(folder / f"{name}.xlsx", case.workshop, case.result, what_if=True)

    # The client edits α and two objective weights (the yellow cells O2, O3, O5).
    _edit(cases["edited"].path, {"O2": 0.25, "O3": 0.0, "O5": 7.5})
    changed = edited.copy()
    changed.objectives.loc[0, "weight"] = 0.0
    changed.objectives.loc[2, "weight"] = 7.5
    cases["edited"].expected = score(changed, ScoringSettings(alpha=0.25))

    outs = recalculate_many([c.path for c in cases.values()], folder / "out")
    return {name: (case, out) for (name, case), out in zip(cases.items(), outs, strict=True)}


def read_table(path: Path) -> pd.DataFrame:
    wb = openpyxl.load_workbook(path, data_only=True)
    rows = list(wb[WHAT_IF].iter_rows(min_row=1, max_col=6, values_only=True))
    df = pd.DataFrame(rows[1:], columns=rows[0])
    return df.dropna(subset=["ID"]).reset_index(drop=True)


def assert_matches(table: pd.DataFrame, result: ScoreResult) -> None:
    expected = result.table.set_index("id")
    got = table.set_index("ID")
    assert sorted(got.index) == sorted(expected.index)
    for col, key in (
        ("Customer impact", "customer_impact"),
        ("Business impact", "business_impact"),
        ("Sweet-spot score", "score"),
    ):
        diff = (got[col].astype(float) - expected.loc[got.index, key]).abs()
        assert diff.max() < 0.01, (col, diff.idxmax(), diff.max())
    assert got["Rank"].astype(int).to_dict() == expected.loc[got.index, "rank"].to_dict()


@pytest.mark.parametrize("name", ["small", "lens_reach_override", "long_links", "noise_tie"])
def test_libreoffice_recalculates_the_apps_numbers(
    recalculated: dict[str, tuple[Case, Path]], name: str
) -> None:
    case, out = recalculated[name]
    table = read_table(out)
    assert_matches(table, case.result)
    if name == "small":  # the worked example of docs/how-scores-work.md
        a = table.set_index("ID").loc["A"]
        assert a["Customer impact"] == pytest.approx(72.73, abs=0.005)
        assert a["Business impact"] == pytest.approx(25.93, abs=0.005)
        assert a["Sweet-spot score"] == pytest.approx(43.42, abs=0.005)
        assert table["ID"].tolist() == ["A", "B", "C"]


def test_lens_override_and_ties_are_reproduced(
    recalculated: dict[str, tuple[Case, Path]],
) -> None:
    _, out = recalculated["lens_reach_override"]
    got = read_table(out).set_index("ID")
    # The placed initiative keeps its placement; S = 80^0.6 × 10^0.4.
    assert got.loc["X05", "Customer impact"] == pytest.approx(80.0)
    assert got.loc["X05", "Sweet-spot score"] == pytest.approx(80**0.6 * 10**0.4, abs=1e-6)
    # One-sided initiatives score 0; the identical twins tie and go by ID.
    assert got.loc["X21", "Sweet-spot score"] == 0 and got.loc["X22", "Sweet-spot score"] == 0
    assert got.loc["X23", "Sweet-spot score"] == pytest.approx(got.loc["X24", "Sweet-spot score"])
    assert int(got.loc["X24", "Rank"]) == int(got.loc["X23", "Rank"]) + 1  # type: ignore[arg-type]
    assert sorted(got["Rank"].astype(int)) == list(range(1, 25))


def test_changing_weights_in_the_sheet_reranks_like_the_app(
    recalculated: dict[str, tuple[Case, Path]],
) -> None:
    case, out = recalculated["edited"]
    assert case.expected is not None
    table = read_table(out)
    assert_matches(table, case.expected)
    before = case.result.table.set_index("id")["rank"]
    after = table.set_index("ID")["Rank"].astype(int)
    assert (after != before.loc[after.index]).sum() >= 3  # the edit really re-ranked


def test_only_the_what_if_sheets_hold_formulas(tmp_path: Path) -> None:
    w = random_workshop(4, 12, 3, 10)
    path = write_backlog(tmp_path / "b.xlsx", w, score(w), what_if=True)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-2:] == [WHAT_IF, WHAT_IF_DATA]
    assert wb[WHAT_IF_DATA].sheet_state == "hidden"
    formulas: dict[str, int] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas[ws.title] = formulas.get(ws.title, 0) + 1
    assert set(formulas) == {WHAT_IF, WHAT_IF_DATA}
    ws = wb[WHAT_IF]
    assert [c.value for c in ws[1]][:6] == TABLE
    # Input text that looks like a formula is text here too.
    names = [ws.cell(row=r, column=2) for r in range(2, 12)]
    injected = next(c for c in names if str(c.value).startswith("="))
    assert injected.data_type == "s" and injected.quotePrefix
    assert str(ws["C2"].value).startswith("=IF(ISNUMBER(G2)")
    assert "SUMIFS(" in str(ws["C2"].value) and "RANK(" in str(ws["F2"].value)
    # The editable block: α then one weight per objective, in yellow.
    assert ws["N2"].value.startswith("Customer↔business balance")
    assert [ws[f"O{r}"].value for r in range(2, 6)] == [0.5, *w.objectives["weight"].tolist()]
    assert ws["O3"].fill.fgColor.rgb.endswith(EDITABLE_FILL)
    assert ws["O9"].fill.fgColor.rgb in ("00000000", None)  # padding stays white
    assert ws.column_dimensions["I"].hidden  # helper keys are hidden
    # Without the option the workbook has no formula at all.
    plain = write_backlog(tmp_path / "plain.xlsx", w, score(w))
    with zipfile.ZipFile(plain) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.endswith(".xml"))


def test_extra_sheets_cannot_take_the_what_if_names(tmp_path: Path) -> None:
    w = make_small_workshop()
    df = pd.DataFrame({"x": [1.0]})
    path = write_backlog(
        tmp_path / "b.xlsx", w, score(w), what_if=True, extra_sheets={"What-if": df}
    )
    names = openpyxl.load_workbook(path).sheetnames
    # The renamed extra sheet follows Method; the what-if pair closes the workbook.
    assert names[names.index("Method") + 1 :] == ["What-if (2)", WHAT_IF, WHAT_IF_DATA]
