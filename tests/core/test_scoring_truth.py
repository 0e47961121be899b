"""Scoring truth: exact ties rank by the documented rule, not by float noise; the crosshair
counts a point on it as above it; value-for-effort ties and blanks go by score, C, then ID."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sweetspot.core.export import write_backlog
from sweetspot.core.scoring import ScoringSettings, rank_table, score, tie_key
from tests.conftest import make_crosshair_workshop, make_noise_tie_workshop


def test_a_noise_tie_ranks_by_customer_impact_then_id() -> None:
    result = score(make_noise_tie_workshop())
    t = result.table.set_index("id")
    # Hand computation: C = 100 × 0.6 / 1.2 = 50 for both, B = 100, S = √(50 × 100).
    assert t.loc["A1", "customer_impact"] == pytest_approx(50.0)
    assert t.loc["A2", "customer_impact"] == pytest_approx(50.0)
    assert t.loc["A1", "score"] == pytest_approx(np.sqrt(5000.0))
    # The float values differ in the last bits, A2's C being the larger one...
    c = t["customer_impact"].astype(float)
    assert c["A2"] > c["A1"]
    # ...but the documented tie rule decides: equal S, equal C, then ID.
    assert result.table["id"].tolist() == ["A1", "A2"]
    assert t.loc["A1", "rank"] == 1 and t.loc["A2", "rank"] == 2


def test_the_tie_holds_under_a_lens_and_by_value() -> None:
    w = make_noise_tie_workshop()
    w.initiatives["effort"] = [2.0, 2.0]
    for settings in (ScoringSettings(alpha=0.7), ScoringSettings(rank_by="value")):
        assert score(w, settings).table["id"].tolist() == ["A1", "A2"]


def test_on_the_crosshair_is_a_sweet_spot() -> None:
    result = score(make_crosshair_workshop())
    c = result.table["customer_impact"].to_numpy()
    # C = (1/9) × 0.2 × 100 / 1.4 = 100/63 for each; the mean is the same number.
    assert np.allclose(c, 100 / 63) and result.customer_threshold == pytest_approx(100 / 63)
    assert result.customer_threshold > c[0]  # float noise puts the mean just above
    assert result.table["quadrant"].tolist() == ["Sweet spot"] * 3


def test_value_ties_and_blanks_go_by_score_then_c_then_id() -> None:
    table = pd.DataFrame(
        {
            "id": ["P", "Q", "R", "S", "T", "U"],
            # P and Q tie on value; Q has the higher score. R, S have no value (no effort):
            # they go last, by score. T and U tie on value and score; U has the higher C.
            "value": [10.0, 10.0, np.nan, np.nan, 4.0, 4.0 * (1 + 1e-12)],
            "score": [20.0, 30.0, 50.0, 60.0, 8.0, 8.0],
            "customer_impact": [1.0, 1.0, 1.0, 1.0, 5.0, 6.0],
        }
    )
    assert rank_table(table, "value")["id"].tolist() == ["Q", "P", "U", "T", "S", "R"]
    assert rank_table(table, "score")["id"].tolist() == ["S", "R", "Q", "P", "U", "T"]


def test_tie_key_keeps_ten_significant_digits() -> None:
    keys = tie_key(np.array([49.99999999999999, 49.999999999999986, 0.0, 1e-14, np.nan]))
    assert keys[0] == keys[1] == 50.0
    assert keys[2] == 0.0 and keys[3] == pytest_approx(1e-14) and np.isnan(keys[4])
    # Numbers that really differ stay apart, at any size.
    assert tie_key(np.array([1.000000001]))[0] != tie_key(np.array([1.0]))[0]
    assert tie_key(np.array([70.71067811]))[0] != tie_key(np.array([70.71067812]))[0]


def pytest_approx(x: float) -> object:
    return pytest.approx(x, rel=1e-12)


def test_the_method_sheet_states_the_ranking_rule_in_use(tmp_path: Path) -> None:
    w = make_noise_tie_workshop()
    w.initiatives["effort"] = [2.0, float("nan")]
    for rank_by, expected in (
        ("score", "By sweet-spot score, highest first; ties by customer impact, then ID."),
        ("value", "go by sweet-spot score, then customer impact, then ID."),
    ):
        result = score(w, ScoringSettings(rank_by=rank_by))  # type: ignore[arg-type]
        path = write_backlog(tmp_path / f"{rank_by}.xlsx", w, result)
        rows = openpyxl.load_workbook(path)["Method"].iter_rows(values_only=True)
        method = {str(k): str(v) for k, v, *_ in rows if k}
        assert expected in method["Ranking"]
        assert "10 significant digits" in method["Ranking"]


def test_a_strength_off_the_scale_is_refused_with_the_ladder_said() -> None:
    from sweetspot.core.edits import EditRefused, SetLink, clean_cell_value
    from sweetspot.core.project import Project
    from tests.conftest import make_small_workshop

    w = make_small_workshop()
    said = (
        "Strength “12” is outside 0–9 (none 0, weak 1, medium 3, strong 9). "
        "Type one of 0/1/3/9 or none/weak/medium/strong."
    )
    # Typed in the Links table…
    with pytest.raises(EditRefused) as cell:
        clean_cell_value(w, "links", "0", "strength", "12")
    assert str(cell.value) == said
    # …set in the link matrix or by a suggestion…
    with pytest.raises(EditRefused) as link:
        SetLink("A", "I2", 12.0).check(Project(w))
    assert str(link.value) == said
    # …as the import says it (plus what to type); a value inside the scale stays allowed.
    assert clean_cell_value(w, "links", "0", "strength", "2") == 2.0
    assert clean_cell_value(w, "links", "0", "strength", "strong") == 9.0
