"""Getting cells out of files safely: zip guards, stray far cells, damaged files, CSV dialects."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from sweetspot.core import reading
from sweetspot.core.importing import load_workshop
from sweetspot.core.reading import Source, _main_block, guard_zip
from sweetspot.core.reading_csv import sniff_delimiter

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {
    "Insights": ["ID", "Need", "Importance"],
    "Objectives": ["ID", "Objective", "Weight"],
    "Initiatives": ["ID", "Initiative"],
    "Links": ["Initiative", "Target", "Strength"],
}


def write_book(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    wb = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet(name)
        assert ws is not None
        ws.title = name
        first = False
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def small_book(path: Path) -> Path:
    return write_book(
        path,
        {
            "Insights": [HEADERS["Insights"], ["I1", "Queues", 4]],
            "Objectives": [HEADERS["Objectives"], ["O1", "Cut cost", 2]],
            "Initiatives": [HEADERS["Initiatives"], ["A1", "Booking"]],
            "Links": [HEADERS["Links"], ["A1", "I1", "strong"], ["A1", "O1", 3]],
        },
    )


def replace_member(path: Path, member: str, data: bytes) -> None:
    """Rewrite one part of a zip (openpyxl cannot write the files we need to test)."""
    with zipfile.ZipFile(path) as zin:
        parts = [(i, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, content in parts:
            zout.writestr(info.filename, data if info.filename == member else content)


def only_error(path: Path) -> str:
    w = load_workshop([path])
    file_errors = [p for p in w.errors if p.sheet == path.name and not p.cell]
    assert file_errors, [str(p) for p in w.problems]
    assert not w.can_score
    return file_errors[0].message


# -- the stray far cell ---------------------------------------------------------------------

STRAY_SCRIPT = """
import json, sys, time
import python_calamine
from sweetspot.core.importing import load_workshop

real = python_calamine.CalamineWorkbook
asked = []

class Spy:
    # Records which sheets calamine is asked to parse.
    def __init__(self, book):
        self.book = book
    def get_sheet_by_name(self, name):
        asked.append(name)
        return self.book.get_sheet_by_name(name)
    def __getattr__(self, name):
        return getattr(self.book, name)

class Workbook:
    @staticmethod
    def from_path(path):
        return Spy(real.from_path(path))

python_calamine.CalamineWorkbook = Workbook
start = time.perf_counter()
w = load_workshop([sys.argv[1]])
print(json.dumps({
    "seconds": time.perf_counter() - start,
    "asked": asked,
    "ids": list(w.insights["id"]),
    "importance": list(w.insights["importance"]),
    "links": len(w.links),
    "problems": [[p.severity, p.sheet, p.cell, p.message] for p in w.problems],
}))
"""


def test_stray_far_cell_is_ignored_with_a_warning_without_calamine(tmp_path: Path) -> None:
    path = small_book(tmp_path / "stray.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Insights"]["XFD1048576"] = "oops"
    wb.save(path)
    # A separate process: if the guard ever failed, calamine would abort it, not the tests.
    done = subprocess.run(
        [sys.executable, "-c", STRAY_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["seconds"] < 5
    assert "Insights" not in out["asked"]
    assert set(out["asked"]) == {"Objectives", "Initiatives", "Links"}
    assert out["ids"] == ["I1"] and out["importance"] == [4.0]
    assert out["links"] == 2
    stray = [p for p in out["problems"] if p[2] == "XFD1048576"]
    assert stray == [
        [
            "warning",
            "Insights",
            "XFD1048576",
            "The sheet has a stray value at XFD1048576, far from the data; it was ignored. "
            "Delete it in the workbook to silence this warning.",
        ]
    ]
    assert not [p for p in out["problems"] if p[0] == "error"]


def test_scan_finds_the_true_extent_of_each_sheet(tmp_path: Path) -> None:
    path = small_book(tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Objectives"]["XFD3"] = "far right"
    wb["Initiatives"]["B900000"] = "far down"
    wb["Links"]["AB2"] = "wide but fine"
    wb.save(path)
    problems, extents = guard_zip(path, "xlsx")
    assert problems == []
    shape = {name: (scan.rows, scan.columns) for name, scan in extents.items()}
    assert shape == {
        "Insights": (2, 3),
        "Objectives": (3, 16384),
        "Initiatives": (900000, 2),
        "Links": (3, 28),
    }
    source, _ = Source.open(path)
    assert source is not None
    by_name = {r.name: r.cell_by_cell for r in source.sheets}
    assert by_name == {
        "Insights": False,
        "Objectives": True,
        "Initiatives": True,
        "Links": False,
    }
    source.close()


def test_formula_errors_are_values_not_blanks(tmp_path: Path) -> None:
    # calamine reads an error cell (#N/A from a failed lookup) as empty; the scan restores it.
    path = small_book(tmp_path / "errors.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Insights"].append(["I2", "Login", "#DIV/0!"])
    wb["Insights"]["D1"] = "Satisfaction"
    wb["Insights"]["D2"] = "#N/A"
    wb.save(path)
    w = load_workshop([path])
    assert {p.location: p.message for p in w.errors} == {
        "Insights!D2": "Satisfaction “#N/A” is not a number.",
        "Insights!C3": "Importance “#DIV/0!” is not a number.",
    }


def test_main_block_keeps_the_data_and_names_the_strays() -> None:
    cells = {(r, c): "x" for r in range(10) for c in range(3)}
    cells[(1_048_575, 16_383)] = "far"
    cells[(4, 5_000)] = "right"
    kept, stray = _main_block(cells)
    assert len(kept) == 30
    assert stray == [(4, 5_000), (1_048_575, 16_383)]


# -- zip guards and damaged files ------------------------------------------------------------


def test_zip_bomb_is_refused_before_any_reader_unpacks_it(tmp_path: Path) -> None:
    path = small_book(tmp_path / "bomb.xlsx")
    huge = "a" * 50_000_000
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{huge}</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    replace_member(path, "xl/worksheets/sheet1.xml", sheet)
    start = time.perf_counter()
    message = only_error(path)
    assert time.perf_counter() - start < 5
    assert message.startswith("bomb.xlsx was not opened: a part of it would unpack to 48 MB")
    assert "times its packed size" in message


def test_too_large_when_unpacked_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = small_book(tmp_path / "big.xlsx")
    monkeypatch.setattr(reading, "MAX_UNCOMPRESSED", 1000)
    assert "more than SweetSpot reads" in only_error(path)


def test_truncated_zip(tmp_path: Path) -> None:
    path = small_book(tmp_path / "cut.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    message = only_error(path)
    assert "cut.xlsx could not be read: the file is damaged or incomplete" in message


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".ods", ".xls"])
def test_random_bytes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"survey{suffix}"
    path.write_bytes(bytes(range(256)) * 40)
    assert "damaged" in only_error(path)


def test_encrypted_workbook(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    # Excel saves a password-protected .xlsx as an OLE2 compound file.
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000)
    assert "password-protected" in only_error(path)


@pytest.mark.parametrize("content", [b"PK\x03\x04" + b"\x00" * 500, bytes(range(256)) * 8])
def test_binary_file_named_csv(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "insights.csv"
    path.write_bytes(content)
    assert "is not a text CSV file" in only_error(path)


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv", "empty.ods"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert only_error(path) == f"{name} is empty."


def test_other_zip_files_are_not_workbooks(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<document/>")
    assert "is not an Excel workbook" in only_error(path)
    binary = tmp_path / "fast.xlsx"
    with zipfile.ZipFile(binary, "w") as z:
        z.writestr("xl/workbook.bin", b"\x00\x01")
    assert ".xlsb" in only_error(binary)


def test_a_damaged_sheet_is_an_error_naming_file_and_sheet(tmp_path: Path) -> None:
    path = small_book(tmp_path / "book.xlsx")
    replace_member(path, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c>")
    w = load_workshop([path])
    broken = [p for p in w.errors if p.sheet == "Insights"]
    assert broken and broken[0].message.startswith(
        "The sheet Insights of book.xlsx could not be read"
    )
    # The other sheets were still read.
    assert list(w.objectives["id"]) == ["O1"]


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (MemoryError(), "it is too large to read into memory"),
        (KeyError("xl/styles.xml"), "it is damaged or not in a format SweetSpot reads"),
        (zipfile.BadZipFile("bad"), "the file is damaged or incomplete"),
    ],
)
def test_any_reader_exception_is_an_error_naming_file_and_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, reason: str
) -> None:
    import python_calamine

    real = python_calamine.CalamineWorkbook

    class Failing:
        def __init__(self, book: object) -> None:
            self.book = book

        def get_sheet_by_name(self, name: str) -> object:
            if name == "Links":
                raise error
            return self.book.get_sheet_by_name(name)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            return getattr(self.book, name)

    class Workbook:
        @staticmethod
        def from_path(path: str) -> Failing:
            return Failing(real.from_path(path))

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Workbook)
    path = small_book(tmp_path / "book.xlsx")
    w = load_workshop([path])
    assert {p.location: p.message for p in w.errors} == {
        "Links": f"The sheet Links of book.xlsx could not be read: {reason} "
        f"({type(error).__name__})."
    }
    assert list(w.insights["id"]) == ["I1"]


def test_missing_files_and_empty_folders(tmp_path: Path) -> None:
    w = load_workshop([tmp_path / "nowhere.xlsx", tmp_path])
    # Exactly these: no "No Insights table was found" noise on top.
    assert [p.message for p in w.errors] == [
        "nowhere.xlsx was not found.",
        f"The folder {tmp_path.name} holds no CSV files to import.",
    ]


# -- CSV dialects ----------------------------------------------------------------------------


def read_csv_cells(path: Path) -> tuple[list[list[str]], bool, list[str]]:
    source, problems = Source.open(path)
    assert source is not None, problems
    raw, more = source.read(source.sheets[0])
    assert raw is not None, more
    cells = [[str(v) for v in row] for row in raw.grid.fillna("").to_numpy().tolist()]
    return cells, raw.decimal_comma, [p.message for p in [*problems, *more]]


def test_semicolon_csv_with_bom_and_decimal_comma(tmp_path: Path) -> None:
    path = tmp_path / "insights.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"ID;Need;Importance\nI1;Wartezeit;4,5\n")
    cells, decimal_comma, problems = read_csv_cells(path)
    assert cells == [["ID", "Need", "Importance"], ["I1", "Wartezeit", "4,5"]]
    assert decimal_comma and problems == []


def test_cp1252_fallback_is_said(tmp_path: Path) -> None:
    path = tmp_path / "needs.csv"
    path.write_bytes("ID,Need\nI1,Caf\u00e9 queue \u2013 too long\n".encode("cp1252"))
    cells, decimal_comma, problems = read_csv_cells(path)
    assert cells[1] == ["I1", "Café queue – too long"]
    assert not decimal_comma
    assert problems == [
        "needs.csv is not UTF-8; it was read as Windows (cp1252) text. Check that accented "
        "letters look right."
    ]


def test_tab_separated_utf16_from_excel_unicode_text(tmp_path: Path) -> None:
    path = tmp_path / "ideas.txt"
    path.write_bytes(
        codecs.BOM_UTF16_LE + "ID\tIdea\tEffort\r\nA1\tBooking\t2.5\r\n".encode("utf-16-le")
    )
    cells, decimal_comma, _ = read_csv_cells(path)
    assert cells == [["ID", "Idea", "Effort"], ["A1", "Booking", "2.5"]]
    assert not decimal_comma  # dots, not commas, in this file's numbers


def test_sep_line_quotes_and_ragged_rows(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text('sep=;\nInitiative;Target;Strength\n"A1";"I1; I2";9\nA2;O1\n', "utf-8")
    cells, _, _ = read_csv_cells(path)
    # The sep= line keeps its row, so row numbers match what a spreadsheet program shows.
    assert cells == [
        ["", "", ""],
        ["Initiative", "Target", "Strength"],
        ["A1", "I1; I2", "9"],
        ["A2", "O1", ""],
    ]


def test_delimiter_sniffing() -> None:
    assert sniff_delimiter(["a;b;c", "1,5;2;3", "4;5,5;6"]) == ";"
    assert sniff_delimiter(["a,b,c", "1,2,3"]) == ","
    assert sniff_delimiter(["a\tb", "1\t2"]) == "\t"
    assert sniff_delimiter(["Title only", "a;b", "1;2"]) == ";"


def test_scan_counts_cells_of_a_sheet_written_with_a_namespace_prefix(tmp_path: Path) -> None:
    # Some generators write <x:c …> instead of <c …>; the scan must still see every cell.
    path = small_book(tmp_path / "prefixed.xlsx")
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        f'<x:worksheet xmlns:x="{ns}"><x:sheetData>'
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>ID</x:t></x:is></x:c>'
        '<x:c r="B1" t="inlineStr"><x:is><x:t>Need</x:t></x:is></x:c></x:row>'
        '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    ).encode()
    replace_member(path, "xl/worksheets/sheet1.xml", sheet)
    problems, extents = guard_zip(path, "xlsx")
    assert problems == []
    scan = extents["Insights"]
    assert (scan.rows, scan.columns, scan.cells) == (1_048_576, 16_384, 3)


# -- OpenDocument written by hand (odfpy is not a dependency) ---------------------------------

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, str) and value.endswith("%"):
        number = float(value[:-1]) / 100
        return (
            f'<table:table-cell office:value-type="percentage" office:value="{number}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def write_ods(path: Path, sheets: dict[str, list[list[Any]]], extra: str = "") -> Path:
    """A minimal .ods: one table per sheet; `extra` is raw XML appended to the first table."""
    tables = []
    for i, (name, rows) in enumerate(sheets.items()):
        body = "".join(
            "<table:table-row>" + "".join(ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        tables.append(
            f'<table:table table:name="{name}">{body}{extra if i == 0 else ""}</table:table>'
        )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        + "".join(tables)
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        'manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


ODS_SHEETS: dict[str, list[list[Any]]] = {
    "Customer needs": [["Ref", "Pain point", "Importance"], ["I1", "Queues", 4.5]],
    "Goals": [["Goal ID", "Goal", "Priority weight"], ["O1", "Cut cost", 2]],
    "Ideas": [["ID", "Idea", "Confidence"], ["A1", "Booking", "80%"]],
    "Matrix": [["", "I1", "O1"], ["A1", "H", "✓"]],
}
# A stray value in the last row and column, after runs of empty rows and cells.
ODS_STRAY = (
    '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
    'table:number-columns-repeated="16384"/></table:table-row><table:table-row>'
    '<table:table-cell table:number-columns-repeated="16383"/><table:table-cell '
    'office:value-type="string"><text:p>oops</text:p></table:table-cell></table:table-row>'
)


def test_ods_workbook_written_by_hand(tmp_path: Path) -> None:
    w = load_workshop([write_ods(tmp_path / "book.ods", ODS_SHEETS)])
    assert w.can_score, [str(p) for p in w.problems]
    assert w.insights[["id", "need", "importance"]].values.tolist() == [["I1", "Queues", 4.5]]
    assert w.objectives["weight"].tolist() == [2.0]
    # A percent-formatted cell holds 0.8: confidence 80%.
    assert w.initiatives["confidence"].tolist() == [0.8]
    assert sorted(zip(w.links["target"], w.links["strength"], strict=True)) == [
        ("I1", 9.0),
        ("O1", 3.0),
    ]


def test_ods_with_a_stray_far_cell_is_read_without_calamine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_ods(tmp_path / "stray.ods", ODS_SHEETS, extra=ODS_STRAY)
    import python_calamine

    class Refused:
        @staticmethod
        def from_path(path: str) -> None:
            raise AssertionError("calamine must not see this file")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Refused)
    start = time.perf_counter()
    w = load_workshop([path])
    assert time.perf_counter() - start < 5
    assert w.can_score, [str(p) for p in w.problems]
    assert w.insights["id"].tolist() == ["I1"] and len(w.links) == 2
    assert [(p.severity, p.location) for p in w.warnings] == [
        ("warning", "Customer needs!XFD1048573")
    ]
    assert w.warnings[0].message.startswith("The sheet has a stray value at XFD1048573")


def test_ods_reader_repeats_merges_and_comments(tmp_path: Path) -> None:
    row = (
        '<table:table-row table:number-rows-repeated="2">'
        '<table:table-cell office:value-type="float" office:value="7" '
        'table:number-columns-repeated="2"/>'
        "<table:covered-table-cell/>"
        '<table:table-cell office:value-type="string"><office:annotation><text:p>a note'
        "</text:p></office:annotation><text:p>line one</text:p><text:p>line two</text:p>"
        "</table:table-cell></table:table-row>"
    )
    path = write_ods(tmp_path / "cells.ods", {"S": [["a"]]}, extra=row)
    assert reading.read_ods_cells(path) == {
        "S": {
            (0, 0): "a",
            (1, 0): 7.0,
            (1, 1): 7.0,
            (1, 3): "line one\nline two",
            (2, 0): 7.0,
            (2, 1): 7.0,
            (2, 3): "line one\nline two",
        }
    }


def _reader_threads() -> list[str]:
    import threading

    return [t.name for t in threading.enumerate() if t.name.startswith("sweetspot-read")]


def test_prefetch_parses_the_visible_sheets_ahead_and_reads_what_a_plain_open_reads(
    tmp_path: Path,
) -> None:
    path = small_book(tmp_path / "book.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Objectives"].sheet_state = "hidden"
    wb.save(path)
    plain, _ = Source.open(path)
    ahead, _ = Source.open(path, prefetch=True)
    assert plain is not None and ahead is not None
    try:
        visible = [r.name for r in ahead.sheets if not r.hidden]
        assert "Objectives" not in visible and len(visible) == 3
        assert sorted(ahead._fetches) == sorted(visible)  # hidden sheets: only when asked
        assert _reader_threads() and plain._fetcher is None
        for mine, theirs in zip(ahead.sheets, plain.sheets, strict=True):
            assert mine.name == theirs.name
            got, _ = ahead.read(mine)
            want, _ = plain.read(theirs)
            assert got is not None and want is not None
            assert got.grid.equals(want.grid), mine.name
        assert ahead._fetches == {}
    finally:
        ahead.close()
        plain.close()
    assert _reader_threads() == []


def test_a_sheet_is_handed_to_the_reader_only_after_every_other_part_is_proven(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sweetspot.core import reading_zip

    path = small_book(tmp_path / "book.xlsx")
    order: list[str] = []
    real_drain, real_scan = reading_zip.drain, reading_zip._scan_sheet

    def drain(zf: zipfile.ZipFile, member: str, check: Any) -> None:
        order.append(f"drain {member}")
        real_drain(zf, member, check)

    def scan(zf: zipfile.ZipFile, member: str, check: Any) -> Any:
        order.append(f"scan {member}")
        return real_scan(zf, member, check)

    monkeypatch.setattr(reading_zip, "drain", drain)
    monkeypatch.setattr(reading_zip, "_scan_sheet", scan)
    problems, _ = guard_zip(path, "xlsx", on_sheet=lambda name, _s: order.append(f"ready {name}"))
    assert problems == []
    first_ready = next(i for i, step in enumerate(order) if step.startswith("ready"))
    assert any(step.startswith("drain") for step in order)
    assert all(not step.startswith("drain") for step in order[first_ready:])
    # Each sheet is ready right after its own scan, never before.
    for i, step in enumerate(order):
        if step.startswith("ready"):
            assert order[i - 1].startswith("scan xl/worksheets/")


def test_a_later_sheet_failing_its_scan_stops_the_sheets_parsed_ahead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sweetspot.core import reading_zip

    path = small_book(tmp_path / "book.xlsx")
    real_scan = reading_zip._scan_sheet
    scanned: list[str] = []

    def scan(zf: zipfile.ZipFile, member: str, check: Any) -> Any:
        scanned.append(member)
        if len(scanned) == 3:
            raise zipfile.BadZipFile("Bad CRC-32")
        return real_scan(zf, member, check)

    monkeypatch.setattr(reading_zip, "_scan_sheet", scan)
    source, problems = Source.open(path, prefetch=True)
    assert source is None
    assert [p.severity for p in problems] == ["error"]
    assert "damaged" in problems[0].message
    assert _reader_threads() == []


def test_cancelling_while_a_later_file_opens_stops_the_earlier_files_parsing(
    tmp_path: Path,
) -> None:
    first = small_book(tmp_path / "first.xlsx")
    second = small_book(tmp_path / "second.xlsx")
    asked: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        asked.append(message)

    def cancelled() -> bool:
        return f"Opening {second.name}" in asked

    with pytest.raises(reading.ImportCancelled):
        load_workshop([first, second], progress=progress, cancelled=cancelled)
    assert f"Opening {first.name}" in asked
    assert _reader_threads() == []
