"""Property-based tests over generated workshops (hypothesis).

- Row order does not change any result.
- Adding a link never lowers that side's impact for that initiative.
- Impacts and scores stay within [0, 100].
- Contributions sum to the impacts and to the score.
- Any bad cell written into a workbook becomes an error at its `Sheet!Cell`, never an exception.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sweetspot.core.importing import load_workshop
from sweetspot.core.model import (
    INITIATIVE_FIELDS,
    INSIGHT_FIELDS,
    OBJECTIVE_FIELDS,
    Scale,
    Workshop,
)
from sweetspot.core.scoring import Override, ScoreResult, ScoringSettings, Side, score

FEW = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
STRENGTHS = (0.0, 1.0, 3.0, 9.0)
TOL = 1e-9


def _blank_table(fields: list[str], n: int) -> dict[str, list[Any]]:
    return {f: [float("nan") if f in ("reach", "effort", "confidence") else ""] * n for f in fields}


@st.composite
def workshops(draw: st.DrawFn) -> Workshop:
    n_ins = draw(st.integers(1, 8))
    n_obj = draw(st.integers(1, 5))
    n_ini = draw(st.integers(1, 6))
    ins = _blank_table(INSIGHT_FIELDS, n_ins)
    ins["id"] = [f"I{k}" for k in range(n_ins)]
    ins["need"] = [f"Need {k}" for k in range(n_ins)]
    ins["importance"] = draw(
        st.lists(st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0]), min_size=n_ins, max_size=n_ins)
    )
    ins["satisfaction"] = draw(
        st.lists(
            st.sampled_from([float("nan"), 1.0, 2.5, 4.0, 5.0]), min_size=n_ins, max_size=n_ins
        )
    )
    if draw(st.booleans()):
        ins["reach"] = draw(
            st.lists(
                st.sampled_from([float("nan"), 10.0, 40.0, 250.0]), min_size=n_ins, max_size=n_ins
            )
        )
    ins["segment"] = draw(
        st.lists(st.sampled_from(["Retail", "SME", ""]), min_size=n_ins, max_size=n_ins)
    )
    obj = _blank_table(OBJECTIVE_FIELDS, n_obj)
    obj["id"] = [f"O{k}" for k in range(n_obj)]
    obj["objective"] = [f"Objective {k}" for k in range(n_obj)]
    obj["weight"] = draw(
        st.lists(st.sampled_from([0.5, 1.0, 2.0, 3.0, 5.0]), min_size=n_obj, max_size=n_obj)
    )
    ini = _blank_table(INITIATIVE_FIELDS, n_ini)
    ini["id"] = [f"A{k}" for k in range(n_ini)]
    ini["initiative"] = [f"Initiative {k}" for k in range(n_ini)]
    ini["effort"] = draw(
        st.lists(st.sampled_from([float("nan"), 1.0, 2.0, 8.0]), min_size=n_ini, max_size=n_ini)
    )
    ini["confidence"] = draw(
        st.lists(st.sampled_from([float("nan"), 0.5, 0.8, 1.0]), min_size=n_ini, max_size=n_ini)
    )
    targets = ins["id"] + obj["id"]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(ini["id"]), st.sampled_from(targets)),
            unique=True,
            max_size=25,
        )
    )
    strengths = draw(
        st.lists(st.sampled_from(STRENGTHS[1:]), min_size=len(pairs), max_size=len(pairs))
    )
    w = Workshop()
    w.insights = pd.DataFrame(ins)
    w.objectives = pd.DataFrame(obj)
    w.initiatives = pd.DataFrame(ini)
    w.links = pd.DataFrame(
        {
            "initiative": pd.Series([a for a, _ in pairs], dtype=object),
            "target": pd.Series([t for _, t in pairs], dtype=object),
            "strength": pd.Series(strengths, dtype=float),
        }
    )
    w.scale = Scale(1.0, 5.0)
    return w


def by_id(result: ScoreResult) -> pd.DataFrame:
    return result.table.set_index("id").sort_index()


def _shuffled(df: pd.DataFrame, order: list[int]) -> pd.DataFrame:
    return df.iloc[order].reset_index(drop=True)


@FEW
@given(workshops(), st.randoms(use_true_random=False), st.floats(0.0, 1.0))
def test_row_order_does_not_change_any_result(w: Workshop, rnd: Any, alpha: float) -> None:
    cfg = ScoringSettings(alpha=alpha)
    before = score(w, cfg)
    shuffled = w.copy()
    for name in ("insights", "objectives", "initiatives", "links"):
        df = getattr(w, name)
        order = list(range(len(df)))
        rnd.shuffle(order)
        setattr(shuffled, name, _shuffled(df, order))
    after = score(shuffled, cfg)
    a, b = by_id(before), by_id(after)
    for col in ("customer_impact", "business_impact", "score", "value"):
        np.testing.assert_allclose(
            a[col].to_numpy(float), b[col].to_numpy(float), rtol=0, atol=1e-9, equal_nan=True
        )
    assert a["quadrant"].tolist() == b["quadrant"].tolist()
    # Ranks: the same order wherever scores differ by more than rounding noise.
    sa = a["score"]
    for x in a.index:
        for y in a.index:
            if sa[x] > sa[y] + 1e-9:
                assert b.loc[x, "rank"] < b.loc[y, "rank"], (x, y)
    np.testing.assert_allclose(
        before.need_weights.sort_index().to_numpy(), after.need_weights.sort_index().to_numpy()
    )
    assert before.customer_threshold == pytest_approx(after.customer_threshold)
    assert before.business_threshold == pytest_approx(after.business_threshold)
    # Drivers: the same contributions, whatever their order between equal ones.
    sides: tuple[Side, ...] = ("customer", "business")
    for side in sides:
        for ident in a.index:
            xs = _driver_impacts(before.driver_text(side, str(ident)))
            ys = _driver_impacts(after.driver_text(side, str(ident)))
            assert xs == ys, (ident, side)


@given(workshops(), st.floats(0.0, 1.0), st.integers(0, 4))
def test_one_initiatives_drivers_are_its_row_of_the_column(
    w: Workshop, alpha: float, top: int
) -> None:
    # A tooltip builds one initiative's drivers; the export builds the column: the same text.
    result = score(w, ScoringSettings(alpha=alpha, top_drivers=top))
    fresh = score(w, ScoringSettings(alpha=alpha, top_drivers=top))
    sides: tuple[Side, ...] = ("customer", "business")
    for side in sides:
        column = result.drivers(side)
        assert len(column) == len(result.table)
        for row, ident in enumerate(result.table["id"].astype(str)):
            assert fresh.driver_text(side, ident) == column[row], (side, ident)
            assert len(column[row].split("; ")) <= top if column[row] else True


def pytest_approx(x: float) -> Any:
    return pytest.approx(x, abs=1e-9)


def _driver_impacts(text: str) -> list[str]:
    """The impacts listed in a drivers cell, biggest first ("I1 Need 1 (+12.3); …")."""
    return [part.rsplit("(+", 1)[1] for part in text.split("; ")] if text else []


@FEW
@given(workshops(), st.data())
def test_adding_a_link_never_lowers_that_sides_impact(w: Workshop, data: st.DataObject) -> None:
    initiative = data.draw(st.sampled_from(w.initiatives["id"].tolist()))
    target = data.draw(st.sampled_from(w.insights["id"].tolist() + w.objectives["id"].tolist()))
    strength = data.draw(st.sampled_from(STRENGTHS[1:]))
    before = score(w).row(initiative)
    more = w.copy()
    extra = pd.DataFrame({"initiative": [initiative], "target": [target], "strength": [strength]})
    more.links = pd.concat([w.links, extra], ignore_index=True)
    after = score(more).row(initiative)
    side = "customer" if target.startswith("I") else "business"
    other = "business" if side == "customer" else "customer"
    assert after[f"{side}_impact"] >= before[f"{side}_impact"] - TOL
    # The other side is not touched by a link to this side.
    assert after[f"{other}_impact"] == pytest_approx(before[f"{other}_impact"])
    # Nor is any other initiative's impact on either side.
    a, b = by_id(score(w)), by_id(score(more))
    others = [i for i in a.index if i != initiative]
    np.testing.assert_allclose(
        a.loc[others, ["customer_impact", "business_impact"]].to_numpy(float),
        b.loc[others, ["customer_impact", "business_impact"]].to_numpy(float),
        atol=1e-9,
    )


@FEW
@given(
    workshops(),
    st.floats(0.0, 1.0),
    st.booleans(),
    st.lists(st.tuples(st.floats(-50, 150), st.floats(-50, 150)), max_size=2),
)
def test_scores_stay_within_0_and_100(
    w: Workshop, alpha: float, lens: bool, placements: list[tuple[float, float]]
) -> None:
    ids = w.initiatives["id"].tolist()
    overrides = {ids[k]: Override(c, b) for k, (c, b) in enumerate(placements) if k < len(ids)}
    cfg = ScoringSettings(
        alpha=alpha, overrides=overrides, segments=frozenset({"Retail"}) if lens else None
    )
    t = score(w, cfg).table
    for col in (
        "customer_impact",
        "business_impact",
        "score",
        "computed_customer_impact",
        "computed_business_impact",
        "computed_score",
    ):
        values = t[col].to_numpy(float)
        assert not np.isnan(values).any(), col
        assert (values >= 0).all() and (values <= 100 + TOL).all(), (col, values)


@FEW
@given(workshops(), st.floats(0.0, 1.0))
def test_contributions_sum_to_the_impacts_and_the_score(w: Workshop, alpha: float) -> None:
    result = score(w, ScoringSettings(alpha=alpha))
    for ident in w.initiatives["id"]:
        row = result.row(ident)
        parts = result.contributions(ident)
        for side in ("customer", "business"):
            mine = parts.loc[parts["side"] == side]
            assert math.isclose(
                float(mine["impact"].sum()), row[f"computed_{side}_impact"], abs_tol=1e-9
            )
        assert math.isclose(float(parts["score"].sum()), row["computed_score"], abs_tol=1e-9)


# -- bad cells in a workbook ---------------------------------------------------------------------

GOOD: dict[str, list[list[Any]]] = {
    "Insights": [
        ["ID", "Need", "Importance", "Satisfaction", "Reach"],
        ["I1", "Queues", 5, 2, 40],
        ["I2", "Login", 3, 4, 10],
        ["I3", "Fees", 4, 1, 25],
    ],
    "Objectives": [["ID", "Objective", "Weight"], ["O1", "Cost", 2], ["O2", "Digital", 1]],
    "Initiatives": [
        ["ID", "Initiative", "Effort", "Confidence"],
        ["A", "Booking", 2, 0.8],
        ["B", "Biometric", 3, 0.5],
    ],
    "Links": [
        ["Initiative", "Target", "Strength"],
        ["A", "I1", 9],
        ["A", "O1", 3],
        ["B", "I2", 3],
        ["B", "O2", 9],
        ["A", "I3", 1],
    ],
}
# Numeric cells (sheet, column index) that must hold a number, and what each accepts.
NUMERIC_CELLS = [
    ("Insights", 2),
    ("Insights", 3),
    ("Insights", 4),
    ("Objectives", 2),
    ("Initiatives", 2),
    ("Initiatives", 3),
    ("Links", 2),
]
JUNK = st.from_regex(r"[qxzjkw]{3,8}", fullmatch=True)


@dataclass
class BadCell:
    sheet: str
    row: int  # 0-based into GOOD[sheet] (0 is the header)
    col: int
    value: Any

    @property
    def cell(self) -> str:
        return f"{openpyxl.utils.get_column_letter(self.col + 1)}{self.row + 1}"


@st.composite
def bad_cells(draw: st.DrawFn) -> BadCell:
    kind = draw(st.sampled_from(["junk", "strength", "blank-id", "blank-need", "negative"]))
    if kind == "junk":
        sheet, col = draw(st.sampled_from(NUMERIC_CELLS))
        row = draw(st.integers(1, len(GOOD[sheet]) - 1))
        return BadCell(sheet, row, col, draw(JUNK))
    if kind == "strength":
        row = draw(st.integers(1, len(GOOD["Links"]) - 1))
        value = draw(st.one_of(st.integers(10, 99), st.sampled_from(["huge", "very strong!"])))
        return BadCell("Links", row, 2, value)
    if kind == "negative":
        sheet, col = draw(st.sampled_from([("Objectives", 2), ("Initiatives", 2)]))
        row = draw(st.integers(1, len(GOOD[sheet]) - 1))
        return BadCell(sheet, row, col, -draw(st.integers(1, 50)))
    if kind == "blank-id":
        sheet = draw(st.sampled_from(["Insights", "Objectives", "Initiatives"]))
        row = draw(st.integers(1, len(GOOD[sheet]) - 1))
        return BadCell(sheet, row, 0, None)
    row = draw(st.integers(1, len(GOOD["Insights"]) - 1))
    return BadCell("Insights", row, 1, None)


@FEW
@given(bad_cells(), st.permutations(list(GOOD)))
def test_a_bad_cell_is_an_error_at_its_cell_never_an_exception(
    bad: BadCell, sheet_order: list[str]
) -> None:
    wb = openpyxl.Workbook()
    for k, name in enumerate(sheet_order):
        ws = wb.active if k == 0 else wb.create_sheet(name)
        assert ws is not None
        ws.title = name
        for r, row in enumerate(GOOD[name]):
            values = list(row)
            if name == bad.sheet and r == bad.row:
                values[bad.col] = bad.value
            ws.append(values)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "workshop.xlsx"
        wb.save(path)
        w = load_workshop([path])  # never raises
    errors = {p.location: p.message for p in w.errors}
    assert f"{bad.sheet}!{bad.cell}" in errors, (bad, [str(p) for p in w.problems])
    assert not w.can_score
    # Nothing else on that sheet is blamed: every error there is on the bad cell's row.
    for location in errors:
        sheet, _, cell = location.partition("!")
        if sheet == bad.sheet and cell:
            line = int("".join(ch for ch in cell if ch.isdigit()))
            assert line == bad.row + 1, (location, bad)


def test_the_generators_make_scoreable_workshops() -> None:
    """The good workbook really is clean: every error in the property test is the bad cell's."""
    wb = openpyxl.Workbook()
    for k, (name, rows) in enumerate(GOOD.items()):
        ws = wb.active if k == 0 else wb.create_sheet(name)
        assert ws is not None
        ws.title = name
        for row in rows:
            ws.append(row)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "good.xlsx"
        wb.save(path)
        w = load_workshop([path])
    assert w.can_score and not w.warnings, [str(p) for p in w.problems]


def test_equal_drivers_are_listed_in_id_order_whatever_the_row_order() -> None:
    w = Workshop()
    w.insights = pd.DataFrame(_blank_table(INSIGHT_FIELDS, 2))
    w.insights["id"] = ["I0", "I1"]
    w.insights["need"] = ["Need 0", "Need 1"]
    w.insights["importance"] = [1.0, 1.0]
    w.insights["satisfaction"] = [float("nan")] * 2
    w.objectives = pd.DataFrame(
        {"id": ["O0"], "objective": ["Cost"], "weight": [1.0], "kpi": [""], "owner": [""]}
    )
    w.initiatives = pd.DataFrame(_blank_table(INITIATIVE_FIELDS, 1))
    w.initiatives["id"] = ["A0"]
    w.initiatives["initiative"] = ["Booking"]
    w.links = pd.DataFrame(
        {"initiative": ["A0", "A0", "A0"], "target": ["I0", "I1", "O0"], "strength": [1.0] * 3}
    )
    flipped = w.copy()
    flipped.insights = w.insights.iloc[[1, 0]].reset_index(drop=True)
    a = score(w).driver_text("customer", "A0")
    b = score(flipped).driver_text("customer", "A0")
    assert a == b
    assert score(w).drivers("customer") == score(flipped).drivers("customer")
