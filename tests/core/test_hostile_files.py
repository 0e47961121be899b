"""Hostile and broken inputs, end to end: `sweetspot validate FILE` in a child process with a
memory limit and a timeout, so a regression (a calamine abort, a zip bomb, an entity expansion)
fails one test instead of killing pytest or the machine.

Each file is generated here. A broken file gives exit 1 and one clear `ERROR` line naming it; a
file that is still usable (hidden sheet, stray far cell, merged header, long text) gives exit 0
and says what it did. Never a traceback, never an abort.
"""

from __future__ import annotations

import codecs
import json
import os
import resource
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the child: a bomb cannot take the laptop
TIMEOUT = 30.0  # seconds; a hang fails the test instead of the suite
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

Rows = list[list[Any]]


def clean_sheets() -> dict[str, Rows]:
    return {
        "Insights": [
            ["ID", "Need", "Importance", "Satisfaction"],
            ["I1", "Queues in branch are too long", 5, 2],
            ["I2", "App login keeps failing", 3, 4],
        ],
        "Objectives": [["ID", "Objective", "Weight"], ["O1", "Cut cost to serve", 2]],
        "Initiatives": [
            ["ID", "Initiative", "Effort"],
            ["A", "Queue-free branch booking", 2],
            ["B", "Biometric login", 3],
        ],
        "Links": [
            ["Initiative", "Target", "Strength"],
            ["A", "I1", "strong"],
            ["A", "O1", "medium"],
            ["B", "I2", 9],
        ],
    }


def write_book(
    path: Path,
    sheets: dict[str, Rows] | None = None,
    edit: Callable[[openpyxl.Workbook], None] | None = None,
) -> Path:
    wb = openpyxl.Workbook()
    for i, (name, rows) in enumerate((sheets or clean_sheets()).items()):
        ws = wb.active if i == 0 else wb.create_sheet(name)
        assert ws is not None
        ws.title = name
        for row in rows:
            ws.append(row)
    if edit is not None:
        edit(wb)
    wb.save(path)
    return path


def replace_member(path: Path, member: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as zin:
        parts = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    assert member in [name for name, _ in parts]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, content in parts:
            zout.writestr(name, data if name == member else content)


def sheet_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN_NS}">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


# -- running the CLI in a fenced-off child -------------------------------------------------------


def _limit_child() -> None:  # runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in (self.out + self.err).splitlines() if line.strip()]

    def lines_starting(self, prefix: str) -> list[str]:
        return [line for line in self.lines if line.startswith(prefix)]


def run_child(args: list[str], timeout: float = TIMEOUT) -> Run:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONFAULTHANDLER": "0"}
    env.pop("SWEETSPOT_DEBUG", None)
    done = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
        preexec_fn=_limit_child,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def validate(*paths: Path) -> Run:
    run = run_child(["-m", "sweetspot", "validate", *map(str, paths)])
    # Whatever the file: no traceback, no abort, no internal-problem fallback.
    assert run.code in (0, 1), (run.code, run.out[-3000:], run.err[-3000:])
    assert "Traceback" not in run.out + run.err
    assert "internal problem" not in run.out + run.err
    assert run.err == "", run.err[-3000:]
    return run


def refused(path: Path, *needles: str) -> str:
    """Validate a file that cannot be used: exit 1 and exactly one ERROR line, about the file."""
    run = validate(path)
    assert run.code == 1, run.out
    errors = run.lines_starting("ERROR")
    assert len(errors) == 1, run.out
    line = errors[0]
    assert line.startswith(f"ERROR {path.name}: "), line
    assert "\n" not in line and len(line) < 400
    for needle in needles:
        assert needle in line, line
    # The last line is the summary: nothing read.
    assert run.lines[-1].startswith("0 insights, 0 objectives, 0 initiatives, 0 links;")
    return line


def usable(*paths: Path) -> Run:
    run = validate(*paths)
    assert run.code == 0, run.out
    assert not run.lines_starting("ERROR"), run.out
    assert run.lines[-1].endswith("can be scored."), run.out
    return run


# -- empty, not a spreadsheet, random bytes ------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.csv", "empty.ods", "empty.xls"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    assert refused(path) == f"ERROR {name}: {name} is empty."


def test_csv_of_blank_lines_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\r\n \r\n\t\r\n")
    refused(path, "blank.csv is empty.")


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "is not a .xlsx workbook"),
        ("letter.xlsx", b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 100, "is not a .xlsx workbook"),
        ("notes.ods", b"just some text\n" * 50, "is not a .ods workbook"),
        ("old.xls", b"<html><body>not excel</body></html>", "is not an Excel 97"),
    ],
)
def test_not_a_spreadsheet(tmp_path: Path, name: str, data: bytes, needle: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    refused(path, needle)


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("holiday/readme.txt", "pictures")
    refused(path, "is not an Excel workbook")


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm", ".ods", ".xls", ".csv", ""])
def test_random_bytes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"survey{suffix}"
    path.write_bytes(os.urandom(64 * 1024))
    line = refused(path)
    assert any(w in line for w in ("damaged", "binary data", "not a text CSV")), line


# -- truncated, encrypted ----------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.95])
def test_truncated_workbook(tmp_path: Path, keep: float) -> None:
    path = write_book(tmp_path / "cut.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    refused(path, "cut.xlsx could not be read: the file is damaged or incomplete")


def test_truncated_ods(tmp_path: Path) -> None:
    good = write_book(tmp_path / "good.xlsx")
    # An .ods is a zip too; a cut one is damaged whatever its content.
    path = tmp_path / "cut.ods"
    path.write_bytes(good.read_bytes()[:1500])
    refused(path, "damaged")


def test_password_protected_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "secret.xlsx"
    # Excel saves an encrypted .xlsx as an OLE2 compound file (D0 CF 11 E0 …).
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 16 + struct.pack("<HH", 0x3E, 3)
    path.write_bytes(header + b"\x00" * 490 + os.urandom(8192))
    refused(path, "password-protected", "Remove the password")


# -- XML attacks -------------------------------------------------------------------------------

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
EXTERNAL = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("prolog", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
@pytest.mark.parametrize(
    "member", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"]
)
def test_xml_entities_are_refused(tmp_path: Path, prolog: str, member: str) -> None:
    entity = "&lol9;" if prolog == LAUGHS else "&xxe;"
    path = write_book(tmp_path / "entities.xlsx")
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        original = z.read(member).decode() if member in names else ""
    if member == "xl/worksheets/sheet1.xml":
        data = sheet_xml(
            f'<row r="1"><c r="A1" t="inlineStr"><is><t>{entity}</t></is></c></row>', prolog
        )
        replace_member(path, member, data)
    elif member == "xl/sharedStrings.xml":
        data = (
            f'<?xml version="1.0"?>{prolog}<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1">'
            f"<si><t>{entity}</t></si></sst>"
        ).encode()
        if member in names:
            replace_member(path, member, data)
        else:
            with zipfile.ZipFile(path, "a") as z:
                z.writestr(member, data)
    else:
        body = original.split("?>", 1)[1] if original.startswith("<?xml") else original
        replace_member(path, member, f'<?xml version="1.0"?>{prolog}{body}'.encode())
    line = refused(path, "entities.xlsx was not opened", "declares XML entities", member)
    assert "root:" not in line


def test_xml_entities_in_an_ods_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "entities.ods"
    content = (
        f'<?xml version="1.0"?>{LAUGHS}<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Insights"><table:table-row>'
        "<table:table-cell><text:p>&lol9;</text:p></table:table-cell></table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    refused(path, "entities.ods was not opened", "declares XML entities")


# -- zip bombs ---------------------------------------------------------------------------------


def _patch_sizes(path: Path, member: str, *, declared: int) -> None:
    """Make the zip lie about one member's uncompressed size (local and central headers)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    # Central directory entry: signature, … uncompressed size at offset 24, name at 46.
    pos = data.find(b"PK\x01\x02")
    patched = 0
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == name:
            struct.pack_into("<I", data, pos + 24, declared)
            local = struct.unpack_from("<I", data, pos + 42)[0]
            struct.pack_into("<I", data, local + 22, declared)
            patched += 1
        pos = data.find(b"PK\x01\x02", pos + 4)
    assert patched == 1
    path.write_bytes(bytes(data))


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = write_book(tmp_path / "bomb.xlsx")
    huge = "a" * 60_000_000
    replace_member(
        path,
        "xl/worksheets/sheet1.xml",
        sheet_xml(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{huge}</t></is></c></row>'),
    )
    refused(path, "bomb.xlsx was not opened", "times its packed size")


def test_zip_bomb_by_declared_size(tmp_path: Path) -> None:
    path = write_book(tmp_path / "declared.xlsx")
    _patch_sizes(path, "xl/worksheets/sheet1.xml", declared=3_000_000_000)
    refused(path, "declared.xlsx was not opened", "would unpack to 2.8 GB")


def test_zip_bomb_that_lies_about_its_size(tmp_path: Path) -> None:
    """A part that claims to be small but inflates to 200 MB: only reading proves it."""
    path = write_book(tmp_path / "liar.xlsx")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = b"<si><t>" + b"x" * 1_000_000 + b"</t></si>"
    packed = packer.compress(b'<?xml version="1.0"?><sst xmlns="' + MAIN_NS.encode() + b'">')
    for _ in range(200):
        packed += packer.compress(block)
    packed += packer.compress(b"</sst>") + packer.flush()
    # Written as stored bytes that are really a deflate stream, then relabelled deflate.
    with zipfile.ZipFile(path) as zin:
        parts = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, content in parts:
            if name != "xl/sharedStrings.xml":
                zout.writestr(name, content)
        info = zipfile.ZipInfo("xl/sharedStrings.xml")
        info.compress_type = zipfile.ZIP_STORED
        zout.writestr(info, packed)
    data = bytearray(path.read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == b"xl/sharedStrings.xml":
            local = struct.unpack_from("<I", data, pos + 42)[0]
            for at in (pos + 10, local + 8):  # compression method: deflate
                struct.pack_into("<H", data, at, 8)
            # Declared uncompressed size: 4 KB.
            struct.pack_into("<I", data, pos + 24, 4096)
            struct.pack_into("<I", data, local + 22, 4096)
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))
    line = refused(path, "liar.xlsx")
    assert "damaged" in line or "was not opened" in line


def test_ods_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bomb.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", b"<a>" + b" " * 60_000_000 + b"</a>")
    refused(path, "bomb.ods was not opened", "times its packed size")


# -- the stray far cell (calamine would abort the process) ---------------------------------------


def test_stray_cell_at_xfd1048576(tmp_path: Path) -> None:
    def stray(wb: openpyxl.Workbook) -> None:
        wb["Insights"]["XFD1048576"] = "oops"

    path = write_book(tmp_path / "stray.xlsx", edit=stray)
    run = usable(path)
    assert run.lines_starting("WARNING Insights!XFD1048576: The sheet has a stray value")
    assert "2 insights, 1 objectives, 2 initiatives, 3 links" in run.lines[-1]


def test_stray_cells_in_every_sheet_and_a_stale_dimension(tmp_path: Path) -> None:
    def stray(wb: openpyxl.Workbook) -> None:
        for ws in wb.worksheets:
            ws["XFD1"] = "far right"
            ws["A1048576"] = "far down"
            ws["XFD1048576"] = "far corner"

    path = write_book(tmp_path / "strays.xlsx", edit=stray)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    # Claim a tiny used range: readers that trust it would see no stray cells at all.
    replace_member(
        path,
        "xl/worksheets/sheet1.xml",
        xml.replace(b'<dimension ref="A1:XFD1048576"/>', b'<dimension ref="A1:D3"/>'),
    )
    run = usable(path)
    assert len(run.lines_starting("WARNING Insights!")) == 3


# -- long cells, encodings, binary named .csv -------------------------------------------------


def test_very_long_cells_in_a_workbook(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Insights"][1][1] = "Queues " * 150_000  # 1 MB in one cell, 32 times Excel's limit
    sheets["Insights"][0].append("Verbatim")
    sheets["Insights"][1].append("x" * 2_000_000)
    usable(write_book(tmp_path / "long.xlsx", sheets))


def write_csvs(folder: Path, encoding: str = "utf-8", long_cell: str = "") -> Path:
    folder.mkdir()
    for name, rows in clean_sheets().items():
        lines = []
        for i, row in enumerate(rows):
            cells = [str(c) for c in row]
            if name == "Insights" and i == 1:
                cells[1] = "Café queues – “too long”" + long_cell
            lines.append(",".join(f'"{c}"' for c in cells))
        (folder / f"{name.lower()}.csv").write_bytes("\r\n".join(lines).encode(encoding))
    return folder


def test_very_long_cell_in_a_csv(tmp_path: Path) -> None:
    usable(write_csvs(tmp_path / "long", long_cell="x" * 1_000_000))


@pytest.mark.parametrize(
    ("encoding", "note"),
    [
        ("utf-8", ""),
        ("utf-8-sig", ""),
        ("utf-16", ""),
        ("cp1252", "not UTF-8; it was read as Windows (cp1252) text"),
        ("utf-16-le", ""),
        ("utf-16-be", ""),
    ],
)
def test_text_encodings(tmp_path: Path, encoding: str, note: str) -> None:
    run = usable(write_csvs(tmp_path / "csvs", encoding))
    if note:
        assert any(note in line for line in run.lines_starting("INFO insights.csv:")), run.out


def test_a_file_in_an_encoding_that_is_not_text(tmp_path: Path) -> None:
    folder = write_csvs(tmp_path / "csvs")
    # UTF-32 without a byte-order mark: three NULs per letter.
    (folder / "insights.csv").write_bytes("ID,Need,Importance\r\nI1,Q,4".encode("utf-32-le"))
    run = validate(folder)
    assert run.code == 1
    (error,) = [line for line in run.lines_starting("ERROR insights.csv:")]
    assert "is not a text CSV file" in error or "encoding" in error


@pytest.mark.parametrize(
    "head",
    [
        b"PK\x03\x04",  # a workbook renamed .csv
        bytes.fromhex("D0CF11E0A1B11AE1"),  # an old .xls renamed .csv
        b"\x7fELF\x02\x01\x01",  # a program
        b"\x89PNG\r\n\x1a\n",  # a picture
        b"\x1f\x8b\x08\x00",  # gzip
    ],
)
def test_binary_data_named_csv(tmp_path: Path, head: bytes) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(head + os.urandom(4096))
    refused(path, "export.csv is not a text CSV file")


# -- formulas without values, merged headers, hidden sheets ------------------------------------


def test_formulas_without_cached_values_warn_values_missing(tmp_path: Path) -> None:
    def formulas(wb: openpyxl.Workbook) -> None:
        ws = wb["Insights"]
        ws["C2"] = "=2+3"  # openpyxl writes the formula and no computed value
        ws["C3"] = "=SUM(1,2)"
        ws["E1"] = "Notes"
        ws["E2"] = '=CONCAT("a","b")'

    run = validate(write_book(tmp_path / "formulas.xlsx", edit=formulas))
    warnings = run.lines_starting("WARNING Insights!")
    assert any(w.startswith("WARNING Insights!C2:") for w in warnings), run.out
    assert all("values missing" in w for w in warnings), warnings
    assert {w.split(":", 1)[0] for w in warnings} == {
        "WARNING Insights!C2",
        "WARNING Insights!C3",
        "WARNING Insights!E2",
    }


def test_formulas_with_cached_values_are_fine(tmp_path: Path) -> None:
    path = write_book(tmp_path / "cached.xlsx")
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    # Excel stores the formula and its last computed value side by side.
    xml = xml.replace('<c r="C2" t="n"><v>5</v></c>', '<c r="C2"><f>2+3</f><v>5</v></c>')
    assert "<f>2+3</f>" in xml
    replace_member(path, "xl/worksheets/sheet1.xml", xml.encode())
    run = usable(path)
    assert not run.lines_starting("WARNING"), run.out


def test_merged_header_cells(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Insights"] = [
        ["ID", "Need", "Scores", None, "Segment"],
        [None, None, "Importance", "Satisfaction", None],
        ["I1", "Queues", 4, 2, "Retail"],
        ["I2", "Login", 3, 3, None],
    ]

    def merged(wb: openpyxl.Workbook) -> None:
        for rng in ("A1:A2", "B1:B2", "C1:D1", "E1:E2", "E3:E4"):
            wb["Insights"].merge_cells(rng)

    run = usable(write_book(tmp_path / "merged.xlsx", sheets, merged))
    assert "2 insights, 1 objectives, 2 initiatives, 3 links; 0 errors" in run.lines[-1]


def test_hidden_sheets(tmp_path: Path) -> None:
    sheets = clean_sheets()
    sheets["Old links"] = [["Initiative", "Target", "Strength"], ["B", "I1", 1]]

    def hide_old(wb: openpyxl.Workbook) -> None:
        wb["Old links"].sheet_state = "hidden"

    run = usable(write_book(tmp_path / "hidden.xlsx", sheets, hide_old))
    assert run.lines_starting("INFO Old links: The hidden sheet Old links was skipped"), run.out
    assert "3 links" in run.lines[-1]

    def hide_links(wb: openpyxl.Workbook) -> None:
        wb["Links"].sheet_state = "veryHidden"

    # The only Links table is (very) hidden: used, and said so.
    run = usable(write_book(tmp_path / "veryhidden.xlsx", edit=hide_links))
    assert run.lines_starting("WARNING Links: The sheet Links is hidden"), run.out
    assert "3 links" in run.lines[-1]


# -- the app's import path (inspect for the mapping dialog, then load) -------------------------

APP_PATH_SCRIPT = """
import json, sys
from pathlib import Path
from sweetspot.core.importing import inspect_inputs, load_workshop
out = {}
for name in sys.argv[1:]:
    guesses = inspect_inputs([Path(name)])
    w = load_workshop([Path(name)])
    out[Path(name).name] = [len(guesses), [p.severity for p in w.problems], w.can_score]
print(json.dumps(out))
"""


def test_the_app_import_path_survives_every_hostile_file(tmp_path: Path) -> None:
    """The mapping dialog's `inspect_inputs` and the import itself, in one fenced child."""
    files = []
    stray = write_book(tmp_path / "stray.xlsx", edit=lambda wb: wb["Links"].cell(1048576, 16384, 1))
    files.append(stray)
    laughs = write_book(tmp_path / "laughs.xlsx")
    replace_member(
        laughs,
        "xl/worksheets/sheet1.xml",
        sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', LAUGHS),
    )
    files.append(laughs)
    bomb = write_book(tmp_path / "bomb.xlsx")
    replace_member(bomb, "xl/worksheets/sheet2.xml", sheet_xml(" " * 60_000_000))
    files.append(bomb)
    (tmp_path / "random.xlsx").write_bytes(os.urandom(10_000))
    files.append(tmp_path / "random.xlsx")
    (tmp_path / "binary.csv").write_bytes(b"PK\x03\x04" + os.urandom(1000))
    files.append(tmp_path / "binary.csv")
    run = run_child(["-c", APP_PATH_SCRIPT, *map(str, files)], timeout=60)
    assert run.code == 0, run.err[-3000:]
    out = json.loads(run.out)
    assert out["stray.xlsx"][2] is True  # usable, with a warning about the stray cell
    assert "warning" in out["stray.xlsx"][1]
    for name in ("laughs.xlsx", "bomb.xlsx", "random.xlsx", "binary.csv"):
        assert out[name][2] is False
        assert out[name][1] == ["error"], (name, out[name])


def test_the_fence_itself_stops_a_runaway_child() -> None:
    """Self-check: the memory limit really applies, so a bomb cannot pass by luck."""
    run = run_child(["-c", "x = bytearray(3 * 1024**3)"])
    assert run.code != 0
    assert "MemoryError" in run.err


def test_bom_constants_are_what_the_encodings_write() -> None:
    assert "a".encode("utf-16").startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    assert "a".encode("utf-8-sig").startswith(codecs.BOM_UTF8)


def test_openpyxl_parses_with_defusedxml() -> None:
    """The fallback reader (openpyxl, for sheets calamine must not see) refuses entities too."""
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
