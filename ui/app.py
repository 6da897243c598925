"""Start the desktop app: Qt application, language, fonts, the window, then the store.

The window is shown first, as a shell that imports nothing heavier than Qt; the store is
opened (and SQLAlchemy, Alembic and the core imported) on a worker thread meanwhile, so the
window moves, resizes and repaints from the first moment. When the store is open the window
gets its op queue and shows the first page.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QMetaObject, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication

from dxfield.errors import DxfieldError

from . import config, i18n
from .errors import message_for

log = logging.getLogger(__name__)

# Imported on the opener thread while the window is already up: what the first page needs.
PRELOAD = ("dxfield.services.dashboard", "ui.ops", "ui.models", "ui.pages.dashboard")
# How long the store waits for the window's first paint before it opens anyway.
FIRST_PAINT_WAIT_MS = 200


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with names set before anything reads settings."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName("dxfield")
    QCoreApplication.setApplicationName("dxfield")
    return app  # type: ignore[return-value]


def prepare(app: QApplication, settings) -> None:
    """Language and font; idempotent so tests can call it per test."""
    for old in getattr(app, "_dxfield_translators", []):
        app.removeTranslator(old)
    app._dxfield_translators = i18n.install_translators(app, config.language(settings))  # type: ignore[attr-defined]
    i18n.apply_font(app, i18n.register_fonts())


class Launch(QObject):
    """The started app: ``window`` at once, ``ops`` once the store is open."""

    def __init__(self, app: QApplication, window, ctx) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self.ops = None
        self.failed: BaseException | None = None
        self._ctx = ctx
        self._result: Any = None  # set by the opener before it queues _on_opened
        # The opener starts once the window has painted itself: SQLAlchemy's import on
        # the worker holds the GIL in 5 ms slices, and every Python override that Qt calls
        # while painting would wait for it. A window that is never painted (minimised at
        # start) gets its data after FIRST_PAINT_WAIT_MS all the same.
        window.installEventFilter(self)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._start)
        self._fallback.start(FIRST_PAINT_WAIT_MS)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            # The children paint right after their window; the start is queued behind them.
            self._fallback.start(0)
        return False

    def _start(self) -> None:  # once: the single-shot timer's only timeout
        self.window.removeEventFilter(self)
        threading.Thread(target=self._open, name="dxfield-open", daemon=True).start()

    def _open(self) -> None:
        # No Qt here: this runs beside the UI thread.
        try:
            import importlib

            db = self._ctx.db
            for name in PRELOAD:
                importlib.import_module(name)
        except BaseException as exc:
            self._result = exc
        else:
            self._result = db
        QMetaObject.invokeMethod(self, "_on_opened", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _on_opened(self) -> None:
        result, self._result = self._result, None
        if isinstance(result, BaseException):
            self.failed = result
            detail = str(result) if isinstance(result, DxfieldError) else repr(result)
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(self.window, "dxfield", message_for(result) + f"\n\n{detail}")
            self.app.exit(2)
            return
        from .ops import Ops

        self.ops = Ops(result)
        self.window.attach(self.ops)
        self.window.offer_demo_if_empty()
        self.window.main_thread_gc.freeze_startup()

    def shutdown(self) -> None:
        if self.ops is not None:
            self.ops.shutdown()
        self._ctx.close()
        # Automatic collection back on (tests start apps in-process). At exit the window's
        # Qt objects may already be gone, and with them the guard's timer.
        with contextlib.suppress(RuntimeError):
            self.window.main_thread_gc.stop()


def launch(ctx, *, today=None) -> Launch:
    """Show the window now and open the store beside it (shared with the start benchmark)."""
    app = create_application()
    settings = config.open_settings()
    prepare(app, settings)
    from .mainwindow import MainWindow
    from .qtcompat import MainThreadGC

    window = MainWindow(None, settings, today=today)
    window.main_thread_gc = MainThreadGC(window)
    window.show()
    return Launch(app, window, ctx)


def run(ctx) -> int:
    started = launch(ctx)
    try:
        return started.app.exec()
    finally:
        started.shutdown()
