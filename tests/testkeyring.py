"""A keyring for tests: a JSON file (``DXFIELD_TEST_KEYRING``, else in the home folder),
never the real keyring.

In-process tests and the dxfield processes they start (``PYTHON_KEYRING_BACKEND`` names this
class) see the same entries, so a store a test created opens in a child process too. The
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
