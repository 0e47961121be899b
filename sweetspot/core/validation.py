"""Checks across tables: duplicate IDs, links to unknown IDs, the importance scale.

Per-cell checks (a number that is not a number, a blank required field) happen while each
sheet is read, in import_tables.py and import_cells.py; what needs every table at once is
here. Each check works on whole columns and only loops over the rows that have a problem.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sweetspot.core.model import Problem, Scale, Severity
from sweetspot.core.values import format_number

Report = Callable[[Severity, str, str, str], None]

ERROR = "_error"
# Working columns of the importer's tables, dropped at the end: the source table of each row
# (an index into `Cells.letters`), and on matrix links the A1 cells of the initiative and target
# (a header or a row label, which differ per link).
TABLE_INDEX = "_t"
CELL_PREFIX = "_c_"


@dataclass
class Cells:
    """A1 cells of table rows, made only for the rows that get a message (building a cell
    string for each of 250,000 links would cost more than the checks themselves)."""

    # Per source table (the TABLE_INDEX column): field → column letter.
    letters: list[dict[str, str]] = field(default_factory=list)

    def at(self, frame: pd.DataFrame, field_name: str, i: int) -> tuple[str, str]:
        """(sheet, cell) of a field in row position i."""
        sheet = str(frame["_sheet"].iat[i])
        explicit = CELL_PREFIX + field_name
        if explicit in frame.columns:
            value = frame[explicit].iat[i]
            if isinstance(value, str) and value:
                return sheet, value
        if field_name == "strength" and "_cell" in frame.columns:
            return sheet, str(frame["_cell"].iat[i])
        table = int(frame[TABLE_INDEX].to_numpy()[i])
        letter = self.letters[table].get(field_name, "")
        return sheet, (f"{letter}{int(frame['_row'].to_numpy()[i])}" if letter else "")


def member(values: pd.Series | np.ndarray, ids: set[str]) -> np.ndarray:
    """Which values are among the IDs (a hash lookup on object arrays: fast on 250,000)."""
    arr = np.asarray(values, dtype=object)
    if not ids or not len(arr):
        return np.zeros(len(arr), dtype=bool)
    index = pd.Index(np.array(list(ids), dtype=object), dtype=object)
    return np.asarray(index.get_indexer(arr) >= 0)


def check_duplicate_ids(frame: pd.DataFrame, item: str, cells: Cells, report: Report) -> None:
    """An ID used twice is an error at the second use, naming the first; the second is out."""
    ids = frame["id"]
    filled = (ids != "").to_numpy(bool)
    dup = ids.duplicated(keep="first").to_numpy(bool) & filled
    if not dup.any():
        return
    id_list = [str(x) for x in ids.tolist()]
    template = (
        f"The {item} ID {{ident}} is used twice; the first is at {{where}}. "
        "Give each one its own ID."
    )
    _report_clashes(frame, dup, id_list, frame, _first_positions(id_list), cells, report, template)


def check_shared_ids(
    insights: pd.DataFrame, objectives: pd.DataFrame, cells: Cells, report: Report
) -> None:
    """An ID that is both an insight and an objective: links to it could mean either, and
    nothing says which of the two is mistyped, so both are errors, each naming the other."""
    if insights.empty or objectives.empty:
        return
    insight_ids = [str(x) for x in insights["id"].tolist()]
    objective_ids = [str(x) for x in objectives["id"].tolist()]
    shared = (set(insight_ids) & set(objective_ids)) - {""}
    if not shared:
        return
    first_objective = _first_positions(objective_ids)
    first_insight = _first_positions(insight_ids)
    for frame, ids, other, firsts, what, other_what in (
        (insights, insight_ids, objectives, first_objective, "insight", "objective"),
        (objectives, objective_ids, insights, first_insight, "objective", "insight"),
    ):
        template = (
            f"The ID {{ident}} is used for an {what} and for an {other_what} ({{where}}); "
            "a link to it could mean either. Give one of them another ID."
        )
        hit = member(frame["id"], shared)
        _report_clashes(frame, hit, ids, other, firsts, cells, report, template)


def _first_positions(ids: list[str]) -> dict[str, int]:
    """Each ID's first row position."""
    first: dict[str, int] = {}
    for i, ident in enumerate(ids):
        first.setdefault(ident, i)
    return first


def _report_clashes(
    frame: pd.DataFrame,
    hit: np.ndarray,
    ids: list[str],
    other: pd.DataFrame,
    first: dict[str, int],
    cells: Cells,
    report: Report,
    template: str,
) -> None:
    """An error at the ID cell of each hit row, naming the row of `other` its ID clashes with
    (`first`: ID → row position there); the hit rows are out. `template` says it, with
    {ident} and {where} (that row's Sheet!Cell)."""
    for i in np.flatnonzero(hit).tolist():
        ident = ids[i]
        sheet, cell = cells.at(frame, "id", i)
        o_sheet, o_cell = cells.at(other, "id", first[ident])
        report("error", sheet, cell, template.format(ident=ident, where=f"{o_sheet}!{o_cell}"))
    frame.loc[hit, ERROR] = True


class _Suggest:
    """ "Did you mean I01?" when an ID differs from a known one only in case or spaces; the
    lookup is built on first use, as most imports have no unknown IDs at all."""

    def __init__(self, ids: set[str]) -> None:
        self._ids = ids
        self._loose: dict[str, str] | None = None

    def __call__(self, value: str) -> str:
        if self._loose is None:
            self._loose = {"".join(i.split()).casefold(): i for i in self._ids}
        hit = self._loose.get("".join(value.split()).casefold())
        return f" Did you mean {hit}?" if hit else ""


def check_links(
    links: pd.DataFrame,
    insights: pd.DataFrame,
    objectives: pd.DataFrame,
    initiatives: pd.DataFrame,
    cells: Cells,
    report: Report,
    *,
    check_initiatives: bool = True,
    check_targets: bool = True,
) -> None:
    """Links must go from a known initiative to a known insight or objective.

    A side whose tables are missing altogether is not checked link by link: the missing
    table is already an error, and a thousand "unknown ID" errors would bury it. Those links
    are left out all the same.
    """
    if links.empty:
        return
    init_ids = {str(x) for x in initiatives["id"].tolist()}
    target_ids = {str(x) for x in insights["id"].tolist()} | {
        str(x) for x in objectives["id"].tolist()
    }
    suggest_initiative = _Suggest(init_ids)
    suggest_target = _Suggest(target_ids)
    live = ~links[ERROR].to_numpy(bool)
    init_col = links["initiative"].to_numpy(dtype=object)
    target_col = links["target"].to_numpy(dtype=object)

    def unknown_initiative(value: str) -> str:
        if value in target_ids:
            return (
                f"{value} is an insight or objective, not an initiative; a link goes from an "
                "initiative to the insight or objective it serves."
            )
        return f"The initiative {value} is not in the initiatives table." + suggest_initiative(
            value
        )

    def unknown_target(value: str) -> str:
        if value in init_ids:
            return (
                f"{value} is an initiative; a link's target must be an insight or an objective ID."
            )
        return f"The target {value} is not an insight or objective ID." + suggest_target(value)

    bad_init = live & ~member(init_col, init_ids) & (init_col != "")
    if check_initiatives:
        _report_values(links, bad_init, init_col, "initiative", unknown_initiative, cells, report)
    bad_target = live & ~member(target_col, target_ids) & (target_col != "")
    if check_targets:
        _report_values(links, bad_target, target_col, "target", unknown_target, cells, report)
    links.loc[bad_init | bad_target, ERROR] = True


def _report_values(
    frame: pd.DataFrame,
    bad: np.ndarray,
    values: np.ndarray,
    field_name: str,
    message: Callable[[str], str],
    cells: Cells,
    report: Report,
) -> None:
    """An error at the field's cell in each bad row, saying `message(value)`."""
    for i in np.flatnonzero(bad).tolist():
        value = str(values[i])
        sheet, cell = cells.at(frame, field_name, i)
        report("error", sheet, cell, message(value))


def drop_links_to_rows_with_errors(
    links: pd.DataFrame,
    bad_ids: set[str],
    report: Report,
) -> None:
    """Links to an insight, objective or initiative that has errors cannot be scored either;
    they are left out (one warning per sheet, the rows' own errors say what to fix)."""
    if links.empty or not bad_ids:
        return
    live = ~links[ERROR].to_numpy(bool)
    hit = live & (member(links["initiative"], bad_ids) | member(links["target"], bad_ids))
    if not hit.any():
        return
    counts = pd.Series(links["_sheet"].to_numpy()[hit]).value_counts(sort=False)
    for sheet, count in counts.items():
        text = (
            "1 link on this sheet points to a row that has errors; it is left out until that "
            "row is fixed."
            if count == 1
            else f"{count} links on this sheet point to rows that have errors; they are left "
            "out until those rows are fixed."
        )
        report("warning", str(sheet), "", text)
    links.loc[hit, ERROR] = True


def check_duplicate_links(links: pd.DataFrame, report: Report) -> pd.DataFrame:
    """The same initiative–target pair more than once: a warning at each repeat naming the
    one that counts (the strongest, the first among equals); only that one is kept."""
    live = np.flatnonzero(~links[ERROR].to_numpy(bool))
    if not len(live):
        return links
    init = links["initiative"].to_numpy(dtype=object)[live]
    target = links["target"].to_numpy(dtype=object)[live]
    pair = pd.Series(init + "\x1f" + target, dtype=object)
    dup = pair.duplicated(keep=False).to_numpy()
    if not dup.any():
        return links
    pos = live[dup]
    group = pd.DataFrame(
        {
            "pos": pos,
            "pair": pair.to_numpy()[dup],
            "strength": np.nan_to_num(links["strength"].to_numpy(dtype=float)[pos], nan=-1.0),
        }
    )
    ordered = group.sort_values(["pair", "strength"], ascending=[True, False], kind="mergesort")
    kept = ordered.drop_duplicates("pair", keep="first")
    keeper = dict(zip(kept["pair"], kept["pos"], strict=True))
    dropped = sorted(set(pos.tolist()) - set(kept["pos"].tolist()))
    sheets = links["_sheet"].to_numpy(dtype=object)
    cells = links["_cell"].to_numpy(dtype=object)
    strengths = links["strength"].to_numpy(dtype=float)
    pairs = dict(zip(group["pos"], group["pair"], strict=True))
    for p in dropped:
        k = keeper[pairs[p]]
        report(
            "warning",
            str(sheets[p]),
            str(cells[p]),
            f"The link from {links['initiative'].iat[p]} to {links['target'].iat[p]} is given "
            f"more than once; the strongest ({format_number(float(strengths[k]))}, at "
            f"{sheets[k]}!{cells[k]}) counts.",
        )
    out = links.drop(index=links.index[dropped])
    return out


def detect_scale(importance: np.ndarray, satisfaction: np.ndarray, forced: Scale | None) -> Scale:
    """The importance/satisfaction scale: forced, or 1–5 unless the data says 0–10 or 0–100."""
    if forced is not None:
        return Scale(forced.minimum, forced.maximum, forced.how or "set for this workshop")
    imp = importance[np.isfinite(importance)]
    sat = satisfaction[np.isfinite(satisfaction)]
    both = np.concatenate([imp, sat])
    if not len(both):
        return Scale(1.0, 5.0, "default: no importance or satisfaction values")
    top = float(both.max())
    which = "importance" if len(imp) and float(imp.max()) == top else "satisfaction"
    said = f"largest {which} is {format_number(top)}"
    if top > 10:
        return Scale(0.0, 100.0, f"detected: {said}")
    if top > 5:
        return Scale(0.0, 10.0, f"detected: {said}")
    if top <= 1 and not np.all(both == np.round(both)):
        return Scale(0.0, 1.0, f"detected: {said}, so values are fractions")
    low = float(both.min())
    if low < 1:
        return Scale(
            0.0, 5.0, f"detected: smallest {_which(imp, sat, low)} is {format_number(low)}"
        )
    return Scale(1.0, 5.0, "default: no importance or satisfaction is above 5")


def _which(imp: np.ndarray, sat: np.ndarray, value: float) -> str:
    return "importance" if len(imp) and float(imp.min()) == value else "satisfaction"


def scale_problem(sheet: str, scale: Scale) -> Problem:
    return Problem(
        "info",
        sheet,
        "",
        f"Importance and satisfaction were read on a {format_number(scale.minimum)}–"
        f"{format_number(scale.maximum)} scale ({scale.how}).",
    )
