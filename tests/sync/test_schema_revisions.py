"""The schema a laptop and the server agree on is that of the records, not of the store file.

A migration that changes no synced table or column (one that adds indexes) keeps the
protocol's schema, so a laptop on either side of it syncs with a server on either side of
it: updating the app does not stop the others' syncing. One that does change them must be
listed in ``migrations.RECORD_REVISIONS``, or laptops would exchange records that do not fit.
"""

from __future__ import annotations

import itertools

from sqlalchemy import create_engine

from dxfield import migrations
from dxfield.search import is_index_table
from sync.protocol import SCHEMA, schema_rank


def _columns_at_each_revision(tmp_path) -> dict[str, dict[str, tuple]]:
    engine = create_engine(f"sqlite:///{tmp_path / 'walk.sqlite3'}")
    found = {}
    try:
        for revision in migrations.REVISIONS:
            migrations.upgrade(engine, revision)
            with engine.connect() as conn:
                tables = [
                    name
                    for (name,) in conn.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type = 'table'"
                        " AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
                    )
                    if not is_index_table(name)
                ]
                found[revision] = {
                    table: (
                        tuple(
                            row[1:]  # name, type, not null, default, primary key
                            for row in conn.exec_driver_sql(f'PRAGMA table_info("{table}")')
                        ),
                        # CHECKs and foreign keys: what a record may hold, beyond its columns
                        conn.exec_driver_sql(
                            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                            (table,),
                        ).scalar(),
                        # unique indexes: a record another side holds may not fit here
                        sorted(
                            conn.exec_driver_sql(
                                "SELECT sql FROM sqlite_master WHERE type = 'index'"
                                " AND tbl_name = ? AND sql LIKE 'CREATE UNIQUE%'",
                                (table,),
                            ).scalars()
                        ),
                    )
                    for table in tables
                }
    finally:
        engine.dispose()
    return found


def test_a_revision_left_out_of_the_record_revisions_changes_no_table(tmp_path):
    revisions = migrations.REVISIONS
    assert migrations.RECORD_REVISIONS[0] == revisions[0]
    assert [r for r in revisions if r in migrations.RECORD_REVISIONS] == list(
        migrations.RECORD_REVISIONS
    )
    columns = _columns_at_each_revision(tmp_path)
    for before, after in itertools.pairwise(revisions):
        if after not in migrations.RECORD_REVISIONS:
            assert columns[after] == columns[before], f"{after} changes records: list it"


def test_the_protocol_speaks_the_newest_record_revision_which_0003_left_at_0002():
    assert migrations.RECORD_REVISIONS[-1] == SCHEMA
    # Apps up to store revision 0002 sent that revision, and their server took only that:
    # an app and a server on either side of 0003 (indexes only) speak the same schema.
    assert SCHEMA == "0002"
    # A newer record schema is still refused, and an older one told to update.
    assert schema_rank("9999") is None
    assert schema_rank("0000") < schema_rank(SCHEMA)
