"""The sync button (中止 while running) and a one-line status: pending edits, last sync,
offline, the last error until the next good sync.

The line is read again when something it shows may have changed, not on a clock: a write of
this window that touched the outbox (``Changes.outbox``, derived from what the write
committed), a sync that started or ended (``status_changed``), and the user coming back to the
app (another program on the same store, the command line, may have written meanwhile)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from dxfield.changes import Changes
from sync.errors import SyncError

from .errors import message_for
from .sync_controller import SyncController, SyncStatus

translate = QCoreApplication.translate
# Reads asked for within this many milliseconds (a burst of writes, a sync's end) are one
# read: soon enough to look immediate, and typing does not start a read per keystroke.
COALESCE_MS = 100


class SyncStatusWidget(QWidget):
    """The sync button (中止 while running) and a one-line status."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.button = QPushButton(translate("Sync", "同期"))
        self.label = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.label)
        self.button.clicked.connect(self._on_button_clicked)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(COALESCE_MS)
        self._soon.timeout.connect(controller.request_status)
        controller.status_changed.connect(self._look_again)
        controller.ops.changed.connect(self._on_changes)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state)
        controller.status_ready.connect(self._on_status_ready)
        controller.progress.connect(self.label.setText)
        controller.failed.connect(self._on_failed)
        controller.synced.connect(self._on_synced)
        self._error = ""
        controller.request_status()

    def _look_again(self) -> None:
        if not self._soon.isActive():  # not restarted: a steady stream still gets answers
            self._soon.start()

    def _on_changes(self, changes: Changes) -> None:
        if changes.outbox:  # an edit was queued to be sent (or a sent one left the queue)
            self._look_again()

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self._look_again()

    def _on_button_clicked(self) -> None:
        if self.controller.running:
            self.controller.cancel()
        else:
            self.controller.start()

    def _on_failed(self, exc: SyncError) -> None:
        self._error = message_for(exc)  # shown until the next good sync
        self.label.setText(self._error)

    def _on_synced(self, _report) -> None:
        self._error = ""

    def _on_status_ready(self, status: SyncStatus) -> None:
        self.button.setText(
            translate("Sync", "中止") if status.running else translate("Sync", "同期")
        )
        if status.running:
            self.label.setText(translate("Sync", "同期中…"))
            return
        parts = [self._error] if self._error else []
        if not status.logged_in:
            parts.append(translate("Sync", "未ログイン"))
        elif status.offline:
            parts.append(translate("Sync", "オフライン"))
        parts.append(translate("Sync", "未送信 {0} 件").format(status.pending))
        last = status.last_sync[:16].replace("T", " ") if status.last_sync else "—"
        parts.append(translate("Sync", "最終同期 {0}").format(last))
        self.label.setText(" / ".join(parts))
