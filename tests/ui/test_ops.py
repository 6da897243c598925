"""The op queue: work off the UI thread, results on it, errors in Japanese."""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtCore import QObject, Signal

from dxfield import errors
from dxfield.changes import Changes
from tests.ui.conftest import wait_idle
from ui.errors import keeps_typing, message_for
from ui.qtcompat import emit


def test_reads_and_writes_run_off_the_ui_thread(qtbot, ops):
    main = threading.current_thread()
    seen: dict[str, object] = {}

    def read(_session):
        seen["read_thread"] = threading.current_thread()
        return 42

    ops.query(read, lambda value: seen.update(value=value, done_on=threading.current_thread()))
    order: list[int] = []
    for n in range(5):
        ops.write(lambda _s, n=n: order.append(n) or n)
    wait_idle(qtbot, ops)
    assert seen["value"] == 42
    assert seen["read_thread"] is not main
    assert seen["done_on"] is main
    assert order == [0, 1, 2, 3, 4]  # one writer: writes keep their order


def test_a_write_announces_what_its_session_wrote_not_what_it_says(qtbot, ops):
    from dxfield.models import NoteKind
    from dxfield.services import visits
    from tests import factories

    announced: list[Changes] = []
    ops.changed.connect(announced.append)
    with qtbot.waitSignal(ops.changed, timeout=5000) as changed:
        ops.write(lambda s: (factories.visit(s).id, Changes(needs=True)))
    assert changed.args[0] == Changes(visits=True, outbox=True)
    visit_id = ops.run_blocking_for_tests(lambda s: visits.list_visits(s)[0].id)
    with qtbot.waitSignal(ops.changed, timeout=5000) as changed:
        ops.write(lambda s: visits.set_note_section(s, visit_id, NoteKind.MEMO, "メモ"))
    assert changed.args[0] == Changes(notes=True, outbox=True)
    # The same text again writes nothing: no view refreshes.
    done = []
    ops.write(lambda s: visits.set_note_section(s, visit_id, NoteKind.MEMO, "メモ"), done.append)
    ops.write(lambda _s: Changes(visits=True), done.append)
    wait_idle(qtbot, ops)
    assert len(done) == 2
    assert announced == [Changes(visits=True, outbox=True), Changes(notes=True, outbox=True)]


def test_errors_reach_the_caller_and_read_in_japanese(qtbot, ops):
    caught = []

    def fail(_session):
        raise errors.DatabaseLockedError("the database is locked by another program")

    ops.write(fail, None, caught.append)
    wait_idle(qtbot, ops)
    assert isinstance(caught[0], errors.DatabaseLockedError)
    assert keeps_typing(caught[0])
    assert "他のプログラム" in message_for(caught[0])


def test_a_long_job_runs_beside_the_writes_and_is_not_counted_as_busy(qtbot, ops):
    main = threading.current_thread()
    gate = threading.Event()
    seen: dict[str, object] = {}
    busy: list[bool] = []
    ops.busy_changed.connect(busy.append)

    def job():
        seen["thread"] = threading.current_thread()
        assert gate.wait(10)
        return 7

    handle = ops.run(job, lambda value: seen.update(value=value, on=threading.current_thread()))
    assert handle.running and ops.pending == 0
    ops.write(lambda _s: 1)  # typing is saved while a sync of minutes runs
    wait_idle(qtbot, ops)
    assert handle.running and "value" not in seen
    gate.set()
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 7
    assert seen["on"] is main and seen["thread"] is not main
    assert not handle.running
    assert busy == [True, False]  # the write only: no 保存・読込中… for the long job


def test_a_long_jobs_failure_reaches_the_caller_or_the_window(qtbot, ops):
    from sync.errors import SyncError

    caught = []

    def fail():
        raise SyncError("server_down")

    ops.run(fail, None, caught.append)
    qtbot.waitUntil(lambda: bool(caught), timeout=5000)
    assert message_for(caught[0]) == "サーバーに接続できません（オフラインの可能性があります）"
    with qtbot.waitSignal(ops.failed, timeout=5000) as unhandled:
        ops.run(fail)
    assert unhandled.args[0].kind == "server_down"


def test_progress_posted_by_a_long_job_arrives_on_the_ui_thread_in_order(qtbot, ops):
    main = threading.current_thread()
    lines: list[tuple[int, bool]] = []

    def job():
        for n in range(3):
            ops.post(lambda n=n: lines.append((n, threading.current_thread() is main)))

    ops.run(job)
    qtbot.waitUntil(lambda: len(lines) == 3, timeout=5000)
    assert lines == [(0, True), (1, True), (2, True)]


def _all_error_classes(cls=errors.DxfieldError):
    yield cls
    for sub in cls.__subclasses__():
        yield from _all_error_classes(sub)


@pytest.mark.parametrize("cls", sorted(set(_all_error_classes()), key=lambda c: c.__name__))
def test_every_core_error_has_a_japanese_message(cls):
    try:
        exc = cls("something went wrong")
    except TypeError:
        pytest.skip(f"{cls.__name__} needs more arguments")
    text = message_for(exc)
    assert text and any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in text)


def test_emit_keeps_reference_counts_balanced(qapp):
    class Source(QObject):
        ping = Signal(object)

    source = Source()
    source.ping.connect(lambda _v: None)
    # The first emit probes the binding once (and whatever it imports keeps its own True and
    # False): a run of this test alone would count those as a leak.
    emit(source.ping, 1)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(5000):  # enough to abort the process if each emit leaked a reference
        emit(source.ping, 1)
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before


def test_the_start_ups_collector_waits_until_start_up_is_set_aside(qtbot):
    import gc

    from ui.qtcompat import MainThreadGC

    def make_garbage() -> None:
        for _ in range(gc.get_threshold()[0] + 10):
            a: list = []
            a.append(a)

    guard = MainThreadGC(interval_ms=1, after_startup=True)
    try:
        make_garbage()
        qtbot.wait(30)
        assert gc.get_count()[0] > gc.get_threshold()[0]  # nothing collected meanwhile
        guard.freeze_startup()
        make_garbage()
        qtbot.waitUntil(lambda: gc.get_count()[0] < gc.get_threshold()[0])
    finally:
        guard.stop()
        gc.unfreeze()


def test_garbage_is_collected_on_the_ui_thread_only(qapp):
    import gc

    from ui.qtcompat import MainThreadGC

    gc.enable()
    guard = MainThreadGC(interval_ms=60_000)
    try:
        assert not gc.isenabled()  # workers allocating never trigger a collection
        for _ in range(gc.get_threshold()[0] + 10):
            a: list = []
            a.append(a)  # cyclic garbage
        del a
        guard.check()
        assert gc.get_count()[0] < gc.get_threshold()[0]
    finally:
        guard.stop()
    assert gc.isenabled()


def test_none_keeps_its_references_through_void_calls(qapp):
    """PySide6 6.12 on Python 3.11 takes a reference from None on each void call; the UI
    thread's timer gives them back before the interpreter runs out."""
    from PySide6.QtWidgets import QLabel

    from ui.qtcompat import keep_none

    label = QLabel()
    keep_none()
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("訪問履歴")
    keep_none()
    assert sys.getrefcount(None) >= before
