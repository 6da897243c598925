"""Each test runs in a machine of its own making: home, settings and temp folder
(tests/conftest.py ``_isolated_environment``)."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from dxfield.paths import default_data_dir, handout_dir
from dxfield.settings import settings_file

seen: list[Path] = []


def _temp_of_this_test() -> Path:
    temp = Path(tempfile.gettempdir())
    assert temp.is_relative_to(Path(os.environ["HOME"]))
    assert os.environ["TMPDIR"] == str(temp)
    assert handout_dir().parent == temp  # the handouts the app offers to remove
    assert list(temp.iterdir()) == []  # nothing another test, run or person left
    return temp


def test_the_temp_folder_is_the_tests_own():
    temp = _temp_of_this_test()
    (temp / "dxfield-handouts").mkdir()
    (temp / "dxfield-handouts" / "left.pdf").write_bytes(b"%PDF-1.4")
    seen.append(temp)


def test_and_the_next_test_gets_another():
    assert _temp_of_this_test() not in seen


def test_processes_a_test_starts_use_it_too():
    out = subprocess.run(
        [sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == tempfile.gettempdir()


@pytest.fixture(scope="module")
def seen_by_a_module_fixture():
    """What a fixture of a wider scope sees (made before any test's own machine)."""
    return {
        "home": Path(os.environ["HOME"]),
        "temp": Path(tempfile.gettempdir()),
        "settings": settings_file(),
        "data": default_data_dir(),
        "passphrase": os.environ.get("DXFIELD_PASSPHRASE"),
    }


def test_fixtures_of_a_wider_scope_do_not_see_the_machine_either(seen_by_a_module_fixture):
    seen = seen_by_a_module_fixture
    real_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    assert seen["home"] != real_home
    assert seen["temp"].is_relative_to(seen["home"])
    assert seen["settings"].is_relative_to(seen["home"])
    assert seen["data"].is_relative_to(seen["home"])
    assert seen["passphrase"] is None
