"""Typing Japanese in tests the way an input method delivers it: committed text per character.

QTest.keyClicks only handles Latin-1 and aborts the process on kana and kanji; with an IME,
Qt widgets receive ``QInputMethodEvent`` commit strings, which is what this sends.
"""

from __future__ import annotations

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget


def commit_text(widget: QWidget, text: str) -> None:
    target = widget.focusProxy() or widget
    for char in text:
        event = QInputMethodEvent()
        event.setCommitString(char)
        QApplication.sendEvent(target, event)
