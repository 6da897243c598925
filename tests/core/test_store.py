"""The local store: pragmas, migrations, refusal of newer or damaged files, backups."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, update

from dxfield import migrations
from dxfield.db import open_database
from dxfield.errors import (
    CorruptDatabaseError,
    DatabaseError,
    NewerDatabaseError,
    ReadOnlyDatabaseError,
)
from dxfield.models import Base, Municipality
from dxfield.search import is_index_table
from tests.rawstore import raw_connect


def test_pragmas_are_durable(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_declared_revisions_match_the_scripts():
    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert script.get_current_head() == migrations.HEAD
    walked = [rev.revision for rev in script.walk_revisions()]
    assert list(reversed(walked)) == list(migrations.REVISIONS)


def test_migrations_match_the_models(db):
    # The search index is derived data kept outside Alembic (dxfield.search).
    opts = {"include_name": lambda name, type_, _parent: not is_index_table(name)}
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    assert diff == []


def test_newer_database_is_refused_untouched(tmp_path):
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    with raw_connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version"):
        open_database(path)
    assert path.read_bytes() == before


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(CorruptDatabaseError):
        open_database(path)
    assert path.read_bytes().startswith(b"this is a spreadsheet")


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "db.sqlite3"
    with raw_connect(path) as raw:
        raw.execute("CREATE TABLE photos (id INTEGER)")
    with pytest.raises(DatabaseError, match="not one of dxfield"):
        open_database(path)


@pytest.mark.usefixtures("plain_stores")
def test_truncated_database_is_reported_as_damaged(tmp_path):
    path = tmp_path / "db.sqlite3"
    db = open_database(path)
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[:100] + b"\0" * (len(data) - 100))
    with pytest.raises(CorruptDatabaseError):
        db = open_database(path)
        with db.read_session() as s:
            s.query(Municipality).all()


def test_old_database_is_backed_up_before_migrating(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite3"
    open_database(path).close()
    # Pretend the app knows a newer revision than the file has.
    head = migrations.HEAD
    monkeypatch.setattr(migrations, "REVISIONS", (*migrations.REVISIONS, "9998"))
    monkeypatch.setattr(migrations, "HEAD", "9998")
    upgraded = []
    monkeypatch.setattr(migrations, "upgrade", lambda engine: upgraded.append(engine))
    open_database(path).close()
    backups = list((tmp_path / "backups").glob(f"db-pre-{head}-*.sqlite3"))
    assert len(backups) == 1 and upgraded
    with raw_connect(backups[0]) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head


def test_reopening_is_idempotent(data_dir, db):
    with db.read_session() as s:
        assert s.query(Municipality).count() == 30


def test_read_sessions_cannot_write(db):
    """A read that writes would upgrade its snapshot to a write lock and fail with "locked"
    whenever another writer got in first; query_only makes it fail every time, in tests."""
    with pytest.raises(ReadOnlyDatabaseError), db.read_session() as s:
        s.execute(update(Municipality).values(name="書き換え"))
    with db.session() as s:  # the pooled connection writes again in a write session
        s.execute(update(Municipality).where(Municipality.code == "302015").values(population=1))
    with db.read_session() as s:
        assert s.scalar(select(Municipality.population).where(Municipality.code == "302015")) == 1


def test_phase_windows_of_a_new_year_are_read_without_writing(db):
    from dxfield.masterdata import default_phase_windows, ensure_programme_year, phase_windows
    from dxfield.models import ProgrammeYear

    with db.read_session() as s:
        assert phase_windows(s, 2031) == default_phase_windows(2031)
        assert s.scalar(select(ProgrammeYear).where(ProgrammeYear.fiscal_year == 2031)) is None
    with db.session() as s:
        ensure_programme_year(s, 2031)
    with db.read_session() as s:
        assert phase_windows(s, 2031) == default_phase_windows(2031)
