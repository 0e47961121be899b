"""Reviewing a survey before its insights join the workshop.

The consultant checks three things: which column is what (roles), which importance the scores
use (stated, derived or their mean), and the comment themes (keep, drop, rename, merge). Each
change is an edit value whose `apply` changes the review and returns the edit that takes it
back, as the workshop's edits do, so the review dialog undoes them on its own undo stack. A
changed role takes effect when the survey is analysed again (`with_roles`); the roles the
consultant chose are remembered per survey layout (`layout_key`) so the next wave of the same
survey opens with them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from sweetspot.core.survey import (
    IMPORTANCE_RULES,
    ImportanceRule,
    SurveyAnalysis,
    ThemeSummary,
    insights_table,
    summarise_theme,
)
from sweetspot.core.survey_read import (
    ROLE_LABELS,
    ROLES,
    ResponseTable,
    Role,
    SurveyColumn,
    one_outcome,
)

MAX_QUOTES = 3
MAX_TERMS = 10


# -- column roles ----------------------------------------------------------------------------


def layout_key(table: ResponseTable) -> str:
    """One short key per survey layout (its column names in order): the same questionnaire
    exported again, or its next wave, finds the roles chosen last time."""
    names = "\n".join(c.name for c in table.columns)
    return hashlib.sha1(names.encode("utf-8")).hexdigest()[:16]


def with_roles(table: ResponseTable, roles: Mapping[str, str]) -> ResponseTable:
    """The same responses with the given header → role choices over the guesses (names not
    in the table and unknown roles are ignored). Still one outcome, as when read."""
    columns: list[SurveyColumn] = []
    for c in table.columns:
        chosen = next((r for r in ROLES if r == roles.get(c.name)), None)
        if chosen is not None and chosen != c.role:
            columns.append(replace(c, role=chosen, sure=True, why="chosen"))
        elif chosen is not None:
            columns.append(replace(c, sure=True, why=c.why if c.why == "chosen" else "confirmed"))
        else:
            columns.append(replace(c))
    one_outcome(columns)
    return replace(table, columns=columns)


def changed_roles(guessed: ResponseTable, chosen: Mapping[str, str]) -> dict[str, str]:
    """Only the choices that differ from the reader's guesses: what is worth remembering."""
    guess = guessed.roles()
    return {name: role for name, role in chosen.items() if name in guess and guess[name] != role}


# -- the review and its edits ----------------------------------------------------------------


@dataclass(frozen=True)
class ReviewTheme:
    theme: ThemeSummary
    kept: bool = True


@dataclass
class SurveyReview:
    """What the consultant has decided so far about one analysed survey."""

    analysis: SurveyAnalysis
    themes: tuple[ReviewTheme, ...]
    importance: ImportanceRule
    # header → role as the consultant set it (applies on the next analysis).
    roles: dict[str, Role] = field(default_factory=dict)

    @classmethod
    def start(cls, analysis: SurveyAnalysis) -> SurveyReview:
        return cls(
            analysis,
            tuple(ReviewTheme(t) for t in analysis.themes),
            analysis.settings.importance,
            dict(analysis.table.roles()),
        )

    def theme(self, number: int) -> ReviewTheme:
        found = next((t for t in self.themes if t.theme.number == number), None)
        if found is None:
            raise KeyError(number)
        return found

    def chosen_themes(self) -> list[ThemeSummary]:
        return [t.theme for t in self.themes if t.kept]

    def roles_changed(self) -> bool:
        """The roles differ from those the shown analysis used: analyse again to apply."""
        return self.roles != self.analysis.table.roles()

    def chosen_analysis(self) -> SurveyAnalysis:
        settings = replace(self.analysis.settings, importance=self.importance)
        return replace(self.analysis, settings=settings)

    def insights(self) -> pd.DataFrame:
        """The Insights table the workshop would get: attributes and the kept themes."""
        return insights_table(self.chosen_analysis(), self.chosen_themes())


class ReviewEdit:
    """Base of the review's edit values. `apply` changes the review, returns the inverse."""

    merge_key: str = ""

    def describe(self) -> str:
        return type(self).__name__

    def apply(self, review: SurveyReview) -> ReviewEdit:  # pragma: no cover - overridden
        raise NotImplementedError


def _with_theme(review: SurveyReview, number: int, new: ReviewTheme) -> None:
    review.themes = tuple(new if t.theme.number == number else t for t in review.themes)


@dataclass(frozen=True, eq=False)
class RenameTheme(ReviewEdit):
    number: int
    label: str

    def describe(self) -> str:
        return f"Rename theme to “{self.label}”"

    def apply(self, review: SurveyReview) -> ReviewEdit:
        old = review.theme(self.number)
        label = " ".join(self.label.split()) or old.theme.label
        _with_theme(review, self.number, replace(old, theme=replace(old.theme, label=label)))
        return RenameTheme(self.number, old.theme.label)


@dataclass(frozen=True, eq=False)
class KeepTheme(ReviewEdit):
    number: int
    kept: bool

    def describe(self) -> str:
        return "Keep theme" if self.kept else "Drop theme"

    def apply(self, review: SurveyReview) -> ReviewEdit:
        old = review.theme(self.number)
        _with_theme(review, self.number, replace(old, kept=self.kept))
        return KeepTheme(self.number, old.kept)


@dataclass(frozen=True, eq=False)
class SetThemes(ReviewEdit):
    """Every theme at once: the inverse of a merge."""

    themes: tuple[ReviewTheme, ...]
    text: str = "Restore themes"

    def describe(self) -> str:
        return self.text

    def apply(self, review: SurveyReview) -> ReviewEdit:
        old = review.themes
        review.themes = self.themes
        return SetThemes(old, self.text)


@dataclass(frozen=True, eq=False)
class MergeThemes(ReviewEdit):
    """Two or more themes become one: its comments are all of theirs, and its mentions,
    sentiment and outcome difference are counted again from them (a respondent who mentions
    both counts once). It takes the first theme's place and name unless given one."""

    numbers: tuple[int, ...]
    label: str = ""

    def describe(self) -> str:
        return f"Merge {len(self.numbers)} themes"

    def apply(self, review: SurveyReview) -> ReviewEdit:
        parts = [review.theme(n) for n in self.numbers]
        if len(parts) < 2:
            return SetThemes(review.themes, self.describe())
        old = review.themes
        merged = merge_themes(review.analysis, [p.theme for p in parts], self.label)
        first = parts[0].theme.number
        rest = set(self.numbers[1:])
        review.themes = tuple(
            ReviewTheme(merged, True) if t.theme.number == first else t
            for t in old
            if t.theme.number not in rest
        )
        return SetThemes(old, self.describe())


@dataclass(frozen=True, eq=False)
class SetImportanceRule(ReviewEdit):
    rule: ImportanceRule

    def describe(self) -> str:
        return f"Importance: {IMPORTANCE_RULES[self.rule]}"

    def apply(self, review: SurveyReview) -> ReviewEdit:
        old = review.importance
        review.importance = self.rule
        return SetImportanceRule(old)


@dataclass(frozen=True, eq=False)
class SetRole(ReviewEdit):
    """One column's role. There is one outcome: naming a new one sets the old one to not
    used (the inverse puts every role back)."""

    column: str
    role: Role

    def describe(self) -> str:
        return f"“{self.column}” is {ROLE_LABELS[self.role].lower()}"

    def apply(self, review: SurveyReview) -> ReviewEdit:
        if self.column not in review.roles:
            raise KeyError(self.column)
        old = dict(review.roles)
        roles = dict(old)
        if self.role == "outcome":
            roles.update({k: "ignore" for k, r in old.items() if r == "outcome"})
        roles[self.column] = self.role
        review.roles = roles
        return SetRoles(old, self.describe())


@dataclass(frozen=True, eq=False)
class SetRoles(ReviewEdit):
    roles: Mapping[str, Role]
    text: str = "Column roles"

    def describe(self) -> str:
        return self.text

    def apply(self, review: SurveyReview) -> ReviewEdit:
        old = dict(review.roles)
        review.roles = dict(self.roles)
        return SetRoles(old, self.text)


def merge_themes(
    analysis: SurveyAnalysis, themes: Sequence[ThemeSummary], label: str = ""
) -> ThemeSummary:
    """One theme from several (see MergeThemes): terms and quotes taken in turn from each."""
    comments = sorted({c for t in themes for c in t.comments})
    terms = _in_turn([t.terms for t in themes], MAX_TERMS)
    quotes = _in_turn([t.quotes for t in themes], MAX_QUOTES)
    name = " ".join(label.split()) or themes[0].label
    return summarise_theme(analysis, themes[0].number, name, terms, comments, quotes)


def _in_turn(lists: Sequence[Sequence[str]], limit: int) -> list[str]:
    out: list[str] = []
    for i in range(max((len(x) for x in lists), default=0)):
        for items in lists:
            if i < len(items) and items[i] not in out:
                out.append(items[i])
    return out[:limit]


class ReviewSession:
    """The review with its edits applied in one place (the dialog's undo stack calls this)."""

    def __init__(self, review: SurveyReview) -> None:
        self.review = review
        self.listeners: list[Callable[[ReviewEdit], None]] = []

    def apply(self, edit: ReviewEdit) -> ReviewEdit:
        inverse = edit.apply(self.review)
        for listener in self.listeners:
            listener(edit)
        return inverse
