"""Swap distances as printed: typing the printed weight or α in swaps the pair, on every pair
of every sample; a crossing only float noise reaches (at a weight of 0) is no swap."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sweetspot.core.inputs import open_inputs
from sweetspot.core.robustness import _typed_past, swap_distances
from sweetspot.core.scoring import ScoringSettings, score

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"


def _ranks(workshop: object, settings: ScoringSettings) -> dict[str, int]:
    return score(workshop, settings).ranks()  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["retail_bank.xlsx", "pharma_hcp.xlsx"])
@pytest.mark.parametrize("rank_by", ["score", "value"])
def test_typing_the_printed_value_swaps_every_pair(name: str, rank_by: str) -> None:
    project = open_inputs([SAMPLES / name])
    settings = project.settings.with_changes(rank_by=rank_by)
    w = project.workshop
    swaps = swap_distances(w, settings)
    weights_checked = alphas_checked = 0
    for row in swaps.to_dict("records"):
        upper, lower = str(row["upper"]), str(row["lower"])
        objective, typed_w, typed_a = (
            str(row["objective"]),
            float(row["typed_weight"]),
            float(row["typed_alpha"]),
        )
        if objective:
            changed = w.copy()
            at = (changed.objectives["id"].astype(str) == objective).to_numpy()
            changed.objectives.loc[at, "weight"] = typed_w
            # As printed: on the app's grid (at most three decimals).
            assert typed_w == round(typed_w, 3)
            ranks = _ranks(changed, settings)
            assert ranks[lower] < ranks[upper], row
            weights_checked += 1
        if not np.isnan(typed_a):
            assert typed_a == round(typed_a, 2)
            ranks = _ranks(w, settings.with_changes(alpha=typed_a))
            assert ranks[lower] < ranks[upper], row
            alphas_checked += 1
    assert weights_checked >= 5 and alphas_checked >= 3


def test_printed_text_shows_the_typed_values() -> None:
    from sweetspot.core.robustness import RobustnessParams, robustness, robustness_table

    project = open_inputs([SAMPLES / "retail_bank.xlsx"])
    result = robustness(project.workshop, project.settings, RobustnessParams(draws=100))
    table = robustness_table(result).set_index("ID")
    row = result.swaps.dropna(subset=["typed_weight"]).iloc[0]
    text = table.loc[row["upper"], "Smallest weight change to swap with next"]
    assert text == (
        f"{row['objective']} {row['weight']:g} → {row['typed_weight']:g} swaps with {row['lower']}"
    )


def test_rounding_goes_past_the_crossing() -> None:
    always = lambda _v: True  # noqa: E731
    assert _typed_past(3.4567, up=True, decimals=range(1, 4), swaps=always) == 3.5
    assert _typed_past(3.4567, up=False, decimals=range(1, 4), swaps=always) == 3.4
    # On the grid already: one step further, since at the crossing they only tie.
    assert _typed_past(3.4, up=False, decimals=range(1, 4), swaps=always) == 3.3
    # A weight must stay above 0: down from 0.034 takes two decimals (0.03).
    positive = lambda v: v > 0  # noqa: E731
    assert _typed_past(0.034, up=False, decimals=range(1, 4), swaps=positive) == 0.03
    assert np.isnan(_typed_past(1e-14, up=False, decimals=range(1, 4), swaps=positive))


def test_a_crossing_at_weight_zero_is_no_swap() -> None:
    from tests.conftest import make_small_workshop

    # B serves I2 only on the customer side; give it O2 as its only objective, as A has O2 too.
    # Lowering O2 to 0 makes both business impacts move, and they only meet where O2 is 0.
    w = make_small_workshop()
    w.links = pd.DataFrame(
        {
            "initiative": ["A", "A", "B", "B"],
            "target": ["I1", "O2", "I1", "O2"],
            "strength": [9.0, 9.0, 3.0, 9.0],
        }
    )
    swaps = swap_distances(w, ScoringSettings())
    # A and B have the same business impact at every weight of O2: no weight change swaps them
    # (the crossing at 0 would only make them tie, and weights stay above 0).
    ab = swaps.loc[(swaps["upper"] == "A") & (swaps["lower"] == "B")].iloc[0]
    assert ab["objective"] == "" and np.isnan(ab["typed_weight"])
