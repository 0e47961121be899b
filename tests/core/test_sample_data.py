"""The bundled sample workshops: they show what they promise, and all retail variants agree.

Read with plain pandas/openpyxl, never with sweetspot.core.importing, so these tests check the
samples themselves (the import has its own tests on them, in tests/test_cli.py and beyond).
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import numpy as np
import openpyxl
import pandas as pd
import pytest

from sweetspot.core.graph import analyse
from sweetspot.core.journey import read_sentiment
from sweetspot.core.model import INITIATIVE_FIELDS, INSIGHT_FIELDS, OBJECTIVE_FIELDS, Workshop
from sweetspot.core.scoring import QUADRANTS, score

SAMPLES = Path(__file__).resolve().parents[2] / "sample_data"
RETAIL = SAMPLES / "retail_bank.xlsx"
MESSY = SAMPLES / "retail_bank_messy.xlsx"
CSV_FOLDER = SAMPLES / "retail_bank_csv"
PHARMA = SAMPLES / "pharma_hcp.xlsx"
PLANTED = SAMPLES / "planted_errors.xlsx"

STRENGTHS = {"strong": 9.0, "medium": 3.0, "weak": 1.0, "h": 9.0, "m": 3.0, "l": 1.0, "✓": 3.0}


@functools.cache
def _make_samples() -> ModuleType:
    """sample_data/make_samples.py, which is a script rather than a package module."""
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _strength(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return 0.0 if np.isnan(value) else float(value)
    text = str(value).strip().lower()
    return STRENGTHS.get(text, 0.0) if text else 0.0


def _canonical(df: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    df = df.rename(columns=lambda c: str(c).strip().lower().replace(" ", "_"))
    df["id"] = df["id"].astype(str).str.strip()
    for f in fields:
        if f not in df:
            df[f] = np.nan
    return df[fields]


def _workshop(
    insights: pd.DataFrame,
    objectives: pd.DataFrame,
    initiatives: pd.DataFrame,
    links: pd.DataFrame,
) -> Workshop:
    w = Workshop()
    w.insights = insights.astype({f: float for f in ("importance", "satisfaction", "reach")})
    w.objectives = objectives.astype({"weight": float})
    conf = pd.to_numeric(initiatives["confidence"], errors="coerce").astype(float)
    if conf.max() > 1:  # stored as percentages
        conf = conf / 100
    w.initiatives = initiatives.astype({"effort": float}).assign(confidence=conf)
    w.links = links.reset_index(drop=True)
    return w


def read_workbook(path: Path) -> Workshop:
    """A workbook in the documented shape, links long or as a matrix, read with pandas."""
    sheets = pd.read_excel(path, sheet_name=None, engine="calamine")
    links = sheets["Links"]
    if list(links.columns) != ["Initiative", "Target", "Strength"]:
        links = links.melt(id_vars=links.columns[0], var_name="Target", value_name="Strength")
        links = links.rename(columns={links.columns[0]: "Initiative"})
    links = pd.DataFrame(
        {
            "initiative": links["Initiative"].astype(str).str.strip(),
            "target": links["Target"].astype(str).str.strip(),
            "strength": links["Strength"].map(_strength),
        }
    )
    return _workshop(
        _canonical(sheets["Insights"], INSIGHT_FIELDS),
        _canonical(sheets["Objectives"], OBJECTIVE_FIELDS),
        _canonical(sheets["Initiatives"], INITIATIVE_FIELDS),
        links.loc[links["strength"] > 0],
    )


MESSY_HEADERS = {
    "Ref": "id",
    "Goal ID": "id",
    "Customer need / pain point": "need",
    "Importance (1-5)": "importance",
    "Current satisfaction": "satisfaction",
    "# mentions": "reach",
    "Journey phase": "journey_stage",
    "Business goal": "objective",
    "Priority weight": "weight",
    "Idea": "initiative",
    "Effort (person-months)": "effort",
}


def read_messy(path: Path) -> Workshop:
    """The messy workbook, read by hand: header on row 3, rows without an ID skipped."""
    book = openpyxl.load_workbook(path, data_only=True)

    def table(sheet: str, fields: list[str]) -> pd.DataFrame:
        rows = list(book[sheet].iter_rows(min_row=3, values_only=True))
        headers = [MESSY_HEADERS.get(str(h), str(h).lower().replace(" ", "_")) for h in rows[0]]
        df = pd.DataFrame(rows[1:], columns=headers)
        df = df.loc[df["id"].notna()]
        for f in ("importance", "satisfaction", "reach", "weight", "effort"):
            if f in df:
                df[f] = pd.to_numeric(df[f].astype(str).str.strip())
        if "confidence" in df:
            df["confidence"] = df["confidence"].str.rstrip("%").astype(float) / 100
        return _canonical(df, fields)

    matrix = list(book["Matrix"].iter_rows(values_only=True))
    targets = [str(t).strip() for t in matrix[0][1:]]
    links = pd.DataFrame(
        [
            (str(row[0]).strip(), t, _strength(v))
            for row in matrix[1:]
            for t, v in zip(targets, row[1:], strict=True)
            if v is not None
        ],
        columns=["initiative", "target", "strength"],
    )
    return _workshop(
        table("Customer insights", INSIGHT_FIELDS),
        table("Business goals", OBJECTIVE_FIELDS),
        table("Ideas", INITIATIVE_FIELDS),
        links,
    )


def read_csv_folder(folder: Path) -> Workshop:
    def read(name: str, fields: list[str]) -> pd.DataFrame:
        df = pd.read_csv(folder / name, sep=";", decimal=",", encoding="utf-8-sig", dtype=object)
        df = _canonical(df, fields)
        for f in ("importance", "satisfaction", "reach", "weight", "effort"):
            if f in df:
                df[f] = pd.to_numeric(df[f].str.replace(",", "."))
        return df

    initiatives = read("initiatives.csv", INITIATIVE_FIELDS)
    initiatives["confidence"] = initiatives["confidence"].str.rstrip("%").astype(float) / 100
    links = pd.read_csv(folder / "links.csv", sep=";", encoding="utf-8-sig")
    links = pd.DataFrame(
        {
            "initiative": links["Initiative"],
            "target": links["Target"],
            "strength": links["Strength"].map(_strength),
        }
    )
    return _workshop(
        read("insights.csv", INSIGHT_FIELDS),
        read("objectives.csv", OBJECTIVE_FIELDS),
        initiatives,
        links,
    )


@pytest.fixture(scope="module")
def retail() -> Workshop:
    return read_workbook(RETAIL)


@pytest.fixture(scope="module")
def pharma() -> Workshop:
    return read_workbook(PHARMA)


# -- what each sample shows -------------------------------------------------------------------


@pytest.mark.parametrize("sample", ["retail", "pharma"])
def test_samples_show_all_four_quadrants_unmet_needs_and_one_sided_ideas(
    sample: str, request: pytest.FixtureRequest
) -> None:
    workshop: Workshop = request.getfixturevalue(sample)
    result = score(workshop)
    counts = result.table["quadrant"].value_counts()
    assert set(counts.index) == set(QUADRANTS), counts.to_dict()
    report = analyse(workshop, result)
    assert len(report.unmet_needs) >= 2
    assert report.business_push and report.customer_only
    # Strong overlaps exist: at least three clusters of initiatives, needs and objectives.
    assert len(report.clusters) >= 3


def test_retail_bank_tells_the_intended_story(retail: Workshop) -> None:
    result = score(retail)
    report = analyse(retail, result)
    # Branch closures (I10), financial difficulty (I21) and savings rates (I16) are heavy
    # needs nothing on the table addresses; nobody brought an idea for deposits (O7).
    assert list(report.unmet_needs["id"]) == ["I10", "I21", "I16"]
    assert list(report.uncovered_objectives["id"]) == ["O7"]
    assert report.business_push == ["A13", "A14"]
    assert report.customer_only == ["A15"]
    assert list(result.table["id"][:3]) == ["A01", "A03", "A02"]
    assert result.row("A13")["quadrant"] == "Business-led"  # branch closures: cost, no customer
    assert result.row("A04")["quadrant"] == "Customer-led"


def test_pharma_tells_the_intended_story(pharma: Workshop) -> None:
    result = score(pharma)
    report = analyse(pharma, result)
    # Unsolicited promotional email (I13) and out-of-hours medical information (I20).
    assert list(report.unmet_needs["id"]) == ["I13", "I20"]
    assert report.business_push == ["INI-17"]  # fewer rep calls: cost only
    assert report.customer_only == ["INI-18"]  # practice-nurse training
    assert result.table["id"].iloc[0] == "INI-11"


@pytest.mark.parametrize("path", [RETAIL, PHARMA])
def test_samples_have_the_documented_shape_and_believable_sizes(path: Path) -> None:
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Insights", "Objectives", "Initiatives", "Links"]
    headers = {
        name: [c.value for c in next(book[name].iter_rows(max_row=1))] for name in book.sheetnames
    }
    ms = _make_samples()
    assert headers["Insights"] == ms.INSIGHT_HEADERS
    assert headers["Objectives"] == ms.OBJECTIVE_HEADERS
    assert headers["Initiatives"] == ms.INITIATIVE_HEADERS
    w = read_workbook(path)
    assert 20 <= len(w.insights) <= 40
    assert 5 <= len(w.objectives) <= 8
    assert 15 <= len(w.initiatives) <= 25
    assert w.objectives["weight"].sum() == 100
    assert w.insights["importance"].between(1, 5).all()
    assert w.insights["satisfaction"].between(1, 5).all()
    assert w.initiatives["effort"].between(1, 8).all()
    assert w.initiatives["confidence"].between(0.5, 1).all()
    assert set(w.links["strength"]) == {1.0, 3.0, 9.0}
    assert w.insights["id"].is_unique and w.initiatives["id"].is_unique
    known = set(w.insights["id"]) | set(w.objectives["id"])
    assert set(w.links["target"]) <= known
    assert set(w.links["initiative"]) <= set(w.initiatives["id"])
    if path == PHARMA:
        assert headers["Links"][0] == "Initiative"
        assert headers["Links"][1:] == [*w.insights["id"], *w.objectives["id"]]
    else:
        assert headers["Links"] == ["Initiative", "Target", "Strength"]


# -- the three retail variants carry the same workshop ----------------------------------------


@pytest.mark.parametrize("variant", ["messy", "csv"])
def test_retail_variants_hold_the_same_data_and_rank_identically(
    variant: str, retail: Workshop
) -> None:
    other = read_messy(MESSY) if variant == "messy" else read_csv_folder(CSV_FOLDER)
    # A CSV holds the bank's numeric sentiments as text, a workbook as numbers: both read the same.
    assert np.array_equal(
        read_sentiment(list(other.insights["sentiment"])).values,
        read_sentiment(list(retail.insights["sentiment"])).values,
    )
    for table in ("insights", "objectives", "initiatives"):
        drop = ["sentiment"] if table == "insights" else []
        pd.testing.assert_frame_equal(
            getattr(other, table).drop(columns=drop).reset_index(drop=True),
            getattr(retail, table).drop(columns=drop).reset_index(drop=True),
            check_dtype=False,
            obj=f"{variant} {table}",
        )
    key = ["initiative", "target"]
    pd.testing.assert_frame_equal(
        other.links.sort_values(key, ignore_index=True),
        retail.links.sort_values(key, ignore_index=True),
        check_dtype=False,
    )
    ours, theirs = score(other).table, score(retail).table
    assert list(ours["id"]) == list(theirs["id"])
    assert list(ours["quadrant"]) == list(theirs["quadrant"])


def test_messy_workbook_is_messy_in_the_promised_ways() -> None:
    book = openpyxl.load_workbook(MESSY)
    assert book.sheetnames == ["Customer insights", "Business goals", "Ideas", "Matrix"]
    ins = book["Customer insights"]
    header = [c.value for c in ins[3]]
    for synonym in ("Ref", "Customer need / pain point", "Importance (1-5)", "# mentions"):
        assert synonym in header
    assert ins["A1"].value and ins["A2"].value and not ins["B1"].value  # title and note rows
    rows = list(ins.iter_rows(min_row=4, values_only=True))
    assert any(all(v is None for v in row) for row in rows)  # a blank row in the middle
    note = [row for row in rows if row[0] is None and row[1]]
    assert note == [(None, "Source: interviews Q3", *[None] * 9)]
    ids = [row[0] for row in rows if row[0]]
    assert any(i != i.strip() for i in ids)  # trailing spaces
    assert any(isinstance(v, str) and v.isdigit() for row in rows for v in row[4:7])
    ideas = [c.value for c in book["Ideas"][3]]
    assert ideas[-1] == "Workshop comment"
    assert book["Ideas"]["D4"].value == "80%"
    assert [c.value for c in book["Business goals"][3]][:3] == [
        "Goal ID",
        "Business goal",
        "Priority weight",
    ]
    cells = {c.value for row in book["Matrix"].iter_rows(min_row=2, min_col=2) for c in row}
    assert {"H", "M", "L", "strong", "medium", "weak", "✓"} <= cells


def test_csv_files_are_european() -> None:
    for name in ("insights.csv", "objectives.csv", "initiatives.csv", "links.csv"):
        raw = (CSV_FOLDER / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name  # UTF-8 with BOM
        first = raw[3:].split(b"\r\n", 1)[0].decode()
        assert ";" in first and "," not in first, name
    insights = (CSV_FOLDER / "insights.csv").read_text(encoding="utf-8-sig")
    objectives = (CSV_FOLDER / "objectives.csv").read_text(encoding="utf-8-sig")
    assert ";4,5;" in insights  # decimal comma, also 4.5 in both workbooks
    assert ";12,5;" in objectives and ";7,5;" in objectives
    assert "café" in insights and "Renée" in objectives


def test_planted_errors_sit_where_the_list_says() -> None:
    listed = (SAMPLES / "planted_errors.md").read_text(encoding="utf-8")
    cells = re.findall(r"^\| `(\w+)!([A-Z]+\d+)` \|", listed, flags=re.MULTILINE)
    assert len(cells) >= 7
    book = openpyxl.load_workbook(PLANTED)
    planted = {(s, c): v for s, c, _, v in _make_samples().PLANTED}
    assert set(planted) == set(cells)
    for sheet, cell in cells:
        assert book[sheet][cell].value == planted[(sheet, cell)], f"{sheet}!{cell}"
    ins = book["Insights"]
    assert ins["A5"].value == ins["A3"].value  # the duplicate repeats an earlier ID
    assert ins["B7"].value is None and ins["A7"].value  # a row with an ID but no need


# -- the generator ------------------------------------------------------------------------------


def _values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book}


def test_make_samples_reproduces_the_committed_files(tmp_path: Path) -> None:
    written = _make_samples().write_all(tmp_path)
    assert {p.name for p in written} == {
        "retail_bank.xlsx",
        "retail_bank_two_waves.xlsx",
        "retail_bank_messy.xlsx",
        "retail_bank_csv",
        "pharma_hcp.xlsx",
        "planted_errors.xlsx",
        "planted_errors.md",
        "retail_bank_survey.xlsx",
        "retail_bank_plan.xlsx",
    }
    for path in written:
        committed = SAMPLES / path.name
        if path.suffix == ".xlsx":
            assert _values(path) == _values(committed), path.name
        elif path.is_dir():
            for csv_file in sorted(path.iterdir()):
                assert csv_file.read_bytes() == (committed / csv_file.name).read_bytes()
        else:
            assert path.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8")
