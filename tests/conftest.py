"""Shared fixtures: a small hand-computable workshop used across core and UI tests."""

from __future__ import annotations

import pandas as pd
import pytest

from sweetspot.core.model import Workshop


def make_small_workshop() -> Workshop:
    """Two insights, two objectives, three initiatives; scores worked out in test_scoring.py."""
    w = Workshop()
    w.insights = pd.DataFrame(
        {
            "id": ["I1", "I2"],
            "need": ["Queues in branch are too long", "App login keeps failing"],
            "importance": [5.0, 3.0],
            "satisfaction": [2.0, float("nan")],
            "reach": [float("nan"), float("nan")],
            "segment": ["Retail", "Young families"],
            "journey_stage": ["Visit", "Log in"],
            "sentiment": ["negative", "negative"],
            "emotion": ["", ""],
            "evidence": ["", ""],
            "tags": ["", ""],
        }
    )
    w.objectives = pd.DataFrame(
        {
            "id": ["O1", "O2"],
            "objective": ["Cut cost to serve", "Grow digital sales"],
            "weight": [2.0, 1.0],
            "kpi": ["", ""],
            "owner": ["", ""],
        }
    )
    w.initiatives = pd.DataFrame(
        {
            "id": ["A", "B", "C"],
            "initiative": ["Queue-free branch booking", "Biometric login", "Upsell banner"],
            "effort": [2.0, float("nan"), 1.0],
            "confidence": [float("nan"), 0.5, 1.0],
            "owner": ["", "", ""],
            "theme": ["", "", ""],
            "description": ["", "", ""],
            "status": ["", "", ""],
        }
    )
    w.links = pd.DataFrame(
        {
            "initiative": ["A", "A", "B", "C", "A"],
            "target": ["I1", "O1", "I2", "O2", "O2"],
            "strength": [9.0, 3.0, 3.0, 9.0, 1.0],
        }
    )
    return w


@pytest.fixture
def small_workshop() -> Workshop:
    return make_small_workshop()


def _one_objective_workshop(
    importance: list[float], initiatives: list[str], links: list[tuple[str, str, float]]
) -> Workshop:
    """Insights I1… with these importances (no satisfaction, no reach), one objective O1 of
    weight 1, the named initiatives and links."""
    nan = float("nan")
    n = len(importance)
    w = Workshop()
    w.insights = pd.DataFrame(
        {
            "id": [f"I{k + 1}" for k in range(n)],
            "need": [f"Need {k + 1}" for k in range(n)],
            "importance": importance,
            "satisfaction": [nan] * n,
            "reach": [nan] * n,
            "segment": [""] * n,
            "journey_stage": [""] * n,
            "sentiment": [""] * n,
            "emotion": [""] * n,
            "evidence": [""] * n,
            "tags": [""] * n,
        }
    )
    w.objectives = pd.DataFrame(
        {"id": ["O1"], "objective": ["Grow revenue"], "weight": [1.0], "kpi": [""], "owner": [""]}
    )
    m = len(initiatives)
    w.initiatives = pd.DataFrame(
        {
            "id": initiatives,
            "initiative": [f"Initiative {i}" for i in initiatives],
            "effort": [nan] * m,
            "confidence": [nan] * m,
            "owner": [""] * m,
            "theme": [""] * m,
            "description": [""] * m,
            "status": [""] * m,
        }
    )
    w.links = pd.DataFrame(links, columns=["initiative", "target", "strength"])
    return w


def make_noise_tie_workshop() -> Workshop:
    """A1 serves I1 (N = 0.6), A2 serves I2 and I3 (N = 0.2 + 0.4): both C = 50 and B = 100
    exactly, but float arithmetic gives A1 49.999999999999986 and A2 49.99999999999999. The
    documented rule (score, then C, then ID) ranks A1 first."""
    return _one_objective_workshop(
        [3.0, 1.0, 2.0],
        ["A1", "A2"],
        [
            ("A1", "I1", 9.0),
            ("A2", "I2", 9.0),
            ("A2", "I3", 9.0),
            ("A1", "O1", 9.0),
            ("A2", "O1", 9.0),
        ],
    )


def make_crosshair_workshop() -> Workshop:
    """Three identical initiatives: each C = 100/63 (I1 at strength 1 of needs 0.2, 0.2, 1.0)
    and B = 100, so each sits exactly on the mean crosshair; float arithmetic makes the mean
    1.5873015873015877 and each C 1.5873015873015874. On the crosshair counts as above it:
    all three are sweet spots."""
    return _one_objective_workshop(
        [1.0, 1.0, 5.0],
        ["A1", "A2", "A3"],
        [(a, target, s) for a in ("A1", "A2", "A3") for target, s in (("I1", 1.0), ("O1", 9.0))],
    )
