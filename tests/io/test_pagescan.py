"""Unsynced edits read page by page out of stores SQLite no longer reads: what is read is
true (equal to what was stored), deleted rows stay deleted, and noise is nothing."""

from __future__ import annotations

import random

import pytest

from dxfield import pagescan
from dxfield.backup import backup_database
from dxfield.models import NoteKind
from dxfield.restore import check_restore, restore_database
from dxfield.salvage import _known_tables, read_salvage
from dxfield.services import visits
from tests import factories
from tests.io import stores
from tests.rawstore import raw_connect, sqlite3

TABLES = ("visit", "note_section", "pending_change", "sync_state", "action_item")

# The pages of an encrypted file are noise to a page scan: these read plain stores.
pytestmark = pytest.mark.usefixtures("plain_stores")


def _dump(path, table: str) -> dict:
    raw = raw_connect(path)
    raw.row_factory = sqlite3.Row
    try:
        return {r["rowid"]: dict(r) for r in raw.execute(f'SELECT rowid, * FROM "{table}"')}
    finally:
        raw.close()


def _edits(db, count: int, long_body: bool = False) -> list[str]:
    ids = []
    with db.session() as s:
        for i in range(count):
            visit = factories.visit(s, agenda=f"訪問 {i} " + "議題" * (i % 7))
            body = "予算の確保について。" * (600 if long_body and i == 0 else 3)
            visits.set_note_section(s, visit.id, NoteKind.ISSUES, f"{i}: {body}")
            ids.append(visit.id)
    return ids


def test_an_undamaged_store_is_read_back_row_for_row(db, tmp_path):
    _edits(db, 40, long_body=True)  # one note runs over several overflow pages
    db.close()
    stores.checkpoint(db.path)
    rebuilt = pagescan.rebuild(db.path, tmp_path / "pages.sqlite3", _known_tables())
    assert rebuilt.orphans == 0 and rebuilt.unplaced == 0
    for table in TABLES:
        assert _dump(rebuilt.path, table) == _dump(db.path, table), table


def test_deleted_rows_stay_deleted(db, tmp_path):
    with db.session() as s:
        factories.visit(s, agenda="kept")
    db.close()
    stores.checkpoint(db.path)
    raw = raw_connect(db.path)
    try:  # rows on whole pages that go to the freelist
        raw.execute("CREATE TABLE scratch (body TEXT)")
        raw.executemany("INSERT INTO scratch VALUES (?)", [("x" * 3000,)] * 50)
        raw.commit()
        raw.execute("DROP TABLE scratch")
        raw.commit()
        assert raw.execute("PRAGMA freelist_count").fetchone()[0] > 0
    finally:
        raw.close()
    known = {**_known_tables(), "scratch": "CREATE TABLE scratch (body TEXT)"}
    rebuilt = pagescan.rebuild(db.path, tmp_path / "pages.sqlite3", known)
    assert _dump(rebuilt.path, "scratch") == {}
    assert [v["agenda"] for v in _dump(rebuilt.path, "visit").values()] == ["kept"]


def test_a_store_cut_short_gives_back_the_edits_on_the_pages_left(db, tmp_path):
    _edits(db, 250)
    db.close()
    stores.checkpoint(db.path)
    before = {t: _dump(db.path, t) for t in ("visit", "note_section", "pending_change")}
    stores.truncate(db.path, 0.6)
    salvage = read_salvage(db.path)
    assert salvage.method == "pages"
    assert len(salvage.readable) > 150  # SQLite alone reads none of them
    stored = {
        (t, row["id"]): {k: v for k, v in row.items() if k != "rowid"}
        for t in ("visit", "note_section")
        for row in before[t].values()
    }
    for change in salvage.readable:  # what is read is what was stored, never a guess
        assert change.record == stored[(change.table, change.row_id)]
    outbox = {(p["table_name"], p["row_id"]): p for p in before["pending_change"].values()}
    for change in salvage.changes:
        expected = outbox[(change.table, change.row_id)]
        assert change.pending == {k: v for k, v in expected.items() if k != "rowid"}


def test_a_lost_root_page_hides_no_rows(db, backup_path, tmp_path):
    ids = _edits(db, 200)
    db.close()
    # The outbox's and the visits' interior root pages are noise: SQLite reads no row of
    # either table; their leaves are placed by their shape.
    stores.smash_table(db.path, "pending_change")
    stores.smash_table(db.path, "visit")
    plan = check_restore(backup_path, db.path)
    assert plan.salvage.method == "pages"
    assert set(ids) <= {c.row_id for c in plan.salvage.readable if c.table == "visit"}
    result = restore_database(backup_path, db.path, backup_folder=tmp_path / "b", plan=plan)
    assert result.reapplied is not None and not result.reapplied.skipped
    agendas = {row["agenda"] for row in _dump(db.path, "visit").values()}
    assert {f"訪問 {i} " + "議題" * (i % 7) for i in range(200)} <= agendas


@pytest.fixture
def backup_path(db, tmp_path):
    with db.session() as s:
        factories.visit(s, agenda="in the backup")
    return backup_database(db.path, tmp_path / "good.sqlite3")


@pytest.mark.parametrize("seed", range(6))
def test_noise_is_nothing_and_no_error(tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "noise.sqlite3"
    head = b"SQLite format 3\x00" if seed % 2 else b""
    path.write_bytes(head + bytes(rng.randrange(256) for _ in range(4096 * 8 - len(head))))
    rebuilt = pagescan.rebuild(path, tmp_path / "pages.sqlite3", _known_tables())
    assert rebuilt.placed == 0
    salvage = read_salvage(path)
    assert not salvage.readable
