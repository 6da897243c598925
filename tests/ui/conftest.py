"""Fixtures of the desktop tests: a small world in a fresh store, the op queue, the window.

The world is built with the core's services (no demo data: it is big and slow) on a fixed
"today" so that weeks, windows and overdue items do not depend on the calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

pytest.importorskip("pytestqt")

TODAY = date(2025, 6, 16)  # a Monday in 令和7年度, inside the 全体相談 window


@dataclass(frozen=True)
class World:
    wakayama: str
    kitayama: str
    lead: str
    support: str
    visit_this_week: str
    visit_done: str
    note_text: str


@pytest.fixture
def world(db) -> World:
    from dxfield.masterdata import municipality_id
    from dxfield.models import NoteKind, OwnerSide, Phase, ResponseKind, Role, VisitStatus
    from dxfield.services import assessments, visits
    from tests import factories

    note = "・庁内の合意形成が課題。\n・来年度の予算の確保に向けて、財政課と早めに相談する。"
    with db.session() as s:
        lead = factories.team_member(s, "山田 太郎", Role.LEAD)
        support = factories.team_member(s, "佐藤 花子", Role.SUPPORT)
        week = factories.visit(
            s,
            municipality_id=municipality_id(factories.KITAYAMA),
            starts_at=datetime(2025, 6, 18, 10, 0),
            ends_at=datetime(2025, 6, 18, 12, 0),
            member_ids=[lead.id],
        )
        done = factories.visit(
            s,
            phase=Phase.INTAKE,
            starts_at=datetime(2025, 5, 20, 10, 0),
            ends_at=datetime(2025, 5, 20, 11, 0),
            status=VisitStatus.DONE,
        )
        visits.set_note_section(s, done.id, NoteKind.ISSUES, note)
        visits.add_action_item(
            s, done.id, "推進体制の案を作る", OwnerSide.MUNICIPALITY, due_on=date(2025, 6, 1)
        )
        response = assessments.create_response(
            s,
            municipality_id=municipality_id(factories.WAKAYAMA),
            fiscal_year=2025,
            kind=ResponseKind.BASELINE,
        )
        s.flush()
        assessments.set_answers(s, response.id, {"GEN-AW-01": "c", "GEN-AW-03": True})
        ids = World(
            wakayama=municipality_id(factories.WAKAYAMA),
            kitayama=municipality_id(factories.KITAYAMA),
            lead=lead.id,
            support=support.id,
            visit_this_week=week.id,
            visit_done=done.id,
            note_text=note,
        )
    return ids


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_ui_thread():
    """No automatic collection while worker threads run: a collection in a worker that
    frees Qt widgets crashes the process (see ``ui.qtcompat.MainThreadGC``)."""
    import gc

    gc.collect()
    gc.disable()
    yield
    gc.enable()
    gc.collect()


@pytest.fixture
def ops(db):
    from ui.ops import Ops

    queue = Ops(db)
    yield queue
    queue.shutdown()


def wait_idle(qtbot, ops, timeout: int = 5000) -> None:
    """Until every queued read and write has come back to the UI thread."""
    qtbot.waitUntil(lambda: ops.pending == 0, timeout=timeout)


def assert_record_items_answer_as(source, records, qtmodeltester) -> None:
    """``RecordItems(source)`` filled with ``records`` is a sound model that answers as
    ``source`` does: every cell's text and each role a record model answers, or not
    (``roles`` names all the roles a model's ``data`` answers, by column), the headers,
    the records behind the rows."""
    from PySide6.QtCore import Qt

    from ui.models import STATUS_ROLE, RecordItems

    role = Qt.ItemDataRole
    roles = [
        *(r.value for r in (role.DisplayRole, role.ToolTipRole, role.TextAlignmentRole)),
        *(r.value for r in (role.BackgroundRole, role.ForegroundRole, role.DecorationRole)),
        *(r.value for r in (role.FontRole, role.CheckStateRole)),
        STATUS_ROLE,
    ]
    items = RecordItems(source)
    items.set_records(records)
    qtmodeltester.check(items)
    assert items.rowCount() == source.rowCount() == len(records) > 0
    answered = set()
    for row in range(items.rowCount()):
        assert items.record(row) == records[row]
        for column in range(items.columnCount()):
            for r in roles:
                want = source.data(source.index(row, column), r)
                got = items.data(items.index(row, column), r)
                assert got == want, (row, column, r)
                if want is not None and r != role.DisplayRole.value:
                    answered.add((column, r))
    declared = {(column, r) for column, rs in source.roles.items() for r in rs}
    assert answered <= declared
    columns = range(items.columnCount())
    horizontal = Qt.Orientation.Horizontal
    assert [items.headerData(c, horizontal) for c in columns] == [
        source.headerData(c, horizontal) for c in columns
    ]
    items.set_records([])
    assert items.rowCount() == 0


@pytest.fixture
def settings(qapp):
    from ui import config
    from ui.app import prepare

    s = config.open_settings()
    prepare(qapp, s)
    return s


@pytest.fixture
def window(qtbot, ops, settings, world):
    from ui.mainwindow import MainWindow

    win = MainWindow(ops, settings, today=TODAY)
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    wait_idle(qtbot, ops)
    # Printing, backups and sync are wired once their imports came back from a worker.
    qtbot.waitUntil(lambda: win.extensions_installed, timeout=10000)
    yield win
    win.close()


@pytest.fixture(autouse=True)
def modal_guard(qapp):
    """Every desktop test: a question left unanswered fails the test (``tests.ui.modalguard``)
    instead of holding up the whole run."""
    from tests.ui.modalguard import ModalGuard

    guard = ModalGuard()
    yield guard
    guard.stop()
    if guard.unanswered:
        pytest.fail(
            "a dialog waited for an answer that the test never gave (replace its classmethod, "
            "as with Messages.confirm): " + " / ".join(guard.unanswered)
        )
