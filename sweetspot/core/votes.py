"""Workshop votes: what each participant thinks of each initiative, the consensus and the spread.

Participants score initiatives silently, on a `Votes` sheet or on the laptop passed around the
room. A vote is one row: participant, role, initiative, customer score, business score, and/or a
number of dots. Scores are kept on the matrix's own 0–100 scale so the consensus can be drawn
where the room puts the initiative:

- a column of scores is read on 1–5 when no score in it is above 5 (1 → 0, 3 → 50, 5 → 100),
  on 0–10 when none is above 10 (score × 10; a 1–10 sheet reads 1 as 10), otherwise on 0–100;
  customer and business share one scale, and `scale=` forces one ("1-5", "0-10", "0-100");
- dot votes are whole numbers ≥ 0; they are summed (role-weighted), not averaged.

Consensus per initiative is the role-weighted mean of the customer and the business scores
(`role_weights`, e.g. {"Customer": 2, "Exec": 1}; roles compared case-insensitively, unknown or
blank roles weigh 1, weight 0 leaves a role out). Spread is the weighted standard deviation
(population form, √(Σw(x − x̄)² / Σw)) and the interquartile range (unweighted). Disagreement is
√(sd_customer² + sd_business²): the typical distance, in matrix points, between a vote and the
consensus; the disagreement ranking puts the largest first.

Bad cells never raise: they become `Problem` records at their cell (`Votes!C4`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from sweetspot.core.columns import cell_ref, header_tokens
from sweetspot.core.model import Problem, Workshop
from sweetspot.core.values import is_blank

VOTES_SHEET = "Votes"
VOTE_FIELDS = ["participant", "role", "initiative", "customer", "business", "dots"]
VOTE_NUMERIC = {"customer", "business", "dots"}
VOTE_LABELS = {
    "participant": "Participant",
    "role": "Role",
    "initiative": "Initiative",
    "customer": "Customer score",
    "business": "Business score",
    "dots": "Dots",
}
ScaleName = Literal["1-5", "0-10", "0-100"]
SCALES: dict[str, tuple[float, float]] = {
    "1-5": (1.0, 5.0),
    "0-10": (0.0, 10.0),
    "0-100": (0.0, 100.0),
}

# Header words → field, checked in this order on the normalised header tokens.
_EXACT_HEADERS: dict[str, str] = {
    "participant": "participant",
    "name": "participant",
    "voter": "participant",
    "person": "participant",
    "who": "participant",
    "role": "role",
    "group": "role",
    "stakeholder": "role",
    "function": "role",
    "initiative": "initiative",
    "initiative id": "initiative",
    "id": "initiative",
    "idea": "initiative",
    "c": "customer",
    "b": "business",
    "dot": "dots",
    "vote": "dots",
}
_CONTAINS: tuple[tuple[str, str], ...] = (
    ("dot", "dots"),
    ("customer", "customer"),
    ("business", "business"),
    ("role", "role"),
    ("participant", "participant"),
    ("voter", "participant"),
    ("initiative", "initiative"),
)
HEADER_SCAN_ROWS = 10


def empty_votes() -> pd.DataFrame:
    """An empty votes table with the canonical columns."""
    return pd.DataFrame(
        {f: pd.Series(dtype="float64" if f in VOTE_NUMERIC else "object") for f in VOTE_FIELDS}
    )


def vote_field(header: object) -> str | None:
    """The votes field a header names ("Customer score (1-5)" → "customer"), or None."""
    tokens = header_tokens(header)
    if not tokens:
        return None
    text = " ".join(tokens)
    if text in _EXACT_HEADERS:
        return _EXACT_HEADERS[text]
    for word, name in _CONTAINS:
        if any(t.startswith(word) for t in tokens):
            return name
    return None


def _text(value: object) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _number(value: object) -> float | None:
    """A cell as a number, or None when it is not one (text, error value, bool)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    try:
        f = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return f if math.isfinite(f) else None


def detect_scale(values: np.ndarray) -> ScaleName:
    """1–5 when no value is above 5, 0–10 when none is above 10, otherwise 0–100."""
    known = values[~np.isnan(values)]
    top = float(known.max()) if known.size else 5.0
    if top <= 5:
        return "1-5"
    if top <= 10:
        return "0-10"
    return "0-100"


def to_percent(values: np.ndarray, scale: ScaleName) -> np.ndarray:
    """Scores on `scale` as 0–100 (1–5: (x − 1) × 25; 0–10: x × 10)."""
    lo, hi = SCALES[scale]
    return (values - lo) / (hi - lo) * 100.0


def votes_from_grid(
    grid: pd.DataFrame,
    sheet: str = VOTES_SHEET,
    *,
    scale: ScaleName | None = None,
    workshop: Workshop | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read a votes table from a sheet's cells (grid row i is spreadsheet row i + 1)."""
    problems: list[Problem] = []
    header_row, columns = _find_header(grid)
    if header_row is None:
        problems.append(
            Problem(
                "error",
                sheet,
                "",
                f"The {sheet} sheet has no header row naming an Initiative column and a Customer, "
                "Business or Dots column; its votes were not read.",
            )
        )
        return empty_votes(), problems

    raw: dict[str, list[Any]] = {f: [] for f in VOTE_FIELDS}
    rows: list[int] = []
    for r in range(header_row + 1, len(grid)):
        values = {f: grid.iat[r, c] for f, c in columns.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        for f in VOTE_FIELDS:
            raw[f].append(values.get(f))
        rows.append(r + 1)

    n = len(rows)
    numbers: dict[str, np.ndarray] = {}
    for f in ("customer", "business", "dots"):
        arr = np.full(n, np.nan)
        for k, v in enumerate(raw[f]):
            if is_blank(v):
                continue
            num = _number(v)
            if num is None:
                problems.append(
                    Problem(
                        "error",
                        sheet,
                        cell_ref(rows[k], columns[f]),
                        f"{VOTE_LABELS[f]} {_text(v)!r} is not a number; this score was left out.",
                    )
                )
                continue
            arr[k] = num
        numbers[f] = arr

    chosen: ScaleName = scale or detect_scale(
        np.concatenate([numbers["customer"], numbers["business"]])
    )
    lo, hi = SCALES[chosen]
    for f in ("customer", "business"):
        arr = numbers[f]
        for k in np.flatnonzero((arr < lo) | (arr > hi)).tolist():
            problems.append(
                Problem(
                    "error",
                    sheet,
                    cell_ref(rows[k], columns[f]),
                    f"{VOTE_LABELS[f]} {arr[k]:g} is outside the {lo:g}–{hi:g} scale the sheet "
                    "uses; this score was left out.",
                )
            )
            arr[k] = np.nan
        numbers[f] = to_percent(arr, chosen)
    dots = numbers["dots"]
    for k in np.flatnonzero(~np.isnan(dots) & ((dots < 0) | (dots != np.round(dots)))).tolist():
        problems.append(
            Problem(
                "error",
                sheet,
                cell_ref(rows[k], columns["dots"]),
                f"Dots {dots[k]:g} is not a whole number of dots (0 or more); it was left out.",
            )
        )
        dots[k] = np.nan

    initiatives = [_text(v) for v in raw["initiative"]]
    participants = [_text(v) for v in raw["participant"]]
    roles = [_text(v) for v in raw["role"]]
    resolve = _initiative_resolver(workshop)
    keep = np.ones(n, dtype=bool)
    for k in range(n):
        has_score = not (
            np.isnan(numbers["customer"][k])
            and np.isnan(numbers["business"][k])
            and np.isnan(dots[k])
        )
        if not initiatives[k]:
            keep[k] = False
            if has_score:
                problems.append(
                    Problem(
                        "error",
                        sheet,
                        cell_ref(rows[k], columns["initiative"]),
                        "This vote names no initiative; it was left out.",
                    )
                )
            continue
        if resolve is not None:
            ident = resolve(initiatives[k])
            if ident is None:
                keep[k] = False
                problems.append(
                    Problem(
                        "error",
                        sheet,
                        cell_ref(rows[k], columns["initiative"]),
                        f"No initiative has the ID or title {initiatives[k]!r}; this vote was "
                        "left out.",
                    )
                )
                continue
            initiatives[k] = ident
        if not has_score:
            keep[k] = False
            continue
        if not participants[k]:
            participants[k] = f"Row {rows[k]}"
            if "participant" in columns:
                problems.append(
                    Problem(
                        "warning",
                        sheet,
                        cell_ref(rows[k], columns["participant"]),
                        f"This vote has no participant; it counts as {participants[k]!r}.",
                    )
                )

    out = pd.DataFrame(
        {
            "participant": participants,
            "role": roles,
            "initiative": initiatives,
            "customer": numbers["customer"],
            "business": numbers["business"],
            "dots": dots,
            "_sheet": [sheet] * n,
            "_row": rows,
        }
    )
    out = out.loc[keep].reset_index(drop=True)
    dup = out.duplicated(["participant", "initiative"], keep="last")
    for row in out.loc[dup, "_row"]:
        problems.append(
            Problem(
                "warning",
                sheet,
                f"A{row}"
                if "participant" not in columns
                else cell_ref(int(row), columns["participant"]),
                "The same participant voted on the same initiative again further down; the later "
                "vote counts.",
            )
        )
    out = out.loc[~dup].reset_index(drop=True)
    return out, problems


def _find_header(grid: pd.DataFrame) -> tuple[int | None, dict[str, int]]:
    for r in range(min(HEADER_SCAN_ROWS, len(grid))):
        found: dict[str, int] = {}
        for c in range(grid.shape[1]):
            name = vote_field(grid.iat[r, c])
            if name is not None and name not in found:
                found[name] = c
        if "initiative" in found and ({"customer", "business", "dots"} & set(found)):
            return r, found
    return None, {}


def _initiative_resolver(workshop: Workshop | None) -> Any:
    if workshop is None:
        return None
    ids = [str(i) for i in workshop.initiatives["id"]]
    by_id = {i.casefold(): i for i in ids}
    by_title = {
        str(t).strip().casefold(): i
        for i, t in zip(ids, workshop.initiatives["initiative"], strict=True)
        if not is_blank(t)
    }

    def resolve(text: str) -> str | None:
        key = text.strip().casefold()
        return by_id.get(key) or by_title.get(key)

    return resolve


def load_votes(
    path: str | Path,
    *,
    sheet: str | None = None,
    scale: ScaleName | None = None,
    workshop: Workshop | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """The votes in a workbook's `Votes` sheet (or a CSV file of votes), and the problems.

    A workbook without a Votes sheet gives an empty table and no problem. With `workshop`, the
    initiative column may hold IDs or titles and unknown initiatives are reported.
    """
    from sweetspot.core.reading import Source

    p = Path(path)
    source, problems = Source.open(p)
    if source is None:
        return empty_votes(), problems
    try:
        wanted = (sheet or VOTES_SHEET).casefold()
        if source.fmt == "csv":
            refs = source.sheets
        else:
            refs = [r for r in source.sheets if r.name.strip().casefold() == wanted]
        if not refs:
            return empty_votes(), problems
        raw, read_problems = source.read(refs[0])
        problems.extend(read_problems)
        if raw is None:
            return empty_votes(), problems
        votes, vote_problems = votes_from_grid(
            raw.grid, refs[0].name, scale=scale, workshop=workshop
        )
    finally:
        source.close()
    return votes, problems + vote_problems


# -- consensus --------------------------------------------------------------------------------
def role_weight(role: object, role_weights: Mapping[str, float] | None) -> float:
    """The weight of a role (case-insensitive; unknown or blank roles weigh 1)."""
    if not role_weights:
        return 1.0
    key = _text(role).casefold()
    for name, w in role_weights.items():
        if str(name).strip().casefold() == key:
            return max(float(w), 0.0)
    return 1.0


CONSENSUS_COLUMNS = [
    "initiative",
    "votes",
    "weight",
    "customer",
    "business",
    "customer_sd",
    "business_sd",
    "customer_iqr",
    "business_iqr",
    "customer_min",
    "customer_max",
    "business_min",
    "business_max",
    "disagreement",
    "dots",
]


def _weighted(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    ok = ~np.isnan(x) & (w > 0)
    if not ok.any():
        return math.nan, math.nan
    xs, ws = x[ok], w[ok]
    mean = float(np.sum(ws * xs) / np.sum(ws))
    sd = float(np.sqrt(np.sum(ws * (xs - mean) ** 2) / np.sum(ws)))
    return mean, sd


def _iqr(x: np.ndarray, w: np.ndarray) -> tuple[float, float, float]:
    xs = x[~np.isnan(x) & (w > 0)]
    if not xs.size:
        return math.nan, math.nan, math.nan
    q1, q3 = np.percentile(xs, [25, 75])
    return float(q3 - q1), float(xs.min()), float(xs.max())


def consensus(votes: pd.DataFrame, role_weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Per initiative: role-weighted mean and spread of the scores, and the dots.

    Columns: see CONSENSUS_COLUMNS. `votes` counts the participants who voted on it (any score);
    `weight` is the sum of their role weights; `dots` the role-weighted dot total.
    """
    if votes is None or not len(votes):
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in CONSENSUS_COLUMNS}).astype(
            {"initiative": object}
        )
    w_all = np.array([role_weight(r, role_weights) for r in votes["role"]], dtype=float)
    records = []
    ids = votes["initiative"].astype(str).to_numpy()
    for ident in dict.fromkeys(ids):
        sel = ids == ident
        w = w_all[sel]
        c = pd.to_numeric(votes["customer"], errors="coerce").to_numpy(float)[sel]
        b = pd.to_numeric(votes["business"], errors="coerce").to_numpy(float)[sel]
        d = pd.to_numeric(votes["dots"], errors="coerce").to_numpy(float)[sel]
        c_mean, c_sd = _weighted(c, w)
        b_mean, b_sd = _weighted(b, w)
        c_iqr, c_min, c_max = _iqr(c, w)
        b_iqr, b_min, b_max = _iqr(b, w)
        sds = [s for s in (c_sd, b_sd) if not math.isnan(s)]
        disagreement = math.sqrt(sum(s * s for s in sds)) if sds else math.nan
        dots_known = ~np.isnan(d)
        records.append(
            {
                "initiative": ident,
                "votes": int(sel.sum()),
                "weight": float(w.sum()),
                "customer": c_mean,
                "business": b_mean,
                "customer_sd": c_sd,
                "business_sd": b_sd,
                "customer_iqr": c_iqr,
                "business_iqr": b_iqr,
                "customer_min": c_min,
                "customer_max": c_max,
                "business_min": b_min,
                "business_max": b_max,
                "disagreement": disagreement,
                "dots": float(np.sum(d[dots_known] * w[dots_known])) if dots_known.any() else 0.0,
            }
        )
    return pd.DataFrame.from_records(records, columns=CONSENSUS_COLUMNS)


def disagreement_ranking(table: pd.DataFrame) -> pd.DataFrame:
    """The consensus table, largest disagreement first (ties by ID), with a `rank` column.

    Initiatives with a single vote (no spread to speak of) come last."""
    if not len(table):
        out = table.copy()
        out.insert(0, "rank", pd.Series(dtype="int64"))
        return out
    ordered = table.assign(_single=table["votes"] < 2).sort_values(
        ["_single", "disagreement", "initiative"],
        ascending=[True, False, True],
        na_position="last",
        kind="mergesort",
    )
    ordered = ordered.drop(columns=["_single"]).reset_index(drop=True)
    ordered.insert(0, "rank", np.arange(1, len(ordered) + 1))
    return ordered


def set_vote(
    votes: pd.DataFrame,
    participant: str,
    role: str,
    initiative: str,
    customer: float | None = None,
    business: float | None = None,
    dots: float | None = None,
) -> pd.DataFrame:
    """A copy of the votes with one participant's vote on one initiative set (replaced)."""
    base = votes if votes is not None and len(votes.columns) else empty_votes()
    same = (base["participant"].astype(str) == participant) & (
        base["initiative"].astype(str) == initiative
    )
    row = {
        "participant": participant,
        "role": role,
        "initiative": initiative,
        "customer": np.nan if customer is None else float(customer),
        "business": np.nan if business is None else float(business),
        "dots": np.nan if dots is None else float(dots),
    }
    kept = base.loc[~same]
    added = pd.DataFrame([row]).reindex(columns=base.columns)
    out = pd.concat([kept, added], ignore_index=True) if len(kept) else added
    for f in VOTE_NUMERIC:
        out[f] = pd.to_numeric(out[f], errors="coerce").astype("float64")
    return out.reset_index(drop=True)


# -- export -----------------------------------------------------------------------------------
def votes_sheet(
    votes: pd.DataFrame,
    workshop: Workshop | None = None,
    role_weights: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """The exported `Votes` sheet: one row per initiative, most disagreement first.

    Columns: Disagreement rank, ID, Initiative, Votes, Consensus customer, Consensus business,
    Customer spread (SD), Business spread (SD), Customer IQR, Business IQR, Disagreement, Dots,
    then one column per participant ("Ana (Customer)") holding "C 75 · B 50" (and "· 3 dots").
    """
    ranked = disagreement_ranking(consensus(votes, role_weights))
    titles: dict[str, str] = {}
    if workshop is not None:
        titles = dict(
            zip(
                workshop.initiatives["id"].astype(str),
                workshop.initiatives["initiative"].astype(str),
                strict=True,
            )
        )
    out = pd.DataFrame(
        {
            "Disagreement rank": ranked["rank"],
            "ID": ranked["initiative"],
            "Initiative": [titles.get(str(i), "") for i in ranked["initiative"]],
            "Votes": ranked["votes"],
            "Consensus customer": ranked["customer"],
            "Consensus business": ranked["business"],
            "Customer spread (SD)": ranked["customer_sd"],
            "Business spread (SD)": ranked["business_sd"],
            "Customer IQR": ranked["customer_iqr"],
            "Business IQR": ranked["business_iqr"],
            "Disagreement": ranked["disagreement"],
            "Dots": ranked["dots"],
        }
    )
    # Full precision in the cells, one decimal on show (as the Backlog's impacts).
    out.attrs["number_formats"] = {
        c: "0.0" for c in out.columns if c.startswith(("Consensus", "Customer ", "Business "))
    } | {"Disagreement": "0.0", "Dots": "General"}
    if votes is None or not len(votes):
        return out
    people = votes[["participant", "role"]].astype(str).drop_duplicates("participant")
    for person, role in zip(people["participant"], people["role"], strict=True):
        label = f"{person} ({role})" if role and role != "nan" else person
        mine = votes.loc[votes["participant"].astype(str) == person]
        cells = {str(r.initiative): _vote_text(r) for r in mine.itertuples()}
        out[label] = [cells.get(str(i), "") for i in out["ID"]]
    return out


def _vote_text(row: Any) -> str:
    parts = []
    if not pd.isna(row.customer):
        parts.append(f"C {row.customer:.0f}")
    if not pd.isna(row.business):
        parts.append(f"B {row.business:.0f}")
    if not pd.isna(row.dots) and row.dots:
        parts.append(f"{row.dots:.0f} dot{'s' if row.dots != 1 else ''}")
    return " · ".join(parts)


def votes_extra_sheets(
    votes: pd.DataFrame | None,
    workshop: Workshop | None = None,
    role_weights: Mapping[str, float] | None = None,
) -> dict[str, pd.DataFrame]:
    """`{"Votes": votes_sheet(...)}` for `write_backlog(extra_sheets=...)`, or {} without votes."""
    if votes is None or not len(votes):
        return {}
    return {VOTES_SHEET: votes_sheet(votes, workshop, role_weights)}
