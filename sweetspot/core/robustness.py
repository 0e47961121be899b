"""How robust is the ranking? Monte Carlo over the room's uncertain inputs, and swap distances.

Each draw perturbs, together:

- **objective weights**: Dirichlet(concentration × current weights / Σ weights); the mean is the
  current share of every objective, a higher concentration keeps the draws closer to it. An
  objective weighted 0 stays 0. `concentration=None` (or ∞) keeps the weights fixed.
- **link strengths**: with probability p each existing link moves one step up or down the QFD
  ladder 1/3/9 (up and down equally likely; a strong link cannot go up and a weak link cannot go
  down, and then it stays). Links are never created or removed: a link recorded as 0 stays 0
  and a weak link never drops to 0. A strength between rungs (say 5) moves to the rung above or
  below it.
- **α**: uniform on [α − spread, α + spread], clipped to [0, 1]. When the current α is strictly
  between 0 and 1 the draws stay within [0.01, 0.99], so a draw never switches one side off.
- **need weights**, where a survey measured them: an insight whose "Importance CI" or
  "Satisfaction CI" holds a 95 % interval ("3.21–3.55") has that value drawn from a normal with
  mean = its current value and sd = (hi − lo) / (2 × 1.96), clipped to the workshop scale; its
  need weight follows the formula of `need_weights` and every link on it uses the drawn weight
  (sweetspot.core.robustness_needs). Insights without an interval, reach and the lens filter
  stay fixed; `survey_intervals=False` keeps every need fixed. These draws have a generator of
  their own (seeded from the seed): without intervals the figures are exactly as before.

Workshop placements (overrides) are the room's agreed position: an overridden initiative keeps
its agreed customer and business impact in every draw (only α moves its score). Ranks follow the
same rule as `score()`: by the sweet-spot score (or value for effort) descending, ties by
customer impact descending, then by ID.

Consequences, tested in tests/core/test_robustness.py: every draw has exactly N initiatives in
its top N, so the P(top N) sum to N; an initiative with no customer or no business impact scores
0 in every draw, and one that serves both sides scores above 0 in every draw (unless a drawn
importance reaches the bottom of a scale that starts at 0), so a one-sided initiative is never
in the top N when at least N initiatives serve both sides (with fewer, the tie rule — customer
impact, then ID — fills the top N with zero scores).

It is vectorised: the links are sorted by initiative once and, for a batch of draws, impacts are
a product of the (draws × links) strength array with per-link factors summed per initiative by
one `np.add.reduceat`; the ranks of all draws of a batch come from one `np.lexsort`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np
import pandas as pd

from sweetspot.core.model import FULL_STRENGTH, STRENGTH_LADDER, Workshop
from sweetspot.core.robustness_needs import NeedNoise, need_noise
from sweetspot.core.scoring import (
    ScoringSettings,
    lens_mask,
    link_positions,
    need_weights,
    score,
    tie_key,
)

DEFAULT_DRAWS = 2000
DEFAULT_TOP_N = 5
DEFAULT_CONCENTRATION = 50.0
DEFAULT_FLIP_PROBABILITY = 0.1
DEFAULT_ALPHA_SPREAD = 0.15
DEFAULT_TORNADO_CHANGE = 0.2
BATCH = 250
# At most this many (draw × link) cells per batch, so a 250,000-link programme stays in memory.
BATCH_CELLS = 4_000_000
# Inner bounds for sampled α when the room's α is strictly inside (0, 1).
ALPHA_INNER = (0.01, 0.99)
LADDER = np.array([s for s in STRENGTH_LADDER if s > 0], dtype=float)  # 1, 3, 9

ProgressFn = Callable[[int, int], bool | None]


class RobustnessCancelled(Exception):
    """The progress callback asked to stop."""


@dataclass(frozen=True)
class RobustnessParams:
    draws: int = DEFAULT_DRAWS
    top_n: int = DEFAULT_TOP_N
    seed: int | None = 7
    concentration: float | None = DEFAULT_CONCENTRATION
    flip_probability: float = DEFAULT_FLIP_PROBABILITY
    alpha_spread: float = DEFAULT_ALPHA_SPREAD
    # Draw the importance and satisfaction of insights that carry a survey interval.
    survey_intervals: bool = True
    # Filled in by robustness() on the result's params: how many insights' intervals were used.
    survey_insights_used: int = field(default=0, compare=False)

    def describe(self) -> str:
        conc = "fixed" if _no_weight_noise(self.concentration) else f"{self.concentration:g}"
        text = (
            f"{self.draws} draws, seed {self.seed}, Dirichlet concentration {conc}, "
            f"link step probability {self.flip_probability:g}, α ± {self.alpha_spread:g}"
        )
        n = self.survey_insights_used
        if n > 0:
            text += f", survey intervals on {n} insight{'s' if n != 1 else ''}"
        elif not self.survey_intervals:
            text += ", survey intervals off"
        return text


@dataclass
class RobustnessResult:
    """P(top N), rank intervals and swap distances for every initiative."""

    # One row per initiative in the current rank order. Columns: rank, id, initiative, score,
    # customer_impact, business_impact, p_top, rank_p05, rank_median, rank_p95, rank_mean.
    table: pd.DataFrame
    # One row per adjacent pair of the current ranking. Columns: rank (of the upper one),
    # upper, lower, objective, weight, new_weight, weight_change, alpha_needed, alpha_change.
    swaps: pd.DataFrame
    params: RobustnessParams
    settings: ScoringSettings
    # Ranks of every draw (draws × initiatives, columns in workshop order), for plots and checks.
    draw_ranks: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0), int))
    ids: list[str] = field(default_factory=list)
    # How many insights had their importance and/or satisfaction drawn from a survey interval.
    survey_insights: int = 0

    @property
    def top_n(self) -> int:
        return self.params.top_n


# ==== the model, prepared once =================================================================


@dataclass
class _Side:
    """The links of one side, sorted by initiative, ready for reduceat."""

    init: np.ndarray  # initiative position per link (sorted)
    target: np.ndarray  # target position per link
    strength: np.ndarray  # base strength per link
    down: np.ndarray  # strength one rung down (itself when it cannot move)
    up: np.ndarray  # strength one rung up
    starts: np.ndarray  # first link of each initiative that has links
    owners: np.ndarray  # the initiative positions of those groups

    def sums(self, values: np.ndarray, n: int) -> np.ndarray:
        """Per-initiative sums of a (draws × links) array → (draws × n)."""
        out = np.zeros((values.shape[0], n))
        if len(self.starts):
            out[:, self.owners] = np.add.reduceat(values, self.starts, axis=1)
        return out


class _Model:
    """The workshop as arrays: built once, then evaluated for many draws."""

    def __init__(self, workshop: Workshop, settings: ScoringSettings) -> None:
        self.settings = settings
        self.alpha = float(np.clip(settings.alpha, 0.0, 1.0))
        inits = workshop.initiatives
        self.ids = inits["id"].astype(str).tolist()
        self.titles = inits["initiative"].astype(str).tolist()
        init_index = pd.Index(self.ids)
        self.n = len(self.ids)
        id_order = np.argsort(np.array(self.ids, dtype=object), kind="stable")
        self.id_key = np.empty(self.n, dtype=np.int64)
        self.id_key[id_order] = np.arange(self.n)

        n_all = need_weights(workshop)
        self.counted = lens_mask(workshop, settings)
        need = n_all.to_numpy() * self.counted
        insight_ids = pd.Index(n_all.index)
        total_need = float(need.sum())
        self.need_factor = (
            need * (100.0 / total_need) / FULL_STRENGTH if total_need > 0 else np.zeros_like(need)
        )

        obj = workshop.objectives
        self.objective_ids = obj["id"].astype(str).tolist()
        self.objective_names = obj["objective"].astype(str).tolist()
        self.weights = np.nan_to_num(
            np.clip(pd.to_numeric(obj["weight"], errors="coerce").to_numpy(float), 0, None),
            nan=0.0,
        )
        objective_index = pd.Index(self.objective_ids)

        links = workshop.links
        li, on_insight, on_objective = link_positions(
            workshop, init_index, insight_ids, objective_index
        )
        strength = np.nan_to_num(
            np.clip(pd.to_numeric(links["strength"], errors="coerce").to_numpy(float), 0, 9),
            nan=0.0,
        )
        self.customer = _side(li, on_insight, strength, len(insight_ids))
        self.business = _side(li, on_objective, strength, len(self.objective_ids))
        self.customer_factor = self.need_factor[self.customer.target]

        # Overrides: the agreed position, fixed in every draw.
        self.overridden = np.zeros(self.n, dtype=bool)
        self.fixed_c = np.zeros(self.n)
        self.fixed_b = np.zeros(self.n)
        for pos, ident in enumerate(self.ids):
            ov = settings.overrides.get(ident)
            if ov is not None:
                self.overridden[pos] = True
                self.fixed_c[pos] = float(np.clip(ov.customer_impact, 0, 100))
                self.fixed_b[pos] = float(np.clip(ov.business_impact, 0, 100))

        effort = pd.to_numeric(inits["effort"], errors="coerce").to_numpy(float)
        confidence = pd.to_numeric(inits["confidence"], errors="coerce").to_numpy(float)
        conf_used = np.where(np.isnan(confidence), 1.0, confidence)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.value_factor = np.where(
                (effort > 0) & ~np.isnan(effort), conf_used / effort, np.nan
            )
        self.by_value = settings.rank_by == "value"

    # -- evaluation ------------------------------------------------------------------------
    def impacts(
        self,
        shares: np.ndarray,
        sc: np.ndarray,
        sb: np.ndarray,
        customer_factor: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Customer and business impact (draws × n) for normalised weights and strengths
        (`customer_factor`: drawn per-link need factors, draws × links; default the fixed ones)."""
        factor = self.customer_factor if customer_factor is None else customer_factor
        c = self.customer.sums(sc * factor, self.n)
        w_links = shares[:, self.business.target] * (100.0 / FULL_STRENGTH)
        b = self.business.sums(sb * w_links, self.n)
        if self.overridden.any():
            c[:, self.overridden] = self.fixed_c[self.overridden]
            b[:, self.overridden] = self.fixed_b[self.overridden]
        return c, b

    def scores(self, c: np.ndarray, b: np.ndarray, alpha: np.ndarray) -> np.ndarray:
        a = alpha[:, None]
        return np.power(c, a) * np.power(b, 1.0 - a)

    def ranks(self, s: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Rank (1 = best) of every initiative in every draw, by the rules of `score()`."""
        d = s.shape[0]
        # The tie rule of score(): numbers equal to TIE_DIGITS significant digits tie.
        keys: list[np.ndarray] = [
            np.broadcast_to(self.id_key, (d, self.n)),
            -tie_key(c),
            -tie_key(s),
        ]
        if self.by_value:
            v = tie_key(s * self.value_factor)
            keys.append(np.where(np.isnan(v), np.inf, -v))
        order = np.lexsort(keys, axis=-1)
        ranks = np.empty((d, self.n), dtype=np.int32)
        np.put_along_axis(ranks, order, np.arange(1, self.n + 1, dtype=np.int32)[None, :], 1)
        return ranks

    def shares(self) -> np.ndarray:
        total = float(self.weights.sum())
        return self.weights / total if total > 0 else np.zeros_like(self.weights)

    def drawn_customer_factor(self, need: np.ndarray) -> np.ndarray:
        """Per-link need factors (draws × links) for drawn need weights (draws × insights,
        overwritten), normalised per draw as `need_factor` is."""
        need *= self.counted
        total = need.sum(axis=1, keepdims=True)
        with np.errstate(divide="ignore"):
            per = np.where(total > 0, 100.0 / total, 0.0)
        need *= per
        need /= FULL_STRENGTH
        return need[:, self.customer.target]


def _side(li: np.ndarray, lj: np.ndarray, strength: np.ndarray, n_targets: int) -> _Side:
    keep = (li >= 0) & (lj >= 0)
    i, j, s = li[keep], lj[keep], strength[keep]
    # One link per pair, at its strongest (as scoring does).
    if len(i):
        key = i.astype(np.int64) * max(n_targets, 1) + j
        order = np.lexsort((-s, key))
        key, i, j, s = key[order], i[order], j[order], s[order]
        first = np.r_[True, key[1:] != key[:-1]]
        i, j, s = i[first], j[first], s[first]
    order = np.argsort(i, kind="stable")
    i, j, s = i[order], j[order], s[order]
    down, up = _neighbours(s)
    starts = np.flatnonzero(np.r_[True, i[1:] != i[:-1]]) if len(i) else np.zeros(0, np.intp)
    return _Side(i, j, s, down, up, starts, i[starts] if len(i) else np.zeros(0, np.intp))


def _neighbours(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One rung down and up the 1/3/9 ladder; 0 stays 0, ends stay put."""
    below = np.searchsorted(LADDER, s, side="left") - 1  # last rung strictly below
    above = np.searchsorted(LADDER, s, side="right")  # first rung strictly above
    down = np.where(below >= 0, LADDER[np.clip(below, 0, len(LADDER) - 1)], s)
    up = np.where(above < len(LADDER), LADDER[np.clip(above, 0, len(LADDER) - 1)], s)
    zero = s <= 0
    return np.where(zero, 0.0, down), np.where(zero, 0.0, up)


def _no_weight_noise(concentration: float | None) -> bool:
    return concentration is None or math.isinf(concentration) or concentration <= 0


# ==== Monte Carlo ================================================================================


def robustness(
    workshop: Workshop,
    settings: ScoringSettings | None = None,
    params: RobustnessParams | None = None,
    progress: ProgressFn | None = None,
) -> RobustnessResult:
    """Run the Monte Carlo and compute the swap distances (see the module docstring).

    `progress(done, total)` is called after every batch; returning False cancels
    (`RobustnessCancelled`).
    """
    settings = settings or ScoringSettings()
    params = params or RobustnessParams()
    model = _Model(workshop, settings)
    n, draws = model.n, max(int(params.draws), 0)
    rng = np.random.default_rng(params.seed)
    all_ranks = np.empty((draws, n), dtype=np.int32)
    shares0 = model.shares()
    positive = model.weights > 0
    conc = params.concentration
    p = float(np.clip(params.flip_probability, 0.0, 1.0))
    alpha0, spread = model.alpha, max(float(params.alpha_spread), 0.0)
    lo, hi = max(alpha0 - spread, 0.0), min(alpha0 + spread, 1.0)
    if 0.0 < alpha0 < 1.0:
        lo, hi = max(lo, min(ALPHA_INNER[0], alpha0)), min(hi, max(ALPHA_INNER[1], alpha0))
    noise: NeedNoise | None = None
    if params.survey_intervals:
        noise = need_noise(workshop, model.counted)
        if not noise.count:
            noise = None
    # The need draws have a generator of their own: the other draws stay as they were.
    need_rng = np.random.default_rng(None if params.seed is None else [params.seed, 1])
    widest = max(len(model.customer.strength), len(model.business.strength), n, 1)
    if noise is not None:
        widest = max(widest, len(model.need_factor))
    batch = max(1, min(BATCH, BATCH_CELLS // widest))
    done = 0
    while done < draws:
        d = min(batch, draws - done)
        if conc is None or _no_weight_noise(conc) or not positive.any():
            shares = np.broadcast_to(shares0, (d, len(shares0)))
        else:
            g = np.zeros((d, len(shares0)))
            g[:, positive] = np.maximum(
                rng.standard_gamma(float(conc) * shares0[positive], size=(d, int(positive.sum()))),
                np.finfo(float).tiny,
            )
            shares = g / g.sum(axis=1, keepdims=True)
        sc = _perturb(rng, model.customer, d, p)
        sb = _perturb(rng, model.business, d, p)
        alpha = rng.uniform(lo, hi, size=d) if hi > lo else np.full(d, alpha0)
        factor = None
        if noise is not None:
            factor = model.drawn_customer_factor(noise.needs(need_rng, d))
        c, b = model.impacts(shares, sc, sb, factor)
        s = model.scores(c, b, alpha)
        all_ranks[done : done + d] = model.ranks(s, c)
        done += d
        if progress is not None and progress(done, draws) is False:
            raise RobustnessCancelled

    base = score(workshop, settings)
    t = base.table
    pos = pd.Index(model.ids).get_indexer(pd.Index(t["id"].astype(str)))
    top_n = int(params.top_n)
    if draws:
        ranks = all_ranks[:, pos]
        p_top = (ranks <= top_n).mean(axis=0)
        q = np.quantile(ranks, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")
        mean_rank = ranks.mean(axis=0)
    else:
        p_top = np.full(len(t), np.nan)
        q = np.full((3, len(t)), np.nan)
        mean_rank = np.full(len(t), np.nan)
    table = pd.DataFrame(
        {
            "rank": t["rank"].to_numpy(),
            "id": t["id"].astype(str).to_numpy(),
            "initiative": t["initiative"].astype(str).to_numpy(),
            "score": t["score"].to_numpy(float),
            "customer_impact": t["customer_impact"].to_numpy(float),
            "business_impact": t["business_impact"].to_numpy(float),
            "p_top": p_top,
            "rank_p05": q[0],
            "rank_median": q[1],
            "rank_p95": q[2],
            "rank_mean": mean_rank,
        }
    )
    used = noise.count if noise is not None else 0
    return RobustnessResult(
        table=table,
        swaps=swap_distances(workshop, settings, model=model),
        params=replace(params, survey_insights_used=used),
        settings=settings,
        draw_ranks=all_ranks,
        ids=model.ids,
        survey_insights=used,
    )


def _perturb(rng: np.random.Generator, side: _Side, d: int, p: float) -> np.ndarray:
    """Strengths of one side for d draws: each link one rung down (p/2) or up (p/2)."""
    n_links = len(side.strength)
    if p <= 0 or not n_links:
        return np.broadcast_to(side.strength, (d, n_links))
    out = np.tile(side.strength, d)  # flat (draws × links)
    # The cells that move form a Bernoulli(p) process: draw the gaps between them (geometric)
    # instead of one uniform per cell, about 1/p times fewer random numbers.
    total = d * n_links
    expected = total * p
    chunk = int(expected + 6 * math.sqrt(expected) + 16)
    gaps = rng.geometric(p, size=chunk)
    pos = np.cumsum(gaps) - 1
    while pos[-1] < total:
        more = np.cumsum(rng.geometric(p, size=chunk)) + pos[-1]
        pos = np.concatenate([pos, more])
    pos = pos[pos < total]
    link = pos % n_links
    down = rng.random(len(pos)) < 0.5
    out[pos] = np.where(down, side.down[link], side.up[link])
    return out.reshape(d, n_links)


# ==== swap distances ============================================================================


def swap_distances(
    workshop: Workshop, settings: ScoringSettings | None = None, *, model: _Model | None = None
) -> pd.DataFrame:
    """For each adjacent pair of the current ranking, the smallest change that swaps them.

    Two single changes are solved analytically: one objective weight (the others fixed), and α.
    With weight w_k → w_k + δ the business impact is 100·(x_i + u_ik·δ)/(W + δ) (x_i = Σ_k u_ik
    w_k, u_ik = s_ik/9, W = Σ w), the common denominator cancels between two computed
    initiatives, and S_a = S_b becomes linear in δ:
    δ = (c_b x_b − c_a x_a) / (c_a u_a − c_b u_b) with c_i = (m_i C_i^α)^(1/(1−α)) (m_i = 1, or
    confidence/effort when ranking by value). α solves α·ΔlnC + (1−α)·ΔlnB + Δln m = 0. A
    change is kept when the new weight stays > 0 and α strictly inside (0, 1); where no
    single change swaps the pair the cells are blank.
    """
    settings = settings or ScoringSettings()
    model = model or _Model(workshop, settings)
    base = score(workshop, settings)
    t = base.table
    cols = [
        "rank",
        "upper",
        "lower",
        "objective",
        "weight",
        "new_weight",
        "weight_change",
        "typed_weight",
        "alpha_needed",
        "alpha_change",
        "typed_alpha",
    ]
    if len(t) < 2:
        return pd.DataFrame({c: [] for c in cols})
    ids = pd.Index(model.ids)
    order = ids.get_indexer(pd.Index(t["id"].astype(str)))
    alpha = model.alpha
    w = model.weights
    total_w = float(w.sum())
    k = len(w)
    # u[i, k] = strength/9 of initiative i on objective k (dense: initiatives × objectives).
    u = np.zeros((model.n, k))
    bs = model.business
    u[bs.init, bs.target] = bs.strength / FULL_STRENGTH
    x = u @ w
    c_now = t["customer_impact"].to_numpy(float)
    b_now = t["business_impact"].to_numpy(float)
    m = model.value_factor if model.by_value else np.ones(model.n)

    a_pos, b_pos = order[:-1], order[1:]
    rows: dict[str, list[object]] = {c: [] for c in cols}
    for r, (ia, ib) in enumerate(zip(a_pos.tolist(), b_pos.tolist(), strict=True)):
        ra, rb = r, r + 1
        best_k, best_delta = -1, math.inf
        if alpha < 1.0 and not (np.isnan(m[ia]) or np.isnan(m[ib])):
            deltas = _weight_deltas(
                alpha,
                (c_now[ra], b_now[ra], m[ia], bool(model.overridden[ia]), x[ia], u[ia]),
                (c_now[rb], b_now[rb], m[ib], bool(model.overridden[ib]), x[ib], u[ib]),
                w,
                total_w,
            )
            if np.isfinite(deltas).any():
                best_k = int(np.nanargmin(np.abs(deltas)))
                best_delta = float(deltas[best_k])
        a_star = _alpha_needed(c_now[ra], b_now[ra], m[ia], c_now[rb], b_now[rb], m[ib])
        pair = _Pair(model, t, ia, ib, ra, rb, x, u, total_w)
        typed_w = math.nan
        if best_k >= 0:
            typed_w = _typed_past(
                float(w[best_k] + best_delta),
                up=best_delta > 0,
                decimals=range(1, WEIGHT_DECIMALS + 1),
                swaps=partial(pair.swaps_at_weight, best_k),
            )
        typed_a = math.nan
        if not math.isnan(a_star):
            typed_a = _typed_past(
                a_star,
                up=a_star > alpha,
                decimals=range(ALPHA_DECIMALS, ALPHA_DECIMALS + 1),
                swaps=pair.swaps_at_alpha,
            )
        rows["rank"].append(r + 1)
        rows["upper"].append(model.ids[ia])
        rows["lower"].append(model.ids[ib])
        # A crossing that no value as typed reaches (one at weight 0, through float noise, or
        # past the end of α's range) is no swap: the cells stay blank.
        if best_k >= 0 and not math.isnan(typed_w):
            rows["objective"].append(model.objective_ids[best_k])
            rows["weight"].append(float(w[best_k]))
            rows["new_weight"].append(float(w[best_k] + best_delta))
            rows["weight_change"].append(best_delta)
        else:
            rows["objective"].append("")
            rows["weight"].append(math.nan)
            rows["new_weight"].append(math.nan)
            rows["weight_change"].append(math.nan)
        rows["typed_weight"].append(typed_w)
        if math.isnan(typed_a):
            a_star = math.nan
        rows["alpha_needed"].append(a_star)
        rows["alpha_change"].append(a_star - alpha if not math.isnan(a_star) else math.nan)
        rows["typed_alpha"].append(typed_a)
    return pd.DataFrame(rows, columns=cols)


# What the app lets a room type: weights to WEIGHT_DECIMALS places, α to ALPHA_DECIMALS (the
# slider's 0.01 steps). A swap value is printed on that grid, just past the crossing.
WEIGHT_DECIMALS = 3
ALPHA_DECIMALS = 2


def _typed_past(
    crossing: float, *, up: bool, decimals: range, swaps: Callable[[float], bool]
) -> float:
    """The value a person would type to swap the pair: `crossing` rounded away from the present
    value, just past it, to the fewest of `decimals` places that swaps them (a crossing close
    to a weight of 0 needs more places); NaN when none does."""
    if not math.isfinite(crossing):
        return math.nan
    for d in decimals:
        q = crossing * 10.0**d
        n = math.floor(q) + 1 if up else math.ceil(q) - 1  # strictly past the crossing
        value = round(n / 10.0**d, d)
        if swaps(value):
            return value
    return math.nan


@dataclass
class _Pair:
    """Two neighbours of the ranking, to check that a changed weight or α really swaps them
    (the rule of score(): by score or value, ties by customer impact, then ID)."""

    model: _Model
    table: pd.DataFrame
    ia: int  # model positions
    ib: int
    ra: int  # rows of the ranked table
    rb: int
    x: np.ndarray
    u: np.ndarray
    total_w: float

    def swaps_at_weight(self, k: int, new_weight: float) -> bool:
        """Objective k's weight typed as `new_weight` (> 0) puts the lower one ahead."""
        old = float(self.model.weights[k])
        return new_weight > 0 and self._swapped(weight=(k, new_weight - old))

    def swaps_at_alpha(self, alpha: float) -> bool:
        """α typed as `alpha` (within 0–1) puts the lower one ahead."""
        return 0.0 <= alpha <= 1.0 and self._swapped(alpha=alpha)

    def _swapped(
        self, *, weight: tuple[int, float] | None = None, alpha: float | None = None
    ) -> bool:
        m = self.model
        a = m.alpha if alpha is None else alpha
        keys = []
        for i, r in ((self.ia, self.ra), (self.ib, self.rb)):
            c = float(self.table["customer_impact"].iloc[r])
            b = float(self.table["business_impact"].iloc[r])
            if weight is not None and not m.overridden[i]:
                k, delta = weight
                b = 100.0 * (self.x[i] + self.u[i, k] * delta) / (self.total_w + delta)
            s = c**a * b ** (1.0 - a)
            v = s * m.value_factor[i] if m.by_value else s
            keys.append((tie_key(np.array([v, s, c])), m.id_key[i]))
        (ka, ida), (kb, idb) = keys
        for x_a, x_b in zip(ka.tolist(), kb.tolist(), strict=True):
            if x_a != x_b:
                return x_b > x_a  # b now ahead: higher value, score or C
        return idb < ida


Side = tuple[float, float, float, bool, float, np.ndarray]


def _weight_deltas(alpha: float, a: Side, b: Side, w: np.ndarray, total_w: float) -> np.ndarray:
    """δ per objective at which the two scores are equal (∞ where no single change does it)."""
    ca, ba, ma, fixed_a, xa, ua = a
    cb, bb, mb, fixed_b, xb, ub = b
    k = len(w)
    e = 1.0 / (1.0 - alpha)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if fixed_a and fixed_b:
            return np.full(k, np.inf)
        if not fixed_a and not fixed_b:
            ka = (ma * ca**alpha) ** e
            kb = (mb * cb**alpha) ** e
            delta = (kb * xb - ka * xa) / (ka * ua - kb * ub)
        else:
            # One is fixed: the other's business impact must reach B* with its score = target.
            if fixed_a:
                target, (c_, m_, x_, u_) = ma * ca**alpha * ba ** (1 - alpha), (cb, mb, xb, ub)
            else:
                target, (c_, m_, x_, u_) = mb * cb**alpha * bb ** (1 - alpha), (ca, ma, xa, ua)
            denom = m_ * c_**alpha
            if denom <= 0:
                return np.full(k, np.inf)
            b_star = (target / denom) ** e
            # 100 (x + u δ) = B* (W + δ)
            delta = (b_star * total_w - 100.0 * x_) / (100.0 * u_ - b_star)
    # Strictly: past the crossing the pair must really swap, not tie at a weight of 0.
    ok = np.isfinite(delta) & (w + delta > 0) & (total_w + delta > 0)
    return np.where(ok, delta, np.inf)


def _alpha_needed(ca: float, ba: float, ma: float, cb: float, bb: float, mb: float) -> float:
    """α in [0, 1] at which two scores are equal, or NaN."""
    vals = np.array([ca, ba, ma, cb, bb, mb], dtype=float)
    if not np.all(np.isfinite(vals)) or np.any(vals <= 0):
        return math.nan
    dc = math.log(ca) - math.log(cb)
    db = math.log(ba) - math.log(bb)
    dm = math.log(ma) - math.log(mb)
    if abs(dc - db) < 1e-15:
        return math.nan
    a_star = -(db + dm) / (dc - db)
    # At α = 0 or 1 the scores only tie (the tie rule decides): no swap within [0, 1].
    return a_star if 0.0 < a_star < 1.0 else math.nan


# ==== tornado ===================================================================================


def tornado(
    workshop: Workshop,
    settings: ScoringSettings,
    initiative_id: str,
    change: float = DEFAULT_TORNADO_CHANGE,
    alpha_spread: float = DEFAULT_ALPHA_SPREAD,
) -> pd.DataFrame:
    """One initiative's score and rank when each objective weight goes ±change and α ±spread.

    Columns: factor (objective ID or "α"), label, low, high (the setting tried), score_low,
    score_high, rank_low, rank_high, base_score, base_rank, swing (|score_high − score_low|);
    biggest swing first. Objectives weighted 0 are left out (±x % of 0 changes nothing).
    """
    model = _Model(workshop, settings)
    cols = [
        "factor",
        "label",
        "low",
        "high",
        "score_low",
        "score_high",
        "rank_low",
        "rank_high",
        "base_score",
        "base_rank",
        "swing",
    ]
    if initiative_id not in model.ids:
        return pd.DataFrame({c: [] for c in cols})
    me = model.ids.index(initiative_id)
    w = model.weights
    live = np.flatnonzero(w > 0)
    k = len(w)
    # Scenario 0 is the base; then low/high per live objective; then α low/high.
    weight_rows = [w]
    for kk in live:
        for f in (1.0 - change, 1.0 + change):
            row = w.copy()
            row[kk] = w[kk] * f
            weight_rows.append(row)
    alpha0 = model.alpha
    a_lo, a_hi = max(alpha0 - alpha_spread, 0.0), min(alpha0 + alpha_spread, 1.0)
    weight_rows += [w, w]
    weights = np.array(weight_rows).reshape(-1, k)
    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    d = len(weights)
    alpha = np.full(d, alpha0)
    alpha[-2], alpha[-1] = a_lo, a_hi
    sc = np.broadcast_to(model.customer.strength, (d, len(model.customer.strength)))
    sb = np.broadcast_to(model.business.strength, (d, len(model.business.strength)))
    c, b = model.impacts(shares, sc, sb)
    s = model.scores(c, b, alpha)
    ranks = model.ranks(s, c)
    base_s, base_r = float(s[0, me]), int(ranks[0, me])
    rows: dict[str, list[object]] = {col: [] for col in cols}
    names = dict(zip(model.objective_ids, model.objective_names, strict=True))
    entries = [
        (
            model.objective_ids[kk],
            names[model.objective_ids[kk]],
            w[kk] * (1 - change),
            w[kk] * (1 + change),
            1 + 2 * n_,
            2 + 2 * n_,
        )
        for n_, kk in enumerate(live)
    ]
    entries.append(("α", "Customer ⟷ business balance α", a_lo, a_hi, d - 2, d - 1))
    for factor, label, low, high, lo_row, hi_row in entries:
        rows["factor"].append(factor)
        rows["label"].append(label)
        rows["low"].append(float(low))
        rows["high"].append(float(high))
        rows["score_low"].append(float(s[lo_row, me]))
        rows["score_high"].append(float(s[hi_row, me]))
        rows["rank_low"].append(int(ranks[lo_row, me]))
        rows["rank_high"].append(int(ranks[hi_row, me]))
        rows["base_score"].append(base_s)
        rows["base_rank"].append(base_r)
        rows["swing"].append(abs(float(s[hi_row, me]) - float(s[lo_row, me])))
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(
        ["swing", "factor"], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)


# ==== tables ====================================================================================


def robustness_table(result: RobustnessResult) -> pd.DataFrame:
    """The `Robustness` sheet / CSV: ID, Initiative, Rank, P(top N), the rank interval, swaps."""
    t = result.table
    n = result.top_n
    sw = result.swaps.set_index("upper") if len(result.swaps) else None

    def _interval(lo: float, hi: float) -> str:
        if math.isnan(lo) or math.isnan(hi):
            return ""
        return f"{int(lo)}" if lo == hi else f"{int(lo)}–{int(hi)}"

    out = pd.DataFrame(
        {
            "ID": t["id"].to_numpy(),
            "Initiative": t["initiative"].to_numpy(),
            "Rank": t["rank"].to_numpy(),
            "Score": t["score"].round(2).to_numpy(),
            f"P(top {n})": t["p_top"].round(4).to_numpy(),
            "Rank 5%": t["rank_p05"].to_numpy(),
            "Median rank": t["rank_median"].to_numpy(),
            "Rank 95%": t["rank_p95"].to_numpy(),
            "Rank interval (5–95%)": [
                _interval(a, b)
                for a, b in zip(t["rank_p05"].tolist(), t["rank_p95"].tolist(), strict=True)
            ],
        }
    )
    swap_text: list[str] = []
    alpha_text: list[str] = []
    for ident in t["id"].tolist():
        if sw is None or ident not in sw.index:
            swap_text.append("")
            alpha_text.append("")
            continue
        row = sw.loc[ident]
        # The values as typed: just past the crossing, so typing them in swaps the pair.
        if row["objective"]:
            swap_text.append(
                f"{row['objective']} {row['weight']:g} → {row['typed_weight']:g} "
                f"swaps with {row['lower']}"
            )
        else:
            swap_text.append("")
        a = float(row["typed_alpha"])
        alpha_text.append("" if math.isnan(a) else f"α = {a:g} swaps with {row['lower']}")
    out["Smallest weight change to swap with next"] = swap_text
    out["α that swaps with next"] = alpha_text
    return out
