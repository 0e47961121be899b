"""The robustness view: a real run in its worker thread, cancel, the table, the tornado."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from benchmarks.synthetic import make_workshop
from sweetspot.core.edits import SetSettings
from sweetspot.core.evidence import IMPORTANCE_CI
from sweetspot.core.robustness import RobustnessParams, robustness, tornado
from sweetspot.core.scoring import ScoringSettings
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.robustness_view import RobustnessView

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(qapp: object) -> WorkshopDocument:
    return WorkshopDocument(make_workshop("S", seed=7))


@pytest.fixture
def view(qtbot: QtBot, doc: WorkshopDocument) -> Iterator[RobustnessView]:
    v = RobustnessView(doc)
    qtbot.addWidget(v)
    v.resize(1200, 800)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.shutdown()


def cells(view: RobustnessView, header: str) -> list[str]:
    m = view.model
    c = [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())].index(header)
    return [m.text(r, c) for r in range(m.rowCount())]


def test_run_in_worker_fills_table_and_plot(
    qtbot: QtBot, view: RobustnessView, doc: WorkshopDocument
) -> None:
    view.draws_spin.setValue(600)
    view.top_spin.setValue(3)
    view.seed_spin.setValue(11)
    with qtbot.waitSignal(view.finished, timeout=20000) as blocker:
        qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
        assert not view.run_button.isEnabled() and view.cancel_button.isEnabled()
    assert blocker.args == ["done"]
    assert view.progress.value() == 100 and view.run_button.isEnabled()
    expected = robustness(
        doc.workshop, doc.settings, RobustnessParams(draws=600, top_n=3, seed=11)
    ).table
    assert cells(view, "ID") == expected["id"].tolist()
    assert cells(view, "P(top 3)") == [
        f"{p:.2f}" if p not in (0, 1) else f"{int(p)}" for p in expected["p_top"].round(4)
    ]
    assert cells(view, "Rank 95%") == [str(int(r)) for r in expected["rank_p95"]]
    assert sum(float(x) for x in cells(view, "P(top 3)")) == pytest.approx(3.0, abs=0.02)
    # The interval plot has one row per initiative shown (at most 30).
    labels = [t.get_text() for t in view.interval_figure.axes[0].get_yticklabels()]
    assert len(labels) == min(30, len(expected))
    assert labels[0].startswith(expected["id"].iloc[0])
    assert "Robustness" in view.export_sheets()
    # A change marks the run out of date.
    doc.edit(SetSettings(doc.settings.with_changes(alpha=0.6), "α"))
    assert view.out_of_date and "run again" in view.status.text()


def test_cancel_stops_the_worker(qtbot: QtBot, view: RobustnessView) -> None:
    view.draws_spin.setValue(50_000)
    with qtbot.waitSignal(view.finished, timeout=30000) as blocker:
        view.run()
        qtbot.waitUntil(lambda: view.progress.value() > 0, timeout=20000)
        view.cancel_button.click()
    assert blocker.args == ["cancelled"]
    assert view.result is None and view.export_sheets() == {}
    assert view.status.text().startswith("Cancelled")
    assert not view.running and view.run_button.isEnabled()


def test_tornado_follows_selection(
    qtbot: QtBot, view: RobustnessView, doc: WorkshopDocument
) -> None:
    assert view.tornado_data.empty
    first = doc.result.table["id"].iloc[0]
    doc.select([first])
    expected = tornado(doc.workshop, ScoringSettings(), first)
    assert view.tornado_data["factor"].tolist() == expected["factor"].tolist()
    assert view.tornado_data["score_high"].tolist() == pytest.approx(
        expected["score_high"].tolist()
    )
    ax = view.tornado_figure.axes[0]
    assert len(ax.patches) == 2 * len(expected)
    assert "What moves" in ax.get_title() and first in ax.get_title()


def test_a_hidden_view_skips_the_tornado_and_catches_up_when_shown(
    qtbot: QtBot, view: RobustnessView, doc: WorkshopDocument
) -> None:
    first = str(doc.result.table["id"].iloc[0])
    doc.select([first])
    assert not view.tornado_data.empty  # shown: the tornado follows the selection at once
    view.hide()
    doc.select([])
    # Hidden: a selection or a slider move costs no re-scoring; the old chart stays.
    assert not view.tornado_data.empty
    doc.edit(SetSettings(doc.settings.with_changes(alpha=0.7), "α"))
    doc.select([first])
    assert view.tornado_data.empty is False and view._charts_stale
    view.show()
    qtbot.waitExposed(view)
    expected = tornado(doc.workshop, doc.settings, first, alpha_spread=view.alpha_spin.value())
    assert view.tornado_data.equals(expected)


def test_survey_check_box_follows_the_intervals(
    qtbot: QtBot, view: RobustnessView, doc: WorkshopDocument
) -> None:
    # The synthetic workshop has no survey intervals: the box is ticked but disabled, and says why.
    box = view.survey_check
    assert box.text() == "Survey intervals widen the draws"
    assert box.isChecked() and not box.isEnabled()
    assert "No insight has a survey interval" in box.toolTip()
    # A workshop with an interval on one insight enables it (and explains what it does).
    surveyed = doc.workshop.copy()
    surveyed.insights[IMPORTANCE_CI] = ""
    surveyed.insights.loc[surveyed.insights.index[0], IMPORTANCE_CI] = "1.5–4.5"
    doc.replace_workshop(surveyed)
    assert box.isEnabled() and box.isChecked()
    assert "95 % intervals" in box.toolTip()
    assert view.params().survey_intervals
    # A run says how many insights' intervals widened it; unticked, it says they were off.
    view.draws_spin.setValue(200)
    with qtbot.waitSignal(view.finished, timeout=20000):
        view.run()
    assert view.result is not None and view.result.survey_insights == 1
    assert "survey intervals on 1 insight" in view.status.text()
    box.setChecked(False)
    assert not view.params().survey_intervals
    with qtbot.waitSignal(view.finished, timeout=20000):
        view.run()
    assert view.result.survey_insights == 0
    assert "survey intervals off" in view.status.text()
    # Back to a workshop without intervals: disabled again.
    doc.replace_workshop(make_workshop("S", seed=7))
    assert not box.isEnabled() and "No insight has a survey interval" in box.toolTip()
