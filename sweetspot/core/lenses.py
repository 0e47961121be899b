"""Scenarios ("lenses") side by side: each initiative's rank under every saved lens.

A lens is a named `ScoringSettings` (α, ranking, segment / journey-stage filter, workshop
placements) saved in the project. `compare` scores the workshop once per lens with the ordinary
`score()` (so a lens's filter recomputes customer impact from its insights only, exactly as the
app does) and lines the ranks up; the initiatives in the top N under every lens are the
"robust sweet spots". `draw_bump_chart` draws the rank changes on a plain matplotlib `Figure`.

A lens carries its own objective weights in `ScoringSettings.objective_weights`; `compare` can
also be given weights per lens (objective ID → weight), which win over the saved ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoreResult, ScoringSettings, score

if TYPE_CHECKING:
    from sweetspot.core.project import Project

DEFAULT_TOP_N = 5
# Beyond this many lines a bump chart is spaghetti: only the best-placed initiatives are drawn.
MAX_BUMP_LINES = 15
# Okabe-Ito, then a few more distinguishable hues.
LINE_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#8C564B",
    "#7F7F7F",
)


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


def draw_bump_chart(
    fig: Figure,
    comparison: LensComparison,
    max_lines: int = MAX_BUMP_LINES,
    highlight: str | None = None,
) -> list[str]:
    """Rank of each initiative under each lens, one line per initiative (rank 1 on top).

    Draws at most `max_lines` lines (robust sweet spots first, then the best-placed ones) and
    returns the IDs drawn, in legend order. Robust sweet spots are drawn solid and thick.
    """
    fig.clear()
    ax = fig.add_subplot(1, 1, 1)
    names = comparison.lens_names
    drawn = bump_ids(comparison, max_lines)
    if not drawn:
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            "Save a lens (or pick two) to compare rankings",
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="#555555",
        )
        return []
    x = np.arange(len(names))
    robust = set(comparison.robust_ids)
    titles = dict(zip(comparison.table["id"], comparison.table["initiative"], strict=True))
    worst = 1
    for n, ident in enumerate(drawn):
        y = comparison.ranks.loc[ident].to_numpy(dtype=float)
        worst = max(worst, int(y.max()))
        colour = LINE_COLOURS[n % len(LINE_COLOURS)]
        strong = ident in robust or ident == highlight
        ax.plot(
            x,
            y,
            marker="o",
            color=colour,
            linewidth=2.6 if strong else 1.2,
            linestyle="-" if strong else "--",
            alpha=1.0 if strong else 0.75,
            label=f"{ident} {_short(titles.get(ident, ''))}".strip(),
        )
        ax.annotate(
            ident,
            (x[-1], y[-1]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=colour,
        )
    top_n = comparison.top_n
    if top_n > 0:
        ax.axhspan(0.5, top_n + 0.5, color="#009E73", alpha=0.08, linewidth=0)
        ax.text(
            -0.02,
            0.5 + top_n / 2,
            f"top {top_n}",
            ha="right",
            va="center",
            fontsize=8,
            color="#007A5A",
            transform=ax.get_yaxis_transform(),
        )
    ax.set_xticks(x, [_short(n, 24) for n in names])
    ax.set_xlim(-0.3, max(len(names) - 1, 0) + 0.6)
    ax.set_ylim(worst + 0.5, 0.5)
    ax.set_ylabel("Rank")
    ax.set_title("Rank under each lens (robust sweet spots drawn solid)", fontsize=10)
    ax.grid(axis="y", alpha=0.25)
    ax.legend(loc="upper left", bbox_to_anchor=(1.04, 1.0), fontsize=7, frameon=False)
    fig.subplots_adjust(left=0.1, right=0.7, bottom=0.12, top=0.9)
    return drawn


def _short(text: object, limit: int = 28) -> str:
    t = " ".join(str(text).split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"
