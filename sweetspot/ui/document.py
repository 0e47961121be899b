"""The open workshop as the app sees it: the core session, re-emitted as Qt signals, and the
undo stack.

Every view reads from one `WorkshopDocument`; every edit is a core edit value handed to
`document.edit(...)`, which puts it on the undo stack (one adapter, `ui/commands.py`). The
session re-scores with the pure core function and tells the views with one specific signal per
kind of change, so all views always agree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from sweetspot.core.edits import Edit
from sweetspot.core.model import Workshop
from sweetspot.core.project import Project
from sweetspot.core.scoring import ScoreResult, ScoringSettings
from sweetspot.core.session import (
    Event,
    LensesChanged,
    ProblemsChanged,
    ScoresChanged,
    SelectionChanged,
    Session,
    ViewStateChanged,
    VotesChanged,
)
from sweetspot.ui.commands import EditCommand

if TYPE_CHECKING:
    from sweetspot.core.graph import OverlapReport


class WorkshopDocument(QObject):
    """One open workshop. Views listen to the specific signals they need."""

    # Emitted after the data or the settings changed and the scores were recomputed.
    changed = Signal()
    # Emitted when the selected initiative IDs change (from any view).
    selectionChanged = Signal(list)
    # Emitted when the file path or the saved/unsaved state changes.
    fileStateChanged = Signal()
    # Emitted when the workshop votes or their role weights change (votes do not re-score).
    votesChanged = Signal()
    # Emitted when a lens is saved, changed or deleted (lenses do not re-score).
    lensesChanged = Signal()
    # Emitted when problems are added to the workshop (the import report lists them).
    problemsChanged = Signal()
    # Emitted when saved view state (journey stage order, …) changes.
    viewStateChanged = Signal()

    def __init__(
        self,
        workshop: Workshop | None = None,
        settings: ScoringSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        project = Project(workshop if workshop is not None else Workshop())
        if settings is not None:
            project.settings = settings
        self.session = Session(project)
        self.session.subscribe(self._relay)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def _relay(self, event: Event) -> None:
        match event:
            case ScoresChanged():
                self.changed.emit()
            case SelectionChanged(ids=ids):
                self.selectionChanged.emit(list(ids))
            case VotesChanged():
                self.votesChanged.emit()
            case LensesChanged():
                self.lensesChanged.emit()
            case ProblemsChanged():
                self.problemsChanged.emit()
            case ViewStateChanged():
                self.viewStateChanged.emit()

    def _on_clean_changed(self, _clean: bool) -> None:
        # A bound method (not a lambda) so Qt drops the connection when the document dies.
        self.fileStateChanged.emit()

    # -- reading (the session's project) -----------------------------------------------------
    @property
    def project(self) -> Project:
        return self.session.project

    @property
    def workshop(self) -> Workshop:
        return self.session.project.workshop

    @property
    def settings(self) -> ScoringSettings:
        return self.session.project.settings

    @property
    def lenses(self) -> dict[str, ScoringSettings]:
        return self.session.project.lenses

    @lenses.setter
    def lenses(self, lenses: dict[str, ScoringSettings]) -> None:
        # Opening a project (not an edit): no undo step.
        self.session.project.lenses = dict(lenses)
        self.lensesChanged.emit()

    @property
    def view_state(self) -> dict[str, Any]:
        return self.session.project.view_state

    @view_state.setter
    def view_state(self, state: dict[str, Any]) -> None:
        self.session.project.view_state = dict(state)

    @property
    def votes(self) -> pd.DataFrame:
        return self.session.project.votes

    @property
    def vote_weights(self) -> dict[str, float]:
        return self.session.project.vote_weights

    @vote_weights.setter
    def vote_weights(self, weights: dict[str, float]) -> None:
        self.session.project.vote_weights = dict(weights)

    @property
    def path(self) -> Path | None:
        return self.session.project.path

    @property
    def selection(self) -> list[str]:
        return self.session.selection

    @property
    def result(self) -> ScoreResult:
        return self.session.result

    @property
    def previous_ranks(self) -> dict[str, int]:
        return self.session.previous_ranks

    @property
    def report(self) -> OverlapReport:
        """Graph analyses of the current result, computed when first asked for."""
        return self.session.report

    def movement(self, initiative_id: str) -> int:
        """Places gained (+) or lost (−) by the latest change."""
        return self.session.movement(initiative_id)

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # -- changing ----------------------------------------------------------------------------
    def edit(self, edit: Edit, text: str = "") -> None:
        """Apply a core edit so that it can be undone (one undo step; drags with the same
        merge key merge into one). EditRefused propagates with its sentence."""
        edit.check(self.session.project)
        self.undo_stack.push(EditCommand(self.session, edit, text))

    def apply_loaded(self, edit: Edit) -> None:
        """Apply what came with the file being opened (its votes, …) without an undo step."""
        self.session.apply(edit)

    def push(self, command: QUndoCommand) -> None:
        """Put a ready-made undo command on the stack (QUndoStack.push calls its redo())."""
        self.undo_stack.push(command)

    def replace_workshop(
        self,
        workshop: Workshop,
        settings: ScoringSettings | None = None,
        path: Path | None = None,
    ) -> None:
        """Load a different workshop: forgets the undo history, the selection and the votes."""
        project = Project(workshop, settings if settings is not None else self.settings)
        project.path = path
        self.replace_project(project)

    def replace_project(self, project: Project) -> None:
        """Open a whole project (data, settings, lenses, votes, view state) without undo."""
        self.undo_stack.clear()
        self.session.replace(project)
        self.fileStateChanged.emit()

    def set_settings(self, settings: ScoringSettings) -> None:
        """Score with other settings without an undo step (a lens being tried on)."""
        self.session.preview_settings(settings)

    def rescore(self, keep_movement: bool = True) -> None:
        """Recompute scores and tell every view."""
        self.session.rescore(keep_movement)

    def select(self, ids: list[str]) -> None:
        self.session.select(ids)

    def set_path(self, path: Path | None) -> None:
        self.session.set_path(path)
        self.fileStateChanged.emit()
