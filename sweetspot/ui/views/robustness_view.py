"""Rank robustness: run the Monte Carlo off the UI thread, show rank intervals and a tornado.

The run works on a snapshot of the workshop and settings (edits made meanwhile do not disturb
it; the view says the figures are out of date). The tornado chart follows the selected
initiative and is recomputed at once (it is a handful of rescorings).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.model import Workshop
from sweetspot.core.plot import draw_rank_intervals, draw_tornado
from sweetspot.core.robustness import (
    DEFAULT_ALPHA_SPREAD,
    DEFAULT_CONCENTRATION,
    DEFAULT_DRAWS,
    DEFAULT_FLIP_PROBABILITY,
    DEFAULT_TOP_N,
    RobustnessParams,
    RobustnessResult,
    robustness,
    robustness_table,
    tornado,
)
from sweetspot.core.robustness_needs import has_survey_intervals
from sweetspot.core.scoring import ScoringSettings
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.jobs import CancelledFn, Job, JobRunner, ProgressFn
from sweetspot.ui.views.scenarios_view import DataFrameModel, frame_table
from sweetspot.ui.widgets import decimal_box, whole_box


def robustness_job(workshop: Workshop, settings: ScoringSettings, params: RobustnessParams) -> Job:
    """`robustness()` as a job for the runner: progress after every batch, cancel between."""

    def job(progress: ProgressFn, cancelled: CancelledFn) -> object:
        def step(done: int, total: int) -> bool:
            progress(done / max(total, 1), f"{done:,} of {total:,} draws")
            return not cancelled()

        return robustness(workshop, settings, params, step)

    return job


SURVEY_TIP = (
    "Insights imported from a survey carry 95 % intervals on their importance and "
    "satisfaction (the Importance CI and Satisfaction CI columns). When ticked, every draw "
    "takes those values from within their intervals (a normal with sd = width ÷ 3.92, kept on "
    "the scale), so needs the survey measured loosely widen the rank intervals. Insights "
    "without an interval keep their values."
)
SURVEY_OFF_TIP = (
    "No insight has a survey interval (Importance CI or Satisfaction CI), so every need weight "
    "stays fixed. Import survey responses (File ▸ Import survey responses…) to use this."
)


def _as_shown(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class RobustnessView(QWidget):
    """P(top N) and rank intervals under perturbed weights, links and α; tornado per initiative."""

    # Emitted when a run ends: "done", "cancelled" or "failed".
    finished = Signal(str)

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.result: RobustnessResult | None = None
        self.job: JobRunner | None = None
        self.tornado_data: pd.DataFrame = pd.DataFrame()
        self.out_of_date = False

        self.draws_spin = whole_box(
            100, 50_000, DEFAULT_DRAWS, "How many perturbed rankings to draw", step=500
        )
        self.top_spin = whole_box(
            1, 100, DEFAULT_TOP_N, "N of P(top N): the share of draws an initiative is in the top N"
        )
        self.seed_spin = whole_box(0, 2_000_000_000, 7, "The same seed gives the same figures")
        self.conc_spin = decimal_box(
            0.0,
            10_000.0,
            DEFAULT_CONCENTRATION,
            "How close the drawn objective weights stay to the current ones (Dirichlet "
            "concentration; higher = closer, 0 = weights fixed)",
            step=10,
            decimals=0,
        )
        self.flip_spin = decimal_box(
            0.0,
            1.0,
            DEFAULT_FLIP_PROBABILITY,
            "Probability that a link moves one step up or down the weak/medium/strong ladder",
            step=0.05,
            decimals=2,
        )
        self.alpha_spin = decimal_box(
            0.0,
            0.5,
            DEFAULT_ALPHA_SPREAD,
            "α is drawn uniformly within ± this of the current balance",
            step=0.05,
            decimals=2,
        )
        self.survey_check = QCheckBox("Survey intervals widen the draws")
        self.survey_check.setChecked(True)
        form = QFormLayout()
        form.addRow("Draws", self.draws_spin)
        form.addRow("Top N", self.top_spin)
        form.addRow("Seed", self.seed_spin)
        form2 = QFormLayout()
        form2.addRow("Weight concentration", self.conc_spin)
        form2.addRow("Link step probability", self.flip_spin)
        form2.addRow("α ±", self.alpha_spin)
        form2.addRow(self.survey_check)
        self.run_button = QPushButton("Run robustness check")
        self.run_button.setToolTip("Draw perturbed rankings (runs in the background)")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the running check")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setAccessibleName("Robustness progress")
        self.status = QLabel("Not run yet.")
        self.status.setWordWrap(True)
        run_box = QVBoxLayout()
        run_box.addWidget(self.run_button)
        run_box.addWidget(self.cancel_button)
        run_box.addWidget(self.progress)
        controls = QHBoxLayout()
        controls.addLayout(form)
        controls.addLayout(form2)
        controls.addLayout(run_box)
        controls.addWidget(self.status, 1)

        self.model = DataFrameModel(self)
        self.table = frame_table(self.model, "Robustness of each initiative's rank")
        self.interval_figure = Figure(figsize=(6, 4))
        self.interval_canvas = FigureCanvasQTAgg(self.interval_figure)
        self.interval_canvas.setAccessibleName("Rank intervals")
        self.tornado_figure = Figure(figsize=(5, 4))
        self.tornado_canvas = FigureCanvasQTAgg(self.tornado_figure)
        self.tornado_canvas.setAccessibleName("Tornado chart of the selected initiative")
        for c in (self.interval_canvas, self.tornado_canvas):
            c.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.interval_canvas)
        charts.addWidget(self.tornado_canvas)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(charts)
        split.addWidget(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(split, 1)

        self.run_button.clicked.connect(self.run)
        self.cancel_button.clicked.connect(self.cancel)
        self.table.selectionModel().selectionChanged.connect(self._row_selected)
        doc.changed.connect(self._on_changed)
        doc.selectionChanged.connect(self._on_selection)
        draw_rank_intervals(self.interval_figure, _empty_result())
        self._update_survey_check()
        self._charts_stale = True  # the tornado is drawn when the tab is first shown

    # -- public ----------------------------------------------------------------------------
    def params(self) -> RobustnessParams:
        conc = float(self.conc_spin.value())
        return RobustnessParams(
            draws=int(self.draws_spin.value()),
            top_n=int(self.top_spin.value()),
            seed=int(self.seed_spin.value()),
            concentration=conc if conc > 0 else None,
            flip_probability=float(self.flip_spin.value()),
            alpha_spread=float(self.alpha_spin.value()),
            survey_intervals=self.survey_check.isChecked(),
        )

    @property
    def running(self) -> bool:
        return self.job is not None

    def run(self) -> None:
        if self.job is not None:
            return
        if not self.doc.workshop.can_score or not len(self.doc.workshop.initiatives):
            self.status.setText("Nothing to check: the workshop has no scorable initiatives.")
            self.finished.emit("failed")
            return
        params = self.params()
        job = JobRunner(
            robustness_job(self.doc.workshop.copy(), self.doc.settings, params),
            self,
            "Checking the ranking",
            show_progress=False,
            describe_failure=_as_shown,
            thread_name="sweetspot-robustness",
        )
        job.progress.connect(self._progressed)
        job.finished.connect(self._succeeded)
        job.failed.connect(self._failed)
        job.cancelled.connect(lambda: self._ended("cancelled"))
        # A view (or the app) going away mid-run stops the job after its current batch.
        self.destroyed.connect(job.cancel)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(job.cancel)
        self.job = job
        self.progress.setValue(0)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(f"Running {params.draws} draws…")
        job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText("Cancelling…")

    def export_sheets(self) -> dict[str, pd.DataFrame]:
        """The `Robustness` sheet of the latest run (empty before any run)."""
        return {"Robustness": robustness_table(self.result)} if self.result is not None else {}

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop a running check and wait for it (call before the window closes)."""
        job = self.job
        if job is not None:
            job.cancel()
            job.wait(timeout_ms)

    # -- worker signals --------------------------------------------------------------------
    def _progressed(self, fraction: float, _message: str) -> None:
        self.progress.setValue(round(100 * fraction))

    def _succeeded(self, result: object) -> None:
        assert isinstance(result, RobustnessResult)
        self.result = result
        self.out_of_date = False
        self.model.set_frame(robustness_table(result))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(max(self.table.columnWidth(1), 160), 320))
        n = result.top_n
        sure = int((result.table["p_top"] >= 0.95).sum())
        self.status.setText(
            f"{result.params.describe()}. {sure} initiative{'s' if sure != 1 else ''} in the "
            f"top {n} in at least 95 % of draws."
        )
        self._draw_intervals()
        self._ended("done")

    def _failed(self, message: str) -> None:
        self.status.setText(f"The check failed: {message}")
        self._ended("failed")

    def _ended(self, outcome: str) -> None:
        job, self.job = self.job, None
        if job is not None:
            # Let the finished job (and its copy of the workshop) go.
            self.destroyed.disconnect(job.cancel)
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.disconnect(job.cancel)
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if outcome == "cancelled":
            self.status.setText(
                "Cancelled." + (" Showing the previous run." if self.result else "")
            )
        elif outcome == "done":
            self.progress.setValue(100)
        self.finished.emit(outcome)

    # -- document --------------------------------------------------------------------------
    def _update_survey_check(self) -> None:
        """Enabled only when some insight has a survey interval (the tooltip says why not)."""
        # Cheap unless the workshop has the survey columns (then a pass over its insights).
        available = has_survey_intervals(self.doc.workshop)
        self.survey_check.setEnabled(available)
        self.survey_check.setToolTip(SURVEY_TIP if available else SURVEY_OFF_TIP)

    def _on_changed(self) -> None:
        self._update_survey_check()
        if self.result is not None and not self.out_of_date:
            self.out_of_date = True
            self.status.setText(
                self.status.text() + "  The data or settings changed since: run again."
            )
        self._refresh_charts()

    def _on_selection(self, _ids: list[str]) -> None:
        self._refresh_charts()

    def _refresh_charts(self) -> None:
        # The tornado re-scores the workshop a few dozen times: only worth it when someone can
        # see it. A hidden tab catches up when it is shown (a slider drag stays instant).
        if not self.isVisible():
            self._charts_stale = True
            return
        self._charts_stale = False
        self._update_tornado()
        self._draw_intervals()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._charts_stale:
            self._refresh_charts()

    def _row_selected(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.doc.select([str(self.model.value(rows[0].row(), 0))])

    def _selected(self) -> str | None:
        return self.doc.selection[0] if self.doc.selection else None

    def _draw_intervals(self) -> None:
        if self.result is None:
            return
        draw_rank_intervals(self.interval_figure, self.result, highlight=self._selected())
        self.interval_canvas.draw_idle()

    def _update_tornado(self) -> None:
        ident = self._selected()
        if ident is None or not self.doc.workshop.can_score:
            self.tornado_data = pd.DataFrame()
            draw_tornado(self.tornado_figure, self.tornado_data)
        else:
            self.tornado_data = tornado(
                self.doc.workshop,
                self.doc.settings,
                ident,
                alpha_spread=float(self.alpha_spin.value()),
            )
            draw_tornado(
                self.tornado_figure,
                self.tornado_data,
                title=f"What moves {ident}'s score (weights ±20 %, α ±{self.alpha_spin.value():g})",
            )
        self.tornado_canvas.draw_idle()

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)


def _empty_result() -> RobustnessResult:
    return RobustnessResult(
        table=pd.DataFrame(
            columns=["rank", "id", "initiative", "p_top", "rank_p05", "rank_median", "rank_p95"]
        ),
        swaps=pd.DataFrame(),
        params=RobustnessParams(draws=0),
        settings=ScoringSettings(),
    )
