"""Survey intervals in the robustness Monte Carlo: parsing, the drawn needs, and what they do to
the rank intervals (and, without intervals, that nothing changes)."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from benchmarks.synthetic import make_workshop
from sweetspot.core.evidence import IMPORTANCE_CI, SATISFACTION_CI
from sweetspot.core.model import Scale, Workshop
from sweetspot.core.robustness import RobustnessParams, robustness
from sweetspot.core.robustness_needs import (
    Z95,
    draw_on_scale,
    has_survey_intervals,
    need_formula,
    need_noise,
    parse_interval,
    reach_factor,
)
from sweetspot.core.scoring import ScoringSettings, need_weights
from tests.core.test_robustness import _workshop as plain_workshop

# Only the needs move: no weight, link or α noise.
NEEDS_ONLY = RobustnessParams(
    draws=2000, top_n=1, seed=7, concentration=None, flip_probability=0.0, alpha_spread=0.0
)


def _workshop(
    insights: dict[str, tuple[float, float, str, str]],
    objectives: dict[str, float],
    initiatives: list[str],
    links: list[tuple[str, str, float]],
) -> Workshop:
    """Insights as id → (importance, satisfaction, Importance CI, Satisfaction CI) on 1–5, no
    reach: tests/core/test_robustness.py's workshop with a 1–5 scale and the survey columns."""
    values = list(insights.values())
    w = plain_workshop({k: v[0] for k, v in insights.items()}, objectives, initiatives, links)
    w.scale = Scale(1, 5, "test")
    w.insights["satisfaction"] = [v[1] for v in values]
    w.insights[IMPORTANCE_CI] = [v[2] for v in values]
    w.insights[SATISFACTION_CI] = [v[3] for v in values]
    return w


def _close_pair(importance_ci: str) -> Workshop:
    # A and B have the same business side; A is ahead on I1 (importance 3.2 against I2's 3.0).
    return _workshop(
        {"I1": (3.2, math.nan, importance_ci, ""), "I2": (3.0, math.nan, "", "")},
        {"O1": 1.0},
        ["A", "B"],
        [("A", "I1", 9.0), ("A", "O1", 9.0), ("B", "I2", 9.0), ("B", "O1", 9.0)],
    )


def _row(result_table: pd.DataFrame, ident: str) -> dict[str, float]:
    row = result_table[result_table["id"] == ident].iloc[0]
    return {str(k): float(v) for k, v in row.items() if k not in ("id", "initiative")}


# ---- (1) the parser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.21–3.55", (3.21, 3.55)),
        ("3.2-3.5", (3.2, 3.5)),
        ("3.2 – 3.5", (3.2, 3.5)),
        ("  3.2—3.5 ", (3.2, 3.5)),
        ("3,2–3,5", (3.2, 3.5)),
        ("4–2", (2.0, 4.0)),  # reversed: swapped
        ("3–3", (3.0, 3.0)),
        ("", None),
        ("   ", None),
        (None, None),
        (math.nan, None),
        ("n/a", None),
        ("3.2", None),
        ("3.2–", None),
        ("3.2–3.5–4", None),
        ("about 3 to 4", None),
        (3.5, None),
    ],
)
def test_parse_interval(text: object, expected: tuple[float, float] | None) -> None:
    assert parse_interval(text) == expected


def test_has_survey_intervals() -> None:
    assert not has_survey_intervals(make_workshop("S", seed=3))
    w = _close_pair("")
    assert not has_survey_intervals(w)
    w.insights.loc[1, SATISFACTION_CI] = "2.0–2.4"
    assert has_survey_intervals(w)


# ---- the need weights ---------------------------------------------------------------------------


def test_need_formula_is_that_of_need_weights() -> None:
    w = make_workshop("S", seed=3)
    ins = w.insights
    ins.loc[ins.index[::7], "satisfaction"] = math.nan
    ins.loc[ins.index[::5], "reach"] = math.nan  # a blank reach counts as the median
    imp = pd.to_numeric(ins["importance"]).to_numpy(float)
    sat = pd.to_numeric(ins["satisfaction"]).to_numpy(float)
    got = need_formula(imp, sat, w.scale.maximum, reach_factor(w))
    assert np.array_equal(got, need_weights(w).to_numpy())
    # On (draws × insights) arrays it is the same per row.
    rows = need_formula(np.tile(imp, (3, 1)), np.tile(sat, (3, 1)), 5.0, reach_factor(w))
    assert np.array_equal(rows, np.tile(need_weights(w).to_numpy(), (3, 1)))
    # Without reach the factor is None and the need is imp + gap.
    ins["reach"] = math.nan
    assert reach_factor(w) is None
    assert np.array_equal(need_formula(imp, sat, 5.0, None), need_weights(w).to_numpy())


def test_need_noise_takes_only_parsable_intervals_inside_the_lens() -> None:
    w = _workshop(
        {
            "I1": (3.0, 2.0, "2.0–4.0", "1.5–2.5"),
            "I2": (3.0, 2.0, "garbage", "1.9–2.1"),
            "I3": (3.0, math.nan, "2.8–3.2", "1.0–2.0"),  # no satisfaction to centre on
            "I4": (3.0, 2.0, "", ""),
        },
        {"O1": 1.0},
        ["A"],
        [("A", "I1", 9.0), ("A", "O1", 9.0)],
    )
    noise = need_noise(w, np.ones(4, dtype=bool))
    assert noise.imp_cols.tolist() == [0, 2]
    assert noise.imp_sd.tolist() == pytest.approx([2.0 / (2 * Z95), 0.4 / (2 * Z95)])
    assert noise.sat_cols.tolist() == [0, 1]
    assert noise.sat_sd.tolist() == pytest.approx([1.0 / (2 * Z95), 0.2 / (2 * Z95)])
    assert noise.count == 3
    # A lens leaving I1 and I3 out (segment S1) leaves only I2's satisfaction.
    lens = np.array([False, True, False, True])
    assert need_noise(w, lens).count == 1
    assert (
        robustness(w, ScoringSettings(segments=frozenset({"S2"})), NEEDS_ONLY).survey_insights == 1
    )


# ---- (2) no intervals: exactly the figures of a workshop without the columns ----------------


def test_without_intervals_the_draws_are_those_of_the_column_free_workshop() -> None:
    plain = make_workshop("S", seed=3)
    params = RobustnessParams(draws=700, top_n=5, seed=42)  # every other noise on
    expected = robustness(plain, ScoringSettings(), params)
    blank = plain.copy()
    n = len(blank.insights)
    blank.insights[IMPORTANCE_CI] = ["", "n/a", None, "3.1"] * (n // 4) + [""] * (n % 4)
    blank.insights[SATISFACTION_CI] = ""
    assert not has_survey_intervals(blank)
    got = robustness(blank, ScoringSettings(), params)
    assert np.array_equal(got.draw_ranks, expected.draw_ranks)
    assert got.table.equals(expected.table)
    assert got.survey_insights == 0 and "survey" not in got.params.describe()
    # With intervals but the option off: also the column-free figures.
    wide = plain.copy()
    wide.insights[IMPORTANCE_CI] = "1.0–5.0"
    off = robustness(
        wide, ScoringSettings(), RobustnessParams(draws=700, seed=42, survey_intervals=False)
    )
    assert np.array_equal(off.draw_ranks, expected.draw_ranks)
    assert off.survey_insights == 0
    assert off.params.describe().endswith("survey intervals off")
    # On, the same seed reproduces its own figures and they differ from the fixed needs.
    on1 = robustness(wide, ScoringSettings(), params)
    on2 = robustness(wide, ScoringSettings(), params)
    assert np.array_equal(on1.draw_ranks, on2.draw_ranks)
    assert not np.array_equal(on1.draw_ranks, expected.draw_ranks)
    assert on1.survey_insights == n
    assert on1.params.describe().endswith(f"survey intervals on {n} insights")


# ---- (3) a wide interval widens the rank interval ------------------------------------------


def test_a_wide_interval_widens_the_rank_interval_of_close_neighbours() -> None:
    w = _close_pair("1.6–4.8")  # sd 0.82 around 3.2: below I2's 3.0 about 40 % of the time
    fixed = robustness(w, ScoringSettings(), replace(NEEDS_ONLY, survey_intervals=False))
    drawn = robustness(w, ScoringSettings(), NEEDS_ONLY)
    assert fixed.survey_insights == 0 and drawn.survey_insights == 1
    a_fixed, a_drawn = _row(fixed.table, "A"), _row(drawn.table, "A")
    assert (a_fixed["rank_p05"], a_fixed["rank_p95"]) == (1, 1)
    assert (a_drawn["rank_p05"], a_drawn["rank_p95"]) == (1, 2)
    b_drawn = _row(drawn.table, "B")
    assert (b_drawn["rank_p05"], b_drawn["rank_p95"]) == (1, 2)
    assert a_fixed["p_top"] == 1.0
    # P(A's importance draw ≥ 3.0) = Φ(0.2 / 0.816) ≈ 0.60.
    assert a_drawn["p_top"] == pytest.approx(0.597, abs=0.04)
    assert a_drawn["p_top"] + b_drawn["p_top"] == pytest.approx(1.0)
    assert "survey intervals on 1 insight" in drawn.params.describe()
    assert not drawn.params.describe().endswith("insights")
    # A narrow interval (sd 0.026) keeps A ahead.
    narrow = robustness(_close_pair("3.15–3.25"), ScoringSettings(), NEEDS_ONLY)
    assert (_row(narrow.table, "A")["rank_p95"], _row(narrow.table, "A")["p_top"]) == (1, 1.0)


def test_satisfaction_interval_moves_the_gap() -> None:
    # Same importance; A's gap rests on a loosely measured satisfaction, B's is fixed.
    w = _workshop(
        {"I1": (4.0, 2.0, "", "1.0–3.0"), "I2": (4.0, 2.1, "", "")},
        {"O1": 1.0},
        ["A", "B"],
        [("A", "I1", 9.0), ("A", "O1", 9.0), ("B", "I2", 9.0), ("B", "O1", 9.0)],
    )
    drawn = robustness(w, ScoringSettings(), NEEDS_ONLY)
    a = _row(drawn.table, "A")
    assert (a["rank_p05"], a["rank_p95"]) == (1, 2)
    assert 0.4 < a["p_top"] < 0.7


# ---- (4) a zero-width interval changes nothing ---------------------------------------------


def test_a_zero_width_interval_changes_nothing() -> None:
    w = make_workshop("S", seed=3)
    params = RobustnessParams(draws=700, top_n=5, seed=42)
    expected = robustness(w, ScoringSettings(), params)
    zero = w.copy()
    zero.insights[IMPORTANCE_CI] = "4.00–4.00"
    zero.insights[SATISFACTION_CI] = "2 – 2"
    got = robustness(zero, ScoringSettings(), params)
    assert got.survey_insights == len(w.insights)  # used, with sd 0
    assert np.array_equal(got.draw_ranks, expected.draw_ranks)
    assert got.table.equals(expected.table)
    # And on the hand-built pair, a zero-width interval keeps A first in every draw.
    pair = robustness(_close_pair("3.2–3.2"), ScoringSettings(), NEEDS_ONLY)
    assert pair.survey_insights == 1
    assert (pair.draw_ranks == np.array([1, 2])[None, :]).all()


# ---- (5) drawn values stay on the scale ----------------------------------------------------


def test_drawn_values_stay_inside_the_scale() -> None:
    rng = np.random.default_rng(3)
    mean = np.array([1.0, 1.2, 3.0, 4.9, 5.0])
    sd = np.array([2.0, 5.0, 0.0, 3.0, 0.5])
    drawn = draw_on_scale(rng, mean, sd, 20_000, 1.0, 5.0)
    assert drawn.shape == (20_000, 5)
    assert drawn.min() >= 1.0 and drawn.max() <= 5.0
    assert (drawn[:, 2] == 3.0).all()  # sd 0: the value itself
    # The clipping really bites: much of the mass piles on the ends.
    assert (drawn[:, 0] == 1.0).mean() == pytest.approx(0.5, abs=0.02)
    assert (drawn[:, 4] == 5.0).mean() == pytest.approx(0.5, abs=0.02)
    # Inside the scale the normal is untouched: a narrow one keeps its mean and sd.
    inner = draw_on_scale(rng, np.array([3.0]), np.array([0.1]), 50_000, 1.0, 5.0)[:, 0]
    assert inner.mean() == pytest.approx(3.0, abs=0.005)
    assert inner.std() == pytest.approx(0.1, rel=0.02)
    # On another scale (0–10) the bounds follow it, and so do the drawn needs.
    other = draw_on_scale(rng, np.array([0.5, 9.5]), np.array([4.0, 4.0]), 5000, 0.0, 10.0)
    assert other.min() >= 0.0 and other.max() <= 10.0


def test_drawn_needs_stay_within_the_formula_bounds() -> None:
    w = _close_pair("1.0–5.0")
    w.insights.loc[0, SATISFACTION_CI] = "1.0–5.0"
    w.insights.loc[0, "satisfaction"] = 3.0
    noise = need_noise(w, np.ones(2, dtype=bool))
    needs = noise.needs(np.random.default_rng(1), 5000)
    # imp/5 + max(imp − sat, 0)/5 with imp, sat in [1, 5]: between 0.2 and 1.8.
    assert needs[:, 0].min() >= 0.2 and needs[:, 0].max() <= 1.8
    assert needs[:, 0].std() > 0.1
    assert (needs[:, 1] == need_weights(w).iloc[1]).all()  # no interval: fixed
