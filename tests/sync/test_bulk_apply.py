"""The bulk apply of pulled pages (rows through the driver, the search index refreshed once
per page) leaves a laptop exactly as the Core statements with the index's hooks did.

Two fresh laptops take the same pages: the demo's every record (all six kinds of searchable
text), then a round of newer versions, tombstones, a record without stamps, records this
laptop must set aside, and fields with unpushed local edits. One applies them the former way,
one the bulk way; every synced table, the outbox, the set-aside records and the search index
(what each query finds) must be equal, and the index equal to one rebuilt from the records.
"""

from __future__ import annotations

import shutil
import threading
from datetime import date

import pytest
from sqlalchemy import select

from dxfield.models import SYNCED_MODELS, Visit
from dxfield.search import index
from dxfield.search.text import match_expression, normalise
from sync import apply, schema, values
from sync.protocol import STAMPS
from sync.runner import SyncReport, _apply_page
from tests.rawstore import raw_connect

from .helpers import open_replica

# Master data a pulled visit creates when its year is new (``ensure_programme_year``).
ON_DEMAND = ("programme_year", "phase_window")
TERMS = ("研修", "予算", "窓口", "dx", "業務", "アンケート", "ニーズ", "課", "差し替え")


def _later_round(records: list[dict]) -> list[dict]:
    """Newer versions of some records, tombstones, and what a laptop must set aside."""
    by_table: dict[str, list[dict]] = {}
    for rec in records:
        by_table.setdefault(rec["t"], []).append(rec)

    def newer(rec: dict, **fields) -> dict:
        return {**rec, "v": rec["v"] + 1, "d": {**rec["d"], **fields}}

    out = []
    visits = by_table["visit"]
    out += [newer(v, deleted=True) for v in visits[:5]]  # their notes leave the index
    out += [newer(v, agenda=v["d"]["agenda"] + "（差し替え）") for v in visits[5:15]]
    notes = by_table["note_section"]
    out += [newer(n, body=n["d"]["body"] + "\n窓口の差し替え") for n in notes[:20]]
    out += [newer(a, title="予算の差し替え") for a in by_table["action_item"][:10]]
    out += [newer(t, content="研修内容の差し替え") for t in by_table["training"][:3]]
    out += [newer(n, deleted=True) for n in by_table["need"][:3]]
    no_stamps = newer(visits[20], created_at=None, updated_at=None)
    out.append(no_stamps)  # the column defaults fill them in: the Core road
    out.append(newer(visits[21], phase="bogus"))  # set aside with its reason
    out.append({"t": "visit", "id": "not-an-id", "v": 1, "d": {}})
    out += [rec for rec in records[:50] if rec["t"] == "municipality"]  # same versions
    return out


def _pages(records: list[dict], size: int) -> list[dict]:
    return [
        {"cursor": n + size, "has_more": True, "records": records[n : n + size]}
        for n in range(0, len(records), size)
    ]


def _former_way(monkeypatch) -> None:
    """The reference checks and decoding, Python values through the Core statements, the
    index following them through its hooks."""
    monkeypatch.setattr(apply, "quick_values", lambda record: None)
    monkeypatch.setattr(apply, "_for_the_driver", lambda table, row, insert: row)
    monkeypatch.setattr(apply, "bulk_write", apply.write_rows)
    monkeypatch.setattr(apply, "refresh_rows", lambda raw, rows: None)


def _dump(path) -> dict:
    conn = raw_connect(path)
    try:
        out = {}
        for table in SYNCED_MODELS:
            columns = [c.name for c in SYNCED_MODELS[table].__table__.c]
            if table in ON_DEMAND:  # made during the apply, stamped with its own clock
                columns = [c for c in columns if c not in STAMPS]
            out[table] = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"
            ).fetchall()
        out["pending_change"] = conn.execute(
            "SELECT table_name, row_id, fields, base FROM pending_change ORDER BY 1, 2"
        ).fetchall()
        out["sync_conflict"] = conn.execute(
            "SELECT table_name, row_id, field, kind, remote_value, merged_value, resolution"
            " FROM sync_conflict ORDER BY 1, 2, 4"
        ).fetchall()
        out["search_doc"] = _docs(conn)
        out["found"] = {
            term: sorted(
                conn.execute(
                    "SELECT d.kind, d.ref_id FROM search_fts f JOIN search_doc d"
                    " ON d.rowid = f.rowid WHERE search_fts MATCH ?",
                    (match_expression([normalise(term)]),),
                ).fetchall()
            )
            for term in TERMS
        }
        return out
    finally:
        conn.close()


def _docs(conn) -> list[tuple]:
    return sorted(
        conn.execute(
            "SELECT kind, ref_id, municipality_id, visit_id, training_id, internal, normalised"
            " FROM search_doc"
        ).fetchall()
    )


def _laptop(
    tmp_path, name: str, records: list[dict], later: list[dict], monkeypatch, *, bulk, pulled=False
):
    """A laptop that takes ``records`` in pages of 700, edits some visits locally, then
    takes ``later`` in pages of 40: page by page (the former way or the bulk way), or
    ``pulled`` through ``pull_all`` (pages downloaded ahead, their values worked out in the
    download thread)."""
    from sync import runner

    blank = tmp_path / "blank"
    if not blank.exists():  # the laptops start from one store: the same master data stamps
        open_replica(blank).close()
    shutil.copytree(blank, tmp_path / name)
    db = open_replica(tmp_path / name)
    report = SyncReport()
    server = _Server([*records, *later])
    with monkeypatch.context() as patch:
        if not bulk:
            _former_way(patch)
        if pulled:
            server.records = records
            runner.pull_all(db, server, report, page_size=700)
        else:
            for page in _pages(records, 700):
                _apply_page(db, page, report)
        with db.session() as s:  # unpushed local edits: their fields stay local
            for visit in s.scalars(select(Visit).order_by(Visit.id).limit(12)):
                visit.agenda = "ローカルで編集中"
        if pulled:
            server.records = [*records, *later]
            runner.pull_all(db, server, report, page_size=40)
        else:
            for page in _pages(later, 40):
                _apply_page(db, page, report)
    db.close()
    if pulled:
        report.pages = 0  # (pull_all also counts the empty last page it may ask for)
    return report, _dump(tmp_path / name / "dxfield.sqlite3")


def test_bulk_apply_leaves_the_laptop_as_the_core_statements_did(
    demo_records, tmp_path, monkeypatch
):
    later = _later_round(demo_records)
    former, former_store = _laptop(tmp_path, "former", demo_records, later, monkeypatch, bulk=False)
    bulk, bulk_store = _laptop(tmp_path, "bulk", demo_records, later, monkeypatch, bulk=True)
    assert bulk.as_dict() == former.as_dict()
    assert bulk.set_aside >= 2 and bulk.received > len(demo_records) / 2
    for name in former_store:
        assert bulk_store[name] == former_store[name], name
    assert bulk_store["found"]["研修"] and bulk_store["found"]["差し替え"]
    assert bulk_store["pending_change"]  # the local edits are still waiting
    # And the index is what a rebuild from the records makes.
    conn = raw_connect(tmp_path / "bulk" / "dxfield.sqlite3")
    try:
        conn.isolation_level = None
        conn.execute("BEGIN")
        index.rebuild(conn)
        assert _docs(conn) == bulk_store["search_doc"]
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def test_a_pull_with_pages_downloaded_ahead_leaves_the_laptop_as_page_by_page(
    demo_records, tmp_path, monkeypatch
):
    """``pull_all`` reads each next page and works out its values in the download thread
    while the page before is written: the store, the outbox, the records set aside and the
    search index (its documents in the same order) are those of applying page by page."""
    later = _later_round(demo_records)
    paged, paged_store = _laptop(tmp_path, "paged", demo_records, later, monkeypatch, bulk=True)
    pulled, pulled_store = _laptop(
        tmp_path, "pulled", demo_records, later, monkeypatch, bulk=True, pulled=True
    )
    assert pulled.received == paged.received and pulled.set_aside == paged.set_aside >= 2
    for name in paged_store:
        assert pulled_store[name] == paged_store[name], name
    assert pulled_store["pending_change"]
    # Search ranks ties by rowid: the documents' order is the same too.
    orders = []
    for name in ("paged", "pulled"):
        conn = raw_connect(tmp_path / name / "dxfield.sqlite3")
        try:
            orders.append(
                conn.execute("SELECT rowid, kind, ref_id FROM search_doc ORDER BY rowid").fetchall()
            )
        finally:
            conn.close()
    assert orders[0] and orders[1] == orders[0]


def test_bulk_values_are_the_bytes_sqlalchemy_would_store():
    """The bulk path's shortcuts for dates and times write what the columns' own bind
    processors write, for every kind of value they may meet."""
    from datetime import UTC, datetime

    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    samples = [
        None,
        datetime(2025, 5, 1, 10, 0),
        datetime(2025, 5, 1, 10, 0, 7, 120),
        datetime(1900, 1, 1),
        datetime(999, 12, 31, 23, 59, 59, 999999),
        datetime(2026, 7, 15, 9, 30, tzinfo=UTC),
        date(2025, 9, 30),
        date(5, 1, 2),
    ]
    checked = 0
    for table, model in SYNCED_MODELS.items():
        processors = values._bulk_columns(table)[2]
        for column in model.__table__.c:
            own = column.type.dialect_impl(dialect).bind_processor(dialect)
            if own is None:
                assert processors[column.key] is None
                continue
            for value in samples:
                try:
                    expected = own(value)
                except Exception as exc:  # the shortcut refuses it the same way
                    with pytest.raises(type(exc)):
                        processors[column.key](value)
                    continue
                assert processors[column.key](value) == expected, (table, column.key, value)
                checked += 1
    assert checked > 100


def test_enum_values_decode_as_the_enum_decodes_them():
    from dxfield.models import NoteKind

    member = values._enum_member(NoteKind)
    for value in ("current_state", "issues", "bogus", "", 1, None, ["issues"]):
        try:
            expected = NoteKind(value)
        except Exception as exc:
            with pytest.raises(type(exc)):
                member(value)
            continue
        assert member(value) is expected


def test_the_pull_sets_the_program_aside_from_full_collections_and_puts_it_back():
    import gc

    from sync import runner

    assert gc.get_freeze_count() == 0
    with runner._collector_on_new_objects():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), runner._collector_on_new_objects():
        raise RuntimeError  # a failed pull puts it back too
    assert gc.get_freeze_count() == 0
    gc.freeze()  # someone else's choice stays as it is
    try:
        frozen = gc.get_freeze_count()
        with runner._collector_on_new_objects():
            pass
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


class _Server:
    """A pull endpoint over a list of records that notes the page sizes asked for."""

    def __init__(self, records: list[dict]) -> None:
        self.records = records
        self.limits: list[int] = []

    def pull(self, cursor: int, limit: int, *, before_decode=None) -> dict:
        if before_decode is not None:
            before_decode()
        self.limits.append(limit)
        page = self.records[cursor : cursor + limit]
        return {"cursor": cursor + len(page), "has_more": len(page) == limit, "records": page}


def test_a_pull_catching_up_asks_for_the_largest_pages(demo_records, tmp_path, monkeypatch):
    from sync import runner

    monkeypatch.setattr(runner, "DEFAULT_PAGE", 50)
    monkeypatch.setattr(runner, "MAX_PAGE", 400)
    server = _Server(demo_records)
    chosen = _Server(demo_records)
    for name, endpoint, size in (("a", server, None), ("b", chosen, 120)):
        db = open_replica(tmp_path / name)
        try:
            report = SyncReport()
            runner.pull_all(db, endpoint, report, page_size=size)
            assert report.received > len(demo_records) / 2
        finally:
            db.close()
    assert server.limits[0] == 50 and set(server.limits[1:]) == {400}
    assert len(server.limits) == 2 + (len(demo_records) - 50) // 400
    assert set(chosen.limits) == {120}  # a size the caller chose stays


class _NotingServer(_Server):
    """A ``_Server`` that says when a third page is being downloaded."""

    def __init__(self, records: list[dict]) -> None:
        super().__init__(records)
        self.third = threading.Event()

    def pull(self, cursor: int, limit: int, *, before_decode=None) -> dict:
        if len(self.limits) == 2:
            self.third.set()
        return super().pull(cursor, limit, before_decode=before_decode)


@pytest.mark.parametrize("stop", ["cancelled", "apply_failed"])
def test_a_pull_stopped_mid_way_does_not_wait_for_the_page_ahead(
    demo_records, tmp_path, monkeypatch, stop
):
    """The page ahead waits to be read until the writer lets it; a pull stopped by the user
    or by a page that cannot be written, while the next page is downloading, still ends at
    once, with the pages before kept."""
    from sync import runner, state
    from sync.errors import SyncError

    db = open_replica(tmp_path / "a")
    server = _NotingServer(demo_records)
    pages_seen = []

    def cancelled() -> bool:
        pages_seen.append(1)
        return stop == "cancelled" and len(pages_seen) == 2 and server.third.wait(30)

    written = runner._apply_page

    def second_fails(db_, page, report, *args, **kw):
        if stop == "apply_failed" and page["cursor"] > 300 and server.third.wait(30):
            raise SyncError("apply_failed", "disk")
        written(db_, page, report, *args, **kw)

    monkeypatch.setattr(runner, "_apply_page", second_fails)
    raised = []

    def pull() -> None:
        try:
            runner.pull_all(db, server, SyncReport(), page_size=300, cancelled=cancelled)
        except SyncError as exc:
            raised.append(exc.kind)

    try:
        worker = threading.Thread(target=pull, daemon=True)
        worker.start()
        worker.join(60)
        assert not worker.is_alive(), "the pull waits for the page ahead"
        assert raised == [stop] and len(server.limits) == 3
        with db.read_session() as s:
            assert state.cursor(s) == 300
    finally:
        db.close()


def test_a_pull_cut_short_leaves_an_index_that_finds_every_stored_record(
    demo_records, tmp_path, monkeypatch
):
    """Each page commits its rows, their index entries and the cursor together: a pull that
    stops half-way (here: while indexing a page) leaves no record the search misses."""
    from sync import state

    db = open_replica(tmp_path / "a")
    pages = _pages(demo_records, 300)
    report = SyncReport()
    try:
        for page in pages[:2]:
            _apply_page(db, page, report)

        def crash(raw, rows):
            raise RuntimeError("power cut")

        with monkeypatch.context() as patch:
            patch.setattr(apply, "refresh_rows", crash)
            with pytest.raises(RuntimeError):
                _apply_page(db, pages[2], report)
        with db.read_session() as s:
            assert state.cursor(s) == pages[1]["cursor"]
    finally:
        db.close()
    conn = raw_connect(tmp_path / "a" / "dxfield.sqlite3")
    try:
        stored = _docs(conn)
        assert stored
        conn.isolation_level = None
        conn.execute("BEGIN")
        index.rebuild(conn)
        assert _docs(conn) == stored
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _pull_killed(path, records: list[dict], size: int, *, die_in_page=None, delay=None) -> None:
    """Pull ``records`` into the store at ``path`` in a forked child, killed with SIGKILL
    inside page ``die_in_page``'s transaction (its rows written, its index being
    refreshed) or after ``delay`` seconds."""
    import os
    import signal
    import time

    from sync import runner

    pid = os.fork()
    if pid == 0:  # the child: pull, and never return into pytest
        try:
            if die_in_page is not None:
                seen = []
                refresh = apply.refresh_rows

                def refresh_then_die(raw, rows):
                    seen.append(rows)
                    if len(seen) == die_in_page:
                        os.kill(os.getpid(), signal.SIGKILL)
                    refresh(raw, rows)

                apply.refresh_rows = refresh_then_die
            db = open_replica(path)
            runner.pull_all(db, _Server(records), SyncReport(), page_size=size)
        finally:
            os._exit(0)
    if delay is not None:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def _index_is_a_rebuild(path) -> None:
    conn = raw_connect(path)
    try:
        stored = _docs(conn)
        conn.isolation_level = None
        conn.execute("BEGIN")
        index.rebuild(conn)
        assert _docs(conn) == stored
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _pull_to_the_end(folder, records: list[dict], size: int):
    from sync import runner, state

    db = open_replica(folder)  # reopening: the index is checked, rebuilt if it must be
    try:
        with db.read_session() as s:
            cursor = state.cursor(s)
        _index_is_a_rebuild(folder / "dxfield.sqlite3")
        runner.pull_all(db, _Server(records), SyncReport(), page_size=size)
    finally:
        db.close()
    return cursor, _dump(folder / "dxfield.sqlite3")


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork (POSIX)")
def test_a_pull_killed_mid_page_leaves_a_store_that_finishes_as_if_never_cut(
    demo_records, tmp_path
):
    """kill -9 inside a page's transaction, and at moments spread over a whole pull: the
    reopened store holds the pages before (rows, cursor and an index a rebuild would make
    alike), and pulling on ends where an uninterrupted pull ends."""
    import random
    import time

    size = 150
    # What people write (master data is on every laptop already).
    records = [r for r in demo_records if r["t"] not in schema.MASTER_TABLES]
    blank = tmp_path / "blank"
    open_replica(blank).close()  # every laptop starts from one store: the same stamps
    whole = tmp_path / "whole"
    shutil.copytree(blank, whole)
    started = time.perf_counter()
    _pull_killed(whole, records, size)
    took = time.perf_counter() - started
    expected = _pull_to_the_end(whole, records, size)[1]

    cut = tmp_path / "cut"
    shutil.copytree(blank, cut)
    _pull_killed(cut, records, size, die_in_page=3)
    head = tmp_path / "head"  # the two pages before, never cut
    shutil.copytree(blank, head)
    _pull_killed(head, records[: 2 * size], size)
    conn = raw_connect(cut / "dxfield.sqlite3")
    try:
        assert conn.execute("SELECT count(*) FROM search_doc").fetchone()[0] > 0
    finally:
        conn.close()
    assert _dump(cut / "dxfield.sqlite3") == _dump(head / "dxfield.sqlite3")
    cursor, finished = _pull_to_the_end(cut, records, size)
    assert cursor == 2 * size
    assert finished == expected

    draw = random.Random(20261206)
    for n in range(3):
        folder = tmp_path / f"random{n}"
        shutil.copytree(blank, folder)
        _pull_killed(folder, records, size, delay=draw.uniform(0.2, 0.9) * took)
        assert _pull_to_the_end(folder, records, size)[1] == expected
