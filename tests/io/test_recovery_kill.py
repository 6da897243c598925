"""Recovery itself survives kill -9: whenever the process dies, the store's name holds the old
file or the new one, the damaged file's bytes are still somewhere, and running the recovery
again finishes it."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from dxfield.backup import backup_database
from dxfield.errors import DxfieldError
from dxfield.models import PendingChange
from dxfield.recovery import fresh_store
from dxfield.restore import check_restore, restore_database
from dxfield.salvage import Salvage, read_salvage
from dxfield.salvagefile import read_record
from dxfield.storecheck import inspect_store
from tests import factories
from tests.io import stores
from tests.rawstore import raw_connect

KILLS = 8


def _recover(what: str, backup: Path, data: Path) -> None:
    database, folder = data / "dxfield.sqlite3", data / "backups"
    if what == "restore":
        plan = check_restore(backup, database)
        restore_database(backup, database, backup_folder=folder, plan=plan)
    else:
        fresh_store(database, folder, read_salvage(database))


def _agendas(path: Path) -> list[str]:
    raw = raw_connect(path)
    try:
        return sorted(r[0] for r in raw.execute("SELECT agenda FROM visit"))
    finally:
        raw.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(db, tmp_path):
    with db.session() as s:
        for n in range(30):
            factories.visit(s, agenda=f"in the backup {n:02d}")
        s.query(PendingChange).delete()
    backup = backup_database(db.path, tmp_path / "backup.sqlite3")
    with db.session() as s:
        factories.visit(s, agenda="typed after the backup")
    db.close()
    stores.drop_table(db.path, "import_batch")
    stores.checkpoint(db.path)
    template = tmp_path / "template"
    template.mkdir()
    shutil.copy2(db.path, template / "dxfield.sqlite3")
    return backup, template


def _run(what: str, backup: Path, data: Path, *, kill_after: float | None) -> bool:
    """Run one recovery in a forked child (no start-up to wait for); kill -9 it ``kill_after``
    s after it began. True if it finished."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: recover, say so, and leave without any clean-up of pytest's
        code = 1
        try:
            _recover(what, backup, data)
            os.write(write, b"done")
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    if kill_after is not None:
        time.sleep(kill_after)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    done = os.read(read, 16) == b"done"
    os.close(read)
    if kill_after is None:
        assert done and os.waitstatus_to_exitcode(status) == 0
    return done


def _check_after_kill(data: Path, damaged_sha: str, expected: list[str]) -> None:
    store = data / "dxfield.sqlite3"
    if _sha(store) != damaged_sha:  # not the damaged file: then the whole new store
        inspect_store(store)
        assert _agendas(store) == expected
    kept = (
        [p for p in (data / "backups" / "damaged").glob("*.sqlite3")]
        if (data / "backups" / "damaged").exists()
        else []
    )
    assert _sha(store) == damaged_sha or any(_sha(p) == damaged_sha for p in kept)
    if _sha(store) != damaged_sha:  # replaced: the salvaged edits were kept before that
        (record,) = (data / "backups" / "damaged").glob("*.salvage")
        salvaged = Salvage.from_json(read_record(record))
        assert "typed after the backup" in {c.record.get("agenda") for c in salvaged.readable}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills a forked child")
@pytest.mark.parametrize("what", ["restore", "fresh"])
def test_recovery_killed_at_any_moment_loses_nothing(tmp_path, damaged, what):
    backup, template = damaged
    damaged_sha = _sha(template / "dxfield.sqlite3")
    expected = (
        sorted([*(f"in the backup {n:02d}" for n in range(30)), "typed after the backup"])
        if what == "restore"
        else ["typed after the backup"]
    )
    # One run to the end first: it says how long a recovery takes here, and the kills are
    # spread over that time (the machine's speed does not decide which steps they hit).
    first = tmp_path / "whole"
    shutil.copytree(template, first)
    started = time.perf_counter()
    _run(what, backup, first, kill_after=None)
    whole = time.perf_counter() - started
    assert _agendas(first / "dxfield.sqlite3") == expected
    seen = set()
    for n in range(KILLS):
        data = tmp_path / f"run{n}"
        shutil.copytree(template, data)
        finished = _run(what, backup, data, kill_after=whole * (n + 0.5) / KILLS)
        try:
            _check_after_kill(data, damaged_sha, expected)
        except DxfieldError as exc:
            pytest.fail(f"kill #{n}: the store's name holds neither file: {exc}")
        untouched = _sha(data / "dxfield.sqlite3") == damaged_sha
        seen.add("finished" if finished else "untouched" if untouched else "replaced")
        # Running it again (the person starts the app again) finishes the job.
        if untouched:
            _run(what, backup, data, kill_after=None)
        assert _agendas(data / "dxfield.sqlite3") == expected
    assert "untouched" in seen  # some kills landed before the swap
