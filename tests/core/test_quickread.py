"""The quick (stdlib sqlite3) municipality listing gives exactly what the ORM road gives, and
steps aside whenever the store needs the full open first."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from dxfield import quickread
from dxfield.cli import municipalities as cli_municipalities
from dxfield.enums import Area
from dxfield.models import Municipality
from dxfield.paths import database_path
from tests.rawstore import raw_connect
from ui.main import main


def _quick(path, area=None):
    return quickread.read_current(path, lambda conn: quickread.municipalities(conn, area))


def _mark_deleted(db, code: str) -> None:
    with db.session() as s:
        s.scalar(select(Municipality).where(Municipality.code == code)).deleted = True


@pytest.mark.parametrize("area", [None, Area.KIHOKU, Area.KINAN])
def test_quick_rows_equal_the_orm_rows(db, area):
    _mark_deleted(db, "304271")  # 北山村: a deleted municipality is not listed
    with db.session() as s:
        s.scalar(select(Municipality).where(Municipality.code == "302015")).population = None
    quick = _quick(db.path, area)
    assert quick is not None
    assert quick == cli_municipalities.rows_from_store(db, area)
    assert len(quick) == {None: 29, Area.KIHOKU: 13, Area.KINAN: 16}[area]


@pytest.mark.parametrize(
    "args",
    [
        ["municipalities", "--json"],
        ["municipalities"],
        ["municipalities", "--area", "紀南", "--json"],
        ["municipalities", "--area", "kihoku"],
    ],
)
def test_cli_output_is_the_same_on_either_road(db, capsys, monkeypatch, args):
    _mark_deleted(db, "304271")
    argv = ["--data-dir", str(db.path.parent), *args]
    assert main(argv) == 0
    quick_out = capsys.readouterr().out
    monkeypatch.setattr(quickread, "read_current", lambda path, query: None)
    assert main(argv) == 0
    assert capsys.readouterr().out == quick_out


def test_no_quick_read_of_a_missing_or_foreign_file(tmp_path):
    path = tmp_path / "dxfield.sqlite3"
    assert _quick(path) is None
    assert not path.exists()  # the quick road never creates a store
    path.write_bytes(b"not a database at all" * 100)
    assert _quick(path) is None
    other = tmp_path / "other.sqlite3"
    raw_connect(other).execute("CREATE TABLE t (x)").connection.commit()
    assert _quick(other) is None


def test_no_quick_read_of_a_store_missing_master_data(db, capsys):
    with db.session() as s:
        s.execute(delete(Municipality).where(Municipality.code == "304271"))
    assert _quick(db.path) is None
    # The ordinary road puts the shipped municipality back, as opening the store always has.
    assert main(["--data-dir", str(db.path.parent), "municipalities"]) == 0
    assert "北山村" in capsys.readouterr().out
    assert len(_quick(db.path)) == 30


def test_a_store_from_a_newer_dxfield_is_refused_as_before(db, capsys):
    with db.session() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    assert _quick(db.path) is None
    code = main(["--data-dir", str(db.path.parent), "municipalities", "--json"])
    _out, err = capsys.readouterr()
    assert code == 2
    assert "新しいバージョンの dxfield" in err


@pytest.mark.parametrize(
    "command",
    [
        ["search", "研修"],
        ["needs", "overview", "--json"],
        ["needs", "lines", "--assessment", "302015"],
        ["assessment", "template"],
        ["assessment", "show", "302015", "--json"],
        ["survey", "results"],
        ["survey", "show", "some-training"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_a_newer_store_is_refused_as_before_by_the_commands_that_show_data(db, capsys, command):
    with db.session() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    assert main(["--data-dir", str(db.path.parent), *command]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "新しいバージョンの dxfield" in err


def test_a_missing_store_is_created_by_the_listing(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "municipalities", "--json"]) == 0
    assert database_path(data_dir).exists()
    assert len(_quick(database_path(data_dir))) == 30


def test_the_commands_that_show_data_print_the_same_on_an_empty_store(db, capsys, monkeypatch):
    """A store with nothing but its master data: no needs, no sheets, no trainings. What the
    quick road answers is what the ORM road prints; what it refuses, the ORM road refuses."""
    from tests.core.roads import assert_same_outcome

    commands = [
        ["search", "研修", "--json"],
        ["needs", "overview", "--year", "2025"],
        ["needs", "overview", "--year", "2025", "--json"],
        ["survey", "results", "--year", "2025"],
        ["survey", "results", "--year", "2025", "--by", "kind", "--json"],
        ["survey", "results", "--year", "2025", "--by", "municipality"],
        ["assessment", "template"],
        ["assessment", "show", "302015"],
        ["assessment", "show", "302015", "--kind", "diff", "--json"],
        ["needs", "lines", "--assessment", "302015"],
        ["survey", "show", "no-such-training"],
    ]
    answered = assert_same_outcome(db, commands, capsys, monkeypatch)
    assert [a is not None for a in answered] == [True] * 7 + [False] * 4
