"""Modules run at their first use: the same module as an import gives, run once, whatever
the threads; and the store key's lookup no longer runs what keyring imports but does not
use (urllib.request, subprocess, more_itertools, importlib_metadata)."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
import threading
import types
from pathlib import Path

import pytest

from dxfield.deferredimport import DeferredModule, defer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def modules(tmp_path, monkeypatch):
    """Write modules into a folder on sys.path; they leave sys.modules afterwards."""
    monkeypatch.syspath_prepend(str(tmp_path))
    written: list[str] = []

    def write(name: str, body: str) -> str:
        path = tmp_path / (name.replace(".", "/") + ".py")
        if path.name == "__init__.py" or "." in name:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body), encoding="utf-8")
        written.append(name)
        importlib.invalidate_caches()
        return name

    yield write
    for name in list(sys.modules):
        if any(name == w or name.startswith(w.split(".")[0] + ".") for w in written):
            del sys.modules[name]
    for name in written:
        sys.modules.pop(name.split(".")[0], None)


def test_an_import_statement_does_not_run_it_and_a_use_does(modules):
    modules("deferred_outer.__init__", "")
    name = modules(
        "deferred_outer.plain", "import sys\nsys.deferred_plain_ran = True\nVALUE = 42\n"
    )
    defer(name)
    import deferred_outer.plain

    module = deferred_outer.plain
    assert type(module) is DeferredModule and sys.modules[name] is module
    assert not hasattr(sys, "deferred_plain_ran")
    assert module.VALUE == 42
    assert sys.deferred_plain_ran
    del sys.deferred_plain_ran
    assert type(module) is types.ModuleType
    assert sys.modules[name] is module
    from deferred_outer.plain import VALUE

    assert VALUE == 42


def test_what_the_spec_wrote_is_read_without_running_it(modules):
    name = modules("deferred_top", "import sys\nsys.deferred_top_ran = True\n")
    defer(name)
    module = sys.modules[name]
    assert module.__name__ == name and module.__file__.endswith("deferred_top.py")
    assert module.__spec__.name == name
    assert type(module) is DeferredModule and not hasattr(sys, "deferred_top_ran")
    assert module.__doc__ is None  # anything else is a use
    assert sys.deferred_top_ran
    del sys.deferred_top_ran


def test_threads_that_touch_it_at_once_all_see_it_whole_and_it_runs_once(modules):
    name = modules(
        "deferred_slow",
        """
        import sys, time
        sys.deferred_slow_runs = getattr(sys, "deferred_slow_runs", 0) + 1
        time.sleep(0.2)  # a long module body: the other threads arrive meanwhile
        VALUE = 42
        """,
    )
    defer(name)
    module = sys.modules[name]
    start = threading.Barrier(8)
    seen: list[object] = []

    def touch() -> None:
        start.wait()
        try:
            seen.append(module.VALUE)
        except AttributeError as exc:  # a half-run module
            seen.append(exc)

    threads = [threading.Thread(target=touch) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [42] * 8
    assert sys.deferred_slow_runs == 1
    del sys.deferred_slow_runs


def test_its_own_code_reaching_back_sees_it_as_far_as_it_has_run(modules):
    name = modules(
        "deferred_self",
        """
        import sys
        A = 1
        B = sys.modules[__name__].A + 1
        """,
    )
    defer(name)
    assert sys.modules[name].B == 2


def test_a_package_and_its_submodules(modules):
    modules("deferred_pkg.__init__", "from .inner import VALUE\n")
    modules("deferred_pkg.inner", "VALUE = 42\n")
    defer("deferred_pkg")
    assert type(sys.modules["deferred_pkg"]) is DeferredModule
    from deferred_pkg.inner import VALUE

    assert VALUE == 42
    assert sys.modules["deferred_pkg"].inner.VALUE == 42


def test_a_failing_module_fails_at_first_use_and_leaves_sys_modules(modules):
    name = modules("deferred_broken", "raise RuntimeError('broken')\n")
    defer(name)
    with pytest.raises(RuntimeError, match="broken"):
        sys.modules[name].anything  # noqa: B018
    assert name not in sys.modules
    with pytest.raises(RuntimeError, match="broken"):
        importlib.import_module(name)


def test_what_is_imported_or_missing_is_left_alone():
    imported = sys.modules["json"]
    defer("json", "no_such_module_anywhere")
    assert sys.modules["json"] is imported and type(imported) is types.ModuleType
    assert "no_such_module_anywhere" not in sys.modules


# A fresh process: the desktop's store key lookup (Qt imported first and its import check
# made to read files, as ui.main does), then what sync and keyring's own discovery do later.
CHILD = textwrap.dedent(
    """
    import json, sys

    DEFERRED = (
        "urllib.request", "subprocess", "more_itertools", "importlib_metadata", "configparser"
    )
    from PySide6 import QtWidgets
    from ui.qtcompat import quicker_feature_check

    quicker_feature_check()
    from dxfield import storekey
    from dxfield.deferredimport import DeferredModule

    key = storekey.keyring_key()
    deferred = {
        name: type(sys.modules.get(name)) is DeferredModule
        for name in DEFERRED
    }
    import subprocess
    import urllib.request

    from jaraco.context import tarball

    import keyring.core
    import more_itertools
    import requests
    from keyring.compat.py312 import metadata

    session = requests.Session()  # proxies from urllib.request.getproxies
    print(json.dumps({
        "key": key.secret if key else None,
        "deferred": deferred,
        "proxies": session.trust_env and callable(urllib.request.getproxies),
        "after": type(sys.modules["urllib.request"]).__name__,
        "same": sys.modules["urllib.request"] is urllib.request,
        "entry_points": [ep.value for ep in metadata.entry_points(group="keyring.backends")],
        "discovery": str(keyring.core._detect_backend()),
        "first": more_itertools.first([7]),
        "echo": subprocess.run(
            [sys.executable, "-c", "print('ok')"], capture_output=True, text=True
        ).stdout.strip(),
        "tarball": callable(tarball),
        # keyringrc.cfg read through the deferred configparser, as keyring reads it
        "config": type(keyring.core.load_config()).__name__,
    }))
    """
)


def test_the_store_key_is_read_without_running_urllib_request_and_sync_still_has_it(tmp_path):
    key = "ef" * 32
    keyring_file = tmp_path / "keyring.json"
    keyring_file.write_text(json.dumps({"dxfield-store\nstore-key": key}), encoding="utf-8")
    config = tmp_path / ".config" / "python_keyring" / "keyringrc.cfg"
    config.parent.mkdir(parents=True)
    config.write_text("[backend]\ndefault-keyring=tests.testkeyring.FileKeyring\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "KEYRING"))}
    env.update(
        HOME=str(tmp_path),
        XDG_CACHE_HOME=str(tmp_path / ".cache"),
        XDG_CONFIG_HOME=str(tmp_path / ".config"),
        DXFIELD_TEST_KEYRING=str(keyring_file),
        PYTHON_KEYRING_BACKEND="tests.testkeyring.FileKeyring",
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    done = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["key"] == key
    assert found["deferred"] == dict.fromkeys(
        (
            "urllib.request",
            "subprocess",
            "more_itertools",
            "importlib_metadata",
            "configparser",
        ),
        True,
    )
    assert found["config"] == "FileKeyring"
    assert found["echo"] == "ok" and found["tarball"]
    assert found["proxies"] and found["after"] == "module" and found["same"]
    assert "keyring.backends.chainer" in found["entry_points"]
    assert found["discovery"].startswith("tests.testkeyring.FileKeyring") and found["first"] == 7
