"""The text pages: How scores work, the two-minute guide, About."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sweetspot import __version__
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import ScoreResult, ScoringSettings
from sweetspot.core.settings_text import describe_settings
from sweetspot.ui.brand import APP_NAME, TAGLINE, icon_pixmap


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
