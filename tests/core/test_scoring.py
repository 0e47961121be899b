"""Scoring model v1 on a hand-computed example (the README's worked example)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sweetspot.core.model import Workshop
from sweetspot.core.scoring import Override, ScoringSettings, need_weights, score

# Worked by hand (README "How scores work"):
# I1: imp 5/5 = 1.0, sat 2/5 = 0.4 → need 1.0 + 0.6 = 1.6;  I2: imp 3/5 = 0.6, no sat → 0.6.
# ΣN = 2.2.  Weights O1 = 2, O2 = 1, Σw = 3.
# A: C = 100·(9/9·1.6)/2.2 = 72.727;  B = 100·(3/9·2 + 1/9·1)/3 = 25.926;  S = √(C·B) = 43.423
# B: C = 100·(3/9·0.6)/2.2 = 9.091;   B = 0 → S = 0
# C: C = 0;                           B = 100·(9/9·1)/3 = 33.333 → S = 0
HAND = {
    "A": (72.727, 25.926, 43.423),
    "B": (9.091, 0.0, 0.0),
    "C": (0.0, 33.333, 0.0),
}


def test_need_weights_by_hand(small_workshop: Workshop) -> None:
    n = need_weights(small_workshop)
    assert n["I1"] == pytest.approx(1.6)
    assert n["I2"] == pytest.approx(0.6)


def test_impacts_and_scores_match_hand_computation(small_workshop: Workshop) -> None:
    result = score(small_workshop)
    for ident, (c, b, s) in HAND.items():
        row = result.row(ident)
        assert row["customer_impact"] == pytest.approx(c, abs=0.001)
        assert row["business_impact"] == pytest.approx(b, abs=0.001)
        assert row["score"] == pytest.approx(s, abs=0.001)


def test_ranks_ties_and_quadrants(small_workshop: Workshop) -> None:
    result = score(small_workshop)
    # B and C tie at S = 0: the tie goes to the higher customer impact (B).
    assert list(result.table["id"]) == ["A", "B", "C"]
    assert list(result.table["rank"]) == [1, 2, 3]
    assert result.customer_threshold == pytest.approx((72.727 + 9.091) / 3, abs=0.001)
    assert result.business_threshold == pytest.approx((25.926 + 33.333) / 3, abs=0.001)
    quadrants = dict(zip(result.table["id"], result.table["quadrant"], strict=True))
    assert quadrants == {"A": "Sweet spot", "B": "Low overlap", "C": "Business-led"}


def test_ties_fall_back_to_id() -> None:
    w = Workshop()
    w.insights = pd.DataFrame({"id": ["I1"], "need": ["x"], "importance": [4.0]})
    w.objectives = pd.DataFrame({"id": ["O1"], "objective": ["y"], "weight": [1.0]})
    w.initiatives = pd.DataFrame({"id": ["Z9", "A1"], "initiative": ["z", "a"]})
    w.links = pd.DataFrame(
        {
            "initiative": ["Z9", "Z9", "A1", "A1"],
            "target": ["I1", "O1", "I1", "O1"],
            "strength": [3.0, 3.0, 3.0, 3.0],
        }
    )
    for col in ("satisfaction", "reach", "segment", "journey_stage"):
        w.insights[col] = np.nan
    for col in ("effort", "confidence"):
        w.initiatives[col] = np.nan
    assert list(score(w).table["id"]) == ["A1", "Z9"]


def test_value_for_effort_and_rank_by_value(small_workshop: Workshop) -> None:
    result = score(small_workshop, ScoringSettings(rank_by="value"))
    value = dict(zip(result.table["id"], result.table["value"], strict=True))
    assert value["A"] == pytest.approx(43.423 / 2, abs=0.001)  # blank confidence counts as 1
    assert math.isnan(value["B"])  # no effort: no value for effort
    assert value["C"] == 0.0
    # Blank values rank last.
    assert list(result.table["id"]) == ["A", "C", "B"]


@pytest.mark.parametrize("alpha", [0.0, 0.25, 0.5, 0.8, 1.0])
def test_alpha_balances_the_two_sides(small_workshop: Workshop, alpha: float) -> None:
    row = score(small_workshop, ScoringSettings(alpha=alpha)).row("A")
    assert row["score"] == pytest.approx(72.727**alpha * 25.926 ** (1 - alpha), rel=1e-4)


def test_one_sided_initiatives_score_zero(small_workshop: Workshop) -> None:
    result = score(small_workshop)
    assert result.row("B")["score"] == 0.0 and result.row("C")["score"] == 0.0


def test_contributions_add_up(small_workshop: Workshop) -> None:
    result = score(small_workshop, ScoringSettings(alpha=0.3))
    for ident in ("A", "B", "C"):
        parts = result.contributions(ident)
        row = result.row(ident)
        assert parts["score"].sum() == pytest.approx(row["score"], abs=1e-9)
        cust = parts.loc[parts["side"] == "customer", "impact"].sum()
        bus = parts.loc[parts["side"] == "business", "impact"].sum()
        assert cust == pytest.approx(row["customer_impact"])
        assert bus == pytest.approx(row["business_impact"])
    a = result.contributions("A").set_index("target")
    # α of the score goes to the customer side, split by each insight's share of C.
    assert a.loc["I1", "score"] == pytest.approx(0.3 * result.row("A")["score"])


def test_drivers_name_the_biggest_contributors(small_workshop: Workshop) -> None:
    result = score(small_workshop)
    customer, business = result.driver_text("customer", "A"), result.driver_text("business", "A")
    assert customer.startswith("I1 Queues in branch are too long (+72.7)")
    assert business.split("; ")[0].startswith("O1 Cut cost to serve (+22.2)")
    # The whole column says the same, row for row.
    row = int(np.flatnonzero(result.table["id"] == "A")[0])
    assert result.drivers("customer")[row] == customer
    assert result.drivers("business")[row] == business


def test_reach_weights_the_need(small_workshop: Workshop) -> None:
    small_workshop.insights["reach"] = [10.0, 40.0]
    n = need_weights(small_workshop)
    assert n["I1"] == pytest.approx(1.6 * 10 / 40)
    assert n["I2"] == pytest.approx(0.6)
    # A blank reach counts as the median of the known reaches.
    small_workshop.insights["reach"] = [np.nan, 40.0]
    assert need_weights(small_workshop)["I1"] == pytest.approx(1.6)


def test_lens_counts_only_the_chosen_segment(small_workshop: Workshop) -> None:
    result = score(small_workshop, ScoringSettings(segments=frozenset({"Retail"})))
    assert result.row("A")["customer_impact"] == pytest.approx(100.0)
    assert result.row("B")["customer_impact"] == 0.0
    stage = score(small_workshop, ScoringSettings(journey_stages=frozenset({"Log in"})))
    assert stage.row("B")["customer_impact"] == pytest.approx(100 * 3 / 9)


def test_override_moves_and_reranks(small_workshop: Workshop) -> None:
    settings = ScoringSettings(overrides={"C": Override(90.0, 80.0, "CFO insists")})
    result = score(small_workshop, settings)
    row = result.row("C")
    assert row["rank"] == 1
    assert row["score"] == pytest.approx(math.sqrt(90 * 80))
    assert row["computed_score"] == 0.0 and row["overridden"]
    assert row["override_reason"] == "CFO insists"
    # The crosshair stays at the mean of the computed positions.
    assert result.customer_threshold == pytest.approx(score(small_workshop).customer_threshold)


def test_fixed_thresholds(small_workshop: Workshop) -> None:
    result = score(small_workshop, ScoringSettings(thresholds=(50.0, 30.0)))
    quadrants = dict(zip(result.table["id"], result.table["quadrant"], strict=True))
    assert quadrants == {"A": "Customer-led", "B": "Low overlap", "C": "Business-led"}


def test_repeated_link_counts_once_at_its_strongest(small_workshop: Workshop) -> None:
    extra = pd.DataFrame({"initiative": ["A"], "target": ["I1"], "strength": [1.0]})
    small_workshop.links = pd.concat([small_workshop.links, extra], ignore_index=True)
    assert score(small_workshop).row("A")["customer_impact"] == pytest.approx(72.727, abs=0.001)


def test_empty_workshop_scores_nothing() -> None:
    result = score(Workshop())
    assert result.table.empty


def test_zero_weights_give_zero_business_impact(small_workshop: Workshop) -> None:
    small_workshop.objectives["weight"] = 0.0
    result = score(small_workshop)
    assert (result.table["business_impact"] == 0).all()
    assert (result.table["score"] == 0).all()


def test_row_order_does_not_change_results(small_workshop: Workshop) -> None:
    before = score(small_workshop).table.set_index("id")
    for name in ("insights", "objectives", "initiatives", "links"):
        df = getattr(small_workshop, name)
        setattr(small_workshop, name, df.iloc[::-1].reset_index(drop=True))
    after = score(small_workshop).table.set_index("id")
    pd.testing.assert_frame_equal(before.sort_index(), after.sort_index())


def test_a_lens_can_carry_its_own_objective_weights(small_workshop: Workshop) -> None:
    # O1 (weight 2) and O2 (weight 1); A links O1 medium (3) and O2 weak (1) in the fixture.
    # With all the weight on O2, A's business impact is 100 × (1/9) = 11.111.
    lens = ScoringSettings(objective_weights={"O1": 0.0, "O2": 5.0})
    a = score(small_workshop, lens).row("A")
    assert a["business_impact"] == pytest.approx(100 * 1 / 9)
    # IDs the lens does not name keep their table weight; the table itself is untouched.
    partial = score(small_workshop, ScoringSettings(objective_weights={"O2": 2.0})).row("A")
    assert partial["business_impact"] == pytest.approx(100 * (2 * 3 / 9 + 2 * 1 / 9) / 4)
    assert small_workshop.objectives["weight"].tolist() == [2.0, 1.0]


def test_a_target_id_that_is_both_an_insight_and_an_objective_counts_once_as_the_insight(
    small_workshop: Workshop,
) -> None:
    from sweetspot.core.scoring import _look_up

    w = small_workshop
    inits = pd.array(["A", "B", "C"], dtype="str")
    targets = pd.array(["I1", "O1", "X9"], dtype="str")
    ins, objs = pd.Index(w.insights["id"]), pd.Index(w.objectives["id"])
    unique = _look_up(inits, targets, pd.Index(w.initiatives["id"]), ins, objs)
    assert [a.tolist() for a in unique] == [[0, 1, 2], [0, -1, -1], [-1, 0, -1]]
    # "O1" is also an insight ID now (a validation error): the insight reading wins.
    clash = pd.Index(["I1", "O1"], dtype="str")
    shared = _look_up(inits, targets, pd.Index(w.initiatives["id"]), clash, objs)
    assert [a.tolist() for a in shared] == [[0, 1, 2], [0, 1, -1], [-1, -1, -1]]


def test_repeated_pairs_keep_the_strongest_link_in_link_order() -> None:
    """The de-duplication of repeated (initiative, target) pairs against a plain reference:
    the strongest of each pair, the earlier among equals, in the links' own order."""
    from sweetspot.core.scoring import _side

    rng = np.random.default_rng(11)
    n = 400
    i = rng.integers(0, 6, n)
    j = rng.integers(0, 9, n)
    strength = rng.choice([0.0, 1.0, 3.0, 9.0], n)
    init_ids = pd.Index([f"A{k}" for k in range(6)], dtype="str")
    target_ids = pd.Index([f"I{k}" for k in range(9)], dtype="str")
    _impact, detail, kept_i, kept_j = _side(i, j, strength, init_ids, target_ids, np.ones(9))
    reference = (
        pd.DataFrame({"i": i, "j": j, "s": strength})
        .sort_values("s", ascending=False, kind="mergesort")
        .drop_duplicates(["i", "j"])
        .sort_index()
    )
    assert kept_i.tolist() == reference["i"].tolist()
    assert kept_j.tolist() == reference["j"].tolist()
    assert detail["strength"].tolist() == reference["s"].tolist()
