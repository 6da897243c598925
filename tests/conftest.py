"""Root fixtures: small and named. Nothing of the developer's real machine leaks in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = str(Path(__file__).resolve().parent.parent)

# Property tests explore new random examples on every developer run; CI
# (HYPOTHESIS_PROFILE=ci in .ci/run) runs them on a fixed seed, so a gate is repeatable and a
# newly found counterexample turns up on a developer's run first.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _set_environ(values: dict[str, str | None]) -> dict[str, str | None]:
    """Set (or, for None, remove) environment variables; returns what they were."""
    saved = {name: os.environ.get(name) for name in values}
    for name, value in values.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    return saved


def _machine_of_its_own(home: Path) -> dict[str, str | None]:
    """The environment of a machine whose home and temp folder are ``home`` and
    ``home/tmp``: none of the real one's data folder, settings, logs, passphrase or temp
    files (the app keeps handouts and a recovery's working files in the temp folder and,
    once a store is encrypted, offers to remove the stale ones it finds there)."""
    (home / "tmp").mkdir(exist_ok=True)
    return {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TMPDIR": str(home / "tmp"),  # for the processes tests start
        "DXFIELD_DATA_DIR": None,
        "DXFIELD_PASSPHRASE": None,
    }


@pytest.fixture(scope="session", autouse=True)
def _isolated_session(tmp_path_factory):
    """The machine the fixtures of a wider scope see (a module's demo store, a server):
    the run's own, as each test has its own (``_isolated_environment``)."""
    import tempfile

    values = _machine_of_its_own(tmp_path_factory.mktemp("session-home"))
    saved = _set_environ(values)
    previous, tempfile.tempdir = tempfile.tempdir, values["TMPDIR"]  # gettempdir() caches
    yield
    tempfile.tempdir = previous
    _set_environ(saved)


@pytest.fixture(scope="session", autouse=True)
def _test_keyring_file(_isolated_session, tmp_path_factory):
    """The keyring of the whole run: a file (tests/testkeyring.py) that the processes tests
    start use too (they import the backend from the repository's root). Set for the session,
    before any fixture of a wider scope makes a store."""
    import keyring

    from tests.testkeyring import BACKEND, FileKeyring

    path = tmp_path_factory.mktemp("keyring") / "test-keyring.json"
    saved = _set_environ({"DXFIELD_TEST_KEYRING": str(path), "PYTHON_KEYRING_BACKEND": BACKEND})
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(previous)
    _set_environ(saved)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch, _test_keyring_file):
    """Keep the real data dir, settings, logs, temp folder and keyring out of every test:
    each test has a machine of its own (``_machine_of_its_own``). A test must never see
    what other runs and people left in the machine's temp folder, nor remove it."""
    import tempfile

    values = _machine_of_its_own(tmp_path_factory.mktemp("home"))
    for name, value in values.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(tempfile, "tempdir", values["TMPDIR"])  # gettempdir() caches
    # The store's key lives in the run's test keyring (_test_keyring_file).
    import keyring

    from dxfield import storekey
    from tests.testkeyring import FileKeyring

    kept = _test_keyring_file.read_bytes() if _test_keyring_file.exists() else None
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, (ROOT, os.environ.get("PYTHONPATH"))))
    )
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    storekey.forget()
    yield
    storekey.forget()
    storekey.set_passphrase_prompt(None)
    keyring.set_keyring(previous)
    # A test that deleted or replaced the store key leaves the others theirs.
    if kept is None:
        _test_keyring_file.unlink(missing_ok=True)
    else:
        _test_keyring_file.write_bytes(kept)


@pytest.fixture(autouse=True)
def _unfrozen_collector():
    """What a test froze stays its own: the app's start freezes what it made
    (``MainThreadGC.freeze_startup``), and a later test that checks the collector (a pull
    sets the program aside only when nothing else has) would otherwise depend on the
    order the tests ran in. Only the freeze is undone; a live window's choice to collect on
    the UI thread (``gc.disable``) is left as it is."""
    import gc

    frozen = gc.get_freeze_count()
    yield
    if not frozen and gc.get_freeze_count():
        gc.unfreeze()


@pytest.fixture(autouse=True)
def _forget_compiled_statements():
    """Empty the ORM's per-mapper caches of compiled statements after each test.

    They are keyed by the dialect of the engine that ran them, and every test opens stores
    of its own: each test's dialect, with every type it compiled, stayed alive to the end of
    the run (some 400,000 objects after the suite). Every full garbage collection walks them,
    pytest runs two after its summary line and the interpreter more at exit. The app opens
    one store per process, so only tests need this.
    """
    yield
    for module, name in (("dxfield.models", "Base"), ("sync.server.models", "ServerBase")):
        declarative = getattr(sys.modules.get(module), name, None)
        if declarative is not None:
            for mapper in declarative.registry.mappers:
                mapper._compiled_cache.clear()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Once the run is over (pytest's last collection has reported any unraisable errors),
    freeze what is left: the cleanup's collection and the interpreter's at exit then skip the
    few hundred thousand objects of the imported libraries instead of walking them again."""
    import gc

    gc.freeze()


@pytest.fixture
def plain_stores():
    """New stores stay plain: for tests of what damage does to a plain file's pages and
    header (an encrypted file's pages are noise to them)."""
    from dxfield.settings import FieldSettings, save_settings

    save_settings(FieldSettings(store_encryption="off"))


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def db(data_dir):
    from dxfield.db import open_database
    from dxfield.masterdata import ensure_master_data
    from dxfield.paths import database_path

    database = open_database(database_path(data_dir))
    with database.session() as session:
        ensure_master_data(session)
    yield database
    database.close()


@pytest.fixture
def session(db):
    """A write session on a fresh store with master data, committed at the end."""
    with db.session() as s:
        yield s


@pytest.fixture
def temp_folder() -> Path:
    """The temp folder of this test (``tempfile.gettempdir()``, its own: see
    ``_isolated_environment``), for tests that look at what the app leaves there."""
    import tempfile

    return Path(tempfile.gettempdir())
