"""The weights panel: everything the room can turn, each change re-scored at once and undoable.

- a slider and a spin box per objective weight,
- the customer ⟷ business balance α,
- rank by sweet-spot score or by value for effort,
- the quadrant crosshair (at the mean, or fixed),
- a lens: customer impact from chosen segments and/or journey stages only.

A slider drag is one undo step: commands merge only while the slider is held down, and the
last command of a gesture is sealed on release so the next gesture starts a new step. When the
document changes from elsewhere (undo, another view) the controls follow without pushing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import (
    QIcon,
    QKeyEvent,
    QMouseEvent,
    QPaintEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.edits import SetCell, SetSettings
from sweetspot.core.model import FIELD_LABELS
from sweetspot.core.robustness import WEIGHT_DECIMALS
from sweetspot.core.scoring import ScoringSettings
from sweetspot.ui import theme
from sweetspot.ui.commands import EditCommand
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models import side_colours
from sweetspot.ui.widgets import CompactSpinBox, scroll_page

SLIDER_STEPS = 100
# The weight range a slider covers: the smallest of these that holds every weight, so weights
# of 1–5 get 0.1 steps and the sample's 15–25 points get 0.5 steps.
WEIGHT_RANGES = (10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 10_000.0, 100_000.0)
SPIN_MAXIMUM = 1_000_000.0


def weight_range(weights: Iterable[float]) -> float:
    top = max((w for w in weights if not math.isnan(w)), default=0.0)
    for r in WEIGHT_RANGES:
        if top <= r:
            return r
    return float(10 ** math.ceil(math.log10(top)))


# ==== commands that know where a gesture ends ===================================================


def seal_top(doc: WorkshopDocument) -> None:
    """End the gesture: the command on top of the stack takes no more merges."""
    stack = doc.undo_stack
    if stack.index() > 0:
        top = stack.command(stack.index() - 1)
        if isinstance(top, EditCommand):
            top.sealed = True


# ==== a multi-select combo box ==================================================================


class CheckableCombo(QComboBox):
    """A combo box whose list items are check boxes; the first item means "all".

    The popup stays open while items are toggled (click, Space); Enter or Esc closes it. The
    closed box shows a summary ("All segments", "Retirees, Students", "3 segments")."""

    checkedChanged = Signal()

    def __init__(self, all_text: str, noun_plural: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_text = all_text
        self.noun_plural = noun_plural
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.view().viewport().installEventFilter(self)
        self.view().installEventFilter(self)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.set_options([], None)

    # -- public ----------------------------------------------------------------------------
    def options(self) -> list[str]:
        return [self._model.item(r).text() for r in range(1, self._model.rowCount())]

    def set_options(self, values: Sequence[str], checked: Iterable[str] | None) -> None:
        """Replace the items; `checked` None means "all"."""
        chosen = set(checked) if checked is not None else set()
        self._model.clear()
        first = QStandardItem(self.all_text)
        first.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        first.setCheckState(Qt.CheckState.Unchecked if chosen else Qt.CheckState.Checked)
        first.setToolTip(f"Count every {self.noun_plural[:-1]}")
        self._model.appendRow(first)
        for v in values:
            item = QStandardItem(v)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if v in chosen else Qt.CheckState.Unchecked)
            item.setToolTip(f"Count insights of {v}")
            self._model.appendRow(item)
        self.setEnabled(bool(values))
        self.update()

    def checked(self) -> frozenset[str] | None:
        """The chosen values, or None for all."""
        values = frozenset(
            self._model.item(r).text()
            for r in range(1, self._model.rowCount())
            if self._model.item(r).checkState() == Qt.CheckState.Checked
        )
        if not values or len(values) == self._model.rowCount() - 1:
            return None
        return values

    def toggle_row(self, row: int) -> None:
        """What a click on an item does: "all" clears the others; the others toggle."""
        if not 0 <= row < self._model.rowCount():
            return
        first = self._model.item(0)
        if row == 0:
            for r in range(1, self._model.rowCount()):
                self._model.item(r).setCheckState(Qt.CheckState.Unchecked)
            first.setCheckState(Qt.CheckState.Checked)
        else:
            item = self._model.item(row)
            on = item.checkState() != Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            any_on = self.checked() is not None
            first.setCheckState(Qt.CheckState.Unchecked if any_on else Qt.CheckState.Checked)
            if not any_on:
                # Every value ticked is the same as all: show it that way.
                for r in range(1, self._model.rowCount()):
                    self._model.item(r).setCheckState(Qt.CheckState.Unchecked)
        self.update()
        self.checkedChanged.emit()

    def summary(self) -> str:
        chosen = self.checked()
        if chosen is None:
            return self.all_text
        names = [v for v in self.options() if v in chosen]
        if len(names) <= 2:
            return ", ".join(names)
        return f"{len(names)} {self.noun_plural}"

    # -- Qt --------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        view = self.view()
        if watched is view.viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            index = view.indexAt(event.position().toPoint())
            if index.isValid():
                self.toggle_row(index.row())
            return True  # keep the popup open for the next tick
        if watched is view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space:
                self.toggle_row(view.currentIndex().row())
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.hidePopup()
                return True
        return super().eventFilter(watched, event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        opt.currentText = self.summary()
        opt.currentIcon = QIcon()
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)

    def wheelEvent(self, event: object) -> None:
        # The current index means nothing here; scrolling the panel must not change it.
        event.ignore()  # type: ignore[attr-defined]


# ==== one objective =============================================================================


class ObjectiveRow(QWidget):
    """The objective's name over a slider, a spin box and its share of business impact."""

    def __init__(self, objective_id: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.objective_id = objective_id
        self.name = QLabel()
        self.name.setText(f"<b>{_html(objective_id)}</b> {_html(text)}")
        self.name.setToolTip(f"{objective_id}: {text}")
        self.name.setWordWrap(True)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setPageStep(10)
        self.slider.setToolTip(f"Weight of {objective_id} in business impact (drag; arrows step)")
        self.slider.setAccessibleName(f"Weight of {objective_id}")
        # Three places, shown without trailing zeros: a swap value from the robustness check
        # (robustness.WEIGHT_DECIMALS) can be typed exactly.
        self.spin = CompactSpinBox()
        self.spin.setRange(0.0, SPIN_MAXIMUM)
        self.spin.setDecimals(WEIGHT_DECIMALS)
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(f"Weight of {objective_id}: type an exact value")
        self.spin.setAccessibleName(f"Weight of {objective_id}, exact")
        self.spin.setFixedWidth(self.spin.fontMetrics().horizontalAdvance("00000.0") + 36)
        self.share = QLabel()
        self.share.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.share.setMinimumWidth(self.share.fontMetrics().horizontalAdvance("100%") + 4)
        self.share.setToolTip("Share of all objective weight: how much of business impact it is")
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.setSpacing(6)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.spin)
        controls.addWidget(self.share)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 4)
        layout.setSpacing(2)
        layout.addWidget(self.name)
        layout.addLayout(controls)
        # Never squeezed: with 20+ objectives the panel scrolls instead.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)


def _mute(label: QLabel) -> None:
    pal = label.palette()
    pal.setColor(label.foregroundRole(), theme.muted_colour())
    label.setPalette(pal)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ==== the panel =================================================================================


class WeightsPanel(QWidget):
    """Objective weights, the customer ⟷ business balance, ranking, crosshair and lens."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._updating = False
        self._rows: dict[str, ObjectiveRow] = {}
        self._objective_key: tuple[tuple[str, str], ...] | None = None
        self._range = 10.0

        content = QWidget()
        self.content = content
        outer = QVBoxLayout(content)
        outer.setContentsMargins(10, 10, 10, 10)
        outer.setSpacing(12)

        # -- balance -----------------------------------------------------------------------
        balance = QGroupBox("Customer ⟷ Business")
        balance.setToolTip("How much customer impact counts against business impact (α)")
        self.alpha_slider = QSlider(Qt.Orientation.Horizontal)
        self.alpha_slider.setRange(0, 100)
        self.alpha_slider.setPageStep(10)
        # Value = α × 100 = the customer share; drawn reversed so "Customer" is on the left.
        self.alpha_slider.setInvertedAppearance(True)
        self.alpha_slider.setInvertedControls(True)
        self.alpha_slider.setToolTip(
            "Left counts customer impact more, right counts business impact more "
            "(sweet-spot score = C^α · B^(1−α))"
        )
        self.alpha_slider.setAccessibleName("Customer and business balance")
        customer_colour, business_colour = side_colours()
        left = QLabel("Customer")
        left.setStyleSheet(f"color: {customer_colour}; font-weight: 600;")
        left.setToolTip("Customer impact: share of weighted customer need addressed")
        right = QLabel("Business")
        right.setStyleSheet(f"color: {business_colour}; font-weight: 600;")
        right.setToolTip("Business impact: share of weighted business objectives addressed")
        self.alpha_label = QLabel()
        self.alpha_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.alpha_label.setToolTip("The weights of the two sides in the sweet-spot score")
        row = QHBoxLayout()
        row.addWidget(left)
        row.addWidget(self.alpha_slider, 1)
        row.addWidget(right)
        box = QVBoxLayout(balance)
        box.addLayout(row)
        box.addWidget(self.alpha_label)
        outer.addWidget(balance)

        # -- objective weights -------------------------------------------------------------
        self.objectives_box = QGroupBox("Objective weights")
        self.objectives_box.setToolTip(
            "How much each business objective counts in business impact; drag or type"
        )
        self.objectives_layout = QVBoxLayout(self.objectives_box)
        self.objectives_layout.setSpacing(4)
        self.no_objectives = QLabel("No objectives yet: add them in Data ▸ Objectives.")
        self.no_objectives.setWordWrap(True)
        self.no_objectives.setToolTip("Objectives give initiatives their business impact")
        self.range_note = QLabel()
        self.range_note.setToolTip("The sliders cover this range; type in the box to go beyond")
        _mute(self.range_note)
        outer.addWidget(self.objectives_box)

        # -- ranking and crosshair ---------------------------------------------------------
        ranking = QGroupBox("Ranking")
        ranking.setToolTip("What the backlog is ordered by, and where the quadrant lines sit")
        form = QFormLayout(ranking)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rank_combo = QComboBox()
        self.rank_combo.addItem("Sweet-spot score", "score")
        self.rank_combo.addItem("Value for effort", "value")
        self.rank_combo.setToolTip(
            "Rank by the sweet-spot score, or by what each unit of effort buys "
            "(score × confidence ÷ effort)"
        )
        form.addRow("Rank by", self.rank_combo)

        self.mean_radio = QRadioButton("At the mean")
        self.mean_radio.setToolTip(
            "Quadrant lines at the average customer and business impact of all initiatives"
        )
        self.fixed_radio = QRadioButton("Fixed at")
        self.fixed_radio.setToolTip("Quadrant lines at values you choose (0–100)")
        self.crosshair_group = QButtonGroup(self)
        self.crosshair_group.addButton(self.mean_radio)
        self.crosshair_group.addButton(self.fixed_radio)
        self.c_spin = self._threshold_spin("C", "Customer impact line (0–100)")
        self.b_spin = self._threshold_spin("B", "Business impact line (0–100)")
        fixed_row = QHBoxLayout()
        fixed_row.setSpacing(4)
        fixed_row.addWidget(self.fixed_radio)
        fixed_row.addWidget(self.c_spin)
        fixed_row.addWidget(self.b_spin)
        fixed_row.addStretch(1)
        cross = QVBoxLayout()
        cross.setSpacing(2)
        cross.addWidget(self.mean_radio)
        cross.addLayout(fixed_row)
        form.addRow("Crosshair", cross)
        outer.addWidget(ranking)

        # -- lens --------------------------------------------------------------------------
        lens = QGroupBox("Lens")
        lens.setToolTip("Compute customer impact from some customers or moments only")
        lens_form = QFormLayout(lens)
        lens_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.segment_combo = CheckableCombo("All segments", "segments")
        self.segment_combo.setToolTip(
            "Customer impact from the insights of these segments only (tick several)"
        )
        self.stage_combo = CheckableCombo("All journey stages", "stages")
        self.stage_combo.setToolTip(
            "Customer impact from the insights of these journey stages only (tick several)"
        )
        self.lens_note = QLabel()
        self.lens_note.setWordWrap(True)
        self.lens_note.setToolTip("How many insights count under the lens")
        _mute(self.lens_note)
        lens_form.addRow(FIELD_LABELS["segment"], self.segment_combo)
        lens_form.addRow(FIELD_LABELS["journey_stage"], self.stage_combo)
        lens_form.addRow(self.lens_note)
        outer.addWidget(lens)
        outer.addStretch(1)

        self.scroll_area = scroll_page(self, content, horizontal=False)
        self.setMinimumWidth(260)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)

        self.alpha_slider.valueChanged.connect(self._alpha_moved)
        self.alpha_slider.sliderPressed.connect(lambda: seal_top(self.doc))
        self.alpha_slider.sliderReleased.connect(self._gesture_done)
        self.rank_combo.currentIndexChanged.connect(self._rank_chosen)
        self.crosshair_group.buttonToggled.connect(self._crosshair_mode)
        self.c_spin.valueChanged.connect(self._crosshair_values)
        self.b_spin.valueChanged.connect(self._crosshair_values)
        self.segment_combo.checkedChanged.connect(self._lens_chosen)
        self.stage_combo.checkedChanged.connect(self._lens_chosen)
        doc.changed.connect(self.sync_from_document)
        self.sync_from_document()

    # -- public ----------------------------------------------------------------------------
    @property
    def weight_step(self) -> float:
        """Weight per slider step."""
        return self._range / SLIDER_STEPS

    def row(self, objective_id: str) -> ObjectiveRow:
        return self._rows[objective_id]

    def objective_ids(self) -> list[str]:
        return list(self._rows)

    def slider_value_for(self, weight: float) -> int:
        return round(weight / self.weight_step)

    # -- building --------------------------------------------------------------------------
    def _threshold_spin(self, prefix: str, tip: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(0.0, 100.0)
        spin.setDecimals(1)
        spin.setSingleStep(1.0)
        spin.setPrefix(f"{prefix} ")
        spin.setKeyboardTracking(False)
        spin.setToolTip(tip)
        spin.setAccessibleName(tip)
        return spin

    def _rebuild_objectives(self, ids: list[str], texts: list[str]) -> None:
        for row in self._rows.values():
            self.objectives_layout.removeWidget(row)
            row.deleteLater()
        self._rows = {}
        self.objectives_layout.removeWidget(self.no_objectives)
        self.objectives_layout.removeWidget(self.range_note)
        for oid, text in zip(ids, texts, strict=True):
            row = ObjectiveRow(oid, text)
            self._rows[oid] = row
            self.objectives_layout.addWidget(row)
            row.slider.valueChanged.connect(lambda v, o=oid: self._slider_moved(o, v))
            row.slider.sliderPressed.connect(lambda: seal_top(self.doc))
            row.slider.sliderReleased.connect(self._gesture_done)
            row.spin.valueChanged.connect(lambda v, o=oid: self._spin_changed(o, v))
        self.objectives_layout.addWidget(self.no_objectives)
        self.objectives_layout.addWidget(self.range_note)
        self.no_objectives.setVisible(not ids)
        self.range_note.setVisible(bool(ids))
        # Tab order follows the rows: slider, then its spin box.
        previous: QWidget = self.alpha_slider
        for row in self._rows.values():
            QWidget.setTabOrder(previous, row.slider)
            QWidget.setTabOrder(row.slider, row.spin)
            previous = row.spin
        QWidget.setTabOrder(previous, self.rank_combo)
        # The scroll area misses the content's new height when rows are added after it was
        # laid out (the rows would be squeezed): ask it to look again.
        QApplication.postEvent(self.scroll_area, QEvent(QEvent.Type.LayoutRequest))

    # -- from the document -----------------------------------------------------------------
    def sync_from_document(self) -> None:
        """Show the document's weights and settings (after undo, loads, edits elsewhere)."""
        self._updating = True
        try:
            self._sync_objectives()
            self._sync_settings()
        finally:
            self._updating = False

    def _sync_objectives(self) -> None:
        obj = self.doc.workshop.objectives
        ids = obj["id"].astype(str).tolist()
        texts = obj["objective"].fillna("").astype(str).tolist()
        weights = pd.to_numeric(obj["weight"], errors="coerce").to_numpy(float)
        key = tuple(zip(ids, texts, strict=True))
        dragging = any(r.slider.isSliderDown() for r in self._rows.values())
        new_range = weight_range(weights)
        if key != self._objective_key:
            self._objective_key = key
            self._range = new_range
            self._rebuild_objectives(ids, texts)
        elif not dragging and new_range > self._range:
            self._range = new_range  # a weight typed beyond the sliders: widen them
        total = float(np.nansum(np.clip(weights, 0, None)))
        for oid, w in zip(ids, weights, strict=True):
            row = self._rows.get(oid)
            if row is None:
                continue
            weight = 0.0 if math.isnan(w) else float(w)
            if not row.slider.isSliderDown():
                with QSignalBlocker(row.slider):
                    row.slider.setValue(min(SLIDER_STEPS, self.slider_value_for(weight)))
            with QSignalBlocker(row.spin):
                row.spin.setValue(weight)
            share = weight / total if total > 0 else 0.0
            row.share.setText(f"{share:.0%}")
            row.share.setToolTip(f"{oid} is {share:.0%} of all objective weight")
            row.slider.setSingleStep(1)
            row.spin.setSingleStep(max(self.weight_step, 0.1))
        self.range_note.setText(f"Sliders cover 0–{self._range:g} in steps of {self.weight_step:g}")

    def _sync_settings(self) -> None:
        s = self.doc.settings
        r = self.doc.result
        if not self.alpha_slider.isSliderDown():
            with QSignalBlocker(self.alpha_slider):
                self.alpha_slider.setValue(round(s.alpha * 100))
        self._show_alpha(s.alpha)
        with QSignalBlocker(self.rank_combo):
            self.rank_combo.setCurrentIndex(max(self.rank_combo.findData(s.rank_by), 0))
        with QSignalBlocker(self.crosshair_group):
            self.mean_radio.setChecked(s.thresholds is None)
            self.fixed_radio.setChecked(s.thresholds is not None)
        c, b = (r.customer_threshold, r.business_threshold)
        for spin, v in ((self.c_spin, c), (self.b_spin, b)):
            with QSignalBlocker(spin):
                spin.setValue(float(v))
            spin.setEnabled(s.thresholds is not None)
        # The means of the computed positions (as the core puts the crosshair), shown in
        # both modes so the room sees where "at the mean" would be.
        table = r.table
        mean_c = float(table["computed_customer_impact"].mean()) if len(table) else 0.0
        mean_b = float(table["computed_business_impact"].mean()) if len(table) else 0.0
        self.mean_radio.setText(f"At the mean (C {mean_c:.1f}, B {mean_b:.1f})")
        self._sync_lens(s)

    def _sync_lens(self, s: ScoringSettings) -> None:
        ins = self.doc.workshop.insights
        for combo, column, chosen in (
            (self.segment_combo, "segment", s.segments),
            (self.stage_combo, "journey_stage", s.journey_stages),
        ):
            values = _distinct(ins[column]) if column in ins.columns else []
            if values != combo.options() or combo.checked() != (chosen or None):
                with QSignalBlocker(combo):
                    combo.set_options(values, chosen)
        if s.lens_active:
            counted = int((self.doc.result.need_weights > 0).sum())
            self.lens_note.setText(
                f"Lens on: customer impact counts {counted} of {len(ins)} insights."
            )
        else:
            self.lens_note.setText("Customer impact counts every insight.")

    def _show_alpha(self, alpha: float) -> None:
        self.alpha_label.setText(
            f"Customer {alpha:.0%} · Business {1 - alpha:.0%}   (α = {alpha:.2f})"
        )

    # -- to the document -------------------------------------------------------------------
    def _gesture_done(self) -> None:
        seal_top(self.doc)

    def _push_weight(self, objective_id: str, weight: float, merge: bool) -> None:
        obj = self.doc.workshop.objectives
        found = obj.loc[obj["id"].astype(str) == objective_id, "weight"]
        if found.empty:
            return
        old = float(pd.to_numeric(found, errors="coerce").iloc[0])
        if not math.isnan(old) and abs(old - weight) < 1e-9:
            return
        key = f"weight:{objective_id}" if merge else ""
        self.doc.edit(SetCell("objectives", objective_id, "weight", weight, merge_key=key))

    def _slider_moved(self, objective_id: str, value: int) -> None:
        if self._updating:
            return
        row = self._rows[objective_id]
        weight = round(value * self.weight_step, 6)
        with QSignalBlocker(row.spin):
            row.spin.setValue(weight)
        # Merge only while the slider is held: a drag is one undo step, each key press its own.
        self._push_weight(objective_id, weight, merge=row.slider.isSliderDown())

    def _spin_changed(self, objective_id: str, value: float) -> None:
        if self._updating:
            return
        row = self._rows[objective_id]
        with QSignalBlocker(row.slider):
            row.slider.setValue(min(SLIDER_STEPS, self.slider_value_for(value)))
        self._push_weight(objective_id, float(value), merge=False)

    def _push_settings(self, text: str, merge_key: str | None = None, **changes: object) -> None:
        new = self.doc.settings.with_changes(**changes)
        if new == self.doc.settings:
            return
        self.doc.edit(SetSettings(new, text, merge_key or ""))

    def _alpha_moved(self, value: int) -> None:
        if self._updating:
            return
        alpha = value / 100.0
        self._show_alpha(alpha)
        down = self.alpha_slider.isSliderDown()
        self._push_settings(
            f"Balance customer {alpha:.0%} · business {1 - alpha:.0%}",
            merge_key="alpha" if down else None,
            alpha=alpha,
        )

    def _rank_chosen(self, _index: int) -> None:
        if self._updating:
            return
        rank_by = self.rank_combo.currentData()
        self._push_settings(f"Rank by {self.rank_combo.currentText().lower()}", rank_by=rank_by)

    def _crosshair_mode(self, _button: object, _checked: bool) -> None:
        if self._updating or not _checked:
            return
        if self.mean_radio.isChecked():
            self._push_settings("Crosshair at the mean", thresholds=None)
        else:
            r = self.doc.result
            c, b = round(r.customer_threshold, 1), round(r.business_threshold, 1)
            self._push_settings(f"Crosshair fixed at C {c:g}, B {b:g}", thresholds=(c, b))

    def _crosshair_values(self, _value: float) -> None:
        if self._updating or not self.fixed_radio.isChecked():
            return
        c, b = self.c_spin.value(), self.b_spin.value()
        self._push_settings(f"Crosshair fixed at C {c:g}, B {b:g}", thresholds=(c, b))

    def _lens_chosen(self) -> None:
        if self._updating:
            return
        segments = self.segment_combo.checked()
        stages = self.stage_combo.checked()
        parts = [", ".join(sorted(v)) for v in (segments, stages) if v]
        text = f"Lens: {' · '.join(parts)}" if parts else "Lens off"
        self._push_settings(text, segments=segments, journey_stages=stages)


def _distinct(column: pd.Series) -> list[str]:
    """The distinct non-blank values of a text column, sorted as people read them."""
    # As the lens compares them (astype(str), not stripped), but blanks are no choice.
    values = pd.unique(column.dropna().astype(str))
    return sorted((str(v) for v in values if str(v).strip()), key=str.lower)
