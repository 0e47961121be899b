"""Survey waves and the impact review (sweetspot.core.waves), on hand-computed examples."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sweetspot.core.inputs import open_inputs
from sweetspot.core.model import Workshop
from sweetspot.core.project import Project, project_from_dict, project_to_dict
from sweetspot.core.waves import (
    review,
    review_sheets,
    t_quantile,
    wave_order,
    waves_from_grid,
    welch_interval,
)
from tests.conftest import make_small_workshop


def waves_table(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """(id, wave, satisfaction, respondents, sd) rows as a waves table."""
    grid = pd.DataFrame(
        [["ID", "Wave", "Satisfaction", "Respondents", "SD"], *[list(r) for r in rows]],
        dtype=object,
    )
    table, problems = waves_from_grid(grid, "Insight waves")
    assert not problems
    return table


def delivered(w: Workshop, *ids: str) -> Workshop:
    w.initiatives["status"] = ["Delivered" if i in ids else "Idea" for i in w.initiatives["id"]]
    return w


def test_t_quantiles_match_the_tables() -> None:
    assert t_quantile(0.975, 10) == pytest.approx(2.228139, abs=1e-6)
    assert t_quantile(0.975, 1) == pytest.approx(12.706205, abs=1e-5)
    assert t_quantile(0.95, 30) == pytest.approx(1.697261, abs=1e-6)
    assert t_quantile(0.5, 7) == pytest.approx(0.0, abs=1e-6)


def test_welch_interval_by_hand() -> None:
    # Means 3.0 and 3.5, SD 1 each, n 50 each: se = √(1/50 + 1/50) = 0.2, df = 98.
    low, high = welch_interval(3.0, 1.0, 50, 3.5, 1.0, 50)  # type: ignore[misc]
    t = t_quantile(0.975, 98)
    assert (low, high) == pytest.approx((0.5 - t * 0.2, 0.5 + t * 0.2))
    assert welch_interval(3.0, math.nan, 50, 3.5, 1.0, 50) is None
    assert welch_interval(3.0, 1.0, 1, 3.5, 1.0, 50) is None


def test_review_of_the_small_workshop_by_hand() -> None:
    # Links: A→I1 9; B→I2 3. A is delivered. N(I1) = 1.6, N(I2) = 0.6 (conftest).
    w = delivered(make_small_workshop(), "A")
    waves = waves_table(
        [
            ("I1", "2026 Q1", 2.0, 100, 1.0),
            ("I2", "2026 Q1", 3.0, 100, 1.0),
            ("I1", "2026 Q3", 2.9, 100, 1.0),
            ("I2", "2026 Q3", 3.1, 100, 1.0),
        ]
    )
    result = review(w, waves)
    assert (result.from_wave, result.to_wave) == ("2026 Q1", "2026 Q3")
    ins = result.insights.set_index("id")
    assert ins.loc["I1", "change"] == pytest.approx(0.9)
    assert ins.loc["I1", "group"] == "delivered" and ins.loc["I1", "delivered_by"] == "A"
    assert ins.loc["I2", "group"] == "not addressed"  # B is linked but not delivered
    # se = √(0.01 + 0.01) = 0.1414; t(0.975, 198) = 1.972: I1 ±0.279 → larger than noise;
    # I2 +0.1 ± 0.279 → within noise.
    assert ins.loc["I1", "judgement"] == "larger than noise"
    assert ins.loc["I2", "judgement"] == "within noise"
    assert ins.loc["I1", "ci_low"] == pytest.approx(0.9 - t_quantile(0.975, 198) * math.sqrt(0.02))
    # A's linked insight I1 moved 0.9 (one insight: the weight cancels); the rest 0.1.
    a = result.initiatives.set_index("id").loc["A"]
    assert a["change"] == pytest.approx(0.9) and a["rest_change"] == pytest.approx(0.1)
    assert a["difference"] == pytest.approx(0.8)
    assert result.delivered_change == pytest.approx(0.9)
    assert result.difference == pytest.approx(0.8)
    assert "+0.90" in result.summary() and "+0.10" in result.summary()


def test_known_improvements_are_reported_to_the_hundredth() -> None:
    """Generated waves over a random workshop: the needs linked to the four delivered
    initiatives improve by 0.6, the rest by 0.1, from random baselines."""
    from tests.core.test_whatif import random_workshop

    w = random_workshop(7, 40, 5, 18)
    ids = list(w.initiatives["id"])
    w = delivered(w, *ids[:4])
    links = w.links
    touched = set(links.loc[links["initiative"].isin(ids[:4]) & (links["strength"] > 0), "target"])
    rng = np.random.default_rng(3)
    rows = []
    insight_ids = list(w.insights["id"])
    for ident in insight_ids:
        base = float(rng.uniform(1.5, 3.5))
        lift = 0.6 if ident in touched else 0.1
        rows.append((ident, "Wave 1", base, 200, 1.1))
        rows.append((ident, "Wave 2", base + lift, 200, 1.1))
    rows.append(("I_NEW", "Wave 2", 3.0, 200, 1.0))
    rows.append(("I_GONE", "Wave 1", 3.0, 200, 1.0))
    result = review(w, waves_table(rows))
    assert round(result.delivered_change, 2) == 0.60
    assert round(result.rest_change, 2) == 0.10
    assert round(result.difference, 2) == 0.50
    assert result.new_ids == ["I_NEW"] and result.vanished_ids == ["I_GONE"]
    for row in result.initiatives.itertuples():
        if row.insights_measured:
            assert round(float(row.change), 2) == 0.60  # type: ignore[arg-type]
            assert round(float(row.difference), 2) == 0.50  # type: ignore[arg-type]
    sheets = review_sheets(result)
    top: Any = sheets["Impact review"].set_index("ID")
    change = "Change Wave 1 → Wave 2 (weighted)"
    assert round(float(top.loc["All delivered", change]), 2) == 0.60
    assert round(float(top.loc["The rest", change]), 2) == 0.10
    assert round(float(top.loc["Difference", change]), 2) == 0.50
    listed: Any = sheets["Impact review insights"].set_index("ID")
    assert listed.loc["I_NEW", "Need"] == "new in Wave 2"
    assert listed.loc["I_GONE", "Need"] == "not measured in Wave 2"


def test_one_wave_or_none_says_so() -> None:
    w = make_small_workshop()
    one = review(w, waves_table([("I1", "2026", 3.0, 10, 1.0)]))
    assert "Only one survey wave" in one.message and one.insights.empty
    none = review(w, waves_table([]))
    assert "No survey waves" in none.message
    assert "Only one" in str(review_sheets(one)["Impact review"].iloc[0, 0])
    two = waves_table([("I1", "A", 3.0, 10, 1.0), ("I1", "B", 3.2, 10, 1.0)])
    assert "no wave 'C'" in review(w, two, "A", "C").message
    # Without delivered initiatives every need is "not addressed", and it says why.
    plain = review(w, two)
    assert "No initiative is marked delivered" in plain.message
    assert list(plain.insights["group"]) == ["not addressed"]


def test_without_n_and_sd_significance_cannot_be_judged() -> None:
    grid = pd.DataFrame(
        [["Insight", "Survey wave", "CSAT"], ["I1", "W1", 3], ["I1", "W2", "3,4"]], dtype=object
    )
    table, problems = waves_from_grid(grid, "Waves")
    assert not problems and list(table["satisfaction"]) == [3.0, 3.4]
    result = review(delivered(make_small_workshop(), "A"), table)
    row = result.insights.iloc[0]
    assert row["change"] == pytest.approx(0.4)
    assert row["judgement"].startswith("cannot be judged")


def test_bad_cells_are_problems_at_their_cell() -> None:
    grid = pd.DataFrame(
        [["ID", "Wave", "Satisfaction"], ["I1", "W1", "good"], [None, "W1", 3]], dtype=object
    )
    table, problems = waves_from_grid(grid, "Waves")
    assert [(p.severity, p.cell) for p in problems] == [("error", "C2"), ("warning", "A3")]
    assert len(table) == 1 and math.isnan(table["satisfaction"].iloc[0])
    _empty, missing = waves_from_grid(pd.DataFrame([["x", "y"]], dtype=object), "Waves")
    assert "no header row" in missing[0].message


def test_waves_in_time_order_by_date() -> None:
    table = waves_table([("I1", "2026-09-01", 3.0, 10, 1.0), ("I1", "2026-03-01", 2.0, 10, 1.0)])
    assert wave_order(table) == ["2026-03-01", "2026-09-01"]
    assert review(make_small_workshop(), table).insights.iloc[0]["change"] == pytest.approx(1.0)


def test_a_waves_sheet_is_read_apart_and_saved_in_the_project(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    book = openpyxl.load_workbook(root / "sample_data" / "retail_bank.xlsx")
    ws = book.create_sheet("Insight waves")
    ws.append(["ID", "Wave", "Satisfaction", "Respondents", "SD"])
    ws.append(["I01", "2026 Q1", 2, 120, 1.0])
    ws.append(["I01", "2026 Q3", 2.5, 130, 1.0])
    path = tmp_path / "bank.xlsx"
    book.save(path)
    project = open_inputs([path])
    assert not project.workshop.errors  # the repeated ID is not an Insights table
    assert list(project.waves["wave"]) == ["2026 Q1", "2026 Q3"]
    back = project_from_dict(project_to_dict(Project(project.workshop, waves=project.waves)))
    assert back.waves.equals(project.waves)
