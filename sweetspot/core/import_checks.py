"""The workshop from the tables read: the tables of each kind joined, the checks that need every
table at once (scale, duplicate and shared IDs, links to unknown or broken rows, duplicate
links; see validation.py), and only the valid rows kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sweetspot.core.columns import TABLE_ITEM, TABLE_KINDS, TABLE_LABELS
from sweetspot.core.import_run import BuiltTable, Run, empty_frame
from sweetspot.core.model import Scale, Severity, SourceInfo, Workshop
from sweetspot.core.validation import (
    CELL_PREFIX,
    ERROR,
    TABLE_INDEX,
    Cells,
    check_duplicate_ids,
    check_duplicate_links,
    check_links,
    check_shared_ids,
    detect_scale,
    drop_links_to_rows_with_errors,
    scale_problem,
)
from sweetspot.core.values import format_number

Tables = dict[str, list[BuiltTable]]


def finish_workshop(
    workshop: Workshop,
    tables: Tables,
    cells: Cells,
    scale: Scale | None,
    run: Run,
    *,
    report_missing: bool = True,
) -> None:
    """Check the tables against each other and keep their valid rows in the workshop."""
    frames = _join_tables(workshop, tables, run, report_missing)
    _check_scale_of(workshop, frames["insights"], tables, scale, cells, run)
    _check_ids_and_links(frames, tables, cells, run)
    for kind in TABLE_KINDS:
        frame = frames[kind]
        frame = frame.loc[~frame[ERROR].to_numpy(bool)]
        temp = [c for c in frame.columns if c.startswith(CELL_PREFIX) or c in (ERROR, TABLE_INDEX)]
        frame = frame.drop(columns=temp).reset_index(drop=True)
        setattr(workshop, kind, frame)


def _join_tables(
    workshop: Workshop, tables: Tables, run: Run, report_missing: bool
) -> dict[str, pd.DataFrame]:
    """Per kind: all its tables in one frame, the first one's sheet as its source; a table
    missing or without rows is an error."""
    frames: dict[str, pd.DataFrame] = {}
    for kind in TABLE_KINDS:
        built_tables = tables[kind]
        if not built_tables:
            if report_missing:
                where = ", ".join(dict.fromkeys(Path(f).name for f in workshop.files))
                run.add("error", where, "", _missing_table(kind))
            frames[kind] = empty_frame(kind)
            frames[kind][TABLE_INDEX] = pd.Series(dtype=np.int64)
            continue
        frame = (
            pd.concat([t.frame for t in built_tables], ignore_index=True)
            if len(built_tables) > 1
            else built_tables[0].frame.reset_index(drop=True)
        )
        frames[kind] = frame
        first = built_tables[0]
        workshop.sources[kind] = SourceInfo(first.file, first.sheet, dict(first.letters))
        if frame.empty and not any(
            p.severity == "error" and p.sheet == first.sheet and not p.cell for p in run.problems
        ):
            run.add(
                "error",
                first.sheet,
                "",
                f"The {TABLE_LABELS[kind]} table on {first.sheet} has no rows; add at least one "
                f"{TABLE_ITEM[kind]}.",
            )
    return frames


def _check_scale_of(
    workshop: Workshop,
    insights: pd.DataFrame,
    tables: Tables,
    scale: Scale | None,
    cells: Cells,
    run: Run,
) -> None:
    """The scale of importance and satisfaction: the one given, or the one the values fit."""
    chosen = detect_scale(
        insights.loc[~insights[ERROR], "importance"].to_numpy(float),
        insights.loc[~insights[ERROR], "satisfaction"].to_numpy(float),
        scale,
    )
    workshop.scale = chosen
    if tables["insights"]:
        sheet = tables["insights"][0].sheet
        p = scale_problem(sheet, chosen)
        run.add(p.severity, p.sheet, p.cell, p.message)
        _check_scale(insights, chosen, cells, run)


def _check_ids_and_links(
    frames: dict[str, pd.DataFrame], tables: Tables, cells: Cells, run: Run
) -> None:
    def report(severity: Severity, sheet: str, cell: str, message: str) -> None:
        run.add(severity, sheet, cell, message)

    for kind in ("insights", "objectives", "initiatives"):
        check_duplicate_ids(frames[kind], TABLE_ITEM[kind], cells, report)
    check_shared_ids(frames["insights"], frames["objectives"], cells, report)
    links = frames["links"]
    check_links(
        links,
        frames["insights"],
        frames["objectives"],
        frames["initiatives"],
        cells,
        report,
        check_initiatives=bool(tables["initiatives"]),
        check_targets=bool(tables["insights"] or tables["objectives"]),
    )
    bad_ids: set[str] = set()
    for kind in ("insights", "objectives", "initiatives"):
        f = frames[kind]
        bad = set(f.loc[f[ERROR].to_numpy(bool), "id"]) - set(f.loc[~f[ERROR].to_numpy(bool), "id"])
        bad_ids |= bad - {""}
    drop_links_to_rows_with_errors(links, bad_ids, report)
    frames["links"] = check_duplicate_links(links, report)


def _missing_table(kind: str) -> str:
    needs = {
        "insights": "ID, Need and Importance",
        "objectives": "ID, Objective and Weight",
        "initiatives": "ID and Initiative",
        "links": "Initiative, Target and Strength, or a matrix of initiatives against insight "
        "and objective IDs",
    }[kind]
    return (
        f"No {TABLE_LABELS[kind]} table was found. It needs a sheet (or CSV file) with the "
        f"columns {needs}."
    )


def _check_scale(insights: pd.DataFrame, scale: Scale, cells: Cells, run: Run) -> None:
    """Importance and satisfaction must lie on the scale."""
    live = ~insights[ERROR].to_numpy(bool)
    for f in ("importance", "satisfaction"):
        values = insights[f].to_numpy(float)
        with np.errstate(invalid="ignore"):
            above = live & (values > scale.maximum)
            below = live & (values < scale.minimum) & (values >= 0)
        label = f.capitalize()
        top, bottom = format_number(scale.maximum), format_number(scale.minimum)
        for i in np.flatnonzero(above):
            run.add(
                "error",
                *cells.at(insights, f, int(i)),
                f"{label} {format_number(values[i])} is above the top of the {bottom}–{top} scale.",
            )
        for i in np.flatnonzero(below):
            run.add(
                "error",
                *cells.at(insights, f, int(i)),
                f"{label} {format_number(values[i])} is below the bottom of the "
                f"{bottom}–{top} scale.",
            )
        insights.loc[above | below, ERROR] = True
