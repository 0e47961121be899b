"""The open workshop as the app sees it: data, settings, the latest scores, selection, undo stack.

Every view reads from one `WorkshopDocument` and every edit goes through `document.push(command)`
so that it can be undone. The document re-scores with the pure core function after each change
and tells the views with one signal, so all views always agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoreResult, ScoringSettings, score
from sweetspot.core.votes import empty_votes

if TYPE_CHECKING:
    from sweetspot.core.graph import OverlapReport


class WorkshopDocument(QObject):
    """One open workshop. Views listen to `changed` and `selectionChanged`."""

    # Emitted after the data or the settings changed and the scores were recomputed.
    changed = Signal()
    # Emitted when the selected initiative IDs change (from any view).
    selectionChanged = Signal(list)
    # Emitted when the file path or the saved/unsaved state changes.
    fileStateChanged = Signal()
    # Emitted when the workshop votes or their role weights change (votes do not re-score).
    votesChanged = Signal()

    def __init__(
        self,
        workshop: Workshop | None = None,
        settings: ScoringSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.workshop: Workshop = workshop if workshop is not None else Workshop()
        self.settings: ScoringSettings = settings or ScoringSettings()
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.path: Path | None = None
        # Named scenario settings saved with the project (the lenses issue builds on this).
        self.lenses: dict[str, ScoringSettings] = {}
        # Free-form view state saved in the project (current view, splitter sizes, ...).
        self.view_state: dict[str, Any] = {}
        # Workshop votes (sweetspot.core.votes) and role weights, saved with the project.
        self.votes: pd.DataFrame = empty_votes()
        self.vote_weights: dict[str, float] = {}
        self.selection: list[str] = []
        self.result: ScoreResult = score(self.workshop, self.settings)
        # Ranks before the latest change, for the "movement" column (▲2 ▼1).
        self.previous_ranks: dict[str, int] = self.result.ranks()
        self._report: OverlapReport | None = None

    def _on_clean_changed(self, _clean: bool) -> None:
        # A bound method (not a lambda) so Qt drops the connection when the document dies.
        self.fileStateChanged.emit()

    # -- reading ---------------------------------------------------------------------------
    @property
    def report(self) -> OverlapReport:
        """Graph analyses of the current result, computed when first asked for."""
        if self._report is None:
            from sweetspot.core.graph import analyse

            self._report = analyse(self.workshop, self.result)
        return self._report

    def movement(self, initiative_id: str) -> int:
        """Places gained (+) or lost (−) by the latest change."""
        before = self.previous_ranks.get(initiative_id)
        now = self.result.ranks().get(initiative_id)
        if before is None or now is None:
            return 0
        return before - now

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # -- changing (called by commands, or when a new workshop is loaded) -------------------
    def push(self, command: QUndoCommand) -> None:
        """Apply an edit so that it can be undone (QUndoStack.push calls its redo())."""
        self.undo_stack.push(command)

    def replace_workshop(
        self,
        workshop: Workshop,
        settings: ScoringSettings | None = None,
        path: Path | None = None,
    ) -> None:
        """Load a different workshop: forgets the undo history and the selection."""
        self.workshop = workshop
        if settings is not None:
            self.settings = settings
        self.path = path
        self.undo_stack.clear()
        self.selection = []
        # Votes belong to the workshop they were cast on (a project's come back via set_votes).
        self.votes = empty_votes()
        self.vote_weights = {}
        self.votesChanged.emit()
        self.rescore(keep_movement=False)
        self.selectionChanged.emit([])
        self.fileStateChanged.emit()

    def set_settings(self, settings: ScoringSettings) -> None:
        self.settings = settings
        self.rescore()

    def rescore(self, keep_movement: bool = True) -> None:
        """Recompute scores after any change and tell every view."""
        old = self.result.ranks()
        self.result = score(self.workshop, self.settings)
        self.previous_ranks = old if keep_movement else self.result.ranks()
        self._report = None
        known = set(self.result.table["id"])
        if any(i not in known for i in self.selection):
            self.selection = [i for i in self.selection if i in known]
            self.selectionChanged.emit(list(self.selection))
        self.changed.emit()

    def select(self, ids: list[str]) -> None:
        ids = list(dict.fromkeys(ids))
        if ids != self.selection:
            self.selection = ids
            self.selectionChanged.emit(list(ids))

    def set_votes(self, votes: pd.DataFrame, weights: dict[str, float] | None = None) -> None:
        """Replace the votes (and role weights); called by the vote commands."""
        self.votes = votes
        if weights is not None:
            self.vote_weights = dict(weights)
        self.votesChanged.emit()

    def set_path(self, path: Path | None) -> None:
        self.path = path
        self.fileStateChanged.emit()
