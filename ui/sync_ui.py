"""Sync in the desktop app: a sync button with status, a login dialog, a conflicts view.

The desktop window wires these in with a few calls::

    controller = SyncController(db)                 # one per window
    toolbar.addWidget(SyncStatusWidget(controller))  # button, progress, last sync, offline
    controller.synced.connect(refresh_everything)    # a SyncReport after each good sync
    controller.login_needed.connect(lambda: controller.login_interactively(window))
    controller.deletes_need_confirmation.connect(
        lambda error: controller.confirm_deletes_interactively(error, window))
    ConflictsView(ops)                               # a page or a dialog; emits resolved

Network work runs on its own thread (never the UI thread, never the Ops writer, which must
stay free for typing); the sync itself commits page by page through the store.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QMetaObject,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dxfield.db import Database
from sync import conflicts as conflict_service
from sync import credentials, outbox, state
from sync.client import SyncClient
from sync.errors import SyncError
from sync.runner import SyncReport, synchronise

from .qtcompat import emit

log = logging.getLogger(__name__)
tr = QCoreApplication.translate
REFRESH_MS = 15_000


@dataclass(frozen=True)
class SyncStatus:
    logged_in: bool
    server: str
    last_sync: str
    pending: int
    offline: bool
    running: bool


class SyncController(QObject):
    """Runs one sync at a time in the background and reports on the UI thread."""

    status_changed = Signal()
    status_ready = Signal(object)  # SyncStatus, answered to request_status()
    progress = Signal(str)  # a line for the status bar
    synced = Signal(object)  # SyncReport
    failed = Signal(object)  # SyncError
    login_needed = Signal()
    # The server held a push that deletes many records: a SyncError("mass_delete")
    deletes_need_confirmation = Signal(object)

    def __init__(
        self,
        db: Database,
        *,
        client_factory: Callable[[str, str, bool], SyncClient] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self._client_factory = client_factory or (
            lambda url, token, allow_http: SyncClient(url, token, allow_http=allow_http)
        )
        self._results: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._offline = False

    # -- state --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def request_status(self) -> None:
        """Read the status off the UI thread; ``status_ready`` brings it back."""

        def work() -> None:
            try:
                status = self.status()
            except Exception:
                log.exception("reading the sync status failed")
                return
            self._post(lambda: emit(self.status_ready, status))

        threading.Thread(target=work, name="dxfield-sync-status", daemon=True).start()

    def status(self) -> SyncStatus:
        """The status, read now (blocking: use ``request_status`` from the UI)."""
        with self.db.read_session() as session:
            url = state.get(session, state.SERVER_URL) or ""
            last = state.get(session, state.LAST_SYNC) or ""
            pending = outbox.pending_count(session)
        return SyncStatus(bool(url), url, last, pending, self._offline, self.running)

    # -- actions ------------------------------------------------------------------------

    def start(self, *, confirm_deletes: bool = False) -> bool:
        """Start a sync unless one runs; False if there is nothing to start.

        ``confirm_deletes``: the user agreed to the deletions the server held back."""
        if self.running:
            return False
        try:
            url, token, allow_http = self._server()
        except SyncError as exc:
            emit(self.failed, exc)
            return False
        if not url or not token:
            emit(self.login_needed)
            return False
        self._cancel.clear()
        self._run_in_background(
            lambda: self._sync(url, token, allow_http, confirm_deletes),
            self._on_synced,
            self._on_failed,
        )
        return True

    def _server(self) -> tuple[str | None, str | None, bool]:
        """(server URL, token, allow http); no URL or token: not logged in."""
        with self.db.read_session() as session:
            url = state.get(session, state.SERVER_URL)
            allow_http = state.get(session, state.ALLOW_HTTP) == "1"
        return url, credentials.load_token(url) if url else None, allow_http

    def cancel(self) -> None:
        """Stop after the page being written (what is written stays written)."""
        self._cancel.set()

    def login(
        self,
        url: str,
        user: str,
        password: str,
        *,
        allow_http: bool = False,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        def work() -> str:
            client = self._client_factory(url, "", allow_http)
            with self.db.session() as session:
                laptop = state.client_id(session)
            try:
                token = client.login(user, password, laptop)
                credentials.store_token(client.url, token)
            finally:
                client.close()
            with self.db.session() as session:
                if state.get(session, state.SERVER_URL) != client.url:
                    state.put(session, state.CURSOR, "0")
                state.put(session, state.SERVER_URL, client.url)
                state.put(session, state.SERVER_USER, user)
                state.put(session, state.ALLOW_HTTP, "1" if allow_http else "0")
            return client.url

        def done(result: Any) -> None:
            emit(self.status_changed)
            if on_done is not None:
                on_done(result)

        self._run_in_background(work, done, self._on_failed)

    def login_interactively(self, parent: QWidget | None = None) -> None:
        status = self.status()
        answer = LoginDialog.ask(parent, url=status.server)
        if answer is not None:
            self.login(answer.url, answer.user, answer.password, on_done=lambda _url: self.start())

    def confirm_deletes_interactively(
        self, error: SyncError, parent: QWidget | None = None
    ) -> None:
        """Ask whether the held deletions are meant; if so, sync again confirming them."""
        if ConfirmDeletesDialog.ask(parent, error):
            self.start(confirm_deletes=True)

    def call_server(
        self,
        work: Callable[[SyncClient], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[SyncError], None],
    ) -> None:
        """``work(client)`` with the logged-in client on a thread of its own (a sync may be
        running); the answer or a ``SyncError`` comes back on the UI thread."""
        try:
            url, token, allow_http = self._server()
        except SyncError as exc:
            on_error(exc)
            return
        if not url or not token:
            on_error(SyncError("not_logged_in"))
            return

        def call() -> Any:
            client = self._client_factory(url, token, allow_http)
            try:
                return work(client)
            finally:
                client.close()

        self.in_background(call, on_done, on_error)

    def in_background(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[SyncError], None],
    ) -> None:
        """``work()`` on a thread of its own; its answer, or its failure as a ``SyncError``,
        comes back on the UI thread."""

        def body() -> None:
            try:
                result = work()
            except SyncError as exc:
                error = exc
                self._post(lambda: on_error(error))
            except Exception as exc:
                log.error("background work failed", exc_info=exc)
                failure = SyncError("server_error", type(exc).__name__)
                self._post(lambda: on_error(failure))
            else:
                self._post(lambda: on_done(result))

        threading.Thread(target=body, name="dxfield-server-call", daemon=True).start()

    def wait(self, timeout: float = 30.0) -> None:
        """For tests and shutdown: let a running sync finish its current step."""
        if self._thread is not None:
            self._thread.join(timeout)

    # -- internals ----------------------------------------------------------------------

    def _sync(self, url: str, token: str, allow_http: bool, confirm_deletes: bool) -> SyncReport:
        client = self._client_factory(url, token, allow_http)

        def progress(stage: str, report: SyncReport) -> None:
            text = (
                tr("Sync", "送信中… {0} 件").format(report.sent)
                if stage == "push"
                else tr("Sync", "受信中… {0} 件").format(report.received)
            )
            self._post(lambda: emit(self.progress, text))

        try:
            return synchronise(
                self.db,
                client,
                progress=progress,
                cancelled=self._cancel.is_set,
                confirm_deletes=confirm_deletes,
                form_state=True,
            )
        finally:
            client.close()

    def _run_in_background(self, work, on_done, on_error) -> None:
        def body() -> None:
            try:
                result = work()
            except BaseException as exc:
                error = exc  # ``exc`` is unbound once the except block ends
                self._post(lambda: on_error(error))
            else:
                self._post(lambda: on_done(result))

        self._thread = threading.Thread(target=body, name="dxfield-sync", daemon=True)
        self._thread.start()
        emit(self.status_changed)

    def _post(self, fn: Callable[[], None]) -> None:
        # Only an argument-free queued call crosses threads (see ui.ops on PySide6 6.12).
        self._results.put(fn)
        QMetaObject.invokeMethod(self, "_drain", Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _drain(self) -> None:
        while True:
            try:
                fn = self._results.get_nowait()
            except queue.Empty:
                return
            fn()

    def _on_synced(self, report: SyncReport) -> None:
        self._offline = False
        self._thread = None
        emit(self.synced, report)
        emit(self.status_changed)

    def _on_failed(self, exc: BaseException) -> None:
        self._thread = None
        if isinstance(exc, SyncError):
            self._offline = exc.kind == "server_down"
            if exc.kind in {"not_logged_in", "token_expired", "token_revoked", "unauthorized"}:
                emit(self.login_needed)
            emit(self.failed, exc)
            if exc.kind == "mass_delete":
                emit(self.deletes_need_confirmation, exc)
        else:
            log.error("sync failed", exc_info=exc)
            emit(self.failed, SyncError("server_error", str(exc)))
        emit(self.status_changed)


class SyncStatusWidget(QWidget):
    """The sync button (中止 while running) and a one-line status."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.button = QPushButton(tr("Sync", "同期"))
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
        self._error = exc.user_message  # shown until the next good sync
        self.label.setText(exc.user_message)

    def _on_synced(self, _report) -> None:
        self._error = ""

    def _on_status_ready(self, status: SyncStatus) -> None:
        self.button.setText(tr("Sync", "中止") if status.running else tr("Sync", "同期"))
        if status.running:
            self.label.setText(tr("Sync", "同期中…"))
            return
        parts = [self._error] if self._error else []
        if not status.logged_in:
            parts.append(tr("Sync", "未ログイン"))
        elif status.offline:
            parts.append(tr("Sync", "オフライン"))
        parts.append(tr("Sync", "未送信 {0} 件").format(status.pending))
        last = status.last_sync[:16].replace("T", " ") if status.last_sync else "—"
        parts.append(tr("Sync", "最終同期 {0}").format(last))
        self.label.setText(" / ".join(parts))


@dataclass(frozen=True)
class LoginInput:
    url: str
    user: str
    password: str


class LoginDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, url: str = "", user: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Sync", "サーバーにログイン"))
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://")
        self.user = QLineEdit(user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(tr("Sync", "サーバー"), self.url)
        form.addRow(tr("Sync", "ユーザー名"), self.user)
        form.addRow(tr("Sync", "パスワード"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> LoginInput:
        return LoginInput(self.url.text().strip(), self.user.text().strip(), self.password.text())

    @classmethod
    def ask(
        cls, parent: QWidget | None = None, *, url: str = "", user: str = ""
    ) -> LoginInput | None:
        """Modal; tests replace this classmethod instead of driving the dialog."""
        dialog = cls(parent, url=url, user=user)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()


class ConfirmDeletesDialog:
    """The server held a sync that deletes many records: are these deletions meant?

    Modelled on Joplin's mass-delete guard: nothing was sent, the edits wait in the outbox,
    and only an explicit yes sends them with the confirmation."""

    @classmethod
    def ask(cls, parent: QWidget | None, error: SyncError) -> bool:
        """Modal; tests replace this classmethod instead of driving the box."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(tr("Sync", "多数の削除の確認"))
        box.setText(
            tr("Sync", "この同期は {0}します。本当に削除してよいですか？").format(
                error.deletes_text
            )
        )
        box.setInformativeText(
            tr(
                "Sync",
                "削除はチーム全員の端末に反映されます。意図しない削除であれば「いいえ」を選び、"
                "管理者に相談してください（削除前の状態はサーバーの履歴から戻せます）。",
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


_KINDS = {
    "field": "項目",
    "text": "メモ本文",
    "delete_vs_edit": "削除と編集",
    "set_aside": "受信保留",
    "duplicate": "重複（受信保留）",
    "unsendable": "送信保留",
}


class ConflictsModel(QAbstractTableModel):
    KIND, RECORD, FIELD, MINE, THEIRS = range(5)
    HEADERS = ("種類", "データ", "項目", "自分の値", "採用された値")
    ConflictRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[conflict_service.ConflictInfo] = []

    def set_conflicts(self, rows: list[conflict_service.ConflictInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def conflict(self, row: int) -> conflict_service.ConflictInfo:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr("Sync", self.HEADERS[section])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        if role == self.ConflictRole:
            return c.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == self.KIND:
            return tr("Sync", _KINDS.get(c.kind, c.kind))
        if column == self.RECORD:
            return c.table
        if column == self.FIELD:
            # A record kept aside says why (the reason names the field itself).
            return c.reason or c.field
        value = c.mine if column == self.MINE else c.theirs
        return _short(value)


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    first = text.splitlines()[0] if text else ""
    return first + ("…" if len(first) < len(text) else "")


class ConflictsView(QWidget):
    """Open conflicts; both versions side by side; keep mine, keep theirs or edit the merge.

    ``ops`` is the UI's :class:`ui.ops.Ops` (reads and writes go through it).
    """

    resolved = Signal()

    def __init__(self, ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.model = ConflictsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.mine = QPlainTextEdit()
        self.mine.setReadOnly(True)
        self.theirs = QPlainTextEdit()
        self.theirs.setReadOnly(True)
        self.merged = QPlainTextEdit()
        self.keep_mine = QPushButton(tr("Sync", "自分の値を採用"))
        self.keep_theirs = QPushButton(tr("Sync", "相手の値を採用"))
        self.save_merge = QPushButton(tr("Sync", "編集した内容で確定"))
        sides = QHBoxLayout()
        for title, editor in (
            (tr("Sync", "自分の値"), self.mine),
            (tr("Sync", "採用された値"), self.theirs),
            (tr("Sync", "統合（編集できます）"), self.merged),
        ):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(editor)
            sides.addLayout(column)
        buttons = QHBoxLayout()
        for b in (self.keep_mine, self.keep_theirs, self.save_merge):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(sides)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.keep_mine.clicked.connect(lambda: self._resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self._resolve("theirs"))
        self.save_merge.clicked.connect(lambda: self._resolve("merged"))
        self._set_enabled(False)
        self.refresh()

    def refresh(self) -> None:
        self.ops.query(conflict_service.open_conflicts, self._on_loaded)

    def _on_loaded(self, rows) -> None:
        self.model.set_conflicts(rows)
        if rows:
            self.table.selectRow(0)
        else:
            for editor in (self.mine, self.theirs, self.merged):
                editor.clear()
            self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        for b in (self.keep_mine, self.keep_theirs, self.save_merge):
            b.setEnabled(on)

    def _on_current_changed(self, current: QModelIndex, _previous) -> None:
        if not current.isValid():
            self._set_enabled(False)
            return
        c = self.model.conflict(current.row())
        # A record kept aside has no value of mine: its reason stands there instead, and
        # any button marks it seen.
        self.mine.setPlainText(c.reason or ("" if c.mine is None else str(c.mine)))
        self.theirs.setPlainText("" if c.theirs is None else str(c.theirs))
        merged = c.merged if c.kind == "text" else c.current
        self.merged.setPlainText("" if merged is None else str(merged))
        self._set_enabled(True)

    def _resolve(self, choice: str) -> None:
        row = self.table.currentIndex().row()
        if row < 0:
            return
        c = self.model.conflict(row)
        value = self.merged.toPlainText() if choice == "merged" else None

        def work(session):
            return conflict_service.resolve(session, c.id, choice, value)

        def done(_changes) -> None:
            emit(self.resolved)
            self.refresh()

        self.ops.write(work, done)
