"""The workshop data model: insights, objectives, initiatives, links, and the problems in them.

Tables are pandas DataFrames with canonical column names, because scoring, the Qt table models
and the export all work column-wise and a 100,000-insight programme must stay fast. Each table
keeps the spreadsheet row every record came from, so any later problem can still name its cell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

Severity = Literal["error", "warning", "info"]

# Canonical fields of each table, in display order. Extra input columns are kept as custom fields.
INSIGHT_FIELDS = [
    "id",
    "need",
    "importance",
    "satisfaction",
    "reach",
    "segment",
    "journey_stage",
    "sentiment",
    "emotion",
    "evidence",
    "tags",
]
OBJECTIVE_FIELDS = ["id", "objective", "weight", "kpi", "owner"]
INITIATIVE_FIELDS = [
    "id",
    "initiative",
    "effort",
    "confidence",
    "owner",
    "theme",
    "description",
    "status",
]
LINK_FIELDS = ["initiative", "target", "strength"]

NUMERIC_FIELDS = {
    "importance",
    "satisfaction",
    "reach",
    "weight",
    "effort",
    "confidence",
    "strength",
}

# Human labels for the canonical fields, used in messages, tables and the export.
FIELD_LABELS = {
    "id": "ID",
    "need": "Need",
    "importance": "Importance",
    "satisfaction": "Satisfaction",
    "reach": "Reach",
    "segment": "Segment",
    "journey_stage": "Journey stage",
    "sentiment": "Sentiment",
    "emotion": "Emotion",
    "evidence": "Evidence",
    "tags": "Tags",
    "objective": "Objective",
    "weight": "Weight",
    "kpi": "KPI",
    "owner": "Owner",
    "initiative": "Initiative",
    "effort": "Effort",
    "confidence": "Confidence",
    "theme": "Theme",
    "description": "Description",
    "status": "Status",
    "target": "Target",
    "strength": "Strength",
}

FULL_STRENGTH = 9.0
STRENGTH_LADDER = (0.0, 1.0, 3.0, 9.0)
STRENGTH_NAMES = {0.0: "none", 1.0: "weak", 3.0: "medium", 9.0: "strong"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located at a cell so the consultant can fix it."""

    severity: Severity
    sheet: str
    cell: str
    message: str

    @property
    def location(self) -> str:
        """Where the problem is, as `Sheet!Cell`, `Sheet` or the empty string."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{self.severity.upper()} {where}{self.message}"


@dataclass
class Scale:
    """The scale importance and satisfaction were given on (1–5, 0–10, 0–100, …)."""

    minimum: float = 1.0
    maximum: float = 5.0
    how: str = "default 1–5 scale"

    def describe(self) -> str:
        return f"{_num(self.minimum)}–{_num(self.maximum)} ({self.how})"


def _num(x: float) -> str:
    return f"{x:g}"


def empty_table(fields: list[str]) -> pd.DataFrame:
    """An empty table with the canonical columns (numeric ones as float, text as object)."""
    return pd.DataFrame(
        {f: pd.Series(dtype="float64" if f in NUMERIC_FIELDS else "object") for f in fields}
    )


# Imported tables carry meta columns (never shown as data, never exported as custom fields):
# "_sheet" (sheet or CSV file the record came from) and "_row" (1-based spreadsheet row); links
# also carry "_cell" (the A1 cell of the strength, which differs per link in matrix form).
META_PREFIX = "_"


@dataclass
class SourceInfo:
    """Where a table came from: file, sheet, and the column letter of each canonical field."""

    file: str = ""
    sheet: str = ""
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class Workshop:
    """Everything a workshop brings: the four tables, the scale, and what the import found."""

    insights: pd.DataFrame = field(default_factory=lambda: empty_table(INSIGHT_FIELDS))
    objectives: pd.DataFrame = field(default_factory=lambda: empty_table(OBJECTIVE_FIELDS))
    initiatives: pd.DataFrame = field(default_factory=lambda: empty_table(INITIATIVE_FIELDS))
    links: pd.DataFrame = field(default_factory=lambda: empty_table(LINK_FIELDS))
    scale: Scale = field(default_factory=Scale)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, SourceInfo] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    # Bumped by every edit that may write an ID in place (sweetspot.core.edits): scoring keeps
    # the links' ID → position lookups between re-scores and checks this before reusing them.
    revision: int = field(default=0, compare=False, repr=False)
    score_cache: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def can_score(self) -> bool:
        return not self.errors

    def custom_columns(self, table: str) -> list[str]:
        """Columns of a table that are not canonical fields: kept from the input and exported."""
        df: pd.DataFrame = getattr(self, table)
        canonical = {
            "insights": INSIGHT_FIELDS,
            "objectives": OBJECTIVE_FIELDS,
            "initiatives": INITIATIVE_FIELDS,
            "links": LINK_FIELDS,
        }[table]
        return [c for c in df.columns if c not in canonical and not str(c).startswith(META_PREFIX)]

    def copy(self) -> Workshop:
        return Workshop(
            insights=self.insights.copy(),
            objectives=self.objectives.copy(),
            initiatives=self.initiatives.copy(),
            links=self.links.copy(),
            scale=Scale(self.scale.minimum, self.scale.maximum, self.scale.how),
            problems=list(self.problems),
            sources=dict(self.sources),
            files=list(self.files),
        )

    def target_kind(self, target_id: str) -> Literal["insight", "objective", ""]:
        if target_id in set(self.insights["id"]):
            return "insight"
        if target_id in set(self.objectives["id"]):
            return "objective"
        return ""
