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
