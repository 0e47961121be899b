"""The one adapter between core edit values and Qt's undo stack.

A core edit (`sweetspot.core.edits`) knows how to apply itself and returns the edit that takes it
back; `EditCommand` only keeps the pair. Slider drags and matrix drags carry the same merge key
on every step, so one Undo takes back one gesture.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:
    from sweetspot.core.edits import Edit
    from sweetspot.core.survey_review import ReviewEdit


class AppliesEdits(Protocol):
    """The workshop's `core.session.Session`, or a survey review's `ReviewSession`: applies
    one edit value and returns the edit that takes it back."""

    def apply(self, edit: Any, /) -> Any: ...


# Qt needs one int per mergeable command type; every merging edit shares this one and the
# merge key says which gesture it belongs to.
_MERGE_ID = 1001


class EditCommand(QUndoCommand):
    """One undo step: a core edit and, once applied, the edit that undoes it."""

    def __init__(self, session: AppliesEdits, edit: Edit | ReviewEdit, text: str = "") -> None:
        super().__init__(text or edit.describe())
        # The core session applies the edit; the document hears of it through its events.
        self.session = session
        self.forward: Edit | ReviewEdit = edit
        self.backward: Edit | ReviewEdit | None = None
        # A sealed step takes no more merges: the gesture (slider drag, key press) ended.
        self.sealed = False

    def redo(self) -> None:
        self.backward = self.session.apply(self.forward)

    def undo(self) -> None:
        assert self.backward is not None
        # Applying the inverse returns an edit equivalent to the forward one (for redo).
        self.forward = self.session.apply(self.backward)

    def id(self) -> int:
        return _MERGE_ID if self.forward.merge_key and not self.sealed else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or not other.forward.merge_key:
            return False
        if self.sealed or other.forward.merge_key != self.forward.merge_key:
            return False
        # `other` is already applied; undoing the merged step goes back past both.
        self.forward = other.forward
        return True
