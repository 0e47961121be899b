"""Where an insight's numbers come from: the survey columns an insight may carry, and the
Evidence sheet of the backlog workbook built from them.

Insights made from survey responses (sweetspot.core.survey) carry these columns beside the
documented input shape. They are ordinary custom columns of the Insights table: kept, edited,
saved and exported like any other, so a workshop typed by hand simply has none of them.
"""

from __future__ import annotations

import pandas as pd

from sweetspot.core.model import Workshop

STATED = "Stated importance"
DERIVED = "Derived importance (% of R²)"
IMPORTANCE_CI = "Importance CI"
SATISFACTION_CI = "Satisfaction CI"
# The spread of the answers on 1–5 (sample SD): with Respondents it lets a later survey wave
# say whether a change is larger than noise.
SATISFACTION_SD = "Satisfaction SD"
RESPONDENTS = "Respondents"
SOURCE = "Source"
QUOTES = "Quotes"
SURVEY_COLUMNS = (
    STATED,
    DERIVED,
    IMPORTANCE_CI,
    SATISFACTION_CI,
    SATISFACTION_SD,
    RESPONDENTS,
    SOURCE,
    QUOTES,
)

EVIDENCE_SHEET = "Evidence"


def has_survey_evidence(workshop: Workshop) -> bool:
    ins = workshop.insights
    return SOURCE in ins.columns and bool(ins[SOURCE].fillna("").astype(str).str.strip().any())


def evidence_table(workshop: Workshop) -> pd.DataFrame:
    """One row per insight that came from a survey: its numbers with their intervals, its
    respondents and the customers' own words."""
    ins = workshop.insights
    if not has_survey_evidence(workshop):
        return pd.DataFrame()
    source = ins[SOURCE].fillna("").astype(str)
    rows = ins[source.str.strip() != ""]

    def col(name: str) -> pd.Series:
        if name in rows.columns:
            return rows[name].reset_index(drop=True)
        return pd.Series([""] * len(rows), dtype=object)

    out = pd.DataFrame(
        {
            "ID": col("id").astype(str),
            "Need": col("need"),
            "Source": col(SOURCE),
            "Respondents": pd.to_numeric(col(RESPONDENTS), errors="coerce"),
            "Importance (1–5)": pd.to_numeric(col("importance"), errors="coerce"),
            "Importance CI": col(IMPORTANCE_CI),
            "Stated importance": pd.to_numeric(col(STATED), errors="coerce"),
            "Derived importance (% of R²)": pd.to_numeric(col(DERIVED), errors="coerce"),
            "Satisfaction (1–5)": pd.to_numeric(col("satisfaction"), errors="coerce"),
            "Satisfaction CI": col(SATISFACTION_CI),
            "Satisfaction SD": pd.to_numeric(col(SATISFACTION_SD), errors="coerce"),
            "Reach": pd.to_numeric(col("reach"), errors="coerce"),
            "Sentiment": pd.to_numeric(col("sentiment"), errors="coerce"),
            "Evidence": col("evidence"),
            "Quotes": col(QUOTES),
        }
    )
    out.attrs["number_formats"] = {"Respondents": "0", "Reach": "0"}
    return out
