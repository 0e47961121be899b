"""Key-driver analysis: relative weights against an independent computation, the Shapley check,
recovery of known drivers, bootstrap and guards."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sweetspot.core.drivers import key_drivers, r_squared, relative_weights, shapley_r2

TRUE_WEIGHTS = np.array([0.6, 0.45, 0.3, 0.15, 0.05, 0.02, 0.0, 0.1])


def _data(n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    x = 0.5 * common[:, None] + rng.normal(size=(n, len(TRUE_WEIGHTS)))
    y = x @ TRUE_WEIGHTS + 0.8 * rng.normal(size=n)
    return x, y


def _johnson_from_raw_data(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Johnson's original steps on the standardised data (SVD), in % of R²."""
    zx = (x - x.mean(0)) / x.std(0)
    zy = (y - y.mean()) / y.std()
    p, _delta, qt = np.linalg.svd(zx, full_matrices=False)
    z = p @ qt  # the orthogonal counterparts of X
    beta = np.linalg.lstsq(z, zy, rcond=None)[0]  # y on Z
    lam = np.linalg.lstsq(z, zx, rcond=None)[0]  # each X column on Z
    raw = (lam**2).T @ (beta**2)
    return raw / raw.sum() * 100


def test_relative_weights_match_an_independent_computation_and_recover_the_order() -> None:
    x, y = _data(3000)
    result = key_drivers(x, y, [f"A{j}" for j in range(8)], bootstrap=0)
    assert result.usable and result.n == 3000
    expected = _johnson_from_raw_data(x, y)
    assert np.max(np.abs(result.percent - expected)) < 0.5
    assert result.rank()[:3] == ["A0", "A1", "A2"]
    assert result.percent.sum() == pytest.approx(100)
    assert result.raw_weight.sum() == pytest.approx(result.r_squared)
    # R² is the R² of an ordinary least-squares fit.
    design = np.column_stack([np.ones(len(x)), x])
    fit = design @ np.linalg.lstsq(design, y, rcond=None)[0]
    ols = 1 - np.sum((y - fit) ** 2) / np.sum((y - y.mean()) ** 2)
    assert result.r_squared == pytest.approx(ols, abs=1e-9)
    # The Shapley check agrees closely with the relative weights.
    assert result.shapley_percent is not None
    assert np.max(np.abs(result.shapley_percent - result.percent)) < 2.0


def test_shapley_equals_the_average_over_every_order() -> None:
    x, y = _data(500, seed=4)
    x = x[:, :4]
    corr = np.corrcoef(np.column_stack([x, y]), rowvar=False)
    rxx, rxy = corr[:-1, :-1], corr[:-1, -1]
    brute = np.zeros(4)
    orders = list(itertools.permutations(range(4)))
    for order in orders:
        for pos, j in enumerate(order):
            before = list(order[:pos])
            brute[j] += r_squared(rxx, rxy, [*before, j]) - r_squared(rxx, rxy, before)
    brute /= len(orders)
    assert shapley_r2(rxx, rxy) == pytest.approx(brute, abs=1e-9)
    assert shapley_r2(rxx, rxy).sum() == pytest.approx(r_squared(rxx, rxy), abs=1e-9)
    raw, r2 = relative_weights(rxx, rxy)
    assert raw.sum() == pytest.approx(r2)


def test_bootstrap_is_seeded_contains_the_estimate_and_narrows_with_n() -> None:
    x, y = _data(400)
    names = [f"A{j}" for j in range(8)]
    a = key_drivers(x, y, names, bootstrap=200, seed=7)
    b = key_drivers(x, y, names, bootstrap=200, seed=7)
    assert np.array_equal(a.ci_low, b.ci_low) and a.bootstrap == 200
    assert np.all(a.ci_low <= a.percent + 1e-9) and np.all(a.percent <= a.ci_high + 1e-9)
    x2, y2 = _data(4000)
    big = key_drivers(x2, y2, names, bootstrap=200, seed=7)
    assert np.mean(big.ci_high - big.ci_low) < np.mean(a.ci_high - a.ci_low) / 2


def test_guards_are_messages() -> None:
    x, y = _data(60)
    x = x[:, :5].copy()
    x[:, 2] = 3.0  # a constant attribute
    names = ["A", "B", "Constant", "D", "E"]
    result = key_drivers(x, y, names, bootstrap=0)
    assert result.usable and math.isnan(result.percent[2])
    assert any("'Constant'" in p.message and p.severity == "warning" for p in result.problems)
    x[:, 2] = x[:, 1]  # a copy of B
    copied = key_drivers(x, y, ["A", "B", "Copy", "D", "E"], bootstrap=0)
    assert any("'B' and 'Copy'" in p.message for p in copied.problems)
    assert np.isfinite(copied.percent).all()
    # 60 respondents for 5 attributes: fewer than 10 per attribute is only a warning at 50.
    few = key_drivers(x[:30], y[:30], ["A", "B", "Copy", "D", "E"], bootstrap=0)
    assert any("Only 30 respondents for 5 attributes" in p.message for p in few.problems)
    none = key_drivers(x, np.full(60, np.nan), names, bootstrap=0)
    assert not none.usable and none.problems[0].severity == "error"
    tiny = key_drivers(x[:4], y[:4], names, bootstrap=0)
    assert not tiny.usable and any(p.severity == "error" for p in tiny.problems)


def test_pairwise_missing_is_close_to_listwise_on_random_gaps() -> None:
    x, y = _data(3000, seed=9)
    names = [f"A{j}" for j in range(8)]
    full = key_drivers(x, y, names, bootstrap=0)
    rng = np.random.default_rng(2)
    gaps = x.copy()
    gaps[rng.random(gaps.shape) < 0.05] = np.nan
    pair = key_drivers(gaps, y, names, missing="pairwise", bootstrap=0)
    listwise = key_drivers(gaps, y, names, bootstrap=0)
    assert listwise.n < pair.n <= 3000
    assert np.max(np.abs(pair.percent - full.percent)) < 3.0


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=2, max_value=6), st.integers(min_value=0, max_value=10_000))
def test_percent_is_a_share_of_r_squared(k: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.integers(1, 6, size=(40, k)).astype(float)
    y = x @ rng.random(k) + rng.normal(size=40)
    result = key_drivers(x, y, [str(j) for j in range(k)], bootstrap=0)
    if result.usable:
        used = result.percent[np.isfinite(result.percent)]
        assert np.all((used >= -1e-9) & (used <= 100 + 1e-9))
        assert used.sum() == pytest.approx(100)
