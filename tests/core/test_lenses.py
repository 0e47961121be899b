"""Lenses side by side: ranks per lens, robust sweet spots, the Scenarios table, the bump chart."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from benchmarks.synthetic import make_workshop
from sweetspot.core.lenses import bump_ids, compare, scenarios_table
from sweetspot.core.model import Workshop
from sweetspot.core.plot import draw_bump_chart
from sweetspot.core.scoring import Override, ScoringSettings, score


def test_ranks_per_lens_match_score(small_workshop: Workshop) -> None:
    lenses = {
        "Balanced": ScoringSettings(),
        "CFO": ScoringSettings(alpha=0.1),
        "Young families": ScoringSettings(segments=frozenset({"Young families"})),
    }
    cmp = compare(small_workshop, lenses, top_n=1)
    assert cmp.lens_names == ["Balanced", "CFO", "Young families"]
    for name, settings in lenses.items():
        expected = score(small_workshop, settings).ranks()
        assert cmp.ranks[name].to_dict() == expected
    # Under the Young families lens only I2 counts: A (linked to I1 only) has no customer
    # impact, so A scores 0 there; B (I2 medium) has C = 100·(3/9) = 33.3 but no business impact.
    yf = cmp.results["Young families"].table.set_index("id")
    assert yf.loc["A", "customer_impact"] == 0.0
    assert yf.loc["B", "customer_impact"] == np.float64(100 * 3 / 9)
    # A is first under Balanced and CFO; under Young families all score 0 and B wins on C.
    assert list(cmp.ranks.loc["A"]) == [1, 1, 2]
    assert list(cmp.ranks.loc["B"]) == [2, 2, 1]
    table = cmp.table.set_index("id")
    assert table.loc["A", "best_rank"] == 1 and table.loc["A", "worst_rank"] == 2
    assert table.loc["A", "spread"] == 1
    assert cmp.robust_ids == []
    # With N = 2, A and B are in the top 2 under every lens.
    assert compare(small_workshop, lenses, top_n=2).robust_ids == ["A", "B"]


def test_robust_sweet_spots_and_table_on_synthetic_data() -> None:
    w = make_workshop("S", seed=7)
    lenses = {
        "CX lens": ScoringSettings(alpha=0.7),
        "CFO lens": ScoringSettings(alpha=0.3),
        "Retirees": ScoringSettings(segments=frozenset({"Retirees"})),
    }
    cmp = compare(w, lenses, top_n=10)
    worst = cmp.ranks.max(axis=1)
    assert cmp.robust_ids == [i for i in cmp.table["id"] if worst[i] <= 10]
    assert len(cmp.robust_ids) >= 1
    assert (cmp.table["worst_rank"].to_numpy() == worst.to_numpy()).all()
    # Rows most robust first.
    assert cmp.table["worst_rank"].is_monotonic_increasing
    out = scenarios_table(cmp)
    assert out.columns.tolist()[:5] == [
        "ID",
        "Initiative",
        "Rank: CX lens",
        "Rank: CFO lens",
        "Rank: Retirees",
    ]
    flag = "Robust sweet spot (top 10 under every lens)"
    assert out.loc[out[flag] == "Yes", "ID"].tolist() == cmp.robust_ids
    assert out["Rank: Retirees"].tolist() == cmp.ranks["Retirees"].tolist()


def test_overrides_and_own_weights_in_a_lens(small_workshop: Workshop) -> None:
    lenses = {
        "Room": ScoringSettings(overrides={"C": Override(90.0, 90.0)}),
        "Digital first": ScoringSettings(),
    }
    cmp = compare(small_workshop, lenses, top_n=1, weights={"Digital first": {"O1": 0.0}})
    assert cmp.ranks.loc["C", "Room"] == 1
    # Digital first: only O2 counts; A (O2 weak) has B = 100/9, C has B = 100 but no C impact.
    digital = cmp.results["Digital first"].table.set_index("id")
    assert digital.loc["A", "business_impact"] == 100 / 9
    # The workshop itself is untouched.
    assert small_workshop.objectives["weight"].tolist() == [2.0, 1.0]


def test_no_lens_means_no_robust_sweet_spot(small_workshop: Workshop) -> None:
    cmp = compare(small_workshop, {}, top_n=3)
    assert cmp.robust_ids == [] and cmp.ranks.shape == (3, 0)
    fig = Figure()
    assert draw_bump_chart(fig, cmp) == []


def test_bump_chart_draws_one_line_per_shown_initiative() -> None:
    w = make_workshop("S", seed=7)
    lenses = {"a": ScoringSettings(alpha=0.7), "b": ScoringSettings(alpha=0.3)}
    cmp = compare(w, lenses, top_n=3)
    fig = Figure()
    drawn = draw_bump_chart(fig, cmp, max_lines=6)
    assert drawn == bump_ids(cmp, 6) and len(drawn) == 6
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert len(lines) == 6
    first = lines[0]
    assert list(np.asarray(first.get_ydata())) == list(cmp.ranks.loc[drawn[0]])
    # Robust sweet spots come first and are drawn thick.
    for ident, line in zip(drawn, lines, strict=True):
        assert (line.get_linewidth() > 2) == (ident in cmp.robust_ids)
    assert ax.yaxis_inverted()
