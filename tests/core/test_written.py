"""Changes derived from what a write touched (``dxfield.written``), not declared by hand."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from pathlib import Path

from sqlalchemy import update

from dxfield import formlinks, written
from dxfield.changes import FORM_STATES, NOTHING, TABLE_FIELDS, Changes, changes_for
from dxfield.masterdata import municipality_id
from dxfield.models import SYNCED_MODELS, Base, NoteKind, OwnerSide, ResponseKind, Visit
from dxfield.services import assessments, visits
from tests import factories


def test_every_table_of_the_store_says_which_views_show_it():
    assert set(TABLE_FIELDS) == set(Base.metadata.tables) | {FORM_STATES}
    assert FORM_STATES == formlinks.KEY  # the web forms' states, kept in sync_state
    names = {f.name for f in fields(Changes)}
    assert {v for v in TABLE_FIELDS.values() if v is not None} == names
    # A synced record is something a user sees: it refreshes some view.
    assert all(TABLE_FIELDS[table] for table in SYNCED_MODELS)


def test_no_code_declares_its_changes_by_hand():
    """Views refresh from what a write touched; a hand-built ``Changes`` would be ignored
    (``Ops`` does not read it) and drift from what the write really did."""
    root = Path(__file__).resolve().parents[2]
    declared = [
        f"{path.relative_to(root)}:{number}"
        for package in ("dxfield", "sync", "ui")
        for path in sorted((root / package).rglob("*.py"))
        if path != root / "dxfield" / "changes.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bChanges\(", line)
    ]
    assert declared == []


def test_changes_for_maps_tables_and_ignores_bookkeeping():
    assert changes_for(["need", "sync_state"]) == Changes(needs=True)
    assert changes_for(["answer", "assessment_response", "sync_state"]) == Changes(assessments=True)
    assert changes_for(["import_batch", "search_doc"]) == NOTHING
    # The outbox is shown: the status bar's 未送信 count follows it.
    assert changes_for(["need", "pending_change"]) == Changes(needs=True, outbox=True)
    assert not changes_for([])


def _write(db, fn):
    with db.session() as s:
        result = fn(s)
    return result, written.changes(s)


def test_a_service_write_yields_the_views_of_the_tables_it_wrote(db):
    # Each edit waits in the outbox too (outbox: the 未送信 count changes).
    visit, changes = _write(db, lambda s: factories.visit(s))
    assert changes == Changes(visits=True, outbox=True)
    _, changes = _write(
        db, lambda s: visits.set_note_section(s, visit.id, NoteKind.ISSUES, "予算の確保")
    )
    assert changes == Changes(notes=True, outbox=True)
    _, changes = _write(
        db,
        lambda s: visits.add_action_item(
            s, visit.id, "案を作る", OwnerSide.MUNICIPALITY, due_on=date(2025, 7, 1)
        ),
    )
    assert changes == Changes(action_items=True, outbox=True)


def test_saving_the_same_answers_again_refreshes_nothing(db):
    town = municipality_id(factories.WAKAYAMA)
    sheet = _write(db, lambda s: assessments.load_sheet(s, town, 2025, ResponseKind.BASELINE))[0]
    answers = {"GEN-AW-01": "c", "GEN-AW-03": True}
    _, changes = _write(db, lambda s: assessments.save_answers(s, sheet, answers))
    assert changes.assessments  # (and visits: the programme year 2025 came with it)
    _, changes = _write(db, lambda s: assessments.save_answers(s, sheet, answers))
    assert changes == NOTHING
    _, changes = _write(db, lambda s: assessments.save_answers(s, sheet, {"GEN-AW-01": "b"}))
    assert changes == Changes(assessments=True, outbox=True)


def test_a_core_statement_counts_only_when_it_touched_a_row(db):
    _, changes = _write(
        db, lambda s: s.execute(update(Visit).where(Visit.id == "nothing").values(location="x"))
    )
    assert changes == NOTHING
    visit, _ = _write(db, lambda s: factories.visit(s))
    _, changes = _write(
        db, lambda s: s.execute(update(Visit).where(Visit.id == visit.id).values(location="x"))
    )
    assert changes == Changes(visits=True)


def test_driver_level_writes_are_named_by_their_caller(db):
    _, changes = _write(db, lambda s: written.note(s, ["need"]))
    assert changes == Changes(needs=True)


def test_a_finished_session_hears_nothing_of_the_next_one(db):
    with db.session() as first:
        factories.visit(first)
    assert written.tables(first) >= {"visit"}
    before = written.tables(first)
    with db.session() as second:
        visits_ = second.query(Visit).all()
        visits.set_note_section(second, visits_[0].id, NoteKind.MEMO, "メモ")
    assert written.tables(first) == before
    assert "note_section" in written.tables(second)


def test_reads_write_nothing(db):
    with db.read_session() as s:
        s.query(Visit).all()
    assert written.changes(s) == NOTHING
