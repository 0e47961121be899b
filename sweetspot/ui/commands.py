"""Every user edit as a small undoable command (QUndoCommand) applied to a WorkshopDocument.

Commands address rows by ID, never by row position, because views sort and filter. Slider drags
merge into one command (same `merge_key`) so one Undo takes back one gesture.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtGui import QUndoCommand

from sweetspot.core.model import FIELD_LABELS, NUMERIC_FIELDS, STRENGTH_NAMES
from sweetspot.core.scoring import Override, ScoringSettings
from sweetspot.ui.document import WorkshopDocument

TABLE_NOUNS = {"insights": "insight", "objectives": "objective", "initiatives": "initiative"}

# Distinct ids for QUndoCommand.mergeWith (Qt needs an int per mergeable command type).
_MERGE_SETTINGS = 1001
_MERGE_CELL = 1002


def _clean(field: str, value: Any) -> Any:
    if field in NUMERIC_FIELDS:
        if value is None or value == "":
            return np.nan
        return float(value)
    return "" if value is None else str(value)


class SetSettingsCommand(QUndoCommand):
    """Change the scoring settings (α, rank by, crosshair, lens, …)."""

    def __init__(
        self,
        doc: WorkshopDocument,
        new: ScoringSettings,
        text: str,
        merge_key: str | None = None,
    ) -> None:
        super().__init__(text)
        self.doc = doc
        self.old = doc.settings
        self.new = new
        self.merge_key = merge_key

    def redo(self) -> None:
        self.doc.set_settings(self.new)

    def undo(self) -> None:
        self.doc.set_settings(self.old)

    def id(self) -> int:
        return _MERGE_SETTINGS if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetSettingsCommand) or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True


class SetOverrideCommand(QUndoCommand):
    """Record (or clear, with None) the room's agreed position of one initiative."""

    def __init__(self, doc: WorkshopDocument, initiative_id: str, override: Override | None):
        verb = "Move" if override is not None else "Clear workshop placement of"
        super().__init__(f"{verb} {initiative_id}")
        self.doc = doc
        self.initiative_id = initiative_id
        self.old = doc.settings.overrides.get(initiative_id)
        self.new = override

    def _apply(self, value: Override | None) -> None:
        overrides = dict(self.doc.settings.overrides)
        if value is None:
            overrides.pop(self.initiative_id, None)
        else:
            overrides[self.initiative_id] = value
        self.doc.set_settings(self.doc.settings.with_changes(overrides=overrides))

    def redo(self) -> None:
        self._apply(self.new)

    def undo(self) -> None:
        self._apply(self.old)


class EditCellCommand(QUndoCommand):
    """Change one field of one insight, objective or initiative (by ID)."""

    def __init__(
        self,
        doc: WorkshopDocument,
        table: str,
        row_id: str,
        field: str,
        value: Any,
        merge: bool = False,
    ) -> None:
        label = FIELD_LABELS.get(field, field)
        super().__init__(f"Edit {label} of {row_id}")
        self.doc = doc
        self.table = table
        self.row_id = row_id
        self.field = field
        self.new = _clean(field, value)
        df: pd.DataFrame = getattr(doc.workshop, table)
        pos = np.flatnonzero(df["id"].astype(str).to_numpy() == row_id)
        if not len(pos):
            raise KeyError(f"No {TABLE_NOUNS.get(table, table)} with ID {row_id}")
        self.old = df[field].iloc[pos[0]] if field in df.columns else _clean(field, None)
        if field not in NUMERIC_FIELDS and field in df.columns and df[field].dtype.kind == "f":
            # A custom column of numbers stays numbers: pandas refuses text in a float column.
            self.new = np.nan if value is None or value == "" else float(value)
        self.merge = merge

    def _set(self, value: Any, current_id: str) -> None:
        w = self.doc.workshop
        df: pd.DataFrame = getattr(w, self.table)
        mask = df["id"].astype(str) == current_id
        if self.field not in df.columns:
            df[self.field] = np.nan if self.field in NUMERIC_FIELDS else ""
        df.loc[mask, self.field] = value
        if self.field == "id":
            # Renaming an ID carries its links and any workshop placement along with it.
            col = "initiative" if self.table == "initiatives" else "target"
            w.links.loc[w.links[col].astype(str) == current_id, col] = value
            if self.table == "initiatives" and current_id in self.doc.settings.overrides:
                ov = dict(self.doc.settings.overrides)
                ov[str(value)] = ov.pop(current_id)
                self.doc.settings = self.doc.settings.with_changes(overrides=ov)
        self.doc.rescore()

    def redo(self) -> None:
        self._set(self.new, self.row_id)

    def undo(self) -> None:
        current = str(self.new) if self.field == "id" else self.row_id
        self._set(self.old, current)

    def id(self) -> int:
        return _MERGE_CELL if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCellCommand) or not other.merge:
            return False
        if (other.table, other.row_id, other.field) != (self.table, self.row_id, self.field):
            return False
        self.new = other.new
        return True


class SetLinkCommand(QUndoCommand):
    """Set the strength of the link between an initiative and a target (0 removes it)."""

    def __init__(self, doc: WorkshopDocument, initiative: str, target: str, strength: float):
        name = STRENGTH_NAMES.get(float(strength), f"{strength:g}")
        super().__init__(f"Link {initiative} → {target}: {name}")
        self.doc = doc
        self.initiative = initiative
        self.target = target
        self.new = float(strength)
        self.old = self._current()

    def _mask(self) -> pd.Series:
        links = self.doc.workshop.links
        return (links["initiative"].astype(str) == self.initiative) & (
            links["target"].astype(str) == self.target
        )

    def _current(self) -> float:
        links = self.doc.workshop.links
        found = links.loc[self._mask(), "strength"]
        return float(found.max()) if len(found) else 0.0

    def _set(self, strength: float) -> None:
        w = self.doc.workshop
        mask = self._mask()
        if strength <= 0:
            w.links = w.links.loc[~mask].reset_index(drop=True)
        elif mask.any():
            w.links.loc[mask, "strength"] = strength
        else:
            row = {"initiative": self.initiative, "target": self.target, "strength": strength}
            w.links = pd.concat([w.links, pd.DataFrame([row])], ignore_index=True)
        self.doc.rescore()

    def redo(self) -> None:
        self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class _SnapshotCommand(QUndoCommand):
    """Base for edits that add or remove whole rows: keep the tables before and after."""

    def __init__(self, doc: WorkshopDocument, text: str) -> None:
        super().__init__(text)
        self.doc = doc
        self.before: dict[str, pd.DataFrame] | None = None
        self.after: dict[str, pd.DataFrame] | None = None
        self.settings_before = doc.settings
        self.settings_after: ScoringSettings | None = None

    def _tables(self) -> dict[str, pd.DataFrame]:
        w = self.doc.workshop
        return {t: getattr(w, t).copy() for t in ("insights", "objectives", "initiatives", "links")}

    def _restore(self, tables: dict[str, pd.DataFrame], settings: ScoringSettings) -> None:
        for name, df in tables.items():
            setattr(self.doc.workshop, name, df.copy())
        self.doc.settings = settings
        self.doc.rescore()

    def apply(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def redo(self) -> None:
        if self.after is None:
            self.before = self._tables()
            self.apply()
            self.after = self._tables()
            self.settings_after = self.doc.settings
            self.doc.rescore()
        else:
            assert self.settings_after is not None
            self._restore(self.after, self.settings_after)

    def undo(self) -> None:
        assert self.before is not None
        self._restore(self.before, self.settings_before)


class AddRowCommand(_SnapshotCommand):
    """Add an insight, objective or initiative."""

    def __init__(self, doc: WorkshopDocument, table: str, values: dict[str, Any]) -> None:
        super().__init__(doc, f"Add {TABLE_NOUNS.get(table, table)} {values.get('id', '')}")
        self.table = table
        self.values = {k: _clean(k, v) for k, v in values.items()}

    def apply(self) -> None:
        w = self.doc.workshop
        df: pd.DataFrame = getattr(w, self.table)
        row = {c: (np.nan if c in NUMERIC_FIELDS else "") for c in df.columns}
        row.update(self.values)
        setattr(w, self.table, pd.concat([df, pd.DataFrame([row])], ignore_index=True))


class DeleteRowsCommand(_SnapshotCommand):
    """Delete insights, objectives or initiatives by ID, with their links and placements."""

    def __init__(self, doc: WorkshopDocument, table: str, ids: list[str]) -> None:
        noun = TABLE_NOUNS.get(table, table)
        what = f"{noun} {ids[0]}" if len(ids) == 1 else f"{len(ids)} {table}"
        super().__init__(doc, f"Delete {what}")
        self.table = table
        self.ids = set(ids)

    def apply(self) -> None:
        w = self.doc.workshop
        df: pd.DataFrame = getattr(w, self.table)
        setattr(w, self.table, df.loc[~df["id"].astype(str).isin(self.ids)].reset_index(drop=True))
        col = "initiative" if self.table == "initiatives" else "target"
        w.links = w.links.loc[~w.links[col].astype(str).isin(self.ids)].reset_index(drop=True)
        if self.table == "initiatives":
            ov = {k: v for k, v in self.doc.settings.overrides.items() if k not in self.ids}
            self.doc.settings = self.doc.settings.with_changes(overrides=ov)
