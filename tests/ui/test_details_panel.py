"""The details panel explains the selected initiative: its totals add up to the score and the
impacts, and it follows selection, re-weighting, lenses and placements."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from benchmarks.synthetic import make_workshop
from sweetspot.core.edits import SetCell, SetPlacement, SetSettings
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import Override
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.views.details_panel import CONTRIBUTION_COLUMNS, DetailsPanel

pytestmark = pytest.mark.gui


@pytest.fixture
def doc(qapp: object, small_workshop: Workshop) -> WorkshopDocument:
    return WorkshopDocument(small_workshop)


@pytest.fixture
def panel(qtbot: QtBot, doc: WorkshopDocument) -> DetailsPanel:
    p = DetailsPanel(doc)
    qtbot.addWidget(p)
    p.resize(460, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def totals(panel: DetailsPanel) -> dict[str, list[str]]:
    """Label → cells of the subtotal and total rows."""
    return {r[0]: r for r in panel.row_texts() if r[0] not in ("Customer", "Business")}


def test_hint_when_nothing_is_selected(panel: DetailsPanel) -> None:
    assert panel.hint.isVisible()
    assert "Select an initiative" in panel.hint.text()
    assert not panel.title.isVisible()
    assert panel.shown_id is None


def test_total_row_equals_the_score_and_subtotals_the_impacts(
    panel: DetailsPanel, doc: WorkshopDocument
) -> None:
    doc.select(["A"])
    row = doc.result.row("A")
    assert panel.title.text() == "A · Queue-free branch booking"
    assert "Rank <b>1</b> of 3" in panel.subtitle.text()
    assert panel.card_score.value.text() == "43.4"
    assert float(panel.total_row()["Score pts"]) == pytest.approx(row["score"], abs=0.01)
    t = totals(panel)
    customer = t["Customer impact"]
    business = t["Business impact"]
    assert float(customer[4]) == pytest.approx(row["customer_impact"], abs=0.05)
    assert float(business[4]) == pytest.approx(row["business_impact"], abs=0.05)
    assert float(customer[5]) + float(business[5]) == pytest.approx(row["score"], abs=0.01)
    links = [r for r in panel.row_texts() if r[0] in ("Customer", "Business")]
    assert [(r[0], r[1], r[2]) for r in links] == [
        ("Customer", "I1", "strong 9"),
        ("Business", "O1", "medium 3"),
        ("Business", "O2", "weak 1"),
    ]
    assert (
        links[0][CONTRIBUTION_COLUMNS.index("Need / objective")] == "Queues in branch are too long"
    )
    assert [b.label.split()[0] for b in panel.bars.bars] == ["I1", "O1", "O2"]


def test_totals_add_up_on_a_bigger_workshop(qtbot: QtBot, qapp: object) -> None:
    d = WorkshopDocument(make_workshop("S"))
    p = DetailsPanel(d)
    qtbot.addWidget(p)
    p.show()
    for ident in d.result.table["id"].tolist()[:10]:
        d.select([ident])
        assert float(p.total_row()["Score pts"]) == pytest.approx(
            d.result.row(ident)["score"], abs=0.01
        )
    assert len(p.bars.bars) <= 8


def test_follows_a_reweighting_and_alpha(panel: DetailsPanel, doc: WorkshopDocument) -> None:
    doc.select(["A"])
    doc.edit(SetCell("objectives", "O1", "weight", 0.0))
    assert float(panel.total_row()["Score pts"]) == pytest.approx(
        doc.result.row("A")["score"], abs=0.01
    )
    doc.edit(SetSettings(doc.settings.with_changes(alpha=0.8), "alpha"))
    customer_total = next(
        r for r in range(panel.table.rowCount()) if panel.row_texts()[r][0] == "Customer impact"
    )
    assert "80% of the sweet-spot score" in panel.table.item(customer_total, 0).toolTip()
    assert float(panel.total_row()["Score pts"]) == pytest.approx(
        doc.result.row("A")["score"], abs=0.01
    )


def test_a_zero_score_explains_itself(panel: DetailsPanel, doc: WorkshopDocument) -> None:
    doc.select(["B"])
    assert panel.card_score.value.text() == "0.0"
    assert "nothing on the business side" in panel.chart_note.text()
    assert panel.bars.unit == "impact points"
    assert panel.card_value.value.text() == "–"


def test_several_selected_shows_a_comparison(
    qtbot: QtBot, panel: DetailsPanel, doc: WorkshopDocument
) -> None:
    doc.select(["C", "A"])
    assert panel.compare.isVisible()
    assert panel.compare.rowCount() == 2
    assert [panel.compare.item(r, 1).text() for r in range(2)] == ["C", "A"]
    assert panel.shown_id == "C"
    cell = panel.compare.item(1, 2)
    assert cell is not None
    rect = panel.compare.visualItemRect(cell)
    qtbot.mouseClick(panel.compare.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.shown_id == "A"
    assert doc.selection == ["C", "A"]  # looking closer does not change the selection
    doc.select(["B"])
    assert not panel.compare.isVisible()
    assert panel.shown_id == "B"


def test_workshop_placement_is_explained(panel: DetailsPanel, doc: WorkshopDocument) -> None:
    doc.select(["C"])
    assert not panel.placement.isVisible()
    doc.edit(SetPlacement("C", Override(80.0, 90.0, "Board priority")))
    assert panel.placement.isVisible()
    assert "Placed by the room" in panel.placement.text()
    assert "Board priority" in panel.placement.text()
    assert panel.card_score.detail.text() == "computed 0.0"
    doc.undo_stack.undo()
    assert not panel.placement.isVisible()


def test_a_hidden_panel_catches_up_when_shown(panel: DetailsPanel, doc: WorkshopDocument) -> None:
    panel.hide()
    doc.select(["C"])
    assert panel.shown_id is None  # no work while nobody looks
    panel.show()
    assert panel.shown_id == "C"
    assert panel.title.text().startswith("C · Upsell banner")


def test_deleting_the_shown_initiative_goes_back_to_the_hint(
    panel: DetailsPanel, doc: WorkshopDocument
) -> None:
    from sweetspot.core.edits import DeleteRows

    doc.select(["A"])
    doc.edit(DeleteRows("initiatives", ("A",)))
    assert panel.hint.isVisible()
    doc.undo_stack.undo()
    doc.select(["A"])
    assert panel.shown_id == "A"


def test_without_this_link_beside_the_share(panel: DetailsPanel, doc: WorkshopDocument) -> None:
    doc.select(["A"])
    at = CONTRIBUTION_COLUMNS.index("Without it")
    links = {r[1]: r[at] for r in panel.row_texts() if r[0] in ("Customer", "Business")}
    # Hand-computed in tests/core/test_explain.py: without I1, A scores 0 and falls to #2;
    # without O1 it keeps #1 at √(72.73 × 3.70) = 16.4.
    assert links["I1"] == "0.0 · #2 (−1)"
    assert links["O1"] == "16.4 · #1"
    # A one-sided initiative: which single link would lift it most.
    doc.select(["C"])
    note = panel.chart_note.text()
    assert "Score 0: nothing on the customer side" in note
    assert "A strong link to the insight I1 (Queues in branch are too long)" in note
    assert "rank 1" in note


def test_a_survey_insight_shows_its_evidence_and_quotes(qtbot: QtBot, qapp: object) -> None:
    from tests.conftest import make_small_workshop

    w = make_small_workshop()
    w.insights["evidence"] = ["Survey (n=412): satisfaction 2.10 on 1–5", ""]
    w.insights["Quotes"] = ["“The queue took forty minutes.”", ""]
    doc = WorkshopDocument(w)
    p = DetailsPanel(doc)
    qtbot.addWidget(p)
    p.resize(460, 900)
    p.show()
    qtbot.waitExposed(p)
    doc.select(["A"])
    tips = {}
    for r in range(p.table.rowCount()):
        ident = p.table.item(r, 1)
        need = p.table.item(r, CONTRIBUTION_COLUMNS.index("Need / objective"))
        if ident is not None and need is not None:
            tips[ident.text()] = need.toolTip()
    assert "Survey (n=412)" in tips["I1"] and "forty minutes" in tips["I1"]
    assert "Survey" not in tips.get("O1", "")
