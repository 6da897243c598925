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

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from . import config, i18n

log = logging.getLogger(__name__)

# Imported on the opener thread while the window is already up: what the first page needs.
PRELOAD = ("dxfield.services.dashboard", "ui.ops", "ui.models", "ui.pages.dashboard")
# How long the store waits for the window's first paint before it opens anyway.
FIRST_PAINT_WAIT_MS = 200
# How long the opener waits for the dashboard's snapshot to be painted before it imports
# SQLAlchemy anyway (painting calls Python for every cell and would wait for that import).
SNAPSHOT_PAINT_WAIT_S = 1.0
# When the open store gets SQLite's quick_check (half a second on ten years of data): after
# the first page, on a reader, so that the start does not wait for it.
STORE_CHECK_DELAY_MS = 3000


def _invoke(target: QObject, slot: str, *, blocking: bool = False) -> None:
    """Call ``slot`` of ``target`` on the UI thread (from the opener). ``Qt`` is imported
    here, not with this module: PySide6 builds that namespace (hundreds of enums) on first
    use, 14 ms that would otherwise come before the window's first paint."""
    from PySide6.QtCore import Qt

    kind = Qt.ConnectionType
    QMetaObject.invokeMethod(
        target, slot, kind.BlockingQueuedConnection if blocking else kind.QueuedConnection
    )


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

    # From the opener thread to the UI thread (queued: emitted off the receiver's thread).
    # A signal, not ``_invoke``: that needs ``Qt``, which PySide6 builds on first use.
    _snapshot_read = Signal()

    def __init__(self, app: QApplication, window, ctx) -> None:
        super().__init__(window)
        self.app = app
        self.window = window
        self.ops = None
        self.failed: BaseException | None = None
        self._ctx = ctx
        self._result: Any = None  # set by the opener before it queues _on_opened
        self._snapshot: Any = None  # set by the opener before it queues _on_snapshot
        self._snapshot_painted = threading.Event()
        self._snapshot_read.connect(self._on_snapshot)
        self._painted = QTimer(self)
        self._painted.setSingleShot(True)
        self._painted.timeout.connect(self._snapshot_painted.set)
        # The dashboard's year and day, read here on the UI thread for the opener.
        self._first_board = (
            (window.year, window.today) if window.start_page() == "dashboard" else None
        )
        self.recovery_choice = None  # what the person chose when the store could not be opened
        self._sync_after_start = False
        self._check_timer = QTimer(self)  # a QTimer object: singleShot(callable) leaks (6.12)
        self._check_timer.setSingleShot(True)
        self._check_timer.timeout.connect(self._check_store)
        # The opener starts once the window has painted itself: SQLAlchemy's import on
        # the worker holds the GIL in 5 ms slices, and every Python override that Qt calls
        # while painting would wait for it. A window that is never painted (minimised at
        # start) gets its data after FIRST_PAINT_WAIT_MS all the same. The children paint
        # right after their window; the start is queued behind.
        self._opening = False
        window.call_after_paint(lambda: self._opening or self._fallback.start(0))
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._start)
        self._fallback.start(FIRST_PAINT_WAIT_MS)
        # No keyring: the store's passphrase is asked for in a dialog, from the opener thread
        # (which sets the prompt: the key's module is not needed for the first paint).
        self._new_passphrase = False
        self._passphrase: str | None = None

    def _ask_passphrase(self, new: bool) -> str | None:
        """Called by the store's opener (a worker thread): waits for the dialog's answer."""
        self._new_passphrase = new
        if threading.current_thread() is threading.main_thread():
            self._on_passphrase_wanted()
        else:
            _invoke(self, "_on_passphrase_wanted", blocking=True)
        answer, self._passphrase = self._passphrase, None
        return answer

    @Slot()
    def _on_passphrase_wanted(self) -> None:
        from .dialogs import Passphrase

        self._passphrase = Passphrase.ask(self.window, self._new_passphrase)

    def _start(self) -> None:
        if self._opening:  # painted after the fallback started it
            return
        self._opening = True
        threading.Thread(target=self._open, name="dxfield-open", daemon=True).start()

    def _read_snapshot(self) -> None:
        """The dashboard's board read with the stdlib sqlite3 (``dxfield.quickread``) before
        SQLAlchemy is imported, so the first page shows data while the store opens. Only
        from a store the full open would not change; anything else waits for the store."""
        if self._first_board is None:
            return
        try:
            from dxfield import overview, quickread

            year, today = self._first_board
            path = self._ctx.database_path
            snapshot = quickread.read_current(
                path, lambda conn: overview.snapshot(conn, year, None, today)
            )
        except Exception:  # the full open finds and reports whatever this ran into
            log.debug("no first snapshot of the dashboard", exc_info=True)
            return
        if snapshot is not None:
            self._snapshot = (year, snapshot)
            self._snapshot_read.emit()
            self._snapshot_painted.wait(SNAPSHOT_PAINT_WAIT_S)

    @Slot()
    def _on_snapshot(self) -> None:
        found, self._snapshot = self._snapshot, None
        page = self.window.show_snapshot(*found) if found is not None else None
        if page is None or not self.window.isVisible():
            self._snapshot_painted.set()
            return
        # On screen once painted: the opener may go on (after this paint).
        page.board.call_after_paint(lambda: self._painted.start(0))

    def _open(self) -> None:
        # No Qt here: this runs beside the UI thread.
        from dxfield.storekey import set_passphrase_prompt

        set_passphrase_prompt(self._ask_passphrase)
        self._read_snapshot()
        try:
            import importlib

            db = self._ctx.db
            for name in PRELOAD:
                importlib.import_module(name)
        except BaseException as exc:
            from .recovery import recovery_needed

            self._result = recovery_needed(self._ctx, exc)
        else:
            self._result = db
        _invoke(self, "_on_opened")

    @Slot()
    def _on_opened(self) -> None:
        from dxfield.errors import DxfieldError

        from .errors import detail_for, message_for
        from .recovery import Recovery

        result, self._result = self._result, None
        if isinstance(result, RepairFailed):
            from .dialogs import Messages

            detail = detail_for(result.error)
            Messages.error(self.window, f"{message_for(result.error)}\n\n{detail}")
            result = result.needed
        if isinstance(result, Recovery):
            self._recover(result)
            return
        if isinstance(result, BaseException):
            self.failed = result
            detail = detail_for(result) if isinstance(result, DxfieldError) else repr(result)
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(self.window, "dxfield", message_for(result) + f"\n\n{detail}")
            self.app.exit(2)
            return
        from .ops import Ops

        self.ops = Ops(result)
        self.window.attach(self.ops)
        self.window.offer_demo_if_empty()
        self.window.main_thread_gc.freeze_startup()
        if self._sync_after_start:
            self._start_sync_when_ready()
        self._check_timer.start(STORE_CHECK_DELAY_MS)

    # -- a store that cannot be opened -----------------------------------------------------

    def _recover(self, needed) -> None:
        from .recovery import QUIT, RecoveryDialog

        choice = RecoveryDialog.ask(self.window, needed.diagnosis, logged_in=needed.logged_in)
        self.recovery_choice = choice
        if choice.action == QUIT:
            self.failed = needed.error
            self.app.exit(1)
            return
        self.window.statusBar().showMessage(self.tr("データを復旧しています…"))
        self._sync_after_start = choice.action != "backup" and needed.logged_in
        threading.Thread(
            target=self._repair, args=(needed, choice), name="dxfield-recover", daemon=True
        ).start()

    def _repair(self, needed, choice) -> None:
        # No Qt here either: the chosen way back, then the store opened as at any start.
        from .recovery import apply_choice

        try:
            self._ctx.close()
            apply_choice(needed.diagnosis, choice)
        except BaseException as exc:
            # Said, then the choices again (the file is as it was, or set aside and kept).
            self._result = RepairFailed(exc, needed)
            _invoke(self, "_on_opened")
            return
        self._open()

    # -- the store's check once the window works -------------------------------------------

    def _check_store(self) -> None:
        from .recovery import check_open_store

        if self.ops is None or self.ops.closed:
            return
        data_dir = self._ctx.data_dir
        self.ops.query(
            lambda session: check_open_store(session, data_dir),
            self._on_store_checked,
            lambda exc: log.warning("the store check did not run: %s", exc),
        )

    def _on_store_checked(self, needed) -> None:
        from .recovery import QUIT, RecoveryDialog, apply_choice

        if needed is None:
            return
        choice = RecoveryDialog.ask(
            self.window, needed.diagnosis, logged_in=needed.logged_in, running=True
        )
        self.recovery_choice = choice
        if choice.action == QUIT:
            self.window.statusBar().showMessage(
                self.tr(
                    "データの点検で損傷が見つかりました。早めにバックアップから復元してください。"
                )
            )
            return
        ops = self.ops
        self.window.statusBar().showMessage(self.tr("データを復旧しています…"))
        sync = choice.action != "backup" and needed.logged_in

        def repair() -> None:
            ops.db.close()  # the file is swapped by a rename: nothing may hold it open
            apply_choice(needed.diagnosis, choice)

        def reopened(_result) -> None:
            self.window.statusBar().showMessage(self.tr("データを復旧しました。"), 8000)
            if sync:
                self._start_sync_when_ready()

        ops.exclusive(
            repair,
            lambda _done: ops.reopen(reopened, self.window.show_error),
            self.window.show_error,
        )

    def _start_sync_when_ready(self, tries: int = 50) -> None:
        """A fresh store fills from the server: sync once the sync controller is installed
        (after the first page, with the other extensions)."""
        controller = getattr(self.window, "sync_controller", None)
        if controller is not None:
            controller.start()
            return
        if tries > 0:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: self._start_sync_when_ready(tries - 1))
            timer.start(200)

    def shutdown(self) -> None:
        with contextlib.suppress(RuntimeError):
            self._check_timer.stop()
        if self.ops is not None:
            self.ops.shutdown()
        self._ctx.close()
        # Automatic collection back on (tests start apps in-process). At exit the window's
        # Qt objects may already be gone, and with them the guard's timer.
        with contextlib.suppress(RuntimeError):
            self.window.main_thread_gc.stop()


class RepairFailed:
    """A way back that failed: what went wrong, and the choices offered again."""

    def __init__(self, error: BaseException, needed: Any) -> None:
        self.error = error
        self.needed = needed  # ui.recovery.Recovery


def launch(ctx, *, today=None) -> Launch:
    """Show the window now and open the store beside it (shared with the start benchmark)."""
    app = create_application()
    settings = config.open_settings()
    prepare(app, settings)
    from .mainwindow import MainWindow
    from .qtcompat import MainThreadGC

    window = MainWindow(None, settings, today=today)
    window.main_thread_gc = MainThreadGC(window, after_startup=True)
    window.show()
    return Launch(app, window, ctx)


def run(ctx) -> int:
    started = launch(ctx)
    try:
        return started.app.exec()
    finally:
        started.shutdown()
