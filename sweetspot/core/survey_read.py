"""Survey responses as survey tools export them: one row per respondent, a column per question.

Read with the same guarded readers as a workshop (`reading.Source`: zip-bomb and stray-cell
checks, CSV sniffing), then:

- **Header rows.** Row 1 is always a header. Qualtrics exports add a question-text row and an
  ``{"ImportId": …}`` row; SurveyMonkey adds a row of answer options under merged question
  cells. A second or third row is a header when it holds ImportId cells, or when row 1 is
  question codes (Q1, Q1_3, QID4 …) and the row below is text, or when it holds SurveyMonkey's
  "Response" / "Open-Ended Response" markers. The column's name is the most telling header
  text (question text over codes), with a matrix question's sub-item ("… - Branch wait").
- **Column roles.** Each column is guessed to be the respondent ID, a satisfaction rating of an
  attribute, a stated-importance rating, the overall outcome (recommend / NPS, overall
  satisfaction, effort), the segment, the journey stage, a free-text comment, or nothing
  (survey metadata such as StartDate or IPAddress). A guess the reader is not sure of is marked
  so the app asks; the user's choice (a header → role map) overrides every guess.
- **Ratings.** Numbers, or labels in English, German or French ("Very satisfied", "Sehr
  zufrieden", "Très satisfait", "Extremely important", "9 - Very likely"); "Don't know",
  "N/A", "Weiß nicht" are not answered. The scale comes from the labels or from the numbers
  seen (1–5, 1–7, 0–10, 1–10, 0–100). A cell that is neither is a problem at its cell and
  counts as not answered.
- **Attributes sheet** (optional): rating column → insight ID and need text, so a survey
  updates the workshop's own insights and keeps their links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from sweetspot.core.columns import cell_ref, column_letter, normalise_header
from sweetspot.core.model import Problem
from sweetspot.core.reading import RawSheet, Source, expand_inputs
from sweetspot.core.reading_base import Check, no_check
from sweetspot.core.values import parse_number, to_text

Role = Literal[
    "respondent", "rating", "importance", "outcome", "segment", "stage", "comment", "ignore"
]
ROLES: tuple[Role, ...] = (
    "respondent",
    "rating",
    "importance",
    "outcome",
    "segment",
    "stage",
    "comment",
    "ignore",
)
ROLE_LABELS: dict[Role, str] = {
    "respondent": "Respondent ID",
    "rating": "Satisfaction with an attribute",
    "importance": "Stated importance of an attribute",
    "outcome": "Overall outcome (recommend, overall satisfaction, effort)",
    "segment": "Segment",
    "stage": "Journey stage",
    "comment": "Comment (free text)",
    "ignore": "Not used",
}
OutcomeKind = Literal["nps", "satisfaction", "effort"]

ATTRIBUTE_SHEETS = ("attributes", "attribute map", "questions", "question map", "mapping")

# Survey-tool metadata that is never a rating (Qualtrics, SurveyMonkey, Forms, LimeSurvey).
_METADATA = frozenset(
    normalise_header(h)
    for h in (
        "StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
        "Finished", "RecordedDate", "DistributionChannel", "UserLanguage", "LocationLatitude",
        "LocationLongitude", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
        "ExternalReference", "Start Date", "End Date", "IP Address", "Recorded Date",
        "Response Type", "Distribution Channel", "User Language", "Start time",
        "Completion time", "Email", "Email Address", "Name", "First Name", "Last Name",
        "Timestamp", "Date submitted", "Last page", "Start language", "Seed", "Date started",
        "Date last action", "CollectorID", "Collector ID", "Custom Data 1", "Language",
        "Submitted", "Created", "Modified", "Time taken",
    )
)  # fmt: skip
_RESPONDENT = re.compile(
    r"^(response ?id|respondent( ?id)?|respondentid|participant( ?id)?|id|record ?id|"
    r"response ?number|teilnehmer(-?id)?|befragte[rn]?|répondant)$"
)
_OUTCOME_NPS = re.compile(r"recommend|empfehl|recommand|\bnps\b|net promoter|ltr\b")
_OUTCOME_SAT = re.compile(
    r"overall (satisfaction|experience|rating)|overall,? how satisfied|gesamtzufriedenheit|"
    r"insgesamt|satisfaction globale|dans l.ensemble|^osat$|^csat overall$"
)
_OUTCOME_EFFORT = re.compile(r"\beffort\b|\bces\b|easy was it|aufwand|einfach war es")
_SEGMENT = re.compile(r"segment|customer type|kundentyp|kundengruppe|persona|type de client")
_STAGE = re.compile(r"journey|stage|touchpoint|phase|étape|kontaktpunkt")
_COMMENT = re.compile(
    r"comment|why|reason|anything else|verbatim|feedback|explain|tell us|suggest|kommentar|warum|"
    r"anmerkung|pourquoi|remarque|other \(please|open.ended"
)
_IMPORTANCE = re.compile(r"important|importance|wichtig|bedeutung|priorit")
_QUESTION_CODE = re.compile(r"^(q|qid|question|frage)?\s*\d+([_.\-]\d+)*[a-z]?$", re.I)
_IMPORT_ID = re.compile(r'^\s*\{\s*"importid"', re.I)
_LEADING_NUMBER = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*(?:[-–=:.)]\s*\S.*|\s+\S.*)?$")

# Labels → (value, points of the scale). Lower-cased, apostrophes straightened.
_SATISFACTION_5 = {
    "very dissatisfied": 1,
    "dissatisfied": 2,
    "somewhat dissatisfied": 2,
    "neither satisfied nor dissatisfied": 3,
    "neither satisfied or dissatisfied": 3,
    "neutral": 3,
    "somewhat satisfied": 4,
    "satisfied": 4,
    "very satisfied": 5,
    "sehr unzufrieden": 1,
    "unzufrieden": 2,
    "eher unzufrieden": 2,
    "weder zufrieden noch unzufrieden": 3,
    "weder noch": 3,
    "teils/teils": 3,
    "teils teils": 3,
    "eher zufrieden": 4,
    "zufrieden": 4,
    "sehr zufrieden": 5,
    "très insatisfait": 1,
    "insatisfait": 2,
    "plutôt insatisfait": 2,
    "ni satisfait ni insatisfait": 3,
    "plutôt satisfait": 4,
    "satisfait": 4,
    "très satisfait": 5,
}
_SATISFACTION_7 = {
    "extremely dissatisfied": 1,
    "moderately dissatisfied": 2,
    "slightly dissatisfied": 3,
    "neither satisfied nor dissatisfied": 4,
    "neither satisfied or dissatisfied": 4,
    "slightly satisfied": 5,
    "moderately satisfied": 6,
    "extremely satisfied": 7,
}
_IMPORTANCE_5 = {
    "not at all important": 1,
    "not important": 1,
    "slightly important": 2,
    "low importance": 2,
    "moderately important": 3,
    "neutral": 3,
    "important": 4,
    "very important": 4,
    "extremely important": 5,
    "überhaupt nicht wichtig": 1,
    "gar nicht wichtig": 1,
    "nicht wichtig": 1,
    "weniger wichtig": 2,
    "eher unwichtig": 2,
    "teils/teils": 3,
    "eher wichtig": 3,
    "wichtig": 4,
    "sehr wichtig": 5,
    "pas du tout important": 1,
    "peu important": 2,
    "assez important": 3,
    "très important": 5,
}
_AGREE_5 = {
    "strongly disagree": 1,
    "disagree": 2,
    "neither agree nor disagree": 3,
    "agree": 4,
    "strongly agree": 5,
    "stimme überhaupt nicht zu": 1,
    "stimme nicht zu": 2,
    "stimme eher nicht zu": 2,
    "stimme eher zu": 4,
    "stimme zu": 4,
    "stimme voll und ganz zu": 5,
}
LABEL_SCALES: tuple[tuple[str, dict[str, int], int], ...] = (
    ("satisfaction", _SATISFACTION_5, 5),
    ("satisfaction", _SATISFACTION_7, 7),
    ("importance", _IMPORTANCE_5, 5),
    ("agreement", _AGREE_5, 5),
)
NOT_ANSWERED = frozenset(
    {
        "don't know",
        "dont know",
        "do not know",
        "n/a",
        "na",
        "not applicable",
        "prefer not to say",
        "no answer",
        "weiß nicht",
        "weiss nicht",
        "keine angabe",
        "k.a.",
        "trifft nicht zu",
        "ne sais pas",
        "je ne sais pas",
        "sans objet",
        "-",
        "–",
        ".",
        "-99",
        "99 - don't know",
    }
)
# Numeric scales, smallest first: the first that holds every value seen is the scale.
NUMERIC_SCALES: tuple[tuple[float, float], ...] = (
    (1, 5),
    (1, 7),
    (0, 10),
    (1, 10),
    (0, 100),
)


@dataclass
class SurveyColumn:
    """One column of the responses table, with what it is guessed (or chosen) to be."""

    position: int  # 0-based column in the sheet
    name: str  # the column's display name (question text, with a matrix sub-item)
    code: str  # the question code or first header row ("Q1_3"), may equal name
    role: Role = "ignore"
    sure: bool = True  # False: the app should ask
    why: str = ""

    @property
    def letter(self) -> str:
        return column_letter(self.position)


@dataclass
class ResponseTable:
    """The responses sheet: its header rows found, its cells below them as text or numbers."""

    file: Path
    sheet: str
    header_rows: int
    columns: list[SurveyColumn]
    cells: pd.DataFrame  # data rows only, positional columns
    first_row: int  # spreadsheet row (1-based) of the first respondent

    @property
    def respondents(self) -> int:
        return len(self.cells)

    def roles(self) -> dict[str, Role]:
        return {c.name: c.role for c in self.columns}

    def column(self, name: str) -> SurveyColumn | None:
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class AttributeInfo:
    """One row of an Attributes sheet: which insight a rating column measures."""

    column: str
    insight_id: str
    need: str
    stage: str = ""
    segment: str = ""


@dataclass
class SurveyRead:
    """What `read_survey` found: the responses table, the attribute map, the problems."""

    table: ResponseTable | None
    attributes: dict[str, AttributeInfo] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# -- reading ---------------------------------------------------------------------------------


def read_survey(
    inputs: Sequence[str | Path],
    roles: Mapping[str, str] | None = None,
    check: Check = no_check,
) -> SurveyRead:
    """Read survey responses (and an optional Attributes sheet) from files or folders."""
    paths, problems = expand_inputs(inputs)
    raws: list[RawSheet] = []
    for path in paths:
        source, found = Source.open(path, check=check)
        problems.extend(found)
        if source is None:
            continue
        try:
            for ref in source.sheets:
                if ref.hidden:
                    continue
                raw, found = source.read(ref, check=check)
                problems.extend(found)
                if raw is not None and not raw.grid.empty:
                    raws.append(raw)
        finally:
            source.close()
    attributes: dict[str, AttributeInfo] = {}
    candidates: list[RawSheet] = []
    for raw in raws:
        if _is_attribute_sheet(raw):
            attributes.update(_read_attributes(raw, problems))
        else:
            candidates.append(raw)
    if not candidates:
        if paths:
            problems.append(
                Problem("error", "", "", "No responses table was found (one row per respondent).")
            )
        return SurveyRead(None, attributes, problems)
    # The responses are the largest sheet; other sheets are noted, not guessed at.
    main = max(candidates, key=lambda r: r.grid.shape[0] * max(1, r.grid.shape[1]))
    for raw in candidates:
        if raw is not main:
            problems.append(
                Problem(
                    "info",
                    raw.ref.name,
                    "",
                    f"Sheet '{raw.ref.name}' was not used: the responses were read from "
                    f"'{main.ref.name}', the largest table.",
                )
            )
    table = response_table(main, roles or {}, attributes)
    if table.respondents == 0:
        problems.append(
            Problem("error", table.sheet, "", "The responses table has headers but no rows.")
        )
    return SurveyRead(table, attributes, problems)


def _texts(grid: pd.DataFrame, row: int) -> list[str]:
    return [str(x).strip() for x in to_text(grid.iloc[row]).tolist()]


def _is_attribute_sheet(raw: RawSheet) -> bool:
    name = raw.ref.name.strip().casefold()
    if name in ATTRIBUTE_SHEETS:
        return True
    if raw.grid.shape[0] > 500:
        return False
    heads = {normalise_header(h) for h in _texts(raw.grid, 0)}
    return {"column", "id"} <= heads or {"question", "id", "need"} <= heads


def _read_attributes(raw: RawSheet, problems: list[Problem]) -> dict[str, AttributeInfo]:
    heads = [normalise_header(h) for h in _texts(raw.grid, 0)]

    def where(*names: str) -> int | None:
        for n in names:
            if n in heads:
                return heads.index(n)
        return None

    col = where("column", "question", "rating column", "attribute", "question text")
    ident = where("id", "insight id", "need id")
    need = where("need", "insight", "need text", "attribute name", "name")
    stage = where("journey stage", "stage")
    segment = where("segment")
    sheet = raw.ref.name
    if col is None or ident is None:
        problems.append(
            Problem(
                "warning",
                sheet,
                "A1",
                f"Sheet '{sheet}' looks like an attribute map but has no Column and ID "
                "headers; it was not used.",
            )
        )
        return {}
    out: dict[str, AttributeInfo] = {}
    for r in range(1, raw.grid.shape[0]):
        row = _texts(raw.grid, r)
        column, insight = row[col], row[ident]
        if not column:
            continue
        if not insight:
            problems.append(
                Problem(
                    "warning",
                    sheet,
                    cell_ref(r, ident),
                    f"Attribute '{column}' has no insight ID; it gets one of its own.",
                )
            )
            continue
        out[column] = AttributeInfo(
            column,
            insight,
            row[need] if need is not None else "",
            row[stage] if stage is not None else "",
            row[segment] if segment is not None else "",
        )
    return out


def _header_rows(grid: pd.DataFrame) -> int:
    """How many header rows the export has (1 to 3; see the module docstring)."""
    n = 1
    if grid.shape[0] < 2:
        return n
    first = [t for t in _texts(grid, 0) if t]
    codes = sum(1 for t in first if _QUESTION_CODE.match(t))
    for r in (1, 2):
        if r >= grid.shape[0] - 1 or n != r:
            break
        row = [t for t in _texts(grid, r) if t]
        if not row:
            break
        if any(_IMPORT_ID.match(t) for t in row):
            n = r + 1
            continue
        marker = sum(1 for t in row if t.casefold() in ("response", "open-ended response"))
        long_text = sum(1 for t in row if len(t) > 12 and parse_number(t) is None)
        if marker >= 1 or (r == 1 and codes >= max(2, len(first) // 3) and long_text >= 2):
            n = r + 1
    return n


def _column_names(grid: pd.DataFrame, header_rows: int) -> list[tuple[str, str]]:
    """(name, code) per column from the header rows."""
    rows = [_texts(grid, r) for r in range(header_rows)]
    markers = ("response", "open-ended response")
    # SurveyMonkey: a question over merged cells in row 1, its options (or "Response") below.
    monkey = header_rows == 2 and any(t.casefold() in markers for t in rows[1])
    out: list[tuple[str, str]] = []
    question = ""
    for j in range(grid.shape[1]):
        cells = [rows[r][j] for r in range(header_rows)]
        code = cells[0]
        if monkey:
            question = code or question
            option = cells[1] if cells[1].casefold() not in markers else ""
            name = f"{question} - {option}" if option and question else (option or question)
            out.append((name or f"Column {column_letter(j)}", code or name))
            continue
        texts = [c for c in cells if c and not _IMPORT_ID.match(c)]
        name = texts[1] if len(texts) >= 2 and _QUESTION_CODE.match(texts[0]) else ""
        if not name and len(texts) >= 2 and header_rows >= 2:
            name = texts[1]  # Qualtrics with renamed question IDs: the text row names it
        name = name or (texts[0] if texts else "") or f"Column {column_letter(j)}"
        name = re.sub(r"\s+-\s+selected choice$", "", name, flags=re.I)
        out.append((name, code or name))
    # Unique names: a repeated question text gets its code.
    seen: dict[str, int] = {}
    for name, _code in out:
        seen[name] = seen.get(name, 0) + 1
    return [(f"{n} ({c})" if seen[n] > 1 and c != n else n, c) for n, c in out]


def attribute_name(column_name: str) -> str:
    """A matrix question's sub-item ("How satisfied … - Branch wait" → "Branch wait")."""
    for sep in (" - ", " – ", ": "):
        if sep in column_name:
            tail = column_name.rsplit(sep, 1)[1].strip()
            if tail:
                return tail
    return column_name.strip()


def response_table(
    raw: RawSheet, roles: Mapping[str, str], attributes: Mapping[str, AttributeInfo]
) -> ResponseTable:
    """The responses sheet with its columns' roles guessed (or taken from `roles`)."""
    grid = raw.grid
    # Drop columns with no header and no data.
    header_rows = _header_rows(grid)
    names = _column_names(grid, header_rows)
    cells = grid.iloc[header_rows:].reset_index(drop=True)
    # Trailing empty rows (a sheet formatted further down) are not respondents.
    filled = ~cells.map(lambda v: v is None or (isinstance(v, str) and not v.strip())).all(axis=1)
    if len(filled) and not filled.all():
        last = int(np.flatnonzero(filled.to_numpy())[-1]) + 1 if filled.any() else 0
        cells = cells.iloc[:last]
    columns = [
        guess_column(j, name, code, cells.iloc[:, j], attributes)
        for j, (name, code) in enumerate(names)
    ]
    for c in columns:
        chosen = roles.get(c.name)
        if chosen in ROLES:
            c.role, c.sure, c.why = chosen, True, "chosen"
    one_outcome(columns)
    return ResponseTable(raw.ref.file, raw.ref.name, header_rows, columns, cells, header_rows + 1)


def one_outcome(columns: list[SurveyColumn]) -> None:
    """Only one outcome: a chosen one wins, else the first sure NPS-like guess."""
    outcomes = [c for c in columns if c.role == "outcome"]
    if len(outcomes) <= 1:
        return
    keep = next((c for c in outcomes if c.why == "chosen"), outcomes[0])
    for c in outcomes:
        if c is not keep and c.why != "chosen":
            c.role, c.sure = "rating", False
            c.why = f"a second outcome-like question; '{keep.name}' is the outcome"


def guess_column(
    position: int,
    name: str,
    code: str,
    values: pd.Series,
    attributes: Mapping[str, AttributeInfo],
) -> SurveyColumn:
    """Guess what one column is from its header and its values."""
    col = SurveyColumn(position, name, code)
    # Both header texts speak: a renamed question ID ("Segment") over its question text.
    head = f"{name} {code if code != name else ''}".casefold()
    norm = normalise_header(name)
    texts = [t for t in to_text(values.iloc[:400]).tolist() if t and t.strip()]
    answered = len(texts)
    ratings = parse_ratings(values.iloc[:400])
    read = int(np.isfinite(ratings.values).sum())
    rating_share = read / answered if answered else 0.0
    distinct = len(set(texts))
    mean_len = float(np.mean([len(t) for t in texts])) if texts else 0.0

    def set_role(role: Role, why: str, sure: bool = True) -> SurveyColumn:
        col.role, col.why, col.sure = role, why, sure
        return col

    if name in attributes or code in attributes:
        return set_role("rating", "listed on the Attributes sheet")
    if norm in _METADATA or normalise_header(code) in _METADATA:
        return set_role("ignore", "survey metadata")
    if _RESPONDENT.match(norm) or _RESPONDENT.match(normalise_header(code)):
        return set_role("respondent", "respondent ID header")
    if answered == 0:
        return set_role("ignore", "no answers")
    numeric_like = rating_share >= 0.9
    if numeric_like and _OUTCOME_NPS.search(head):
        return set_role("outcome", "likelihood to recommend (NPS question)")
    if numeric_like and _OUTCOME_SAT.search(head):
        return set_role("outcome", "overall satisfaction question")
    if numeric_like and _OUTCOME_EFFORT.search(head):
        return set_role("outcome", "customer effort question")
    if not numeric_like and _SEGMENT.search(head) and distinct <= 30:
        return set_role("segment", "segment header")
    if not numeric_like and _STAGE.search(head) and distinct <= 30:
        return set_role("stage", "journey stage header")
    if numeric_like and ratings.kind == "importance":
        return set_role("importance", "importance labels")
    if numeric_like and _IMPORTANCE.search(head):
        return set_role("importance", "importance question")
    if numeric_like and ratings.scale is not None:
        if ratings.scale[1] == 100 and not re.search(r"satisf|zufrieden|rate|score", head):
            return set_role("ignore", "numbers on 0–100, not a rating question", sure=False)
        sure = bool(re.search(r"satisf|zufrieden|rate|rating|score|how (good|well)", head)) or (
            ratings.kind == "satisfaction"
        )
        return set_role("rating", "ratings", sure=sure)
    if _COMMENT.search(head) or (mean_len >= 20 and distinct >= min(10, answered)):
        return set_role("comment", "free text")
    if distinct <= 30:
        return set_role("ignore", "a short list of answers (not a rating)", sure=False)
    return set_role("ignore", "not recognised", sure=False)


# -- ratings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratings:
    """One rating column as numbers on its scale; `bad` are cells neither number nor label."""

    values: np.ndarray  # float, NaN = not answered
    scale: tuple[float, float] | None
    kind: str  # "satisfaction", "importance", "agreement", "numbers" or ""
    bad: tuple[int, ...]  # row positions (within the column) that could not be read
    answered: int


def _label_key(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().casefold().replace("’", "'"))


def parse_ratings(values: pd.Series, scale: tuple[float, float] | None = None) -> Ratings:
    """Numbers from a rating column: numbers, leading numbers ("9 - Likely") or labels."""
    raw = values.to_numpy(dtype=object)
    n = len(raw)
    # Numbers in bulk; only the cells that are not plain numbers go through the loop below.
    numeric = np.array(
        pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    )
    is_bool = np.fromiter((isinstance(v, bool) for v in raw), bool, n) if n else np.zeros(0, bool)
    numeric[is_bool] = np.nan
    plain = np.isfinite(numeric) & np.fromiter((not isinstance(v, str) for v in raw), bool, n)
    out = np.where(plain, numeric, np.nan)
    keys: list[str | None] = [None] * n
    labels: dict[str, int] = {}
    answered = int(plain.sum())
    for i in np.flatnonzero(~plain).tolist():
        v = raw[i]
        if v is None or (isinstance(v, float) and np.isnan(v)):
            continue
        if isinstance(v, bool):
            continue
        if isinstance(v, (int, float, np.integer, np.floating)):
            out[i] = float(v)
            answered += 1
            continue
        text = str(v).strip()
        if not text:
            continue
        key = _label_key(text)
        if key in NOT_ANSWERED:
            continue
        answered += 1
        m = _LEADING_NUMBER.match(text)
        if m:
            out[i] = float(m.group(1).replace(",", "."))
            continue
        keys[i] = key
        labels[key] = labels.get(key, 0) + 1
    kind = "numbers" if answered and not labels else ""
    label_points = 0
    if labels:
        # The label scale that reads the most labels (ties: the first listed).
        best: tuple[int, str, dict[str, int], int] | None = None
        for name, table, points in LABEL_SCALES:
            hits = sum(c for k, c in labels.items() if k in table)
            if hits and (best is None or hits > best[0]):
                best = (hits, name, table, points)
        if best is not None:
            _hits, kind, table, label_points = best
            for i, k in enumerate(keys):
                if k is not None and k in table:
                    out[i] = float(table[k])
                    keys[i] = None
    bad = tuple(i for i, k in enumerate(keys) if k is not None)
    if scale is None:
        if label_points:
            scale = (1.0, float(label_points))
        else:
            seen = out[~np.isnan(out)]
            if len(seen):
                lo, hi = float(seen.min()), float(seen.max())
                scale = next(((a, b) for a, b in NUMERIC_SCALES if lo >= a and hi <= b), None)
                if scale is not None and scale == (1, 10) and lo >= 1 and hi <= 7:
                    scale = (1, 7)
                if scale is not None:
                    scale = (float(scale[0]), float(scale[1]))
    if scale is not None:
        outside = (out < scale[0]) | (out > scale[1])
        if outside.any():
            bad = tuple(sorted({*bad, *np.flatnonzero(outside).tolist()}))
            out[outside] = np.nan
    return Ratings(out, scale, kind, bad, answered)


def rating_problems(table: ResponseTable, column: SurveyColumn, ratings: Ratings) -> list[Problem]:
    """Cells of a rating column that could not be read, as problems (the first five named)."""
    if not ratings.bad:
        return []
    first = ratings.bad[:5]
    cells = ", ".join(cell_ref(table.first_row - 1 + i, column.position) for i in first)
    shown = [str(table.cells.iat[i, column.position])[:30] for i in first[:3]]
    scale = f"{ratings.scale[0]:g}–{ratings.scale[1]:g}" if ratings.scale else "no scale"
    more = f" and {len(ratings.bad) - len(first)} more" if len(ratings.bad) > len(first) else ""
    return [
        Problem(
            "warning",
            table.sheet,
            cell_ref(table.first_row - 1 + first[0], column.position),
            f"'{column.name}': {len(ratings.bad)} answer(s) are neither a number on its "
            f"scale ({scale}) nor a known label ({cells}{more}, e.g. "
            f"{', '.join(repr(s) for s in shown)}); they count as not answered.",
        )
    ]


def outcome_kind(name: str) -> OutcomeKind:
    head = name.casefold()
    if _OUTCOME_NPS.search(head):
        return "nps"
    if _OUTCOME_EFFORT.search(head):
        return "effort"
    return "satisfaction"


def import_id(text: str) -> str:
    """The ImportId of a Qualtrics third header row, or ''."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError):
        return ""
    return str(data.get("ImportId", "")) if isinstance(data, dict) else ""
