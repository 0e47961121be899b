"""Every user edit as a value: what changes, applied to a project by one function that returns
the edit that takes it back.

The app puts these values on its undo stack (one Qt adapter, `ui/commands.py`); the CLI and the
core tests apply them directly. Edits address rows by ID, never by view position, because views
sort and filter. Cascades live here, once: renaming an ID carries its links and workshop placement
along; deleting rows removes their links and placements, and the inverse puts every row back
where it was. Validation lives here too (`clean_cell_value`, `check`), so a refused edit says the
same sentence wherever it comes from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import numpy as np
import pandas as pd

from sweetspot.core.columns import required_fields
from sweetspot.core.model import (
    FIELD_LABELS,
    NUMERIC_FIELDS,
    STRENGTH_LADDER,
    STRENGTH_NAMES,
    Problem,
    Workshop,
)
from sweetspot.core.scoring import Override, ScoringSettings
from sweetspot.core.values import (
    STRENGTH_REFUSED,
    format_number,
    is_blank,
    parse_numbers,
    parse_strengths,
)

if TYPE_CHECKING:
    from sweetspot.core.project import Project

Table = Literal["insights", "objectives", "initiatives", "links"]
TABLE_NOUNS = {"insights": "insight", "objectives": "objective", "initiatives": "initiative"}

# What an edit changes, so the session tells only the views that care.
Effect = Literal["workshop", "settings", "lenses", "votes", "problems", "view"]


class EditRefused(ValueError):
    """An edit that would make the project wrong; the message is a sentence for the user."""


# -- cleaning and validating values --------------------------------------------------------------
def is_number_column(df: pd.DataFrame, field_name: str) -> bool:
    """Canonical numeric fields, and custom columns that hold numbers (they stay numbers)."""
    if field_name in NUMERIC_FIELDS:
        return True
    return field_name in df.columns and df[field_name].dtype.kind == "f"


def clean_cell_value(workshop: Workshop, table: str, row_id: str, key: str, value: Any) -> Any:
    """The value to store when a user types `value` into a cell, or EditRefused with a sentence.

    Numbers are parsed as at import ("80%", "1.234,5"); text is trimmed; IDs stay unique.
    """
    df: pd.DataFrame = getattr(workshop, table)
    noun = TABLE_NOUNS.get(table, table)
    label = FIELD_LABELS.get(key, key)
    required = set(required_fields(table)) if table in TABLE_NOUNS else set()
    if is_number_column(df, key):
        return _clean_number(workshop, key, label, value, noun, required)
    text = "" if value is None else " ".join(str(value).split())
    if key == "id":
        return _clean_id(workshop, table, row_id, text)
    if key in required and not text:
        what = f"{noun} {row_id}" if row_id else f"this {noun}"
        raise EditRefused(f"{label} can't be blank: every {noun} needs one ({what}).")
    return text


def _clean_number(
    workshop: Workshop, key: str, label: str, value: Any, noun: str, required: set[str]
) -> float:
    if is_blank(value):
        if key in required:
            raise EditRefused(f"{label} can't be blank: every {noun} needs one.")
        return math.nan
    if isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        number, percent = float(value), False
    else:
        # A strength may be typed as a word (weak, strong, H…), as the import reads it.
        parse = parse_strengths if key == "strength" else parse_numbers
        nums = parse(pd.Series([value], dtype=object))
        if not nums.ok[0]:
            raise EditRefused(f"{label} must be a number; “{value}” is not one.")
        number, percent = float(nums.values[0]), bool(nums.percent[0])
    if math.isnan(number) or math.isinf(number):
        raise EditRefused(f"{label} must be a number; “{value}” is not one.")
    if key == "confidence":
        # As at import: "80%" and 80 both mean 0.8; a number up to 1 is a fraction already.
        if not percent and number > 1.0:
            number = number / 100.0
        if not 0.0 <= number <= 1.0:
            raise EditRefused("Confidence must be between 0% and 100%.")
        return number
    if key == "strength" and not 0 <= number <= STRENGTH_LADDER[-1]:
        raise EditRefused(STRENGTH_REFUSED.format(value=f"“{format_number(number)}”"))
    if number < 0 and key in NUMERIC_FIELDS:
        raise EditRefused(f"{label} must be 0 or more; {format_number(number)} is negative.")
    if key in ("importance", "satisfaction"):
        scale = workshop.scale
        if not scale.minimum <= number <= scale.maximum:
            raise EditRefused(
                f"{label} must be between {format_number(scale.minimum)} and "
                f"{format_number(scale.maximum)} (the workshop's scale); "
                f"{format_number(number)} is outside it."
            )
    return number


def _clean_id(workshop: Workshop, table: str, row_id: str, text: str) -> str:
    noun = TABLE_NOUNS.get(table, table)
    if not text:
        raise EditRefused(f"An ID can't be blank: the links use it to find the {noun}.")
    if text == row_id:
        return text
    # Insights and objectives share one namespace: a link's target must say which it is.
    tables = ["insights", "objectives"] if table != "initiatives" else ["initiatives"]
    for t in tables:
        if text in set(getattr(workshop, t)["id"].astype(str)):
            owner = "another " + TABLE_NOUNS[t] if t == table else "an " + TABLE_NOUNS[t]
            raise EditRefused(f"ID “{text}” is already used by {owner}; IDs must be unique.")
    return text


def _stored(df: pd.DataFrame, key: str, value: Any) -> Any:
    """`value` as the column keeps it: NaN for a blank number, text otherwise."""
    if is_number_column(df, key):
        return np.nan if is_blank(value) else float(value)
    return "" if value is None else str(value)


def _positions(df: pd.DataFrame, ids: Any) -> np.ndarray:
    wanted = {str(i) for i in ids}
    return np.flatnonzero(df["id"].astype(str).isin(wanted).to_numpy())


def _row_position(df: pd.DataFrame, table: str, row_id: str) -> int:
    pos = np.flatnonzero(df["id"].astype(str).to_numpy() == row_id)
    if not len(pos):
        raise EditRefused(f"No {TABLE_NOUNS.get(table, table)} with ID {row_id}.")
    return int(pos[0])


def _col(df: pd.DataFrame, name: str) -> int:
    """The position of a column (for iloc, which sets a value in place)."""
    return int(df.columns.get_indexer(pd.Index([name]))[0])


def _link_column(table: str) -> str:
    return "initiative" if table == "initiatives" else "target"


def same_value(old: Any, new: Any) -> bool:
    """True when a cell edit would store what is already there (no undo step needed)."""
    if is_blank(old) and is_blank(new):
        return True
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return False


# -- the edits -----------------------------------------------------------------------------------
class Edit:
    """Base of every edit value. `apply` changes the project and returns the inverse edit."""

    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"workshop"})
    # Edits with the same non-empty merge key, one after another, are one undo step (a drag).
    merge_key: str = ""

    def effects(self) -> frozenset[Effect]:
        """What the edit changes (the session tells the views that care)."""
        return self.EFFECTS

    def describe(self) -> str:
        """The undo-menu text ("Edit Weight of O1")."""
        return type(self).__name__

    def check(self, project: Project) -> None:
        """Raise EditRefused when the edit cannot be applied to this project."""

    def apply(self, project: Project) -> Edit:  # pragma: no cover - every edit overrides it
        raise NotImplementedError


def apply_edit(project: Project, edit: Edit) -> Edit:
    """Check and apply one edit to the project; returns the edit that undoes it."""
    edit.check(project)
    project.workshop.revision += 1
    return edit.apply(project)


@dataclass(frozen=True, eq=False)
class SetCell(Edit):
    """Change one field of one insight, objective or initiative. Renaming an ID carries its
    links (and, for an initiative, its workshop placement) to the new ID."""

    table: str
    row_id: str
    field: str
    value: Any
    merge_key: str = ""
    # Set only on an inverse: the column did not exist before, so undo removes it again.
    drop_column: bool = False
    # Set only on an inverse of a rename: exactly which link rows to carry back.
    link_rows: tuple[int, ...] | None = None

    def effects(self) -> frozenset[Effect]:
        return (
            frozenset({"workshop", "settings"}) if self.field == "id" else frozenset({"workshop"})
        )

    def describe(self) -> str:
        return f"Edit {FIELD_LABELS.get(self.field, self.field)} of {self.row_id}"

    def check(self, project: Project) -> None:
        df: pd.DataFrame = getattr(project.workshop, self.table)
        _row_position(df, self.table, self.row_id)
        if self.field == "id" and not self.drop_column and self.link_rows is None:
            _clean_id(project.workshop, self.table, self.row_id, str(self.value))

    def apply(self, project: Project) -> Edit:
        # Writes in place (the cell, and an ID's links): cached ID lookups must not survive.
        project.workshop.revision += 1
        w = project.workshop
        df: pd.DataFrame = getattr(w, self.table)
        pos = _row_position(df, self.table, self.row_id)
        created = self.field not in df.columns
        if created:
            df[self.field] = np.nan if self.field in NUMERIC_FIELDS else ""
        old = df[self.field].iloc[pos]
        new = _stored(df, self.field, self.value)
        if self.drop_column:
            del df[self.field]
        else:
            df.iloc[pos, _col(df, self.field)] = new
        if self.field != "id":
            return SetCell(self.table, self.row_id, self.field, old, drop_column=created)
        moved = self._carry_links(w, str(old), str(new))
        self._carry_placement(project, str(old), str(new))
        return SetCell(self.table, str(new), "id", str(old), link_rows=moved)

    def _carry_links(self, w: Workshop, old: str, new: str) -> tuple[int, ...]:
        col = _link_column(self.table)
        if self.link_rows is not None:
            rows = np.asarray(self.link_rows, dtype=int)
        else:
            rows = np.flatnonzero(w.links[col].astype(str).to_numpy() == old)
        if len(rows):
            w.links.iloc[rows, _col(w.links, col)] = new
        return tuple(int(r) for r in rows)

    def _carry_placement(self, project: Project, old: str, new: str) -> None:
        overrides = project.settings.overrides
        if self.table == "initiatives" and old in overrides:
            moved = {(new if k == old else k): v for k, v in overrides.items()}
            project.settings = project.settings.with_changes(overrides=moved)


@dataclass(frozen=True, eq=False)
class SetLink(Edit):
    """Set the strength of the link between an initiative and a target (0 removes it)."""

    initiative: str
    target: str
    strength: float

    def describe(self) -> str:
        name = STRENGTH_NAMES.get(float(self.strength), f"{self.strength:g}")
        return f"Link {self.initiative} → {self.target}: {name}"

    def check(self, project: Project) -> None:
        s = float(self.strength)
        if math.isnan(s) or not 0 <= s <= STRENGTH_LADDER[-1]:
            raise EditRefused(STRENGTH_REFUSED.format(value=f"“{format_number(s)}”"))

    def _mask(self, links: pd.DataFrame) -> np.ndarray:
        return (
            (links["initiative"].astype(str) == self.initiative)
            & (links["target"].astype(str) == self.target)
        ).to_numpy()

    def apply(self, project: Project) -> Edit:
        w = project.workshop
        mask = self._mask(w.links)
        rows = np.flatnonzero(mask)
        strength = float(self.strength)
        if strength <= 0:
            if not len(rows):
                return SetLink(self.initiative, self.target, 0.0)
            removed = w.links.iloc[rows].copy()
            w.links = w.links.loc[~mask].reset_index(drop=True)
            return InsertRows("links", tuple(int(r) for r in rows), removed)
        if len(rows):
            old = float(w.links["strength"].iloc[rows].max())
            if len(rows) > 1:
                # Duplicated links collapse into one; undo brings every duplicate back.
                removed = w.links.iloc[rows].copy()
                keep = mask.copy()
                keep[rows[0]] = False
                w.links = w.links.loc[~keep].reset_index(drop=True)
                w.links.iloc[rows[0], _col(w.links, "strength")] = strength
                return Compound(
                    (
                        RemoveRows("links", (int(rows[0]),)),
                        InsertRows("links", tuple(int(r) for r in rows), removed),
                    ),
                    text=self.describe(),
                )
            w.links.iloc[rows[0], _col(w.links, "strength")] = strength
            return SetLink(self.initiative, self.target, old)
        row = {c: _blank_cell(w.links, c) for c in w.links.columns}
        row.update(initiative=self.initiative, target=self.target, strength=strength)
        w.links = _append(w.links, [row])
        return RemoveRows("links", (len(w.links) - 1,))


def _blank_cell(df: pd.DataFrame, column: str) -> Any:
    if column in NUMERIC_FIELDS or df[column].dtype.kind in "fiu":
        return np.nan
    return ""


def _append(df: pd.DataFrame, rows: list[dict[str, Any]]) -> pd.DataFrame:
    new = pd.DataFrame(rows, columns=df.columns)
    if not len(df):
        # Keep the empty table's column types (concat with an empty frame would drop them).
        return new.astype(df.dtypes.to_dict(), errors="ignore").reset_index(drop=True)
    out = pd.concat([df, new], ignore_index=True)
    return out.astype(df.dtypes.to_dict(), errors="ignore")


@dataclass(frozen=True, eq=False)
class InsertRows(Edit):
    """Put rows back at the positions they had (the inverse of a delete)."""

    table: str
    positions: tuple[int, ...]
    rows: pd.DataFrame

    def describe(self) -> str:
        return f"Restore {len(self.positions)} {self.table}"

    def apply(self, project: Project) -> Edit:
        w = project.workshop
        df: pd.DataFrame = getattr(w, self.table)
        rows = self.rows.reindex(columns=df.columns)
        n = len(df) + len(rows)
        order = np.empty(n, dtype=int)
        taken = np.zeros(n, dtype=bool)
        taken[list(self.positions)] = True
        # Existing rows keep their order in the free places; restored rows go where they were.
        order[~taken] = np.arange(len(df))
        order[taken] = len(df) + np.arange(len(rows))
        both = pd.concat([df, rows], ignore_index=True) if len(df) else rows.copy()
        both = both.astype(df.dtypes.to_dict(), errors="ignore")
        setattr(w, self.table, both.iloc[order].reset_index(drop=True))
        return RemoveRows(self.table, self.positions)


@dataclass(frozen=True, eq=False)
class RemoveRows(Edit):
    """Remove rows by position (the inverse of an add or insert); no cascade."""

    table: str
    positions: tuple[int, ...]

    def describe(self) -> str:
        return f"Remove {len(self.positions)} {self.table}"

    def apply(self, project: Project) -> Edit:
        w = project.workshop
        df: pd.DataFrame = getattr(w, self.table)
        keep = np.ones(len(df), dtype=bool)
        keep[list(self.positions)] = False
        removed = df.iloc[list(self.positions)].copy()
        setattr(w, self.table, df.loc[keep].reset_index(drop=True))
        return InsertRows(self.table, self.positions, removed)


@dataclass(frozen=True, eq=False)
class AddRow(Edit):
    """Add one insight, objective or initiative at the end of its table."""

    table: str
    values: Mapping[str, Any]

    def describe(self) -> str:
        return f"Add {TABLE_NOUNS.get(self.table, self.table)} {self.values.get('id', '')}"

    def check(self, project: Project) -> None:
        ident = str(self.values.get("id", "") or "").strip()
        if ident:
            _clean_id(project.workshop, self.table, "", ident)

    def apply(self, project: Project) -> Edit:
        w = project.workshop
        df: pd.DataFrame = getattr(w, self.table)
        row = {c: _blank_cell(df, c) for c in df.columns}
        extra = [k for k in self.values if k not in df.columns]
        for key in extra:
            df[key] = np.nan if key in NUMERIC_FIELDS else ""
        row.update({k: _stored(df, k, v) for k, v in self.values.items()})
        grown = _append(df, [row])
        setattr(w, self.table, grown)
        undo: Edit = RemoveRows(self.table, (len(grown) - 1,))
        if extra:
            undo = Compound((undo, DropColumns(self.table, tuple(extra))), text=self.describe())
        return undo


@dataclass(frozen=True, eq=False)
class DropColumns(Edit):
    """Remove columns that an add created (only ever an inverse)."""

    table: str
    columns: tuple[str, ...]

    def apply(self, project: Project) -> Edit:
        df: pd.DataFrame = getattr(project.workshop, self.table)
        kept = df[list(self.columns)].copy()
        for name in self.columns:
            del df[name]
        return RestoreColumns(self.table, kept)


@dataclass(frozen=True, eq=False)
class RestoreColumns(Edit):
    """Put dropped columns back (only ever an inverse)."""

    table: str
    columns: pd.DataFrame

    def apply(self, project: Project) -> Edit:
        df: pd.DataFrame = getattr(project.workshop, self.table)
        for name in self.columns.columns:
            df[name] = self.columns[name].to_numpy()
        return DropColumns(self.table, tuple(self.columns.columns))


@dataclass(frozen=True, eq=False)
class DeleteRows(Edit):
    """Delete insights, objectives or initiatives by ID, with their links and placements."""

    table: str
    ids: tuple[str, ...]

    def effects(self) -> frozenset[Effect]:
        return frozenset({"workshop", "settings"})

    def describe(self) -> str:
        noun = TABLE_NOUNS.get(self.table, self.table)
        if len(self.ids) == 1:
            return f"Delete {noun} {self.ids[0]}"
        return f"Delete {len(self.ids)} {self.table}"

    def apply(self, project: Project) -> Edit:
        w = project.workshop
        undo: list[Edit] = []
        links = w.links[_link_column(self.table)].astype(str)
        link_rows = tuple(int(r) for r in np.flatnonzero(links.isin(set(self.ids)).to_numpy()))
        if link_rows:
            undo.append(RemoveRows("links", link_rows).apply(project))
        rows = tuple(int(r) for r in _positions(getattr(w, self.table), self.ids))
        if rows:
            undo.append(RemoveRows(self.table, rows).apply(project))
        overrides = project.settings.overrides
        if self.table == "initiatives" and any(i in overrides for i in self.ids):
            undo.append(SetSettings(project.settings))
            kept = {k: v for k, v in overrides.items() if k not in set(self.ids)}
            project.settings = project.settings.with_changes(overrides=kept)
        # Undo runs these backwards: settings, then the rows, then their links.
        return Compound(tuple(reversed(undo)), text=self.describe())


@dataclass(frozen=True, eq=False)
class SetSettings(Edit):
    """Change the scoring settings (α, rank by, crosshair, lens, objective weights, …)."""

    settings: ScoringSettings
    text: str = "Change settings"
    merge_key: str = ""
    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"settings"})

    def describe(self) -> str:
        return self.text

    def apply(self, project: Project) -> Edit:
        old = project.settings
        project.settings = self.settings
        return SetSettings(old, self.text, self.merge_key)


@dataclass(frozen=True, eq=False)
class SetPlacement(Edit):
    """Record (or clear, with None) the room's agreed position of one initiative."""

    initiative_id: str
    placement: Override | None
    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"settings"})

    def describe(self) -> str:
        verb = "Move" if self.placement is not None else "Clear workshop placement of"
        return f"{verb} {self.initiative_id}"

    def apply(self, project: Project) -> Edit:
        overrides = dict(project.settings.overrides)
        old = overrides.get(self.initiative_id)
        if self.placement is None:
            overrides.pop(self.initiative_id, None)
        else:
            overrides[self.initiative_id] = self.placement
        project.settings = project.settings.with_changes(overrides=overrides)
        return SetPlacement(self.initiative_id, old)


@dataclass(frozen=True, eq=False)
class SaveLens(Edit):
    """Save (settings given) or delete (None) a named lens."""

    name: str
    settings: ScoringSettings | None
    text: str = ""
    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"lenses"})

    def describe(self) -> str:
        verb = "Delete" if self.settings is None else "Save"
        return self.text or f'{verb} lens "{self.name}"'

    def apply(self, project: Project) -> Edit:
        before = dict(project.lenses)
        lenses = dict(project.lenses)
        if self.settings is None:
            lenses.pop(self.name, None)
        else:
            lenses[self.name] = self.settings
        project.lenses = lenses
        return SetLenses(tuple(before.items()), self.describe())


@dataclass(frozen=True, eq=False)
class SetLenses(Edit):
    """Replace every lens at once, in order (the inverse of saving one)."""

    lenses: tuple[tuple[str, ScoringSettings], ...]
    text: str = "Change lenses"
    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"lenses"})

    def describe(self) -> str:
        return self.text

    def apply(self, project: Project) -> Edit:
        old = tuple(project.lenses.items())
        project.lenses = dict(self.lenses)
        return SetLenses(old, self.text)


@dataclass(frozen=True, eq=False)
class SetVotes(Edit):
    """Replace the workshop votes (and, when given, the role weights). Problems found while
    reading votes are added to the workshop's problems in the same step."""

    votes: pd.DataFrame
    text: str = "Change votes"
    weights: Mapping[str, float] | None = None
    problems: tuple[Problem, ...] | None = None
    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"votes", "problems"})

    def describe(self) -> str:
        return self.text

    def apply(self, project: Project) -> Edit:
        undo = SetVotes(
            project.votes.copy(),
            self.text,
            dict(project.vote_weights),
            tuple(project.workshop.problems) if self.problems is not None else None,
        )
        project.votes = self.votes.copy()
        if self.weights is not None:
            project.vote_weights = dict(self.weights)
        if self.problems is not None:
            project.workshop.problems = list(self.problems)
        return undo


@dataclass(frozen=True, eq=False)
class ReplaceData(Edit):
    """Replace the workshop data and settings at once (a re-import from an updated
    spreadsheet, already merged with what the room decided)."""

    workshop: Workshop
    settings: ScoringSettings
    text: str = "Update from spreadsheet"
    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"workshop", "settings", "problems"})

    def describe(self) -> str:
        return self.text

    def apply(self, project: Project) -> Edit:
        undo = ReplaceData(project.workshop, project.settings, self.text)
        project.workshop = self.workshop.copy()
        project.settings = self.settings
        return undo


@dataclass(frozen=True, eq=False)
class Compound(Edit):
    """Several edits as one undo step, applied in order; the inverse runs backwards."""

    edits: tuple[Edit, ...]
    text: str = ""

    def effects(self) -> frozenset[Effect]:
        out: frozenset[Effect] = frozenset()
        for e in self.edits:
            out |= e.effects()
        return out

    def describe(self) -> str:
        return self.text or (self.edits[0].describe() if self.edits else "")

    def check(self, project: Project) -> None:
        if self.edits:
            self.edits[0].check(project)

    def apply(self, project: Project) -> Edit:
        undo = [e.apply(project) for e in self.edits]
        return Compound(tuple(reversed(undo)), self.text)


@dataclass(frozen=True, eq=False)
class SetViewState(Edit):
    """Change saved view state (journey stage order, …) that is part of the project."""

    key: str
    value: Any
    text: str = "Change view"
    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"view"})

    def describe(self) -> str:
        return self.text

    def apply(self, project: Project) -> Edit:
        missing = object()
        old = project.view_state.get(self.key, missing)
        state = dict(project.view_state)
        if self.value is None:
            state.pop(self.key, None)
        else:
            state[self.key] = self.value
        project.view_state = state
        return SetViewState(self.key, None if old is missing else old, self.text)


@dataclass(frozen=True, eq=False)
class SetWaves(Edit):
    """Replace the project's survey waves (a wave imported, or taken out)."""

    waves: pd.DataFrame
    text: str = "Import a survey wave"
    EFFECTS: ClassVar[frozenset[Effect]] = frozenset({"workshop"})

    def describe(self) -> str:
        return self.text

    def apply(self, project: Project) -> Edit:
        old = project.waves
        project.waves = self.waves.copy()
        return SetWaves(old, self.text)


def use_wave(project: Project, wave: str) -> Compound:
    """The edit that scores with one survey wave: each insight measured in it takes the wave's
    satisfaction (and importance, reach and sentiment where the wave has them) as one undo
    step; insights the wave did not measure keep their values."""
    waves = project.waves
    rows = waves.loc[waves["wave"].astype(str) == wave]
    ins = project.workshop.insights
    known = set(ins["id"].astype(str))
    current = ins.set_index(ins["id"].astype(str))
    edits: list[Edit] = []
    for row in rows.to_dict("records"):
        ident = str(row["id"])
        if ident not in known:
            continue
        for name in ("satisfaction", "importance", "reach", "sentiment"):
            value = row.get(name)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            old = current.at[ident, name] if name in current.columns else None
            same = isinstance(old, int | float) and not isinstance(old, bool) and old == value
            if not same:
                edits.append(SetCell("insights", ident, name, float(value)))
    return Compound(tuple(edits), f"Score with the survey wave {wave}")
