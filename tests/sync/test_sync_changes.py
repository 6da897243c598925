"""After a sync, the views to refresh are those showing the tables it wrote, no others."""

from __future__ import annotations

from datetime import date

from dxfield.changes import NOTHING, Changes
from dxfield.masterdata import municipality_id
from dxfield.models import NoteKind
from dxfield.services import needs, visits
from sync import apply
from tests import factories


def _need(replica, text="オープンデータを始めたい") -> str:
    data = needs.NeedInput(
        municipality_id=municipality_id(factories.WAKAYAMA),
        domain="data",
        text=text,
        heard_on=date(2025, 6, 10),
    )
    with replica.db.session() as s:
        return needs.create_need(s, data).id


def test_a_pull_of_needs_refreshes_the_needs_views_only(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    with a.db.session() as s:
        factories.visit(s)
    a.sync()
    assert b.sync().changes.visits  # the visit arrived
    _need(a)
    a.sync()
    got = b.sync()
    assert got.received == 1
    assert got.changes == Changes(needs=True)


def test_a_sync_that_brings_and_sends_nothing_refreshes_nothing(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    with a.db.session() as s:
        factories.visit(s)
    a.sync()
    b.sync()
    again = b.sync()
    assert (again.sent, again.received) == (0, 0)
    assert again.changes == NOTHING
    assert a.sync().changes == NOTHING  # nothing new for the laptop that sent it either


def test_a_push_refreshes_what_the_server_answered_for(replicas):
    a = replicas("a")
    with a.db.session() as s:
        visit_id = factories.visit(s).id
    a.sync()
    with a.db.session() as s:
        visits.set_note_section(s, visit_id, NoteKind.MEMO, "窓口の相談\n")
    report = a.sync()
    assert report.sent == 1
    assert report.changes == Changes(notes=True, outbox=True)  # and the edit left the outbox


def test_a_page_that_needed_the_careful_road_still_reports_its_tables(replicas, monkeypatch):
    a, b = replicas("a"), replicas("b", user="advisor2")
    _need(a)
    a.sync()

    def refuse(*_args, **_kw):
        raise ValueError("the bulk road is closed for this test")

    monkeypatch.setattr(apply, "bulk_write", refuse)
    got = b.sync()
    assert got.received == 1
    assert got.changes.needs


def test_the_web_forms_states_refresh_their_views_when_they_change(replicas):
    a = replicas("a")
    first = a.sync(form_state=True)
    assert first.changes == Changes(forms=True)  # the first list the server gave
    assert a.sync(form_state=True).changes == NOTHING  # the same list again
