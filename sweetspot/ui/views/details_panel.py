"""The details panel: why the selected initiative scores what it does.

Its sweet-spot score is split into contributions per insight and per objective (from
`ScoreResult.contributions`), shown as a table whose total rows add up to the impacts and to
the score, and as a small bar chart. Bars are painted with QPainter: a handful of bars needs
no matplotlib figure, and painting follows the palette (light or dark) for free.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sweetspot.core.explain import best_missing_link, link_effects
from sweetspot.core.model import STRENGTH_NAMES
from sweetspot.core.scoring import ScoreResult
from sweetspot.core.values import format_number
from sweetspot.ui import theme
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models import quadrant_colours, side_colours
from sweetspot.ui.widgets import headed_table, read_only_rows, scroll_page

# Numbers before the long text: in a narrow dock the points stay visible, the text elides.
CONTRIBUTION_COLUMNS = (
    "Side",
    "ID",
    "Strength",
    "Weight",
    "Impact pts",
    "Score pts",
    "Without it",
    "Need / objective",
)
CONTRIBUTION_TIPS = (
    "Customer side (an insight) or business side (an objective)",
    "The insight or objective linked",
    "How strongly the initiative addresses it: weak 1, medium 3, strong 9",
    "Need weight of the insight (importance, unmet gap, reach; 0 outside the lens) "
    "or the objective's weight",
    "Points of customer (or business) impact from this link; they add up to the impact",
    "This link's share of the sweet-spot score (α of the score to the customer side, split "
    "by impact); the shares add up to the score",
    "The score and rank the initiative would have without this link, everything else as it "
    "is: what the room loses if the link is not real",
    "What the customer needs, or what the business wants",
)
TEXT_COLUMN = CONTRIBUTION_COLUMNS.index("Need / objective")
FIRST_NUMBER = CONTRIBUTION_COLUMNS.index("Weight")
MAX_BARS = 8
HINT = (
    "Select an initiative in the matrix or the backlog to see why it scores what it does: "
    "every insight and objective it addresses, and how many points each one brings."
)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    colour: str
    tip: str = ""


class ContributionBars(QWidget):
    """A small horizontal bar chart: label, bar, value; text in the palette's colours."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: list[Bar] = []
        self.unit = "points"
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_bars(self, bars: list[Bar], unit: str = "points") -> None:
        self.bars = bars
        self.unit = unit
        self.setFixedHeight(max(1, len(bars)) * self.ROW + 6)
        self.setToolTip(
            "\n".join(f"{b.label}: {b.value:.1f} {unit}" for b in bars)
            or "No contributions to show"
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(320, max(1, len(self.bars)) * self.ROW + 6)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        fm = self.fontMetrics()
        width = self.width()
        label_w = min(
            int(width * 0.38),
            max((fm.horizontalAdvance(b.label) for b in self.bars), default=0) + 8,
        )
        value_w = fm.horizontalAdvance("000.0") + 8
        bar_x = label_w + 6
        bar_w = max(10, width - bar_x - value_w - 4)
        top = max((b.value for b in self.bars), default=0.0)
        p.setPen(text)
        for i, b in enumerate(self.bars):
            y = 3 + i * self.ROW
            label = fm.elidedText(b.label, Qt.TextElideMode.ElideRight, label_w)
            p.setPen(text)
            p.drawText(
                QRectF(0, y, label_w, self.ROW),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            length = bar_w * (b.value / top) if top > 0 else 0.0
            colour = QColor(b.colour)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(bar_x, y + 4, max(length, 1.5), self.ROW - 8), 2, 2)
            p.setPen(text)
            p.drawText(
                QRectF(bar_x + length + 4, y, value_w, self.ROW),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{b.value:.1f}",
            )
        p.end()


class ScoreCard(QFrame):
    """One number with its caption: "Sweet-spot score 17.0"."""

    def __init__(self, caption: str, tip: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setToolTip(tip)
        self.caption = QLabel(caption)
        self.value = QLabel("–")
        big = QFont(self.value.font())
        big.setPointSizeF(max(big.pointSizeF(), 9.0) * 1.45)
        big.setBold(True)
        self.value.setFont(big)
        self.detail = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)
        layout.addWidget(self.detail)
        _mute(self.caption)
        _mute(self.detail)

    def set(self, value: str, detail: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))


def _mute(label: QLabel) -> None:
    pal = label.palette()
    pal.setColor(label.foregroundRole(), theme.muted_colour())
    label.setPalette(pal)


def _html(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _without_texts(result: ScoreResult, ident: str) -> dict[tuple[str, str], str]:
    """(side, target) → "31.2 · #4 (−3)": the score and rank without that link."""
    out = {}
    effects = link_effects(result, ident)
    for side, target, s, r, lost in zip(
        effects["side"].tolist(),
        effects["target"].tolist(),
        effects["score_without"].tolist(),
        effects["rank_without"].tolist(),
        effects["places_lost"].tolist(),
        strict=True,
    ):
        fall = f" (−{lost})" if lost > 0 else ""
        out[(side, target)] = f"{s:.1f} · #{r}{fall}"
    return out


def _fit_table(table: QTableWidget, stretch_column: int = TEXT_COLUMN) -> None:
    """Show every row: the panel scrolls, not the table inside it."""
    header = table.horizontalHeader()
    height = header.height() if header.isVisible() else 0
    height += sum(table.rowHeight(r) for r in range(table.rowCount()))
    # Room for the sideways scroll bar when the columns are wider than the panel.
    columns = sum(
        header.sectionSize(c)
        for c in range(header.count())
        if c != stretch_column and not header.isSectionHidden(c)
    )
    if columns + header.minimumSectionSize() > table.viewport().width():
        height += table.horizontalScrollBar().sizeHint().height()
    table.setFixedHeight(height + 2 * table.frameWidth() + 2)


class DetailsPanel(QWidget):
    """The selected initiative: scores, quadrant, placement, contributions, links."""

    def __init__(self, doc: WorkshopDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self._focus: str | None = None
        self.shown_id: str | None = None
        self._stale = True

        content = QWidget()
        self.content = content
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(8)

        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setToolTip("Click a bubble or a backlog row; Ctrl-click to compare several")
        self.hint.setContentsMargins(16, 40, 16, 16)
        _mute(self.hint)
        layout.addWidget(self.hint)

        # Several selected: a compact comparison; clicking a row shows its details below.
        self.compare_title = QLabel()
        self.compare = headed_table(
            ["Rank", "ID", "Initiative", "C", "B", "Score"],
            (
                "Place in the ranking",
                "The initiative's ID",
                "The initiative",
                "Customer impact (0–100)",
                "Business impact (0–100)",
                "Sweet-spot score (0–100)",
            ),
            "The selected initiatives side by side; click one for its details",
        )
        self._table_style(self.compare)
        self.compare.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.compare.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.compare.itemSelectionChanged.connect(self._compare_clicked)
        layout.addWidget(self.compare_title)
        layout.addWidget(self.compare)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        f = QFont(self.title.font())
        f.setPointSizeF(max(f.pointSizeF(), 9.0) * 1.25)
        f.setBold(True)
        self.title.setFont(f)
        self.title.setToolTip("The initiative shown")
        self.subtitle = QLabel()
        self.subtitle.setToolTip("Place in the ranking and quadrant")
        self.subtitle.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)

        cards = QGridLayout()
        cards.setSpacing(6)
        self.card_customer = ScoreCard(
            "Customer impact", "Share of the weighted customer need addressed (0–100)"
        )
        self.card_business = ScoreCard(
            "Business impact", "Share of the weighted business objectives addressed (0–100)"
        )
        self.card_score = ScoreCard(
            "Sweet-spot score", "C^α · B^(1−α): both sides together (0–100)"
        )
        self.card_value = ScoreCard("Value for effort", "Sweet-spot score × confidence ÷ effort")
        cards.addWidget(self.card_customer, 0, 0)
        cards.addWidget(self.card_business, 0, 1)
        cards.addWidget(self.card_score, 1, 0)
        cards.addWidget(self.card_value, 1, 1)
        self.cards = QWidget()
        self.cards.setLayout(cards)
        cards.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.cards)

        self.placement = QLabel()
        self.placement.setWordWrap(True)
        self.placement.setObjectName("placementNote")
        self.placement.setToolTip("The room placed this initiative by dragging its bubble")
        self.placement.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.placement)

        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setToolTip("Effort, confidence and ownership from the data")
        _mute(self.facts)
        layout.addWidget(self.facts)

        self.why_title = _section("Why this score")
        layout.addWidget(self.why_title)
        self.chart_note = QLabel()
        self.chart_note.setWordWrap(True)
        _mute(self.chart_note)
        self.bars = ContributionBars()
        layout.addWidget(self.chart_note)
        layout.addWidget(self.bars)

        self.table = headed_table(
            CONTRIBUTION_COLUMNS,
            CONTRIBUTION_TIPS,
            "Every link of the initiative and the points it brings",
        )
        self._table_style(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(TEXT_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.links_title = _section("Contributions per link")
        layout.addWidget(self.links_title)
        layout.addWidget(self.table)
        layout.addStretch(1)

        self.scroll_area = scroll_page(self, content)
        self.setMinimumWidth(300)

        doc.changed.connect(self.refresh)
        doc.selectionChanged.connect(self._selection_changed)
        self.refresh()

    # -- public ----------------------------------------------------------------------------
    def total_row(self) -> dict[str, str]:
        """The last row of the contributions table (the sweet-spot score total) by column."""
        r = self.table.rowCount() - 1
        if r < 0:
            return {}
        return {name: self._text(r, c) for c, name in enumerate(CONTRIBUTION_COLUMNS)}

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def row_texts(self) -> list[list[str]]:
        return [
            [self._text(r, c) for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    # -- refreshing ------------------------------------------------------------------------
    def _selection_changed(self, _ids: list[str]) -> None:
        self._focus = None
        self.refresh()

    def _compare_clicked(self) -> None:
        items = self.compare.selectedItems()
        if items:
            ident = self.compare.item(items[0].row(), 1)
            if ident is not None and ident.text() != self.shown_id:
                self._focus = ident.text()
                self._show_initiative(self._focus)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        if not self.isVisible():
            # A hidden panel (closed dock) costs nothing per slider step; it catches up when
            # it is shown again.
            self._stale = True
            return
        self._stale = False
        known = set(self.doc.result.table["id"])
        selected = [i for i in self.doc.selection if i in known]
        if not selected:
            self.shown_id = None
            self._set_visible(False, compare=False)
            return
        focus = self._focus if self._focus in selected else selected[0]
        self._set_visible(True, compare=len(selected) > 1)
        if len(selected) > 1:
            self._fill_compare(selected, focus)
        self._show_initiative(focus)
        # The scroll area misses content height changes made while it is laid out.
        QApplication.postEvent(self.scroll_area, QEvent(QEvent.Type.LayoutRequest))

    def _set_visible(self, on: bool, compare: bool) -> None:
        self.hint.setVisible(not on)
        for w in (
            self.title,
            self.subtitle,
            self.cards,
            self.facts,
            self.why_title,
            self.chart_note,
            self.bars,
            self.links_title,
            self.table,
        ):
            w.setVisible(on)
        if not on:
            self.placement.setVisible(False)
        self.compare.setVisible(compare)
        self.compare_title.setVisible(compare)

    def _fill_compare(self, ids: list[str], focus: str) -> None:
        table = self.doc.result.table.set_index("id")
        self.compare_title.setText(f"<b>{len(ids)} selected</b> — click one to see its details")
        self.compare.blockSignals(True)
        try:
            self.compare.setRowCount(len(ids))
            for r, ident in enumerate(ids):
                row = table.loc[ident].to_dict()
                cells = [
                    str(int(row["rank"])),
                    ident,
                    str(row["initiative"]),
                    f"{row['customer_impact']:.1f}",
                    f"{row['business_impact']:.1f}",
                    f"{row['score']:.1f}",
                ]
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if c in (0, 3, 4, 5):
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    if c == 2:
                        item.setToolTip(text)
                    self.compare.setItem(r, c, item)
                if ident == focus:
                    self.compare.selectRow(r)
            fm = self.compare.fontMetrics()
            id_width = max(fm.horizontalAdvance(i) for i in ids) + 14
            number = fm.horizontalAdvance("100.0") + 14
            for c, width in ((0, fm.horizontalAdvance("Rank") + 14), (1, id_width)):
                self.compare.horizontalHeader().resizeSection(c, width)
            for c in (3, 4, 5):
                self.compare.horizontalHeader().resizeSection(c, number)
        finally:
            self.compare.blockSignals(False)
        _fit_table(self.compare, stretch_column=2)

    def _show_initiative(self, ident: str) -> None:
        result = self.doc.result
        row = result.row(ident)
        self.shown_id = ident
        total = len(result.table)
        quadrant = str(row["quadrant"])
        colour = quadrant_colours().get(quadrant, "#8C8C8C")
        self.title.setText(f"{ident} · {row['initiative']}")
        by = "value for effort" if result.settings.rank_by == "value" else "sweet-spot score"
        self.subtitle.setText(
            f"Rank <b>{int(row['rank'])}</b> of {total} by {by} · "
            f"<span style='color:{colour}'>●</span> <b>{_html(quadrant)}</b>"
        )
        placed = bool(row["overridden"])
        c, b, s = (float(row[k]) for k in ("customer_impact", "business_impact", "score"))
        cc, cb, cs = (
            float(row[k])
            for k in ("computed_customer_impact", "computed_business_impact", "computed_score")
        )
        self.card_customer.set(f"{c:.1f}", f"computed {cc:.1f}" if placed else "")
        self.card_business.set(f"{b:.1f}", f"computed {cb:.1f}" if placed else "")
        self.card_score.set(f"{s:.1f}", f"computed {cs:.1f}" if placed else "")
        value = float(row["value"])
        self.card_value.set(
            "–" if math.isnan(value) else f"{value:.1f}",
            "no effort estimate" if math.isnan(value) else "",
        )
        self._show_placement(row, placed)
        self._show_facts(ident)
        self._fill_contributions(ident, cs)

    def _show_placement(self, row: pd.Series, placed: bool) -> None:
        self.placement.setVisible(placed)
        if not placed:
            return
        reason = str(row["override_reason"] or "")
        text = (
            f"<b>Placed by the room</b> at customer {float(row['customer_impact']):.0f}, "
            f"business {float(row['business_impact']):.0f} (computed "
            f"{float(row['computed_customer_impact']):.1f}, "
            f"{float(row['computed_business_impact']):.1f}). Ranked by the placement."
        )
        if reason:
            text += f"<br>Reason: {_html(reason)}"
        self.placement.setText(text)
        tint = QColor(quadrant_colours().get("Business-led", "#E69F00"))
        self.placement.setStyleSheet(
            f"#placementNote {{ background: rgba({tint.red()}, {tint.green()}, {tint.blue()}, 38);"
            f" border: 1px solid rgba({tint.red()}, {tint.green()}, {tint.blue()}, 140);"
            " border-radius: 4px; }"
        )

    def _show_facts(self, ident: str) -> None:
        inits = self.doc.workshop.initiatives
        found = inits.loc[inits["id"].astype(str) == ident]
        if found.empty:
            self.facts.setText("")
            return
        rec = found.iloc[0]
        parts = []
        effort = pd.to_numeric(pd.Series([rec.get("effort")]), errors="coerce").iloc[0]
        parts.append(
            "effort " + (format_number(float(effort)) if not pd.isna(effort) else "not estimated")
        )
        conf = pd.to_numeric(pd.Series([rec.get("confidence")]), errors="coerce").iloc[0]
        parts.append(
            "confidence " + (f"{float(conf):.0%}" if not pd.isna(conf) else "100% (blank)")
        )
        for key in ("owner", "theme", "status"):
            v = rec.get(key)
            if isinstance(v, str) and v.strip():
                parts.append(f"{key} {v.strip()}")
        text = " · ".join(parts)
        desc = rec.get("description")
        text = text[:1].upper() + text[1:]
        if isinstance(desc, str) and desc.strip():
            text = f"{_html(desc.strip())}<br>{_html(text)}"
        else:
            text = _html(text)
        self.facts.setText(text)

    def _fill_contributions(self, ident: str, computed_score: float) -> None:
        result = self.doc.result
        w = self.doc.workshop
        parts = result.contributions(ident)
        # Plain arrays from here on: pandas string comparisons cost milliseconds a call, and
        # this runs on every slider step while the initiative is selected.
        side_of = parts["side"].to_numpy(dtype=object)
        target_of = parts["target"].astype(str).to_numpy(dtype=object)
        numbers = {
            k: parts[k].to_numpy(dtype=float) for k in ("strength", "weight", "impact", "score")
        }
        without = _without_texts(result, ident)
        needs = _texts_for(w.insights, "need", target_of[side_of == "customer"])
        goals = _texts_for(w.objectives, "objective", target_of[side_of == "business"])
        # Where a need's numbers come from (survey insights carry n, intervals and quotes).
        evidence = {
            c: _texts_for(w.insights, c, target_of[side_of == "customer"])
            for c in ("evidence", "Quotes")
            if c in w.insights.columns
        }
        customer_colour, business_colour = side_colours()
        alpha = float(np.clip(result.settings.alpha, 0.0, 1.0))
        rows: list[tuple[dict[str, str], str]] = []  # cells, kind (link, subtotal, total)
        bars: list[Bar] = []
        n_links = {"customer": 0, "business": 0}
        for side, label, texts, colour, share in (
            ("customer", "Customer", needs, customer_colour, alpha),
            ("business", "Business", goals, business_colour, 1.0 - alpha),
        ):
            mine = side_of == side
            n_links[side] = int(mine.sum())
            for target, strength, weight, impact, points in zip(
                target_of[mine].tolist(),
                numbers["strength"][mine].tolist(),
                numbers["weight"][mine].tolist(),
                numbers["impact"][mine].tolist(),
                numbers["score"][mine].tolist(),
                strict=True,
            ):
                text = texts.get(target, "")
                name = STRENGTH_NAMES.get(strength, format_number(strength))
                # Need weights are computed (0–2); objective weights are as typed.
                shown_weight = f"{weight:.2f}" if side == "customer" else format_number(weight)
                cells = {
                    "Side": label,
                    "ID": target,
                    "Strength": f"{name} {format_number(strength)}",
                    "Weight": shown_weight,
                    "Impact pts": f"{impact:.1f}",
                    "Score pts": f"{points:.2f}",
                    "Without it": without.get((side, target), ""),
                    "Need / objective": text,
                }
                said = [e.get(target, "") for e in evidence.values()] if side == "customer" else []
                cells["link tip"] = "\n\n".join(t for t in (text, *said) if t)
                rows.append((cells, "link"))
                bar_value = points if computed_score > 0 else impact
                bars.append(Bar(f"{target} {text}", bar_value, colour, tip=text))
            impact_total = float(numbers["impact"][mine].sum())
            score_total = float(numbers["score"][mine].sum())
            what = "customer impact" if side == "customer" else "business impact"
            subtotal = {
                "Side": f"{what[0].upper()}{what[1:]}",
                "tip": f"{what[0].upper()}{what[1:]}: {share:.0%} of the sweet-spot score "
                f"(α = {alpha:.2f})",
                "Impact pts": f"{impact_total:.1f}",
                "Score pts": f"{score_total:.2f}",
            }
            rows.append((subtotal, "subtotal"))
        total = float(numbers["score"].sum())
        rows.append(
            (
                {
                    "Side": "Sweet-spot score",
                    "Score pts": f"{total:.2f}",
                    "tip": "The score computed from the links: the two totals above added up",
                },
                "total",
            )
        )
        self._fill_table(rows, customer_colour, business_colour)

        bars.sort(key=lambda bar: bar.value, reverse=True)
        if len(bars) > MAX_BARS:
            rest = bars[MAX_BARS - 1 :]
            others = Bar(
                f"{len(rest)} others", sum(b.value for b in rest), theme.muted_colour().name()
            )
            bars = [*bars[: MAX_BARS - 1], others]
        unit = "score points" if computed_score > 0 else "impact points"
        self.bars.set_bars([b for b in bars if b.value > 0], unit)
        lift = best_missing_link(result, w, ident)
        if not len(parts):
            note = "No links yet: link it to insights and objectives in Data ▸ Links."
        elif computed_score > 0:
            note = (
                f"Points of the sweet-spot score ({computed_score:.1f}) each link brings; "
                f"blue = customer side ({n_links['customer']} insights), amber = business side "
                f"({n_links['business']} objectives)."
            )
        else:
            missing = (
                "business"
                if n_links["business"] == 0 or result.row(ident)["computed_business_impact"] == 0
                else "customer"
            )
            note = (
                f"Score 0: nothing on the {missing} side, and the score needs both. "
                "Bars show impact points instead."
            )
            if lift is not None:
                note += " " + lift.advice()
        self.chart_note.setText(note)
        self.bars.setVisible(bool(self.bars.bars))

    def _fill_table(
        self, rows: list[tuple[dict[str, str], str]], customer_colour: str, business_colour: str
    ) -> None:
        t = self.table
        t.clearSpans()
        t.setRowCount(len(rows))
        bold = QFont(t.font())
        bold.setBold(True)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, (cells, kind) in enumerate(rows):
            for c, name in enumerate(CONTRIBUTION_COLUMNS):
                text = cells.get(name, "")
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                if FIRST_NUMBER <= c < TEXT_COLUMN:
                    item.setTextAlignment(right)
                if kind == "link" and c in (1, TEXT_COLUMN):
                    item.setToolTip(cells.get("link tip") or cells["Need / objective"])
                if kind != "link":
                    item.setFont(bold)
                    item.setToolTip(cells.get("tip", ""))
                if c in (0, 1) and kind == "link":
                    # The ID carries the side's colour too, for when the Side column is hidden.
                    side = customer_colour if cells["Side"] == "Customer" else business_colour
                    item.setForeground(QColor(side))
                t.setItem(r, c, item)
            if kind != "link":
                # The label spans the columns before its numbers so it is never cut off.
                t.setSpan(r, 0, 1, FIRST_NUMBER + (1 if kind == "total" else 0))
                # Totals stand out by weight and a faint band, not by a light-only colour.
                band = QColor(self.palette().color(QPalette.ColorRole.Highlight))
                band.setAlpha(28 if kind == "subtotal" else 55)
                for c in range(t.columnCount()):
                    it = t.item(r, c)
                    if it is not None:
                        it.setBackground(band)
        # Widths from the font, not from the contents: the spanned total labels would
        # otherwise widen the first column.
        fm = t.fontMetrics()
        ids = [cells["ID"] for cells, kind in rows if kind == "link"]
        widths = {
            0: fm.horizontalAdvance("Customer") + 14,
            1: max((fm.horizontalAdvance(i) for i in ids), default=20) + 14,
            2: fm.horizontalAdvance("medium 3") + 14,
            3: fm.horizontalAdvance("Weight") + 14,
            4: fm.horizontalAdvance("Impact pts") + 14,
            5: fm.horizontalAdvance("Score pts") + 14,
        }
        # ID and Strength alone must hold the bold total labels (Side may be hidden).
        label_w = QFontMetrics(bold).horizontalAdvance("Customer impact") + 12
        widths[2] = max(widths[2], label_w - widths[1])
        for c, width in widths.items():
            t.horizontalHeader().resizeSection(c, width)
        t.horizontalHeader().setMinimumSectionSize(28)
        self._adapt_columns()

    def _table_style(self, table: QTableWidget) -> None:
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        read_only_rows(table)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        table.horizontalHeader().setHighlightSections(False)
        table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._adapt_columns()

    def _adapt_columns(self) -> None:
        """In a narrow dock, drop Side (the colours and subtotals say it) and Weight, then the
        impact points, so the score points stay in view; a wider panel shows every column."""
        t = self.table
        header = t.horizontalHeader()
        room = self.scroll_area.viewport().width() - 30
        # Dropped in this order as the dock narrows: Side and Weight, then the impact points
        # (the cards above show both impacts), so the score points and "without it" stay.
        stages = ((0, FIRST_NUMBER), (CONTRIBUTION_COLUMNS.index("Impact pts"),))
        # Widths as the content asks, hidden or not (a hidden section measures 0).
        wants = [
            max(t.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(t.columnCount())
        ]
        width = sum(wants[:TEXT_COLUMN]) + 150
        for stage in stages:
            narrow = width > room
            for c in stage:
                t.setColumnHidden(c, narrow)
                if narrow:
                    width -= wants[c]
        _fit_table(t)
        if self.compare.rowCount():
            _fit_table(self.compare, stretch_column=2)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            for label in (self.hint, self.facts, self.chart_note):
                _mute(label)
            self.refresh()


def _texts_for(table: pd.DataFrame, column: str, ids: np.ndarray) -> dict[str, str]:
    """The text (need, objective) of a few IDs, looked up without scanning the table twice."""
    if not len(ids):
        return {}
    positions = pd.Index(table["id"].astype(str)).get_indexer(pd.Index(ids))
    values = table[column].to_numpy(dtype=object)
    return {
        str(i): ("" if p < 0 or not isinstance(values[p], str) else values[p])
        for i, p in zip(ids.tolist(), positions.tolist(), strict=True)
    }


def _section(text: str) -> QLabel:
    label = QLabel(text)
    f = QFont(label.font())
    f.setBold(True)
    label.setFont(f)
    label.setContentsMargins(0, 8, 0, 0)
    return label
