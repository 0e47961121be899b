"""The Qt table models over the workshop: Qt's model contract, sorting and filtering in pandas,
edits that validate and become undoable commands, and the link matrix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from benchmarks.synthetic import make_workshop
from sweetspot.core.edits import SetCell, SetLink, SetSettings
from sweetspot.core.model import Workshop
from sweetspot.core.scoring import score
from sweetspot.ui.document import WorkshopDocument
from sweetspot.ui.models import (
    ID_ROLE,
    VALUE_ROLE,
    BacklogModel,
    LinkMatrixModel,
    TableModel,
    natural_codes,
    next_strength,
)

pytestmark = pytest.mark.gui

ASC = Qt.SortOrder.AscendingOrder
DESC = Qt.SortOrder.DescendingOrder


@pytest.fixture
def doc(qapp: object, small_workshop: Workshop) -> WorkshopDocument:
    return WorkshopDocument(small_workshop)


def column_texts(model: BacklogModel | TableModel, key: str) -> list[str]:
    col = model.column_of(key)
    return [model.index(r, col).data() for r in range(model.rowCount())]


def expected_ranks(d: WorkshopDocument) -> dict[str, int]:
    return score(d.workshop, d.settings).ranks()


# ==== BacklogModel ==============================================================================


def test_backlog_model_passes_the_qt_model_tester_through_sort_filter_and_edits(
    qtmodeltester: ModelTester, doc: WorkshopDocument
) -> None:
    model = BacklogModel(doc)
    qtmodeltester.check(model)
    model.sort(model.column_of("score"), DESC)
    model.set_filter("login")
    model.set_filter("", "Sweet spot")
    model.set_filter("")
    doc.edit(SetCell("objectives", "O1", "weight", 0.0))
    doc.undo_stack.undo()
    qtmodeltester.check(model)


def test_backlog_shows_the_ranked_scores_with_one_decimal(doc: WorkshopDocument) -> None:
    model = BacklogModel(doc)
    assert model.ids() == ["A", "B", "C"]
    assert column_texts(model, "rank") == ["1", "2", "3"]
    assert column_texts(model, "score") == ["43.4", "0.0", "0.0"]
    assert column_texts(model, "customer_impact") == ["72.7", "9.1", "0.0"]
    assert column_texts(model, "quadrant") == ["Sweet spot", "Low overlap", "Business-led"]
    # Blank effort: no value for effort, shown blank, explained in the tooltip.
    value = model.index(1, model.column_of("value"))
    assert value.data() == ""
    assert "No effort" in value.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, model.column_of("quadrant")).data(Qt.ItemDataRole.DecorationRole)
    assert model.index(2, 0).data(ID_ROLE) == "C"
    assert model.index(0, model.column_of("score")).data(VALUE_ROLE) == pytest.approx(43.4226, 1e-4)


def test_driver_text_is_built_when_read_not_on_every_re_score(doc: WorkshopDocument) -> None:
    model = BacklogModel(doc)
    doc.edit(SetCell("objectives", "O1", "weight", 4.0))  # a re-score reloads the model
    arrays = model._frame.arrays
    assert "top_customer_drivers" not in arrays and "top_business_drivers" not in arrays
    # The cell asks for it: the column is built once, and says what the scores say.
    texts = column_texts(model, "top_customer_drivers")
    assert "top_customer_drivers" in arrays and "top_business_drivers" not in arrays
    assert texts == [doc.result.driver_text("customer", i) for i in model.ids()]
    assert texts[0] == "I1 Queues in branch are too long (+72.7)"
    assert model.value(0, "top_business_drivers") == doc.result.driver_text("business", "A")
    model.set_filter("Queues")  # a search reads the drivers too
    assert model.ids() == ["A"]


def test_numbers_sort_as_numbers_not_as_text(doc: WorkshopDocument) -> None:
    model = BacklogModel(doc)
    # As text "9.1" > "72.7"; as numbers 72.7 > 9.1.
    model.sort(model.column_of("customer_impact"), DESC)
    assert model.ids() == ["A", "B", "C"]
    model.sort(model.column_of("customer_impact"), ASC)
    assert model.ids() == ["C", "B", "A"]


def test_backlog_sort_by_score_and_id_matches_pandas(qapp: object) -> None:
    d = WorkshopDocument(make_workshop("S"))
    model = BacklogModel(d)
    table = d.result.table
    for order, ascending in ((DESC, False), (ASC, True)):
        model.sort(model.column_of("score"), order)
        expected = table.sort_values("score", ascending=ascending, kind="stable")["id"]
        assert model.ids() == expected.tolist()
        model.sort(model.column_of("id"), order)
        # Synthetic IDs are zero-padded (A00007), so natural order is plain string order.
        assert model.ids() == sorted(table["id"], reverse=not ascending)
    model.sort(model.column_of("initiative"), ASC)
    titles = [model.value(r, "initiative") for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.lower)


def test_ids_sort_naturally_with_blanks_last() -> None:
    ids = ["A10", "A2", "", "A1", "B1", "a3"]
    order = np.argsort(natural_codes(ids), kind="stable")
    # The blank code is −1: sort_positions puts it last; here check the others' order.
    assert [ids[i] for i in order if ids[i]] == ["A1", "A2", "a3", "A10", "B1"]
    mixed = ["I-2b", "I-10", "I-2a"]
    assert [mixed[i] for i in np.argsort(natural_codes(mixed))] == ["I-2a", "I-2b", "I-10"]


def test_filter_by_text_and_quadrant(doc: WorkshopDocument) -> None:
    model = BacklogModel(doc)
    model.set_filter("LOGIN")
    assert model.ids() == ["B"]
    model.set_filter("queue booking")  # every word must match, anywhere in the row
    assert model.ids() == ["A"]
    model.set_filter("digital sales")  # a business driver of A and C
    assert model.ids() == ["A", "C"]
    model.set_filter("", "Business-led")
    assert model.ids() == ["C"]
    model.set_filter("upsell", "Sweet spot")
    assert model.ids() == []
    model.set_filter("")
    assert model.ids() == ["A", "B", "C"]
    assert model.total_count() == 3


def test_filter_keeps_the_sort_order(doc: WorkshopDocument) -> None:
    model = BacklogModel(doc)
    model.sort(model.column_of("customer_impact"), ASC)
    model.set_filter("i")  # matches every row: the IDs and drivers hold an "i"
    assert model.ids() == ["C", "B", "A"]


def test_movement_arrows_after_a_weight_change(doc: WorkshopDocument) -> None:
    model = BacklogModel(doc)
    doc.edit(SetLink("B", "O2", 9.0))
    assert column_texts(model, "move") == ["–", "–", "–"]
    doc.edit(SetCell("objectives", "O1", "weight", 0.0))
    # B climbs over A: with O1 at zero, A's business impact falls to 11.1.
    assert model.ids() == ["B", "A", "C"]
    assert column_texts(model, "move") == ["▲1", "▼1", "–"]
    assert model.ids() == sorted(expected_ranks(doc), key=expected_ranks(doc).__getitem__)
    tip = model.index(0, model.column_of("move")).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Up 1 place in the latest change"
    doc.undo_stack.undo()
    assert model.ids() == ["A", "B", "C"]
    assert column_texts(model, "move") == ["▲1", "▼1", "–"]


def test_placement_column_and_italic_scores_for_an_override(doc: WorkshopDocument) -> None:
    from sweetspot.core.edits import SetPlacement
    from sweetspot.core.scoring import Override

    model = BacklogModel(doc)
    doc.edit(SetPlacement("C", Override(80.0, 90.0, "Board priority")))
    assert model.ids()[0] == "C"
    row = model.row_of("C")
    assert model.index(row, model.column_of("placement")).data() == (
        "Placed at C 80 · B 90 — Board priority"
    )
    font = model.index(row, model.column_of("customer_impact")).data(Qt.ItemDataRole.FontRole)
    assert font.italic()


def test_selection_survives_a_rescore_that_reorders_rows(
    qtbot: QtBot, doc: WorkshopDocument
) -> None:
    from PySide6.QtCore import QItemSelectionModel

    model = BacklogModel(doc)
    sm = QItemSelectionModel(model)
    sm.select(
        model.index(model.row_of("B"), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    doc.edit(SetLink("B", "O2", 9.0))
    with qtbot.waitSignal(model.layoutChanged):
        doc.edit(SetCell("objectives", "O1", "weight", 0.0))
    assert [model.id_at(i.row()) for i in sm.selectedRows()] == ["B"]


def test_models_stay_correct_at_100000_rows(qapp: object) -> None:
    n = 100_000
    rng = np.random.default_rng(3)
    w = Workshop()
    w.insights = pd.DataFrame(
        {
            "id": [f"I{i}" for i in range(n)],
            "need": rng.choice(["wait in queue", "app login", "fees", "Branch hours"], n),
            "importance": rng.integers(1, 6, n).astype(float),
            "satisfaction": np.nan,
            "reach": np.nan,
            "segment": rng.choice(["Retail", "SME"], n),
            "journey_stage": "Use",
            "sentiment": "",
            "emotion": "",
            "evidence": "",
            "tags": "",
        }
    )
    d = WorkshopDocument(w)
    model = TableModel(d, "insights")
    assert model.rowCount() == n
    model.sort(model.column_of("importance"), DESC)
    expected = w.insights.sort_values("importance", ascending=False, kind="stable")["id"]
    assert model.ids()[:1000] == expected.tolist()[:1000]
    model.sort(model.column_of("id"), ASC)
    assert model.ids()[:12] == [f"I{i}" for i in range(12)]  # I2 before I10
    model.set_filter("branch")
    assert model.rowCount() == int((w.insights["need"] == "Branch hours").sum())
    assert model.index(0, model.column_of("need")).data() == "Branch hours"
    model.set_filter("")
    assert model.rowCount() == n


# ==== TableModel ================================================================================


@pytest.mark.parametrize("table", ["insights", "objectives", "initiatives"])
def test_table_model_passes_the_qt_model_tester(
    qtmodeltester: ModelTester, doc: WorkshopDocument, table: str
) -> None:
    model = TableModel(doc, table)
    qtmodeltester.check(model)
    model.sort(1, DESC)
    model.set_filter("a")
    model.set_filter("")
    doc.edit(SetCell("objectives", "O1", "weight", 5.0))
    qtmodeltester.check(model)


def test_table_model_shows_canonical_then_custom_columns_never_meta(
    doc: WorkshopDocument,
) -> None:
    w = doc.workshop
    w.initiatives["Budget (£k)"] = [120.0, 80.0, np.nan]
    w.initiatives["_row"] = [2, 3, 4]
    doc.rescore()
    model = TableModel(doc, "initiatives")
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[:3] == ["ID", "Initiative", "Effort"]
    assert headers[-1] == "Budget (£k)"
    assert "_row" not in headers
    assert column_texts(model, "confidence") == ["", "50%", "100%"]
    # A custom number column edits as a number.
    assert model.setData(model.index(2, model.column_of("Budget (£k)")), "45")
    assert w.initiatives["Budget (£k)"].tolist()[2] == 45.0


def test_valid_edit_changes_workshop_and_ranking_and_is_undoable(
    doc: WorkshopDocument,
) -> None:
    backlog = BacklogModel(doc)
    model = TableModel(doc, "insights")
    before = doc.result.row("B")["customer_impact"]
    index = model.index(model.row_of("I2"), model.column_of("importance"))
    assert model.setData(index, "5")
    assert doc.workshop.insights["importance"].tolist() == [5.0, 5.0]
    assert index.data() == "5"
    assert doc.result.row("B")["customer_impact"] > before
    assert doc.result.ranks() == expected_ranks(doc)
    assert backlog.ids() == sorted(expected_ranks(doc), key=expected_ranks(doc).__getitem__)
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Edit Importance of I2"
    doc.undo_stack.undo()
    assert doc.workshop.insights["importance"].tolist() == [5.0, 3.0]
    assert doc.result.row("B")["customer_impact"] == pytest.approx(before)
    assert model.index(model.row_of("I2"), model.column_of("importance")).data() == "3"


def test_renaming_an_id_carries_its_links(doc: WorkshopDocument) -> None:
    model = TableModel(doc, "insights")
    assert model.setData(model.index(model.row_of("I1"), model.column_of("id")), " I9 ")
    assert "I9" in set(doc.workshop.links["target"])
    assert model.row_of("I9") >= 0
    assert doc.result.row("A")["customer_impact"] == pytest.approx(72.727, 1e-3)


def test_confidence_accepts_percent_and_fractions(doc: WorkshopDocument) -> None:
    model = TableModel(doc, "initiatives")
    col = model.column_of("confidence")
    assert model.setData(model.index(model.row_of("A"), col), "80%")
    assert model.setData(model.index(model.row_of("B"), col), 60)
    assert model.setData(model.index(model.row_of("C"), col), "0.25")
    assert doc.workshop.initiatives["confidence"].tolist() == [0.8, 0.6, 0.25]
    assert column_texts(model, "confidence") == ["80%", "60%", "25%"]


@pytest.mark.parametrize(
    ("table", "row_id", "key", "value", "message"),
    [
        ("insights", "I1", "importance", "lots", "must be a number"),
        ("insights", "I1", "importance", "7", "between 1 and 5"),
        ("insights", "I1", "satisfaction", "0", "between 1 and 5"),
        ("insights", "I1", "importance", "", "can't be blank"),
        ("insights", "I1", "need", "   ", "can't be blank"),
        ("insights", "I2", "id", "I1", "already used by another insight"),
        ("insights", "I2", "id", "O1", "already used by an objective"),
        ("insights", "I2", "id", "", "can't be blank"),
        ("objectives", "O1", "weight", "-1", "0 or more"),
        ("initiatives", "A", "id", "C", "already used"),
        ("initiatives", "A", "effort", "-2", "0 or more"),
        ("initiatives", "A", "confidence", "150%", "between 0% and 100%"),
    ],
)
def test_invalid_edits_are_rejected_with_a_message_and_no_change(
    qtbot: QtBot,
    doc: WorkshopDocument,
    table: str,
    row_id: str,
    key: str,
    value: str,
    message: str,
) -> None:
    model = TableModel(doc, table)
    before = getattr(doc.workshop, table).copy()
    index = model.index(model.row_of(row_id), model.column_of(key))
    with qtbot.waitSignal(model.editRejected, timeout=1000) as blocker:
        assert not model.setData(index, value)
    assert message in blocker.args[0]
    pd.testing.assert_frame_equal(getattr(doc.workshop, table), before)
    assert doc.undo_stack.count() == 0


def test_an_unchanged_value_pushes_no_command(doc: WorkshopDocument) -> None:
    model = TableModel(doc, "insights")
    assert model.setData(model.index(0, model.column_of("importance")), "5")
    assert model.setData(model.index(1, model.column_of("satisfaction")), "")
    assert doc.undo_stack.count() == 0


# ==== LinkMatrixModel ===========================================================================


def test_link_matrix_passes_the_qt_model_tester(
    qtmodeltester: ModelTester, doc: WorkshopDocument
) -> None:
    model = LinkMatrixModel(doc)
    qtmodeltester.check(model)
    model.cycle(model.index_of("B", "O1"))
    model.set_show_numbers(True)
    doc.undo_stack.undo()
    qtmodeltester.check(model)


def test_link_matrix_layout_and_symbols(doc: WorkshopDocument) -> None:
    model = LinkMatrixModel(doc)
    assert model.rowCount() == 3
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "I1",
        "I2",
        "O1",
        "O2",
    ]
    assert model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Objective O2: Grow digital sales"
    )
    assert model.headerData(0, Qt.Orientation.Vertical).startswith("A  Queue-free")
    row_a = [model.index(0, c).data() for c in range(4)]
    assert row_a == ["●", "", "◐", "○"]
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None
    model.set_show_numbers(True)
    assert [model.index(0, c).data() for c in range(4)] == ["9", "", "3", "1"]


def test_cycle_goes_none_weak_medium_strong_none_and_rescores(doc: WorkshopDocument) -> None:
    model = LinkMatrixModel(doc)
    cell = model.index_of("B", "O1")
    seen = []
    for _ in range(4):
        model.cycle(cell)
        seen.append(model.strength(cell))
        # The document re-scored with the new link, exactly as the core computes it.
        expected = score(doc.workshop, doc.settings).row("B")["business_impact"]
        assert doc.result.row("B")["business_impact"] == pytest.approx(expected)
    assert seen == [1.0, 3.0, 9.0, 0.0]
    assert doc.undo_stack.count() == 4
    doc.undo_stack.undo()
    assert model.strength(cell) == 9.0
    assert doc.result.row("B")["business_impact"] > 0
    assert [next_strength(s) for s in (0, 1, 3, 9, 5)] == [1, 3, 9, 0, 9]


def test_set_strength_on_several_cells_is_one_undo_step(doc: WorkshopDocument) -> None:
    model = LinkMatrixModel(doc)
    cells = [model.index_of("C", "I1"), model.index_of("C", "I2")]
    model.set_strength(cells, 3.0)
    assert [model.strength(c) for c in cells] == [3.0, 3.0]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert [model.strength(c) for c in cells] == [0.0, 0.0]


def test_link_matrix_setdata_accepts_words_and_rejects_off_ladder(
    qtbot: QtBot, doc: WorkshopDocument
) -> None:
    model = LinkMatrixModel(doc)
    cell = model.index_of("C", "I1")
    assert model.setData(cell, "strong")
    assert model.strength(cell) == 9.0
    with qtbot.waitSignal(model.editRejected, timeout=1000):
        assert not model.setData(cell, "5")
    assert model.strength(cell) == 9.0


def test_link_matrix_resets_when_targets_are_added(doc: WorkshopDocument) -> None:
    from sweetspot.core.edits import AddRow

    model = LinkMatrixModel(doc)
    doc.edit(AddRow("objectives", {"id": "O3", "objective": "Keep", "weight": 1}))
    assert model.columnCount() == 5
    assert model.target_at(4) == "O3"
    assert model.is_objective_column(4)


def test_settings_change_refreshes_without_reset(qtbot: QtBot, doc: WorkshopDocument) -> None:
    model = BacklogModel(doc)
    new = doc.settings.with_changes(alpha=1.0)
    with qtbot.assertNotEmitted(model.modelReset):
        doc.edit(SetSettings(new, "alpha"))
    assert column_texts(model, "score") == column_texts(model, "customer_impact")
