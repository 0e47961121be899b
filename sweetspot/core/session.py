"""The open project as every screen and the CLI see it: data, settings, lenses, votes, the latest
scores, the selection and the last analyses. Qt-free.

Every change goes through `Session.apply(edit)`, which applies a core edit value, re-scores when
the edit touched data or settings, and tells listeners with one specific event per kind of
change. The app's document re-emits these events as Qt signals and keeps the undo stack; nothing
here knows about screens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sweetspot.core.edits import Edit, apply_edit
from sweetspot.core.model import Workshop
from sweetspot.core.project import Project
from sweetspot.core.scoring import ScoreResult, ScoringSettings, score

if TYPE_CHECKING:
    from sweetspot.core.graph import OverlapReport


# -- events ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ScoresChanged:
    """Data or settings changed and the scores were recomputed."""


@dataclass(frozen=True)
class SelectionChanged:
    """The selected initiative IDs changed (from any view)."""

    ids: tuple[str, ...]


@dataclass(frozen=True)
class LensesChanged:
    """A lens was saved, changed or deleted (lenses never change the current scores)."""


@dataclass(frozen=True)
class VotesChanged:
    """The workshop votes or their role weights changed (votes do not re-score)."""


@dataclass(frozen=True)
class ProblemsChanged:
    """Problems were added to or removed from the workshop (import report)."""


@dataclass(frozen=True)
class ViewStateChanged:
    """Saved view state (journey stage order, …) changed."""


@dataclass(frozen=True)
class ProjectReplaced:
    """A different project was opened, imported or started."""


Event = (
    ScoresChanged
    | SelectionChanged
    | LensesChanged
    | VotesChanged
    | ProblemsChanged
    | ViewStateChanged
    | ProjectReplaced
)
Listener = Callable[[Event], None]


class Session:
    """One open project and everything computed from it."""

    def __init__(self, project: Project | None = None) -> None:
        self.project: Project = project if project is not None else Project(Workshop())
        self.selection: list[str] = []
        self.result: ScoreResult = score(self.project.workshop, self.project.settings)
        # Ranks before the latest change, for the "movement" column (▲2 ▼1).
        self.previous_ranks: dict[str, int] = self.result.ranks()
        self._report: OverlapReport | None = None
        self._listeners: list[Listener] = []

    # -- listening -----------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(event)` after every change; returns the function that stops it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _emit(self, event: Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    # -- reading -------------------------------------------------------------------------------
    @property
    def workshop(self) -> Workshop:
        return self.project.workshop

    @property
    def settings(self) -> ScoringSettings:
        return self.project.settings

    @property
    def path(self) -> Path | None:
        return self.project.path

    @property
    def report(self) -> OverlapReport:
        """Graph analyses of the current result, computed when first asked for."""
        if self._report is None:
            from sweetspot.core.graph import analyse

            self._report = analyse(self.project.workshop, self.result)
        return self._report

    def movement(self, initiative_id: str) -> int:
        """Places gained (+) or lost (−) by the latest change."""
        before = self.previous_ranks.get(initiative_id)
        now = self.result.ranks().get(initiative_id)
        if before is None or now is None:
            return 0
        return before - now

    # -- changing ------------------------------------------------------------------------------
    def apply(self, edit: Edit) -> Edit:
        """Apply one edit (EditRefused when it cannot be) and return the edit that undoes it."""
        inverse = apply_edit(self.project, edit)
        effects = edit.effects()
        if "workshop" in effects or "settings" in effects:
            self.rescore()
        if "lenses" in effects:
            self._emit(LensesChanged())
        if "votes" in effects:
            self._emit(VotesChanged())
        if "problems" in effects:
            self._emit(ProblemsChanged())
        if "view" in effects:
            self._emit(ViewStateChanged())
        return inverse

    def replace(self, project: Project) -> None:
        """Open a different project: forgets the selection and the analyses."""
        self.project = project
        self.selection = []
        self._rescore(keep_movement=False)
        self._emit(ProjectReplaced())
        self._emit(VotesChanged())
        self._emit(LensesChanged())
        self._emit(ScoresChanged())
        self._emit(SelectionChanged(()))

    def preview_settings(self, settings: ScoringSettings) -> None:
        """Score with other settings without an undo step (a lens being tried on)."""
        self.project.settings = settings
        self.rescore()

    def set_path(self, path: Path | None) -> None:
        self.project.path = path

    def rescore(self, keep_movement: bool = True) -> None:
        """Recompute the scores after a change and tell every listener."""
        self._rescore(keep_movement)
        self._emit(ScoresChanged())

    def _rescore(self, keep_movement: bool) -> None:
        old = self.result.ranks()
        self.result = score(self.project.workshop, self.project.settings)
        self.previous_ranks = old if keep_movement else self.result.ranks()
        self._report = None
        known = set(self.result.table["id"])
        if any(i not in known for i in self.selection):
            self.selection = [i for i in self.selection if i in known]
            self._emit(SelectionChanged(tuple(self.selection)))

    def select(self, ids: list[str]) -> None:
        ids = list(dict.fromkeys(ids))
        if ids != self.selection:
            self.selection = ids
            self._emit(SelectionChanged(tuple(ids)))
