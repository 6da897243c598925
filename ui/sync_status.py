"""The sync button (中止 while running) and a one-line status: pending edits, last sync,
offline, the last error until the next good sync."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from sync.errors import SyncError

from .errors import message_for
from .sync_controller import SyncController, SyncStatus

translate = QCoreApplication.translate
REFRESH_MS = 15_000


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
        controller.status_changed.connect(controller.request_status)
        controller.status_ready.connect(self._on_status_ready)
        controller.progress.connect(self.label.setText)
        controller.failed.connect(self._on_failed)
        controller.synced.connect(self._on_synced)
        self._error = ""
        # Edits elsewhere in the window change the pending count: look again now and then.
        self._timer = QTimer(self)
        self._timer.timeout.connect(controller.request_status)
        self._timer.start(REFRESH_MS)
        controller.request_status()

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
