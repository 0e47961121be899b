"""Survey responses → evidence-backed insights: reading exports, ratings, the analysis, the
insights table and its merge into a workshop."""

from __future__ import annotations

import csv
import math
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sweetspot.core.evidence import DERIVED, SOURCE, evidence_table
from sweetspot.core.inputs import open_inputs
from sweetspot.core.survey import (
    SurveyAnalysis,
    SurveySettings,
    analyse_survey,
    insights_table,
    mean_interval,
    nps,
    to_five,
)
from sweetspot.core.survey_read import parse_ratings, read_survey
from sweetspot.core.survey_tables import merge_survey_insights, survey_sheets

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
SURVEY = SAMPLES / "retail_bank_survey.xlsx"


@cache
def _bank_analysis() -> SurveyAnalysis:
    read = read_survey([SURVEY])
    assert read.table is not None
    return analyse_survey(read.table, read.attributes, SurveySettings(bootstrap=200))


def test_qualtrics_export_has_three_header_rows_and_each_column_its_role() -> None:
    read = read_survey([SURVEY])
    table = read.table
    assert table is not None
    assert table.header_rows == 3 and table.first_row == 4 and table.respondents == 640
    roles = {c.code: c.role for c in table.columns}
    assert roles["ResponseId"] == "respondent"
    assert roles["StartDate"] == roles["UserLanguage"] == "ignore"
    assert [c for c, r in roles.items() if r == "rating"] == [f"Q2_{j}" for j in range(1, 11)]
    assert [c for c, r in roles.items() if r == "importance"] == ["Q3_1", "Q3_2", "Q3_3"]
    assert roles["Q4"] == "outcome" and roles["Q10"] == "comment"
    assert roles["Segment"] == "segment" and roles["Stage"] == "stage"
    # The question text names the column, not the code or the ImportId row.
    q21 = table.column("How satisfied are you with each of the following? - Opening an account")
    assert q21 is not None and q21.code == "Q2_1"
    assert read.attributes["Q2_3"].insight_id == "I11"


def test_ratings_read_numbers_and_labels_in_three_languages() -> None:
    five = parse_ratings(
        pd.Series(["Very satisfied", "Sehr unzufrieden", "Très satisfait", "Weiß nicht", None, 3])
    )
    assert five.scale == (1.0, 5.0) and five.kind == "satisfaction"
    assert five.values[:3].tolist() == [5.0, 1.0, 5.0]
    assert math.isnan(five.values[3]) and math.isnan(five.values[4]) and five.values[5] == 3
    seven = parse_ratings(pd.Series(["Extremely satisfied", "Slightly dissatisfied"]))
    assert seven.scale == (1.0, 7.0) and seven.values.tolist() == [7.0, 3.0]
    nps_answers = parse_ratings(pd.Series(["10 - Extremely likely", "0 - Not at all likely", 7]))
    assert nps_answers.scale == (0.0, 10.0) and nps_answers.values.tolist() == [10.0, 0.0, 7.0]
    bad = parse_ratings(pd.Series([1, 2, 5, "great", 4]))
    assert bad.bad == (3,) and bad.scale == (1.0, 5.0)


def test_surveymonkey_two_header_rows_name_matrix_items(tmp_path: Path) -> None:
    path = tmp_path / "monkey.csv"
    rng = np.random.default_rng(3)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Respondent ID", "How satisfied are you with:", "", "Overall satisfaction"])
        w.writerow(["", "Branch staff", "Mobile app", "Response"])
        for i in range(40):
            a, b = rng.integers(1, 6, size=2)
            w.writerow([1000 + i, a, b, min(5, max(1, int((a + b) / 2)))])
    read = read_survey([path])
    table = read.table
    assert table is not None and table.header_rows == 2 and table.respondents == 40
    names = {c.name: c.role for c in table.columns}
    assert names["How satisfied are you with: - Branch staff"] == "rating"
    assert names["How satisfied are you with: - Mobile app"] == "rating"
    assert names["Overall satisfaction"] == "outcome"
    assert names["Respondent ID"] == "respondent"


def test_attribute_figures_are_the_hand_computed_ones() -> None:
    analysis = _bank_analysis()
    read = read_survey([SURVEY])
    assert read.table is not None
    asked = "How satisfied are you with each of the following?"
    col = read.table.column(f"{asked} - Overdraft warnings")
    assert col is not None
    values = parse_ratings(read.table.cells.iloc[:, col.position]).values
    answered = values[np.isfinite(values)]
    a = next(x for x in analysis.attributes if x.insight_id == "I18")
    assert a.n == len(answered) and a.mean == pytest.approx(answered.mean())
    half = 1.9636 * answered.std(ddof=1) / math.sqrt(len(answered))  # t(0.975, ~600)
    assert a.ci[1] - a.mean == pytest.approx(half, rel=2e-3)
    assert a.top2 == pytest.approx(np.mean(answered >= 4))
    assert a.satisfaction == pytest.approx(1 + 4 * (answered.mean() - 1) / 4)
    assert a.stated_n > 0 and a.stated_scale == (1.0, 5.0)


def test_the_bank_survey_recovers_its_planted_drivers_and_themes() -> None:
    analysis = _bank_analysis()
    d = analysis.drivers
    assert d is not None and d.usable and d.n > 300
    by_id = {a.name: a.insight_id for a in analysis.attributes}
    top3 = [by_id[name] for name in d.rank()[:3]]
    # make_survey.DRIVER_WEIGHTS: fees 0.55, getting help 0.45, overdraft warnings 0.40.
    assert set(top3) == {"I11", "I02", "I18"}
    labels = " ".join(t.label for t in analysis.themes).casefold()
    assert "fee" in labels
    praise = next(t for t in analysis.themes if "friendly" in t.terms or "helpful" in t.terms)
    fees = next(t for t in analysis.themes if any("fee" in term for term in t.terms))
    assert praise.sentiment > 0.5 and fees.sentiment < 0
    # Promoters praise, so their NPS is far above the rest's; fee complainers' far below.
    assert praise.outcome_difference > 30 and fees.outcome_difference < -20


def test_insights_table_in_the_documented_shape_with_its_evidence() -> None:
    analysis = _bank_analysis()
    table = insights_table(analysis)
    attrs = table[table[SOURCE].str.startswith("attribute")]
    assert len(attrs) == 10 and attrs["id"].tolist()[0] == "I01"
    derived = attrs[DERIVED].to_numpy(dtype=float)
    assert derived.sum() == pytest.approx(100, abs=0.5)  # rounded to 0.1 each
    # Stated importance is used where asked (fees, overdraft, getting help), derived elsewhere.
    fees = attrs.set_index("id").loc["I11"]
    assert fees["importance"] == pytest.approx(fees["Stated importance"], abs=0.01)
    top = attrs.iloc[int(np.argmax(attrs[DERIVED].to_numpy(dtype=float)))]
    if top["id"] not in ("I11", "I18", "I02"):
        assert top["importance"] == pytest.approx(5.0)
    themes = table[table[SOURCE].str.startswith("theme")]
    assert len(themes) == len(analysis.themes) and themes["id"].str.match(r"T\d\d").all()
    assert (themes["importance"].between(1, 5)).all() and themes["importance"].max() == 5
    assert themes["Quotes"].str.count("“").ge(1).all()
    sheets = survey_sheets(analysis)
    assert list(sheets) == ["Insights", "Drivers", "Themes"]
    assert {"ID", "Need", "Importance", "Satisfaction", "Reach", "Journey stage"} <= set(
        sheets["Insights"].columns
    )


def test_derived_importance_is_the_mapped_relative_weight() -> None:
    analysis = _bank_analysis()
    table = insights_table(
        SurveyAnalysis(**{**analysis.__dict__, "settings": SurveySettings(importance="derived")})
    )
    attrs = table[table[SOURCE].str.startswith("attribute")]
    pct = attrs[DERIVED].to_numpy(dtype=float)
    expected = 1 + 4 * pct / pct.max()
    assert attrs["importance"].to_numpy(dtype=float) == pytest.approx(expected, abs=0.011)


def test_merge_keeps_the_workshops_ids_words_and_links() -> None:
    project = open_inputs([SAMPLES / "retail_bank.xlsx"])
    w = project.workshop
    table = insights_table(_bank_analysis())
    merged, updated, added = merge_survey_insights(w.insights, table)
    assert len(updated) == 10 and "I11" in updated
    assert added == [f"T{k:02d}" for k in range(1, len(added) + 1)]
    before = w.insights.set_index("id").loc["I11"]
    after = merged.set_index("id").loc["I11"]
    assert after["need"] == before["need"] and after["journey_stage"] == before["journey_stage"]
    assert after["importance"] == table.set_index("id").loc["I11", "importance"]
    assert len(merged) == len(w.insights) + len(added)
    # Importing the same survey again updates, adds nothing.
    again, updated2, added2 = merge_survey_insights(merged, table)
    assert added2 == [] and len(again) == len(merged) and len(updated2) == len(table)
    w.insights = merged
    ev = evidence_table(w)
    assert len(ev) == len(table) and ev["Respondents"].notna().all()


def test_no_outcome_means_stated_importance_and_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "no_outcome.csv"
    path.write_text(
        "ID,Satisfaction with branch,Satisfaction with app\n"
        + "\n".join(f"{i},{1 + i % 5},{1 + (i * 3) % 5}" for i in range(30)),
        encoding="utf-8",
    )
    read = read_survey([path])
    assert read.table is not None
    analysis = analyse_survey(read.table, read.attributes)
    assert analysis.drivers is None
    assert any("No overall outcome" in p.message for p in analysis.problems)
    table = insights_table(analysis)
    assert table["importance"].isna().all() and len(table) == 2


def test_no_rating_columns_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "words.csv"
    path.write_text("Name,Comment\nAnna,Nice people and helpful staff\nBen,Slow app\n")
    read = read_survey([path])
    assert read.table is not None
    analysis = analyse_survey(read.table, read.attributes)
    assert any(p.severity == "error" and "rating" in p.message for p in analysis.problems)


def test_helpers_nps_interval_and_scale() -> None:
    assert nps(np.array([10, 9, 8, 7, 6, 0, np.nan])) == pytest.approx(100 * (2 / 6 - 2 / 6))
    assert nps(np.array([10, 10, 3])) == pytest.approx(100 * (2 / 3 - 1 / 3))
    m, (lo, hi), n = mean_interval(np.array([1.0, 2.0, 3.0, np.nan]))
    assert (m, n) == (2.0, 3) and hi - m == pytest.approx(m - lo)
    assert hi - m == pytest.approx(4.302653 / math.sqrt(3), rel=1e-5)
    assert to_five(10, (0, 10)) == 5 and to_five(0, (0, 10)) == 1 and to_five(4, (1, 7)) == 3


def test_the_survey_columns_read_back_without_warnings(tmp_path: Path) -> None:
    from sweetspot.core.columns import OWN_INSIGHT_COLUMNS
    from sweetspot.core.evidence import SURVEY_COLUMNS
    from sweetspot.core.export import dataframe_sheet
    from sweetspot.core.workbook import write_workbook

    assert set(SURVEY_COLUMNS) == OWN_INSIGHT_COLUMNS
    path = tmp_path / "insights.xlsx"
    sheets = survey_sheets(_bank_analysis())
    write_workbook(path, [dataframe_sheet(n, t) for n, t in sheets.items()])
    project = open_inputs([path, SAMPLES / "retail_bank_plan.xlsx"])
    w = project.workshop
    assert not [p for p in w.problems if "looks like" in p.message]
    assert set(SURVEY_COLUMNS) <= set(w.custom_columns("insights"))
    assert len(w.insights) == len(sheets["Insights"]) and not w.errors


def test_a_figure_the_survey_cannot_give_keeps_the_typed_one() -> None:
    project = open_inputs([SAMPLES / "retail_bank.xlsx"])
    current = project.workshop.insights
    typed = current.set_index("id")["importance"].astype(float)["I11"]
    survey = pd.DataFrame(
        {"id": ["I11"], "importance": [math.nan], "satisfaction": [2.5], SOURCE: ["attribute: x"]}
    )
    merged, updated, added = merge_survey_insights(current, survey)
    by_id = merged.set_index("id")
    assert (updated, added) == (["I11"], [])
    assert by_id["importance"].astype(float)["I11"] == typed
    assert by_id["satisfaction"].astype(float)["I11"] == 2.5


def test_a_missing_lexicon_is_a_warning_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    import sweetspot.core.survey as survey

    def missing(*_a: object, **_k: object) -> None:
        raise FileNotFoundError("The textblob_de package (its sentiment lexicon) is missing")

    monkeypatch.setattr(survey, "score_comments", missing)
    read = read_survey([SURVEY])
    assert read.table is not None
    analysis = analyse_survey(read.table, read.attributes, SurveySettings(bootstrap=0))
    assert any("sentiment was not scored" in p.message for p in analysis.problems)
    assert analysis.scores is not None and np.isnan(analysis.scores.sentiment).all()
    assert analysis.themes and analysis.drivers is not None and analysis.drivers.usable
