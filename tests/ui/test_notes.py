"""Field notes: typing reaches the disk within about a second and survives a kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from dxfield.errors import DiskFullError, ReadOnlyDatabaseError
from dxfield.models import ActionItem, ActionStatus, NoteKind, Visit, VisitStatus
from dxfield.services import visits as visit_service
from tests.ui.conftest import wait_idle
from tests.ui.keys import commit_text

ROOT = Path(__file__).resolve().parents[2]


def _body(db, visit_id: str, kind: NoteKind) -> str:
    with db.read_session() as s:
        row = visit_service.get_notes(s, visit_id).get(kind)
        return row.body if row else ""


@pytest.fixture
def notes(window, world, qtbot, ops):
    window.open_visit(world.visit_done)
    wait_idle(qtbot, ops)
    page = window.page("notes")
    assert page.visit_id == world.visit_done
    return page


def test_opening_a_visit_shows_its_notes(notes, world):
    assert notes.sections[NoteKind.ISSUES].editor.toPlainText() == world.note_text
    assert "和歌山市" in notes.title.text()
    assert notes.actions.count() == 1


def test_typing_is_saved(notes, world, qtbot, db):
    editor = notes.sections[NoteKind.CURRENT_STATE].editor
    editor.setFocus()
    with qtbot.waitSignal(notes.saved, timeout=5000):
        commit_text(editor, "財政課と相談済み")
    assert _body(db, world.visit_done, NoteKind.CURRENT_STATE) == "財政課と相談済み"
    assert notes.save_state.text() == "保存済み"


def test_continuous_typing_reaches_the_disk_while_still_typing(notes, world, qtbot, db):
    """A throttle, not a debounce: someone who never pauses is still saved every second."""
    editor = notes.sections[NoteKind.MEMO].editor
    editor.setFocus()
    typed = []
    ticker = QTimer()
    ticker.setInterval(50)

    def type_one() -> None:
        commit_text(editor, "あ")
        typed.append(time.monotonic())

    ticker.timeout.connect(type_one)
    ticker.start()
    try:
        qtbot.waitUntil(lambda: len(typed) >= 3, timeout=3000)
        # A debounce would wait for a pause that never comes; the throttle writes anyway.
        qtbot.waitUntil(lambda: len(_body(db, world.visit_done, NoteKind.MEMO)) >= 3, timeout=3000)
        assert ticker.isActive()
    finally:
        ticker.stop()
    qtbot.waitUntil(lambda: not notes.has_unsaved(), timeout=5000)
    assert _body(db, world.visit_done, NoteKind.MEMO) == "あ" * len(typed)


def test_internal_flag_and_actions(notes, world, qtbot, db, ops):
    section = notes.sections[NoteKind.MEMO]
    with qtbot.waitSignal(notes.saved, timeout=5000):
        commit_text(section.editor, "次回は首長同席")
        section.internal.setChecked(True)
    with db.read_session() as s:
        assert visit_service.get_notes(s, world.visit_done)[NoteKind.MEMO].internal is True

    notes.action_title.setText("庁内説明会の日程を決める")
    notes.action_title.returnPressed.emit()
    qtbot.waitUntil(lambda: notes.actions.count() == 2, timeout=5000)
    item = notes.actions.item(1)
    assert "庁内説明会" in item.text()
    from PySide6.QtCore import Qt

    item.setCheckState(Qt.CheckState.Checked)
    wait_idle(qtbot, ops)
    with db.read_session() as s:
        from sqlalchemy import select

        added = s.scalar(select(ActionItem).where(ActionItem.title == "庁内説明会の日程を決める"))
        assert added.status == ActionStatus.DONE


def test_mark_visit_done(window, world, qtbot, ops, db):
    window.open_visit(world.visit_this_week)
    wait_idle(qtbot, ops)
    page = window.page("notes")
    assert page.done_button.isEnabled()
    page.done_button.click()
    qtbot.waitUntil(lambda: not page.done_button.isEnabled(), timeout=5000)
    with db.read_session() as s:
        assert s.get(Visit, world.visit_this_week).status == VisitStatus.DONE


def test_a_locked_database_keeps_the_text_and_retries(notes, world, qtbot, db):
    """Another program holds the write lock: a Japanese message, nothing typed is lost."""
    from tests.rawstore import raw_connect

    blocker = raw_connect(db.path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    editor = notes.sections[NoteKind.AGREEMENTS].editor
    try:
        with qtbot.waitSignal(notes.save_failed, timeout=15000) as failed:
            commit_text(editor, "月内に回答する")
        assert "他のプログラム" in failed.args[0]
        assert notes.banner.isVisible()
        assert editor.toPlainText() == "月内に回答する"
    finally:
        blocker.rollback()
        blocker.close()
    with qtbot.waitSignal(notes.saved, timeout=15000):
        pass  # the retry timer tries again on its own
    assert _body(db, world.visit_done, NoteKind.AGREEMENTS) == "月内に回答する"
    assert not notes.banner.isVisible()


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (DiskFullError("the disk is full; nothing was saved"), "ディスクの空き容量"),
        (ReadOnlyDatabaseError("the database file cannot be written"), "読み取り専用"),
    ],
)
def test_a_full_disk_or_read_only_file_keeps_the_text(
    notes, world, qtbot, db, monkeypatch, error, says
):
    def fail(*_args, **_kw):
        raise error

    monkeypatch.setattr(visit_service, "set_note_section", fail)
    editor = notes.sections[NoteKind.REQUESTS].editor
    with qtbot.waitSignal(notes.save_failed, timeout=5000) as failed:
        commit_text(editor, "研修の講師派遣")
    assert says in failed.args[0]
    assert editor.toPlainText() == "研修の講師派遣"
    assert notes.has_unsaved()


@pytest.mark.slow
def test_text_survives_a_killed_process(db, world, data_dir):
    """Type in a real app process, SIGKILL it a second later, reopen: the text is there."""
    text = "停電前に書いた一文。予算要求は十月。"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.typing_child", str(data_dir), world.visit_done, text],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "TYPED", child.stderr.read()
        # The promise: at most about one second behind the typing. Not a Qt wait: the
        # clock is the point of the test.
        time.sleep(1.2)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    from dxfield.db import open_database

    reopened = open_database(db.path)
    try:
        assert _body(reopened, world.visit_done, NoteKind.MEMO) == text
    finally:
        reopened.close()
