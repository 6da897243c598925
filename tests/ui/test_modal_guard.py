"""The desktop tests' guard against a question nobody answers (tests/ui/modalguard.py)."""

from __future__ import annotations

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.dialogs import Messages


def test_a_question_nobody_answers_is_answered_no_and_named(modal_guard):
    modal_guard.grace_s = 0.2
    answer = QMessageBox.question(None, "削除の確認", "古い配布資料を削除しますか？")
    assert answer != QMessageBox.StandardButton.Yes
    assert modal_guard.unanswered == ["削除の確認: 古い配布資料を削除しますか？"]
    modal_guard.unanswered.clear()  # seen: this test passes


def test_the_real_confirm_is_caught_too(modal_guard):
    modal_guard.grace_s = 0.2
    parent = QWidget()
    assert Messages.confirm(parent, "復元", "置き換えますか？") is False
    assert modal_guard.unanswered == ["復元: 置き換えますか？"]
    modal_guard.unanswered.clear()


def test_a_box_that_does_not_wait_is_left_alone(qtbot, modal_guard):
    modal_guard.grace_s = 0.2
    parent = QWidget()
    qtbot.addWidget(parent)
    Messages.error(parent, "書き出せませんでした")  # open(): window-modal, nothing waits
    qtbot.wait(1200)
    assert modal_guard.unanswered == []
    boxes = [w for w in parent.findChildren(QMessageBox) if w.isVisible()]
    assert [b.text() for b in boxes] == ["書き出せませんでした"]
