"""The ranked backlog as issues for the delivery team's tracker: CSV files that Jira's and Azure
DevOps' own CSV importers take without edits.

One row per initiative, in rank order (so issues are created, and listed by creation, in the
order of the ranking). Jira: Summary, Description, Issue Type, Priority, Labels (twice: Jira
takes one label per column), Sweet-spot score and Rank. Azure DevOps: Work Item Type, Title,
Description, Priority, Tags. The description says, in plain text, why the initiative ranks where
it does: its scores and quadrant, its top drivers, and the insights and objectives it is linked
to (with their evidence and KPIs). Priority comes from the rank band (`PRIORITY_BANDS`).

Every piece of input text goes through the same guard as every other export
(`safe_text.csv_safe`): a title that starts with "=" stays text. Details: docs/deliverables.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from sweetspot.core.atomic import atomic_write
from sweetspot.core.model import STRENGTH_NAMES, Workshop
from sweetspot.core.safe_text import csv_safe, safe_text
from sweetspot.core.scoring import ScoreResult

Tracker = Literal["jira", "azure"]
TRACKERS: tuple[Tracker, ...] = ("jira", "azure")
TRACKER_NAMES: dict[str, str] = {"jira": "Jira", "azure": "Azure DevOps"}

JIRA_HEADERS = [
    "Summary",
    "Description",
    "Issue Type",
    "Priority",
    "Labels",
    "Labels",
    "Sweet-spot score",
    "Rank",
]
AZURE_HEADERS = ["Work Item Type", "Title", "Description", "Priority", "Tags"]
HEADERS: dict[str, list[str]] = {"jira": JIRA_HEADERS, "azure": AZURE_HEADERS}

# The issue type every project of the tool has: Jira's "Task" is in every project template
# (software, business, service); Azure DevOps' "Epic" is in every process (Basic, Agile, Scrum,
# CMMI) and has a backlog of its own. Another type: `issue_type=` (`--issue-type`).
DEFAULT_ISSUE_TYPES: dict[str, str] = {"jira": "Task", "azure": "Epic"}

# The label (Jira) and tag (Azure DevOps) every exported issue carries, to find them again.
MARKER_LABEL = "sweetspot"
# Jira and Azure DevOps cut a title at 255 characters.
MAX_TITLE = 255
# Drivers and links named per side in a description.
MAX_LINKED = 8


@dataclass(frozen=True)
class PriorityBand:
    """Ranks up to `last_rank` (None: every rank after the band before) get these priorities."""

    last_rank: int | None
    jira: str  # Jira's default priority scheme
    azure: int  # Azure DevOps' Priority field: 1 (highest) to 4


# Bands of the rank, the same for every workshop: the top three are the commitments, the rest of
# the top ten the next wave. Azure DevOps has four priorities, so its last band is 21 and after.
PRIORITY_BANDS: tuple[PriorityBand, ...] = (
    PriorityBand(3, "Highest", 1),
    PriorityBand(10, "High", 2),
    PriorityBand(20, "Medium", 3),
    PriorityBand(40, "Low", 4),
    PriorityBand(None, "Lowest", 4),
)


def priority_band(rank: int) -> PriorityBand:
    """The band rank `rank` falls in (rank 1 is the first)."""
    for band in PRIORITY_BANDS:
        if band.last_rank is None or rank <= band.last_rank:
            return band
    return PRIORITY_BANDS[-1]


def priority_bands_text() -> list[tuple[str, str, str]]:
    """(ranks, Jira priority, Azure DevOps priority) per band, for the docs and a help text."""
    out = []
    first = 1
    for band in PRIORITY_BANDS:
        ranks = f"{first}–{band.last_rank}" if band.last_rank is not None else f"{first} and after"
        out.append((ranks, band.jira, str(band.azure)))
        first = (band.last_rank or first) + 1
    return out


@dataclass(frozen=True)
class TrackerTable:
    """What the CSV holds: the header row and one row per initiative in rank order."""

    tracker: Tracker
    headers: list[str]
    rows: list[list[Any]]
    ids: list[str]  # the initiative ID of each row


def tracker_table(
    workshop: Workshop,
    result: ScoreResult,
    tracker: Tracker,
    *,
    issue_type: str | None = None,
    workshop_name: str = "",
    exported: dt.date | None = None,
) -> TrackerTable:
    """The rows of the tracker CSV (text not yet guarded: `write_tracker_csv` does that).

    `issue_type` replaces the default type (`DEFAULT_ISSUE_TYPES`); `workshop_name` and
    `exported` (today by default) are named at the end of every description."""
    if tracker not in TRACKERS:
        raise ValueError(f"Unknown tracker {tracker!r}: use one of {', '.join(TRACKERS)}.")
    kind = " ".join(safe_text(issue_type).split()) or DEFAULT_ISSUE_TYPES[tracker]
    texts = _Texts(workshop, result, workshop_name, exported or dt.date.today())
    t = result.table
    themes = _initiative_field(workshop, "theme")
    rows: list[list[Any]] = []
    ids: list[str] = []
    records: list[Any] = list(t.itertuples(index=False))
    for pos, r in enumerate(records):
        ident = str(r.id)
        rank = int(r.rank)
        band = priority_band(rank)
        title = _title(r.initiative, ident)
        lines = texts.description(pos, r)
        quadrant = safe_text(r.quadrant)
        if tracker == "jira":
            rows.append(
                [
                    title,
                    "\n".join(lines),
                    kind,
                    band.jira,
                    MARKER_LABEL,
                    _label(quadrant),
                    _round(float(r.score)),
                    rank,
                ]
            )
        else:
            tags = [MARKER_LABEL, quadrant]
            theme = " ".join(safe_text(themes.get(ident, "")).replace(";", ",").split())
            if theme:
                tags.append(theme)
            rows.append([kind, title, _html_paragraphs(lines), band.azure, "; ".join(tags)])
        ids.append(ident)
    return TrackerTable(tracker, list(HEADERS[tracker]), rows, ids)


def write_tracker_csv(
    path: str | Path,
    workshop: Workshop,
    result: ScoreResult,
    tracker: Tracker,
    *,
    issue_type: str | None = None,
    workshop_name: str = "",
) -> Path:
    """Write the tracker CSV atomically (a failed export never replaces a good file): UTF-8
    without a byte-order mark (both importers read the first header as it is), commas, every
    text cell formula-safe. Returns the path."""
    table = tracker_table(
        workshop, result, tracker, issue_type=issue_type, workshop_name=workshop_name
    )

    def write(temp: Path) -> None:
        with open(temp, "w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(table.headers)
            out.writerows([_cell(v) for v in row] for row in table.rows)

    return atomic_write(path, write)


def read_tracker_csv(path: str | Path) -> pd.DataFrame:
    """A tracker CSV read back as text (pandas names the second Labels column "Labels.1")."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The description


class _Texts:
    """Everything a description names, looked up once for all initiatives."""

    def __init__(
        self, workshop: Workshop, result: ScoreResult, name: str, exported: dt.date
    ) -> None:
        from sweetspot import __version__

        self.result = result
        self.total = len(result.table)
        self.drivers = {side: result.drivers(side) for side in ("customer", "business")}
        self.links = {
            "customer": _by_initiative(result.customer_contributions),
            "business": _by_initiative(result.business_contributions),
        }
        ins, obj = workshop.insights, workshop.objectives
        self.needs = _lookup(ins, "need")
        self.evidence = _lookup(ins, "evidence")
        self.objectives = _lookup(obj, "objective")
        self.kpis = _lookup(obj, "kpi")
        self.about = {
            field: _initiative_field(workshop, field)
            for field in ("description", "owner", "theme", "status")
        }
        ranked = "value for effort" if result.settings.rank_by == "value" else "sweet-spot score"
        self.ranked = ranked
        origin = f"the workshop “{safe_text(name)}”" if safe_text(name).strip() else "a workshop"
        self.footer = (
            f"From {origin}, exported by SweetSpot {__version__} on {exported.isoformat()}; "
            f"α = {result.settings.alpha:g} (customer weight), ranked by {ranked}."
        )

    def description(self, pos: int, r: Any) -> list[str]:
        ident = str(r.id)
        lines = [
            f"Sweet-spot rank {int(r.rank)} of {self.total} (by {self.ranked}) · "
            f"SweetSpot ID {safe_text(ident)}",
            f"Sweet-spot score {_num(r.score)} · customer impact {_num(r.customer_impact)} · "
            f"business impact {_num(r.business_impact)} (of 100) · quadrant {r.quadrant}",
        ]
        value = _value_line(r)
        if value:
            lines.append(value)
        if bool(getattr(r, "overridden", False)):
            reason = safe_text(getattr(r, "override_reason", "")).strip()
            moved = (
                f"placed by the workshop at customer {_num(r.customer_impact)}, business "
                f"{_num(r.business_impact)} (computed: {_num(r.computed_customer_impact)}, "
                f"{_num(r.computed_business_impact)})"
            )
            lines.append(moved[0].upper() + moved[1:] + (f": {reason}" if reason else ""))
        lines.append("")
        for side in ("customer", "business"):
            text = safe_text(self.drivers[side][pos]).strip()
            lines.append(f"Top {side} drivers: {text or 'none'}")
        lines += self._linked(ident, "customer")
        lines += self._linked(ident, "business")
        about = safe_text(self.about["description"].get(ident, "")).strip()
        facts = [
            f"{field.capitalize()}: {safe_text(self.about[field].get(ident, '')).strip()}"
            for field in ("owner", "theme", "status")
            if safe_text(self.about[field].get(ident, "")).strip()
        ]
        if about or facts:
            lines.append("")
            if about:
                lines.append(f"About: {' '.join(about.split())}")
            if facts:
                lines.append(" · ".join(facts))
        lines += ["", self.footer]
        return lines

    def _linked(self, ident: str, side: str) -> list[str]:
        links = self.links[side].get(ident)
        heading = "Linked customer insights" if side == "customer" else "Linked business objectives"
        if links is None or not len(links):
            return ["", f"{heading}: none"]
        out = ["", f"{heading} ({len(links)}):"]
        rows: list[Any] = list(links.head(MAX_LINKED).itertuples(index=False))
        for row in rows:
            target = str(row.target)
            strength = STRENGTH_NAMES.get(float(row.strength), _num(row.strength, 0))
            if side == "customer":
                text = self.needs.get(target, "")
                extra = self.evidence.get(target, "")
                extra_label = "evidence"
            else:
                text = self.objectives.get(target, "")
                extra = self.kpis.get(target, "")
                extra_label = "KPI"
            line = f"- {target} ({strength} link, +{_num(row.impact)} points): {_one_line(text)}"
            if _one_line(extra):
                line += f" [{extra_label}: {_one_line(extra)}]"
            out.append(line)
        if len(links) > MAX_LINKED:
            out.append(f"- and {len(links) - MAX_LINKED} more")
        return out


def _value_line(r: Any) -> str:
    value = _finite(r.value)
    effort = _finite(r.effort)
    confidence = _finite(r.confidence)
    parts = []
    if effort is not None:
        parts.append(f"effort {_num(effort, 2).rstrip('0').rstrip('.')}")
    if confidence is not None:
        parts.append(f"confidence {confidence:.0%}")
    if value is None and not parts:
        return ""
    head = f"Value for effort {value:.2f}" if value is not None else "Value for effort: no effort"
    return head + (f" ({', '.join(parts)})" if parts else "")


def _by_initiative(contributions: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each initiative's scored links, biggest impact first (equal ones by target ID)."""
    if not len(contributions):
        return {}
    df = contributions.assign(
        initiative=contributions["initiative"].astype(str),
        target=contributions["target"].astype(str),
    )
    df = df.sort_values(
        ["initiative", "impact", "target"], ascending=[True, False, True], kind="mergesort"
    )
    return {str(k): g for k, g in df.groupby("initiative", sort=False)}


def _lookup(table: pd.DataFrame, column: str) -> dict[str, str]:
    if column not in table.columns or "id" not in table.columns:
        return {}
    return {
        str(i): safe_text(v)
        for i, v in zip(table["id"].tolist(), table[column].tolist(), strict=True)
    }


def _initiative_field(workshop: Workshop, column: str) -> dict[str, str]:
    return _lookup(workshop.initiatives, column)


# ---------------------------------------------------------------------------------------------
# Cells


def _cell(value: Any) -> Any:
    """A CSV cell: numbers as they are, any text formula-safe."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return value
    return csv_safe(safe_text(value))


def _title(title: Any, ident: str) -> str:
    text = _one_line(title) or f"Initiative {ident}"
    return text if len(text) <= MAX_TITLE else text[: MAX_TITLE - 1].rstrip() + "…"


def _label(text: str) -> str:
    """A Jira label: no spaces (Jira splits labels there), lower case: "sweet-spot"."""
    return "-".join(text.lower().split())


def _html_paragraphs(lines: Sequence[str]) -> str:
    """Azure DevOps' Description is an HTML field: each line a paragraph, the text escaped
    (nothing else: no formatting), an empty line an empty paragraph."""
    return "".join(f"<p>{html.escape(line, quote=False) or '&nbsp;'}</p>" for line in lines)


def _one_line(value: Any) -> str:
    return " ".join(safe_text(value).split())


def _finite(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) or math.isinf(x) else x


def _num(value: Any, digits: int = 1) -> str:
    x = _finite(value)
    return "—" if x is None else f"{x:.{digits}f}"


def _round(x: float) -> float:
    return round(x, 2) if math.isfinite(x) else 0.0


__all__ = [
    "AZURE_HEADERS",
    "DEFAULT_ISSUE_TYPES",
    "HEADERS",
    "JIRA_HEADERS",
    "PRIORITY_BANDS",
    "TRACKERS",
    "TRACKER_NAMES",
    "PriorityBand",
    "Tracker",
    "TrackerTable",
    "priority_band",
    "priority_bands_text",
    "read_tracker_csv",
    "tracker_table",
    "write_tracker_csv",
]
