"""Key-driver analysis: how much each attribute's rating explains the overall outcome.

The question a consultant asks is "which attributes matter most to the outcome (likelihood to
recommend, overall satisfaction)?". Customers who like one thing tend to like the others, so
the attributes are correlated and ordinary regression weights cannot be compared: two similar
attributes split or steal each other's weight. Both methods here instead share the model's R²
(the part of the outcome the attributes explain together) out between the attributes, so each
attribute gets a "% of R²" and the shares add up to 100 %.

Johnson's relative weights (Johnson 2000, "A heuristic method for estimating the relative
weight of predictor variables in multiple regression"), worked on the correlation matrix:

1. Write the attributes' correlations as R_xx = V Λ Vᵀ (eigenvectors V, eigenvalues Λ).
2. The closest set of *uncorrelated* stand-ins Z for the attributes X correlates with X by
   Λ_xz = V Λ^½ Vᵀ.
3. Regress the outcome on Z: β = Λ_xz⁻¹ r_xy (r_xy: each attribute's correlation with the
   outcome). Z is uncorrelated, so β_k² is exactly stand-in k's part of R² and Σ β_k² = R².
4. Give each stand-in's part back to the attributes it is made of, in proportion to
   Λ_xz[j,k]² (each column of Λ_xz² sums to 1): raw weight_j = Σ_k Λ_xz[j,k]² β_k².
5. The raw weights sum to R²; raw weight ÷ R² × 100 is the "% of R²".

Shapley value regression (also called LMG, after Lindeman, Merenda and Gold): an attribute's
share is the R² it adds when it joins the model, averaged over every order in which the
attributes could be added. A subset S of the other attributes comes first in
|S|! (k − |S| − 1)! / k! of the orders, so share_j = Σ_S weight(|S|) × (R²(S + j) − R²(S)).
It is exact over all 2^k subsets (the R² of each subset is solved once from the correlation
matrix), so it is only run up to 15 attributes. The two methods usually agree within a point
or two; Shapley is the check.

Intervals: a seeded bootstrap. Each replicate draws the respondents again with replacement
and repeats the analysis; the middle 95 % of the replicates' "% of R²" is the interval. A
replicate only needs how often each respondent was drawn, so the moments of all replicates
come from one matrix product of the draw counts with each respondent's products of ratings
(means and cross-products), never from a copy of the data.

Missing answers: "listwise" uses the respondents who answered every attribute and the
outcome; "pairwise" takes each correlation from the respondents who answered that pair, then
mends a set of correlations that do not fit together by clipping negative eigenvalues. The
pairwise bootstrap needs four sums per pair instead of one (each a sum over everyone minus the
sum over those who skipped the other attribute), so it takes about 1.5 times as long.

Bad data never raises: it is reported as a Problem (a constant attribute is left out, a
copied attribute is named, too few respondents, no outcome).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from sweetspot.core.model import Problem

MissingRule = Literal["listwise", "pairwise"]
SHAPLEY_MAX = 15
# Eigenvalues below this count as zero when inverting (a pseudo-inverse), so a copied
# attribute cannot blow the regression up.
_EIGEN_FLOOR = 1e-10
# An eigenvalue of R_xx below this means some attributes are an exact combination of others.
_COLLINEAR = 1e-8
_COPY_R = 0.999
# Pairwise repair: negative eigenvalues are raised to this, safely above _COLLINEAR.
_REPAIR_FLOOR = 1e-6
# A standardised column with variance below this (in a subset or a resample) is constant.
_FLAT = 1e-12
# Bootstrap work budget (replicates × respondents × (moments + 150)): about 3 s here. Only
# surveys far beyond 100,000 respondents reach it; never fewer than _MIN_REPLICATES are run.
_BUDGET = 5e10
_MIN_REPLICATES = 200
_COUNTS_BYTES = 1 << 25
_CHUNK_CELLS = 1 << 21

FloatArray = np.ndarray


@dataclass(frozen=True, eq=False)
class DriverResult:
    """Relative weights per attribute (NaN where left out), their intervals and the check."""

    attributes: tuple[str, ...]
    raw_weight: FloatArray
    percent: FloatArray
    ci_low: FloatArray
    ci_high: FloatArray
    shapley_percent: FloatArray | None
    r_squared: float
    n: int
    missing: MissingRule
    bootstrap: int
    seed: int
    problems: tuple[Problem, ...]

    @property
    def usable(self) -> bool:
        """An R² and at least one weight to show."""
        return math.isfinite(self.r_squared) and bool(np.isfinite(self.percent).any())

    def rank(self) -> list[str]:
        """Attributes by % of R², largest first; left-out attributes last, in given order."""
        key = np.where(np.isfinite(self.percent), self.percent, -np.inf)
        order = np.argsort(-key, kind="stable")
        return [self.attributes[i] for i in order]


# --- The formulas on correlation matrices (batched: leading axis = replicate) ---------------


def _weights_batch(rxx: FloatArray, rxy: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Johnson's raw weights (b × k) and R² (b) for a stack of correlation matrices."""
    vals, vecs = np.linalg.eigh(rxx)
    lam = (vecs * np.sqrt(np.clip(vals, 0.0, None))[:, None, :]) @ vecs.transpose(0, 2, 1)
    keep = vals > _EIGEN_FLOOR
    inv_root = np.where(keep, 1.0 / np.sqrt(np.where(keep, vals, 1.0)), 0.0)
    # β = Λ_xz⁺ r_xy = V Λ^-½ Vᵀ r_xy, dropping directions with no variance.
    beta = np.einsum("bjk,bk->bj", vecs, inv_root * np.einsum("bjk,bj->bk", vecs, rxy))
    beta2 = beta**2
    raw = np.einsum("bjk,bk->bj", lam**2, beta2)
    return raw, beta2.sum(axis=1)


def relative_weights(corr_xx: FloatArray, corr_xy: FloatArray) -> tuple[FloatArray, float]:
    """Johnson's raw relative weights (they sum to R²) and R²."""
    raw, r2 = _weights_batch(
        np.asarray(corr_xx, dtype=float)[None], np.asarray(corr_xy, dtype=float)[None]
    )
    return raw[0], float(r2[0])


def _r2_pinv(sub: FloatArray, r: FloatArray) -> FloatArray:
    """rᵀ R⁺ r for a stack of (possibly singular) correlation matrices."""
    vals, vecs = np.linalg.eigh(sub)
    proj = np.einsum("cjk,cj->ck", vecs, r) ** 2
    keep = vals > _EIGEN_FLOOR
    return np.sum(np.where(keep, proj / np.where(keep, vals, 1.0), 0.0), axis=1)


def r_squared(
    corr_xx: FloatArray, corr_xy: FloatArray, subset: Sequence[int] | None = None
) -> float:
    """R² of the linear model of the outcome on the attributes in `subset` (all by default)."""
    rxx = np.asarray(corr_xx, dtype=float)
    rxy = np.asarray(corr_xy, dtype=float)
    idx = np.arange(len(rxy)) if subset is None else np.asarray(list(subset), dtype=np.intp)
    if idx.size == 0:
        return 0.0
    return float(_r2_pinv(rxx[np.ix_(idx, idx)][None], rxy[idx][None])[0])


def _subset_r2(rxx: FloatArray, rxy: FloatArray) -> FloatArray:
    """R² of every subset of the attributes, indexed by bit mask (bit j = attribute j)."""
    k = len(rxy)
    masks = np.arange(1 << k)
    bits = (masks[:, None] >> np.arange(k)) & 1
    sizes = bits.sum(axis=1)
    out = np.zeros(1 << k)
    # By Cauchy interlacing no subset is worse conditioned than the whole matrix, so when the
    # whole is safely invertible a plain batched solve is exact and several times faster.
    well = k == 0 or float(np.linalg.eigvalsh(rxx).min()) > _COLLINEAR
    for s in range(1, k + 1):
        group = masks[sizes == s]
        idx = np.nonzero(bits[group])[1].reshape(len(group), s)
        sub = rxx[idx[:, :, None], idx[:, None, :]]
        r = rxy[idx]
        if well:
            out[group] = np.einsum("cj,cj->c", r, np.linalg.solve(sub, r[:, :, None])[:, :, 0])
        else:
            out[group] = _r2_pinv(sub, r)
    return out


def shapley_r2(corr_xx: FloatArray, corr_xy: FloatArray) -> FloatArray:
    """Each attribute's exact Shapley (LMG) share of R² (raw: the shares sum to R²)."""
    rxx = np.asarray(corr_xx, dtype=float)
    rxy = np.asarray(corr_xy, dtype=float)
    k = len(rxy)
    if k > SHAPLEY_MAX:
        raise ValueError(f"Shapley regression is exact only up to {SHAPLEY_MAX} attributes")
    r2 = _subset_r2(rxx, rxy)
    masks = np.arange(1 << k)
    sizes = ((masks[:, None] >> np.arange(k)) & 1).sum(axis=1)
    fact = [math.factorial(i) for i in range(k + 1)]
    order_share = np.array([fact[s] * fact[k - s - 1] / fact[k] for s in range(k)] + [0.0])
    out = np.zeros(k)
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        gain = r2[without | (1 << j)] - r2[without]
        out[j] = float(order_share[sizes[without]] @ gain)
    return out


# --- Correlations from data ---------------------------------------------------------------


def _standardise(data: FloatArray) -> FloatArray:
    """Columns to mean 0, sd 1 over their answered cells (keeps sums free of cancellation)."""
    mean = np.nanmean(data, axis=0)
    sd = np.nanstd(data, axis=0)
    return (data - mean) / np.where(sd > 0, sd, 1.0)


def _upper(p: int) -> tuple[np.ndarray, np.ndarray]:
    iu = np.triu_indices(p)
    return iu[0], iu[1]


def _symmetric(flat: FloatArray, p: int) -> FloatArray:
    """(b × p(p+1)/2) upper triangles back to (b × p × p) symmetric matrices."""
    a, b = _upper(p)
    out = np.empty((len(flat), p, p))
    out[:, a, b] = flat
    out[:, b, a] = flat
    return out


def _corr_from_cov(cov: FloatArray) -> FloatArray:
    """Covariances (b × p × p) to correlations; NaN where a column does not vary (the data
    are standardised, so a variance this small is a constant column plus rounding)."""
    var = np.diagonal(cov, axis1=1, axis2=2)
    d = np.where(var > _FLAT, np.sqrt(np.abs(var)), np.nan)
    return cov / (d[:, :, None] * d[:, None, :])


def _pairwise_corr(n_ab: FloatArray, s: FloatArray, q: FloatArray, c: FloatArray) -> FloatArray:
    """Pairwise-complete correlations from weighted sums over the rows answering both a and b:
    n_ab counts, s[a,b] = Σ x_a, q[a,b] = Σ x_a², c[a,b] = Σ x_a x_b (all b × p × p)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        n = np.where(n_ab >= 2, n_ab, np.nan)
        mean_a = s / n
        mean_b = s.transpose(0, 2, 1) / n
        var_a = q / n - mean_a**2
        var_b = q.transpose(0, 2, 1) / n - mean_b**2
        flat = (var_a <= _FLAT) | (var_b <= _FLAT)
        corr = (c / n - mean_a * mean_b) / np.sqrt(np.where(flat, np.nan, var_a * var_b))
        corr = np.clip(corr, -1.0, 1.0)
    p = corr.shape[1]
    corr[:, np.arange(p), np.arange(p)] = 1.0
    return corr


def _pairwise_sums(z: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    m = np.isfinite(z).astype(float)
    x0 = np.where(m > 0, z, 0.0)
    return (m.T @ m)[None], (x0.T @ m)[None], ((x0**2).T @ m)[None], (x0.T @ x0)[None]


def _repair(corr: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Clip negative eigenvalues of each matrix and rescale to unit diagonal; which needed it.
    Matrices with a missing (NaN) correlation are left as they are, for the caller to drop."""
    bad = np.zeros(len(corr), dtype=bool)
    whole = np.flatnonzero(np.isfinite(corr).all(axis=(1, 2)))
    if not whole.size:
        return corr, bad
    vals, vecs = np.linalg.eigh(corr[whole])
    low = vals.min(axis=1) < -_EIGEN_FLOOR  # rounding below zero is not a misfit
    if low.any():
        v = vecs[low]
        fixed = (v * np.clip(vals[low], _REPAIR_FLOOR, None)[:, None, :]) @ v.transpose(0, 2, 1)
        corr = corr.copy()
        corr[whole[low]] = _corr_from_cov(fixed)
        bad[whole[low]] = True
    return corr, bad


# --- Bootstrap ----------------------------------------------------------------------------


def _features(z: FloatArray, pairwise: bool) -> FloatArray:
    """Each respondent's products whose (count-weighted) sums give a replicate's moments:
    listwise [x_a, x_a x_b]; pairwise [answered_a, x_a, x_a², x_a x_b] with 0 for a gap."""
    a, b = _upper(z.shape[1])
    if not pairwise:
        return np.concatenate([z, z[:, a] * z[:, b]], axis=1)
    m = np.isfinite(z)
    x0 = np.where(m, z, 0.0)
    return np.concatenate([m, x0, x0**2, x0[:, a] * x0[:, b]], axis=1)


def _replicate_corr(acc: FloatArray, gaps: FloatArray | None, p: int, n: int) -> FloatArray:
    """Correlation matrices (b × p × p) from the replicates' summed features; `gaps[r, c]`
    holds the same [answered, x, x²] sums over only the respondents who skipped column c."""
    if gaps is None:
        mean = acc[:, :p] / n
        second = _symmetric(acc[:, p:] / n, p)
        return _corr_from_cov(second - mean[:, :, None] * mean[:, None, :])
    # A sum over the rows answering b is the sum over all rows minus the rows that skip b.
    minus = gaps.transpose(0, 2, 1)  # minus[r, f, c]: feature f over the rows skipping c
    n_ab = acc[:, :p, None] - minus[:, :p]
    s = acc[:, p : 2 * p, None] - minus[:, p : 2 * p]
    q = acc[:, 2 * p : 3 * p, None] - minus[:, 2 * p :]
    corr, _ = _repair(_pairwise_corr(n_ab, s, q, _symmetric(acc[:, 3 * p :], p)))
    return corr


def _gap_sums(z: FloatArray, counts: np.ndarray, chunk: int) -> FloatArray:
    """Per replicate and column c: the [answered, x, x²] sums over the respondents who skipped
    c. One product per column over all its gaps, as many small ones are slow in BLAS."""
    p = z.shape[1]
    skipped = ~np.isfinite(z)
    out = np.zeros((len(counts), p, 3 * p))
    for col in np.flatnonzero(skipped.any(axis=0)):
        rows = np.flatnonzero(skipped[:, col])
        for start in range(0, len(rows), chunk):
            sel = rows[start : start + chunk]
            out[:, col] += counts[:, sel].astype(float) @ _features(z[sel], True)[:, : 3 * p]
    return out


def _bootstrap(
    z: FloatArray,
    pairwise: bool,
    replicates: int,
    rng: np.random.Generator,
    check: Callable[[], None] | None,
) -> tuple[FloatArray, int]:
    """% of R² of each successful replicate (rows) and how many replicates were drawn.

    Replicate r draws rng.integers(0, n, n) rows; only the draw counts are kept (as uint8: a
    respondent drawn 256 times out of n draws has odds below 1e-500), and the moments of a
    block of replicates are one matrix product counts @ features, in row chunks so that the
    features never need the memory of the whole data set at once. Pairwise sums per pair
    come from the sums over everyone minus small products over the respondents with gaps."""
    n, p = z.shape
    f = _features(z[:1], pairwise).shape[1]
    per_block = max(1, min(replicates, _COUNTS_BYTES // n))
    blocks = math.ceil(replicates / per_block)
    per_block = math.ceil(replicates / blocks)
    chunk = max(1, _CHUNK_CELLS // max(per_block, f))
    out: list[FloatArray] = []
    done = 0
    while done < replicates:
        b = min(per_block, replicates - done)
        counts = np.empty((b, n), dtype=np.uint8)
        for r in range(b):
            if check is not None and r % 25 == 0:
                check()
            counts[r] = np.bincount(rng.integers(0, n, size=n), minlength=n)
        acc = np.zeros((b, f))
        for start in range(0, n, chunk):
            if check is not None:
                check()
            rows = slice(start, start + chunk)
            acc += counts[:, rows].astype(float) @ _features(z[rows], pairwise)
        gaps = _gap_sums(z, counts, chunk) if pairwise else None
        corr = _replicate_corr(acc, gaps, p, n)
        ok = np.isfinite(corr).all(axis=(1, 2))
        if ok.any():
            raw, r2 = _weights_batch(corr[ok, :-1, :-1], corr[ok, :-1, -1])
            good = r2 > 0
            out.append(raw[good] / r2[good, None] * 100)
        done += b
    return (np.concatenate(out) if out else np.empty((0, p - 1))), replicates


# --- The analysis -------------------------------------------------------------------------


def _quote(names: Sequence[str]) -> str:
    q = [f"'{x}'" for x in names]
    return q[0] if len(q) == 1 else ", ".join(q[:-1]) + " and " + q[-1]


def _collinear(rxx: FloatArray, names: Sequence[str]) -> list[str]:
    """Messages naming attributes that are (almost) copies or exact combinations of others."""
    k = len(names)
    pairs = [(a, b) for a in range(k) for b in range(a + 1, k) if abs(rxx[a, b]) > _COPY_R]
    vals, vecs = np.linalg.eigh(rxx)
    null = vecs[:, vals < _COLLINEAR]
    in_pair = {j for pair in pairs for j in pair}
    # Attributes that load on a zero-variance direction take part in an exact combination;
    # it is news only when it involves more than the near-copies already named.
    involved = [j for j in range(k) if np.linalg.norm(null[j]) > 0.05]
    rest = involved if set(involved) - in_pair else []
    out = [
        f"Attributes {_quote([names[a], names[b]])} move together almost perfectly "
        f"(correlation {rxx[a, b]:.4f}): one is in effect a copy of the other, so how the "
        "weight is shared between them is arbitrary; read their weights together."
        for a, b in pairs
    ]
    if null.shape[1] and (rest or not pairs):
        who = f"Attributes {_quote([names[j] for j in rest])}" if rest else "Some attributes"
        out.append(
            f"{who} are perfectly collinear (one is an exact combination of the others), so "
            "how the weight is shared between them is arbitrary; read their weights together."
        )
    return out


def key_drivers(
    ratings: FloatArray,
    outcome: FloatArray,
    attributes: Sequence[str],
    *,
    missing: MissingRule = "listwise",
    bootstrap: int = 500,
    seed: int = 0,
    sheet: str = "",
    check: Callable[[], None] | None = None,
) -> DriverResult:
    """Relative weights, bootstrap intervals and the Shapley check (see the module docstring).

    `ratings` is respondents × attributes, `outcome` one value per respondent; NaN (or any
    non-finite value) is a missing answer. Bad data gives problems, never an exception; only
    arrays whose shapes do not match `attributes` raise ValueError (a programming error).
    `check` is called now and then during the bootstrap and may raise to cancel."""
    names = tuple(str(a) for a in attributes)
    k = len(names)
    y = np.asarray(outcome, dtype=float).ravel()
    x = np.asarray(ratings, dtype=float)
    if x.ndim == 1 and k == 1:
        x = x[:, None]
    if x.shape != (len(y), k):
        raise ValueError(f"ratings are {x.shape}, expected {(len(y), k)} for {k} attributes")
    x = np.where(np.isfinite(x), x, np.nan)
    y = np.where(np.isfinite(y), y, np.nan)
    problems: list[Problem] = []
    nan = np.full(k, np.nan)

    def say(severity: Literal["error", "warning", "info"], message: str) -> None:
        problems.append(Problem(severity, sheet, "", message))

    def result(
        n: int,
        use: Sequence[int] = (),
        raw: FloatArray | None = None,
        r2: float = math.nan,
        reps: int = 0,
        ci: tuple[FloatArray, FloatArray] | None = None,
        shap: FloatArray | None = None,
    ) -> DriverResult:
        def spread(values: FloatArray | None) -> FloatArray:
            full = nan.copy()
            if values is not None:
                full[list(use)] = values
            full.setflags(write=False)  # a frozen result stays frozen
            return full

        pct = raw / r2 * 100 if raw is not None else None
        lo, hi = ci if ci is not None else (None, None)
        shap_full = spread(shap / r2 * 100) if shap is not None else None
        weights = (spread(raw), spread(pct), spread(lo), spread(hi), shap_full)
        return DriverResult(names, *weights, r2, n, missing, reps, seed, tuple(problems))

    def fail(message: str, n: int = 0) -> DriverResult:
        say("error", message)
        return result(n)

    answered = np.isfinite(y)
    if not answered.any():
        return fail("No respondent answered the outcome, so no driver can be derived.")
    if np.nanmax(y) == np.nanmin(y):
        return fail(
            f"Every respondent gave the outcome the same rating ({np.nanmax(y):g}), so nothing "
            "can explain it; no driver can be derived."
        )
    if k == 0:
        return fail("No attributes were given, so no driver can be derived.")
    use: list[int] = []
    for j, name in enumerate(names):
        col = x[answered, j]
        col = col[np.isfinite(col)]
        if col.size == 0:
            why = "no ratings from respondents who answered the outcome"
        elif col.max() == col.min():
            why = "the same rating from every respondent"
        else:
            use.append(j)
            continue
        say(
            "warning",
            f"Attribute '{name}' has {why}, so it cannot explain the outcome; it is left out "
            "of the driver analysis.",
        )
    if not use:
        return fail("No attribute varies between respondents; no driver can be derived.")
    data = np.column_stack([x[:, use], y])
    pairwise = missing == "pairwise" and not np.isfinite(data).all()
    if not pairwise:
        complete = np.isfinite(data).all(axis=1)
        data = data[complete]
        # An attribute may vary only among respondents who skipped something else.
        flat = [i for i in range(len(use)) if np.ptp(data[:, i]) == 0] if len(data) else []
        for i in flat:
            say(
                "warning",
                f"Attribute '{names[use[i]]}' has the same rating from every respondent who "
                "answered all the ratings and the outcome, so it cannot explain the outcome; "
                "it is left out of the driver analysis.",
            )
        if flat and len(flat) < len(use):
            keep = [i for i in range(len(use)) if i not in flat] + [len(use)]
            use = [use[i] for i in keep[:-1]]
            data = data[:, keep]
        n = len(data)
        if flat and len(flat) == len(use):
            return fail(
                "No attribute varies among the respondents who answered all the ratings and "
                "the outcome; no driver can be derived.",
                n,
            )
        if n < len(use) + 2:
            return fail(
                f"Only {n} respondents answered every rating and the outcome; at least "
                f"{len(use) + 2} are needed for {len(use)} attributes. Try pairwise missing "
                "data, or leave out the attributes most often skipped.",
                n,
            )
        if not complete.all():
            say(
                "info",
                f"{n:,} of {len(complete):,} respondents answered every rating and the outcome; "
                "the driver analysis uses only them (listwise).",
            )
        z = _standardise(data)
        corr = _corr_from_cov((z.T @ z / n)[None])
    else:
        data = data[np.isfinite(data).sum(axis=1) >= 2]
        z = _standardise(data)
        sums = _pairwise_sums(z)
        corr = _pairwise_corr(*sums)
        counts = sums[0][0]
        n = int(counts[np.triu_indices(len(use) + 1, 1)].min())
        if not np.isfinite(corr).all():
            bad = np.argwhere(~np.isfinite(corr[0]))[0]
            who = [f"'{names[use[i]]}'" if i < len(use) else "the outcome" for i in bad]
            return fail(
                f"Attribute {who[0]} and {who[1]} were answered together by too few "
                "respondents (or did not vary among them), so pairwise correlations cannot be "
                "used; try listwise missing data or leave one of them out.",
                n,
            )
        if n < len(use) + 2:
            return fail(
                f"Only {n} respondents answered some pair of ratings together; at least "
                f"{len(use) + 2} are needed for {len(use)} attributes.",
                n,
            )
        corr, fixed = _repair(corr)
        if fixed.any():
            say(
                "info",
                "The pairwise correlations (each from its own respondents) did not fit "
                "together exactly; they were adjusted to the nearest consistent set.",
            )
    used = [names[j] for j in use]
    if n < 10 * len(use):
        say(
            "warning",
            f"Only {n} respondents for {len(use)} attributes; at least 10 per attribute "
            f"({10 * len(use)}) are advised; treat the weights as rough.",
        )
    rxx, rxy = corr[0, :-1, :-1], corr[0, :-1, -1]
    for message in _collinear(rxx, used):
        say("warning", message)
    raw_b, r2_b = _weights_batch(corr[:, :-1, :-1], corr[:, :-1, -1])
    raw, r2 = raw_b[0], float(r2_b[0])
    if not r2 > 1e-12:
        say("error", "The attributes explain none of the outcome (R² = 0); no driver stands out.")
        return result(n, r2=r2 if math.isfinite(r2) else math.nan)
    reps = max(0, int(bootstrap))
    size = len(data) * (_features(z[:1], pairwise).shape[1] + 150)
    if reps > _MIN_REPLICATES and reps * size > _BUDGET:
        cap = max(_MIN_REPLICATES, int(_BUDGET // size))
        say(
            "info",
            f"With {len(data):,} respondents {cap} bootstrap replicates were run instead of "
            f"{reps} to keep the analysis quick; at this size the intervals are narrow anyway.",
        )
        reps = cap
    ci = None
    if reps:
        pct, drawn = _bootstrap(z, pairwise, reps, np.random.default_rng(seed), check)
        if len(pct) < drawn:
            say(
                "info",
                f"{drawn - len(pct)} of {drawn} bootstrap replicates could not be analysed (an "
                "attribute did not vary in the resample) and were skipped.",
            )
        reps = len(pct)
        if reps:
            ci = (np.percentile(pct, 2.5, axis=0), np.percentile(pct, 97.5, axis=0))
    shap = None
    if len(use) <= SHAPLEY_MAX:
        if check is not None:
            check()
        shap = shapley_r2(rxx, rxy)
    else:
        say(
            "info",
            f"The Shapley check is exact only up to {SHAPLEY_MAX} attributes; with "
            f"{len(use)} it is not shown.",
        )
    return result(n, use, raw, r2, reps, ci, shap)
