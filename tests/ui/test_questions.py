"""The questions the app asks: each button gives its answer; closing the box gives the default."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from sweetspot.ui import dialogs

pytestmark = pytest.mark.gui


def _click_later(label: str | None) -> None:
    """Once the box is open, click the button with `label` (None: press Escape)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        if label is None:
            box.reject()
            return
        for button in box.buttons():
            if button.text() == label:
                button.click()
                return
        raise AssertionError(f"no button {label!r} in {[b.text() for b in box.buttons()]}")

    QTimer.singleShot(0, click)


@pytest.mark.parametrize(
    ("label", "answer"), [("Save", "save"), ("Don't Save", "discard"), ("Cancel", "cancel")]
)
def test_save_changes_answers(qapp: object, label: str, answer: str) -> None:
    _click_later(label)
    assert dialogs.ask_save_changes(None, "bank.sweetspot") == answer


@pytest.mark.parametrize(
    ("label", "answer"),
    [("Overwrite", "overwrite"), ("Save As…", "save_as"), ("Cancel", "cancel")],
)
def test_changed_on_disk_answers(qapp: object, label: str, answer: str) -> None:
    _click_later(label)
    assert dialogs.ask_changed_on_disk(None, "bank.sweetspot") == answer


@pytest.mark.parametrize(
    ("label", "answer"),
    [("Restore", "restore"), ("Discard", "discard"), ("Not now", "later"), (None, "later")],
)
def test_restore_recovery_answers(qapp: object, label: str | None, answer: str) -> None:
    _click_later(label)
    assert dialogs.ask_restore_recovery(None, "bank, 5 minutes ago") == answer
