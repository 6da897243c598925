"""Sync in the desktop app: the controller that runs one sync at a time in the background.

The desktop window wires it in with a few calls::

    controller = SyncController(ops)                 # one per window
    toolbar.addWidget(SyncStatusWidget(controller))  # ui.sync_status: button and status line
    controller.wrote.connect(refresh_views)          # the Changes of what a sync wrote
    controller.login_needed.connect(lambda: controller.login_interactively(window))
    controller.deletes_need_confirmation.connect(
        lambda error: controller.confirm_deletes_interactively(error, window))

The conflicts a sync leaves are settled in ``ui.conflicts_view``; the login and the
confirmation of a mass delete are dialogs in ``ui.sync_dialogs``.

Network work runs as a long job of the UI's ``Ops`` (``Ops.run``: a thread of its own, never
the UI thread, never the writer, which must stay free for typing); the sync itself commits
page by page through the store.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QWidget

from sync import credentials, outbox, state
from sync.client import SyncClient
from sync.errors import SyncError
from sync.runner import SyncReport, synchronise

from .qtcompat import emit
from .sync_dialogs import ConfirmDeletesDialog, LoginDialog

if TYPE_CHECKING:
    from dxfield.db import Database

    from .ops import Job, Ops

log = logging.getLogger(__name__)
translate = QCoreApplication.translate
LOGIN_AGAIN = frozenset({"not_logged_in", "token_expired", "token_revoked", "unauthorized"})


@dataclass(frozen=True)
class SyncStatus:
    logged_in: bool
    server: str
    last_sync: str
    pending: int
    offline: bool
    running: bool


@dataclass(frozen=True)
class _Stored:
    """What the status shows from the store (read off the UI thread)."""

    server: str
    last_sync: str
    pending: int


class _NotStarted(Exception):
    """Raised on the sync's thread before anything was sent: no server is set or no login
    kept for it (``error`` None: ask for the login), or the keyring failed (``error``)."""

    def __init__(self, error: SyncError | None = None) -> None:
        super().__init__(error)
        self.error = error


class SyncController(QObject):
    """Runs one sync at a time in the background and reports on the UI thread."""

    status_changed = Signal()
    status_ready = Signal(object)  # SyncStatus, answered to request_status()
    progress = Signal(str)  # a line for the status bar
    synced = Signal(object)  # SyncReport
    # dxfield.changes.Changes: the views showing what a sync wrote, once it is over (also
    # after one that failed half-way: the pages it applied are committed)
    wrote = Signal(object)
    failed = Signal(object)  # SyncError
    login_needed = Signal()
    # The server held a push that deletes many records: a SyncError("mass_delete")
    deletes_need_confirmation = Signal(object)

    def __init__(
        self,
        ops: Ops,
        *,
        client_factory: Callable[[str, str, bool], SyncClient] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self._client_factory = client_factory or (
            lambda url, token, allow_http: SyncClient(url, token, allow_http=allow_http)
        )
        self._job: Job | None = None
        self._report = SyncReport()  # the last sync's, filled in as it runs
        self._cancel = threading.Event()
        self._offline = False
        # Status reads may come back out of order (each on a thread of its own): an answer
        # older than the one shown is dropped, or the line would go back in time.
        self._status_asked = 0
        self._status_shown = 0

    @property
    def db(self) -> Database:
        return self.ops.db  # after a restore, the reopened store

    # -- state --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._job is not None and self._job.running

    def request_status(self) -> Job:
        """Read the status off the UI thread; ``status_ready`` brings it back."""
        self._status_asked += 1
        asked = self._status_asked

        def answer(stored: _Stored) -> None:
            if asked < self._status_shown:
                return
            self._status_shown = asked
            # Running and offline are the controller's own, taken now, not when read.
            emit(self.status_ready, self._status(stored))

        return self.ops.run(
            self._read_stored,
            answer,
            lambda exc: log.error("reading the sync status failed", exc_info=exc),
            name="dxfield-sync-status",
        )

    def _read_stored(self) -> _Stored:
        with self.db.read_session() as session:
            return _Stored(
                state.get(session, state.SERVER_URL) or "",
                state.get(session, state.LAST_SYNC) or "",
                outbox.pending_count(session),
            )

    def _status(self, stored: _Stored) -> SyncStatus:
        return SyncStatus(
            bool(stored.server),
            stored.server,
            stored.last_sync,
            stored.pending,
            self._offline,
            self.running,
        )

    # -- actions ------------------------------------------------------------------------

    def start(self, *, confirm_deletes: bool = False) -> bool:
        """Start a sync unless one runs; False if one already runs.

        The server settings and the login are read on the sync's own thread (the keyring may
        take a while to answer): without them ``login_needed`` follows, and a keyring that
        cannot be used is a ``failed``. ``confirm_deletes``: the user agreed to the deletions
        the server held back."""
        if self.running:
            return False
        self._cancel.clear()

        def work() -> SyncReport:
            try:
                url, token, allow_http = self._server()
            except SyncError as exc:
                raise _NotStarted(exc) from exc
            if not url or not token:
                raise _NotStarted
            return self._sync(url, token, allow_http, confirm_deletes)

        self._run_in_background(work, self._on_synced, self._on_failed)
        return True

    def logged_in(self) -> bool:
        """Whether a server is set and its login kept in the keyring. It reads the store and
        the keyring: call it off the UI thread."""
        try:
            url, token, _allow_http = self._server()
        except SyncError:  # no usable keyring: nobody is logged in
            return False
        return bool(url and token)

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
        """Ask for the login (the server known so far filled in), then log in and sync."""

        def ask(stored: _Stored) -> None:
            answer = LoginDialog.ask(parent, url=stored.server)
            if answer is not None:
                self.login(
                    answer.url, answer.user, answer.password, on_done=lambda _url: self.start()
                )

        # The server's address is read off the UI thread like every other read.
        self.ops.run(self._read_stored, ask, name="dxfield-sync-status")

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
        """``work(client)`` with the logged-in client as a long job of its own (a sync may
        be running); the answer or a ``SyncError`` comes back on the UI thread. The server
        settings and the login are read on that job's thread too."""

        def call() -> Any:
            url, token, allow_http = self._server()
            if not url or not token:
                raise SyncError("not_logged_in")
            client = self._client_factory(url, token, allow_http)
            try:
                return work(client)
            finally:
                client.close()

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, SyncError):
                log.error("a call to the server failed", exc_info=exc)
                exc = SyncError("server_error", type(exc).__name__)
            on_error(exc)

        self.ops.run(call, on_done, failed, name="dxfield-server-call")

    def wait(self, timeout: float = 30.0) -> None:
        """For tests and shutdown: let a running sync finish its current step."""
        if self._job is not None:
            self._job.wait(timeout)

    # -- internals ----------------------------------------------------------------------

    def _sync(self, url: str, token: str, allow_http: bool, confirm_deletes: bool) -> SyncReport:
        report = self._report = SyncReport()
        client = self._client_factory(url, token, allow_http)

        def progress(stage: str, report: SyncReport) -> None:
            text = (
                translate("Sync", "送信中… {0} 件").format(report.sent)
                if stage == "push"
                else translate("Sync", "受信中… {0} 件").format(report.received)
            )
            self.ops.post(lambda: emit(self.progress, text))

        try:
            return synchronise(
                self.db,
                client,
                progress=progress,
                cancelled=self._cancel.is_set,
                confirm_deletes=confirm_deletes,
                form_state=True,
                report=report,
            )
        finally:
            client.close()

    def _run_in_background(self, work, on_done, on_error) -> None:
        self._job = self.ops.run(work, on_done, on_error, name="dxfield-sync")
        emit(self.status_changed)

    def _on_synced(self, report: SyncReport) -> None:
        self._offline = False
        self._announce()
        emit(self.synced, report)
        emit(self.status_changed)

    def _announce(self) -> None:
        """Say once what the sync that just ended wrote (a failed login wrote nothing)."""
        changes = self._report.changes
        self._report = SyncReport()
        if changes:
            emit(self.wrote, changes)

    def _on_failed(self, exc: BaseException) -> None:
        self._announce()
        if isinstance(exc, _NotStarted):  # nothing was tried: the offline state stays
            if exc.error is None:
                emit(self.login_needed)
            else:
                emit(self.failed, exc.error)
            emit(self.status_changed)
            return
        if isinstance(exc, SyncError):
            self._offline = exc.kind == "server_down"
            if exc.kind in LOGIN_AGAIN:
                emit(self.login_needed)
            emit(self.failed, exc)
            if exc.kind == "mass_delete":
                emit(self.deletes_need_confirmation, exc)
        else:
            log.error("sync failed", exc_info=exc)
            emit(self.failed, SyncError("server_error", str(exc)))
        emit(self.status_changed)
