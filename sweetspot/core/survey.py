"""From survey responses to evidence-backed insights (the customer's own voice).

`analyse_survey` takes the responses table read by sweetspot.core.survey_read and computes:

- per attribute (a satisfaction-rating column): n, mean on its own scale, a 95 % t interval,
  top-2-box share (the two best points of the scale), and the stated importance when the survey
  asked for it;
- derived importance by key-driver analysis (sweetspot.core.drivers: Johnson's relative
  weights on the outcome, bootstrap intervals, Shapley check);
- comment themes (sweetspot.core.themes) with mentions, segment and stage split, mean
  sentiment (sweetspot.core.voice_text) and the outcome difference of those who mention them.

`insights_table` turns that into the documented Insights shape, on the 1–5 scale:

- Satisfaction = 1 + 4 × (mean − scale min) / (scale max − scale min);
- Importance: stated (mapped the same way) where asked, else derived
  1 + 4 × RW_j / max_k RW_k; or derived everywhere; or the mean of the two (`importance`);
- Reach = respondents who rated the attribute;
- a theme: Reach = respondents who mention it, Satisfaction = 1 + 4 × (sentiment + 1) / 2, and
  Importance = 1 + 4 × gap / largest gap, where gap is how much lower the outcome is among those
  who mention the theme than among the rest (a theme whose mentioners are not less satisfied
  gets 1); the consultant reviews every theme before it becomes an insight.
Every number carries its interval, n and quotes in the survey columns of sweetspot.core.evidence.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from sweetspot.core.drivers import DriverResult, key_drivers
from sweetspot.core.evidence import (
    DERIVED,
    IMPORTANCE_CI,
    QUOTES,
    RESPONDENTS,
    SATISFACTION_CI,
    SATISFACTION_SD,
    SOURCE,
    STATED,
)
from sweetspot.core.model import INSIGHT_FIELDS, Problem
from sweetspot.core.reading_base import Check, no_check
from sweetspot.core.survey_read import (
    AttributeInfo,
    OutcomeKind,
    ResponseTable,
    SurveyColumn,
    attribute_name,
    outcome_kind,
    parse_ratings,
    rating_problems,
)
from sweetspot.core.themes import ThemeResult, find_themes
from sweetspot.core.values import to_text
from sweetspot.core.voice_text import CommentScores, detect_languages, score_comments
from sweetspot.core.waves import t_quantile

ImportanceRule = Literal["stated", "derived", "mean"]
IMPORTANCE_RULES: dict[ImportanceRule, str] = {
    "stated": "stated where asked, else derived",
    "derived": "derived (key drivers) everywhere",
    "mean": "mean of stated and derived",
}
Progress = Callable[[str], None]


@dataclass(frozen=True)
class SurveySettings:
    importance: ImportanceRule = "stated"
    missing: Literal["listwise", "pairwise"] = "listwise"
    themes: int | None = None  # None: chosen automatically
    seed: int = 0
    bootstrap: int = 500


@dataclass(frozen=True)
class AttributeResult:
    """One rated attribute: what customers said of it."""

    column: str
    name: str
    insight_id: str
    need: str
    scale: tuple[float, float]
    n: int
    mean: float
    ci: tuple[float, float]
    top2: float  # share in the two best points, 0–1
    sd: float = math.nan  # sample SD of the answers, on the attribute's own scale
    stated_n: int = 0
    stated_mean: float = math.nan  # on the importance column's own scale
    stated_scale: tuple[float, float] | None = None
    stated_ci: tuple[float, float] = (math.nan, math.nan)
    segment: str = ""
    stage: str = ""

    @property
    def satisfaction(self) -> float:
        return to_five(self.mean, self.scale)

    @property
    def satisfaction_sd(self) -> float:
        """The SD on 1–5: the answers' SD × 4 / (scale max − scale min)."""
        span = self.scale[1] - self.scale[0]
        return self.sd * 4.0 / span if span > 0 else math.nan

    @property
    def satisfaction_ci(self) -> tuple[float, float]:
        return (to_five(self.ci[0], self.scale), to_five(self.ci[1], self.scale))

    @property
    def stated(self) -> float:
        return to_five(self.stated_mean, self.stated_scale) if self.stated_scale else math.nan


@dataclass(frozen=True)
class ThemeSummary:
    """One comment theme with who mentions it and how they feel."""

    number: int
    label: str
    terms: tuple[str, ...]
    comments: tuple[int, ...]  # indices into SurveyAnalysis.comments
    respondents: int
    share: float  # of respondents with any comment
    sentiment: float
    outcome_mentioners: float
    outcome_rest: float
    quotes: tuple[str, ...]
    segments: tuple[tuple[str, int], ...]
    stages: tuple[tuple[str, int], ...]
    languages: tuple[tuple[str, int], ...]

    @property
    def outcome_difference(self) -> float:
        return self.outcome_mentioners - self.outcome_rest

    @property
    def main_stage(self) -> str:
        return self.stages[0][0] if self.stages else ""

    @property
    def main_segment(self) -> str:
        # A theme belongs to a segment only when most of its mentions come from there.
        if self.segments and self.segments[0][1] * 2 > sum(c for _s, c in self.segments):
            return self.segments[0][0]
        return ""


@dataclass
class SurveyAnalysis:
    table: ResponseTable
    settings: SurveySettings
    attributes: list[AttributeResult]
    drivers: DriverResult | None
    outcome: str
    outcome_kind: OutcomeKind | None
    outcome_values: np.ndarray  # per respondent
    segments: list[str]  # per respondent ('' none)
    stages: list[str]
    comments: list[str]  # one per (respondent, comment column) with text
    comment_respondent: np.ndarray  # respondent row of each comment
    scores: CommentScores | None
    theme_result: ThemeResult | None
    themes: list[ThemeSummary]
    problems: list[Problem] = field(default_factory=list)

    @property
    def respondents(self) -> int:
        return self.table.respondents


def to_five(value: float, scale: tuple[float, float] | None) -> float:
    """A value on its own scale placed on 1–5 (1 + 4 × position on the scale)."""
    if scale is None or not math.isfinite(value) or scale[1] <= scale[0]:
        return math.nan
    return 1.0 + 4.0 * (value - scale[0]) / (scale[1] - scale[0])


def mean_interval(values: np.ndarray) -> tuple[float, tuple[float, float], int]:
    """Mean, 95 % t interval and n of the answered values."""
    v = values[np.isfinite(values)]
    n = len(v)
    if n == 0:
        return math.nan, (math.nan, math.nan), 0
    m = float(v.mean())
    if n < 2:
        return m, (math.nan, math.nan), n
    half = t_quantile(0.975, n - 1) * float(v.std(ddof=1)) / math.sqrt(n)
    return m, (m - half, m + half), n


def nps(values: np.ndarray) -> float:
    """Net Promoter Score of 0–10 answers: % promoters (9–10) − % detractors (0–6)."""
    v = values[np.isfinite(values)]
    if not len(v):
        return math.nan
    return 100.0 * (float(np.mean(v >= 9)) - float(np.mean(v <= 6)))


def _column_values(table: ResponseTable, column: SurveyColumn) -> pd.Series:
    return table.cells.iloc[:, column.position]


def _texts(table: ResponseTable, column: SurveyColumn | None) -> list[str]:
    if column is None:
        return [""] * table.respondents
    return [t.strip() for t in to_text(_column_values(table, column)).tolist()]


def _pair_importance(
    ratings: list[SurveyColumn], importance: list[SurveyColumn]
) -> tuple[dict[int, SurveyColumn], list[SurveyColumn]]:
    """Stated-importance columns matched to rating columns by their attribute name."""
    from rapidfuzz import fuzz

    pairs: dict[int, SurveyColumn] = {}
    unpaired: list[SurveyColumn] = []
    for imp in importance:
        name = attribute_name(imp.name).casefold()
        best, best_score = None, 0.0
        for k, col in enumerate(ratings):
            if k in pairs:
                continue
            score = fuzz.token_set_ratio(name, attribute_name(col.name).casefold())
            if score > best_score:
                best, best_score = k, score
        if best is not None and best_score >= 80:
            pairs[best] = imp
        else:
            unpaired.append(imp)
    return pairs, unpaired


def analyse_survey(
    table: ResponseTable,
    attributes: Mapping[str, AttributeInfo] | None = None,
    settings: SurveySettings | None = None,
    *,
    check: Check = no_check,
    progress: Progress | None = None,
) -> SurveyAnalysis:
    """Everything the survey says, per attribute and per comment theme (module docstring)."""
    settings = settings or SurveySettings()
    attributes = attributes or {}
    say = progress or (lambda _text: None)
    problems: list[Problem] = []
    cols = table.columns
    rating_cols = [c for c in cols if c.role == "rating"]
    importance_cols = [c for c in cols if c.role == "importance"]
    outcome_col = next((c for c in cols if c.role == "outcome"), None)
    segment_col = next((c for c in cols if c.role == "segment"), None)
    stage_col = next((c for c in cols if c.role == "stage"), None)
    comment_cols = [c for c in cols if c.role == "comment"]
    n = table.respondents
    say(f"Reading {n:,} responses")
    if not rating_cols:
        problems.append(
            Problem(
                "error",
                table.sheet,
                "",
                "No column was taken for a satisfaction rating of an attribute; choose the "
                "rating columns in the column roles.",
            )
        )
    pairs, unpaired = _pair_importance(rating_cols, importance_cols)
    for imp in unpaired:
        problems.append(
            Problem(
                "warning",
                table.sheet,
                f"{imp.letter}{table.header_rows}",
                f"Stated-importance column '{imp.name}' matches no rating column by name; "
                "it was not used.",
            )
        )
    segments = _texts(table, segment_col)
    stages = _texts(table, stage_col)
    matrix = np.full((n, len(rating_cols)), np.nan)
    results: list[AttributeResult] = []
    for k, col in enumerate(rating_cols):
        check()
        ratings = parse_ratings(_column_values(table, col))
        problems += rating_problems(table, col, ratings)
        if ratings.scale is None:
            problems.append(
                Problem(
                    "warning",
                    table.sheet,
                    f"{col.letter}{table.header_rows}",
                    f"'{col.name}' has no readable ratings; it was left out.",
                )
            )
            continue
        matrix[:, k] = ratings.values
        results.append(_attribute(col, k, ratings.values, ratings.scale, attributes))
        paired = pairs.get(k)
        if paired is not None:
            stated = parse_ratings(_column_values(table, paired))
            problems += rating_problems(table, paired, stated)
            m, ci, sn = mean_interval(stated.values)
            results[-1] = replace(
                results[-1],
                stated_n=sn,
                stated_mean=m,
                stated_scale=stated.scale,
                stated_ci=ci,
            )
    used = [k for k, col in enumerate(rating_cols) if any(r.column == col.name for r in results)]
    matrix = matrix[:, used]
    outcome = np.full(n, np.nan)
    kind: OutcomeKind | None = None
    drivers: DriverResult | None = None
    if outcome_col is None:
        problems.append(
            Problem(
                "warning",
                table.sheet,
                "",
                "No overall outcome column (likelihood to recommend, overall satisfaction or "
                "effort) was found, so importance cannot be derived; stated importance is used "
                "where asked.",
            )
        )
    else:
        parsed = parse_ratings(_column_values(table, outcome_col))
        problems += rating_problems(table, outcome_col, parsed)
        outcome = parsed.values
        kind = outcome_kind(outcome_col.name)
        if results:
            say("Key-driver analysis")
            drivers = key_drivers(
                matrix,
                outcome,
                [r.name for r in results],
                missing=settings.missing,
                bootstrap=settings.bootstrap,
                seed=settings.seed,
                sheet=table.sheet,
                check=check,
            )
            problems += list(drivers.problems)
    comments: list[str] = []
    owner: list[int] = []
    for col in comment_cols:
        for row, text in enumerate(_texts(table, col)):
            if text:
                comments.append(text)
                owner.append(row)
    comment_respondent = np.asarray(owner, dtype=np.intp)
    scores: CommentScores | None = None
    theme_result: ThemeResult | None = None
    if comments:
        say(f"Sentiment of {len(comments):,} comments")
        try:
            scores = score_comments(comments, check=check)
        except (OSError, TypeError) as exc:  # a lexicon file missing from an installation
            problems.append(
                Problem("warning", table.sheet, "", f"Comment sentiment was not scored: {exc}.")
            )
            scores = CommentScores(
                tuple(detect_languages(comments)), np.full(len(comments), np.nan), {}
            )
        for lang, count in sorted(scores.no_lexicon.items()):
            name = lang or "an unrecognised language"
            problems.append(
                Problem(
                    "info",
                    table.sheet,
                    "",
                    f"{count:,} comment(s) in {name} got no sentiment score: SweetSpot has no "
                    "sentiment lexicon for that language (English, German and French are "
                    "scored).",
                )
            )
        say("Finding comment themes")
        theme_result = find_themes(
            comments,
            languages=list(scores.language),
            n_themes=settings.themes,
            seed=settings.seed,
            check=check,
        )
        for message in theme_result.messages:
            problems.append(Problem("info", table.sheet, "", message))
    analysis = SurveyAnalysis(
        table,
        settings,
        results,
        drivers,
        outcome_col.name if outcome_col else "",
        kind,
        outcome,
        segments,
        stages,
        comments,
        comment_respondent,
        scores,
        theme_result,
        [],
        problems,
    )
    if theme_result is not None:
        analysis.themes = [
            summarise_theme(analysis, t.number, t.label, t.terms, t.comments, t.quotes)
            for t in theme_result.themes
        ]
    return analysis


def _attribute(
    col: SurveyColumn,
    k: int,
    values: np.ndarray,
    scale: tuple[float, float],
    attributes: Mapping[str, AttributeInfo],
) -> AttributeResult:
    info = attributes.get(col.name) or attributes.get(col.code)
    m, ci, count = mean_interval(values)
    answered = values[np.isfinite(values)]
    step = 1.0 if scale[1] - scale[0] <= 10 else (scale[1] - scale[0]) / 10.0
    top2 = float(np.mean(answered >= scale[1] - step)) if len(answered) else math.nan
    name = attribute_name(col.name)
    return AttributeResult(
        column=col.name,
        name=name,
        insight_id=info.insight_id if info else f"A{k + 1:02d}",
        need=(info.need if info and info.need else name),
        scale=scale,
        n=count,
        mean=m,
        ci=ci,
        top2=top2,
        sd=float(answered.std(ddof=1)) if len(answered) >= 2 else math.nan,
        segment=info.segment if info else "",
        stage=info.stage if info else "",
    )


def _outcome_of(values: np.ndarray, kind: OutcomeKind | None) -> float:
    if kind == "nps":
        return nps(values)
    v = values[np.isfinite(values)]
    return float(v.mean()) if len(v) else math.nan


def summarise_theme(
    analysis: SurveyAnalysis,
    number: int,
    label: str,
    terms: Sequence[str],
    comments: Sequence[int] | np.ndarray,
    quotes: Sequence[str],
) -> ThemeSummary:
    """A theme's mentions, split, sentiment and outcome difference from its comments."""
    idx = np.asarray(comments, dtype=np.intp)
    who = np.unique(analysis.comment_respondent[idx]) if len(idx) else np.zeros(0, np.intp)
    commenters = np.unique(analysis.comment_respondent)
    mention = np.zeros(analysis.respondents, dtype=bool)
    mention[who] = True
    rest = np.zeros(analysis.respondents, dtype=bool)
    rest[commenters] = True
    rest &= ~mention
    sentiment = math.nan
    if analysis.scores is not None and len(idx):
        s = analysis.scores.sentiment[idx]
        s = s[np.isfinite(s)]
        sentiment = float(s.mean()) if len(s) else math.nan
    out = analysis.outcome_values

    def split(values: list[str]) -> tuple[tuple[str, int], ...]:
        counts = Counter(values[i] for i in who if values[i])
        return tuple(counts.most_common())

    langs = Counter(analysis.scores.language[i] or "?" for i in idx) if analysis.scores else {}
    return ThemeSummary(
        number=number,
        label=label,
        terms=tuple(terms),
        comments=tuple(int(i) for i in idx),
        respondents=len(who),
        share=len(who) / len(commenters) if len(commenters) else 0.0,
        sentiment=sentiment,
        outcome_mentioners=_outcome_of(out[mention], analysis.outcome_kind),
        outcome_rest=_outcome_of(out[rest], analysis.outcome_kind),
        quotes=tuple(quotes),
        segments=split(analysis.segments),
        stages=split(analysis.stages),
        languages=tuple(Counter(langs).most_common()),
    )


# -- the result as insights ------------------------------------------------------------------


def _fmt(x: float, digits: int = 2) -> str:
    return "—" if not math.isfinite(x) else f"{x:.{digits}f}"


def _interval(lo: float, hi: float, digits: int = 2) -> str:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return ""
    return f"{lo:.{digits}f}–{hi:.{digits}f}"


def derived_importance(analysis: SurveyAnalysis) -> dict[str, tuple[float, float, float]]:
    """Attribute name → (importance on 1–5, CI low, CI high): 1 + 4 × RW_j / max RW."""
    d = analysis.drivers
    if d is None or not d.usable:
        return {}
    pct = np.asarray(d.percent, dtype=float)
    top = float(np.nanmax(pct)) if np.isfinite(pct).any() else math.nan
    if not math.isfinite(top) or top <= 0:
        return {}
    out: dict[str, tuple[float, float, float]] = {}
    for name, p, lo, hi in zip(d.attributes, pct, d.ci_low, d.ci_high, strict=True):
        if math.isfinite(p):
            out[name] = (
                1 + 4 * p / top,
                1 + 4 * min(float(lo), top) / top if math.isfinite(lo) else math.nan,
                1 + 4 * min(float(hi), top) / top if math.isfinite(hi) else math.nan,
            )
    return out


def _driver_percent(analysis: SurveyAnalysis, name: str) -> float:
    d = analysis.drivers
    if d is None or name not in d.attributes:
        return math.nan
    return float(d.percent[d.attributes.index(name)])


def used_importance(stated: float, derived: float, rule: ImportanceRule) -> tuple[float, str]:
    """The importance the scores use, and in words where it came from."""
    if rule == "derived" and math.isfinite(derived):
        return derived, "derived"
    if rule == "mean" and math.isfinite(stated) and math.isfinite(derived):
        return (stated + derived) / 2, "mean of stated and derived"
    if math.isfinite(stated):
        return stated, "stated"
    if math.isfinite(derived):
        return derived, "derived"
    return math.nan, "none"


def theme_importance(themes: Sequence[ThemeSummary], kind: OutcomeKind | None) -> list[float]:
    """1 + 4 × gap / largest gap (module docstring); effort: a higher outcome is worse."""
    sign = -1.0 if kind == "effort" else 1.0
    gaps = [max(0.0, -sign * t.outcome_difference) if math.isfinite(t.outcome_difference)
            else 0.0 for t in themes]  # fmt: skip
    top = max(gaps, default=0.0)
    return [1 + 4 * g / top if top > 0 else 1.0 for g in gaps]


def insights_table(
    analysis: SurveyAnalysis, themes: Sequence[ThemeSummary] | None = None
) -> pd.DataFrame:
    """The Insights table (documented shape plus the survey columns) of the attributes and
    the given themes (default: every theme found)."""
    themes = analysis.themes if themes is None else themes
    rule = analysis.settings.importance
    derived = derived_importance(analysis)
    rows: list[dict[str, object]] = []
    for a in analysis.attributes:
        d_imp, d_lo, d_hi = derived.get(a.name, (math.nan, math.nan, math.nan))
        imp, how = used_importance(a.stated, d_imp, rule)
        if how == "stated":
            lo = to_five(a.stated_ci[0], a.stated_scale)
            hi = to_five(a.stated_ci[1], a.stated_scale)
        elif how == "derived":
            lo, hi = d_lo, d_hi
        else:
            lo = hi = math.nan
        pct = _driver_percent(analysis, a.name)
        evidence = (
            f"Survey (n={a.n:,}): satisfaction {_fmt(a.mean)} on "
            f"{a.scale[0]:g}–{a.scale[1]:g} (95 % CI {_interval(*a.ci)}), top-2-box "
            f"{a.top2:.0%}; importance {how}"
        )
        if math.isfinite(pct):
            evidence += f", drives {pct:.1f} % of the explained {analysis.outcome or 'outcome'}"
        rows.append(
            {
                "id": a.insight_id,
                "need": a.need,
                "importance": round(imp, 2) if math.isfinite(imp) else math.nan,
                "satisfaction": round(a.satisfaction, 2),
                "reach": float(a.n),
                "segment": a.segment,
                "journey_stage": a.stage,
                "sentiment": math.nan,
                "emotion": "",
                "evidence": evidence,
                STATED: round(a.stated, 2) if math.isfinite(a.stated) else math.nan,
                DERIVED: round(pct, 1) if math.isfinite(pct) else math.nan,
                IMPORTANCE_CI: _interval(lo, hi),
                SATISFACTION_CI: _interval(*a.satisfaction_ci),
                SATISFACTION_SD: round(a.satisfaction_sd, 3),
                RESPONDENTS: float(a.n),
                SOURCE: f"attribute: {a.column}",
                QUOTES: "",
            }
        )
    importance = theme_importance(themes, analysis.outcome_kind)
    taken = {str(r["id"]) for r in rows}
    number = 0
    for theme, imp in zip(themes, importance, strict=True):
        number += 1
        ident = f"T{number:02d}"
        while ident in taken:
            number += 1
            ident = f"T{number:02d}"
        taken.add(ident)
        rows.append(theme_row(analysis, theme, ident, imp))
    df = pd.DataFrame(rows)
    if df.empty:
        df = pd.DataFrame(columns=[*INSIGHT_FIELDS, STATED, DERIVED])
    return df


def outcome_words(analysis: SurveyAnalysis) -> str:
    return "NPS" if analysis.outcome_kind == "nps" else (analysis.outcome or "outcome")


def theme_row(
    analysis: SurveyAnalysis, theme: ThemeSummary, ident: str, importance: float
) -> dict[str, object]:
    sat = 1 + 2 * (theme.sentiment + 1) if math.isfinite(theme.sentiment) else math.nan
    word = outcome_words(analysis)
    digits = 0 if analysis.outcome_kind == "nps" else 2
    diff = theme.outcome_difference
    evidence = (
        f"Comments: {len(theme.comments):,} from {theme.respondents:,} respondents "
        f"({theme.share:.0%} of those who commented); sentiment {_fmt(theme.sentiment)}"
    )
    if math.isfinite(diff):
        evidence += (
            f"; {word} {theme.outcome_mentioners:+.{digits}f} among them vs "
            f"{theme.outcome_rest:+.{digits}f} for the rest ({diff:+.{digits}f})"
        )
    return {
        "id": ident,
        "need": theme.label,
        "importance": round(importance, 2),
        "satisfaction": round(sat, 2) if math.isfinite(sat) else math.nan,
        "reach": float(theme.respondents),
        "segment": theme.main_segment,
        "journey_stage": theme.main_stage,
        "sentiment": round(theme.sentiment, 2) if math.isfinite(theme.sentiment) else math.nan,
        "emotion": "",
        "evidence": evidence,
        STATED: math.nan,
        DERIVED: math.nan,
        IMPORTANCE_CI: "",
        SATISFACTION_CI: "",
        SATISFACTION_SD: math.nan,
        RESPONDENTS: float(theme.respondents),
        SOURCE: "theme: " + " · ".join(theme.terms[:5]),
        QUOTES: "\n".join(f"“{q}”" for q in theme.quotes),
    }


def survey_summary(analysis: SurveyAnalysis) -> str:
    d = analysis.drivers
    parts = [
        f"{analysis.respondents:,} respondents",
        f"{len(analysis.attributes)} attributes",
        f"{len(analysis.comments):,} comments",
        f"{len(analysis.themes)} themes",
    ]
    if d is not None and d.usable:
        parts.append(f"R² {d.r_squared:.2f} on {analysis.outcome} (n={d.n:,})")
    return ", ".join(parts)
