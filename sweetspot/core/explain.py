"""Explanations a room asks for: what each link is worth to an initiative's score and rank.

Two readings of one score, both exact, each for its own question:
- the *share* (`ScoreResult.contributions`): the score split between the sides in proportion to
  the exponents (α·S to the customer side) and within a side by each link's share of the
  impact; the shares add up to the score;
- *without this link* (`without_each_link`): the score and rank the initiative would have if
  that one link were removed, everything else as it is. Removing a link changes only its own
  initiative's impact (the totals are over all insights and all objectives, not over links),
  so this is exact and needs no re-scoring of the rest.

For an initiative that serves one side only (score 0), `best_missing_link` says which single
strong link on the missing side would lift it most, and to what score and rank.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sweetspot.core.model import FULL_STRENGTH, Workshop
from sweetspot.core.scoring import ScoreResult, objective_weights, tie_key

SIDES = ("customer", "business")
WITHOUT_COLUMNS = [
    "side",
    "target",
    "strength",
    "impact",
    "score_without",
    "rank_without",
    "places_lost",
]


def _order_keys(
    table: pd.DataFrame, c: np.ndarray, s: np.ndarray, v: np.ndarray, rank_by: str
) -> np.ndarray:
    """Rank keys as one structured array whose ascending order is the rank order of
    `scoring.rank_order` (better first; blanks last; ties by the tie rule, then ID)."""

    def down(x: np.ndarray) -> np.ndarray:
        key = -tie_key(x)
        return np.where(np.isnan(key), np.inf, key)

    fields = [("v", "f8")] if rank_by == "value" else []
    dtype = np.dtype([*fields, ("s", "f8"), ("c", "f8"), ("id", "i8")])
    out = np.zeros(len(s), dtype=dtype)
    if rank_by == "value":
        out["v"] = down(v)
    out["s"], out["c"] = down(s), down(c)
    ids = table["id"].astype(str).to_numpy()
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(len(ids))
    out["id"] = id_rank
    return out


def _values_at(table: pd.DataFrame, pos: np.ndarray, s_new: np.ndarray) -> np.ndarray:
    """Value for effort of rows `pos` at scores `s_new` (V = S × confidence ÷ effort)."""
    effort = table["effort"].to_numpy(float)[pos]
    confidence = table["confidence"].to_numpy(float)[pos]
    conf = np.where(np.isnan(confidence), 1.0, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((effort > 0) & ~np.isnan(effort), s_new * conf / effort, np.nan)


def ranks_at(result: ScoreResult, pos: np.ndarray, c: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For each (row pos[k], impacts c[k], b[k]): the rank that row would have at those
    impacts, every other initiative as it is (one sort and one search for all)."""
    t = result.table
    alpha = float(np.clip(result.settings.alpha, 0.0, 1.0))
    rank_by = result.settings.rank_by
    cs, ss, vs = (t[k].to_numpy(float) for k in ("customer_impact", "score", "value"))
    now = _order_keys(t, cs, ss, vs, rank_by)
    s_new = np.power(c, alpha) * np.power(b, 1.0 - alpha)
    cand = _order_keys(t.iloc[pos], c, s_new, _values_at(t, pos, s_new), rank_by)
    cand["id"] = now["id"][pos]
    ahead = np.searchsorted(np.sort(now), cand, side="left")
    # The row itself, at its present place, is not one of the others.
    return ahead - _before(now[pos], cand).astype(np.int64) + 1


def _before(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a[k] < b[k] in the lexicographic order of the structured keys' fields."""
    less = np.zeros(len(a), dtype=bool)
    equal = np.ones(len(a), dtype=bool)
    for name in a.dtype.names or ():
        less |= equal & (a[name] < b[name])
        equal &= a[name] == b[name]
    return less


def link_effects(result: ScoreResult, initiative: str | None = None) -> pd.DataFrame:
    """Every scored link (of one `initiative`, or of all) with both explanations: its `share`
    of the score (the exponent split) and the initiative's score and rank `without` it
    (`places_lost` ≥ 0).

    A placed initiative keeps its place without any of its links (the room put it there)."""
    t = result.table
    parts = []
    for side, detail in zip(
        SIDES, (result.customer_contributions, result.business_contributions), strict=True
    ):
        if initiative is not None:
            detail = detail.loc[detail["initiative"].astype(str) == initiative]
        parts.append(detail.assign(side=side))
    links = pd.concat(parts, ignore_index=True)
    pos_of = pd.Index(t["id"].astype(str))
    pos = pos_of.get_indexer(pd.Index(links["initiative"].astype(str)))
    c = t["customer_impact"].to_numpy(float)[pos]
    b = t["business_impact"].to_numpy(float)[pos]
    impact = links["impact"].to_numpy(float)
    customer = (links["side"] == "customer").to_numpy()
    placed = t["overridden"].to_numpy(bool)[pos] if "overridden" in t else np.zeros(len(pos), bool)
    # max(…, 0): removing the last link leaves exactly 0, not float noise below it.
    c2 = np.where(customer & ~placed, np.maximum(c - impact, 0.0), c)
    b2 = np.where(~customer & ~placed, np.maximum(b - impact, 0.0), b)
    alpha = float(np.clip(result.settings.alpha, 0.0, 1.0))
    rank_now = t["rank"].to_numpy()[pos]
    rank_without = ranks_at(result, pos, c2, b2) if len(pos) else np.zeros(0, np.int64)
    out = pd.DataFrame(
        {
            "initiative": links["initiative"].astype(str).to_numpy(),
            "rank": rank_now,
            "side": links["side"].to_numpy(),
            "target": links["target"].astype(str).to_numpy(),
            "strength": links["strength"].to_numpy(float),
            "impact": impact,
            "share": links["score"].to_numpy(float),
            "score_without": np.power(c2, alpha) * np.power(b2, 1.0 - alpha),
            "rank_without": rank_without,
        }
    )
    out["places_lost"] = out["rank_without"] - out["rank"]
    return out.sort_values(
        ["rank", "places_lost", "impact"], ascending=[True, False, False], ignore_index=True
    )


def without_each_link(result: ScoreResult, ident: str) -> pd.DataFrame:
    """One row per link of the initiative: its side, target, strength, the impact points it
    brings, and the score and rank without it (`places_lost` ≥ 0: how far it would fall),
    biggest fall first. Empty for an initiative the room placed: its links do not move it."""
    if bool(result.row(ident).get("overridden", False)):
        return pd.DataFrame(columns=WITHOUT_COLUMNS)
    return link_effects(result, ident)[WITHOUT_COLUMNS]


@dataclass(frozen=True)
class MissingLink:
    """The single strong link that would lift a one-sided initiative most."""

    side: str  # the side it lacks: "customer" or "business"
    target: str
    target_name: str
    score: float
    rank: int

    def advice(self) -> str:
        what = "insight" if self.side == "customer" else "objective"
        return (
            f"A strong link to the {what} {self.target} ({self.target_name}) would lift it "
            f"most: score {self.score:.1f}, rank {self.rank}."
        )

    def sentence(self, ident: str) -> str:
        return f"{ident} serves one side only, so it scores 0. {self.advice()}"


def _heaviest(weights: pd.Series) -> tuple[str, float, float]:
    """The heaviest target (equal weights by ID, as everywhere), its weight, the total."""
    ordered = weights.sort_index(kind="mergesort").sort_values(ascending=False, kind="mergesort")
    return str(ordered.index[0]), float(ordered.to_numpy()[0]), float(weights.sum())


def best_missing_links(result: ScoreResult, workshop: Workshop) -> dict[str, MissingLink]:
    """For every initiative with impact on one side only (and not placed by the room): the
    strong link (strength 9) to one target of the other side that would raise its score most,
    by initiative ID. That target is the heaviest one of the missing side — a strong link
    brings its whole weight — so one search ranks them all."""
    t = result.table
    c = t["customer_impact"].to_numpy(float)
    b = t["business_impact"].to_numpy(float)
    placed = t["overridden"].to_numpy(bool) if "overridden" in t else np.zeros(len(t), bool)
    sides = {
        "business": (
            (c > 0) & ~(b > 0) & ~placed,
            objective_weights(workshop, result.settings),
            workshop.objectives.set_index(workshop.objectives["id"].astype(str))["objective"],
        ),
        "customer": (
            (b > 0) & ~(c > 0) & ~placed,
            result.need_weights,
            workshop.insights.set_index(workshop.insights["id"].astype(str))["need"],
        ),
    }
    alpha = float(np.clip(result.settings.alpha, 0.0, 1.0))
    out: dict[str, MissingLink] = {}
    for side, (lacking, weights, names) in sides.items():
        pos = np.flatnonzero(lacking)
        if not len(pos) or not (weights > 0).any():
            continue
        target, weight, total = _heaviest(weights)
        # A strong link (strength 9 of 9) brings the target's whole weight.
        gained = np.full(len(pos), 100.0 * (FULL_STRENGTH / FULL_STRENGTH) * weight / total)
        c2 = gained if side == "customer" else c[pos]
        b2 = gained if side == "business" else b[pos]
        ranks = ranks_at(result, pos, c2, b2)
        scores = np.power(c2, alpha) * np.power(b2, 1.0 - alpha)
        name = str(names.get(target, ""))
        for p, s, r in zip(pos.tolist(), scores.tolist(), ranks.tolist(), strict=True):
            out[str(t["id"].iloc[p])] = MissingLink(side, target, name, float(s), int(r))
    return out


def best_missing_link(result: ScoreResult, workshop: Workshop, ident: str) -> MissingLink | None:
    """`best_missing_links` for one initiative (None when it has both sides, neither, or was
    placed by the room)."""
    return best_missing_links(result, workshop).get(ident)


def key_links(result: ScoreResult, workshop: Workshop, ids: list[str]) -> dict[str, str]:
    """Per initiative of `ids`: the link it leans on most, with its score and rank without it
    ("I02: 3.6 · #12"), or for a one-sided one the link that would lift it most ("add O1:
    24.6 · #2"). For a report's table."""
    wanted = set(ids)
    effects = link_effects(result)
    effects = effects.loc[effects["initiative"].isin(wanted)]
    out = {}
    for ident, rows in effects.groupby("initiative", sort=False):
        key = rows.iloc[0]  # most places lost, then most impact
        out[str(ident)] = f"{key['target']}: {key['score_without']:.1f} · #{key['rank_without']}"
    for ident, lift in best_missing_links(result, workshop).items():
        if ident in wanted:
            out[ident] = f"add {lift.target}: {lift.score:.1f} · #{lift.rank}"
    return out
