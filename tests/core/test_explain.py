""" "Without this link" and the best missing link, on the worked example (docs/how-scores-work.md).

The small workshop: N(I1) = 5/5 + (5 − 2)/5 = 1.6, N(I2) = 3/5 = 0.6 (total 2.2); objective
weights O1 2, O2 1 (total 3). A: C = 100 × 1.6/2.2 = 72.73, B = 100 × (3/9 × 2 + 1/9 × 1)/3 =
25.93, S = √(C·B) = 43.42, rank 1. B: C = 100 × (3/9 × 0.6)/2.2 = 9.09, B = 0, rank 2.
C: C = 0, B = 100 × 1/3 = 33.33, rank 3 (B and C tie at 0; B has the higher C).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from sweetspot.core.explain import best_missing_link, link_effects, without_each_link
from sweetspot.core.scoring import Override, ScoringSettings, score
from tests.conftest import make_small_workshop

C_A = 100 * 1.6 / 2.2


def test_without_each_link_of_a() -> None:
    result = score(make_small_workshop())
    table = without_each_link(result, "A").set_index("target")
    assert set(table.index) == {"I1", "O1", "O2"}
    # Without A–I1, A serves the business only: score 0, and among the zeros it goes after
    # B (C 9.09) and before C (same C of 0, ID order): rank 2, one place lost.
    assert table.loc["I1", "score_without"] == 0.0
    assert table.loc["I1", "rank_without"] == 2 and table.loc["I1", "places_lost"] == 1
    assert table.loc["I1", "impact"] == pytest.approx(C_A)
    # Without A–O1: B = 100 × (1/9)/3 = 3.70, S = √(72.73 × 3.70) = 16.41, still first.
    assert table.loc["O1", "score_without"] == pytest.approx(math.sqrt(C_A * 100 / 27))
    assert table.loc["O1", "rank_without"] == 1 and table.loc["O1", "places_lost"] == 0
    # Without A–O2: B = 100 × (2/3)/3 = 22.22, S = 40.20.
    assert table.loc["O2", "score_without"] == pytest.approx(math.sqrt(C_A * 200 / 9))
    # Biggest fall first.
    assert without_each_link(result, "A")["target"].iloc[0] == "I1"


def test_best_missing_link_for_one_sided_initiatives() -> None:
    w = make_small_workshop()
    result = score(w)
    # B has customer impact only: a strong link to the heaviest objective, O1 (weight 2 of 3),
    # gives B = 66.67 and S = √(9.09 × 66.67) = 24.62: second, behind A.
    b = best_missing_link(result, w, "B")
    assert b is not None and (b.side, b.target) == ("business", "O1")
    assert b.score == pytest.approx(math.sqrt(100 * 0.2 / 2.2 * 200 / 3))
    assert b.rank == 2
    assert "O1 (Cut cost to serve)" in b.sentence("B")
    # C has business impact only: a strong link to I1 (need 1.6 of 2.2) makes it first.
    c = best_missing_link(result, w, "C")
    assert c is not None and (c.side, c.target) == ("customer", "I1")
    assert c.score == pytest.approx(math.sqrt(C_A * 100 / 3)) and c.rank == 1
    # A has both sides: nothing is missing.
    assert best_missing_link(result, w, "A") is None


def test_a_placed_initiative_is_not_moved_by_its_links() -> None:
    w = make_small_workshop()
    result = score(w, ScoringSettings(overrides={"A": Override(50.0, 50.0, "agreed")}))
    assert without_each_link(result, "A").empty
    assert best_missing_link(result, w, "A") is None


def test_without_a_link_under_value_ranking() -> None:
    w = make_small_workshop()
    w.initiatives["effort"] = [2.0, 1.0, 1.0]
    result = score(w, ScoringSettings(rank_by="value"))
    # A's value S/2 = 21.71 stays first without O1 (16.41/2 = 8.2 > the zeros).
    row = without_each_link(result, "A").set_index("target").loc["O1"]
    assert row["rank_without"] == 1


@pytest.mark.parametrize(
    ("seed", "settings"),
    [
        (5, ScoringSettings()),
        (6, ScoringSettings(alpha=0.7, rank_by="value")),
        (7, ScoringSettings(alpha=0.3, segments=frozenset({"Retail"}))),
    ],
)
def test_without_a_link_equals_scoring_the_workshop_without_it(
    seed: int, settings: ScoringSettings
) -> None:
    from tests.core.test_whatif import random_workshop

    w = random_workshop(seed, 25, 4, 18)
    w.initiatives["effort"] = np.where(np.arange(18) % 4 == 0, np.nan, 1.0 + np.arange(18) % 3)
    result = score(w, settings)
    effects = link_effects(result)
    assert len(effects) > 30
    for row in effects.sample(30, random_state=seed).itertuples(index=False):
        pair = (w.links["initiative"].astype(str) == row.initiative) & (
            w.links["target"].astype(str) == row.target
        )
        cut = w.copy()
        cut.links = w.links.loc[~pair].reset_index(drop=True)
        again = score(cut, settings).table.set_index("id")
        scores, ranks = again["score"].to_dict(), again["rank"].to_dict()
        assert scores[row.initiative] == pytest.approx(row.score_without, abs=1e-9)
        assert ranks[row.initiative] == row.rank_without, row


def test_the_link_effects_sheet(tmp_path: Path) -> None:
    import openpyxl

    from sweetspot.core.export import write_backlog

    w = make_small_workshop()
    path = write_backlog(tmp_path / "b.xlsx", w, score(w))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames.index("Link effects") == book.sheetnames.index("Links") + 1
    rows = list(book["Link effects"].iter_rows(values_only=True))
    head = list(rows[0])
    cells = [dict(zip(head, r, strict=True)) for r in rows[1:]]
    by = {(c["ID"], c["Linked to"]): c for c in cells}
    a_i1 = by[("A", "I1")]
    assert a_i1["Rank"] == 1 and a_i1["Side"] == "Customer" and a_i1["Strength"] == 9
    assert a_i1["Impact points"] == pytest.approx(C_A)
    assert a_i1["Score without this link"] == 0 and a_i1["Rank without this link"] == 2
    assert a_i1["Places lost"] == 1
    # The shares add up to the score; A's rows come first, its most needed link first.
    shares = sum(c["Share of score"] for c in cells if c["ID"] == "A")
    assert shares == pytest.approx(math.sqrt(C_A * 700 / 27))
    assert [c["ID"] for c in cells][:3] == ["A"] * 3 and cells[0]["Linked to"] == "I1"
    # B serves the customer only: its first row says which link would lift it most.
    b_row = next(c for c in cells if c["ID"] == "B")
    assert "A strong link to the objective O1 (Cut cost to serve)" in b_row["Missing side"]
