"""Reviewing a survey before it joins the workshop: column roles, theme edits as undoable values,
and the importance–performance chart's placement."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sweetspot.core.plot.common import shorten
from sweetspot.core.plot.survey import draw_importance_performance, ipa_points
from sweetspot.core.survey import SurveyAnalysis, SurveySettings, analyse_survey
from sweetspot.core.survey_read import ResponseTable, read_survey
from sweetspot.core.survey_review import (
    KeepTheme,
    MergeThemes,
    RenameTheme,
    ReviewSession,
    SetImportanceRule,
    SetRole,
    SurveyReview,
    changed_roles,
    layout_key,
    with_roles,
)

SURVEY = Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank_survey.xlsx"


@cache
def _bank() -> tuple[ResponseTable, SurveyAnalysis]:
    read = read_survey([SURVEY])
    assert read.table is not None
    analysis = analyse_survey(read.table, read.attributes, SurveySettings(bootstrap=100))
    return read.table, analysis


def _snapshot(review: SurveyReview) -> tuple[object, ...]:
    return (
        tuple((t.theme.number, t.theme.label, t.kept, t.theme.comments) for t in review.themes),
        review.importance,
        tuple(sorted(review.roles.items())),
    )


def test_each_review_edit_returns_the_edit_that_takes_it_back() -> None:
    _table, analysis = _bank()
    session = ReviewSession(SurveyReview.start(analysis))
    first, second = (t.theme.number for t in session.review.themes[:2])
    segment = next(n for n, r in session.review.roles.items() if r == "segment")
    start = _snapshot(session.review)
    undo: list[object] = []
    for edit in (
        RenameTheme(first, "Fees nobody warned me about"),
        KeepTheme(second, False),
        SetImportanceRule("derived"),
        MergeThemes((first, second)),
        SetRole(segment, "ignore"),
    ):
        undo.append(session.apply(edit))
    review = session.review
    assert review.theme(first).theme.label == "Fees nobody warned me about"
    assert second not in {t.theme.number for t in review.themes}
    assert review.importance == "derived"
    assert review.roles[segment] == "ignore" and review.roles_changed()
    for inverse in reversed(undo):
        session.apply(inverse)  # type: ignore[arg-type]
    assert _snapshot(session.review) == start
    assert not session.review.roles_changed()


def test_a_merged_theme_counts_every_mentioner_once() -> None:
    _table, analysis = _bank()
    review = SurveyReview.start(analysis)
    a, b = review.themes[0].theme, review.themes[1].theme
    ReviewSession(review).apply(MergeThemes((a.number, b.number), "Money matters"))
    merged = review.theme(a.number).theme
    assert merged.label == "Money matters"
    assert merged.comments == tuple(sorted(set(a.comments) | set(b.comments)))
    who = set(analysis.comment_respondent[list(merged.comments)].tolist())
    assert merged.respondents == len(who)
    assert max(a.respondents, b.respondents) <= merged.respondents <= a.respondents + b.respondents
    assert len(review.themes) == len(analysis.themes) - 1
    # Terms and quotes taken in turn from both.
    assert merged.terms[:2] == (a.terms[0], b.terms[0])
    assert set(merged.quotes) <= set(a.quotes) | set(b.quotes) and len(merged.quotes) == 3
    # Its mentioners' outcome is computed again from them, not averaged.
    out = analysis.outcome_values[sorted(who)]
    out = out[np.isfinite(out)]
    nps = 100 * (np.mean(out >= 9) - np.mean(out <= 6))
    assert math.isclose(merged.outcome_mentioners, nps, abs_tol=1e-9)


def test_the_insights_of_a_review_hold_the_kept_themes_with_their_names() -> None:
    _table, analysis = _bank()
    review = SurveyReview.start(analysis)
    session = ReviewSession(review)
    t0, t1 = review.themes[0].theme, review.themes[1].theme
    session.apply(RenameTheme(t0.number, "  Fees   nobody warned me about "))
    session.apply(KeepTheme(t1.number, False))
    table = review.insights()
    needs = set(table["need"])
    assert "Fees nobody warned me about" in needs and t1.label not in needs
    assert len(table) == len(analysis.attributes) + len(analysis.themes) - 1


def test_naming_a_new_outcome_sets_the_old_one_to_not_used() -> None:
    table, analysis = _bank()
    review = SurveyReview.start(analysis)
    old = next(name for name, role in review.roles.items() if role == "outcome")
    rating = next(name for name, role in review.roles.items() if role == "rating")
    back = ReviewSession(review).apply(SetRole(rating, "outcome"))
    assert review.roles[rating] == "outcome" and review.roles[old] == "ignore"
    assert [n for n, r in review.roles.items() if r == "outcome"] == [rating]
    ReviewSession(review).apply(back)
    assert review.roles[old] == "outcome" and review.roles[rating] == "rating"
    assert review.roles == table.roles()


def test_roles_chosen_change_the_analysis_and_only_overrides_are_remembered() -> None:
    table, analysis = _bank()
    rating = next(c.name for c in table.columns if c.role == "rating")
    chosen = {**table.roles(), rating: "ignore"}
    again = with_roles(table, chosen)
    assert again.column(rating).role == "ignore"
    assert again.column(rating).why == "chosen"
    assert table.column(rating).role == "rating"  # unchanged
    fewer = analyse_survey(again, None, SurveySettings(bootstrap=20))
    assert len(fewer.attributes) == len(analysis.attributes) - 1
    assert changed_roles(table, chosen) == {rating: "ignore"}
    assert changed_roles(table, table.roles()) == {}
    # Unknown headers and roles are ignored.
    assert with_roles(table, {"No such column": "rating", rating: "nonsense"}).roles() == (
        table.roles()
    )


def test_the_layout_key_is_the_same_for_the_same_questionnaire(tmp_path: Path) -> None:
    table, _analysis = _bank()
    again = read_survey([SURVEY]).table
    assert again is not None and layout_key(again) == layout_key(table)
    other = tmp_path / "other.csv"
    pd.DataFrame({"ID": [1, 2], "How satisfied with the app?": [3, 4]}).to_csv(other, index=False)
    read = read_survey([other]).table
    assert read is not None and layout_key(read) != layout_key(table)


def test_the_importance_performance_quadrants_follow_the_means() -> None:
    _table, analysis = _bank()
    points, (cx, cy) = ipa_points(analysis)
    assert len(points) == len(analysis.attributes)
    assert math.isclose(cx, float(np.mean([p.satisfaction for p in points])))
    assert math.isclose(cy, float(np.mean([p.importance for p in points])))
    for p in points:
        high, happy = p.importance >= cy, p.satisfaction >= cx
        expected = {
            (True, False): "Concentrate here",
            (True, True): "Keep up the good work",
            (False, False): "Low priority",
            (False, True): "Possible overkill",
        }[(high, happy)]
        assert p.quadrant == expected
    # The planted strongest driver (fees) is the most important attribute: concentrate there.
    top = max(points, key=lambda p: p.importance)
    assert top.name.startswith("Knowing about fees") and top.quadrant == "Concentrate here"
    assert top.source == "derived" and math.isclose(top.importance, 5.0)


def test_the_chart_draws_one_point_and_label_per_attribute() -> None:
    _table, analysis = _bank()
    fig = Figure(figsize=(7, 5), dpi=100)
    art = draw_importance_performance(fig, analysis)
    assert art.ax is not None
    labels = [t.get_text() for t in art.ax.texts]
    for name in ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"):
        assert name in labels
    # Every attribute is placed and found again under the mouse at its own point.
    for p in art.points:
        x, y = art.ax.transData.transform((p.satisfaction, p.importance))
        found = art.point_at(float(x), float(y))
        assert found is not None and found.name == p.name
    named = [t for t in art.ax.texts if t.get_text() not in labels[:4]]
    assert sorted(t.get_text() for t in named) == sorted(shorten(p.name, 32) for p in art.points)


def test_survey_insights_kept_as_a_wave_carry_n_and_sd_so_changes_can_be_judged() -> None:
    from sweetspot.core.evidence import RESPONDENTS, SATISFACTION_SD
    from sweetspot.core.model import Workshop
    from sweetspot.core.waves import t_quantile, wave_from_insights

    _table, analysis = _bank()
    fees = next(a for a in analysis.attributes if a.name.startswith("Knowing about fees"))
    # The SD on 1–5 is the answers' SD rescaled, and the t interval follows from it.
    assert fees.scale == (1.0, 5.0)
    half = (fees.ci[1] - fees.ci[0]) / 2
    assert math.isclose(half, t_quantile(0.975, fees.n - 1) * fees.sd / math.sqrt(fees.n))
    table = SurveyReview.start(analysis).insights()
    by_id = table.set_index("id")
    sd = by_id[SATISFACTION_SD].astype(float)[fees.insight_id]
    assert math.isclose(sd, round(fees.satisfaction_sd, 3))
    workshop = Workshop(insights=table)
    wave = wave_from_insights(workshop, "2026 Q4").set_index("id")
    n = by_id[RESPONDENTS].astype(float)[fees.insight_id]
    assert wave["respondents"].astype(float)[fees.insight_id] == fees.n == n
    assert math.isclose(wave["spread"].astype(float)[fees.insight_id], sd)
    # A theme has no spread: its changes stay "cannot be judged".
    theme_id = next(i for i in wave.index if str(i).startswith("T"))
    assert math.isnan(wave["spread"].astype(float)[theme_id])
