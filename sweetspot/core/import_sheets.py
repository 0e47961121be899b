"""Which sheets hold which tables: the input files opened, every sheet read (hidden sheets only
when a required table is on no visible one), the consultant's choices applied, and each sheet's
table or matrix found; a sheet that holds none is said to be skipped, and why."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sweetspot.core.columns import TABLE_KINDS, TABLE_LABELS
from sweetspot.core.import_headers import detect_table, fill_merged
from sweetspot.core.import_matrix import find_matrices
from sweetspot.core.import_run import ImportMapping, Plan, Run
from sweetspot.core.reading import SheetRef, Source, expand_inputs
from sweetspot.core.values import blank_mask


def key_prefix(path: Path, sources: Sequence[Source]) -> str:
    taken = {s.key_prefix for s in sources}
    key = path.name
    if key in taken:
        key = f"{path.parent.name}/{path.name}"
    n = 2
    while key in taken:
        key = f"{path.name} ({n})"
        n += 1
    return key


def open_sources(inputs: Sequence[str | Path], run: Run) -> tuple[list[Path], list[Source]]:
    files, problems = expand_inputs(inputs)
    run.extend(problems)
    sources: list[Source] = []
    try:
        for i, path in enumerate(files):
            run.step(0.1 * i / max(len(files), 1), f"Opening {path.name}")
            # The import reads every visible sheet: each is parsed ahead once its scan passes.
            src, probs = Source.open(
                path, key_prefix(path, sources), check=run.check, prefetch=True
            )
            run.see(path.name)
            run.extend(probs)
            if src is not None:
                sources.append(src)
    except BaseException:
        # Cancelled while opening a later file: the files opened so far stop parsing ahead.
        for src in sources:
            src.close()
        raise
    return files, sources


def read_and_classify(
    sources: Sequence[Source],
    mapping: ImportMapping,
    run: Run,
    *,
    nrows: int | None,
    on_plan: Callable[[Plan], None] | None = None,
) -> list[Plan]:
    """A plan per sheet read: the table (or matrix) found on it, if any. `on_plan` hears
    each plan as soon as its sheet is classified, while later sheets are still being read
    (the import builds tables then; see importing.load_workshop)."""
    refs = [(s, r) for s in sources for r in s.sheets]
    visible = [(s, r) for s, r in refs if not r.hidden or r.key in mapping.tables]
    hidden = [(s, r) for s, r in refs if r.hidden and r.key not in mapping.tables]
    total = max(len(refs), 1)
    plans = _read_sheets(visible, 0, total, "Reading", mapping, run, nrows, on_plan)
    find_matrices(plans, run)
    missing = [k for k in TABLE_KINDS if not _kinds_found(plans).get(k)]
    hidden_plans: list[Plan] = []
    if missing and hidden:
        what = "Reading hidden sheet"
        hidden_plans = _read_sheets(hidden, len(visible), total, what, mapping, run, nrows, on_plan)
        find_matrices([*plans, *hidden_plans], run)
    used = _use_hidden(plans, hidden_plans, missing, run)
    for _src, ref in hidden:
        if ref.key not in used:
            run.add(
                "info",
                ref.name,
                "",
                f"The hidden sheet {ref.name} was skipped. Unhide it, or choose it in the "
                "import dialog, to use it.",
            )
    for plan in plans:
        if plan.table is None and plan.matrix is None and plan.forced != "ignore":
            _report_unrecognised(plan, run)
    return plans


# Sheets of survey waves (sweetspot.core.waves): one row per insight and wave.
WAVES_SHEETS = ("insight waves", "waves", "survey waves")


# Sheets SweetSpot writes from a survey: reference for the reader, never an input table.
ANALYSIS_SHEETS = ("drivers", "themes", "evidence")


def is_waves_sheet(name: str) -> bool:
    return name.strip().casefold() in WAVES_SHEETS


def _read_sheets(
    sheets: Sequence[tuple[Source, SheetRef]],
    done: int,
    total: int,
    what: str,
    mapping: ImportMapping,
    run: Run,
    nrows: int | None,
    on_plan: Callable[[Plan], None] | None = None,
) -> list[Plan]:
    """Read sheets in turn, `done` of `total` read before them (for the progress)."""
    plans: list[Plan] = []
    for n, (src, ref) in enumerate(sheets, done):
        run.step(0.1 + 0.7 * n / total, f"{what} {ref.name}")
        plan = _read_one(src, ref, mapping, run, nrows)
        if plan is not None:
            plans.append(plan)
            if on_plan is not None:
                on_plan(plan)
    return plans


def _use_hidden(
    plans: list[Plan], hidden_plans: list[Plan], missing: list[str], run: Run
) -> set[str]:
    """Hidden sheets that hold a table no visible sheet holds are used, with a warning.
    Returns their keys."""
    used: set[str] = set()
    for plan in hidden_plans:
        wanted = [k for k in _plan_kinds(plan) if k in missing]
        if wanted:
            plans.append(plan)
            used.add(plan.raw.ref.key)
            labels = " and ".join(TABLE_LABELS[k] for k in wanted)
            run.add(
                "warning",
                plan.raw.ref.name,
                "",
                f"The sheet {plan.raw.ref.name} is hidden; it was used because no visible "
                f"sheet holds the {labels} table.",
            )
    return used


def _kinds_found(plans: Sequence[Plan]) -> dict[str, bool]:
    found: dict[str, bool] = {}
    for plan in plans:
        for k in _plan_kinds(plan):
            found[k] = True
    return found


def _plan_kinds(plan: Plan) -> list[str]:
    kinds = []
    if plan.table is not None:
        kinds.append(plan.table.kind)
    if plan.matrix is not None:
        kinds.append("links")
    return kinds


def _read_one(
    src: Source,
    ref: SheetRef,
    mapping: ImportMapping,
    run: Run,
    nrows: int | None,
) -> Plan | None:
    forced = mapping.tables.get(ref.key)
    if forced == "ignore":
        run.add("info", ref.name, "", f"The sheet {ref.name} was skipped, as chosen.")
        return None
    raw, problems = src.read(ref, nrows=nrows, check=run.check)
    run.see(ref.name)
    run.extend(problems)
    if raw is None:
        return None
    if forced is None and is_waves_sheet(ref.name):
        # Survey waves repeat each insight ID once per wave: never an Insights table.
        run.add("info", ref.name, "", f"The sheet {ref.name} holds survey waves; read apart.")
        run.waves.append((ref.name, raw.grid))
        return None
    if forced is None and ref.name.strip().casefold() in ANALYSIS_SHEETS:
        # What `sweetspot insights` and the backlog export write beside the Insights table.
        run.add(
            "info",
            ref.name,
            "",
            f"The sheet {ref.name} holds SweetSpot's survey analysis (read, not imported).",
        )
        return None
    plan = Plan(raw, forced=forced)
    try:
        fill_merged(raw)
        if forced != "matrix":
            columns = mapping.columns.get(ref.key, {})
            header = mapping.header_rows.get(ref.key)
            kinds = [forced] if forced in TABLE_KINDS else list(TABLE_KINDS)
            plan.table = detect_table(raw, kinds, columns, header)
    except Exception as exc:  # a bug of ours must not cost the other sheets
        run.internal(ref.name, exc)
        return None
    return plan


def _report_unrecognised(plan: Plan, run: Run) -> None:
    ref = plan.raw.ref
    grid = plan.raw.grid
    if grid.empty or all(blank_mask(grid[c]).all() for c in grid.columns):
        run.add("info", ref.name, "", f"The sheet {ref.name} is empty; it was skipped.")
        return
    if plan.forced in TABLE_KINDS or plan.forced == "matrix":
        kind = "links" if plan.forced == "matrix" else str(plan.forced)
        run.add(
            "error",
            ref.name,
            "",
            f"No {TABLE_LABELS[kind]} header row was found on the sheet {ref.name}. Check "
            "the header row and the column choices in the import dialog.",
        )
        return
    if ref.name.strip().casefold() == "votes":
        # Workshop votes are not one of the four tables: sweetspot.core.votes reads them.
        run.add("info", ref.name, "", "The sheet Votes holds workshop votes; they are read apart.")
        run.votes.append((ref.name, grid))
        return
    run.add(
        "info",
        ref.name,
        "",
        f"The sheet {ref.name} does not look like a table SweetSpot uses (no header row with "
        "known column names was found); it was skipped.",
    )
