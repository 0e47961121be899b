"""Which table a sheet holds and which column is which field, from the headers consultants write.

Headers are compared case-, space- and punctuation-insensitively, with units in parentheses
ignored ("Effort (person-days)" is Effort) and a plural `s` dropped ("Needs" is Need). Each field
has synonyms in consultants' words. A header that *contains* a synonym among other words
("Customer need / pain point") matches that field when no other field matches as well; exact
names win over such partial ones, and each column maps to one field. Matching is per table kind:
on a links sheet "Insight ID" is the link target, on an insights sheet it is the ID.

The synonym lists here are the single source of truth: docs/input-format.md is checked against
them by tests/core/test_columns.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from sweetspot.core.evidence import SURVEY_COLUMNS
from sweetspot.core.model import INITIATIVE_FIELDS, INSIGHT_FIELDS, LINK_FIELDS, OBJECTIVE_FIELDS

TABLE_KINDS = ("insights", "objectives", "initiatives", "links")
TABLE_LABELS = {kind: kind.capitalize() for kind in TABLE_KINDS}
TABLE_FIELDS = {
    "insights": INSIGHT_FIELDS,
    "objectives": OBJECTIVE_FIELDS,
    "initiatives": INITIATIVE_FIELDS,
    "links": LINK_FIELDS,
}
# One record of each table, in consultants' words, for messages ("every insight needs a Need").
TABLE_ITEM = {
    "insights": "insight",
    "objectives": "objective",
    "initiatives": "initiative",
    "links": "link",
}

# Generic ID headers are short words that also occur inside other headers ("No. of mentions"),
# so they count only as a whole header.
_GENERIC_ID = ("Ref", "Reference", "No.", "Nr", "Number", "#", "Key", "Code", "Identifier")


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field of a table and the headers that name it."""

    field: str
    label: str
    required: bool
    # Synonyms matched as the whole header or inside a longer one.
    names: tuple[str, ...]
    # Synonyms matched only as the whole header (short or generic words).
    exact_only: tuple[str, ...] = ()
    # A sentence for the docs and the mapping dialog.
    note: str = ""

    @property
    def all_names(self) -> tuple[str, ...]:
        return self.names + self.exact_only


def _spec(
    name: str,
    label: str,
    required: bool,
    names: Sequence[str],
    exact_only: Sequence[str] = (),
    note: str = "",
) -> FieldSpec:
    return FieldSpec(name, label, required, tuple(names), tuple(exact_only), note)


TABLE_SPECS: dict[str, tuple[FieldSpec, ...]] = {
    "insights": (
        _spec(
            "id",
            "ID",
            True,
            ["ID", "Insight ID", "Need ID", "Insight ref", "Need ref", "Insight no."],
            _GENERIC_ID,
            "A unique code such as I01; links refer to it.",
        ),
        _spec(
            "need",
            "Need",
            True,
            [
                "Need",
                "Customer need",
                "Pain point",
                "Insight",
                "Statement",
                "Need statement",
                "Customer insight",
                "Problem statement",
                "Job to be done",
            ],
            ["Problem", "Pain"],
            "The customer need in the customer's words.",
        ),
        _spec(
            "importance",
            "Importance",
            True,
            ["Importance", "Importance score", "Importance rating", "How important"],
            ["Imp", "Imp."],
            "How much the need matters, on the workshop's scale (1–5 unless detected otherwise).",
        ),
        _spec(
            "satisfaction",
            "Satisfaction",
            False,
            [
                "Satisfaction",
                "Current satisfaction",
                "CSAT",
                "Satisfaction score",
                "Satisfaction rating",
                "How satisfied",
            ],
            ["Sat", "Sat.", "Performance"],
            "How well the need is met today, on the same scale as importance.",
        ),
        _spec(
            "reach",
            "Reach",
            False,
            [
                "Reach",
                "Mentions",
                "# mentions",
                "Number of mentions",
                "Frequency",
                "Customers affected",
                "Share of customers",
                "Volume",
            ],
            ["Count", "N", "Freq", "Freq."],
            "How many customers feel the need (mentions, customers, share).",
        ),
        _spec(
            "segment",
            "Segment",
            False,
            ["Segment", "Customer segment", "Persona", "Customer type"],
        ),
        _spec(
            "journey_stage",
            "Journey stage",
            False,
            ["Journey stage", "Journey phase", "Touchpoint", "Stage", "Journey step"],
            ["Phase", "Step"],
        ),
        _spec("sentiment", "Sentiment", False, ["Sentiment", "Tone"]),
        _spec("emotion", "Emotion", False, ["Emotion", "Feeling"]),
        _spec(
            "evidence",
            "Evidence",
            False,
            ["Evidence", "Quote", "Verbatim", "Research source", "Data source"],
            ["Source"],
        ),
        _spec("tags", "Tags", False, ["Tags", "Labels", "Keywords"]),
    ),
    "objectives": (
        _spec(
            "id",
            "ID",
            True,
            ["ID", "Objective ID", "Goal ID", "Objective ref", "Goal ref", "Objective no."],
            _GENERIC_ID,
            "A unique code such as O01; links refer to it.",
        ),
        _spec(
            "objective",
            "Objective",
            True,
            [
                "Objective",
                "Goal",
                "Business objective",
                "Business goal",
                "Strategic objective",
                "Strategic goal",
            ],
            ["Aim", "OKR"],
            "The business objective.",
        ),
        _spec(
            "weight",
            "Weight",
            True,
            ["Weight", "Priority weight", "Importance", "Weighting", "Business weight"],
            ["Priority", "Points"],
            "Relative importance to the business, any number of 0 or more.",
        ),
        _spec(
            "kpi",
            "KPI",
            False,
            ["KPI", "Key metric", "Metric", "Measure", "Success measure", "Key result"],
        ),
        _spec("owner", "Owner", False, ["Owner", "Sponsor", "Accountable"], ["Lead"]),
    ),
    "initiatives": (
        _spec(
            "id",
            "ID",
            True,
            [
                "ID",
                "Initiative ID",
                "Idea ID",
                "Solution ID",
                "Action ID",
                "Project ID",
                "Initiative ref",
                "Initiative no.",
            ],
            _GENERIC_ID,
            "A unique code such as A01; links refer to it.",
        ),
        _spec(
            "initiative",
            "Initiative",
            True,
            [
                "Initiative",
                "Idea",
                "Solution",
                "Action",
                "Initiative name",
                "Project",
                "Recommendation",
                "Intervention",
            ],
            ["Name", "Title"],
            "What the organisation could do.",
        ),
        _spec(
            "effort",
            "Effort",
            False,
            ["Effort", "Cost", "Size", "Effort estimate", "Investment", "T-shirt size"],
            ["Person-days", "Days", "Story points"],
            "A positive number (days, points, cost); sizes such as M or XL are not numbers.",
        ),
        _spec(
            "confidence",
            "Confidence",
            False,
            ["Confidence", "Certainty", "Likelihood", "Probability", "Confidence level"],
            [],
            "0–1 or a percentage (80%, or 0–100); blank counts as 100%.",
        ),
        _spec("owner", "Owner", False, ["Owner", "Sponsor", "Accountable"], ["Lead"]),
        _spec(
            "theme",
            "Theme",
            False,
            ["Theme", "Category", "Workstream", "Pillar"],
            ["Area", "Programme", "Program"],
        ),
        _spec("description", "Description", False, ["Description", "Details", "Summary"]),
        _spec("status", "Status", False, ["Status"], ["State"]),
    ),
    "links": (
        _spec(
            "initiative",
            "Initiative",
            True,
            [
                "Initiative",
                "Initiative ID",
                "Idea",
                "Idea ID",
                "Solution",
                "Solution ID",
                "Action",
                "Action ID",
            ],
            ["From"],
            "An initiative ID.",
        ),
        _spec(
            "target",
            "Target",
            True,
            [
                "Target",
                "Target ID",
                "Linked to",
                "Insight ID",
                "Objective ID",
                "Need ID",
                "Goal ID",
                "Insight",
                "Objective",
                "Need",
                "Goal",
                "Addresses",
                "Contributes to",
            ],
            ["To"],
            "An insight ID or an objective ID.",
        ),
        _spec(
            "strength",
            "Strength",
            True,
            [
                "Strength",
                "Relationship",
                "Link strength",
                "Impact",
                "Relationship strength",
                "Contribution",
                "Correlation",
            ],
            ["Score", "Rating", "Link"],
            "0–9, or none/weak/medium/strong (0/1/3/9).",
        ),
    ),
}

# Words in sheet (or CSV file) names that hint at a table, used only to break ties.
SHEET_HINTS: dict[str, tuple[str, ...]] = {
    "insights": ("insight", "need", "voc", "voice", "customer", "pain", "research"),
    "objectives": ("objective", "goal", "business", "okr", "strategy", "strategic"),
    "initiatives": ("initiative", "idea", "solution", "action", "project", "backlog"),
    "links": ("link", "matrix", "relationship", "qfd", "mapping", "map"),
}

# Sentences are not headers: longer cells never match a field partially.
MAX_HEADER_WORDS = 8


_UNITS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_WORD = re.compile(r"[^\w#%]+")


def _stem(token: str) -> str:
    # "Needs" is "Need", "Tags" is "Tag"; short words ("is", "bus") keep their s.
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def header_tokens(header: object) -> tuple[str, ...]:
    """The words of a header, normalised: "Effort (person-days)" → ("effort",)."""
    text = unicodedata.normalize("NFKC", str(header))
    text = _CAMEL.sub(" ", text)
    stripped = _UNITS.sub(" ", text)
    if stripped.strip():
        text = stripped
    text = text.casefold().replace("#", " # ").replace("%", " % ").replace("_", " ")
    return tuple(_stem(t) for t in _NON_WORD.sub(" ", text).split())


def normalise_header(header: object) -> str:
    """A header in the form used for comparison: lower case, single spaces, no units."""
    return " ".join(header_tokens(header))


def _compact(tokens: tuple[str, ...]) -> str:
    return "".join(tokens)


@dataclass(frozen=True)
class _Synonym:
    field: str
    tokens: tuple[str, ...]
    partial: bool


def _synonyms(kind: str) -> list[_Synonym]:
    out: list[_Synonym] = []
    for spec in TABLE_SPECS[kind]:
        out.extend(_Synonym(spec.field, header_tokens(n), True) for n in spec.names)
        out.extend(_Synonym(spec.field, header_tokens(n), False) for n in spec.exact_only)
    return out


_SYNONYMS = {kind: _synonyms(kind) for kind in TABLE_KINDS}
_EXACT = {kind: {_compact(s.tokens): s.field for s in _SYNONYMS[kind]} for kind in TABLE_KINDS}


def spec_of(kind: str, field_name: str) -> FieldSpec:
    for spec in TABLE_SPECS[kind]:
        if spec.field == field_name:
            return spec
    raise KeyError(field_name)


def required_fields(kind: str) -> list[str]:
    return [s.field for s in TABLE_SPECS[kind] if s.required]


def field_label(kind: str, field_name: str) -> str:
    return spec_of(kind, field_name).label


def exact_field(header: object, kind: str) -> str | None:
    """The field a header names exactly (ignoring case, spaces, punctuation, units)."""
    tokens = header_tokens(header)
    if not tokens:
        return None
    return _EXACT[kind].get(_compact(tokens))


def partial_fields(header: object, kind: str) -> dict[str, int]:
    """Fields whose synonyms occur inside the header as whole words: field → longest match."""
    tokens = header_tokens(header)
    found: dict[str, int] = {}
    if not tokens or len(tokens) > MAX_HEADER_WORDS:
        return found
    for syn in _SYNONYMS[kind]:
        n = len(syn.tokens)
        if not syn.partial or n == 0 or n > len(tokens):
            continue
        if any(tokens[i : i + n] == syn.tokens for i in range(len(tokens) - n + 1)):
            found[syn.field] = max(found.get(syn.field, 0), n)
    return found


@dataclass
class HeaderMatch:
    """How the headers of one row map to the fields of one table kind."""

    kind: str
    # Column position → field, for every recognised column.
    fields: dict[int, str] = field(default_factory=dict)
    # Column position → "exact" or "partial".
    how: dict[int, str] = field(default_factory=dict)
    # Columns whose header could be several fields equally well: position → candidates.
    ambiguous: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Columns naming a field another column already holds: position → that column.
    duplicates: dict[int, int] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return len(self.fields)

    @property
    def columns(self) -> dict[str, int]:
        """Field → column position."""
        return {f: c for c, f in self.fields.items()}

    def missing_required(self) -> list[str]:
        have = set(self.fields.values())
        return [f for f in required_fields(self.kind) if f not in have]

    @property
    def score(self) -> float:
        """How well the row fits the kind: exact names count double, required fields more."""
        exact = sum(1 for h in self.how.values() if h == "exact")
        partial = self.matched - exact
        required = len(required_fields(self.kind)) - len(self.missing_required())
        return 2.0 * exact + partial + 1.5 * required


# The survey columns SweetSpot writes beside an insight's fields (sweetspot.core.evidence): kept
# as custom columns without a "looks like Satisfaction" warning when read back.
OWN_INSIGHT_COLUMNS = frozenset(SURVEY_COLUMNS)


def match_headers(
    headers: Sequence[object],
    kind: str,
    forced: dict[int, str] | None = None,
) -> HeaderMatch:
    """Map a row of headers to the fields of `kind`.

    Exact names are taken first, left to right; then headers that contain a synonym, when one
    field matches longer than any other. A field goes to the first column naming it; later
    columns naming it again are reported as duplicates and kept as custom columns. `forced`
    (column position → field, or "" for "custom column") is the consultant's own mapping and
    beats everything.
    """
    result = HeaderMatch(kind)
    taken: dict[str, int] = {}
    forced = forced or {}
    valid = set(TABLE_FIELDS[kind])
    for col, name in forced.items():
        if name and name in valid and name not in taken:
            taken[name] = col
            result.fields[col] = name
            result.how[col] = "exact"
    own = set()
    if kind == "insights":
        # SweetSpot's own survey columns: custom columns by design, never a field's duplicate.
        own = {c for c, h in enumerate(headers) if str(h).strip() in OWN_INSIGHT_COLUMNS}
    for col, header in enumerate(headers):
        if col in forced or col in own:
            continue
        exact = exact_field(header, kind)
        if exact is not None:
            _claim(result, taken, col, exact, "exact")
    for col, header in enumerate(headers):
        if col in forced or col in own or col in result.fields or col in result.duplicates:
            continue
        found = partial_fields(header, kind)
        if "id" in found and _foreign_id(header, kind):
            # "Goal ID" on an insights sheet names another table's records, not this one's.
            del found["id"]
        if not found:
            continue
        best = max(found.values())
        top = tuple(sorted(f for f, n in found.items() if n == best))
        if len(top) > 1:
            result.ambiguous[col] = top
        else:
            _claim(result, taken, col, top[0], "partial")
    return result


def _claim(result: HeaderMatch, taken: dict[str, int], col: int, name: str, how: str) -> None:
    """Column `col` holds the field `name`, unless an earlier column does: then it repeats it."""
    if name in taken:
        result.duplicates[col] = taken[name]
        return
    taken[name] = col
    result.fields[col] = name
    result.how[col] = how


def _foreign_id(header: object, kind: str) -> bool:
    return any(
        exact_field(header, other) == "id" for other in TABLE_KINDS if other not in (kind, "links")
    )


def sheet_hint(name: str) -> str | None:
    """The table a sheet (or CSV file) name suggests, if exactly one."""
    text = " ".join(header_tokens(name))
    # "Customer links" and "Business links" are links sheets, whatever else the name says.
    if any(w in text for w in SHEET_HINTS["links"]):
        return "links"
    hits = [k for k, words in SHEET_HINTS.items() if any(w in text for w in words)]
    return hits[0] if len(hits) == 1 else None


def column_letter(col: int) -> str:
    """0-based column position → spreadsheet letters (0 → A, 26 → AA)."""
    n = col + 1
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Spreadsheet letters → 0-based column position (A → 0)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def cell_ref(row: int, col: int) -> str:
    """A1 reference of a 1-based row and a 0-based column position."""
    return f"{column_letter(col)}{row}"


def columns_markdown() -> str:
    """The recognised columns of every table with all their synonyms, as markdown.

    docs/input-format.md carries this block verbatim; a test fails when they drift apart.
    """
    lines: list[str] = []
    for kind in TABLE_KINDS:
        lines.append(f"**{TABLE_LABELS[kind]}**")
        lines.append("")
        lines.append("| Column | Required | Also recognised as |")
        lines.append("|---|---|---|")
        for spec in TABLE_SPECS[kind]:
            names = [n for n in spec.names if n != spec.label]
            also = ", ".join(f"`{n}`" for n in names)
            if spec.exact_only:
                whole = ", ".join(f"`{n}`" for n in spec.exact_only)
                also = f"{also}; as the whole header only: {whole}" if also else whole
            lines.append(f"| {spec.label} | {'yes' if spec.required else ''} | {also} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
