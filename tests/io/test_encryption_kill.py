"""Switching a plain store to an encrypted one survives kill -9 at any moment: the store's
name always holds a working store (plain or encrypted) with every row, and the next start
finishes the job and leaves no plain copy behind.

The conversion runs in a forked child (no interpreter start per run), killed after a
random delay drawn (fixed seed) over the time one conversion takes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time

import pytest

from dxfield import storekey
from dxfield.backup import table_counts
from dxfield.db import open_database
from dxfield.driver import is_encrypted
from dxfield.encryption import encrypt_if_plain, encrypt_store, retired_for, staging_for
from dxfield.enums import NoteKind
from dxfield.masterdata import ensure_master_data
from dxfield.services.visits import set_note_section
from dxfield.settings import FieldSettings, save_settings
from tests import factories
from tests.rawstore import raw_connect

# 50 runs on request (DXFIELD_KILL_RUNS=50, see tests/bench/README.md); fewer in the suite.
KILLS = int(os.environ.get("DXFIELD_KILL_RUNS", "12"))
SEED = 20261206

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork (POSIX)")


def _state(path) -> tuple[dict[str, int], list[str]]:
    with raw_connect(path) as conn:
        notes = sorted(r[0] for r in conn.execute("SELECT body FROM note_section"))
        return table_counts(conn), notes


@pytest.fixture
def plain_template(tmp_path):
    save_settings(FieldSettings(store_encryption="off"))
    path = tmp_path / "template" / "dxfield.sqlite3"
    path.parent.mkdir()
    db = open_database(path)
    with db.session() as s:
        ensure_master_data(s)
        for n in range(40):
            visit = factories.visit(s, agenda=f"訪問 {n:03d}")
            set_note_section(s, visit.id, NoteKind.MEMO, f"非公開メモ {n:03d} " + "記録" * 200)
    db.close()
    save_settings(FieldSettings())
    storekey.key_for_new_store()  # made here: the children share it, never write the keyring
    assert not is_encrypted(path)
    return path


def _run_killed(path, delay: float) -> None:
    pid = os.fork()
    if pid == 0:  # the child: convert, and never return into pytest
        try:
            encrypt_store(path)
        finally:
            os._exit(0)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def test_conversion_killed_at_random_points_loses_nothing(plain_template, tmp_path):
    before = _state(plain_template)
    timing = tmp_path / "timing"
    timing.mkdir()
    shutil.copy2(plain_template, timing / plain_template.name)
    started = time.perf_counter()
    encrypt_store(timing / plain_template.name)
    took = time.perf_counter() - started
    rng = random.Random(SEED)
    outcomes = {"plain": 0, "encrypted": 0}
    for run in range(KILLS):
        folder = tmp_path / f"run{run:02d}"
        folder.mkdir()
        path = folder / plain_template.name
        shutil.copy2(plain_template, path)
        _run_killed(path, rng.uniform(0, took * 1.3))
        # Right after the kill: a working store under the name, with every row.
        outcomes["encrypted" if is_encrypted(path) else "plain"] += 1
        assert _state(path) == before, f"run {run}"
        # The next start finishes (or redoes) the job.
        if run == KILLS - 1:
            open_database(path).close()  # the app's start, once
        else:
            encrypt_if_plain(path)
        assert is_encrypted(path), f"run {run}"
        assert _state(path)[1] == before[1], f"run {run}"
        assert not retired_for(path).exists() and not staging_for(path).exists()
        assert {p.name for p in folder.iterdir()} <= {
            path.name,
            f"{path.name}-wal",
            f"{path.name}-shm",
        }
        shutil.rmtree(folder)
    # Where the kills land depends on the machine's load (both sides, as a rule).
    print(f"conversion {took * 1000:.0f} ms; kills left {outcomes}")
