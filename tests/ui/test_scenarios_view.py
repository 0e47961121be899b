"""The scenarios view driven through its real widgets: lenses saved, ticked, applied, undone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from benchmarks.synthetic import make_workshop
from sweetspot.core.edits import SetCell, SetSettings
from sweetspot.core.lenses import compare
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoringSettings
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.scenarios_view import CURRENT, ScenariosView
from tests.conftest import make_small_workshop

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(qapp: object, small_workshop: Workshop) -> WorkshopDocument:
    return WorkshopDocument(small_workshop)


@pytest.fixture
def view(qtbot: QtBot, doc: WorkshopDocument) -> ScenariosView:
    v = ScenariosView(doc)
    qtbot.addWidget(v)
    v.resize(1000, 700)
    v.show()
    qtbot.waitExposed(v)
    return v


def column(view: ScenariosView, header: str) -> list[str]:
    m = view.model
    c = [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())].index(header)
    return [m.text(r, c) for r in range(m.rowCount())]


def test_save_tick_and_compare(qtbot: QtBot, view: ScenariosView, doc: WorkshopDocument) -> None:
    assert view.lens_names() == [CURRENT]
    assert "Save a lens" in view.summary.text()
    # Save the current settings as "Balanced", then switch to a Young families lens and save it.
    assert view.save_current_as("Balanced")
    doc.edit(SetSettings(doc.settings.with_changes(segments=frozenset({"Young families"})), "Lens"))
    assert view.save_current_as("Young families")
    qtbot.waitUntil(lambda: view.lens_names() == [CURRENT, "Balanced", "Young families"])
    qtbot.waitUntil(lambda: not view._stale)
    assert set(doc.lenses) == {"Balanced", "Young families"}
    # Untick the current settings (same as Young families now): Balanced vs Young families.
    view.set_ticked(CURRENT, False)
    assert view.ticked() == ["Balanced", "Young families"]
    headers = [
        view.model.headerData(i, Qt.Orientation.Horizontal) for i in range(view.model.columnCount())
    ]
    assert headers[:4] == ["ID", "Initiative", "Rank: Balanced", "Rank: Young families"]
    assert column(view, "ID") == ["A", "B", "C"]
    assert column(view, "Rank: Balanced") == ["1", "2", "3"]
    assert column(view, "Rank: Young families") == ["2", "1", "3"]
    # Top 1: no robust sweet spot; top 2: A and B are, and their rows are highlighted.
    assert "No initiative is in the top 5" not in view.summary.text()
    view.top_spin.setValue(1)
    assert "No initiative is in the top 1 under all 2 lenses" in view.summary.text()
    view.top_spin.setValue(2)
    assert "2 robust sweet spots" in view.summary.text() and "A, B" in view.summary.text()
    robust_col = "Robust sweet spot (top 2 under every lens)"
    assert column(view, robust_col) == ["Yes", "Yes", ""]
    assert view.model.highlight.tolist() == [True, True, False]
    # The bump chart draws one line per initiative with its ranks.
    lines = view.figure.axes[0].get_lines()
    assert [np.asarray(line.get_ydata()).tolist() for line in lines][:2] == [[1, 2], [2, 1]]
    # Export sheet.
    sheet = view.export_sheets()["Scenarios"]
    assert sheet["Rank: Young families"].tolist() == [2, 1, 3]


def test_apply_delete_and_undo(qtbot: QtBot, view: ScenariosView, doc: WorkshopDocument) -> None:
    doc.lenses["CFO lens"] = ScoringSettings(alpha=0.1)
    doc.changed.emit()
    qtbot.waitUntil(lambda: view.lens_names() == [CURRENT, "CFO lens"])
    view.lens_list.setCurrentRow(1)
    assert view.apply_button.isEnabled()
    view.apply_button.click()
    assert doc.settings.alpha == 0.1
    doc.undo_stack.undo()
    assert doc.settings.alpha == 0.5
    view.lens_list.setCurrentRow(1)
    view.delete_button.click()
    qtbot.waitUntil(lambda: view.lens_names() == [CURRENT])
    assert doc.lenses == {}
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: view.lens_names() == [CURRENT, "CFO lens"])
    assert doc.lenses["CFO lens"].alpha == 0.1


def test_row_click_selects_initiative(qtbot: QtBot, qapp: object) -> None:
    w = make_workshop("S", seed=7)
    doc = WorkshopDocument(w)
    doc.lenses = {"CX": ScoringSettings(alpha=0.8), "CFO": ScoringSettings(alpha=0.2)}
    v = ScenariosView(doc)
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    v.refresh()
    expected = compare(
        w, {CURRENT: doc.settings, "CX": doc.lenses["CX"], "CFO": doc.lenses["CFO"]}, 5
    )
    assert column(v, "ID") == expected.table["id"].tolist()
    assert column(v, "Rank: CFO") == [str(r) for r in expected.ranks["CFO"]]
    index = v.model.index(3, 0)
    v.table.selectionModel().select(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert doc.selection == [expected.table["id"].iloc[3]]


def test_main_window_has_scenarios_and_robustness_tabs(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QSettings

    from sweetspot.ui import dialogs
    from sweetspot.ui.main_window import MainWindow
    from sweetspot.ui.views.robustness_view import RobustnessView

    monkeypatch.setattr(dialogs, "ask_save_changes", lambda *_a: "discard")
    monkeypatch.setattr(dialogs, "ask_restore_recovery", lambda *_a: "later")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, recovery_folder=tmp_path / "recovery", show_progress=False)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.adopt_workshop(make_small_workshop())
    scenarios = window.scenarios
    assert isinstance(scenarios, ScenariosView)
    assert isinstance(window.robustness_view, RobustnessView)
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles[-2:] == ["Scenarios", "Robustness"]
    window.act_scenarios.trigger()
    assert window.tabs.currentWidget() is window.scenarios
    qtbot.waitUntil(lambda: scenarios.model.rowCount() == 3)
    assert column(scenarios, "ID") == ["A", "B", "C"]
    window.act_robustness.trigger()
    assert window.tabs.currentWidget() is window.robustness_view
    menu = [a.text().replace("&", "") for a in window.view_menu.actions()]
    assert "Scenarios" in menu and "Rank robustness" in menu
    # Lenses saved in the view travel with the project snapshot.
    scenarios.save_current_as("Balanced")
    assert set(window.snapshot().lenses) == {"Balanced"}
    window.doc.undo_stack.setClean()
    window.close()


def test_a_lens_keeps_its_weights_and_applying_it_restores_them_in_one_undo_step(
    qtbot: QtBot, view: ScenariosView, doc: WorkshopDocument
) -> None:
    def weights() -> dict[str, float]:
        obj = doc.workshop.objectives
        return dict(zip(obj["id"].astype(str), obj["weight"].astype(float), strict=True))

    saved = weights()
    assert view.save_current_as("As agreed")
    assert doc.lenses["As agreed"].objective_weights == saved
    # The CFO moves all the weight to the second objective: the current ranking changes, the
    # saved lens keeps ranking with the weights it was saved with.
    first, second = list(saved)
    doc.edit(SetCell("objectives", first, "weight", 0.0))
    doc.edit(SetCell("objectives", second, "weight", 100.0))
    qtbot.waitUntil(lambda: not view._stale)
    lens = compare(doc.workshop, {"As agreed": doc.lenses["As agreed"]}).scores["As agreed"]
    before = compare(make_small_workshop(), {"x": ScoringSettings()}).scores["x"]
    now = compare(doc.workshop, {"now": doc.settings}).scores["now"]
    assert lens["A"] == pytest.approx(before["A"]) == pytest.approx(43.4226, abs=1e-4)
    assert now["A"] == pytest.approx(28.4268, abs=1e-4)
    # Applying the lens writes its weights back into the table, as one undo step.
    depth = doc.undo_stack.count()
    view.apply_lens("As agreed")
    assert weights() == saved
    assert doc.undo_stack.count() == depth + 1
    assert doc.undo_stack.undoText() == 'Apply lens "As agreed"'
    doc.undo_stack.undo()
    assert weights()[first] == 0.0 and weights()[second] == 100.0


def test_a_hidden_view_draws_its_bump_chart_only_when_shown(
    qtbot: QtBot, view: ScenariosView, doc: WorkshopDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sweetspot.ui.views.scenarios_view as scenarios_module

    assert view.save_current_as("Balanced")
    doc.edit(SetSettings(doc.settings.with_changes(segments=frozenset({"Young families"})), "L"))
    assert view.save_current_as("Young families")
    view.refresh()
    highlighted: list[str | None] = []
    real = scenarios_module.draw_bump_chart

    def counted(fig: object, cmp: object, *, highlight: str | None = None) -> object:
        highlighted.append(highlight)
        return real(fig, cmp, highlight=highlight)  # type: ignore[arg-type]

    monkeypatch.setattr(scenarios_module, "draw_bump_chart", counted)
    view.hide()
    doc.select(["A"])
    doc.select(["B"])
    assert highlighted == []  # nobody sees it: nothing drawn
    view.show()
    qtbot.waitExposed(view)
    assert highlighted == ["B"]  # drawn once, with the latest selection
    doc.select(["C"])
    assert highlighted == ["B", "C"]  # shown: follows the selection at once
