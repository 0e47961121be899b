"""File ▸ Import survey responses…: the survey is read and analysed in a worker (progress,
Cancel), the consultant reviews what it says (attributes with stated vs derived importance,
themes to keep or rename), and the insights join the open workshop as one undoable edit."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.reading_base import ImportCancelled
from sweetspot.core.survey import (
    IMPORTANCE_RULES,
    SurveyAnalysis,
    SurveySettings,
    ThemeSummary,
    analyse_survey,
    derived_importance,
    outcome_words,
    survey_summary,
)
from sweetspot.core.survey_read import read_survey
from sweetspot.ui.jobs import CancelledFn, Job, JobFailed, ProgressFn

STEPS = {"Reading": 0.1, "Key-driver": 0.3, "Sentiment": 0.55, "Finding": 0.75}


def survey_job(path: Path, settings: SurveySettings) -> Job:
    """Read and analyse one survey export in the worker thread."""

    def job(progress: ProgressFn, cancelled: CancelledFn) -> object:
        def check() -> None:
            if cancelled():
                raise ImportCancelled

        def say(text: str) -> None:
            fraction = next((v for k, v in STEPS.items() if text.startswith(k)), 0.5)
            progress(fraction, text)

        progress(0.02, f"Reading {path.name}")
        read = read_survey([path], check=check)
        if read.table is None or read.table.respondents == 0:
            problems = "\n".join(str(p) for p in read.problems[:8])
            raise JobFailed(f"{path.name} holds no survey responses.\n{problems}")
        return analyse_survey(read.table, read.attributes, settings, check=check, progress=say)

    return job


def _fmt(x: float, digits: int = 2) -> str:
    return "—" if not math.isfinite(x) else f"{x:.{digits}f}"


def _item(text: str, tip: str = "", editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


class SurveyReviewDialog(QDialog):
    """What the survey says, to check before its insights join the workshop."""

    def __init__(self, analysis: SurveyAnalysis, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis = analysis
        self.setWindowTitle("Survey responses — review before adding")
        self.resize(1100, 720)
        layout = QVBoxLayout(self)
        summary = QLabel(survey_summary(analysis))
        summary.setWordWrap(True)
        layout.addWidget(summary)
        notes = [str(p) for p in analysis.problems if p.severity != "info"][:6]
        if notes:
            warn = QLabel("\n".join(notes))
            warn.setWordWrap(True)
            layout.addWidget(warn)
        row = QHBoxLayout()
        row.addWidget(QLabel("Importance used for scoring:"))
        self.rule = QComboBox()
        for key, text in IMPORTANCE_RULES.items():
            self.rule.addItem(text, key)
        self.rule.setCurrentIndex(list(IMPORTANCE_RULES).index(analysis.settings.importance))
        row.addWidget(self.rule)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Attributes (satisfaction on 1–5, importance stated vs derived)"))
        self.attributes = self._attribute_table()
        layout.addWidget(self.attributes, 3)
        layout.addWidget(
            QLabel("Comment themes: untick to drop, type to rename (hover for the quotes)")
        )
        self.themes = self._theme_table()
        layout.addWidget(self.themes, 2)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText("Add to workshop")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _attribute_table(self) -> QTableWidget:
        a = self.analysis
        derived = derived_importance(a)
        d = a.drivers
        heads = ["Attribute", "Insight", "n", "Satisfaction", "95 % CI", "Top-2-box",
                 "Stated", "Derived", "% of R²", "Shapley %"]  # fmt: skip
        table = QTableWidget(len(a.attributes), len(heads))
        table.setHorizontalHeaderLabels(heads)
        for r, attr in enumerate(a.attributes):
            d_imp = derived.get(attr.name, (math.nan, math.nan, math.nan))[0]
            k = d.attributes.index(attr.name) if d is not None and attr.name in d.attributes else -1
            pct = float(d.percent[k]) if d is not None and k >= 0 else math.nan
            shap = d.shapley_percent if d is not None else None
            lo, hi = attr.satisfaction_ci
            cells = [
                attr.name,
                attr.insight_id,
                f"{attr.n:,}",
                _fmt(attr.satisfaction),
                f"{_fmt(lo)}–{_fmt(hi)}",
                f"{attr.top2:.0%}" if math.isfinite(attr.top2) else "—",
                _fmt(attr.stated),
                _fmt(d_imp),
                _fmt(pct, 1),
                _fmt(float(shap[k]), 1) if shap is not None and k >= 0 else "—",
            ]
            for c, text in enumerate(cells):
                table.setItem(r, c, _item(text, attr.column if c == 0 else ""))
        table.resizeColumnsToContents()
        return table

    def _theme_table(self) -> QTableWidget:
        themes = self.analysis.themes
        word = outcome_words(self.analysis)
        heads = ["Theme", "Mentions", "Sentiment", f"{word}: mentioners − rest", "Main stage"]
        table = QTableWidget(len(themes), len(heads))
        table.setHorizontalHeaderLabels(heads)
        for r, t in enumerate(themes):
            quotes = "\n".join(f"“{q}”" for q in t.quotes)
            name = _item(t.label, quotes, editable=True)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked)
            table.setItem(r, 0, name)
            cells = [f"{t.respondents:,}", _fmt(t.sentiment), _fmt(t.outcome_difference, 1),
                     t.main_stage]  # fmt: skip
            for c, text in enumerate(cells, start=1):
                table.setItem(r, c, _item(text, quotes))
        table.resizeColumnsToContents()
        table.setColumnWidth(0, max(table.columnWidth(0), 320))
        return table

    def chosen_themes(self) -> list[ThemeSummary]:
        """The themes left ticked, with the names typed."""
        out = []
        for r, theme in enumerate(self.analysis.themes):
            item = self.themes.item(r, 0)
            if item is None or item.checkState() != Qt.CheckState.Checked:
                continue
            label = item.text().strip() or theme.label
            out.append(replace(theme, label=label))
        return out

    def chosen_analysis(self) -> SurveyAnalysis:
        rule = self.rule.currentData()
        settings = replace(self.analysis.settings, importance=rule)
        return replace(self.analysis, settings=settings)
