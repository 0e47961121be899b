"""The survey-analysis row: 100,000 respondents × 12 attributes and 50,000 comments through
`analyse_survey` (drivers with bootstrap, Shapley, sentiment, themes), against its floor: one
pandas `corr()` of the same ratings plus one TF-IDF fit of the same comments.

Run in a child process so its peak memory (VmHWM) is the analysis's own.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sweetspot.core.survey_read import ResponseTable, SurveyColumn  # noqa: E402

WORDS = {
    "fees": "fee fees charge charged hidden surprise statement warning told explained",
    "app": "app login logged crash password fingerprint update slow screen error",
    "phone": "phone call waiting hold transferred repeat explain agent queue minutes",
    "branch": "branch closed closing town travel counter opening hours local visit",
    "praise": "friendly helpful great advice kind thank quick excellent staff service",
    "mortgage": "mortgage application stuck documents weeks status valuation broker offer",
}
GERMAN = "gebühren app telefon filiale freundlich beratung warten zinsen konto karte"


def make_table(n: int, k: int, comments: int, seed: int = 0) -> ResponseTable:
    rng = np.random.default_rng(seed)
    latent = 0.5 * rng.normal(size=n)[:, None] + rng.normal(size=(n, k))
    ratings = np.clip(np.round(3 + latent), 1, 5)
    weights = np.linspace(1.0, 0.1, k)
    drive = 1.5 * (latent @ weights) / weights.sum()
    nps = np.clip(np.round(7 + drive + rng.normal(size=n)), 0, 10)
    themes = list(WORDS.values())
    texts = [""] * n
    who = rng.choice(n, size=comments, replace=False)
    for i in who:
        pool = themes[int(rng.integers(0, len(themes)))].split()
        if rng.random() < 0.15:
            pool = GERMAN.split()
        texts[i] = " ".join(rng.choice(pool, size=int(rng.integers(6, 14)))).capitalize() + "."
    cells = pd.DataFrame(
        {
            **{j: ratings[:, j] for j in range(k)},
            k: nps,
            k + 1: rng.choice(["A", "B", "C"], size=n),
            k + 2: texts,
        }
    )
    cells.columns = pd.RangeIndex(k + 3)
    columns = [SurveyColumn(j, f"Attribute {j + 1}", f"Q{j + 1}", "rating") for j in range(k)]
    columns += [
        SurveyColumn(k, "How likely are you to recommend us?", "NPS", "outcome"),
        SurveyColumn(k + 1, "Segment", "Segment", "segment"),
        SurveyColumn(k + 2, "Why?", "Why", "comment"),
    ]
    return ResponseTable(Path("synthetic.xlsx"), "Responses", 1, columns, cells, 2)


_TOKEN = re.compile(r"[^\W_]+")


def tfidf_floor(texts: list[str]) -> None:
    """One plain TF-IDF fit: tokens, vocabulary, document frequencies, weights."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for d, t in enumerate(texts):
        for w in _TOKEN.findall(t.lower()):
            rows.append(d)
            cols.append(vocab.setdefault(w, len(vocab)))
    r, c = np.asarray(rows), np.asarray(cols)
    keys, counts = np.unique(r * max(len(vocab), 1) + c, return_counts=True)
    df = np.bincount(keys % max(len(vocab), 1), minlength=len(vocab))
    idf = np.log((1 + len(texts)) / (1 + df)) + 1
    _weights = counts * idf[keys % max(len(vocab), 1)]


def main() -> None:
    n, k, comments, reps = (int(a) for a in sys.argv[1:5])
    from sweetspot.core.survey import SurveySettings, analyse_survey

    table = make_table(n, k, comments)
    ratings = table.cells.iloc[:, : k + 1].astype(float)
    texts = [t for t in table.cells.iloc[:, k + 2] if t]
    runs, floors = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        analysis = analyse_survey(table, {}, SurveySettings(bootstrap=500))
        runs.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ratings.corr()
        tfidf_floor(texts)
        floors.append(time.perf_counter() - t0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "runs": runs,
                "floors": floors,
                "peak_mb": peak_mb,
                "themes": len(analysis.themes),
                "drivers": analysis.drivers.bootstrap if analysis.drivers else 0,
            }
        )
    )


if __name__ == "__main__":
    main()
