"""Server schema migrations on SQLite and PostgreSQL: data kept, models and schema agree."""

from __future__ import annotations

import json

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from sync.server.db import MIGRATIONS, normalise_url
from sync.server.models import ServerBase


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = create_engine(normalise_url(url))
    yield engine
    engine.dispose()


def _migrate(conn, revision: str, *, down: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    with conn.begin():
        (command.downgrade if down else command.upgrade)(config, revision)


def test_0002_keeps_every_record_and_seeds_history_and_quota(engine):
    with engine.connect() as conn:
        _migrate(conn, "0001")
        with conn.begin():
            conn.execute(
                text(
                    "INSERT INTO user_account (name, password_hash, role, disabled, created_at) "
                    "VALUES ('sato', 'x', 'advisor', false, CURRENT_TIMESTAMP)"
                )
            )
            uid = conn.execute(text("SELECT id FROM user_account")).scalar_one()
            for row_id, version, seq, data in (
                ("a", 2, 5, {"agenda": "議題", "deleted": True}),
                ("b", 1, 6, {"agenda": "b", "deleted": False}),
            ):
                conn.execute(
                    text("INSERT INTO sync_record VALUES ('visit', :i, :v, :s, :d, 'pc', :u)"),
                    {"i": row_id, "v": version, "s": seq, "d": json.dumps(data), "u": uid},
                )
        _migrate(conn, "head")
        with conn.begin():
            rows = conn.execute(
                text("SELECT row_id, deleted, created_by FROM sync_record ORDER BY row_id")
            ).all()
            history = conn.execute(
                text("SELECT row_id, version, seq, action, user_id FROM record_history")
            ).all()
            quota = conn.execute(text("SELECT user_id, records, bytes FROM user_quota")).all()
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}),
                ServerBase.metadata,
            )
        assert [(r, bool(d), c) for r, d, c in rows] == [("a", True, uid), ("b", False, uid)]
        assert sorted(history) == [("a", 2, 5, "import", uid), ("b", 1, 6, "import", uid)]
        sizes = sum(len(json.dumps(d).encode()) for d in ({"agenda": "議題", "deleted": True},))
        assert quota[0][:2] == (uid, 2) and quota[0][2] > sizes
        assert diff == [], "the models and the migrated schema differ"
        _migrate(conn, "0001", down=True)
        _migrate(conn, "head")


def test_a_push_running_across_the_upgrade_keeps_its_clock_and_goes_at_its_time(engine):
    """0006-0008: a chunked push running at the upgrade gets its start as its last
    progress, so it is rolled back at its time, not never; down and up again with it."""
    with engine.connect() as conn:
        _migrate(conn, "head")  # the module's PostgreSQL database may be there already
        _migrate(conn, "0005", down=True)
        with conn.begin():
            conn.execute(
                text(
                    "INSERT INTO user_account (name, name_key, password_hash, role, disabled, "
                    "created_at) VALUES ('kato', 'kato', 'x', 'advisor', false, CURRENT_TIMESTAMP)"
                )
            )
            uid = conn.execute(text("SELECT id FROM user_account WHERE name = 'kato'")).scalar()
            conn.execute(
                text(
                    "INSERT INTO push_batch (user_id, key, request_hash, result, created_at, "
                    "state, chunks_done, first_seq) VALUES (:u, 'k1', 'h', '', "
                    "'2026-01-01 09:00:00', 'running', 2, 7)"
                ),
                {"u": uid},
            )
        _migrate(conn, "head")
        with conn.begin():
            touched = conn.execute(
                text("SELECT touched_at FROM push_batch WHERE key = 'k1'")
            ).scalar_one()
            assert str(touched).startswith("2026-01-01 09:00:00")
            holds = conn.execute(text("SELECT count(*) FROM push_hold")).scalar_one()
            assert holds == 0
        _migrate(conn, "0005", down=True)
        _migrate(conn, "head")
