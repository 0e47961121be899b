"""Key-driver analysis: known drivers recovered, relative weights against Johnson's own steps on
the raw data, Shapley against every order, R² against least squares, the bootstrap against the
textbook re-indexed bootstrap, guards as messages, and a property test.

`python tests/core/test_drivers.py` prints the time at 100,000 respondents × 12 attributes."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sweetspot.core.drivers import (
    SHAPLEY_MAX,
    DriverResult,
    MissingRule,
    key_drivers,
    r_squared,
    relative_weights,
    shapley_r2,
)

TRUE_WEIGHTS = np.array([0.6, 0.45, 0.3, 0.15, 0.08, 0.04, 0.0, 0.1])
NAMES = [f"A{j}" for j in range(len(TRUE_WEIGHTS))]


def _survey(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Correlated attributes (a common factor plus noise) and an outcome with known weights."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(n, 1))
    x = 0.6 * common + rng.normal(size=(n, len(TRUE_WEIGHTS)))
    y = x @ TRUE_WEIGHTS + 0.8 * rng.normal(size=n)
    return x, y


def _johnson_from_raw_data(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Johnson's original steps on the standardised data, in % of R²: X = P Δ Qᵀ, the
    orthogonal counterparts Z = P Qᵀ, y regressed on Z, each X column regressed on Z."""
    zx = (x - x.mean(0)) / x.std(0)
    zy = (y - y.mean()) / y.std()
    p, _delta, qt = np.linalg.svd(zx, full_matrices=False)
    z = p @ qt
    beta = np.linalg.lstsq(z, zy, rcond=None)[0]
    lam = np.linalg.lstsq(z, zx, rcond=None)[0]  # lam[k, j]: X_j on Z_k
    raw = (lam**2).T @ (beta**2)
    return raw / raw.sum() * 100


def _ols_r2(x: np.ndarray, y: np.ndarray) -> float:
    """R² of a least-squares fit with an intercept, straight from the data."""
    design = np.column_stack([np.ones(len(y)), x])
    fit = design @ np.linalg.lstsq(design, y, rcond=None)[0]
    return float(1 - np.sum((y - fit) ** 2) / np.sum((y - y.mean()) ** 2))


def _percent_of(corr: np.ndarray) -> np.ndarray:
    raw, r2 = relative_weights(corr[:-1, :-1], corr[:-1, -1])
    return raw / r2 * 100


def _messages(result: DriverResult, severity: str) -> list[str]:
    return [p.message for p in result.problems if p.severity == severity]


# --- The estimates -------------------------------------------------------------------------


def test_known_drivers_are_recovered_in_order() -> None:
    x, y = _survey(2000)
    result = key_drivers(x, y, NAMES, bootstrap=0)
    assert result.usable and result.n == 2000 and result.missing == "listwise"
    assert result.rank()[:3] == ["A0", "A1", "A2"]
    # The null driver still earns a little through the common factor, but ranks near the end.
    assert result.percent[0] > 30 and result.percent[6] < 6 and "A6" in result.rank()[-2:]
    assert result.problems == ()


def test_relative_weights_match_johnsons_steps_on_the_raw_data() -> None:
    x, y = _survey(3000, seed=3)
    result = key_drivers(x, y, NAMES, bootstrap=0)
    expected = _johnson_from_raw_data(x, y)
    assert np.max(np.abs(result.percent - expected)) < 0.5
    # The two routes are the same algebra, so they agree far closer than required.
    assert result.percent == pytest.approx(expected, abs=1e-8)


def test_uncorrelated_attributes_get_their_squared_correlation() -> None:
    rxy = np.array([0.5, 0.3, -0.2])
    raw, r2 = relative_weights(np.eye(3), rxy)
    assert raw == pytest.approx(rxy**2, abs=1e-12)
    assert r2 == pytest.approx(0.38, abs=1e-12)
    assert shapley_r2(np.eye(3), rxy) == pytest.approx(rxy**2, abs=1e-12)


def test_percent_and_raw_weights_add_up_and_r_squared_is_least_squares() -> None:
    x, y = _survey(1500, seed=5)
    result = key_drivers(x, y, NAMES, bootstrap=0)
    assert result.percent.sum() == pytest.approx(100, abs=1e-9)
    assert result.raw_weight.sum() == pytest.approx(result.r_squared, abs=1e-12)
    assert result.r_squared == pytest.approx(_ols_r2(x, y), abs=1e-9)
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    assert r_squared(corr[:-1, :-1], corr[:-1, -1], [0, 3]) == pytest.approx(
        _ols_r2(x[:, [0, 3]], y), abs=1e-9
    )
    assert r_squared(corr[:-1, :-1], corr[:-1, -1], []) == 0.0


def test_shapley_agrees_with_the_relative_weights_and_shares_r_squared() -> None:
    x, y = _survey(2000)
    result = key_drivers(x, y, NAMES, bootstrap=0)
    assert result.shapley_percent is not None
    assert np.max(np.abs(result.shapley_percent - result.percent)) <= 2.0
    assert result.shapley_percent.sum() == pytest.approx(100, abs=1e-9)
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    shares = shapley_r2(corr[:-1, :-1], corr[:-1, -1])
    assert shares.sum() == pytest.approx(_ols_r2(x, y), abs=1e-9)


def test_shapley_equals_the_average_gain_over_every_order() -> None:
    x, y = _survey(500, seed=4)
    x = x[:, :4]
    brute = np.zeros(4)
    orders = list(itertools.permutations(range(4)))
    for order in orders:
        for pos, j in enumerate(order):
            before = list(order[:pos])
            gain = _ols_r2(x[:, [*before, j]], y) - (_ols_r2(x[:, before], y) if before else 0)
            brute[j] += gain
    brute /= len(orders)
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    assert shapley_r2(corr[:-1, :-1], corr[:-1, -1]) == pytest.approx(brute, abs=1e-9)


def test_shapley_of_two_attributes_is_the_textbook_average() -> None:
    rho, r1, r2 = 0.4, 0.5, 0.3
    rxx = np.array([[1, rho], [rho, 1]])
    total = (r1**2 + r2**2 - 2 * rho * r1 * r2) / (1 - rho**2)
    expected = [(r1**2 + total - r2**2) / 2, (r2**2 + total - r1**2) / 2]
    assert shapley_r2(rxx, np.array([r1, r2])) == pytest.approx(expected, abs=1e-12)


def test_shapley_is_skipped_beyond_its_limit() -> None:
    rng = np.random.default_rng(8)
    k = SHAPLEY_MAX + 1
    x = rng.normal(size=(400, k))
    y = x @ np.linspace(1, 0, k) + rng.normal(size=400)
    result = key_drivers(x, y, [f"Q{j}" for j in range(k)], bootstrap=0)
    assert result.usable and result.shapley_percent is None
    assert any("only up to 15 attributes" in m for m in _messages(result, "info"))
    with pytest.raises(ValueError):
        shapley_r2(np.eye(k), np.zeros(k))


# --- Bootstrap ----------------------------------------------------------------------------


def test_bootstrap_is_seeded_contains_the_estimate_and_narrows_with_n() -> None:
    x, y = _survey(400)
    a = key_drivers(x, y, NAMES, bootstrap=200, seed=7)
    b = key_drivers(x, y, NAMES, bootstrap=200, seed=7)
    assert a.bootstrap == 200 and a.seed == 7
    assert np.array_equal(a.ci_low, b.ci_low) and np.array_equal(a.ci_high, b.ci_high)
    other = key_drivers(x, y, NAMES, bootstrap=200, seed=8)
    assert not np.array_equal(a.ci_low, other.ci_low)
    assert np.all(a.ci_low <= a.percent) and np.all(a.percent <= a.ci_high)
    x2, y2 = _survey(4000)
    big = key_drivers(x2, y2, NAMES, bootstrap=200, seed=7)
    assert np.all(big.ci_low <= big.percent) and np.all(big.percent <= big.ci_high)
    # Ten times the respondents: intervals about √10 ≈ 3.2 times narrower.
    assert np.mean(big.ci_high - big.ci_low) < np.mean(a.ci_high - a.ci_low) / 2


def _pairwise_corr_by_hand(data: np.ndarray) -> np.ndarray:
    p = data.shape[1]
    out = np.eye(p)
    for a, b in itertools.combinations(range(p), 2):
        rows = np.isfinite(data[:, a]) & np.isfinite(data[:, b])
        out[a, b] = out[b, a] = np.corrcoef(data[rows, a], data[rows, b])[0, 1]
    return out


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
def test_bootstrap_equals_the_textbook_bootstrap_draw_for_draw(missing: MissingRule) -> None:
    """The counts-as-weights moments give exactly what re-indexing the rows would give.
    (This pins the draw protocol: replicate r takes rng.integers(0, n, n).)"""
    x, y = _survey(300, seed=11)
    x = x[:, :4]
    if missing == "pairwise":
        x[np.random.default_rng(3).random(x.shape) < 0.08] = np.nan
    result = key_drivers(x, y, NAMES[:4], missing=missing, bootstrap=60, seed=5)
    assert result.bootstrap == 60
    data = np.column_stack([x, y])
    assert (np.isfinite(data).sum(axis=1) >= 2).all()  # no respondent dropped before drawing
    rng = np.random.default_rng(5)
    reps = []
    for _ in range(60):
        sample = data[rng.integers(0, len(data), size=len(data))]
        corr = (
            np.corrcoef(sample, rowvar=False)
            if missing == "listwise"
            else _pairwise_corr_by_hand(sample)
        )
        assert np.linalg.eigvalsh(corr).min() > 0  # no repair needed: the same path
        reps.append(_percent_of(corr))
    assert result.ci_low == pytest.approx(np.percentile(reps, 2.5, axis=0), abs=1e-8)
    assert result.ci_high == pytest.approx(np.percentile(reps, 97.5, axis=0), abs=1e-8)


def test_check_is_called_during_the_bootstrap_and_may_cancel() -> None:
    x, y = _survey(300)
    calls: list[int] = []
    key_drivers(x, y, NAMES, bootstrap=100, check=lambda: calls.append(1))
    assert len(calls) >= 4

    class Cancelled(Exception):
        pass

    def cancel() -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        key_drivers(x, y, NAMES, bootstrap=100, check=cancel)


# --- Guards -------------------------------------------------------------------------------


def test_a_constant_or_empty_attribute_is_left_out_by_name() -> None:
    x, y = _survey(600)
    x = x[:, :5].copy()
    x[:, 2] = 3.0
    x[:, 4] = np.nan
    names = ["Staff", "App", "Branch wait", "Fees", "Mortgage"]
    result = key_drivers(x, y, names, bootstrap=50)
    assert result.usable
    assert np.isnan(result.percent[[2, 4]]).all() and np.isnan(result.ci_low[[2, 4]]).all()
    assert np.isfinite(result.percent[[0, 1, 3]]).all()
    assert result.percent[[0, 1, 3]].sum() == pytest.approx(100)
    assert result.rank()[-2:] == ["Branch wait", "Mortgage"]
    warnings = _messages(result, "warning")
    assert (
        "Attribute 'Branch wait' has the same rating from every respondent, so it cannot "
        "explain the outcome; it is left out of the driver analysis." in warnings
    )
    assert any("'Mortgage' has no ratings" in m for m in warnings)
    assert result.shapley_percent is not None and np.isnan(result.shapley_percent[2])


def test_a_copied_attribute_is_named_and_the_pair_shares_the_weight() -> None:
    x, y = _survey(800)
    x = x[:, :5].copy()
    x[:, 4] = x[:, 1]
    result = key_drivers(x, y, ["A", "B", "C", "D", "Copy of B"], bootstrap=0)
    assert result.usable and np.isfinite(result.percent).all()
    assert any(
        "'B' and 'Copy of B'" in m and "arbitrary" in m for m in _messages(result, "warning")
    )
    assert result.percent[1] == pytest.approx(result.percent[4], abs=1e-6)
    assert result.r_squared == pytest.approx(_ols_r2(x, y), abs=1e-9)


def test_an_exact_combination_names_the_attributes_involved() -> None:
    x, y = _survey(800)
    x = x[:, :5].copy()
    x[:, 3] = x[:, 0] + 2 * x[:, 2]
    result = key_drivers(x, y, ["A", "B", "C", "Sum", "E"], bootstrap=0)
    assert result.usable
    message = next(m for m in _messages(result, "warning") if "collinear" in m)
    assert "'A', 'C' and 'Sum'" in message and "'B'" not in message
    assert result.r_squared == pytest.approx(_ols_r2(x, y), abs=1e-9)
    assert result.percent.sum() == pytest.approx(100)


def test_few_respondents_per_attribute_is_a_warning() -> None:
    x, y = _survey(30)
    result = key_drivers(x[:, :5], y, NAMES[:5], bootstrap=0)
    assert result.usable
    assert (
        "Only 30 respondents for 5 attributes; at least 10 per attribute (50) are advised; "
        "treat the weights as rough." in _messages(result, "warning")
    )
    assert not _messages(key_drivers(x[:, :2], y, NAMES[:2], bootstrap=0), "warning")


def test_no_outcome_or_a_constant_outcome_is_an_error() -> None:
    x, _y = _survey(60)
    for y in (np.full(60, np.nan), np.full(60, 7.0)):
        result = key_drivers(x, y, NAMES, bootstrap=10)
        assert not result.usable and result.bootstrap == 0
        assert [p.severity for p in result.problems] == ["error"]
        assert np.isnan(result.percent).all() and math.isnan(result.r_squared)


def test_too_few_complete_rows_is_an_error() -> None:
    x, y = _survey(60)
    tiny = key_drivers(x[:6], y[:6], NAMES, bootstrap=0, sheet="Survey")
    assert not tiny.usable and tiny.n == 6
    error = next(p for p in tiny.problems if p.severity == "error")
    assert error.sheet == "Survey" and "at least 10 are needed for 8 attributes" in error.message
    gaps = x.copy()
    gaps[np.arange(60), np.arange(60) % 8] = np.nan  # every respondent skipped one rating
    assert not key_drivers(gaps, y, NAMES, bootstrap=0).usable
    assert key_drivers(gaps, y, NAMES, missing="pairwise", bootstrap=0).usable


def test_pairwise_is_close_to_listwise_on_answers_missing_at_random() -> None:
    x, y = _survey(3000, seed=9)
    full = key_drivers(x, y, NAMES, bootstrap=0)
    gaps = x.copy()
    gaps[np.random.default_rng(2).random(gaps.shape) < 0.05] = np.nan
    pair = key_drivers(gaps, y, NAMES, missing="pairwise", bootstrap=0)
    listwise = key_drivers(gaps, y, NAMES, bootstrap=0)
    assert pair.usable and listwise.usable and pair.missing == "pairwise"
    assert listwise.n < pair.n < 3000
    assert np.max(np.abs(pair.percent - full.percent)) < 3.0
    assert np.max(np.abs(pair.percent - listwise.percent)) < 3.0
    assert any("answered every rating" in m for m in _messages(listwise, "info"))
    # The pairwise correlations are each pair's own: check one against numpy by hand.
    corr = _pairwise_corr_by_hand(np.column_stack([gaps, y]))
    assert pair.percent == pytest.approx(_percent_of(corr), abs=1e-9)


def test_pairwise_correlations_that_do_not_fit_together_are_repaired() -> None:
    # Each pair is seen on its own respondents: A = B, B = C but A = −C cannot all hold.
    rng = np.random.default_rng(0)
    n = 200
    a, b, c = (rng.normal(size=n) for _ in range(3))
    nan = np.full(n, np.nan)
    x = np.vstack(
        [
            np.column_stack([a, a + 0.1 * b, nan]),
            np.column_stack([nan, b, b + 0.1 * c]),
            np.column_stack([c, nan, -c + 0.1 * a]),
        ]
    )
    y = np.nansum(x, axis=1) + rng.normal(size=3 * n)
    result = key_drivers(x, y, ["A", "B", "C"], missing="pairwise", bootstrap=20)
    assert any("adjusted to the nearest consistent set" in m for m in _messages(result, "info"))
    assert result.usable and result.n == n
    assert result.percent.sum() == pytest.approx(100) and 0 <= result.r_squared <= 1


def test_shapes_that_do_not_match_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        key_drivers(np.zeros((5, 3)), np.zeros(5), ["A", "B"])


# --- Property -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    k=st.integers(min_value=1, max_value=6),
    n=st.integers(min_value=3, max_value=60),
    gaps=st.sampled_from([0.0, 0.1, 0.3]),
    missing=st.sampled_from(["listwise", "pairwise"]),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_percent_is_a_share_of_r_squared(
    k: int, n: int, gaps: float, missing: MissingRule, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 6, size=(n, k)).astype(float)
    if k > 2 and seed % 3 == 0:
        x[:, 0] = 4.0  # a constant attribute now and then
    y = x @ rng.random(k) + rng.normal(size=n)
    x[rng.random(x.shape) < gaps] = np.nan
    result = key_drivers(x, y, [f"Q{j}" for j in range(k)], missing=missing, bootstrap=10)
    assert result.attributes == tuple(f"Q{j}" for j in range(k))
    if not result.usable:
        assert _messages(result, "error")
        return
    used = np.isfinite(result.percent)
    pct = result.percent[used]
    assert np.all((pct >= 0) & (pct <= 100))
    assert pct.sum() == pytest.approx(100)
    assert result.raw_weight[used].sum() == pytest.approx(result.r_squared, abs=1e-9)
    assert 0 <= result.r_squared <= 1 + 1e-6
    if result.bootstrap:
        lo, hi = result.ci_low[used], result.ci_high[used]
        assert np.all((lo >= 0) & (lo <= hi) & (hi <= 100))


if __name__ == "__main__":  # timing, never asserted
    import time

    gen = np.random.default_rng(0)
    latent = 0.5 * gen.normal(size=(100_000, 1)) + gen.normal(size=(100_000, 12))
    stars = np.clip(np.round(3 + latent), 1, 5)
    nps = np.clip(
        np.round(7 + latent @ np.linspace(0.5, 0.05, 12) + gen.normal(size=100_000)), 0, 10
    )
    rules: tuple[MissingRule, ...] = ("listwise", "pairwise")
    for rule in rules:
        if rule == "pairwise":
            stars[gen.random(stars.shape) < 0.05] = np.nan
        t0 = time.perf_counter()
        res = key_drivers(stars, nps, [f"A{j}" for j in range(12)], missing=rule)
        print(f"100,000 × 12, {rule}: {time.perf_counter() - t0:.2f} s, {res.bootstrap} replicates")
