"""The keyring backend of the store key: the one keyring's own discovery picks, or the one
the person configured, found without loading what cannot be used here."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends import null

from dxfield import oskeyring, storekey
from tests.testkeyring import BACKEND, FileKeyring, discoverable

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh process: keyring's discovery is once per process and registers every
# backend class it loads for good.
CHILD = textwrap.dedent(
    """
    import json, sys

    import keyring
    import keyring.compat.py312 as compat

    # Whether the installed distributions' metadata was read for the entry points.
    read = []
    listed = compat.metadata.entry_points
    compat.metadata.entry_points = lambda **kw: read.append(kw) or listed(**kw)

    if sys.argv[1] == "keyring":
        ring = keyring.get_keyring()
    else:
        from dxfield.oskeyring import backend

        ring = backend()
        assert keyring.get_keyring() is ring
    chained = [type(r).__qualname__ for r in getattr(ring, "backends", [])]
    from dxfield import storekey

    found = storekey.keyring_key()
    print(json.dumps({
        "ring": f"{type(ring).__module__}.{type(ring).__qualname__}",
        "priority": ring.priority,
        "chained": chained,
        "macos_loaded": "keyring.backends.macOS" in sys.modules,
        "key": found.secret if found else None,
        "metadata_read": bool(read),
    }))
    """
)

TWO_KEYRINGS = textwrap.dedent(
    """
    from keyring.backend import KeyringBackend


    class Memory(KeyringBackend):
        priority = 2
        entries = {}

        def get_password(self, service, username):
            return self.entries.get((service, username))

        def set_password(self, service, username, password):
            self.entries[service, username] = password


    class Better(Memory):
        priority = 3
    """
)


def run_child(code: str, args: list[str], tmp_path: Path, plugins: Path | None, **extra) -> dict:
    """What ``code`` prints in a fresh process; the processes of one test share a home, so
    the entry points (and the backend) one of ours kept are there for the next."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KEYRING"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        DXFIELD_TEST_KEYRING=str(tmp_path / "keyring.json"),
        PYTHONPATH=os.pathsep.join(str(p) for p in (plugins, ROOT) if p is not None),
        **extra,
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def choose(which: str, tmp_path: Path, plugins: Path | None = None, **extra: str) -> dict:
    """What a fresh process finds (``which``: "ours" or "keyring")."""
    return run_child(CHILD, [which], tmp_path, plugins, **extra)


def test_nothing_installed_gives_keyrings_own_choice_without_the_macos_module(tmp_path):
    ours, theirs = choose("ours", tmp_path), choose("keyring", tmp_path)
    assert {k: ours[k] for k in ("ring", "priority", "chained")} == {
        k: theirs[k] for k in ("ring", "priority", "chained")
    }
    if platform.system() != "Darwin":
        assert theirs["macos_loaded"]  # what was saved: keyring loads it all the same
        assert not ours["macos_loaded"]


def test_an_installed_keyring_plugin_is_found_and_keeps_the_store_key(tmp_path):
    key = "ab" * 32
    (tmp_path / "keyring.json").write_text(
        json.dumps({f"{storekey.SERVICE}\n{storekey.ACCOUNT}": key}), encoding="utf-8"
    )
    plugins = discoverable(tmp_path / "plugins")
    ours, theirs = choose("ours", tmp_path, plugins), choose("keyring", tmp_path, plugins)
    assert ours["ring"] == theirs["ring"]
    assert ours["chained"] == theirs["chained"]
    # Here the test keyring itself; on a desktop with its own keyring, the chain of both.
    assert ours["ring"] == BACKEND or "FileKeyring" in ours["chained"]
    assert ours["key"] == theirs["key"] == key


def test_two_usable_backends_are_chained_as_keyring_chains_them(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "twokeyrings.py").write_text(TWO_KEYRINGS, encoding="utf-8")
    discoverable(plugins, "twokeyrings")
    ours, theirs = choose("ours", tmp_path, plugins), choose("keyring", tmp_path, plugins)
    assert ours["ring"] == theirs["ring"] == "keyring.backends.chainer.ChainerBackend"
    assert ours["chained"][:2] == theirs["chained"][:2] == ["Better", "Memory"]
    assert ours["chained"] == theirs["chained"]


SAME = ("ring", "priority", "chained", "key")


def same_choice(ours: dict, theirs: dict) -> bool:
    return {k: ours[k] for k in SAME} == {k: theirs[k] for k in SAME}


def kept_entry_points(tmp_path: Path) -> Path:
    return tmp_path / "home" / ".cache" / "dxfield" / "keyring-entry-points.json"


def test_a_later_start_takes_the_kept_entry_points_and_finds_the_same_backend(tmp_path):
    key = "cd" * 32
    (tmp_path / "keyring.json").write_text(
        json.dumps({f"{storekey.SERVICE}\n{storekey.ACCOUNT}": key}), encoding="utf-8"
    )
    plugins = discoverable(tmp_path / "plugins")
    first = choose("ours", tmp_path, plugins)
    assert first["metadata_read"] and kept_entry_points(tmp_path).is_file()
    again = choose("ours", tmp_path, plugins)
    assert not again["metadata_read"]
    theirs = choose("keyring", tmp_path, plugins)
    assert same_choice(first, theirs) and same_choice(again, theirs)
    assert again["key"] == key


def test_a_plugin_installed_after_the_list_was_kept_is_found(tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    before = choose("ours", tmp_path, plugins)
    assert "FileKeyring" not in (before["ring"], *before["chained"])
    discoverable(plugins)  # installed into the same folder, which stays on the path
    ours, theirs = choose("ours", tmp_path, plugins), choose("keyring", tmp_path, plugins)
    assert ours["metadata_read"]
    assert same_choice(ours, theirs)
    assert ours["ring"] == BACKEND or "FileKeyring" in ours["chained"]


def test_a_plugin_removed_after_the_list_was_kept_is_not_loaded(tmp_path):
    plugins = discoverable(tmp_path / "plugins")
    assert choose("ours", tmp_path, plugins)["ring"] == BACKEND or platform.system() == "Darwin"
    for info in plugins.glob("*.dist-info"):
        shutil.rmtree(info)
    ours, theirs = choose("ours", tmp_path, plugins), choose("keyring", tmp_path, plugins)
    assert same_choice(ours, theirs)
    assert "FileKeyring" not in (ours["ring"], *ours["chained"])


def test_entry_points_edited_in_place_are_read_again(tmp_path):
    plugins = discoverable(tmp_path / "plugins")
    (plugins / "twokeyrings.py").write_text(TWO_KEYRINGS, encoding="utf-8")
    choose("ours", tmp_path, plugins)
    discoverable(plugins, "twokeyrings")  # the same distribution now names other backends
    ours, theirs = choose("ours", tmp_path, plugins), choose("keyring", tmp_path, plugins)
    assert same_choice(ours, theirs)
    assert ours["chained"][:2] == ["Better", "Memory"]


def test_the_environment_wins_over_kept_entry_points(tmp_path):
    plugins = discoverable(tmp_path / "plugins")
    choose("ours", tmp_path, plugins)
    named = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    ours = choose("ours", tmp_path, plugins, **named)
    assert same_choice(ours, choose("keyring", tmp_path, plugins, **named))
    assert ours["ring"] == "keyring.backends.null.Keyring"


@pytest.mark.parametrize(
    "kept", ["{not json", '{"stamp": 1}', '{"stamp": "x", "plugins": 3}', "[]"]
)
def test_damaged_kept_entry_points_are_read_again(tmp_path, kept):
    plugins = discoverable(tmp_path / "plugins")
    choose("ours", tmp_path, plugins)
    kept_entry_points(tmp_path).write_text(kept, encoding="utf-8")
    ours, theirs = choose("ours", tmp_path, plugins), choose("keyring", tmp_path, plugins)
    assert ours["metadata_read"] and same_choice(ours, theirs)
    assert json.loads(kept_entry_points(tmp_path).read_text(encoding="utf-8"))["plugins"]


@pytest.fixture
def undecided(monkeypatch):
    """keyring as in a new process: no backend chosen yet (put back afterwards)."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)


def test_the_backend_named_in_the_environment_is_used(undecided, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    chosen = oskeyring.backend()
    assert isinstance(chosen, null.Keyring)
    assert keyring.get_keyring() is chosen


def test_the_backend_of_keyrings_config_file_is_used(undecided):
    config = keyring.core._config_path()
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring=tests.testkeyring.FileKeyring\n")
    assert isinstance(oskeyring.backend(), FileKeyring)


def test_the_environment_wins_over_the_config_file(undecided, monkeypatch):
    config = keyring.core._config_path()
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring=tests.testkeyring.FileKeyring\n")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    assert isinstance(oskeyring.backend(), null.Keyring)


def test_a_backend_already_set_in_the_process_is_kept(monkeypatch):
    given = null.Keyring()
    monkeypatch.setattr(keyring.core, "_keyring_backend", given)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", BACKEND)
    assert oskeyring.backend() is given


# -- the first look: the keyring that kept the store key, asked first ----------------------

FIRST_LOOK = textwrap.dedent(
    """
    import json, sys

    from dxfield import keyringplugins, oskeyring, storekey

    asked = oskeyring.remembered()  # the backend a first look asks, if any
    keys = storekey.first_look_keys()
    first = next(keys, None)
    import keyring.core

    print(json.dumps({
        "first": first.secret if first else None,
        "asked": type(asked).__qualname__ if asked is not None else None,
        "served": keyringplugins.served(),
        "others_loaded": [
            name for name in ("keyring.backends.SecretService", "keyring.backends.chainer")
            if name in sys.modules
        ],
        "discovered": keyring.core._keyring_backend is not None,
        # no keyringrc.cfg: its parser is not made (configparser stays deferred)
        "configparser_run": type(sys.modules.get("configparser")).__name__ == "module",
    }))
    """
)


def first_look(tmp_path: Path, plugins: Path, **extra: str) -> dict:
    """What a fresh process's first look at the store (``storekey.first_look_keys``) takes
    first."""
    return run_child(FIRST_LOOK, [], tmp_path, plugins, **extra)


def _store_key(tmp_path: Path, key: str) -> None:
    (tmp_path / "keyring.json").write_text(
        json.dumps({f"{storekey.SERVICE}\n{storekey.ACCOUNT}": key}), encoding="utf-8"
    )


def _kept(tmp_path: Path) -> dict:
    return json.loads(kept_entry_points(tmp_path).read_text(encoding="utf-8"))


def test_a_later_first_look_asks_the_keyring_that_kept_the_key_and_loads_no_other(tmp_path):
    key = "ab" * 32
    _store_key(tmp_path, key)
    plugins = discoverable(tmp_path / "plugins")
    # No start has found the key yet: the first look is keyring's own choice.
    before = first_look(tmp_path, plugins)
    assert before["first"] == key and before["discovered"]
    assert _kept(tmp_path)["served"] == ["tests.testkeyring", "FileKeyring"]
    later = first_look(tmp_path, plugins)
    assert later == {
        "first": key,
        "asked": "FileKeyring",
        "served": ["tests.testkeyring", "FileKeyring"],
        "others_loaded": [],  # nothing ranked: keyring's discovery waits for the full open
        "discovered": False,
        "configparser_run": False,
    }
    assert same_choice(choose("ours", tmp_path, plugins), choose("keyring", tmp_path, plugins))


def test_a_first_look_asks_the_keyring_named_in_keyrings_config_file(tmp_path):
    key = "ab" * 32
    _store_key(tmp_path, key)
    plugins = discoverable(tmp_path / "plugins")
    first_look(tmp_path, plugins)  # kept: the test keyring served the key
    config = tmp_path / "home" / ".config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring=keyring.backends.null.Keyring\n")
    later = first_look(tmp_path, plugins)
    assert (later["asked"], later["first"], later["configparser_run"]) == ("Keyring", None, True)


def test_a_kept_keyring_that_is_not_usable_now_is_passed_over(tmp_path):
    key = "ab" * 32
    _store_key(tmp_path, key)
    plugins = discoverable(tmp_path / "plugins")
    first_look(tmp_path, plugins)
    kept = _kept(tmp_path)
    # Kept at a start with a desktop session; no D-Bus session bus now (or a failing one).
    kept["served"] = ["keyring.backends.SecretService", "Keyring"]
    kept_entry_points(tmp_path).write_text(json.dumps(kept), encoding="utf-8")
    found = first_look(tmp_path, plugins, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
    assert found["asked"] is None  # its own check says it cannot be used: not asked
    assert found["first"] == key and found["discovered"]


@pytest.mark.parametrize(
    "served", [["os", "system"], ["tests.testkeyring", "nothing.here"], "tests.testkeyring", 7]
)
def test_a_kept_keyring_outside_the_entry_points_or_malformed_is_never_imported(tmp_path, served):
    key = "ab" * 32
    _store_key(tmp_path, key)
    plugins = discoverable(tmp_path / "plugins")
    first_look(tmp_path, plugins)
    kept = _kept(tmp_path)
    kept["served"] = served
    kept_entry_points(tmp_path).write_text(json.dumps(kept), encoding="utf-8")
    found = first_look(tmp_path, plugins)
    # Not taken: keyring's own choice gives the key (and keeps its backend again).
    assert found["asked"] is None
    assert found["first"] == key and found["discovered"]
    assert _kept(tmp_path)["served"] == ["tests.testkeyring", "FileKeyring"]


def test_the_environment_wins_over_the_kept_keyring(tmp_path):
    _store_key(tmp_path, "ab" * 32)
    plugins = discoverable(tmp_path / "plugins")
    first_look(tmp_path, plugins)
    found = first_look(tmp_path, plugins, PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    assert found["asked"] == "Keyring"  # keyring.backends.null, as named
    assert found["first"] is None  # the null keyring keeps nothing


def test_a_chain_of_keyrings_is_not_kept_but_a_single_backend_is(monkeypatch):
    from keyring.backends import chainer

    from dxfield import keyringplugins

    kept: list[tuple[str, str]] = []
    monkeypatch.setattr(keyringplugins, "keep_served", lambda *served: kept.append(served))
    oskeyring.remember(chainer.ChainerBackend())  # which of its backends gave the key?
    assert kept == []
    oskeyring.remember(FileKeyring())
    assert kept == [("tests.testkeyring", "FileKeyring")]


def test_a_key_a_first_look_took_that_opens_the_store_is_not_read_again(monkeypatch, tmp_path):
    # A keyring that asks on every read would ask twice: once for the first board, once for
    # the full open. The key the first look took stands for the keyring's once it opened.
    from dxfield.driver import connect

    key = storekey.StoreKey("ab" * 32)
    store = tmp_path / "dxfield.sqlite3"
    conn = connect(store, key=key)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    reads: list[str] = []
    monkeypatch.setattr(storekey, "_remembered_key", lambda: reads.append("first look") or key)
    monkeypatch.setattr(storekey, "keyring_key", lambda: reads.append("keyring") or key)
    opened, used = storekey.unlock(
        store, lambda k: connect(store, key=k), keys=storekey.first_look_keys
    )
    opened.close()
    assert used == key and reads == ["first look"]
    again, _ = storekey.unlock(store, lambda k: connect(store, key=k))  # the full open
    again.close()
    assert reads == ["first look"] and storekey.known_keys() == [key]


def test_a_key_a_first_look_took_that_does_not_open_the_store_is_not_kept(monkeypatch, tmp_path):
    from dxfield.driver import connect

    key, stale = storekey.StoreKey("ab" * 32), storekey.StoreKey("cd" * 32)
    store = tmp_path / "dxfield.sqlite3"
    conn = connect(store, key=key)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    monkeypatch.setattr(storekey, "_remembered_key", lambda: stale)
    monkeypatch.setattr(storekey, "keyring_key", lambda: key)
    _, used = storekey.unlock(store, lambda k: connect(store, key=k), keys=storekey.first_look_keys)
    assert used == key and storekey.known_keys() == [key]


def test_a_remembered_keyring_that_fails_in_any_way_leaves_the_key_to_keyrings_choice(
    monkeypatch,
):
    key = storekey.StoreKey("ab" * 32)

    class Broken:
        def get_password(self, service, username):
            raise RuntimeError("the session bus went away")  # not a KeyringError

    monkeypatch.setattr(oskeyring, "remembered", lambda: Broken())
    monkeypatch.setattr(storekey, "keyring_key", lambda: key)
    assert list(storekey.first_look_keys()) == [key]
