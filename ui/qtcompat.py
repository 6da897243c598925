"""Work-arounds for bugs of the installed Qt binding, detected at run time.

PySide6 6.12.0 on Python 3.11 returns ``Signal.emit()``'s bool without a new reference, so
every emit from Python takes one reference from ``True``; after a few thousand emits (about
one per keystroke in the notes editor) the interpreter aborts with "deallocating True or
False". Python 3.12+ makes ``True`` immortal, and a fixed PySide6 does not leak: the probe
below measures the leak once and ``emit`` gives back exactly what was taken, so the fix
switches itself off where it is not needed.
"""

from __future__ import annotations

import ctypes
import sys
from functools import cache

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


@cache
def _emit_leaks_result() -> bool:
    probe = _Probe()
    rounds = 16
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(rounds):
        probe.ping.emit()
    after = sys.getrefcount(True), sys.getrefcount(False)
    leaked = (before[0] - after[0]) + (before[1] - after[1])
    if leaked >= rounds:
        for _ in range(leaked):  # repay the probe's own emits
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
        return True
    return False


def emit(signal, *args) -> None:
    """``signal.emit(*args)`` without the reference leak (see module docstring)."""
    result = signal.emit(*args)
    if _emit_leaks_result() and isinstance(result, bool):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
