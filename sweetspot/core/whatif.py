"""The live What-if sheet: the scoring model as spreadsheet formulas the client can play with.

`export.compose_backlog(..., what_if=True)` adds two sheets after the standard ones:

- **What-if** — one row per initiative (ID, Initiative, Customer impact, Business impact,
  Sweet-spot score, Rank, then the workshop placements) and, to the right, the editable weights
  block: α and every objective weight (yellow cells). Impacts, scores and ranks are formulas, so
  changing a weight in Excel or LibreOffice recalculates and re-ranks.
- **What-if data** (hidden) — the helper ranges: the need weight of every insight as a formula over
  the Insights sheet, one row per link whose strength is a formula pointing at its cell on the
  Links sheet, and the totals.

These are the only formulas SweetSpot ever writes; each one is built here from cell addresses,
never from input text (IDs and names are written as plain text cells).

Model (docs/how-scores-work.md): N_j = (imp_j + max(imp_j − sat_j, 0)) / top × reach_j / max reach,
0 outside the lens; C_i = 100 × Σ (s/9)·N_j / Σ N; B_i = 100 × Σ (s/9)·w_k / Σ w;
S_i = C_i^α × B_i^(1−α). A workshop placement replaces C and B. Rank: S descending, then C
descending, then ID, via RANK + COUNTIFS over values rounded to 9 decimals.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import tempfile
import textwrap
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from sweetspot.core.model import FIELD_LABELS, FULL_STRENGTH, Workshop
from sweetspot.core.safe_text import safe_text
from sweetspot.core.scoring import TIE_DIGITS, ScoreResult, lens_mask
from sweetspot.core.settings_text import ALPHA_LABEL, lens_text
from sweetspot.core.workbook import Column, Sheet

WHAT_IF = "What-if"
WHAT_IF_DATA = "What-if data"
EDITABLE_FILL = "FFF2B3"  # light yellow: the cells the client may change

# Column letters of the What-if sheet (the table, hidden keys, then the weights block).
_T = {
    "id": "A",
    "name": "B",
    "c": "C",
    "b": "D",
    "s": "E",
    "rank": "F",
    "placed_c": "G",
    "placed_b": "H",
    "index": "I",
    "s_key": "J",
    "c_key": "K",
    "order": "L",
    "setting": "N",
    "value": "O",
    "about": "P",
}
# Column letters of the helper sheet.
_D = {
    "init": "A",
    "init_id": "B",
    "target": "C",
    "strength": "D",
    "customer": "E",
    "business": "F",
    "insight": "H",
    "in_lens": "I",
    "need": "J",
    "label": "L",
    "total": "M",
}
# Rows of the helper sheet's totals (column M).
_TOTAL_ROWS = {
    "need": 2,
    "weight": 3,
    "reach_count": 4,
    "reach_max": 5,
    "reach_median": 6,
    "alpha": 7,
    "top": 8,
}


def _tie_key_formula(cell: str) -> str:
    """`scoring.tie_key` as a spreadsheet formula: the value to TIE_DIGITS significant digits,
    so the sheet's ties are the app's."""
    return f"IF({cell}=0,0,ROUND({cell},{TIE_DIGITS - 1}-INT(LOG10(ABS({cell})))))"


def _q(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _abs(sheet: str, letter: str, row: int) -> str:
    return f"{_q(sheet)}!${letter}${row}"


def _total(name: str) -> str:
    return _abs(WHAT_IF_DATA, _D["total"], _TOTAL_ROWS[name])


def _letters(sheet: Sheet) -> dict[str, str]:
    return {c.header: get_column_letter(j + 1) for j, c in enumerate(sheet.columns)}


def what_if_sheets(workshop: Workshop, result: ScoreResult, sheets: Sequence[Sheet]) -> list[Sheet]:
    """The What-if sheet and its hidden helper, with formulas over the given standard sheets."""
    by_name = {s.name: s for s in sheets}
    insights, links = by_name["Insights"], by_name["Links"]
    table = result.table
    n = len(table)
    init_ids = table["id"].astype(str).tolist()
    init_pos = {ident: pos for pos, ident in enumerate(init_ids)}

    obj = workshop.objectives
    obj_ids = obj["id"].astype(str).tolist()
    obj_weights = np.nan_to_num(
        np.clip(pd.to_numeric(obj["weight"], errors="coerce").to_numpy(float), 0, None), nan=0.0
    )
    k = len(obj_ids)
    weight_row = {ident: 3 + pos for pos, ident in enumerate(obj_ids)}  # O3, O4, …

    ins_ids = workshop.insights["id"].astype(str).tolist()
    ins_pos: dict[str, int] = {}
    for pos, ident in enumerate(ins_ids):
        ins_pos.setdefault(ident, pos)

    data = _helper_columns(workshop, result, insights, links, init_pos, ins_pos, weight_row)
    what_if = _what_if_sheet(workshop, result, n, k, init_ids, obj_ids, obj_weights)
    return [what_if, data]


# ---------------------------------------------------------------------------------------------
# The helper sheet


def _link_rows(
    workshop: Workshop, links_sheet: Sheet, init_pos: dict[str, int], known: set[str]
) -> list[tuple[int, str, str, str]]:
    """(initiative position, initiative ID, target ID, strength cell on Links) per scored link.

    A repeated pair counts once, at its strongest, as in scoring."""
    links = workshop.links
    strength = pd.to_numeric(links["strength"], errors="coerce").to_numpy(float)
    best: dict[tuple[str, str], tuple[float, int]] = {}
    for row, (a, t, s) in enumerate(
        zip(links["initiative"].astype(str), links["target"].astype(str), strength, strict=True)
    ):
        if a not in init_pos or t not in known:
            continue
        value = -np.inf if np.isnan(s) else float(s)
        if (a, t) not in best or value > best[(a, t)][0]:
            best[(a, t)] = (value, row)
    headers = [c.header for c in links_sheet.columns]
    matrix = headers[:2] == ["ID", "Initiative"]
    target_letter = {h: get_column_letter(j + 1) for j, h in enumerate(headers) if j >= 2}
    strength_letter = get_column_letter(headers.index("Strength") + 1) if not matrix else ""
    out = []
    for (a, t), (_, row) in best.items():
        p = init_pos[a]
        if matrix:
            if t not in target_letter:
                continue
            cell = f"Links!${target_letter[t]}${2 + p}"
        else:
            cell = f"Links!${strength_letter}${2 + row}"
        out.append((p, a, t, cell))
    out.sort(key=lambda r: (r[0], r[2]))
    return out


def _helper_columns(
    workshop: Workshop,
    result: ScoreResult,
    insights: Sheet,
    links: Sheet,
    init_pos: dict[str, int],
    ins_pos: dict[str, int],
    weight_row: dict[str, int],
) -> Sheet:
    ins = workshop.insights
    n_ins = len(ins)
    letters = _letters(insights)
    imp_l = letters[FIELD_LABELS["importance"]]
    sat_l = letters[FIELD_LABELS["satisfaction"]]
    reach_l = letters[FIELD_LABELS["reach"]]
    last_ins = max(n_ins + 1, 2)
    reach_range = f"Insights!${reach_l}$2:${reach_l}${last_ins}"
    top = _total("top")

    in_lens = lens_mask(workshop, result.settings).astype(int).tolist()
    need: list[object] = []
    for pos in range(n_ins):
        r = 2 + pos
        imp = f"Insights!${imp_l}${r}"
        sat = f"Insights!${sat_l}${r}"
        reach = f"Insights!${reach_l}${r}"
        need.append(
            f"{_D['in_lens']}{r}"
            f"*(IF(ISNUMBER({imp}),{imp}/{top},0)"
            f"+IF(AND(ISNUMBER({imp}),ISNUMBER({sat})),MAX({imp}/{top}-{sat}/{top},0),0))"
            f"*IF({_total('reach_count')}=0,1,IF({_total('reach_max')}>0,"
            f"IF(ISNUMBER({reach}),{reach},{_total('reach_median')})/{_total('reach_max')},1))"
        )

    known = set(ins_pos) | set(weight_row)
    rows = _link_rows(workshop, links, init_pos, known)
    strength_f: list[object] = []
    customer_f: list[object] = []
    business_f: list[object] = []
    for r, (_, _, target, cell) in enumerate(rows, start=2):
        strength_f.append(f"MIN(MAX(N({cell}),0),{FULL_STRENGTH:g})")
        if target in ins_pos:  # an ID that is both an insight and an objective counts as insight
            need_cell = f"${_D['need']}${2 + ins_pos[target]}"
            customer_f.append(f"{_D['strength']}{r}*{need_cell}")
            business_f.append(0)
        else:
            weight_cell = _abs(WHAT_IF, _T["value"], weight_row[target])
            customer_f.append(0)
            business_f.append(f"{_D['strength']}{r}*MAX(N({weight_cell}),0)")

    k = len(weight_row)
    weights = f"{_q(WHAT_IF)}!${_T['value']}$3:${_T['value']}${2 + k}" if k else None
    top_value = float(workshop.scale.maximum or 1.0)
    totals: list[tuple[str, object]] = [
        ("Total need weight", f"SUM(${_D['need']}$2:${_D['need']}${last_ins})"),
        ("Total objective weight", f'SUMIF({weights},">0")' if weights else 0),
        ("Insights with a reach", f"COUNT({reach_range})"),
        ("Largest reach", f"IF(M4>0,MAX({reach_range}),0)"),
        ("Median reach (stands in for a blank)", f"IF(M4>0,MEDIAN({reach_range}),0)"),
        ("α used (0–1)", f"MIN(MAX(N({_abs(WHAT_IF, _T['value'], 2)}),0),1)"),
        ("Top of the importance/satisfaction scale (fixed)", top_value),
    ]
    length = max(len(rows), n_ins, len(totals), 1)

    def pad(values: Sequence[object]) -> list[object]:
        return list(values) + [None] * (length - len(values))

    return Sheet(
        WHAT_IF_DATA,
        [
            Column("Initiative #", pad([p + 1 for p, *_ in rows]), "number", "0", width=11),
            Column("Initiative", pad([a for _, a, _, _ in rows]), width=14),
            Column("Target", pad([t for _, _, t, _ in rows]), width=12),
            Column("Strength", pad(strength_f), "formula", "0.##", width=10),
            Column("Customer part", pad(customer_f), "formula", "0.0000", width=14),
            Column("Business part", pad(business_f), "formula", "0.0000", width=14),
            Column(" ", pad([]), width=3),
            Column("Insight", pad(_insight_ids(workshop)), width=12),
            Column(
                "Counts under the lens",
                pad(in_lens),
                "number",
                "0",
                width=12,
                note="1 = the insight counts, 0 = outside the app's segment/journey-stage lens.",
            ),
            Column("Need weight", pad(need), "formula", "0.0000", width=12),
            Column("  ", pad([]), width=3),
            Column("Total", pad([label for label, _ in totals]), width=44),
            Column("Value", pad([value for _, value in totals]), "formula", "0.####", width=12),
        ],
        auto_filter=False,
        hidden=True,
    )


def _insight_ids(workshop: Workshop) -> list[str]:
    return [safe_text(i) for i in workshop.insights["id"].tolist()]


# ---------------------------------------------------------------------------------------------
# The What-if sheet


def _what_if_sheet(
    workshop: Workshop,
    result: ScoreResult,
    n: int,
    k: int,
    init_ids: list[str],
    obj_ids: list[str],
    obj_weights: np.ndarray,
) -> Sheet:
    table = result.table
    last = max(n + 1, 2)
    data = WHAT_IF_DATA

    def rng(letter: str) -> str:
        return f"${letter}$2:${letter}${last}"

    parts_range = {
        side: (
            f"{_q(data)}!${_D[side]}$2:${_D[side]}$1048576",
            f"{_q(data)}!${_D['init']}$2:${_D['init']}$1048576",
        )
        for side in ("customer", "business")
    }
    alpha = _total("alpha")
    c_f, b_f, s_f, rank_f, s_key, c_key = [], [], [], [], [], []
    for pos in range(n):
        r = 2 + pos
        idx = f"{_T['index']}{r}"
        sums = {}
        for side, total in (("customer", "need"), ("business", "weight")):
            parts, inits = parts_range[side]
            sums[side] = (
                f"IF({_total(total)}>0,100/{FULL_STRENGTH:g}*SUMIFS({parts},{inits},{idx})"
                f"/{_total(total)},0)"
            )
        c_f.append(
            f"IF(ISNUMBER({_T['placed_c']}{r}),MIN(MAX({_T['placed_c']}{r},0),100),"
            f"{sums['customer']})"
        )
        b_f.append(
            f"IF(ISNUMBER({_T['placed_b']}{r}),MIN(MAX({_T['placed_b']}{r},0),100),"
            f"{sums['business']})"
        )
        c, b = f"{_T['c']}{r}", f"{_T['b']}{r}"
        s_f.append(f"IF({alpha}>=1,{c},IF({alpha}<=0,{b},{c}^{alpha}*{b}^(1-{alpha})))")
        s_key.append(_tie_key_formula(f"{_T['s']}{r}"))
        c_key.append(_tie_key_formula(c))
        sk, ck, ok = f"{_T['s_key']}{r}", f"{_T['c_key']}{r}", f"{_T['order']}{r}"
        rank_f.append(
            f"RANK({sk},{rng(_T['s_key'])},0)"
            f'+COUNTIFS({rng(_T["s_key"])},{sk},{rng(_T["c_key"])},">"&{ck})'
            f"+COUNTIFS({rng(_T['s_key'])},{sk},{rng(_T['c_key'])},{ck},"
            f'{rng(_T["order"])},"<"&{ok})'
        )

    overridden = table["overridden"].to_numpy(bool) if "overridden" in table else np.zeros(n, bool)
    placed_c = np.where(overridden, table["customer_impact"].to_numpy(float), np.nan).tolist()
    placed_b = np.where(overridden, table["business_impact"].to_numpy(float), np.nan).tolist()
    # The app breaks remaining ties by ID as Python sorts text; the order is fixed here.
    order = {ident: pos + 1 for pos, ident in enumerate(sorted(init_ids))}

    obj_names = workshop.objectives["objective"].tolist()
    settings = [ALPHA_LABEL] + [f"Weight of {safe_text(i)}" for i in obj_ids]
    values: list[object] = [float(np.clip(result.settings.alpha, 0, 1)), *obj_weights.tolist()]
    about = ["0 = business only, 0.5 = equal, 1 = customer only"] + [
        safe_text(name) for name in obj_names
    ]
    # One short line per row, unwrapped: a wrapped note would make the table rows beside it
    # several lines tall.
    notes = [line for note in _notes(workshop, result) for line in textwrap.wrap(note, 95)]
    about += ["", *notes]
    length = max(n, 1 + k, len(about))

    def pad(values: Sequence[object]) -> list[object]:
        return list(values) + [None] * (length - len(values))

    first_number = "0.00"
    return Sheet(
        WHAT_IF,
        [
            Column("ID", pad(init_ids), width=10),
            Column("Initiative", pad(table["initiative"].tolist()), width=34, bold=True),
            Column("Customer impact", pad(c_f), "formula", first_number, width=11),
            Column("Business impact", pad(b_f), "formula", first_number, width=11),
            Column("Sweet-spot score", pad(s_f), "formula", first_number, width=12, bold=True),
            Column("Rank", pad(rank_f), "formula", "0", width=7),
            Column(
                "Placed customer impact",
                pad(placed_c),
                "number",
                "0.0",
                width=15,
                note="A workshop placement (0–100). When filled in, it replaces the computed "
                "customer impact, as in the app. Clear both placed cells to use the links.",
            ),
            Column("Placed business impact", pad(placed_b), "number", "0.0", width=15),
            Column("#", pad(list(range(1, n + 1))), "number", "0", width=5, hidden=True),
            Column("Score key", pad(s_key), "formula", "0.000", width=9, hidden=True),
            Column("Customer key", pad(c_key), "formula", "0.000", width=9, hidden=True),
            Column(
                "ID order", pad([order[i] for i in init_ids]), "number", "0", width=7, hidden=True
            ),
            Column(" ", pad([]), width=3),
            Column("Setting", pad(settings), width=30, bold=True),
            Column(
                "Value",
                pad(values),
                "number",
                "0.00",
                width=10,
                fill=EDITABLE_FILL,
                note="Change these yellow cells: every impact, score and rank recalculates.",
            ),
            Column("About", pad(about), width=70),
        ],
        auto_filter=False,
    )


def _notes(workshop: Workshop, result: ScoreResult) -> list[str]:
    st = result.settings
    lens = lens_text(st)
    notes = [
        "How it works: change α or an objective weight in the yellow cells; Customer impact, "
        "Business impact, Sweet-spot score and Rank are live formulas (see the Method sheet "
        "for the model).",
        "Need weights are formulas over the Importance, Satisfaction and Reach columns of the "
        "Insights sheet (importance/satisfaction scale "
        f"{workshop.scale.describe()}, fixed); a link strength changed on the Links sheet "
        "counts too. A link added there needs a new export.",
        "Lens: "
        + lens
        + (
            " — insights outside it count 0 (hidden sheet What-if data, column "
            "Counts under the lens)."
            if st.lens_active
            else "."
        ),
        "Workshop placements: an initiative placed by the room keeps its placed impacts (the "
        "Placed columns) whatever the weights, as in the app; clear them to score it from its "
        "links.",
        "Rank: by sweet-spot score, ties by customer impact, then ID, as in the app; scores "
        f"equal to {TIE_DIGITS} significant digits count as tied. The what-if always ranks by score"
        + (" (the app ranked by value for effort)." if st.rank_by == "value" else "."),
        "Sorting: read the order from the Rank column; sort a copy, not this sheet.",
    ]
    return notes


# ---------------------------------------------------------------------------------------------
# Recalculation with LibreOffice (tests, and anyone wanting cached values in the file)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(path: str | Path, out_dir: str | Path, *, timeout: float = 180.0) -> Path:
    """Open the workbook in headless LibreOffice, recalculate it and save a copy in out_dir.

    Each run uses its own throw-away LibreOffice profile so parallel runs never fight over a
    profile lock. Raises RuntimeError when LibreOffice is missing or fails."""
    return recalculate_many([path], out_dir, timeout=timeout)[0]


def recalculate_many(
    paths: Sequence[str | Path], out_dir: str | Path, *, timeout: float = 300.0
) -> list[Path]:
    """`recalculate` for several workbooks in one LibreOffice start (their names must differ)."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    sources = [Path(p) for p in paths]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.gettempdir()) / f"lo_{uuid.uuid4().hex}"
    try:
        done = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out),
                *[str(src) for src in sources],
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(profile, ignore_errors=True)
    targets = [out / (src.stem + ".xlsx") for src in sources]
    if done.returncode != 0 or not all(t.exists() for t in targets):
        raise RuntimeError(f"LibreOffice failed ({done.returncode}): {done.stderr.strip()}")
    return targets


__all__ = [
    "EDITABLE_FILL",
    "WHAT_IF",
    "WHAT_IF_DATA",
    "find_soffice",
    "recalculate",
    "recalculate_many",
    "what_if_sheets",
]
