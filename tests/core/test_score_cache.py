"""Scoring keeps each link's ID → position lookup between re-scores (most of a re-score's time
at 250,000 links), and never reuses it once an ID may have changed."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sweetspot.core.edits import SetCell, apply_edit
from sweetspot.core.model import Workshop
from sweetspot.core.project import Project
from sweetspot.core.scoring import ScoringSettings, score
from tests.conftest import make_small_workshop


def same_scores(a: Workshop, b: Workshop) -> None:
    x, y = score(a).table, score(b).table
    assert x["id"].tolist() == y["id"].tolist()
    for col in ("customer_impact", "business_impact", "score"):
        np.testing.assert_allclose(x[col].to_numpy(float), y[col].to_numpy(float))


def test_a_re_score_reuses_the_lookup_and_a_slider_move_keeps_it() -> None:
    w = make_small_workshop()
    score(w)
    kept = w.score_cache["link_positions"]
    score(w, ScoringSettings(alpha=0.8, objective_weights={"O1": 5.0}))
    assert w.score_cache["link_positions"] is kept


def test_an_id_rename_through_an_edit_is_scored_from_the_new_ids() -> None:
    project = Project(make_small_workshop())
    before = score(project.workshop).row("A")["score"]
    apply_edit(project, SetCell("initiatives", "A", "id", "A9"))
    result = score(project.workshop)
    assert result.row("A9")["score"] == before  # its links came along
    same_scores(project.workshop, project.workshop.copy())  # a fresh workshop agrees


def test_new_tables_are_looked_up_afresh() -> None:
    w = make_small_workshop()
    score(w)
    # A link moved from I1 to I2: a new links table, so a new lookup.
    w.links = pd.DataFrame(
        {"initiative": ["A", "A", "B", "C", "A"], "target": ["I2", "O1", "I2", "O2", "O2"]}
        | {"strength": [9.0, 3.0, 3.0, 9.0, 1.0]}
    )
    same_scores(w, w.copy())
    assert score(w).driver_text("customer", "A").startswith("I2")


def test_an_id_written_in_place_behind_the_edits_back_is_caught() -> None:
    # Not how the app changes data (edits bump the revision), but a stale lookup would
    # mis-score silently: a sample of links is checked before the lookup is reused.
    w = make_small_workshop()
    score(w)
    w.links.iloc[0, 1] = "I2"  # A's strong link now points at I2, same array, same revision
    same_scores(w, w.copy())
