"""Background database work for the UI, after Anki's ``CollectionOp``/``QueryOp``.

Every read or write the UI makes goes through :class:`Ops`:

* ``query(fn, on_done)`` runs ``fn(session)`` on a small reader pool with a read session;
* ``write(fn, on_done)`` runs ``fn(session)`` on ONE dedicated writer thread inside a write
  transaction, so SQLite writes are serialised and never wait on each other's locks;
* results and errors come back on the UI thread through a queued signal; ``fn`` itself must
  not touch Qt (it runs on a worker thread);
* what a write changed is announced through ``changed`` so views refresh only what they
  show: the :class:`~dxfield.changes.Changes` of the tables its session wrote
  (``dxfield.written``), whatever ``fn`` returns; a write that changed nothing announces
  nothing;
* ``run(fn, on_done)`` runs a long job ``fn()`` (a sync, a call to the server, a status
  check) on a thread of its own, beside the readers and the writer: it may take minutes and
  must not hold up typing, and its outcome comes back the same way.

Errors reach ``on_error`` (default: the window's error handler) as exceptions; turning them
into words is ``ui.errors``' job.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMetaObject, QObject, Qt, Signal, Slot

from dxfield import written
from dxfield.changes import EVERYTHING, Changes

if TYPE_CHECKING:
    from dxfield.db import Database

from .qtcompat import emit

log = logging.getLogger(__name__)

OpFn = Callable[[Any], Any]
Callback = Callable[[Any], None] | None

_STOP = object()


class Job:
    """A long job started by :meth:`Ops.run`."""

    def __init__(self, thread: threading.Thread | None = None) -> None:
        self._thread = thread
        self._over = thread is None  # its outcome reached the UI thread

    @property
    def running(self) -> bool:
        """Over once its thread ended (a ``wait`` returned) or its outcome arrived (the
        callback that starts the next job finds this one over)."""
        return not self._over and self._thread is not None and self._thread.is_alive()

    def wait(self, timeout: float = 30.0) -> None:
        """For tests and shutdown: let the job finish its current step."""
        if self._thread is not None:
            self._thread.join(timeout)


class Ops(QObject):
    """The one gateway from the UI to the local store."""

    changed = Signal(object)  # Changes
    failed = Signal(object)  # an exception no caller handled
    busy_changed = Signal(bool)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._pending = 0
        self._lock = threading.Lock()
        self._writes: queue.Queue[Any] = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name="dxfield-writer", daemon=True)
        self._readers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dxfield-reader")
        self._closed = False
        # Results wait here; the worker only wakes the UI thread with an argument-free queued
        # call. Passing Python objects through a queued Signal(object) from a plain Python
        # thread crashed PySide6 6.12 under load ("deallocating None").
        self._results: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._writer.start()

    # -- public API ---------------------------------------------------------------------

    def query(self, fn: OpFn, on_done: Callback = None, on_error: Callback = None) -> None:
        """Run ``fn(read_session)`` off the UI thread; ``on_done(result)`` on the UI thread."""
        if self._closed:
            return  # a view refreshing while the app closes: nobody is waiting for the answer
        self._start()

        def job() -> None:
            try:
                with self.db.read_session() as session:
                    result = fn(session)
            except BaseException as exc:
                self._finish(on_error, exc, failed=True)
            else:
                self._finish(on_done, result)

        self._readers.submit(job)

    def write(self, fn: OpFn, on_done: Callback = None, on_error: Callback = None) -> None:
        """Queue ``fn(write_session)`` on the writer thread; commits when ``fn`` returns."""
        if self._refuse("write"):
            return
        self._start()
        self._writes.put((fn, on_done, on_error, True, None))

    def exclusive(
        self, fn: Callable[[], Any], on_done: Callback = None, on_error: Callback = None
    ) -> None:
        """Run ``fn()`` on the writer thread without a session (it opens its own connection),
        serialised with the writes: maintenance such as rebuilding an index."""
        if self._refuse("exclusive job"):
            return
        self._start()
        self._writes.put((fn, on_done, on_error, False, None))

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callback = None,
        on_error: Callback = None,
        *,
        name: str = "dxfield-job",
    ) -> Job:
        """Run the long job ``fn()`` on a thread of its own; ``fn`` opens whatever sessions it
        needs (a sync commits page by page). Not counted in ``pending``: the window does not
        say 保存・読込中… for a sync of minutes, nor wait for one to go idle."""
        if self._refuse(name):
            return Job()

        def body() -> None:
            try:
                result = fn()
            except BaseException as exc:
                self._finish(on_error, exc, failed=True, job=job)
            else:
                self._finish(on_done, result, job=job)

        job = Job(threading.Thread(target=body, name=name, daemon=True))
        job._thread.start()
        return job

    def post(self, fn: Callable[[], None]) -> None:
        """Call ``fn()`` soon on the UI thread: how a long job reports its progress."""
        self._results.put(fn)
        QMetaObject.invokeMethod(self, "_drain", Qt.ConnectionType.QueuedConnection)

    def reopen(self, on_done: Callback = None, on_error: Callback = None) -> None:
        """Close and reopen the store (after a restore replaced the file), on the writer
        thread so no write is in flight; announces that everything changed."""
        from dxfield.db import open_database

        def swap() -> None:
            path = self.db.path
            self.db.close()
            self.db = open_database(path)

        if self._refuse("reopen"):
            return
        self._start()
        self._writes.put((swap, on_done, on_error, False, EVERYTHING))

    def _refuse(self, what: str) -> bool:
        if self._closed:
            # Only timers firing while the app closes get here; editors flush before that.
            log.warning("%s after shutdown dropped", what)
        return self._closed

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def pending(self) -> int:
        return self._pending

    def shutdown(self, timeout: float = 10.0) -> None:
        """Finish queued writes (typing must reach the disk), then stop the threads."""
        if self._closed:
            return
        self._closed = True
        self._writes.put(_STOP)
        self._writer.join(timeout)
        self._readers.shutdown(wait=True, cancel_futures=True)

    def run_blocking_for_tests(self, fn: OpFn) -> Any:
        """Read synchronously; only for tests and the benchmark's setup, never for views."""
        with self.db.read_session() as session:
            return fn(session)

    # -- internals ----------------------------------------------------------------------

    def _start(self) -> None:
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            emit(self.busy_changed, True)

    def _write_loop(self) -> None:
        while True:
            item = self._writes.get()
            if item is _STOP:
                return
            fn, on_done, on_error, with_session, changes = item
            try:
                if with_session:
                    with self.db.session() as session:
                        result = fn(session)
                    changes = written.changes(session)  # what the commit wrote
                else:
                    result = fn()
            except BaseException as exc:
                self._finish(on_error, exc, failed=True)
            else:
                self._finish(on_done, result, changes=changes)

    def _finish(
        self,
        callback: Callback,
        value: Any,
        *,
        failed: bool = False,
        changes: Changes | None = None,
        job: Job | None = None,
    ) -> None:
        def deliver() -> None:
            idle = False
            if job is None:
                with self._lock:
                    self._pending -= 1
                    idle = self._pending == 0
            else:
                job._over = True
            try:
                if failed:
                    if callback is not None:
                        callback(value)
                    else:
                        log.error("operation failed", exc_info=value)
                        emit(self.failed, value)
                else:
                    if changes:
                        emit(self.changed, changes)
                    if callback is not None:
                        callback(value)
            finally:
                if idle:
                    emit(self.busy_changed, False)

        self.post(deliver)

    @Slot()
    def _drain(self) -> None:
        while True:
            try:
                call = self._results.get_nowait()
            except queue.Empty:
                return
            if not self._closed:  # else the window is going away; writes reached the disk
                call()
