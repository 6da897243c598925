"""A question nobody answers ends the test instead of the run.

A dialog shown with ``exec()`` (``QMessageBox.question``, a file dialog, a form) runs an
event loop of its own until someone answers it. In a test nobody does: the run waits for
ever, and pytest-qt's timeouts never fire because they wait in the loop underneath. A test
either replaces the dialog's classmethod (``Messages.confirm``, ``FileDialogs``...) or drives
the dialog within moments; one that does neither has met a question it did not expect.

:class:`ModalGuard` looks at the application-modal windows every half second: one still
shown after ``grace_s`` is rejected (as Escape would) and noted, and the fixture fails the
test with what it asked. Window-modal ones (``open()``: error boxes, progress) do not wait
for an answer and are left alone.
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

CHECK_MS = 500
GRACE_S = 10.0


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QMessageBox) else type(widget).__name__
    first = text.splitlines()[0] if text else ""
    return f"{widget.windowTitle()}: {first[:80]}"


class ModalGuard(QObject):
    def __init__(self, grace_s: float = GRACE_S) -> None:
        super().__init__()
        self.grace_s = grace_s
        self.unanswered: list[str] = []
        # A modal window (its C++ address: a dialog Qt made, as QMessageBox.question does,
        # gets a new Python wrapper each time it is listed) -> when it was first seen.
        self._since: dict[int, float] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> None:
        now = time.monotonic()
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and w.windowModality() == Qt.WindowModality.ApplicationModal
        ]
        keys = [shiboken6.getCppPointer(w)[0] for w in shown]
        self._since = {key: self._since.get(key, now) for key in keys}
        for key, widget in zip(keys, shown, strict=True):
            if now - self._since[key] >= self.grace_s:
                self.unanswered.append(describe(widget))
                del self._since[key]
                if isinstance(widget, QDialog):
                    widget.reject()
                else:
                    widget.close()

    def stop(self) -> None:
        self._timer.stop()
