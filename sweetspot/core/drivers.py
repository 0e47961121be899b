"""Key-driver analysis: how much each attribute's satisfaction explains the overall outcome.

Two methods, both on the correlation matrix of the attributes and the outcome:

- **Johnson's relative weights** (Johnson 2000, "A heuristic method for estimating the
  relative weight of predictor variables in multiple regression"). The attributes are
  correlated, so their regression weights cannot be compared. Johnson replaces them by their
  closest uncorrelated versions Z: with R_xx = V Λ Vᵀ, the correlations of X with Z are
  Λ_xz = V Λ^½ Vᵀ. The outcome is regressed on Z (β = Λ_xz⁻¹ r_xy, uncorrelated so β² splits
  R² cleanly) and each Z is shared back to the attributes by Λ_xz²:
  raw weight_j = Σ_k Λ_xz[j,k]² β_k². The raw weights sum to R²; ÷ R² × 100 = % of R².
- **Shapley value regression** (LMG): an attribute's share of R² is its average gain in R²
  over all orders of adding the attributes. Exact over all 2^k subsets, up to 15 attributes.
  The two usually agree within a few points; the Drivers sheet shows both.

Intervals: a seeded bootstrap of respondents (percentile 95 %). Each replicate weights the
respondents by how often they were drawn, so the correlations of a replicate are one weighted
matrix product, never a copy of the data.

Guards are messages: too few respondents (fewer than 10 per attribute), a constant attribute
(left out), perfectly collinear attributes (their split is arbitrary), no outcome.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from sweetspot.core.model import Problem

MissingRule = Literal["listwise", "pairwise"]
SHAPLEY_MAX = 15
_EIGEN_FLOOR = 1e-10


@dataclass(frozen=True)
class DriverResult:
    attributes: tuple[str, ...]
    raw_weight: np.ndarray
    percent: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    shapley_percent: np.ndarray | None
    r_squared: float
    n: int
    missing: MissingRule
    bootstrap: int
    seed: int
    problems: tuple[Problem, ...]

    @property
    def usable(self) -> bool:
        return math.isfinite(self.r_squared) and bool(np.isfinite(self.percent).any())

    def rank(self) -> list[str]:
        """Attributes by % of R², largest first; left-out attributes last."""
        key = np.where(np.isfinite(self.percent), self.percent, -np.inf)
        order = np.argsort(-key, kind="stable")
        return [self.attributes[i] for i in order]


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.linalg.lstsq(a, b, rcond=None)[0]


def relative_weights(corr_xx: np.ndarray, corr_xy: np.ndarray) -> tuple[np.ndarray, float]:
    """Johnson's raw relative weights (they sum to R²) and R²."""
    vals, vecs = np.linalg.eigh(corr_xx)
    vals = np.clip(vals, 0.0, None)
    lam = (vecs * np.sqrt(vals)) @ vecs.T  # Λ_xz = V Λ^½ Vᵀ
    beta = _solve(lam, corr_xy)
    raw = (lam**2) @ (beta**2)
    return raw, float(raw.sum())


def r_squared(
    corr_xx: np.ndarray, corr_xy: np.ndarray, subset: Sequence[int] | None = None
) -> float:
    """R² of the linear model of the outcome on the attributes in `subset` (all by default)."""
    idx = list(range(len(corr_xy))) if subset is None else list(subset)
    if not idx:
        return 0.0
    sub = corr_xx[np.ix_(idx, idx)]
    r = corr_xy[idx]
    return float(r @ _solve(sub, r))


def shapley_r2(corr_xx: np.ndarray, corr_xy: np.ndarray) -> np.ndarray:
    """Each attribute's exact Shapley share of R² (raw: the shares sum to R²)."""
    k = len(corr_xy)
    if k > SHAPLEY_MAX:
        raise ValueError(f"Shapley regression is exact up to {SHAPLEY_MAX} attributes")
    # R² of every subset, indexed by its bit mask.
    r2 = np.zeros(1 << k)
    for mask in range(1, 1 << k):
        idx = [j for j in range(k) if mask >> j & 1]
        r2[mask] = r_squared(corr_xx, corr_xy, idx)
    sizes = np.array([bin(m).count("1") for m in range(1 << k)])
    fact = [math.factorial(i) for i in range(k + 1)]
    weight = np.array([fact[s] * fact[k - s - 1] / fact[k] if s < k else 0.0 for s in sizes])
    masks = np.arange(1 << k)
    out = np.zeros(k)
    for j in range(k):
        without = masks[(masks >> j & 1) == 0]
        out[j] = float(np.sum(weight[without] * (r2[without | (1 << j)] - r2[without])))
    return out


def _corr_from_moments(data: np.ndarray, w: np.ndarray | None) -> np.ndarray:
    """The correlation matrix of the columns of `data`, rows weighted by `w`."""
    if w is None:
        w = np.ones(len(data))
    total = w.sum()
    mean = (w @ data) / total
    centred = data - mean
    cov = (centred * w[:, None]).T @ centred / total
    sd = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / np.outer(sd, sd)


def _pairwise_corr(data: np.ndarray) -> tuple[np.ndarray, int]:
    k = data.shape[1]
    out = np.eye(k)
    least = len(data)
    ok = np.isfinite(data)
    for a, b in itertools.combinations(range(k), 2):
        rows = ok[:, a] & ok[:, b]
        least = min(least, int(rows.sum()))
        if rows.sum() > 2:
            out[a, b] = out[b, a] = float(np.corrcoef(data[rows, a], data[rows, b])[0, 1])
        else:
            out[a, b] = out[b, a] = np.nan
    return out, least


def _psd(corr: np.ndarray) -> tuple[np.ndarray, bool]:
    vals, vecs = np.linalg.eigh(corr)
    if vals.min() >= -1e-12:
        return corr, False
    vals = np.clip(vals, _EIGEN_FLOOR, None)
    fixed = (vecs * vals) @ vecs.T
    d = np.sqrt(np.diag(fixed))
    return fixed / np.outer(d, d), True


def key_drivers(
    ratings: np.ndarray,
    outcome: np.ndarray,
    attributes: Sequence[str],
    *,
    missing: MissingRule = "listwise",
    bootstrap: int = 500,
    seed: int = 0,
    sheet: str = "",
    check: Callable[[], None] | None = None,
) -> DriverResult:
    """Relative weights, bootstrap intervals and the Shapley check (module docstring)."""
    names = tuple(attributes)
    k = len(names)
    problems: list[Problem] = []
    nan = np.full(k, np.nan)

    def fail(message: str, n: int = 0) -> DriverResult:
        problems.append(Problem("error", sheet, "", message))
        return DriverResult(
            names, nan, nan, nan, nan, None, math.nan, n, missing, 0, seed, tuple(problems)
        )

    x = np.asarray(ratings, dtype=float).reshape(len(outcome), k)
    y = np.asarray(outcome, dtype=float)
    has_y = np.isfinite(y)
    if not has_y.any():
        return fail("The outcome column has no answers, so no driver can be derived.")
    if np.nanstd(y) == 0:
        return fail("Every respondent gave the same outcome, so nothing can explain it.")
    use = []
    for j, name in enumerate(names):
        col = x[has_y, j]
        col = col[np.isfinite(col)]
        if len(col) < 3 or col.std() == 0:
            problems.append(
                Problem(
                    "warning",
                    sheet,
                    "",
                    f"Attribute '{name}' has the same rating from every respondent (or almost "
                    "no answers), so it cannot explain the outcome; it is left out of the "
                    "driver analysis.",
                )
            )
        else:
            use.append(j)
    if not use:
        return fail("No attribute varies between respondents; no driver can be derived.")
    data = np.column_stack([x[:, use], y])
    if missing == "listwise":
        data = data[np.isfinite(data).all(axis=1)]
        n = len(data)
        if n < len(use) + 2:
            return fail(
                f"Only {n} respondents answered every rating and the outcome; at least "
                f"{len(use) + 2} are needed (try pairwise missing data).",
                n,
            )
        corr = _corr_from_moments(data, None)
    else:
        data = data[np.isfinite(data[:, -1])]
        corr, n = _pairwise_corr(data)
        if n < len(use) + 2 or not np.isfinite(corr).all():
            return fail(f"Too few respondents answered the ratings together ({n}).", n)
        corr, repaired = _psd(corr)
        if repaired:
            problems.append(
                Problem(
                    "info",
                    sheet,
                    "",
                    "The pairwise correlations did not fit together exactly; they were "
                    "adjusted to the nearest consistent set.",
                )
            )
    if n < 10 * len(use):
        problems.append(
            Problem(
                "warning",
                sheet,
                "",
                f"Only {n} respondents for {len(use)} attributes; at least 10 per attribute "
                f"({10 * len(use)}) are advised; treat the weights as rough.",
            )
        )
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    if np.linalg.eigvalsh(rxx).min() < 1e-8:
        pairs = [
            f"'{names[use[a]]}' and '{names[use[b]]}'"
            for a, b in itertools.combinations(range(len(use)), 2)
            if abs(rxx[a, b]) > 0.999
        ]
        which = "; ".join(pairs) if pairs else "some attributes"
        problems.append(
            Problem(
                "warning",
                sheet,
                "",
                f"{which} are perfectly collinear (one is a copy or a combination of others): "
                "how the weight is shared between them is arbitrary.",
            )
        )
    raw, r2 = relative_weights(rxx, rxy)
    percent = raw / r2 * 100 if r2 > 0 else np.full(len(use), np.nan)
    lo, hi, reps = _bootstrap(data, missing, bootstrap, seed, check)
    shap = shapley_r2(rxx, rxy) / r2 * 100 if len(use) <= SHAPLEY_MAX and r2 > 0 else None

    def spread(values: np.ndarray | None) -> np.ndarray:
        out = np.full(k, np.nan)
        if values is not None:
            out[use] = values
        return out

    return DriverResult(
        names,
        spread(raw),
        spread(percent),
        spread(lo),
        spread(hi),
        spread(shap) if shap is not None else None,
        r2,
        n,
        missing,
        reps,
        seed,
        tuple(problems),
    )


def _bootstrap(
    data: np.ndarray,
    missing: MissingRule,
    replicates: int,
    seed: int,
    check: Callable[[], None] | None,
) -> tuple[np.ndarray | None, np.ndarray | None, int]:
    """Percentile 95 % intervals of % of R² over resampled respondents (counts as weights)."""
    if replicates <= 0 or len(data) < 3:
        return None, None, 0
    rng = np.random.default_rng(seed)
    n = len(data)
    out = []
    if missing == "listwise":
        # Every replicate's sums Σ c_i x_i and Σ c_i x_i x_iᵀ at once: draw counts c for a
        # block of replicates and multiply them with the per-respondent products (one BLAS
        # call per block instead of a pass over the data per replicate).
        centred = data - data.mean(axis=0)
        p = centred.shape[1]
        iu = np.triu_indices(p)
        products = np.column_stack([centred, centred[:, iu[0]] * centred[:, iu[1]]])
        block = max(1, min(64, 4_000_000 // max(n, 1)))
        for first in range(0, replicates, block):
            if check is not None:
                check()
            size = min(block, replicates - first)
            counts = np.stack(
                [np.bincount(rng.integers(0, n, size=n), minlength=n) for _ in range(size)]
            ).astype(float)
            sums = counts @ products / n
            for row in sums:
                mean = row[:p]
                second = np.empty((p, p))
                second[iu] = row[p:]
                second.T[iu] = row[p:]
                cov = second - np.outer(mean, mean)
                sd = np.sqrt(np.clip(np.diag(cov), 0.0, None))
                if not np.all(sd > 0):
                    continue
                corr = cov / np.outer(sd, sd)
                raw, r2 = relative_weights(corr[:-1, :-1], corr[:-1, -1])
                if r2 > 0:
                    out.append(raw / r2 * 100)
    else:
        for rep in range(replicates):
            if check is not None and rep % 25 == 0:
                check()
            # Pairwise: resample rows, then pairwise correlations (slower; documented).
            pick = rng.integers(0, n, size=n)
            corr, _n = _pairwise_corr(data[pick])
            corr, _ = _psd(corr)
            if not np.isfinite(corr).all():
                continue
            raw, r2 = relative_weights(corr[:-1, :-1], corr[:-1, -1])
            if r2 > 0:
                out.append(raw / r2 * 100)
    if not out:
        return None, None, 0
    stack = np.asarray(out)
    return np.percentile(stack, 2.5, axis=0), np.percentile(stack, 97.5, axis=0), len(out)
