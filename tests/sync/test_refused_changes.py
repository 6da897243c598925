"""A local change the server refuses never blocks a laptop's sync (issue #11): it stays in
the outbox, is shown with its reason in the conflicts view, and the rest goes through."""

from __future__ import annotations

from sqlalchemy import delete

from dxfield.models import NoteKind, PendingChange, Visit
from dxfield.services.visits import set_note_section
from sync import conflicts
from tests import factories


def _open(replica):
    with replica.db.read_session() as s:
        return [c for c in conflicts.open_conflicts(s) if c.kind == "unsendable"]


def test_a_value_the_schema_refuses_is_held_back_until_corrected(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    with a.db.session() as s:
        bad = factories.visit(s, agenda="正しい").id
        good = factories.visit(s, agenda="ほかの予定").id
    with a.db.session() as s:  # e.g. written by an older import without the length rule
        s.get(Visit, bad).location = "長" * 500
    report = a.sync()
    assert (report.held, report.sent) == (1, 1)
    assert a.pending() == 1
    (held,) = _open(a)
    assert held.row_id == bad
    assert held.reason_text().startswith("サーバーに送信できません（location: 文字数が多すぎます）")
    b.sync()
    assert set(b.snapshot()) >= {("visit", good)}
    assert ("visit", bad) not in b.snapshot()

    assert a.sync().held == 1  # tried again every time, still one row in the view
    assert len(_open(a)) == 1
    with a.db.session() as s:
        s.get(Visit, bad).location = "北山村役場"
    report = a.sync()
    assert (report.held, report.sent, a.pending()) == (0, 1, 0)
    assert _open(a) == []
    b.sync()
    assert b.snapshot()[("visit", bad)]["location"] == "北山村役場"


def test_a_change_the_server_refuses_is_held_back_and_the_rest_is_sent(replicas):
    a = replicas("a")
    with a.db.session() as s:
        visit_id = factories.visit(s).id
    with a.db.session() as s:  # the visit never reaches the server (say, its row was lost)
        s.execute(delete(PendingChange).where(PendingChange.row_id == visit_id))
    with a.db.session() as s:
        set_note_section(s, visit_id, NoteKind.ISSUES, "課題")
        other = factories.visit(s, agenda="別の訪問").id
    report = a.sync()
    assert (report.held, report.sent) == (1, 1)
    (held,) = _open(a)
    assert held.table == "note_section"
    assert held.reason_text().startswith(
        "サーバーに送信できません（visit_id: 参照先のデータがありません）"
    )
    with a.db.read_session() as s:
        assert s.get(Visit, other).version == 1  # answered and applied
