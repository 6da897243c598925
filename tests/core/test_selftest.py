"""``dxfield --self-test``: passes on a good install, names what is missing on a broken one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from dxfield import paths
from dxfield.selftest import report, run_core_checks


def test_self_test_passes_from_source():
    result = subprocess.run(
        [sys.executable, "-m", "ui.main", "--self-test"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "result: OK" in result.stdout
    assert "qtbase_ja loaded (キャンセル)" in result.stdout
    assert "IPAexGothic" in result.stdout


def test_missing_font_is_named_and_fails(tmp_path, monkeypatch):
    broken = tmp_path / "resources"
    shutil.copytree(paths._resources_root(), broken, ignore=shutil.ignore_patterns("*.ttf"))
    monkeypatch.setattr(paths, "_resources_root", lambda: broken)
    text, status = report(run_core_checks())
    assert status == 1
    assert "[FAIL] Japanese font" in text and "fonts/ipaexg.ttf" in text
    assert "[ok  ] database" in text  # the rest still ran and reported
