"""File ▸ Import survey responses…: the survey is read and analysed in a worker (progress,
Cancel), the consultant reviews what it says, and the insights join the open workshop as one
undoable edit.

The review has three tabs: the attributes (stated vs derived importance, satisfaction, and the
importance–performance chart), the comment themes (keep, drop, rename, merge, with their
quotes) and the columns (what each column is; change a role and analyse again). Every change
in the review is a `core.survey_review` edit on the dialog's own undo stack (Ctrl+Z). The roles
the consultant changed are remembered per survey layout, so the next export of the same
questionnaire opens with them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.plot.survey import draw_importance_performance
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
    used_importance,
)
from sweetspot.core.survey_read import (
    ROLE_LABELS,
    ROLES,
    AttributeInfo,
    ResponseTable,
    read_survey,
)
from sweetspot.core.survey_review import (
    KeepTheme,
    MergeThemes,
    RenameTheme,
    ReviewEdit,
    ReviewSession,
    SetImportanceRule,
    SetRole,
    SetRoles,
    SurveyReview,
    changed_roles,
    layout_key,
    with_roles,
)
from sweetspot.core.values import to_text
from sweetspot.ui.commands import EditCommand
from sweetspot.ui.jobs import CancelledFn, Job, JobFailed, JobRunner, ProgressFn

STEPS = {"Reading": 0.1, "Key-driver": 0.3, "Sentiment": 0.55, "Finding": 0.75}
ROLES_GROUP = "survey-roles"


@dataclass
class SurveyJobResult:
    """What the worker hands back: the analysis and what a second analysis would need."""

    analysis: SurveyAnalysis
    attributes: dict[str, AttributeInfo]
    guessed: ResponseTable  # the reader's own guesses, before remembered roles
    layout: str
    remembered: dict[str, str]  # the roles taken from an earlier import of this layout


# -- remembered roles --------------------------------------------------------------------------


def remembered_roles(settings: QSettings) -> dict[str, dict[str, str]]:
    """Layout key → header → role, as saved by earlier reviews."""
    out: dict[str, dict[str, str]] = {}
    settings.beginGroup(ROLES_GROUP)
    try:
        for key in settings.childKeys():
            try:
                data = json.loads(str(settings.value(key, "")))
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                out[key] = {str(k): str(v) for k, v in data.items() if v in ROLES}
    finally:
        settings.endGroup()
    return out


def remember_roles(settings: QSettings, layout: str, roles: Mapping[str, str]) -> None:
    """Keep the consultant's role choices for this layout (none: forget them)."""
    name = f"{ROLES_GROUP}/{layout}"
    if roles:
        settings.setValue(name, json.dumps(dict(roles), ensure_ascii=False))
    else:
        settings.remove(name)


# -- the worker's jobs ---------------------------------------------------------------------------


def _say(progress: ProgressFn) -> Callable[[str], None]:
    def say(text: str) -> None:
        fraction = next((v for k, v in STEPS.items() if text.startswith(k)), 0.5)
        progress(fraction, text)

    return say


def survey_job(
    path: Path, settings: SurveySettings, remembered: Mapping[str, Mapping[str, str]] | None = None
) -> Job:
    """Read and analyse one survey export in the worker thread (with the roles remembered
    for its layout, if any)."""

    def job(progress: ProgressFn, cancelled: CancelledFn) -> object:
        def check() -> None:
            if cancelled():
                raise ImportCancelled

        progress(0.02, f"Reading {path.name}")
        read = read_survey([path], check=check)
        if read.table is None or read.table.respondents == 0:
            problems = "\n".join(str(p) for p in read.problems[:8])
            raise JobFailed(f"{path.name} holds no survey responses.\n{problems}")
        guessed = read.table
        layout = layout_key(guessed)
        roles = dict((remembered or {}).get(layout, {}))
        table = with_roles(guessed, roles) if roles else guessed
        analysis = analyse_survey(
            table, read.attributes, settings, check=check, progress=_say(progress)
        )
        analysis.problems[:0] = read.problems
        return SurveyJobResult(analysis, dict(read.attributes), guessed, layout, roles)

    return job


def reanalyse_job(result: SurveyJobResult, roles: Mapping[str, str]) -> Job:
    """The same responses analysed again with the roles the consultant set."""

    def job(progress: ProgressFn, cancelled: CancelledFn) -> object:
        def check() -> None:
            if cancelled():
                raise ImportCancelled

        table = with_roles(result.guessed, roles)
        analysis = analyse_survey(
            table, result.attributes, result.analysis.settings, check=check, progress=_say(progress)
        )
        return replace(result, analysis=analysis)

    return job


# -- the review dialog ---------------------------------------------------------------------------


def _fmt(x: float, digits: int = 2) -> str:
    return "—" if not math.isfinite(x) else f"{x:.{digits}f}"


def _item(text: str, tip: str = "", editable: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if not editable:
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


def _button_row(box: QVBoxLayout, text: str, slot: Callable[[], object]) -> QPushButton:
    """One button at the left of its own row, under a table."""
    row = QHBoxLayout()
    button = QPushButton(text)
    button.clicked.connect(slot)
    row.addWidget(button)
    row.addStretch(1)
    box.addLayout(row)
    return button


class SurveyReviewDialog(QDialog):
    """What the survey says, to check before its insights join the workshop."""

    def __init__(
        self,
        result: SurveyJobResult | SurveyAnalysis,
        parent: QWidget | None = None,
        *,
        as_wave: bool = False,
    ) -> None:
        super().__init__(parent)
        if isinstance(result, SurveyAnalysis):
            result = SurveyJobResult(result, {}, result.table, layout_key(result.table), {})
        self.job_result = result
        self.session = ReviewSession(SurveyReview.start(result.analysis))
        self.session.listeners.append(self._changed)
        self.undo_stack = QUndoStack(self)
        self._filling = False
        self.setWindowTitle("Survey responses — review before adding")
        self.resize(1180, 760)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        top = QHBoxLayout()
        top.addWidget(QLabel("Importance used for scoring:"))
        self.rule = QComboBox()
        for key, text in IMPORTANCE_RULES.items():
            self.rule.addItem(text, key)
        self.rule.currentIndexChanged.connect(self._rule_chosen)
        top.addWidget(self.rule)
        top.addStretch(1)
        self.undo_button = QPushButton("Undo")
        self.redo_button = QPushButton("Redo")
        self.undo_button.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_button.setShortcut(QKeySequence.StandardKey.Redo)
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.indexChanged.connect(self._undo_state)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._attributes_tab(), "Attributes")
        self.tabs.addTab(self._themes_tab(), "Comment themes")
        self.tabs.addTab(self._columns_tab(), "Columns")

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert ok is not None
        ok.setText("Add to workshop")
        self.ok_button = ok
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        # Closing the loop: the same figures kept as a dated wave, so the next survey can be
        # compared with this one in the Impact review (n and SD let it judge noise).
        self.wave_box = QCheckBox("Also keep these figures as the survey wave")
        self.wave_box.setChecked(as_wave)
        self.wave_box.setToolTip(
            "The attributes' satisfaction with their respondents and spread join the "
            "workshop's survey waves, so a later survey can show what moved (Impact review)."
        )
        self.wave_name = QLineEdit(self.job_result.analysis.table.file.stem)
        self.wave_name.setMaximumWidth(220)
        self.wave_name.setEnabled(as_wave)
        self.wave_box.toggled.connect(self.wave_name.setEnabled)
        bottom.addWidget(self.wave_box)
        bottom.addWidget(self.wave_name)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)
        self._refresh_all()

    # -- state --------------------------------------------------------------------------------
    @property
    def review(self) -> SurveyReview:
        return self.session.review

    @property
    def analysis(self) -> SurveyAnalysis:
        return self.review.analysis

    def push(self, edit: ReviewEdit) -> None:
        """Every review change goes through here: one undo step each."""
        self.undo_stack.push(EditCommand(self.session, edit))

    def _changed(self, edit: ReviewEdit) -> None:
        if isinstance(edit, SetImportanceRule):
            self._refresh_rule()
            self._fill_attributes()
        elif isinstance(edit, SetRole | SetRoles):
            self._fill_columns()
        else:
            self._fill_themes()
        self._refresh_ok()

    def _undo_state(self) -> None:
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.redo_button.setEnabled(self.undo_stack.canRedo())
        self.undo_button.setToolTip(self.undo_stack.undoText())
        self.redo_button.setToolTip(self.undo_stack.redoText())

    def _refresh_all(self) -> None:
        self.summary.setText(survey_summary(self.analysis))
        notes = [str(p) for p in self.analysis.problems if p.severity != "info"][:6]
        if self.job_result.remembered:
            notes.insert(
                0,
                f"Column roles you chose for this survey before were used "
                f"({len(self.job_result.remembered)} column(s)); see the Columns tab.",
            )
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self._refresh_rule()
        self._fill_attributes()
        self._fill_themes()
        self._fill_columns()
        self._refresh_ok()
        self._undo_state()

    def _refresh_rule(self) -> None:
        self.rule.setCurrentIndex(list(IMPORTANCE_RULES).index(self.review.importance))

    def _refresh_ok(self) -> None:
        stale = self.review.roles_changed()
        self.reanalyse.setEnabled(stale)
        self.ok_button.setEnabled(not stale)
        self.ok_button.setToolTip(
            "The column roles changed: analyse again before adding." if stale else ""
        )
        self.roles_note.setText(
            "Roles changed: press “Analyse again” to see what the survey says with them."
            if stale
            else "Change a role where the guess is wrong (marked “not sure”), then analyse again."
        )

    def _rule_chosen(self, index: int) -> None:
        rule = self.rule.itemData(index)
        if rule != self.review.importance:
            self.push(SetImportanceRule(rule))

    # -- attributes ---------------------------------------------------------------------------
    def _attributes_tab(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        self.attributes = QTableWidget()
        self.attributes.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        split.addWidget(self.attributes)
        self.ipa_figure = Figure(figsize=(6, 4.6), dpi=100)
        self.ipa_canvas = FigureCanvasQTAgg(self.ipa_figure)
        self.ipa_canvas.setMinimumWidth(420)
        self.ipa_canvas.mpl_connect("resize_event", self._draw_chart)
        split.addWidget(self.ipa_canvas)
        split.setSizes([640, 540])
        return split

    def _fill_attributes(self) -> None:
        a = self.analysis
        derived = derived_importance(a)
        d = a.drivers
        # Importance stated vs derived vs used first: that is what the room compares.
        heads = ["Attribute", "Stated", "Derived", "Used", "Satisfaction", "95 % CI", "% of R²",
                 "Shapley %", "Top-2-box", "n", "Insight"]  # fmt: skip
        table = self.attributes
        table.clear()
        table.setRowCount(len(a.attributes))
        table.setColumnCount(len(heads))
        table.setHorizontalHeaderLabels(heads)
        for r, attr in enumerate(a.attributes):
            d_imp = derived.get(attr.name, (math.nan, math.nan, math.nan))[0]
            used, how = used_importance(attr.stated, d_imp, self.review.importance)
            k = d.attributes.index(attr.name) if d is not None and attr.name in d.attributes else -1
            pct = float(d.percent[k]) if d is not None and k >= 0 else math.nan
            shap = d.shapley_percent if d is not None else None
            lo, hi = attr.satisfaction_ci
            cells = [
                attr.name,
                _fmt(attr.stated),
                _fmt(d_imp),
                _fmt(used),
                _fmt(attr.satisfaction),
                f"{_fmt(lo)}–{_fmt(hi)}",
                _fmt(pct, 1),
                _fmt(float(shap[k]), 1) if shap is not None and k >= 0 else "—",
                f"{attr.top2:.0%}" if math.isfinite(attr.top2) else "—",
                f"{attr.n:,}",
                attr.insight_id,
            ]
            tips = {0: attr.column, 3: f"Importance used: {how}"}
            for c, text in enumerate(cells):
                table.setItem(r, c, _item(text, tips.get(c, "")))
        table.resizeColumnsToContents()
        table.setColumnWidth(0, min(table.columnWidth(0), 200))
        self._draw_chart()

    def _draw_chart(self, _event: object = None) -> None:
        # Drawn again at the canvas's size, so the names are placed where they will show.
        draw_importance_performance(self.ipa_figure, self.analysis)
        self.ipa_canvas.draw_idle()

    # -- themes -------------------------------------------------------------------------------
    def _themes_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.addWidget(
            QLabel(
                "Untick a theme to leave it out, type over its name to rename it, select two "
                "or more and merge them. Its quotes show below."
            )
        )
        self.themes = QTableWidget()
        self.themes.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.themes.itemChanged.connect(self._theme_item_changed)
        self.themes.itemSelectionChanged.connect(self._theme_selected)
        box.addWidget(self.themes, 3)
        self.merge_button = _button_row(box, "Merge selected themes", self.merge_selected)
        self.quotes = QTextBrowser()
        box.addWidget(self.quotes, 1)
        return page

    def _fill_themes(self) -> None:
        """The table from the review. Rows are updated in place while they are the same
        themes (a rename or a tick must not delete the item Qt is still signalling about);
        a merge or its undo builds the rows again, keeping the selection."""
        self._filling = True
        try:
            table = self.themes
            numbers = [rt.theme.number for rt in self.review.themes]
            shown = [self._theme_number(r) for r in range(table.rowCount())]
            if shown != numbers:
                self._build_theme_rows()
            for r, rt in enumerate(self.review.themes):
                t = rt.theme
                quotes = "\n".join(f"“{q}”" for q in t.quotes)
                diff = _fmt(t.outcome_difference, 1)
                cells = [t.label, ", ".join(t.terms[:6]), f"{t.respondents:,}",
                         _fmt(t.sentiment), diff, t.main_stage]  # fmt: skip
                for c, text in enumerate(cells):
                    item = table.item(r, c)
                    assert item is not None
                    if item.text() != text:
                        item.setText(text)
                    item.setToolTip(quotes)
                name = table.item(r, 0)
                assert name is not None
                state = Qt.CheckState.Checked if rt.kept else Qt.CheckState.Unchecked
                if name.checkState() != state:
                    name.setCheckState(state)
            if shown != numbers:
                table.resizeColumnsToContents()
                table.setColumnWidth(0, max(min(table.columnWidth(0), 360), 240))
                table.setColumnWidth(1, min(table.columnWidth(1), 300))
                table.horizontalHeader().setStretchLastSection(True)
        finally:
            self._filling = False
        self._theme_selected()

    def _theme_number(self, row: int) -> int | None:
        item = self.themes.item(row, 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _build_theme_rows(self) -> None:
        word = outcome_words(self.analysis)
        heads = ["Theme", "Top terms", "Mentions", "Sentiment", f"{word}: mentioners − rest",
                 "Main stage"]  # fmt: skip
        table = self.themes
        selected = set(self.selected_themes())
        table.clear()
        table.setRowCount(len(self.review.themes))
        table.setColumnCount(len(heads))
        table.setHorizontalHeaderLabels(heads)
        for r, rt in enumerate(self.review.themes):
            name = _item("", editable=True)
            name.setFlags(name.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked)
            name.setData(Qt.ItemDataRole.UserRole, rt.theme.number)
            table.setItem(r, 0, name)
            for c in range(1, len(heads)):
                table.setItem(r, c, _item(""))
        model = table.selectionModel()
        flags = model.SelectionFlag.Select | model.SelectionFlag.Rows
        for r, rt in enumerate(self.review.themes):
            if rt.theme.number in selected:
                model.select(table.model().index(r, 0), flags)

    def selected_themes(self) -> list[int]:
        rows = sorted({i.row() for i in self.themes.selectedIndexes()})
        out = []
        for r in rows:
            item = self.themes.item(r, 0)
            if item is not None:
                out.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _theme_selected(self) -> None:
        numbers = self.selected_themes()
        self.merge_button.setEnabled(len(numbers) >= 2)
        shown = [self.review.theme(n).theme for n in numbers[:3]]
        if not shown and self.review.themes:
            shown = [self.review.themes[0].theme]
        html = []
        for t in shown:
            html.append(f"<b>{_escape(t.label)}</b> — {t.respondents:,} respondents")
            html += [f"<p style='margin-left:12px'>“{_escape(q)}”</p>" for q in t.quotes]
        self.quotes.setHtml("".join(html))

    def _theme_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0:
            return
        number = int(item.data(Qt.ItemDataRole.UserRole))
        current = self.review.theme(number)
        kept = item.checkState() == Qt.CheckState.Checked
        label = " ".join(item.text().split())
        if kept != current.kept:
            self.push(KeepTheme(number, kept))
        elif label and label != current.theme.label:
            self.push(RenameTheme(number, label))
        elif not label:
            self._fill_themes()  # a blank name is not a name: show the old one again

    def merge_selected(self) -> None:
        numbers = self.selected_themes()
        if len(numbers) >= 2:
            self.push(MergeThemes(tuple(numbers)))

    # -- columns ------------------------------------------------------------------------------
    def _columns_tab(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.roles_note = QLabel()
        self.roles_note.setWordWrap(True)
        box.addWidget(self.roles_note)
        self.columns = QTableWidget()
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        box.addWidget(self.columns, 1)
        self.reanalyse = _button_row(box, "Analyse again", self.analyse_again)
        return page

    def _fill_columns(self) -> None:
        table = self.columns
        cols = self.analysis.table.columns
        heads = ["Column", "Header", "Is", "Why", "Answers (first few)"]
        table.clear()
        table.setRowCount(len(cols))
        table.setColumnCount(len(heads))
        table.setHorizontalHeaderLabels(heads)
        cells = self.analysis.table.cells
        for r, c in enumerate(cols):
            table.setItem(r, 0, _item(c.letter))
            table.setItem(r, 1, _item(c.name, c.code if c.code != c.name else ""))
            combo = QComboBox()
            for role in ROLES:
                combo.addItem(ROLE_LABELS[role], role)
            combo.setCurrentIndex(ROLES.index(self.review.roles.get(c.name, c.role)))
            combo.activated.connect(lambda i, name=c.name, box=combo: self._role_chosen(name, box))
            table.setCellWidget(r, 2, combo)
            why = "your choice" if c.why == "chosen" else c.why
            if not c.sure:
                why = f"not sure: {why}"
            if self.review.roles.get(c.name, c.role) != c.role:
                why = "changed: analyse again"
            table.setItem(r, 3, _item(why))
            sample = []
            for v in to_text(cells.iloc[:, c.position].iloc[:200]).tolist():
                v = " ".join(str(v).split())
                if v and v not in sample:
                    sample.append(v)
                if len(sample) == 3:
                    break
            table.setItem(r, 4, _item(" · ".join(s[:40] for s in sample)))
        table.resizeColumnsToContents()
        table.setColumnWidth(1, min(table.columnWidth(1), 360))
        table.setColumnWidth(2, 290)
        table.setColumnWidth(3, min(table.columnWidth(3), 220))
        table.horizontalHeader().setStretchLastSection(True)

    def _role_chosen(self, column: str, combo: QComboBox) -> None:
        role = combo.currentData()
        if role != self.review.roles.get(column):
            self.push(SetRole(column, role))

    def analyse_again(self) -> None:
        """The responses analysed with the roles set here (in the worker). The review starts
        again from what the survey now says; its earlier edits are cleared."""
        runner = JobRunner(
            reanalyse_job(self.job_result, self.review.roles), self, "Analysing survey responses"
        )
        runner.finished.connect(self._analysed_again)
        runner.failed.connect(lambda m: self.roles_note.setText(m))
        runner.start()

    def _analysed_again(self, result: SurveyJobResult) -> None:
        self.job_result = replace(result, remembered=self.job_result.remembered)
        self.session.review = SurveyReview.start(result.analysis)
        self.undo_stack.clear()
        self._refresh_all()

    # -- the outcome --------------------------------------------------------------------------
    def chosen_roles(self) -> dict[str, str]:
        """The roles worth remembering: where the consultant overrode the reader's guess."""
        return changed_roles(self.job_result.guessed, self.review.roles)

    def chosen_wave(self) -> str:
        """The wave name to keep the figures under, or '' for none."""
        return " ".join(self.wave_name.text().split()) if self.wave_box.isChecked() else ""

    def chosen_themes(self) -> list[ThemeSummary]:
        return self.review.chosen_themes()

    def chosen_analysis(self) -> SurveyAnalysis:
        return self.review.chosen_analysis()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
