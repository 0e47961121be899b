"""Scenarios ("lenses") side by side: each initiative's rank under every saved lens.

A lens is a named `ScoringSettings` (α, ranking, segment / journey-stage filter, workshop
placements) saved in the project. `compare` scores the workshop once per lens with the ordinary
`score()` (so a lens's filter recomputes customer impact from its insights only, exactly as the
app does) and lines the ranks up; the initiatives in the top N under every lens are the
"robust sweet spots". `sweetspot.core.plot.charts.draw_bump_chart` draws the rank changes.

A lens carries its own objective weights in `ScoringSettings.objective_weights`; `compare` can
also be given weights per lens (objective ID → weight), which win over the saved ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoreResult, ScoringSettings, score

if TYPE_CHECKING:
    from sweetspot.core.project import Project

DEFAULT_TOP_N = 5
# Beyond this many lines a bump chart is spaghetti: only the best-placed initiatives are drawn.
MAX_BUMP_LINES = 15


@dataclass
class LensComparison:
    """Each initiative's rank under each lens, and which stay in the top N under all of them."""

    # One row per initiative, most robust first (worst rank, then mean rank, then ID).
    # Columns: id, initiative, best_rank, worst_rank, mean_rank, spread, robust.
    table: pd.DataFrame
    # Rank per lens: same row order as `table` (index = initiative ID), one column per lens.
    ranks: pd.DataFrame
    # Sweet-spot score per lens, same shape as `ranks`.
    scores: pd.DataFrame
    lens_names: list[str]
    top_n: int
    results: dict[str, ScoreResult] = field(default_factory=dict)

    @property
    def robust_ids(self) -> list[str]:
        """The robust sweet spots: in the top N under every lens, best first."""
        return self.table.loc[self.table["robust"], "id"].tolist()


def compare(
    workshop: Workshop,
    lenses: Mapping[str, ScoringSettings],
    top_n: int = DEFAULT_TOP_N,
    weights: Mapping[str, Mapping[str, float]] | None = None,
) -> LensComparison:
    """Score the workshop under every lens and line the ranks up.

    `weights` optionally gives a lens (by name) its own objective weights. An initiative is a
    robust sweet spot when its rank is ≤ `top_n` under every lens (never with no lens at all).
    """
    top_n = max(int(top_n), 0)
    names = [str(n) for n in lenses]
    inits = workshop.initiatives
    ids = inits["id"].astype(str).tolist()
    titles = dict(zip(ids, inits["initiative"].astype(str).tolist(), strict=True))
    results: dict[str, ScoreResult] = {}
    rank_cols: dict[str, list[int]] = {}
    score_cols: dict[str, list[float]] = {}
    for name, settings in lenses.items():
        own = (weights or {}).get(name)
        if own:
            # Weights given here win over those the lens was saved with; IDs not named keep
            # their table weight (score() applies them, the workshop is never copied).
            settings = settings.with_changes(
                objective_weights={str(k): float(v) for k, v in own.items()}
            )
        result = score(workshop, settings)
        results[str(name)] = result
        t = result.table
        rank_of = dict(zip(t["id"].astype(str), t["rank"].astype(int), strict=True))
        score_of = dict(zip(t["id"].astype(str), t["score"].astype(float), strict=True))
        rank_cols[str(name)] = [rank_of[i] for i in ids]
        score_cols[str(name)] = [score_of[i] for i in ids]

    ranks = pd.DataFrame(rank_cols, index=pd.Index(ids, name="id"), columns=names, dtype="int64")
    scores = pd.DataFrame(score_cols, index=pd.Index(ids, name="id"), columns=names, dtype=float)
    r = ranks.to_numpy(dtype=float)
    if names and len(ids):
        best, worst, mean = r.min(axis=1), r.max(axis=1), r.mean(axis=1)
        robust = worst <= top_n
    else:
        best = worst = mean = np.full(len(ids), np.nan)
        robust = np.zeros(len(ids), dtype=bool)
    table = pd.DataFrame(
        {
            "id": ids,
            "initiative": [titles[i] for i in ids],
            "best_rank": best,
            "worst_rank": worst,
            "mean_rank": mean,
            "spread": worst - best,
            "robust": robust,
        }
    )
    table = table.sort_values(
        ["worst_rank", "mean_rank", "id"], ascending=True, kind="mergesort", na_position="last"
    ).reset_index(drop=True)
    order = table["id"].tolist()
    return LensComparison(
        table=table,
        ranks=ranks.loc[order],
        scores=scores.loc[order],
        lens_names=names,
        top_n=top_n,
        results=results,
    )


def compare_lenses(
    project: Project, current: ScoringSettings | None = None, top_n: int = DEFAULT_TOP_N
) -> LensComparison | None:
    """A project's saved lenses beside `current` (the project's own settings when None) as
    "Current settings"; None when the project has no lenses. The CLI, the app and the report
    all compare this way."""
    if not project.lenses:
        return None
    now = current if current is not None else project.settings
    return compare(project.workshop, {"Current settings": now, **project.lenses}, top_n)


def scenarios_table(comparison: LensComparison) -> pd.DataFrame:
    """The comparison as a plain table for the `Scenarios` sheet (human column names)."""
    t = comparison.table
    out = pd.DataFrame({"ID": t["id"].to_numpy(), "Initiative": t["initiative"].to_numpy()})
    for name in comparison.lens_names:
        out[f"Rank: {name}"] = comparison.ranks[name].to_numpy()
    for name in comparison.lens_names:
        out[f"Score: {name}"] = comparison.scores[name].round(2).to_numpy()
    out["Best rank"] = t["best_rank"].to_numpy()
    out["Worst rank"] = t["worst_rank"].to_numpy()
    out["Rank spread"] = t["spread"].to_numpy()
    out[f"Robust sweet spot (top {comparison.top_n} under every lens)"] = np.where(
        t["robust"].to_numpy(), "Yes", ""
    )
    return out


def bump_ids(comparison: LensComparison, max_lines: int = MAX_BUMP_LINES) -> list[str]:
    """The initiatives a bump chart draws: robust ones first, then by best rank, at most N."""
    t = comparison.table
    if not len(t) or not comparison.lens_names:
        return []
    ordered = t.sort_values(
        ["robust", "best_rank", "mean_rank", "id"],
        ascending=[False, True, True, True],
        kind="mergesort",
    )
    return ordered["id"].head(max_lines).tolist()
