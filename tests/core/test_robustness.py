"""Rank robustness: coherence of the Monte Carlo, swap distances by hand, tornado numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from benchmarks.synthetic import make_workshop
from sweetspot.core.model import Scale, Workshop
from sweetspot.core.plot import draw_rank_intervals, draw_tornado
from sweetspot.core.robustness import (
    RobustnessCancelled,
    RobustnessParams,
    _neighbours,
    robustness,
    robustness_table,
    swap_distances,
    tornado,
)
from sweetspot.core.scoring import Override, ScoringSettings, score
from tests.conftest import make_small_workshop

NO_NOISE = RobustnessParams(draws=4, concentration=None, flip_probability=0.0, alpha_spread=0.0)


def _workshop(
    insights: dict[str, float],
    objectives: dict[str, float],
    initiatives: list[str],
    links: list[tuple[str, str, float]],
) -> Workshop:
    """Insights given by importance on a 0–1 scale (no satisfaction, no reach: N = importance)."""
    w = Workshop(scale=Scale(0, 1, "test"))
    n = len(insights)
    w.insights = pd.DataFrame(
        {
            "id": list(insights),
            "need": [f"need {i}" for i in insights],
            "importance": list(insights.values()),
            "satisfaction": [math.nan] * n,
            "reach": [math.nan] * n,
            "segment": ["S1" if k % 2 == 0 else "S2" for k in range(n)],
            "journey_stage": ["J"] * n,
            "sentiment": [""] * n,
            "emotion": [""] * n,
            "evidence": [""] * n,
            "tags": [""] * n,
        }
    )
    w.objectives = pd.DataFrame(
        {
            "id": list(objectives),
            "objective": [f"objective {k}" for k in objectives],
            "weight": list(objectives.values()),
            "kpi": [""] * len(objectives),
            "owner": [""] * len(objectives),
        }
    )
    m = len(initiatives)
    w.initiatives = pd.DataFrame(
        {
            "id": initiatives,
            "initiative": [f"initiative {a}" for a in initiatives],
            "effort": [1.0] * m,
            "confidence": [1.0] * m,
            "owner": [""] * m,
            "theme": [""] * m,
            "description": [""] * m,
            "status": [""] * m,
        }
    )
    w.links = pd.DataFrame(links, columns=["initiative", "target", "strength"])
    return w


def _two_initiatives() -> Workshop:
    # A: I1 medium (C = 33.33), O1 strong; B: I1 strong (C = 100), O2 strong; weights 4 and 1.
    return _workshop(
        {"I1": 1.0},
        {"O1": 4.0, "O2": 1.0},
        ["A", "B"],
        [("A", "I1", 3.0), ("A", "O1", 9.0), ("B", "I1", 9.0), ("B", "O2", 9.0)],
    )


# ---- coherence ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rank_by", ["score", "value"])
def test_zero_perturbation_reproduces_score_ranks(rank_by: str) -> None:
    w = make_workshop("S", seed=3)
    settings = ScoringSettings(rank_by=rank_by)  # type: ignore[arg-type]
    result = robustness(w, settings, NO_NOISE)
    base = score(w, settings).table
    assert result.table["id"].tolist() == base["id"].tolist()
    # Every draw gives exactly the ranks of score().
    expected = base.set_index("id")["rank"].reindex(result.ids).to_numpy()
    assert (result.draw_ranks == expected[None, :]).all()
    assert (result.table["rank_p05"] == base["rank"]).all()
    assert (result.table["rank_p95"] == base["rank"]).all()
    assert result.table["p_top"].tolist() == [1.0] * 5 + [0.0] * (len(base) - 5)


def test_zero_perturbation_keeps_ties_by_customer_impact_then_id(small_workshop: Workshop) -> None:
    # B and C both score 0; B goes first on its higher customer impact (how-scores-work.md).
    result = robustness(small_workshop, ScoringSettings(), NO_NOISE)
    assert result.table["id"].tolist() == ["A", "B", "C"]
    assert (result.draw_ranks == np.array([1, 2, 3])[None, :]).all()


def test_probabilities_are_coherent_and_seeded() -> None:
    w = make_workshop("S", seed=11)
    params = RobustnessParams(draws=600, top_n=5, seed=42)
    r1 = robustness(w, ScoringSettings(), params)
    r2 = robustness(w, ScoringSettings(), params)
    p = r1.table["p_top"].to_numpy()
    assert ((p >= 0) & (p <= 1)).all()
    # Exactly N initiatives in the top N of every draw, so the probabilities sum to N.
    assert ((r1.draw_ranks <= 5).sum(axis=1) == 5).all()
    assert (r1.draw_ranks <= 5).sum() == 5 * 600
    assert p.sum() == pytest.approx(5.0, abs=1e-12)
    # Every draw is a permutation of the ranks.
    assert (np.sort(r1.draw_ranks, axis=1) == np.arange(1, len(r1.ids) + 1)).all()
    # Same seed, same numbers; another seed, other draws.
    pd.testing.assert_frame_equal(r1.table, r2.table)
    assert (r1.draw_ranks == r2.draw_ranks).all()
    r3 = robustness(w, ScoringSettings(), RobustnessParams(draws=600, top_n=5, seed=43))
    assert not (r3.draw_ranks == r1.draw_ranks).all()
    # The perturbation really moves ranks, and intervals bracket the median.
    assert (r1.table["rank_p95"] > r1.table["rank_p05"]).any()
    t = r1.table
    assert ((t["rank_p05"] <= t["rank_median"]) & (t["rank_median"] <= t["rank_p95"])).all()


def test_one_sided_initiatives_are_never_in_the_top_n() -> None:
    w = make_workshop("S", seed=5)
    base = score(w).table
    one_sided = base.loc[
        (base["computed_customer_impact"] == 0) | (base["computed_business_impact"] == 0), "id"
    ]
    both = (base["computed_customer_impact"] > 0) & (base["computed_business_impact"] > 0)
    assert len(one_sided) > 0 and both.sum() >= 5
    # A loud perturbation: every link may move, weights and α move a lot.
    params = RobustnessParams(
        draws=800, top_n=5, seed=1, concentration=2.0, flip_probability=0.9, alpha_spread=0.5
    )
    result = robustness(w, ScoringSettings(), params)
    p = result.table.set_index("id")["p_top"]
    assert (p.loc[one_sided.tolist()] == 0).all()
    assert p.sum() == pytest.approx(5.0)


def test_with_fewer_two_sided_than_n_the_tie_rule_fills_the_top() -> None:
    # Only A serves both sides; B (customer only, C = 9.09) and C (business only) score 0 in
    # every draw: the top 2 is A then B (higher customer impact), the top 3 all three.
    w = make_small_workshop()
    params = RobustnessParams(draws=300, top_n=2, seed=3, flip_probability=0.5)
    r = robustness(w, ScoringSettings(), params)
    assert r.table.set_index("id")["p_top"].to_dict() == {"A": 1.0, "B": 1.0, "C": 0.0}


def test_overridden_initiative_keeps_its_agreed_position() -> None:
    w = make_workshop("S", seed=8)
    last = score(w).table["id"].iloc[-1]
    settings = ScoringSettings(overrides={last: Override(100.0, 100.0, "room agreed")})
    params = RobustnessParams(draws=300, top_n=3, seed=2)
    r = robustness(w, settings, params)
    row = r.table.set_index("id").loc[last]
    assert row["rank"] == 1 and row["p_top"] == 1.0 and row["rank_p95"] == 1


def test_lens_filters_customer_impact_in_every_draw() -> None:
    w = make_workshop("S", seed=9)
    settings = ScoringSettings(segments=frozenset({"Retirees"}))
    r = robustness(w, settings, NO_NOISE)
    assert r.table["id"].tolist() == score(w, settings).table["id"].tolist()


def test_cancel_from_progress() -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 500

    with pytest.raises(RobustnessCancelled):
        robustness(
            make_workshop("S"), ScoringSettings(), RobustnessParams(draws=2000), progress=progress
        )
    assert seen == [(250, 2000), (500, 2000)]


def test_ladder_steps_never_create_or_remove_links() -> None:
    down, up = _neighbours(np.array([0.0, 1.0, 3.0, 9.0, 5.0]))
    assert down.tolist() == [0.0, 1.0, 1.0, 3.0, 3.0]
    assert up.tolist() == [0.0, 3.0, 9.0, 9.0, 9.0]


# ---- swap distances -----------------------------------------------------------------------------


def test_swap_distance_by_hand() -> None:
    w = _two_initiatives()
    base = score(w).table
    # S_A = √(33.33 × 80) = 51.64 > S_B = √(100 × 20) = 44.72.
    assert base["id"].tolist() == ["A", "B"]
    assert base["score"].iloc[0] == pytest.approx(math.sqrt(100 / 3 * 80))
    sw = swap_distances(w)
    assert len(sw) == 1
    row = sw.iloc[0]
    assert (row["upper"], row["lower"]) == ("A", "B")
    # O1 4 → 3 (δ = −1) or O2 1 → 4/3 (δ = +1/3) give B_A = 75, B_B = 25 and S_A = S_B = 50;
    # the smaller change wins.
    assert row["objective"] == "O2"
    assert row["weight_change"] == pytest.approx(1 / 3)
    assert row["new_weight"] == pytest.approx(4 / 3)
    # α: (1/3)^α · 4^(1−α) = 1 → α = ln 4 / ln 12.
    assert row["alpha_needed"] == pytest.approx(math.log(4) / math.log(12))
    assert row["alpha_change"] == pytest.approx(math.log(4) / math.log(12) - 0.5)
    # Check by rescoring just past the swap point.
    moved = w.copy()
    moved.objectives.loc[moved.objectives["id"] == "O2", "weight"] = 4 / 3 + 1e-6
    assert score(moved).table["id"].tolist() == ["B", "A"]
    moved.objectives.loc[moved.objectives["id"] == "O2", "weight"] = 4 / 3 - 1e-6
    assert score(moved).table["id"].tolist() == ["A", "B"]
    alpha = math.log(4) / math.log(12)
    assert score(w, ScoringSettings(alpha=alpha + 1e-6)).table["id"].tolist() == ["B", "A"]


def test_swap_distance_with_an_overridden_neighbour() -> None:
    # B is held at C = 100, B = 20 (S = 44.72). A must fall to that score: with C_A = 33.33,
    # B_A* = 60, i.e. 100·4/(4+1+δ) = 60 on O2 → δ = 5/3.
    w = _two_initiatives()
    settings = ScoringSettings(overrides={"B": Override(100.0, 20.0)})
    row = swap_distances(w, settings).iloc[0]
    assert row["objective"] == "O2"
    assert row["weight_change"] == pytest.approx(5 / 3)
    moved = w.copy()
    moved.objectives.loc[moved.objectives["id"] == "O2", "weight"] = 1 + 5 / 3 + 1e-6
    assert score(moved, settings).table["id"].tolist() == ["B", "A"]


@pytest.mark.parametrize("rank_by", ["score", "value"])
def test_swaps_found_are_real_on_synthetic_data(rank_by: str) -> None:
    w = make_workshop("S", seed=4)
    settings = ScoringSettings(rank_by=rank_by)  # type: ignore[arg-type]
    sw = swap_distances(w, settings).head(8)
    checked = 0
    for row in sw.to_dict("records"):
        if not row["objective"]:
            continue
        moved = w.copy()
        obj = moved.objectives
        step = 1e-6 * math.copysign(1.0, float(row["weight_change"]))
        obj.loc[obj["id"] == row["objective"], "weight"] = float(row["new_weight"]) + step
        ranks = score(moved, settings).ranks()
        assert ranks[str(row["lower"])] < ranks[str(row["upper"])]
        checked += 1
    assert checked >= 3
    alphas = 0
    for row in swap_distances(w, settings).to_dict("records"):
        a_star = float(row["alpha_needed"])
        if math.isnan(a_star):
            continue
        step = 1e-6 * math.copysign(1.0, float(row["alpha_change"]))
        ranks = score(w, settings.with_changes(alpha=a_star + step)).ranks()
        assert ranks[str(row["lower"])] < ranks[str(row["upper"])]
        alphas += 1
    assert alphas >= 3


# ---- tornado, tables, plots ---------------------------------------------------------------------


def test_tornado_numbers() -> None:
    w = _two_initiatives()
    t = tornado(w, ScoringSettings(), "A", change=0.25)
    assert t["factor"].tolist()[0] == "α"
    by = t.set_index("factor")
    base = math.sqrt(100 / 3 * 80)
    assert by["base_score"].tolist() == pytest.approx([base] * 3)
    # O1 ×0.75 = 3: B_A = 75; O1 ×1.25 = 5: B_A = 500/6.
    assert by.loc["O1", "score_low"] == pytest.approx(math.sqrt(100 / 3 * 75))
    assert by.loc["O1", "score_high"] == pytest.approx(math.sqrt(100 / 3 * 500 / 6))
    assert by.loc["O1", "low"] == pytest.approx(3.0)
    # α 0.35 / 0.65.
    assert by.loc["α", "score_low"] == pytest.approx((100 / 3) ** 0.35 * 80**0.65)
    assert by.loc["α", "rank_high"] == 2  # at α = 0.65 B overtakes A
    assert tornado(w, ScoringSettings(), "nope").empty


def test_robustness_table_and_plots() -> None:
    w = make_workshop("S", seed=2)
    r = robustness(w, ScoringSettings(), RobustnessParams(draws=200, top_n=3, seed=7))
    table = robustness_table(r)
    assert table.columns[:9].tolist() == [
        "ID",
        "Initiative",
        "Rank",
        "Score",
        "P(top 3)",
        "Rank 5%",
        "Median rank",
        "Rank 95%",
        "Rank interval (5–95%)",
    ]
    first = table.iloc[0]
    lo, hi = int(first["Rank 5%"]), int(first["Rank 95%"])
    assert first["Rank interval (5–95%)"] == (f"{lo}" if lo == hi else f"{lo}–{hi}")
    fig = Figure()
    drawn = draw_rank_intervals(fig, r, max_rows=10)
    assert drawn == r.table["id"].head(10).tolist()
    assert len(fig.axes[0].get_yticklabels()) == 10
    fig2 = Figure()
    assert draw_tornado(fig2, tornado(w, ScoringSettings(), drawn[0])) == 9  # 8 objectives + α
    assert len(fig2.axes[0].patches) == 18


def test_link_steps_happen_with_probability_p() -> None:
    from sweetspot.core.robustness import _perturb, _side

    n = 2000
    side = _side(np.arange(n), np.zeros(n, dtype=np.intp), np.full(n, 3.0), 1)
    out = _perturb(np.random.default_rng(0), side, 100, 0.1)
    assert out.shape == (100, n)
    assert set(np.unique(out).tolist()) == {1.0, 3.0, 9.0}
    moved = (out != 3.0).mean()
    assert abs(moved - 0.1) < 0.005  # 200,000 cells: σ ≈ 0.0007
    assert abs((out == 1.0).mean() - (out == 9.0).mean()) < 0.005
    # p = 1: every link moves; p = 0: none does.
    assert (_perturb(np.random.default_rng(0), side, 5, 1.0) != 3.0).all()
    assert (_perturb(np.random.default_rng(0), side, 5, 0.0) == 3.0).all()
