"""The survey review dialog: importance rule, theme edits and column roles as undoable edits,
analysing again with changed roles, and the roles remembered per survey layout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from sweetspot.core.survey import SurveySettings
from sweetspot.ui.survey_import import (
    SurveyJobResult,
    SurveyReviewDialog,
    remember_roles,
    remembered_roles,
    survey_job,
)

SURVEY = Path(__file__).resolve().parents[2] / "sample_data" / "retail_bank_survey.xlsx"
SETTINGS = SurveySettings(bootstrap=50)


@cache
def _result() -> SurveyJobResult:
    out = survey_job(SURVEY, SETTINGS)(lambda _f, _t: None, lambda: False)
    assert isinstance(out, SurveyJobResult)
    return out


def _dialog(qtbot: QtBot) -> SurveyReviewDialog:
    dialog = SurveyReviewDialog(_result())
    qtbot.addWidget(dialog)
    return dialog


def _cell(dialog: SurveyReviewDialog, row: int, head: str) -> str:
    table = dialog.attributes
    col = next(
        c for c in range(table.columnCount()) if table.horizontalHeaderItem(c).text() == head
    )
    return table.item(row, col).text()


def test_the_importance_rule_changes_the_used_column_and_undo_takes_it_back(
    qtbot: QtBot,
) -> None:
    dialog = _dialog(qtbot)
    names = [dialog.attributes.item(r, 0).text() for r in range(dialog.attributes.rowCount())]
    fees = names.index("Knowing about fees before they are charged")
    assert _cell(dialog, fees, "Used") == _cell(dialog, fees, "Stated") == "4.10"
    assert not dialog.undo_button.isEnabled()
    dialog.rule.setCurrentIndex(dialog.rule.findData("derived"))
    assert _cell(dialog, fees, "Used") == _cell(dialog, fees, "Derived") == "5.00"
    assert dialog.undo_button.isEnabled()
    dialog.undo_button.click()
    assert dialog.rule.currentData() == "stated"
    assert _cell(dialog, fees, "Used") == "4.10"
    dialog.redo_button.click()
    assert dialog.review.importance == "derived"
    # The chart shows every attribute.
    assert len(dialog.ipa_figure.axes[0].collections) >= len(names)


def test_theme_edits_merge_and_undo_in_the_dialog(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    table = dialog.themes
    count = table.rowCount()
    first = table.item(0, 0)
    first.setText("Helpful, friendly advice")
    assert dialog.review.themes[0].theme.label == "Helpful, friendly advice"
    table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.review.themes[1].kept
    assert len(dialog.chosen_themes()) == count - 1
    # Merge the English and German fee themes (rows 1 and 2).
    table.clearSelection()
    model = table.selectionModel()
    for r in (1, 2):
        model.select(
            table.model().index(r, 0), model.SelectionFlag.Select | model.SelectionFlag.Rows
        )
    assert dialog.merge_button.isEnabled()
    mentions = [int(table.item(r, 2).text().replace(",", "")) for r in (1, 2)]
    dialog.merge_button.click()
    assert table.rowCount() == count - 1
    merged = int(table.item(1, 2).text().replace(",", ""))
    assert max(mentions) <= merged <= sum(mentions)
    assert dialog.review.themes[1].kept  # a merged theme is kept
    # The quotes of the selection show below the table.
    assert "“" in dialog.quotes.toPlainText()
    for _ in range(3):
        dialog.undo_button.click()
    assert table.rowCount() == count
    assert [t.theme.label for t in dialog.review.themes] == [
        t.label for t in dialog.analysis.themes
    ]
    assert all(t.kept for t in dialog.review.themes)


def test_a_changed_role_asks_for_a_new_analysis_which_drops_the_attribute(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert dialog.ok_button.isEnabled() and not dialog.reanalyse.isEnabled()
    cols = dialog.analysis.table.columns
    row = next(r for r, c in enumerate(cols) if c.role == "rating")
    combo = dialog.columns.cellWidget(row, 2)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("ignore"))
    combo.activated.emit(combo.currentIndex())
    assert dialog.review.roles[cols[row].name] == "ignore"
    assert not dialog.ok_button.isEnabled() and dialog.reanalyse.isEnabled()
    assert dialog.columns.item(row, 3).text() == "changed: analyse again"
    attributes = dialog.attributes.rowCount()
    dialog.reanalyse.click()
    qtbot.waitUntil(lambda: dialog.attributes.rowCount() == attributes - 1, timeout=30000)
    assert dialog.ok_button.isEnabled()
    assert dialog.chosen_roles() == {cols[row].name: "ignore"}
    assert len(dialog.review.insights()) == attributes - 1 + len(dialog.review.themes)


def test_roles_are_remembered_per_layout_and_used_next_time(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    result = _result()
    rating = next(c.name for c in result.guessed.columns if c.role == "rating")
    remember_roles(settings, result.layout, {rating: "ignore"})
    saved = remembered_roles(settings)
    assert saved == {result.layout: {rating: "ignore"}}
    again = survey_job(SURVEY, SETTINGS, saved)(lambda _f, _t: None, lambda: False)
    assert isinstance(again, SurveyJobResult)
    assert again.remembered == {rating: "ignore"}
    assert again.analysis.table.column(rating).role == "ignore"
    assert len(again.analysis.attributes) == len(result.analysis.attributes) - 1
    # Nothing left to remember forgets the layout.
    remember_roles(settings, result.layout, {})
    assert remembered_roles(settings) == {}
