"""The start page shown when no workshop is open: samples, recent files, import, and the method.

A consultant opening SweetSpot for the first time (often with a client watching) should see at
once what the tool does and get to a result in one click: the bundled sample workshops open
straight into the matrix, and a short guide says what the two axes mean.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from sweetspot import resources
from sweetspot.ui import brand, dialogs

SAMPLE_EXTENSIONS = (".xlsx", ".xlsm", ".ods")

# What each bundled sample is, in a consultant's words (unknown files get their file name).
SAMPLE_INFO: dict[str, tuple[str, str]] = {
    "retail_bank": (
        "Retail bank",
        "A high-street bank's branch and app customers, against its growth and cost goals.",
    ),
    "pharma_hcp": (
        "Pharma: healthcare professionals",
        "What GPs and specialists need, against a pharma brand's goals. Links as a matrix.",
    ),
    "retail_bank_two_waves": (
        "Retail bank, six months on",
        "Five initiatives delivered and the survey asked again: did what customers say move?",
    ),
    "retail_bank_messy": (
        "Retail bank, as exported",
        "The same bank as a real survey export: title rows, own headers, H/M/L links.",
    ),
    "planted_errors": (
        "Spreadsheet with mistakes",
        "Seven planted mistakes: see the import report point to each cell.",
    ),
}
# Demo-quality samples first; test-style ones after.
# Sample files that are not a workshop to open: the bank's survey export (File ▸ Import survey
# responses… reads it into the open bank) and the bank's plan without insights.
NOT_WORKSHOPS = frozenset({"retail_bank_survey", "retail_bank_plan"})
SAMPLE_ORDER = (
    "retail_bank",
    "pharma_hcp",
    "retail_bank_two_waves",
    "retail_bank_messy",
    "planted_errors",
)


def sample_folders() -> list[Path]:
    """Where the bundled samples may be: a PyInstaller bundle, the package, the source tree."""
    return resources.data_dirs("sample_data")


def find_samples() -> list[Path]:
    """The bundled sample workbooks, best demo first."""
    for folder in sample_folders():
        if folder.is_dir():
            files = [
                p
                for p in folder.iterdir()
                if p.suffix.lower() in SAMPLE_EXTENSIONS and p.stem not in NOT_WORKSHOPS
            ]
            # One tile per workshop: the same sample saved in another format (retail_bank.ods
            # proves .ods files read the same) is not another sample.
            preference = {ext: i for i, ext in enumerate(SAMPLE_EXTENSIONS)}
            best: dict[str, Path] = {}
            for p in sorted(files, key=lambda p: preference[p.suffix.lower()]):
                best.setdefault(p.stem, p)
            files = list(best.values())
            if files:
                rank = {name: i for i, name in enumerate(SAMPLE_ORDER)}
                return sorted(files, key=lambda p: (rank.get(p.stem, len(rank)), p.stem))
    return []


def sample_title(path: Path) -> tuple[str, str]:
    if path.stem in SAMPLE_INFO:
        return SAMPLE_INFO[path.stem]
    return path.stem.replace("_", " ").capitalize(), "Sample workshop"


class MethodDiagram(QWidget):
    """A small sweet-spot matrix that explains the axes (drawn, so it is sharp at any DPI)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(QSize(260, 210))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            "Across: customer impact. Up: business impact. Top right: the sweet spots, "
            "initiatives that serve both."
        )

    def sizeHint(self) -> QSize:
        return QSize(340, 230)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        w, h = float(self.width()), float(self.height())
        left, bottom, top = 34.0, h - 30.0, 8.0
        right = w - 10.0
        mid_x, mid_y = (left + right) / 2, (top + bottom) / 2
        tints = {
            "Sweet spot": brand.SWEET_COLOUR,
            "Customer-led": brand.CUSTOMER_COLOUR,
            "Business-led": brand.BUSINESS_COLOUR,
            "Low overlap": "#8C8C8C",
        }
        quads = {
            "Business-led": QRectF(left, top, mid_x - left, mid_y - top),
            "Sweet spot": QRectF(mid_x, top, right - mid_x, mid_y - top),
            "Low overlap": QRectF(left, mid_y, mid_x - left, bottom - mid_y),
            "Customer-led": QRectF(mid_x, mid_y, right - mid_x, bottom - mid_y),
        }
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, self.font().pointSizeF() * 0.85))
        bold = QFont(small)
        bold.setBold(True)
        corners = {
            "Business-led": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            "Sweet spot": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            "Low overlap": Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            "Customer-led": Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
        }
        for name, rect in quads.items():
            tint = QColor(tints[name])
            tint.setAlphaF(0.26 if name == "Sweet spot" else 0.10)
            p.fillRect(rect, tint)
            p.setFont(bold)
            colour = QColor(tints[name]) if name != "Low overlap" else QColor("#8C8C8C")
            p.setPen(colour)
            # Quadrant names in the outer corners, as on the real matrix.
            p.drawText(rect.adjusted(6, 3, -6, -3), corners[name], name)
        # Crosshair at the mean, axes.
        dash = QPen(text, 1, Qt.PenStyle.DashLine)
        p.setPen(dash)
        p.drawLine(QPointF(mid_x, top), QPointF(mid_x, bottom))
        p.drawLine(QPointF(left, mid_y), QPointF(right, mid_y))
        p.setPen(QPen(text, 1.4))
        p.drawLine(QPointF(left, bottom), QPointF(right, bottom))
        p.drawLine(QPointF(left, bottom), QPointF(left, top))
        for tip, a, b in (
            (
                QPointF(right, bottom),
                QPointF(right - 7, bottom - 4),
                QPointF(right - 7, bottom + 4),
            ),
            (QPointF(left, top), QPointF(left - 4, top + 7), QPointF(left + 4, top + 7)),
        ):
            arrow = QPainterPath(tip)
            arrow.lineTo(a)
            arrow.lineTo(b)
            arrow.closeSubpath()
            p.fillPath(arrow, text)
        # A few bubbles; the biggest (most effort) is not the best one.
        for cx, cy, r, name in (
            (0.78, 0.30, 9, "Sweet spot"),
            (0.62, 0.40, 6, "Sweet spot"),
            (0.30, 0.32, 7, "Business-led"),
            (0.70, 0.66, 11, "Customer-led"),
            (0.30, 0.68, 5, "Low overlap"),
        ):
            x = left + cx * (right - left)
            y = top + cy * (bottom - top)
            fill = QColor(tints[name])
            fill.setAlphaF(0.9)
            p.setBrush(fill)
            p.setPen(QPen(QColor("#FFFFFF"), 1.2))
            p.drawEllipse(QPointF(x, y), r, r)
        p.setFont(small)
        p.setPen(text)
        p.drawText(
            QRectF(left, bottom + 4, right - left, 22),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            "Customer impact  →",
        )
        p.save()
        p.translate(12, (top + bottom) / 2)
        p.rotate(-90)
        p.drawText(
            QRectF(-(bottom - top) / 2, -10, bottom - top, 20),
            Qt.AlignmentFlag.AlignCenter,
            "Business impact  →",
        )
        p.restore()
        p.end()


class SampleTile(QPushButton):
    """A sample workshop to open: its name in bold and one line about it."""

    def __init__(self, title: str, subtitle: str, tip: str) -> None:
        super().__init__()
        self.setObjectName("tile")
        self.setToolTip(tip)
        self.setAccessibleName(title)
        self.setAccessibleDescription(subtitle)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title = QLabel(title)
        self.title.setObjectName("tileTitle")
        self.subtitle = QLabel(subtitle)
        self.subtitle.setObjectName("muted")
        self.subtitle.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 9, 12, 9)
        layout.setSpacing(2)
        for label in (self.title, self.subtitle):
            # Clicks go to the button underneath.
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.setMinimumHeight(76)

    def sizeHint(self) -> QSize:
        return QSize(260, 78)


class RecentItem(QPushButton):
    """A recent project or spreadsheet: its name, what it is and where it lives."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.setObjectName("recent")
        self.setToolTip(str(path))
        self.setAccessibleName(path.name)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        project = path.suffix.lower() == ".sweetspot"
        badge = QLabel()
        if project:
            badge.setPixmap(brand.icon_pixmap(22, self.devicePixelRatioF()))
        else:
            badge.setPixmap(
                brand.toolbar_icon("new", "#57606A").pixmap(QSize(20, 20), self.devicePixelRatioF())
            )
        badge.setFixedSize(24, 24)
        name = QLabel(path.name)
        name.setObjectName("recentName")
        where = QLabel(f"{'Project' if project else 'Spreadsheet'} · {_short_folder(path.parent)}")
        where.setObjectName("muted")
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 5, 8, 5)
        row.setSpacing(10)
        for label in (badge, name, where):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(badge)
        row.addWidget(name)
        row.addWidget(where, 1)
        self.setMinimumHeight(36)

    def sizeHint(self) -> QSize:
        return QSize(300, 36)


class _Card(QFrame):
    """A rounded panel on the page background."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.NoFrame)


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("heading")
    return label


class WelcomePage(QWidget):
    """Start page. Emits what the user chose; the window opens it."""

    sampleRequested = Signal(Path)
    recentRequested = Signal(Path)
    importRequested = Signal()
    openRequested = Signal()
    templateRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.samples = find_samples()
        self.sample_buttons: list[SampleTile] = []
        self.recent_buttons: list[RecentItem] = []
        self.guide_dialog: dialogs.GuideDialog | None = None

        # -- hero -------------------------------------------------------------------------------
        hero = QFrame()
        hero.setObjectName("hero")
        icon = QLabel()
        icon.setPixmap(brand.icon_pixmap(76, self.devicePixelRatioF()))
        icon.setFixedSize(84, 84)
        icon.setToolTip("SweetSpot")
        title = QLabel(brand.APP_NAME)
        title.setObjectName("heroTitle")
        tagline = QLabel(brand.TAGLINE)
        tagline.setObjectName("heroTagline")
        tagline.setWordWrap(True)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addStretch(1)
        words.addWidget(title)
        words.addWidget(tagline)
        words.addStretch(1)

        self.import_button = QPushButton("Import spreadsheet…")
        self.import_button.setObjectName("primary")
        self.import_button.setToolTip(
            "Read customer insights, business objectives, initiatives and links from an Excel "
            "workbook or CSV files"
        )
        self.import_button.clicked.connect(self.importRequested)
        self.open_button = QPushButton("Open project…")
        self.open_button.setObjectName("secondary")
        self.open_button.setToolTip("Open a saved SweetSpot project (.sweetspot)")
        self.open_button.clicked.connect(self.openRequested)
        self.template_button = QPushButton("Download template…")
        self.template_button.setObjectName("secondary")
        self.template_button.setToolTip(
            "Save an empty workbook with the four sheets and example rows, to fill in with the "
            "client"
        )
        self.template_button.clicked.connect(self.templateRequested)
        actions = QVBoxLayout()
        actions.setSpacing(8)
        actions.addStretch(1)
        for b in (self.import_button, self.open_button, self.template_button):
            b.setMinimumWidth(210)
            b.setCursor(Qt.CursorShape.PointingHandCursor)
            actions.addWidget(b)
        actions.addStretch(1)

        hero_row = QHBoxLayout(hero)
        hero_row.setContentsMargins(36, 24, 36, 24)
        hero_row.setSpacing(18)
        hero_row.addWidget(icon, 0, Qt.AlignmentFlag.AlignVCenter)
        hero_row.addLayout(words, 1)
        hero_row.addLayout(actions)

        # -- samples ----------------------------------------------------------------------------
        samples_card = _Card()
        samples_layout = QVBoxLayout(samples_card)
        samples_layout.setContentsMargins(20, 16, 20, 16)
        samples_layout.addWidget(_heading("Start with a sample workshop"))
        hint = QLabel("Open a ready-made workshop to see the matrix, the backlog and the graph.")
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        samples_layout.addWidget(hint)
        grid = QGridLayout()
        grid.setSpacing(10)
        for i, path in enumerate(self.samples):
            name, about = sample_title(path)
            button = SampleTile(name, about, f"Open the sample workshop {path.name}")
            button.clicked.connect(lambda _c=False, p=path: self.sampleRequested.emit(p))
            grid.addWidget(button, i // 2, i % 2)
            self.sample_buttons.append(button)
        if not self.samples:
            none = QLabel("The sample workshops are not installed.")
            none.setObjectName("muted")
            grid.addWidget(none, 0, 0)
        samples_layout.addLayout(grid)

        # -- recent -----------------------------------------------------------------------------
        self.recent_card = _Card()
        self.recent_layout = QVBoxLayout(self.recent_card)
        self.recent_layout.setContentsMargins(20, 16, 20, 16)
        self.recent_layout.addWidget(_heading("Recent"))
        self.recent_list = QVBoxLayout()
        self.recent_list.setSpacing(4)
        self.recent_layout.addLayout(self.recent_list)

        # -- method -----------------------------------------------------------------------------
        method = _Card()
        method_layout = QVBoxLayout(method)
        method_layout.setContentsMargins(20, 16, 20, 16)
        method_layout.addWidget(_heading("How it works"))
        method_layout.addWidget(MethodDiagram())
        steps = QLabel(
            "<ol style='margin-left:-22px'>"
            "<li style='margin-bottom:6px'><b>Customer insights</b> say what customers need: how "
            "important it is, how satisfied they are today, how many it reaches. Important, "
            "badly served needs weigh most.</li>"
            "<li style='margin-bottom:6px'><b>Business objectives</b> say what the business "
            "wants, each with a weight.</li>"
            "<li style='margin-bottom:6px'><b>Initiatives</b> are linked to both: weak (1), "
            "medium (3) or strong (9).</li>"
            "<li><b>Across</b> is customer impact: the share of weighted customer need an "
            "initiative addresses (0–100). <b>Up</b> is business impact: the share of objective "
            "weight it serves. <b>Top right</b> are the sweet spots: do those first.</li>"
            "</ol>"
        )
        steps.setWordWrap(True)
        steps.setTextFormat(Qt.TextFormat.RichText)
        steps.setToolTip("The method in four sentences; Help ▸ How scores work has the formulas")
        method_layout.addWidget(steps)
        self.guide_button = QPushButton(f"{dialogs.GUIDE_TITLE}…")
        self.guide_button.setObjectName("guide")
        self.guide_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.guide_button.setToolTip(
            "What the axes mean, where the numbers come from (need, customer impact, business "
            "impact, sweet-spot score), the quadrants, and workshop placements"
        )
        self.guide_button.clicked.connect(self.show_guide)
        method_layout.addWidget(self.guide_button, 0, Qt.AlignmentFlag.AlignLeft)

        # -- page -------------------------------------------------------------------------------
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addWidget(samples_card)
        left.addWidget(self.recent_card)
        left.addStretch(1)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(method)
        right.addStretch(1)
        body.addLayout(right, 2)
        body_widget = QWidget()
        body_widget.setObjectName("welcomeBody")
        body_widget.setMaximumWidth(1240)
        body_box = QVBoxLayout(body_widget)
        body_box.setContentsMargins(28, 20, 28, 24)
        body_box.addLayout(body)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(body_widget, 100)
        centred.addStretch(1)
        content = QWidget()
        content.setObjectName("welcomeContent")
        outer = QVBoxLayout(content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(hero)
        outer.addLayout(centred, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll)
        self._apply_style()
        self.set_recent([])

    def set_recent(self, paths: list[Path]) -> None:
        """Show these recent files (most recent first); missing files are left out."""
        while self.recent_list.count():
            item = self.recent_list.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden at once: deleteLater alone leaves it painted until the next loop.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.recent_buttons = []
        existing = [p for p in paths if p.exists()][:8]
        if not existing:
            none = QLabel("Projects and spreadsheets you open will be listed here.")
            none.setObjectName("muted")
            self.recent_list.addWidget(none)
            return
        for path in existing:
            button = RecentItem(path)
            button.clicked.connect(lambda _c=False, p=path: self.recentRequested.emit(p))
            self.recent_list.addWidget(button)
            self.recent_buttons.append(button)

    def show_guide(self) -> dialogs.GuideDialog:
        """Open the two-minute guide (one window, raised if it is already open)."""
        if self.guide_dialog is None:
            self.guide_dialog = dialogs.GuideDialog(self.window())
        self.guide_dialog.show()
        self.guide_dialog.raise_()
        self.guide_dialog.activateWindow()
        return self.guide_dialog

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            # The system switched between light and dark.
            self._apply_style()

    def _apply_style(self) -> None:
        pal = QGuiApplication.palette()
        window = pal.color(QPalette.ColorRole.Window)
        dark = window.lightnessF() < 0.5
        base = pal.color(QPalette.ColorRole.Base).name()
        text = pal.color(QPalette.ColorRole.WindowText).name()
        page = window.name()
        border = pal.color(QPalette.ColorRole.Mid).name() if dark else "#D8DEE4"
        muted = "#9DA7B3" if dark else "#57606A"
        tile_bg = "#262C36" if dark else "#F6F8FA"
        tile_hover = "#2F3744" if dark else "#EAF5F0"
        accent = brand.SWEET_COLOUR
        self.setStyleSheet(
            f"""
            QWidget#welcomeContent {{ background: {page}; }}
            QFrame#hero {{
                background: qlineargradient(x1:0, y1:0, x2:1, y2:1,
                            stop:0 {brand.ICON_BACKGROUND}, stop:1 #24344D);
            }}
            QLabel#heroTitle {{ color: white; font-size: 26pt; font-weight: 600; }}
            QLabel#heroTagline {{ color: #C9D4E3; font-size: 12pt; }}
            QPushButton#primary {{
                background: {accent}; color: white; border: none; border-radius: 6px;
                padding: 9px 18px; font-size: 11pt; font-weight: 600;
            }}
            QPushButton#primary:hover {{ background: #00B383; }}
            QPushButton#primary:focus {{ outline: none; border: 2px solid white; }}
            QPushButton#secondary {{
                background: rgba(255,255,255,0.08); color: white;
                border: 1px solid rgba(255,255,255,0.35); border-radius: 6px;
                padding: 8px 18px; font-size: 10.5pt;
            }}
            QPushButton#secondary:hover {{ background: rgba(255,255,255,0.18); }}
            QPushButton#secondary:focus {{ border: 2px solid white; }}
            QFrame#card {{ background: {base}; border: 1px solid {border}; border-radius: 10px; }}
            QLabel#heading {{ font-size: 13pt; font-weight: 600; color: {text};
                              border: none; background: transparent; }}
            QLabel#muted {{ color: {muted}; border: none; background: transparent; }}
            QFrame#card QLabel {{ border: none; background: transparent; }}
            QPushButton#tile {{
                background: {tile_bg}; border: 1px solid {border};
                border-left: 4px solid {accent}; border-radius: 6px;
            }}
            QPushButton#tile:hover, QPushButton#tile:focus {{
                background: {tile_hover}; border-color: {accent};
            }}
            QLabel#tileTitle {{ font-size: 10.5pt; font-weight: 600; color: {text}; }}
            QPushButton#recent {{ background: transparent; border: none; border-radius: 5px; }}
            QPushButton#recent:hover, QPushButton#recent:focus {{ background: {tile_hover}; }}
            QLabel#recentName {{ color: {text}; font-weight: 600; }}
            QPushButton#guide {{
                background: transparent; color: {accent}; border: 1px solid {accent};
                border-radius: 6px; padding: 6px 14px; font-weight: 600;
            }}
            QPushButton#guide:hover, QPushButton#guide:focus {{ background: {tile_hover}; }}
            """
        )


def _short_folder(folder: Path) -> str:
    home = Path.home()
    try:
        return "~/" + str(folder.relative_to(home)) if folder != home else "~"
    except ValueError:
        return str(folder)
