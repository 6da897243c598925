"""The first board read by a second process (``dxfield.firstboard``): the same board the app
would read itself, nothing from a store that needs the full open, and every other outcome
told apart so that the app reads the board itself."""

from __future__ import annotations

import pickle
import subprocess
import sys
from datetime import date

import pytest

from dxfield import firstboard, overview, quickread
from dxfield.backup import backup_database
from dxfield.demo import install_demo
from dxfield.firstboard import FirstBoard, Unavailable
from tests.rawstore import raw_connect

TODAY = date(2026, 7, 15)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    """A data dir with the demo store (the tests only read it)."""
    from dxfield.db import open_database
    from dxfield.masterdata import ensure_master_data

    folder = tmp_path_factory.mktemp("firstboard")
    db = open_database(folder / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
        install_demo(s, today=TODAY)
    db.close()
    return folder


def _own_read(path, year=2026, today=TODAY):
    return quickread.read_current(path, lambda c: overview.snapshot(c, year, None, today))


@pytest.mark.parametrize(("year", "today"), [(2026, TODAY), (2025, date(2026, 3, 31))])
def test_the_reader_answers_the_board_the_app_would_read(demo_dir, year, today):
    reader = FirstBoard(str(demo_dir))
    reader.ask(year, today)
    board = reader.result(demo_dir / "dxfield.sqlite3")
    assert board is not None and len(board.board) == 30
    assert board == _own_read(demo_dir / "dxfield.sqlite3", year, today)
    reader.close()
    assert reader._proc.returncode == 0


def test_a_reader_asked_for_nothing_stops_at_once(demo_dir):
    reader = FirstBoard(str(demo_dir))
    reader.close()  # the window opens on another page
    assert reader._proc.returncode == 0
    with pytest.raises(Unavailable):
        reader.result(demo_dir / "dxfield.sqlite3")


def test_no_board_from_a_missing_store_and_none_is_made(tmp_path):
    reader = FirstBoard(str(tmp_path))
    reader.ask(2026, TODAY)
    assert reader.result(tmp_path / "dxfield.sqlite3") is None
    assert list(tmp_path.iterdir()) == []


def test_no_board_from_a_store_that_needs_the_full_open(demo_dir, tmp_path):
    older = tmp_path / "dxfield.sqlite3"
    backup_database(demo_dir / "dxfield.sqlite3", older)
    conn = raw_connect(older)
    conn.execute("UPDATE alembic_version SET version_num = 'older'")
    conn.commit()
    conn.close()
    before = older.read_bytes()
    reader = FirstBoard(str(tmp_path))
    reader.ask(2026, TODAY)
    assert reader.result(older) is None
    assert older.read_bytes() == before


def test_no_board_and_no_prompt_when_no_key_opens_the_store(demo_dir, _test_keyring_file):
    # The key is gone from the keyring: the store would need a passphrase typed, which only
    # the app's full open asks for. The reader has nobody to ask: it answers "none".
    _test_keyring_file.write_text("{}", encoding="utf-8")
    reader = FirstBoard(str(demo_dir))
    reader.ask(2026, TODAY)
    assert reader.result(demo_dir / "dxfield.sqlite3") is None


def test_a_board_of_another_store_is_not_taken(demo_dir, tmp_path):
    reader = FirstBoard(str(demo_dir))
    reader.ask(2026, TODAY)
    with pytest.raises(Unavailable, match="another store"):
        reader.result(tmp_path / "dxfield.sqlite3")


@pytest.mark.parametrize(
    "code",
    [
        "import sys; sys.stdout.buffer.write(b'not a pickle')",
        "import sys; sys.exit(3)",
        "raise SystemExit(__import__('os').kill(__import__('os').getpid(), 9))",
    ],
)
def test_a_reader_that_dies_or_says_something_else_is_unavailable(demo_dir, monkeypatch, code):
    monkeypatch.setattr(firstboard, "reader_command", lambda: [sys.executable, "-c", code])
    reader = FirstBoard(str(demo_dir))
    reader.ask(2026, TODAY)
    with pytest.raises(Unavailable):
        reader.result(demo_dir / "dxfield.sqlite3")
    reader.close()


def test_a_frozen_app_starts_itself_as_the_reader(demo_dir, monkeypatch):
    from ui import main as ui_main

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert firstboard.reader_command() == [sys.executable, firstboard.READER_FLAG]
    assert ui_main.READER_FLAG == firstboard.READER_FLAG
    # The app's own entry point, started with the flag, is the reader: as the bundle runs it.
    done = subprocess.run(
        [sys.executable, "-m", "ui.main", firstboard.READER_FLAG, str(demo_dir)],
        input=b"2026 2026-07-15\n",
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    path, board = pickle.loads(done.stdout)
    assert path == str(demo_dir / "dxfield.sqlite3")
    assert board == _own_read(demo_dir / "dxfield.sqlite3")


READER_IMPORTS = """
import io, sys
from dxfield import firstboard
firstboard.read(sys.argv[1], io.BytesIO(b"2026 2026-07-15\\n"))
heavy = [m for m in ("PySide6", "sqlalchemy", "reportlab") if m in sys.modules]
print(heavy)
"""


def test_the_reader_imports_neither_qt_nor_sqlalchemy(demo_dir):
    done = subprocess.run(
        [sys.executable, "-c", READER_IMPORTS, str(demo_dir)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
