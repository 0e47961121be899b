"""Seeded synthetic workshops for the benchmarks: S, M and L as in the performance issue."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sweetspot.core.model import Scale, Workshop


@dataclass(frozen=True)
class Size:
    name: str
    initiatives: int
    insights: int
    objectives: int
    links: int


SIZES = {
    "S": Size("S", 50, 300, 8, 600),
    "M": Size("M", 500, 5_000, 20, 10_000),
    "L": Size("L", 5_000, 100_000, 50, 250_000),
}

SEGMENTS = ["Young families", "Retirees", "Small business", "Students", "Affluent"]
STAGES = ["Discover", "Join", "Use", "Get help", "Leave"]
WORDS = [
    *[
        "queue",
        "wait",
        "app",
        "login",
        "branch",
        "fee",
        "statement",
        "card",
        "payment",
        "advice",
        "mortgage",
        "loan",
        "savings",
    ],
    *[
        "transfer",
        "fraud",
        "alert",
        "chat",
        "call",
        "adviser",
        "onboarding",
        "identity",
        "document",
        "paper",
        "form",
    ],
]


def make_workshop(size: Size | str, seed: int = 7) -> Workshop:
    """A workshop with the given counts; links spread over both sides (about 1 in 10 business)."""
    if isinstance(size, str):
        size = SIZES[size]
    rng = np.random.default_rng(seed)
    n_i, n_o, n_a = size.insights, size.objectives, size.initiatives
    words = np.array(WORDS)
    needs = [" ".join(rng.choice(words, 5)) for _ in range(min(n_i, 2_000))]
    w = Workshop(scale=Scale(1, 5, "synthetic 1–5"))
    w.insights = pd.DataFrame(
        {
            "id": [f"I{i:06d}" for i in range(n_i)],
            "need": [needs[i % len(needs)] for i in range(n_i)],
            "importance": rng.integers(1, 6, n_i).astype(float),
            "satisfaction": rng.integers(1, 6, n_i).astype(float),
            "reach": rng.integers(1, 200, n_i).astype(float),
            "segment": rng.choice(SEGMENTS, n_i),
            "journey_stage": rng.choice(STAGES, n_i),
            "sentiment": rng.choice(["negative", "neutral", "positive"], n_i),
            "emotion": "",
            "evidence": "Survey",
            "tags": "",
        }
    )
    w.objectives = pd.DataFrame(
        {
            "id": [f"O{k:03d}" for k in range(n_o)],
            "objective": [f"Objective {k}" for k in range(n_o)],
            "weight": rng.integers(1, 10, n_o).astype(float),
            "kpi": "",
            "owner": "",
        }
    )
    w.initiatives = pd.DataFrame(
        {
            "id": [f"A{a:05d}" for a in range(n_a)],
            "initiative": [f"Initiative {a} " + " ".join(rng.choice(words, 3)) for a in range(n_a)],
            "effort": rng.integers(1, 9, n_a).astype(float),
            "confidence": rng.choice([0.5, 0.7, 0.8, 0.9, 1.0], n_a),
            "owner": "",
            "theme": rng.choice(["Digital", "Branch", "Service", "Pricing"], n_a),
            "description": "",
            "status": "Idea",
        }
    )
    n_business = max(size.links // 10, n_a)
    n_customer = size.links - n_business
    init = np.concatenate([rng.integers(0, n_a, n_customer), rng.integers(0, n_a, n_business)])
    target = np.concatenate(
        [
            np.asarray(w.insights["id"])[rng.integers(0, n_i, n_customer)],
            np.asarray(w.objectives["id"])[rng.integers(0, n_o, n_business)],
        ]
    )
    links = pd.DataFrame(
        {
            "initiative": np.asarray(w.initiatives["id"])[init],
            "target": target,
            "strength": rng.choice([1.0, 3.0, 9.0], len(init)),
        }
    ).drop_duplicates(["initiative", "target"], ignore_index=True)
    w.links = links
    return w


def write_input_workbook(workshop: Workshop, path: Path) -> Path:
    """The workshop as an input workbook in the documented shape.

    Written row by row with xlsxwriter in constant-memory mode (L: ~10 s). Not through
    `DataFrame.to_excel`: pandas writes column by column, and constant-memory mode keeps only
    the current row, so every column but A was lost; without that mode pandas takes ~30 s.
    """
    import xlsxwriter

    from sweetspot.core.model import FIELD_LABELS

    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "nan_inf_to_errors": True},
    )
    try:
        for sheet, df in (
            ("Insights", workshop.insights),
            ("Objectives", workshop.objectives),
            ("Initiatives", workshop.initiatives),
            ("Links", workshop.links),
        ):
            ws = book.add_worksheet(sheet)
            ws.write_row(0, 0, [FIELD_LABELS.get(c, c) for c in df.columns])
            for r, row in enumerate(df.itertuples(index=False, name=None), start=1):
                ws.write_row(r, 0, row)
    finally:
        book.close()
    return path
