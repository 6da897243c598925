"""Start-up benchmarks time the app as installed, with its modules' bytecode cached.

An install (pip, or the frozen bundle) has the ``.pyc`` files; a checkout run with
``PYTHONDONTWRITEBYTECODE=1`` (set on some machines) would compile every module on every
start and time the compiler instead of the app.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("dxfield", "ui", "sync")


def compile_sources() -> None:
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
