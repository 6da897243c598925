"""Re-encrypting the plain backups survives kill -9 at any moment: every backup's name holds
a working backup (the old plain one or the new encrypted one) with every row and its date,
and the next run finishes the job and leaves no plain copy or leftover behind.

As tests/io/test_encryption_kill.py: the job runs in a forked child, killed after a random
delay drawn (fixed seed) over the time the whole job takes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time

import pytest

from dxfield import storekey
from dxfield.backup import rotate_backup, table_counts
from dxfield.db import open_database
from dxfield.driver import is_encrypted
from dxfield.enums import NoteKind
from dxfield.masterdata import ensure_master_data
from dxfield.services.visits import set_note_section
from dxfield.settings import FieldSettings, save_settings
from dxfield.storecopies import bring_in_line
from tests import factories
from tests.rawstore import raw_connect

KILLS = int(os.environ.get("DXFIELD_KILL_RUNS", "10"))
SEED = 20261207
BACKUPS = 3

pytestmark = [
    pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)"),
    pytest.mark.usefixtures("temp_folder"),
]


def _state(path) -> tuple[dict[str, int], list[str]]:
    with raw_connect(path) as conn:
        notes = sorted(r[0] for r in conn.execute("SELECT body FROM note_section"))
        return table_counts(conn), notes


@pytest.fixture
def template(tmp_path):
    """A data folder with a plain store and three plain backups."""
    save_settings(FieldSettings(store_encryption="off"))
    data = tmp_path / "template"
    path = data / "dxfield.sqlite3"
    data.mkdir()
    db = open_database(path)
    with db.session() as s:
        ensure_master_data(s)
        for n in range(30):
            visit = factories.visit(s, agenda=f"訪問 {n:03d}")
            set_note_section(s, visit.id, NoteKind.MEMO, f"非公開メモ {n:03d} " + "記録" * 200)
    db.close()
    for n in range(BACKUPS):
        rotate_backup(path, data / "backups", reason=f"r{n}")
    save_settings(FieldSettings())
    key = storekey.key_for_new_store()  # made here: the children share it
    return data, key


def _backups(data):
    return sorted((data / "backups").glob("*.sqlite3"))


def _run_killed(data, key, delay: float) -> None:
    pid = os.fork()
    if pid == 0:  # the child: re-encrypt, and never return into pytest
        try:
            bring_in_line(data, key)
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_reencrypting_backups_killed_at_random_points_loses_nothing(template, tmp_path):
    data, key = template
    before = _state(_backups(data)[0])
    timing = tmp_path / "timing"
    shutil.copytree(data, timing)
    started = time.perf_counter()
    assert len(bring_in_line(timing, key).reencrypted) == BACKUPS
    took = time.perf_counter() - started
    rng = random.Random(SEED)
    encrypted_after_kill = []
    for run in range(KILLS):
        folder = tmp_path / f"run{run:02d}"
        shutil.copytree(data, folder, copy_function=shutil.copy2)
        dates = {p.name: p.stat().st_mtime_ns for p in _backups(folder)}
        _run_killed(folder, key, rng.uniform(0, took * 1.2))
        # Right after the kill: every backup under its name, working, with every row.
        backups = _backups(folder)
        assert [p.name for p in backups] == sorted(dates), f"run {run}"
        for backup in backups:
            assert _state(backup) == before, f"run {run}: {backup.name}"
            assert backup.stat().st_mtime_ns == dates[backup.name], f"run {run}"
        encrypted_after_kill.append(sum(is_encrypted(p) for p in backups))
        # The next run finishes the job.
        report = bring_in_line(folder, key)
        assert report.done, f"run {run}: {report}"
        assert all(is_encrypted(p) for p in _backups(folder)), f"run {run}"
        assert {p.name for p in (folder / "backups").iterdir()} == set(dates), f"run {run}"
        shutil.rmtree(folder)
    # Where the kills land depends on the machine's load.
    print(f"job {took * 1000:.0f} ms; backups encrypted at each kill: {encrypted_after_kill}")
