"""Knowing when a widget has been painted, without an event filter.

The start-up waits for paints (the window's first, then the dashboard's board with its first
snapshot) before it goes on. An event filter would have Python see every event of the
widget, and watching a scroll area's ``viewport()`` would first have PySide6 set up every
widget class of QtWidgets to find that widget's type (some seventy enums, 15 ms).
"""

from __future__ import annotations

from collections.abc import Callable


class AfterPaint:
    """Mixin for a ``QWidget`` subclass (listed before the Qt class):
    ``call_after_paint(callback)`` runs ``callback()`` once, right after the widget's next
    paint (for a scroll area, of its rows' area)."""

    _after_paint: list[Callable[[], None]] | None = None

    def call_after_paint(self, callback: Callable[[], None]) -> None:
        if self._after_paint is None:
            self._after_paint = []
        self._after_paint.append(callback)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)  # type: ignore[misc]
        callbacks = self._after_paint
        if callbacks:
            self._after_paint = None
            for callback in callbacks:
                callback()
