"""The survey's tables: Drivers and Themes sheets, the Insights sheet with its documented
headers (what `sweetspot insights` writes), and the merge of a survey's insights into a
workshop's (re-import keeps IDs, need texts and links)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sweetspot.core.evidence import SOURCE
from sweetspot.core.model import INSIGHT_FIELDS
from sweetspot.core.survey import SurveyAnalysis, ThemeSummary, insights_table, outcome_words


def drivers_table(analysis: SurveyAnalysis) -> pd.DataFrame:
    """Drivers sheet: attribute, relative weight %, raw weight, CI, Shapley %, n."""
    d = analysis.drivers
    names = [a.name for a in analysis.attributes]
    rows = []
    for a in analysis.attributes:
        k = d.attributes.index(a.name) if d is not None and a.name in d.attributes else -1
        shap = d.shapley_percent if d is not None else None
        nan = np.full(len(names), np.nan)
        pct, raw, lo, hi = (d.percent, d.raw_weight, d.ci_low, d.ci_high) if d else (nan,) * 4
        rows.append(
            {
                "Attribute": a.name,
                "Insight ID": a.insight_id,
                "Relative weight (% of R²)": float(pct[k]) if k >= 0 else math.nan,
                "Raw weight": float(raw[k]) if k >= 0 else math.nan,
                "CI low (%)": float(lo[k]) if k >= 0 else math.nan,
                "CI high (%)": float(hi[k]) if k >= 0 else math.nan,
                "Shapley (% of R²)": float(shap[k]) if k >= 0 and shap is not None else math.nan,
                "Satisfaction (mean)": a.mean,
                "Scale": f"{a.scale[0]:g}–{a.scale[1]:g}",
                "Stated importance (1–5)": a.stated,
                "n": a.n,
            }
        )
    out = pd.DataFrame(rows, columns=None if rows else ["Attribute"])
    if d is not None and names:
        out.attrs["r_squared"] = d.r_squared
        out.attrs["n"] = d.n
    out.attrs["number_formats"] = {
        "Raw weight": "0.0000",
        "Relative weight (% of R²)": "0.0",
        "CI low (%)": "0.0",
        "CI high (%)": "0.0",
        "Shapley (% of R²)": "0.0",
        "n": "0",
    }
    return out


def themes_table(
    analysis: SurveyAnalysis, themes: Sequence[ThemeSummary] | None = None
) -> pd.DataFrame:
    themes = analysis.themes if themes is None else themes
    word = outcome_words(analysis)
    rows = [
        {
            "Theme": t.label,
            "Terms": ", ".join(t.terms),
            "Mentions": t.respondents,
            "Comments": len(t.comments),
            "Sentiment": t.sentiment,
            f"{word} of mentioners": t.outcome_mentioners,
            f"{word} of the rest": t.outcome_rest,
            "Outcome difference": t.outcome_difference,
            "Main stage": t.main_stage,
            "Segments": ", ".join(f"{s} {c}" for s, c in t.segments[:4]),
            "Languages": ", ".join(f"{s} {c}" for s, c in t.languages),
            "Quotes": "\n".join(f"“{q}”" for q in t.quotes),
        }
        for t in themes
    ]
    out = pd.DataFrame(rows, columns=None if rows else ["Theme"])
    out.attrs["number_formats"] = {"Mentions": "0", "Comments": "0"}
    return out


def labelled_insights(table: pd.DataFrame) -> pd.DataFrame:
    """The insights with the documented headers (ID, Need, …, Journey stage), so the
    workbook reads back as an Insights table."""
    from sweetspot.core.columns import field_label

    names = {f: field_label("insights", f) for f in INSIGHT_FIELDS if f in table.columns}
    keep = [c for c in table.columns if c in names or not str(c).islower()]
    return table[keep].rename(columns=names)


def survey_sheets(
    analysis: SurveyAnalysis, themes: Sequence[ThemeSummary] | None = None
) -> dict[str, pd.DataFrame]:
    """The sheets of `sweetspot insights`: Insights, Drivers, Themes."""
    insights = labelled_insights(insights_table(analysis, themes))
    insights.attrs["number_formats"] = {"Reach": "0", "Respondents": "0"}
    return {
        "Insights": insights,
        "Drivers": drivers_table(analysis),
        "Themes": themes_table(analysis, themes),
    }


def merge_survey_insights(
    current: pd.DataFrame, survey: pd.DataFrame
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The workshop's insights updated from a survey's (`insights_table` shape): an insight
    whose ID is already there takes the survey's numbers, interval columns and evidence but
    keeps its need text, segment, stage and links (the consultant's words); a theme already
    imported (same Source terms) keeps its ID and name; the rest are added.
    Returns (insights, updated IDs, added IDs)."""
    out = current.copy()
    for col in survey.columns:
        if col not in out.columns:
            out[col] = np.nan if pd.api.types.is_float_dtype(survey[col]) else ""
    ids = out["id"].astype(str).tolist()
    sources = out[SOURCE].fillna("").astype(str).tolist() if SOURCE in out else [""] * len(out)
    kept = ("need", "segment", "journey_stage", "emotion", "tags")
    updated: list[str] = []
    added: list[dict[str, object]] = []
    for record in survey.to_dict("records"):
        row: dict[str, object] = {str(key): v for key, v in record.items()}
        ident, source = str(row["id"]), str(row.get(SOURCE, ""))
        pos = ids.index(ident) if ident in ids and not source.startswith("theme:") else -1
        if pos < 0 and source.startswith("theme:"):
            pos = next((k for k, s in enumerate(sources) if s == source), -1)
        if pos < 0:
            if ident in ids:  # a new theme whose number an insight already uses
                number = 1
                while f"T{number:02d}" in ids:
                    number += 1
                row = {**row, "id": f"T{number:02d}"}
            ids.append(str(row["id"]))
            added.append(row)
            continue
        for col, value in row.items():
            if col == "id" or (col in kept and str(out.at[pos, col]).strip() not in ("", "nan")):
                continue
            # A figure the survey could not give (no outcome, no comments) keeps the typed one.
            if isinstance(value, float) and math.isnan(value) and col in INSIGHT_FIELDS:
                continue
            out.at[pos, col] = value  # type: ignore[assignment]
        updated.append(str(out.at[pos, "id"]))
    if added:
        new = pd.DataFrame(added).reindex(columns=out.columns)
        out = pd.concat([out, new], ignore_index=True)
    return out, updated, [str(r["id"]) for r in added]
