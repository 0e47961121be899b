"""Importing off the UI thread: the worker's results and Cancel, the mapping dialog (and its
memory), and the import report with its locations and buttons."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QThread
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from sweetspot.core.model import Problem, Workshop
from sweetspot.ui.dialogs.import_mapping import (
    MappingDialog,
    SheetChoice,
    needs_mapping,
    sheet_choices,
)
from sweetspot.ui.dialogs.import_report import ImportReportDialog
from sweetspot.ui.import_flow import ImportFlow
from sweetspot.ui.jobs import JobRunner
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
RETAIL = ROOT / "sample_data" / "retail_bank.xlsx"
PLANTED = ROOT / "sample_data" / "planted_errors.xlsx"


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def parent(qtbot: QtBot) -> QWidget:
    w = QWidget()
    qtbot.addWidget(w)
    return w


# -- worker ---------------------------------------------------------------------------------------
def test_worker_runs_off_the_ui_thread_and_emits_the_result(qtbot: QtBot, parent: QWidget) -> None:
    seen: dict[str, Any] = {}
    progress: list[tuple[float, str]] = []

    def job(report: Any, cancelled: Any) -> Workshop:
        seen["thread"] = QThread.currentThread()
        for k in range(3):
            report(k / 3, f"Reading sheet {k + 1}")
        return make_small_workshop()

    runner = JobRunner(job, parent, "Importing", show_progress=False)
    runner.worker.progress.connect(lambda f, m: progress.append((f, m)))
    with qtbot.waitSignal(runner.finished, timeout=5000) as blocker:
        runner.start()
    result = blocker.args[0]
    assert isinstance(result, Workshop)
    assert list(result.initiatives["id"]) == ["A", "B", "C"]
    assert seen["thread"] is not QThread.currentThread()
    qtbot.waitUntil(lambda: len(progress) == 3)
    assert progress[-1][1] == "Reading sheet 3"
    assert not runner.worker_thread.isRunning()


def test_cancel_button_stops_a_long_import(qtbot: QtBot, parent: QWidget) -> None:
    started = threading.Event()
    checks: list[bool] = []

    def job(report: Any, cancelled: Any) -> Workshop:
        started.set()
        for k in range(500):
            report(k / 500, "Reading rows…")
            if cancelled():
                checks.append(True)
                raise RuntimeError("stopped")  # the importer raises ImportCancelled here
            time.sleep(0.01)
        return make_small_workshop()

    runner = JobRunner(job, parent, "Importing", show_progress=True)
    finished: list[object] = []
    runner.finished.connect(finished.append)
    dialog = runner.progress_dialog
    assert dialog is not None
    runner.start()
    assert started.wait(5)
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        cancel.click()
    assert checks == [True]
    assert finished == []
    assert runner.progress_dialog is None  # closed


def test_a_crashing_importer_becomes_a_sentence(qtbot: QtBot, parent: QWidget) -> None:
    def job(report: Any, cancelled: Any) -> Workshop:
        raise MemoryError

    runner = JobRunner(job, parent, "Importing", show_progress=False)
    with qtbot.waitSignal(runner.failed, timeout=5000) as blocker:
        runner.start()
    assert blocker.args == ["The file is too large to read on this computer."]


@pytest.mark.skipif(not RETAIL.exists(), reason="sample data not built")
def test_real_import_of_the_sample_can_be_cancelled(qtbot: QtBot, parent: QWidget) -> None:
    importing = pytest.importorskip("sweetspot.core.importing")

    def job(report: Any, cancelled: Any) -> Workshop:
        return importing.load_workshop([RETAIL], progress=report, cancelled=lambda: True)

    runner = JobRunner(job, parent, "Importing", show_progress=False)
    with qtbot.waitSignal(runner.cancelled, timeout=30000):
        runner.start()


# -- mapping --------------------------------------------------------------------------------------
GUESSES = [
    {
        "key": "Sheet1",
        "sheet": "Sheet1",
        "kind": None,
        "header_row": 0,
        "columns": {},
        "unrecognised": [],
        "preview": [
            ["Customer voice, Q3", "", ""],
            ["Ref", "What customers said", "How much it matters"],
            ["C1", "Queues are too long", "5"],
        ],
    },
    {
        "key": "Objectives",
        "sheet": "Objectives",
        "kind": "objectives",
        "header_row": 1,
        "columns": {"ID": "id", "Objective": "objective", "Weight": "weight"},
        "unrecognised": [],
    },
    {
        "key": "Initiatives",
        "sheet": "Initiatives",
        "kind": "initiatives",
        "header_row": 1,
        "columns": {"ID": "id", "Initiative": "initiative"},
        "unrecognised": [],
    },
    {
        "key": "Links",
        "sheet": "Links",
        "kind": "links",
        "form": "long",
        "header_row": 1,
        "columns": {"Initiative": "initiative", "Target": "target", "Strength": "strength"},
        "unrecognised": [],
    },
    {"key": "Read me", "sheet": "Read me", "kind": None, "preview": [["Fill in the sheets"]]},
]


def test_needs_mapping_only_when_something_would_be_lost() -> None:
    choices = sheet_choices(GUESSES)
    assert choices[0].headers == ["Ref", "What customers said", "How much it matters"]
    assert choices[0].header_row == 2
    assert needs_mapping(choices)
    # Without the unreadable sheet there is nothing to assign: the import report says what
    # is missing. With all four tables found, an instructions sheet is no reason to ask.
    assert not needs_mapping(choices[1:4])
    insights = {
        "key": "I",
        "sheet": "I",
        "kind": "insights",
        "columns": {"ID": "id", "Need": "need", "Imp": "importance"},
    }
    assert not needs_mapping(sheet_choices([insights, *GUESSES[1:]]))
    matrix = sheet_choices([{"key": "M", "sheet": "M", "kind": "links", "form": "matrix"}])
    assert matrix[0].kind == "matrix"
    # A recognised table with an extra column is kept as a custom column: no question.
    extra = SheetChoice(
        "O", "O", "objectives", {"ID": "id", "Objective": "objective", "Notes": ""}, ["Notes"]
    )
    assert not needs_mapping([extra])
    missing = SheetChoice(
        "I", "I", "insights", {"ID": "id", "Need": "need", "Score": ""}, ["Score"], ["importance"]
    )
    assert needs_mapping([missing])


class FakeImporter:
    def __init__(self, workshop: Workshop | None = None) -> None:
        self.calls: list[dict[str, Any]] = []
        self.workshop = workshop or make_small_workshop()

    def load(self, paths: list[Path], **kwargs: Any) -> Workshop:
        self.calls.append(kwargs)
        return self.workshop


def test_mapping_dialog_assigns_sheets_and_columns_and_is_remembered(
    qtbot: QtBot, parent: QWidget, settings: QSettings, tmp_path: Path
) -> None:
    pytest.importorskip("sweetspot.core.importing")
    importer = FakeImporter()
    paths = [tmp_path / "survey export.xlsx"]

    flow = ImportFlow(
        parent,
        paths,
        settings,
        loader=importer.load,
        inspector=lambda _p: GUESSES,
        show_progress=False,
    )
    flow.start()
    qtbot.waitUntil(
        lambda: flow.mapping_dialog is not None and flow.mapping_dialog.isVisible(), timeout=5000
    )
    dlg = flow.mapping_dialog
    assert isinstance(dlg, MappingDialog)
    assert "No sheet holds Customer insights yet." in dlg.status.text()
    assert dlg.kind_of(4) == "ignore"  # the instructions sheet
    dlg.set_kind(0, "insights")
    dlg.set_field(0, "Ref", "id")
    dlg.set_field(0, "What customers said", "need")
    dlg.set_field(0, "How much it matters", "importance")
    assert dlg.ok_button.isEnabled()
    assert dlg.status.text() == "✓ Ready to import."
    with qtbot.waitSignal(flow.finished, timeout=5000):
        dlg.ok_button.click()
    mapping = importer.calls[0]["mapping"]
    data = mapping.to_dict() if hasattr(mapping, "to_dict") else vars(mapping)
    assert data["tables"]["Sheet1"] == "insights"
    assert data["columns"]["Sheet1"]["How much it matters"] == "importance"
    assert data["tables"]["Objectives"] == "objectives"
    assert data["tables"]["Read me"] == "ignore"
    assert data["header_rows"]["Sheet1"] == 2

    # The same file again: no dialog, the remembered answer is used.
    again = ImportFlow(
        parent,
        paths,
        settings,
        loader=importer.load,
        inspector=lambda _p: GUESSES,
        show_progress=False,
    )
    with qtbot.waitSignal(again.finished, timeout=5000):
        again.start()
    assert again.mapping_dialog is None
    second = importer.calls[1]["mapping"]
    data2 = second.to_dict() if hasattr(second, "to_dict") else vars(second)
    assert data2["columns"]["Sheet1"]["What customers said"] == "need"


def test_cancelling_the_mapping_cancels_the_import(
    qtbot: QtBot, parent: QWidget, settings: QSettings, tmp_path: Path
) -> None:
    importer = FakeImporter()
    flow = ImportFlow(
        parent,
        [tmp_path / "x.xlsx"],
        settings,
        loader=importer.load,
        inspector=lambda _p: GUESSES,
        show_progress=False,
    )
    flow.start()
    qtbot.waitUntil(lambda: flow.mapping_dialog is not None, timeout=5000)
    with qtbot.waitSignal(flow.cancelled, timeout=2000):
        flow.mapping_dialog.reject()
    assert importer.calls == []
    assert flow.outcome == "cancelled"


# -- import report --------------------------------------------------------------------------------
def problem_workshop() -> Workshop:
    w = make_small_workshop()
    w.problems = [
        Problem("info", "Insights", "", "Scale 1–5 found in the data."),
        Problem("warning", "Insights", "D3", "Satisfaction is blank; the gap counts as 0."),
        Problem("error", "Links", "C10", "Initiative X9 does not exist; the link is left out."),
        Problem("error", "Insights", "E7", "Importance 12 is outside the 1–5 scale."),
        Problem("error", "Insights", "E12", "Importance is not a number."),
    ]
    return w


def test_report_lists_every_problem_with_its_location_errors_first(parent: QWidget) -> None:
    dlg = ImportReportDialog(parent, problem_workshop(), "bank.xlsx")
    rows = dlg.rows()
    assert rows[:3] == [
        ("Error", "Insights!E7", "Importance 12 is outside the 1–5 scale."),
        ("Error", "Insights!E12", "Importance is not a number."),
        ("Error", "Links!C10", "Initiative X9 does not exist; the link is left out."),
    ]
    assert rows[3] == ("Warning", "Insights!D3", "Satisfaction is blank; the gap counts as 0.")
    assert rows[4][0] == "Note"
    assert not dlg.table.item(0, 0).icon().isNull()
    assert dlg.import_button is not None and dlg.import_button.text() == "Import valid rows"
    assert "Insights!E7" in dlg.as_text()


def test_flow_shows_the_report_and_imports_valid_rows_or_cancels(
    qtbot: QtBot, parent: QWidget, settings: QSettings, tmp_path: Path
) -> None:
    importer = FakeImporter(problem_workshop())
    flow = ImportFlow(
        parent,
        [tmp_path / "bank.xlsx"],
        settings,
        loader=importer.load,
        inspector=lambda _p: [],
        show_progress=False,
    )
    flow.start()
    qtbot.waitUntil(
        lambda: flow.report_dialog is not None and flow.report_dialog.isVisible(), timeout=5000
    )
    assert flow.outcome == ""
    with qtbot.waitSignal(flow.finished, timeout=2000) as blocker:
        flow.report_dialog.import_button.click()
    workshop, paths = blocker.args
    assert workshop is importer.workshop and paths == [tmp_path / "bank.xlsx"]

    cancelled = ImportFlow(
        parent,
        [tmp_path / "bank.xlsx"],
        settings,
        loader=importer.load,
        inspector=lambda _p: [],
        show_progress=False,
    )
    cancelled.start()
    qtbot.waitUntil(lambda: cancelled.report_dialog is not None, timeout=5000)
    with qtbot.waitSignal(cancelled.cancelled, timeout=2000):
        cancelled.report_dialog.reject()
    assert cancelled.outcome == "cancelled"


def test_no_report_when_there_are_only_notes(
    qtbot: QtBot, parent: QWidget, settings: QSettings, tmp_path: Path
) -> None:
    w = make_small_workshop()
    w.problems = [Problem("info", "Insights", "", "Scale 1–5 found in the data.")]
    flow = ImportFlow(
        parent,
        [tmp_path / "a.xlsx"],
        settings,
        loader=FakeImporter(w).load,
        inspector=lambda _p: [],
        show_progress=False,
    )
    with qtbot.waitSignal(flow.finished, timeout=5000):
        flow.start()
    assert flow.report_dialog is None


@pytest.mark.skipif(not PLANTED.exists(), reason="sample data not built")
def test_planted_errors_sample_reports_cells(
    qtbot: QtBot, parent: QWidget, settings: QSettings
) -> None:
    pytest.importorskip("sweetspot.core.importing")
    flow = ImportFlow(parent, [PLANTED], settings, show_progress=False)
    flow.start()
    qtbot.waitUntil(
        lambda: (
            flow.report_dialog is not None or flow.mapping_dialog is not None or bool(flow.outcome)
        ),
        timeout=30000,
    )
    if flow.mapping_dialog is not None:
        pytest.skip("the planted-errors sample needs a mapping")
    assert flow.report_dialog is not None
    rows = flow.report_dialog.rows()
    assert any(kind == "Error" and "!" in where for kind, where, _ in rows)
    flow.report_dialog.reject()


def test_real_workbook_with_an_unknown_sheet_is_mapped_and_imported(
    qtbot: QtBot, parent: QWidget, settings: QSettings, tmp_path: Path
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    pytest.importorskip("sweetspot.core.importing")
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Voice"
    ws.append(["Ref", "What customers said", "How much it matters", "Happy today"])
    ws.append(["C1", "Queues too long", 5, 2])
    ws.append(["C2", "App keeps crashing", 4, 1])
    for title, rows in (
        ("Objectives", [["ID", "Objective", "Weight"], ["O1", "Cut cost to serve", 2]]),
        ("Initiatives", [["ID", "Initiative", "Effort"], ["A", "Queue-free booking", 2]]),
        ("Links", [["Initiative", "Target", "Strength"], ["A", "C1", 9], ["A", "O1", 3]]),
    ):
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "voice of customer.xlsx"
    book.save(path)

    flow = ImportFlow(parent, [path], settings, show_progress=False)
    flow.start()
    qtbot.waitUntil(lambda: flow.mapping_dialog is not None, timeout=15000)
    dlg = flow.mapping_dialog
    assert dlg is not None
    dlg.set_kind(0, "insights")
    for header, field_name in (
        ("Ref", "id"),
        ("What customers said", "need"),
        ("How much it matters", "importance"),
        ("Happy today", "satisfaction"),
    ):
        dlg.set_field(0, header, field_name)
    with qtbot.waitSignal(flow.finished, timeout=15000) as blocker:
        dlg.accept()
    workshop = blocker.args[0]
    assert list(workshop.insights["id"]) == ["C1", "C2"]
    assert list(workshop.insights["importance"]) == [5.0, 4.0]
    assert list(workshop.insights["satisfaction"]) == [2.0, 1.0]
    assert workshop.can_score


def test_a_missing_objective_weight_column_is_flagged(qtbot: QtBot, parent: QWidget) -> None:
    # The weight is required by the core (columns.required_fields); the dialog must ask for it
    # rather than let the import fail on it afterwards.
    sheet = {
        "key": "Goals",
        "sheet": "Goals",
        "kind": "objectives",
        "header_row": 1,
        "columns": {"ID": "id", "Objective": "objective"},
        "unrecognised": ["How much it counts"],
    }
    choices = sheet_choices([sheet, *GUESSES[2:4]])
    assert choices[0].missing == ["weight"]
    assert needs_mapping(choices)
    dlg = MappingDialog(parent, choices, "goals.xlsx")
    qtbot.addWidget(dlg)
    assert "Goals: which column holds Weight?" in dlg.status.text()
    dlg.set_field(0, "How much it counts", "weight")
    assert "which column holds" not in dlg.status.text()


def test_a_workbook_that_needs_no_matching_is_read_once(
    qtbot: QtBot, parent: QWidget, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sweetspot.core import importing, inputs

    reads: list[list[Path]] = []
    real = inputs.load_workshop

    def counted(paths: list[Path], **kwargs: Any) -> Workshop:
        reads.append(list(paths))
        return real(paths, **kwargs)

    def no_second_look(_paths: Any) -> list[Any]:
        raise AssertionError("the workbook was inspected apart from its import")

    monkeypatch.setattr(inputs, "load_workshop", counted)
    monkeypatch.setattr(importing, "inspect_inputs", no_second_look)
    flow = ImportFlow(parent, [RETAIL], settings, show_progress=False)
    with qtbot.waitSignal(flow.finished, timeout=30000) as blocker:
        flow.start()
    assert reads == [[RETAIL]]
    workshop = blocker.args[0]
    assert len(workshop.initiatives) > 0 and workshop.can_score
