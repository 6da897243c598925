"""A keyring for tests: a JSON file (``DXFIELD_TEST_KEYRING``, else in the home folder),
never the real keyring.

In-process tests and the dxfield processes they start (``PYTHON_KEYRING_BACKEND`` names this
class, or keyring finds it as an installed plugin: ``discoverable``) see the same entries, so a store a test created opens in a child process too. The
root conftest points every test at one file for the session (a store a module-scoped fixture
made opens in each of its tests) and puts back its content after each test.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

BACKEND = f"{__name__}.FileKeyring"


def discoverable(folder: Path, module: str = __name__) -> Path:
    """``folder`` made a place on ``sys.path`` where keyring's own discovery finds the
    backends of ``module``, as it finds an installed keyring plugin: a distribution's
    metadata with a ``keyring.backends`` entry point (and no ``PYTHON_KEYRING_BACKEND``)."""
    info = folder / "dxfield_test_keyring-1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: dxfield-test-keyring\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[keyring.backends]\ntest = {module}\n", encoding="utf-8"
    )
    return folder


class FileKeyring(KeyringBackend):
    priority = 1

    @property
    def _file(self) -> Path:
        named = os.environ.get("DXFIELD_TEST_KEYRING")
        return Path(named) if named else Path(os.environ["HOME"]) / "test-keyring.json"

    def _load(self) -> dict[str, str]:
        try:
            return json.loads(self._file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}

    def set_password(self, service, username, password):
        entries = self._load()
        entries[f"{service}\n{username}"] = password
        self._file.write_text(json.dumps(entries), encoding="utf-8")

    def get_password(self, service, username):
        return self._load().get(f"{service}\n{username}")

    def delete_password(self, service, username):
        entries = self._load()
        if entries.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError(username)
        self._file.write_text(json.dumps(entries), encoding="utf-8")
