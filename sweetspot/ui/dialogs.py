"""Small dialogs and every question the app asks the user.

Each question is a module-level function (`ask_override_reason`, `ask_save_changes`,
`choose_save_path`, ...) that the window calls through this module, so tests replace it with
`monkeypatch.setattr(dialogs, "ask_...", ...)` and never block on a modal dialog.

The app icon is drawn here with QPainter (two overlapping circles, the overlap highlighted) so the
running app never depends on a resource file being found; `resources/make_icons.py` writes the
same drawing to PNG/ICO files for packaging.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal, cast

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sweetspot import __version__
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoreResult, ScoringSettings
from sweetspot.core.settings_text import describe_settings

APP_NAME = "SweetSpot"
TAGLINE = "Find where customer needs and business objectives overlap — and do those first."

# The icon's colours are the matrix's quadrant colours: customer (blue), business (amber),
# and the sweet spot where they overlap (green).
CUSTOMER_COLOUR = "#0072B2"
BUSINESS_COLOUR = "#E69F00"
SWEET_COLOUR = "#009E73"
ICON_BACKGROUND = "#1B2433"

SPREADSHEET_FILTER = "Spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv)"
PROJECT_FILTER = "SweetSpot projects (*.sweetspot)"
OPEN_FILTER = (
    "Projects and spreadsheets (*.sweetspot *.xlsx *.xlsm *.xls *.ods *.csv);;"
    f"{PROJECT_FILTER};;{SPREADSHEET_FILTER};;All files (*)"
)


# -- icon ----------------------------------------------------------------------------------------
def draw_icon(size: int, *, background: bool = True) -> QImage:
    """The SweetSpot mark at `size` × `size` pixels: two circles and their highlighted overlap."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    if background:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(ICON_BACKGROUND))
        p.drawRoundedRect(QRectF(0, 0, s, s), s * 0.22, s * 0.22)
    r = s * 0.27
    cy = s * 0.5
    left = QPainterPath()
    left.addEllipse(QPointF(s * 0.37, cy), r, r)
    right = QPainterPath()
    right.addEllipse(QPointF(s * 0.63, cy), r, r)
    overlap = left.intersected(right)
    pen_width = max(1.0, s * 0.03)
    for path, colour in ((left, CUSTOMER_COLOUR), (right, BUSINESS_COLOUR)):
        fill = QColor(colour)
        fill.setAlphaF(0.85)
        p.setBrush(fill)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPath(path)
    p.setBrush(QColor(SWEET_COLOUR))
    p.drawPath(overlap)
    # A thin light rim makes the two circles read as separate shapes at 16 px too.
    rim = QColor("#FFFFFF")
    rim.setAlphaF(0.9)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(rim, pen_width))
    p.drawPath(left)
    p.drawPath(right)
    p.end()
    return image


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@cache
def app_icon() -> QIcon:
    """The app icon at every size the platform may ask for (sharp on high-DPI screens)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(QPixmap.fromImage(draw_icon(size)))
    return icon


def icon_pixmap(size: int, device_pixel_ratio: float = 1.0) -> QPixmap:
    """A crisp pixmap of the icon for labels (drawn at the screen's pixel density)."""
    px = max(1, round(size * device_pixel_ratio))
    pixmap = QPixmap.fromImage(draw_icon(px))
    pixmap.setDevicePixelRatio(device_pixel_ratio)
    return pixmap


# Toolbar glyphs on a 24 × 24 grid, in a small path language: M move, L line (repeats),
# C cubic (repeats), Z close, R rounded rectangle (x y w h radius), B box, O oval (cx cy rx ry).
# Each glyph: (outline, filled part).
GLYPHS: dict[str, tuple[str, str]] = {
    "open": ("M 3 7 L 3 19 21 19 21 9 11 9 9 6 3 6 Z", ""),
    "import": ("M 4 14 L 4 20 20 20 20 14 M 12 3 L 12 15 M 7.5 10.5 L 12 15 16.5 10.5", ""),
    "export": ("M 4 14 L 4 20 20 20 20 14 M 12 3 L 12 15 M 7.5 7.5 L 12 3 16.5 7.5", ""),
    "save": ("R 4 4 16 16 2 M 8 4 L 8 9 15 9 15 4", "B 8 13 8 4"),
    "undo": ("M 9 6 L 5 10 9 14 M 5 10 L 14 10 C 21 10 21 19 14 19 L 10 19", ""),
    "present": ("R 3 4 18 12 1.5 M 12 16 L 12 20 M 8 20 L 16 20", "M 10 7.5 L 15 10 10 12.5 Z"),
    "image": ("R 3 5 18 14 1.5 M 5 17 L 10 11 13 14 15 12 19 17", "O 15.5 8.5 1.5 1.5"),
    "delete": ("M 4 7 L 20 7 M 9 7 L 9 4 15 4 15 7 M 6 7 L 7 20 17 20 18 7", ""),
    "new": ("M 6 3 L 14 3 19 8 19 21 6 21 Z M 14 3 L 14 8 19 8", ""),
    "help": (
        "O 12 12 9 9 M 9.5 9.5 C 9.5 6.5 14.5 6.5 14.5 9.5 14.5 11.5 12 11.5 12 14",
        "O 12 17 1.1 1.1",
    ),
}
GLYPHS["redo"] = GLYPHS["undo"]  # drawn mirrored
_ARITY = {"M": 2, "L": 2, "C": 6, "R": 5, "B": 4, "O": 4, "Z": 0}


def glyph_path(spec: str) -> QPainterPath:
    """A QPainterPath from the small path language of GLYPHS."""
    path = QPainterPath()
    tokens = spec.split()
    i, op = 0, ""
    while i < len(tokens):
        if tokens[i] in _ARITY:
            op, i = tokens[i], i + 1
        n = _ARITY[op]
        v = [float(x) for x in tokens[i : i + n]]
        i += n
        if op == "M":
            path.moveTo(v[0], v[1])
        elif op == "L":
            path.lineTo(v[0], v[1])
        elif op == "C":
            path.cubicTo(v[0], v[1], v[2], v[3], v[4], v[5])
        elif op == "R":
            path.addRoundedRect(QRectF(v[0], v[1], v[2], v[3]), v[4], v[4])
        elif op == "B":
            path.addRect(QRectF(v[0], v[1], v[2], v[3]))
        elif op == "O":
            path.addEllipse(QPointF(v[0], v[1]), v[2], v[3])
        else:
            path.closeSubpath()
    return path


def _painted_icon(sizes: tuple[int, ...], paint: Callable[[QPainter, int], None]) -> QIcon:
    """An icon with one crisp pixmap per size, each painted by `paint(painter, size)`."""
    icon = QIcon()
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint(p, size)
        p.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon


def toolbar_icon(name: str, colour: QColor | str) -> QIcon:
    """A crisp line icon for the toolbar and menus, in the palette's text colour."""
    outline, filled = GLYPHS[name]
    line, solid = glyph_path(outline), glyph_path(filled)

    def paint(p: QPainter, size: int) -> None:
        p.scale(size / 24.0, size / 24.0)
        if name == "redo":
            # Redo is undo seen in a mirror.
            p.translate(24, 0)
            p.scale(-1, 1)
        pen = QPen(QColor(colour), 1.8)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(line)
        p.fillPath(solid, QColor(colour))

    return _painted_icon((16, 24, 32, 48), paint)


SEVERITY_COLOURS = {"error": "#D1242F", "warning": "#BF8700", "info": "#0969DA"}
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Note"}


@cache
def severity_icon(severity: str) -> QIcon:
    """A round badge per problem severity: ✕ error, ! warning, i note."""

    def paint(p: QPainter, size: int) -> None:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(QColor(SEVERITY_COLOURS.get(severity, "#656D76"))))
        p.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0))
        p.setPen(QColor("#FFFFFF"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(8, int(size * 0.7)))
        p.setFont(font)
        glyph = {"error": "✕", "warning": "!", "info": "i"}.get(severity, "?")
        p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph)

    return _painted_icon((16, 32, 48), paint)


# -- questions (replace these in tests) ----------------------------------------------------------
SaveAnswer = Literal["save", "discard", "cancel"]
DiskAnswer = Literal["overwrite", "save_as", "cancel"]
RecoveryAnswer = Literal["restore", "discard", "later"]


_ROLES = {
    "accept": QMessageBox.ButtonRole.AcceptRole,
    "destructive": QMessageBox.ButtonRole.DestructiveRole,
    "reject": QMessageBox.ButtonRole.RejectRole,
}


@dataclass(frozen=True)
class Question:
    """A question with named buttons, written "label: role = answer; …" (role: accept,
    destructive or reject); `{name}` in the texts is filled in when asked; the button at
    `default` is the default; `otherwise` answers a box closed some other way."""

    icon: QMessageBox.Icon
    text: str
    detail: str
    buttons: str
    default: int = 0
    otherwise: str = "cancel"

    def choices(self) -> list[tuple[str, QMessageBox.ButtonRole, str]]:
        out = []
        for part in self.buttons.split(";"):
            label, rest = part.rsplit(":", 1)
            role, answer = (s.strip() for s in rest.split("="))
            out.append((label.strip(), _ROLES[role], answer))
        return out


SAVE_CHANGES = Question(
    QMessageBox.Icon.Warning,
    "Save the changes to “{name}”?",
    "Your changes will be lost if you don't save them.",
    "Save: accept = save; Don't Save: destructive = discard; Cancel: reject = cancel",
)
CHANGED_ON_DISK = Question(
    QMessageBox.Icon.Warning,
    "“{name}” was changed by someone else since you opened it.",
    "Overwrite it with your version, or save your version under another name?",
    "Overwrite: destructive = overwrite; Save As…: accept = save_as; Cancel: reject = cancel",
    default=1,
)
RESTORE_RECOVERY = Question(
    QMessageBox.Icon.Question,
    "SweetSpot did not close properly last time.",
    "A recovery copy of your work was kept: {name}.\nRestore it?",
    "Restore: accept = restore; Discard: destructive = discard; Not now: reject = later",
    otherwise="later",
)


def ask(parent: QWidget | None, question: Question, name: str = "") -> str:
    """Ask `question`; the answer of the button clicked."""
    box = QMessageBox(parent)
    box.setIcon(question.icon)
    box.setWindowTitle(APP_NAME)
    box.setText(question.text.format(name=name))
    box.setInformativeText(question.detail.format(name=name))
    choices = question.choices()
    buttons = [box.addButton(label, role) for label, role, _answer in choices]
    box.setDefaultButton(buttons[question.default])
    box.exec()
    clicked = box.clickedButton()
    answers = (c[2] for b, c in zip(buttons, choices, strict=True) if b is clicked)
    return next(answers, question.otherwise)


def ask_save_changes(parent: QWidget | None, name: str) -> SaveAnswer:
    """Save, discard or cancel before the open workshop is closed."""
    return cast(SaveAnswer, ask(parent, SAVE_CHANGES, name))


def ask_changed_on_disk(parent: QWidget | None, name: str) -> DiskAnswer:
    """The project file was changed by someone else since we opened it."""
    return cast(DiskAnswer, ask(parent, CHANGED_ON_DISK, name))


def ask_restore_recovery(parent: QWidget | None, description: str) -> RecoveryAnswer:
    """Offer the recovery copy a crashed session left behind."""
    return cast(RecoveryAnswer, ask(parent, RESTORE_RECOVERY, description))


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    QMessageBox.warning(parent, f"{title} — {APP_NAME}", message)


def choose_open_path(parent: QWidget | None, directory: str = "") -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Open project or spreadsheet", directory, OPEN_FILTER
    )
    return Path(name) if name else None


def choose_import_paths(parent: QWidget | None, directory: str = "") -> list[Path]:
    names, _ = QFileDialog.getOpenFileNames(
        parent, "Import spreadsheet", directory, f"{SPREADSHEET_FILTER};;All files (*)"
    )
    return [Path(n) for n in names]


def choose_save_path(
    parent: QWidget | None, caption: str, suggested: str, file_filter: str
) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, caption, suggested, file_filter)
    return Path(name) if name else None


# -- workshop placement --------------------------------------------------------------------------
class OverrideReasonDialog(QDialog):
    """Asks why the room moved an initiative; the reason goes to the backlog export."""

    def __init__(
        self,
        parent: QWidget | None,
        initiative_id: str,
        title: str,
        customer: float,
        business: float,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record workshop placement")
        intro = QLabel(
            f"<b>{html.escape(initiative_id)}</b> {html.escape(title)}<br>"
            f"The room placed it at customer impact <b>{customer:.1f}</b> and business impact "
            f"<b>{business:.1f}</b>. It will be ranked there until the placement is cleared."
        )
        intro.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Optional, e.g. “Regulator deadline makes this urgent”")
        self.reason.setToolTip(
            "Why the room agreed on this position; shown in the exported backlog"
        )
        self.reason.setClearButtonEnabled(True)
        form = QFormLayout()
        form.addRow("Reason:", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Record placement")
        ok.setToolTip("Rank this initiative at the position the room agreed")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(
            "Put the bubble back where the scores place it"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)


def ask_override_reason(
    parent: QWidget | None, initiative_id: str, title: str, customer: float, business: float
) -> str | None:
    """The reason for a workshop placement ("" for none), or None when the user cancels."""
    dialog = OverrideReasonDialog(parent, initiative_id, title, customer, business)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason.text().strip()


# -- How scores work -----------------------------------------------------------------------------
def parameters_html(
    settings: ScoringSettings, result: ScoreResult | None, workshop: Workshop | None
) -> str:
    """The parameters in use now, as an HTML table for the help dialog (the same sentences as
    the workbook's Method sheet; α to two decimals, as the slider shows it)."""
    rows = describe_settings(settings, workshop, result=result, alpha_decimals=2)
    body = "".join(
        f"<tr><td class='k'>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in rows
    )
    return f"<table class='params'>{body}</table>"


HOW_SCORES_HTML = """
<style>
 body {{ font-size: 10.5pt; }}
 h2 {{ margin: 0 0 4px 0; }}
 h3 {{ margin: 14px 0 2px 0; }}
 .f {{ font-family: 'DejaVu Serif', 'Cambria Math', 'Times New Roman', serif; font-size: 12pt;
      margin: 4px 0 4px 18px; }}
 .why {{ margin: 0 0 4px 18px; }}
 td.k {{ padding-right: 18px; font-weight: 600; }}
 td {{ padding: 2px 4px; }}
</style>
<h2>How scores work</h2>
<p>An initiative earns <b>customer impact</b> by addressing the needs customers feel most and are
least satisfied with, and <b>business impact</b> by serving the objectives the business weighted
highest. Its <b>sweet-spot score</b> is high only when both are.</p>

<h3>1 · Need of each insight</h3>
<p class='f'>need<sub>j</sub> = imp<sub>j</sub> + max(imp<sub>j</sub> − sat<sub>j</sub>, 0)</p>
<p class='why'>Importance and satisfaction divided by the top of their scale: important
<i>and</i> badly served needs count most.</p>
<p class='f'>N<sub>j</sub> = need<sub>j</sub> × reach<sub>j</sub> / max reach</p>
<p class='why'>When the insights have a reach (customers affected); otherwise N = need.</p>

<h3>2 · Customer impact (0–100)</h3>
<p class='f'>C = 100 × Σ<sub>j</sub> (s<sub>j</sub>/9) · N<sub>j</sub>
 / Σ<sub>j</sub> N<sub>j</sub></p>
<p class='why'>The share of all weighted customer need the initiative addresses. Link strength
s is 0, 1, 3 or 9 (none, weak, medium, strong).</p>

<h3>3 · Business impact (0–100)</h3>
<p class='f'>B = 100 × Σ<sub>k</sub> (s<sub>k</sub>/9) · w<sub>k</sub>
 / Σ<sub>k</sub> w<sub>k</sub></p>
<p class='why'>The share of all objective weight w it serves.</p>

<h3>4 · Sweet-spot score and value for effort</h3>
<p class='f'>S = C<sup>α</sup> · B<sup>1−α</sup></p>
<p class='why'>A weighted geometric mean: an initiative that serves only one side scores 0.</p>
<p class='f'>V = S × confidence / effort</p>
<p class='why'>Confidence 0–1 (blank counts as 1); V is blank when effort is missing.</p>

<h3>5 · Quadrants</h3>
<p class='why'>The crosshair sits at the mean customer and business impact (or fixed values):
<b>Sweet spot</b> (both above), <b>Customer-led</b>, <b>Business-led</b>, <b>Low overlap</b>.
A workshop placement replaces an initiative's computed position for its score, rank and quadrant
until it is cleared; the crosshair stays where the scores put it.</p>

<h3>Parameters in use now</h3>
{parameters}
"""


class TextPageDialog(QDialog):
    """A page of rich text to read, with Close: the help pages."""

    def __init__(
        self, parent: QWidget | None, title: str, tip: str, close_tip: str, size: QSize
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{title} — {APP_NAME}")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setToolTip(tip)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setToolTip(close_tip)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(close)
        self.resize(size)

    def text(self) -> str:
        """The page as plain text (what a reader sees)."""
        return self.browser.toPlainText()


class HowScoresDialog(TextPageDialog):
    """Help ▸ How scores work: the formulas and the parameters in use now."""

    def __init__(
        self,
        parent: QWidget | None,
        settings: ScoringSettings,
        result: ScoreResult | None = None,
        workshop: Workshop | None = None,
    ) -> None:
        super().__init__(
            parent,
            "How scores work",
            "The scoring model, with the parameters of the open workshop",
            "Close this help",
            QSize(640, 720),
        )
        self.update_parameters(settings, result, workshop)

    def update_parameters(
        self, settings: ScoringSettings, result: ScoreResult | None, workshop: Workshop | None
    ) -> None:
        self.browser.setHtml(
            HOW_SCORES_HTML.format(parameters=parameters_html(settings, result, workshop))
        )


GUIDE_TITLE = "Two-minute guide to the method"

GUIDE_HTML = """
<style>
 body { font-size: 10.5pt; }
 h2 { margin: 0 0 4px 0; }
 h3 { margin: 14px 0 2px 0; }
 .f { font-family: 'DejaVu Serif', 'Cambria Math', 'Times New Roman', serif; font-size: 12pt;
      margin: 4px 0 4px 18px; }
 li { margin-bottom: 4px; }
</style>
<h2>Two-minute guide to the method</h2>
<p>SweetSpot answers one question in a workshop: <b>which initiatives serve the customer
<i>and</i> the business?</b> Those are the sweet spots; do them first.</p>

<h3>1 · What goes in</h3>
<ul>
<li><b>Customer insights</b>: what customers need, how <b>important</b> it is to them and how
<b>satisfied</b> they are today (e.g. 1–5), optionally how many it <b>reaches</b>.</li>
<li><b>Business objectives</b>: what the business wants, each with a <b>weight</b>.</li>
<li><b>Initiatives</b>: what the organisation could do, with effort and confidence if known.</li>
<li><b>Links</b>: which insights and objectives each initiative addresses: weak (1),
medium (3) or strong (9).</li>
</ul>
<p>“Download template” gives a workbook with these four sheets; “Import spreadsheet” reads it
(or your own layout) and points to any cell it cannot use.</p>

<h3>2 · Where the numbers come from</h3>
<p><b>Need of an insight</b>: important and badly served needs count most.</p>
<p class='f'>need = importance + gap<br>gap = max(importance − satisfaction, 0)</p>
<p>(both divided by the top of their scale; with a reach, need is scaled by reach / largest
reach.)</p>
<p><b>Customer impact</b> (across, 0–100): the share of all customer need the initiative
addresses, each link counting strength / 9.</p>
<p class='f'>C = 100 × Σ (s/9) · need / Σ need</p>
<p><b>Business impact</b> (up, 0–100): the share of all objective weight it serves.</p>
<p class='f'>B = 100 × Σ (s/9) · weight / Σ weight</p>
<p><b>Sweet-spot score</b>: high only when both are; serving one side only scores 0.</p>
<p class='f'>S = C<sup>α</sup> × B<sup>1−α</sup> &nbsp; (α = 0.5: the geometric mean √(C·B))</p>
<p>Value for effort = S × confidence / effort ranks quick wins.</p>

<h3>3 · Reading the matrix</h3>
<ul>
<li><b>Across</b> is customer impact, <b>up</b> is business impact; a bubble's size is its
effort.</li>
<li>The dashed crosshair sits at the average initiative. <b>Sweet spot</b> (top right): above
average on both. <b>Customer-led</b> (bottom right) and <b>Business-led</b> (top left): strong on
one side. <b>Low overlap</b> (bottom left): question these.</li>
<li>The <b>backlog</b> lists the initiatives by sweet-spot score; the <b>graph</b> shows which
needs and objectives each one serves.</li>
</ul>

<h3>4 · In the room</h3>
<ul>
<li><b>Drag a bubble</b> to where the room agrees it belongs: that is a <b>workshop
placement</b>. It replaces the computed position for the initiative's score, rank and quadrant
(the reason is kept) until you clear it; the crosshair stays put. Every change can be
undone.</li>
<li>Change objective weights or the customer↔business balance α and watch the ranking
move.</li>
<li>Export the ranked backlog to Excel, or the matrix as a picture, for the follow-up.</li>
</ul>
<p>Help ▸ How scores work has every formula with the parameters of the open workshop.</p>
"""


class GuideDialog(TextPageDialog):
    """Welcome page ▸ Two-minute guide: the method in plain words, with the key formulas."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            GUIDE_TITLE,
            "What the axes mean and where the numbers come from",
            "Close this guide",
            QSize(620, 700),
        )
        self.browser.setHtml(GUIDE_HTML)


class AboutDialog(QDialog):
    """Help ▸ About: name, version, icon."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        icon = QLabel()
        icon.setPixmap(icon_pixmap(96, self.devicePixelRatioF()))
        icon.setFixedSize(QSize(104, 104))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(f"<span style='font-size:20pt; font-weight:600'>{APP_NAME}</span>")
        self.version_label = QLabel(f"Version {__version__}")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QLabel(
            f"{html.escape(TAGLINE)}<br><br>For customer-experience consultants running strategy "
            "workshops: import customer insights and business objectives, link them through "
            "initiatives, and rank the initiatives by customer impact × business impact.<br><br>"
            "Works offline. Your data never leaves this computer."
        )
        text.setWordWrap(True)
        ok = QPushButton("Close")
        ok.setToolTip("Close this window")
        ok.clicked.connect(self.accept)
        ok.setDefault(True)
        right = QVBoxLayout()
        right.addWidget(title)
        right.addWidget(self.version_label)
        right.addSpacing(8)
        right.addWidget(text)
        right.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addSpacing(12)
        row.addLayout(right, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)


def describe_paths(paths: Sequence[Path]) -> str:
    if not paths:
        return ""
    if len(paths) == 1:
        return paths[0].name
    return f"{paths[0].name} and {len(paths) - 1} more"
