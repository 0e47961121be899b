"""The `.sweetspot` project file: a workshop with everything the room decided, in one file.

A project is versioned JSON (UTF-8) so a consultant can keep it next to the client's spreadsheet,
mail it, and still open it in a text editor if something goes wrong. It holds the four tables
(canonical, custom and meta columns, blanks as null), the scale, the scoring settings (α, rank by,
crosshair, lens, workshop placements), named lenses, the view state and the source files.

Saving is atomic (temporary file in the same folder, fsync, replace) and keeps the previous
version next to it as `name.sweetspot.bak`, because a project is often the only record of what a
room agreed. Loading never shows a traceback: anything unreadable becomes a `ProjectError` with a
plain sentence. Files from newer versions are refused; files from older versions are migrated.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import shutil
import uuid
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sweetspot.core.atomic import atomic_write, atomic_write_bytes
from sweetspot.core.model import (
    INITIATIVE_FIELDS,
    INSIGHT_FIELDS,
    LINK_FIELDS,
    NUMERIC_FIELDS,
    OBJECTIVE_FIELDS,
    Problem,
    Scale,
    SourceInfo,
    Workshop,
    empty_table,
)
from sweetspot.core.scoring import Override, ScoringSettings
from sweetspot.core.votes import VOTE_FIELDS, empty_votes
from sweetspot.core.waves import WAVE_FIELDS, empty_waves

SCHEMA_VERSION = 1
PROJECT_SUFFIX = ".sweetspot"
BACKUP_SUFFIX = ".bak"
FORMAT_NAME = "sweetspot-project"
# Inside a zipped project (optional on reading; we always write plain JSON).
ZIP_MEMBER = "project.json"

TABLES: dict[str, list[str]] = {
    "insights": INSIGHT_FIELDS,
    "objectives": OBJECTIVE_FIELDS,
    "initiatives": INITIATIVE_FIELDS,
    "links": LINK_FIELDS,
}

# Column types we restore exactly; anything else comes back as text.
_KNOWN_DTYPES = {"float64", "int64", "bool", "object", "str", "string"}


class ProjectError(Exception):
    """A project file cannot be read or written; the message is a plain sentence."""


@dataclass
class Project:
    """Everything saved in a `.sweetspot` file."""

    workshop: Workshop
    settings: ScoringSettings = field(default_factory=ScoringSettings)
    # Named scenario settings ("Branch customers only", ...).
    lenses: dict[str, ScoringSettings] = field(default_factory=dict)
    # Free-form, JSON-serialisable view state (current view, splitter sizes, zoom, ...).
    view_state: dict[str, Any] = field(default_factory=dict)
    # Workshop votes (sweetspot.core.votes: participant, role, initiative, scores 0–100, dots)
    # and the role weights of their consensus ({"Customer": 2, ...}).
    votes: pd.DataFrame = field(default_factory=empty_votes)
    vote_weights: dict[str, float] = field(default_factory=dict)
    # Where the project was read from or last written to (not saved inside the file).
    path: Path | None = None
    # What reading a workbook's Votes sheet found (not saved; bad votes were left out).
    vote_problems: list[Problem] = field(default_factory=list)
    # When and by which version the file was written (informational).
    saved_at: str = ""
    saved_by: str = ""
    # Survey waves (sweetspot.core.waves: id, wave, satisfaction, … one row per insight and
    # wave): the history the Impact review compares.
    waves: pd.DataFrame = field(default_factory=empty_waves)


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when we read or wrote it, to notice someone else changing it."""

    mtime_ns: int
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str | Path) -> FileStamp | None:
        """The stamp of a file now, or None when it does not exist or cannot be read."""
        try:
            st = Path(path).stat()
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
        return cls(st.st_mtime_ns, st.st_size, digest)

    def matches(self, path: str | Path) -> bool:
        """True when the file on disk is still the one we stamped.

        A matching size and mtime is trusted without reading; otherwise the content hash
        decides, so a copy or `touch` that leaves the content alone is not a "change".
        """
        try:
            st = Path(path).stat()
        except OSError:
            return False
        if st.st_size != self.size:
            return False
        if st.st_mtime_ns == self.mtime_ns:
            return True
        try:
            return hashlib.sha256(Path(path).read_bytes()).hexdigest() == self.sha256
        except OSError:
            return False


def backup_path(path: str | Path) -> Path:
    p = Path(path)
    return p.with_name(p.name + BACKUP_SUFFIX)


# -- writing -------------------------------------------------------------------------------------
def _json_value(value: Any) -> Any:
    """A cell as JSON: NaN/None/NaT as null, numpy scalars as Python, dates as ISO text."""
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, str):
        return value
    with contextlib.suppress(TypeError, ValueError):
        if pd.isna(value):
            return None
    if isinstance(value, pd.Timestamp | datetime):
        return value.isoformat()
    return str(value)


def records_json(df: pd.DataFrame) -> str:
    """A table's rows as a JSON array of objects, blanks as null.

    Written by pandas' C encoder: a 100,000-insight programme saves in well under a second
    (a Python loop over the cells took 8 s). 15 significant digits is more than any number a
    consultant types or a slider sets.
    """
    names = [str(c) for c in df.columns]
    if len(set(names)) == len(names):
        frame = df.copy(deep=False)
        frame.columns = pd.Index(names)
        try:
            return frame.to_json(
                orient="records",
                double_precision=15,
                date_format="iso",
                force_ascii=False,
                default_handler=str,
            )
        except (TypeError, ValueError, OverflowError):
            pass  # an odd cell type: the slow path below writes it as text
    values = [df[c].tolist() for c in df.columns]
    records = [
        {c: _json_value(v) for c, v in zip(names, row, strict=True)}
        for row in zip(*values, strict=True)
    ]
    return json.dumps(records, ensure_ascii=False, allow_nan=False)


def _records_lines(df: pd.DataFrame) -> str:
    """Like records_json, one record per line (JSON strings never hold a raw newline)."""
    if not len(df):
        return "[]"
    if not len(df.columns):
        return json.dumps([{}] * len(df))
    names = [str(c) for c in df.columns]
    if len(set(names)) == len(names):
        frame = df.copy(deep=False)
        frame.columns = pd.Index(names)
        try:
            lines = frame.to_json(
                orient="records",
                lines=True,
                double_precision=15,
                date_format="iso",
                force_ascii=False,
                default_handler=str,
            )
        except (TypeError, ValueError, OverflowError):
            pass
        else:
            return "[\n   " + ",\n   ".join(lines.strip().split("\n")) + "\n  ]"
    return records_json(df)


def table_to_dict(df: pd.DataFrame) -> dict[str, Any]:
    """A table as {"columns", "dtypes", "records"}; records are dicts, blanks are null."""
    return {
        "columns": [str(c) for c in df.columns],
        "dtypes": {str(c): str(df[c].dtype) for c in df.columns},
        "records": json.loads(records_json(df)) if len(df.columns) else [{}] * len(df),
    }


def settings_to_dict(settings: ScoringSettings) -> dict[str, Any]:
    return {
        "alpha": float(settings.alpha),
        "rank_by": settings.rank_by,
        "thresholds": None
        if settings.thresholds is None
        else [float(t) for t in settings.thresholds],
        "lens": {
            "segments": None if settings.segments is None else sorted(settings.segments),
            "journey_stages": (
                None if settings.journey_stages is None else sorted(settings.journey_stages)
            ),
        },
        "overrides": {
            ident: {
                "customer_impact": float(ov.customer_impact),
                "business_impact": float(ov.business_impact),
                "reason": ov.reason,
            }
            for ident, ov in settings.overrides.items()
        },
        "top_drivers": int(settings.top_drivers),
        "objective_weights": None
        if settings.objective_weights is None
        else {str(k): float(v) for k, v in settings.objective_weights.items()},
    }


def project_to_dict(
    project: Project, *, version: str = "", with_records: bool = True
) -> dict[str, Any]:
    """The JSON document of a project (schema_version 1)."""
    w = project.workshop
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "saved_by": version or _app_version(),
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {
            name: table_to_dict(getattr(w, name))
            if with_records
            else {
                "columns": [str(c) for c in getattr(w, name).columns],
                "dtypes": {str(c): str(t) for c, t in getattr(w, name).dtypes.items()},
            }
            for name in TABLES
        },
        "scale": {"minimum": w.scale.minimum, "maximum": w.scale.maximum, "how": w.scale.how},
        "settings": settings_to_dict(project.settings),
        "lenses": {name: settings_to_dict(s) for name, s in project.lenses.items()},
        "view_state": _jsonable(project.view_state),
        "votes": table_to_dict(project.votes),
        "waves": table_to_dict(project.waves),
        "vote_weights": {str(k): float(v) for k, v in project.vote_weights.items()},
        "sources": {
            "files": list(w.files),
            "tables": {
                name: {"file": s.file, "sheet": s.sheet, "columns": dict(s.columns)}
                for name, s in w.sources.items()
            },
        },
        "problems": [
            {"severity": p.severity, "sheet": p.sheet, "cell": p.cell, "message": p.message}
            for p in w.problems
        ],
    }


def _jsonable(value: Any) -> Any:
    """View state goes through JSON unchanged; anything JSON cannot hold is dropped."""
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError):
        if isinstance(value, Mapping):
            out = {}
            for k, v in value.items():
                with contextlib.suppress(TypeError, ValueError):
                    out[str(k)] = json.loads(json.dumps(v, allow_nan=False))
            return out
        return {}


def _app_version() -> str:
    try:
        from sweetspot import __version__
    except ImportError:  # pragma: no cover - always importable in practice
        return ""
    return f"SweetSpot {__version__}"


def dumps_project(project: Project) -> str:
    """The project file's text. Table rows are encoded by pandas and spliced in, one record
    per line, so big projects save fast and still read well in a text editor."""
    doc = project_to_dict(project, with_records=False)
    spliced: dict[str, str] = {}
    for name in TABLES:
        token = f"@@records-{name}-{uuid.uuid4().hex}@@"
        doc["tables"][name]["records"] = token
        df = getattr(project.workshop, name)
        spliced[f'"{token}"'] = _records_lines(df)
    out = json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False)
    for token, text in spliced.items():
        out = out.replace(token, text, 1)
    return out


def save_project(project: Project, path: str | Path) -> Path:
    """Write the project atomically; the file it replaces is kept as `name.sweetspot.bak`.

    Raises ProjectError (plain sentence) when the folder cannot be written.
    """
    target = Path(path)
    try:
        text = dumps_project(project)
    except (TypeError, ValueError) as exc:  # a bug of ours, reported in words
        raise ProjectError(f"The project could not be written as a file ({exc}).") from exc
    data = text.encode("utf-8")
    try:
        if target.exists():
            # The previous version, itself written atomically: the .bak is never half a file.
            def copy_previous(temp: Path) -> None:
                shutil.copy2(target, temp)

            atomic_write(backup_path(target), copy_previous)
        atomic_write_bytes(target, data)
    except PermissionError as exc:
        raise ProjectError(
            f"SweetSpot is not allowed to write {target.name} in {target.parent}. "
            "Choose another folder with Save As."
        ) from exc
    except OSError as exc:
        raise ProjectError(
            f"{target.name} could not be saved ({exc.strerror or exc}). "
            "Your work is still open; try Save As in another folder."
        ) from exc
    project.path = target
    return target


# -- reading -------------------------------------------------------------------------------------
def _read_document(path: Path) -> dict[str, Any]:
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ProjectError(f"{name} was not found. It may have been moved or renamed.") from exc
    except IsADirectoryError as exc:
        raise ProjectError(f"{name} is a folder, not a SweetSpot project.") from exc
    except PermissionError as exc:
        raise ProjectError(f"SweetSpot is not allowed to read {name}.") from exc
    except OSError as exc:
        raise ProjectError(f"{name} could not be read ({exc.strerror or exc}).") from exc
    if not raw.strip():
        raise ProjectError(f"{name} is empty: it is not a SweetSpot project, or it was damaged.")
    if raw[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                raw = archive.read(ZIP_MEMBER)
        except (zipfile.BadZipFile, KeyError, OSError, RuntimeError) as exc:
            raise ProjectError(
                f"{name} is a zip file without a SweetSpot project inside, or it is damaged."
            ) from exc
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProjectError(
            f"{name} is not a SweetSpot project, or it was damaged (it is not readable JSON)."
        ) from exc
    if not isinstance(doc, dict):
        raise ProjectError(f"{name} is not a SweetSpot project.")
    return doc


def _migrate_0_to_1(doc: dict[str, Any]) -> dict[str, Any]:
    """Pre-release files (no schema_version) kept overrides and α at the top level and the
    tables as plain record lists."""
    out = dict(doc)
    settings = dict(out.get("settings") or {})
    for key in ("alpha", "rank_by", "thresholds", "overrides"):
        if key in out and key not in settings:
            settings[key] = out.pop(key)
    out["settings"] = settings
    tables = dict(out.get("tables") or {})
    for name in TABLES:
        if name in out and name not in tables:
            tables[name] = out.pop(name)
        if isinstance(tables.get(name), list):
            tables[name] = {"records": tables[name]}
    out["tables"] = tables
    out["schema_version"] = 1
    return out


# schema_version → function that lifts a document to the next version.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}


def migrate(doc: dict[str, Any], name: str = "The project") -> dict[str, Any]:
    version = doc.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ProjectError(f"{name} has an unknown file format version ({version!r}).")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"{name} was saved by a newer version of SweetSpot (file format {version}; this "
            f"version reads up to format {SCHEMA_VERSION}). Update SweetSpot to open it."
        )
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version = doc["schema_version"]
    return doc


def table_from_dict(data: Any, canonical: list[str]) -> pd.DataFrame:
    if not isinstance(data, Mapping):
        raise ValueError("table is not an object")
    records = data.get("records") or []
    if not isinstance(records, list) or not all(isinstance(r, Mapping) for r in records):
        raise ValueError("records are not a list of objects")
    columns = [str(c) for c in data.get("columns") or []]
    for record in records:
        for key in record:
            if key not in columns:
                columns.append(str(key))
    for f in canonical:
        if f not in columns:
            columns.append(f)
    dtypes = data.get("dtypes") or {}
    if not isinstance(dtypes, Mapping):
        raise ValueError("dtypes is not an object")
    df = pd.DataFrame({c: [r.get(c) for r in records] for c in columns}, columns=columns)
    if not records:
        df = empty_table(canonical).reindex(columns=columns)
    for c in columns:
        kind = str(dtypes.get(c) or ("float64" if c in NUMERIC_FIELDS else "object"))
        df[c] = _restore_column(df[c], kind)
    return df


def _restore_column(col: pd.Series, kind: str) -> pd.Series:
    if kind == "float64":
        return pd.to_numeric(col, errors="coerce").astype("float64")
    if kind == "int64":
        if col.isna().any():
            return pd.to_numeric(col, errors="coerce").astype("float64")
        return pd.to_numeric(col, errors="coerce").astype("int64")
    if kind == "bool":
        if col.isna().any():
            return col.astype(object)
        return col.astype(bool)
    if kind.startswith("datetime64"):
        return pd.to_datetime(col, errors="coerce")
    if kind in _KNOWN_DTYPES:
        # null comes back as NaN, pandas' usual blank, in text columns too.
        obj = col.astype(object).where(col.notna(), np.nan)
        return obj if kind == "object" else obj.astype(kind)  # type: ignore[call-overload]
    return col.astype(object).where(col.notna(), np.nan)


def settings_from_dict(data: Any) -> ScoringSettings:
    if data is None:
        return ScoringSettings()
    if not isinstance(data, Mapping):
        raise ValueError("settings are not an object")
    defaults = ScoringSettings()
    thresholds = data.get("thresholds")
    lens = data.get("lens") or {}
    segments = lens.get("segments", data.get("segments"))
    stages = lens.get("journey_stages", data.get("journey_stages"))
    overrides: dict[str, Override] = {}
    for ident, ov in (data.get("overrides") or {}).items():
        overrides[str(ident)] = Override(
            float(ov["customer_impact"]), float(ov["business_impact"]), str(ov.get("reason") or "")
        )
    weights = data.get("objective_weights")
    rank_by = data.get("rank_by", defaults.rank_by)
    if rank_by not in ("score", "value"):
        raise ValueError(f"rank_by {rank_by!r}")
    return ScoringSettings(
        alpha=float(data.get("alpha", defaults.alpha)),
        rank_by=rank_by,
        thresholds=None if thresholds is None else (float(thresholds[0]), float(thresholds[1])),
        segments=None if segments is None else frozenset(str(s) for s in segments),
        journey_stages=None if stages is None else frozenset(str(s) for s in stages),
        overrides=overrides,
        top_drivers=int(data.get("top_drivers", defaults.top_drivers)),
        objective_weights=None
        if weights is None
        else {str(k): float(v) for k, v in dict(weights).items()},
    )


def project_from_dict(doc: dict[str, Any], name: str = "The project") -> Project:
    """Build a Project from a (migrated or current) JSON document; ProjectError if it is bad."""
    fmt = doc.get("format", FORMAT_NAME)
    if fmt != FORMAT_NAME:
        raise ProjectError(f"{name} is not a SweetSpot project (it is a {fmt!r} file).")
    doc = migrate(doc, name)
    try:
        tables = doc.get("tables") or {}
        w = Workshop()
        for table, canonical in TABLES.items():
            if table in tables:
                setattr(w, table, table_from_dict(tables[table], canonical))
        scale = doc.get("scale") or {}
        w.scale = Scale(
            float(scale.get("minimum", 1.0)),
            float(scale.get("maximum", 5.0)),
            str(scale.get("how", "default 1–5 scale")),
        )
        sources = doc.get("sources") or {}
        w.files = [str(f) for f in sources.get("files") or []]
        w.sources = {
            str(k): SourceInfo(
                str(v.get("file", "")),
                str(v.get("sheet", "")),
                {str(a): str(b) for a, b in (v.get("columns") or {}).items()},
            )
            for k, v in (sources.get("tables") or {}).items()
        }
        w.problems = [
            Problem(
                p["severity"] if p.get("severity") in ("error", "warning", "info") else "info",
                str(p.get("sheet", "")),
                str(p.get("cell", "")),
                str(p.get("message", "")),
            )
            for p in doc.get("problems") or []
        ]
        settings = settings_from_dict(doc.get("settings"))
        lenses = {str(k): settings_from_dict(v) for k, v in (doc.get("lenses") or {}).items()}
        view_state = doc.get("view_state") or {}
        # Projects saved before votes existed have none.
        votes = table_from_dict(doc["votes"], VOTE_FIELDS) if doc.get("votes") else empty_votes()
        waves = table_from_dict(doc["waves"], WAVE_FIELDS) if doc.get("waves") else empty_waves()
        vote_weights = {str(k): float(v) for k, v in (doc.get("vote_weights") or {}).items()}
        if not isinstance(view_state, dict):
            view_state = {}
    except ProjectError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ProjectError(
            f"{name} is damaged: part of it could not be read ({type(exc).__name__}: {exc})."
        ) from exc
    return Project(
        workshop=w,
        settings=settings,
        lenses=lenses,
        view_state=view_state,
        votes=votes,
        waves=waves,
        vote_weights=vote_weights,
        saved_at=str(doc.get("saved_at", "")),
        saved_by=str(doc.get("saved_by", "")),
    )


def load_project(path: str | Path) -> Project:
    """Read a `.sweetspot` file. Raises ProjectError with a plain sentence when it cannot."""
    p = Path(path)
    doc = _read_document(p)
    project = project_from_dict(doc, p.name)
    project.path = p
    return project


def is_project_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() == PROJECT_SUFFIX


# -- re-import -----------------------------------------------------------------------------------
@dataclass
class ReimportSummary:
    """What a re-import kept from the open project, for the status bar."""

    links_kept: int = 0
    links_from_file: int = 0
    weights_kept: int = 0
    overrides_kept: int = 0
    overrides_dropped: list[str] = field(default_factory=list)

    def describe(self) -> str:
        parts = [
            f"kept {self.links_kept} link{'s' if self.links_kept != 1 else ''} made in the app",
            f"{self.weights_kept} objective weight{'s' if self.weights_kept != 1 else ''}",
            f"{self.overrides_kept} workshop placement{'s' if self.overrides_kept != 1 else ''}",
        ]
        text = ", ".join(parts)
        if self.overrides_dropped:
            text += (
                f"; dropped placements of removed initiatives {', '.join(self.overrides_dropped)}"
            )
        return text


def merge_reimport(
    old: Workshop, settings: ScoringSettings, new: Workshop
) -> tuple[Workshop, ScoringSettings, ReimportSummary]:
    """An updated spreadsheet read into an open project: keep what the room decided.

    - Links: a pair (initiative, target) given in the new spreadsheet takes the new strength;
      pairs the spreadsheet does not mention keep their strength from the project, as long as
      both IDs still exist (links drawn in the app are not lost).
    - Objective weights set in the project stay for objectives that still exist (the room
      tuned them); new objectives take the spreadsheet's weight.
    - Workshop placements stay for initiatives that still exist; others are dropped.
    """
    merged = new.copy()
    summary = ReimportSummary()

    new_ids = {
        "initiative": set(new.initiatives["id"].astype(str)),
        "target": set(new.insights["id"].astype(str)) | set(new.objectives["id"].astype(str)),
    }
    given = set(
        zip(new.links["initiative"].astype(str), new.links["target"].astype(str), strict=True)
    )
    summary.links_from_file = len(given)
    old_links = old.links
    if len(old_links):
        oi = old_links["initiative"].astype(str)
        ot = old_links["target"].astype(str)
        keep = (
            oi.isin(new_ids["initiative"])
            & ot.isin(new_ids["target"])
            & ~pd.Series([(a, b) in given for a, b in zip(oi, ot, strict=True)], index=oi.index)
            & (pd.to_numeric(old_links["strength"], errors="coerce").fillna(0) > 0)
        )
        kept = old_links.loc[keep, [c for c in LINK_FIELDS if c in old_links.columns]]
        if len(kept):
            summary.links_kept = len(kept)
            merged.links = pd.concat([merged.links, kept], ignore_index=True)
            for c in LINK_FIELDS:
                if c in NUMERIC_FIELDS:
                    merged.links[c] = pd.to_numeric(merged.links[c], errors="coerce")

    old_weights = dict(
        zip(
            old.objectives["id"].astype(str),
            pd.to_numeric(old.objectives["weight"], errors="coerce"),
            strict=True,
        )
    )
    weights = pd.to_numeric(merged.objectives["weight"], errors="coerce").to_numpy(float).copy()
    for pos, ident in enumerate(merged.objectives["id"].astype(str)):
        kept_weight = old_weights.get(ident)
        if kept_weight is None or pd.isna(kept_weight):
            continue
        if pd.isna(weights[pos]) or weights[pos] != float(kept_weight):
            summary.weights_kept += 1
        weights[pos] = float(kept_weight)
    merged.objectives["weight"] = weights

    overrides = {}
    for ident, ov in settings.overrides.items():
        if ident in new_ids["initiative"]:
            overrides[ident] = ov
        else:
            summary.overrides_dropped.append(ident)
    summary.overrides_kept = len(overrides)
    return merged, settings.with_changes(overrides=overrides), summary
