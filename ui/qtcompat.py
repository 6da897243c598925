"""Work-arounds for bugs of the installed Qt binding, detected at run time.

PySide6 6.12.0 on Python 3.11 returns ``Signal.emit()``'s bool without a new reference, so
every emit from Python takes one reference from ``True``; after a few thousand emits (about
one per keystroke in the notes editor) the interpreter aborts with "deallocating True or
False". Python 3.12+ makes ``True`` immortal, and a fixed PySide6 does not leak: the probe
below measures the leak once and ``emit`` gives back exactly what was taken, so the fix
switches itself off where it is not needed.

PySide6 also asks, of every module imported after it, whether its source mentions "PySide6"
(for its ``__feature__`` switches), and reads the answer with ``inspect.getsource``: each
module's whole file decoded, split into lines and kept in ``linecache``. At start-up that is
a third of the import time after Qt; ``quicker_feature_check`` answers the same question
from the file's bytes.
"""

from __future__ import annotations

import gc
import sys
from functools import cache

from PySide6.QtCore import QObject, QTimer, Signal


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
        import ctypes  # here, not at import: the window's start-up does without it

        for _ in range(leaked):  # repay the probe's own emits
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
        return True
    return False


def quicker_feature_check() -> None:
    """Make PySide6's per-import check (does this module's source say "PySide6"?) read the
    module's file as bytes instead of through ``inspect.getsource``, and answer no for the
    standard library's modules without reading them; same answer. Where there is no
    readable ``.py`` file (a frozen app, a built-in) PySide6's own check still answers.
    Does nothing on a PySide6 without that check."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "reads_bytes", False):
        return

    import os

    # The standard library never names PySide6 (its own modules are a third of the imports
    # after Qt's); its folder holds site-packages on a Python without a venv. Not in a
    # frozen app: there os's folder is the bundle's, which holds every module (and the
    # sources it ships, which PySide6's check reads); nor where os has no file.
    os_file = None if getattr(sys, "frozen", False) else getattr(os, "__file__", None)
    stdlib = os.path.dirname(os_file) + os.sep if os_file else None

    def uses_pyside(module) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            if stdlib and path.startswith(stdlib) and "-packages" not in path[len(stdlib) :]:
                return False
            try:
                # O_BINARY: Windows opens in text mode otherwise (CRLF, Ctrl-Z as the end)
                source = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            except OSError:
                pass
            else:
                try:
                    return b"PySide6" in os.read(source, os.fstat(source).st_size)
                finally:
                    os.close(source)
        return original(module)

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    uses_pyside.original = original  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside


def emit(signal, *args) -> None:
    """``signal.emit(*args)`` without the reference leak (see module docstring)."""
    result = signal.emit(*args)
    if _emit_leaks_result() and isinstance(result, bool):
        import ctypes

        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))


@cache
def _void_calls_take_none() -> bool:
    """Whether a call of a ``void`` method from Python takes a reference from ``None``
    (PySide6 6.12.0 on Python 3.11 returns ``None`` without a new reference)."""
    probe = _Probe()
    rounds = 16
    before = sys.getrefcount(None)
    for _ in range(rounds):
        probe.setObjectName("probe")
    return before - sys.getrefcount(None) >= rounds


_none_high = 0  # the most references None has been seen with


def keep_none() -> None:
    """Give ``None`` back what ``void`` calls took since the last time (a no-op where they
    take nothing, as on Python 3.12+ or a fixed PySide6).

    Every ``setText``, ``setItem``, ``setData``... from Python takes one reference from
    ``None`` there; a few hundred per page opened, and the interpreter aborts with
    "deallocating None" once the some 80,000 references of a running app are used up. The
    count is held at the highest seen: a reference too many on ``None`` is harmless (it is
    never freed), one too few is fatal. Called from the UI thread's timer."""
    global _none_high
    if not _void_calls_take_none():
        return
    import ctypes

    count = sys.getrefcount(None)
    if count >= _none_high:
        _none_high = count
        return
    for _ in range(_none_high - count):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))


class MainThreadGC(QObject):
    """Run Python's cyclic garbage collector on the UI thread only.

    Automatic collection runs in whichever thread happens to allocate; when that is one of
    the op queue's workers and the garbage holds Qt widgets, Qt deletes widgets off the UI
    thread and the process crashes (seen as a segfault "Garbage-collecting" in a reader).
    This turns automatic collection off and collects from a UI-thread timer instead, the
    way pyqtgraph's GarbageCollector does. The same timer keeps ``None`` alive
    (``keep_none``).
    """

    def __init__(
        self, parent: QObject | None = None, interval_ms: int = 1000, *, after_startup=False
    ) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        # ``after_startup``: no collection until ``freeze_startup``. Start-up makes next to no
        # garbage, and a collection before the freeze walks every object start-up made
        # (20 ms on the UI thread, while the first page is built on a busy machine).
        if not after_startup:
            self._timer.start()

    def check(self) -> None:
        keep_none()
        counts = gc.get_count()
        if counts[0] > self._threshold[0]:
            generation = 0
            if counts[1] > self._threshold[1]:
                generation = 2 if counts[2] > self._threshold[2] else 1
            gc.collect(generation)

    def freeze_startup(self) -> None:
        """Set aside what start-up made (modules, classes, the first page: about 110,000
        objects that live as long as the app) so that collections no longer scan it; the
        first one after start-up took 35-65 ms on the UI thread, now a few. What start-up
        left as garbage (a few hundred objects) stays, which ``gc.freeze`` accepts."""
        gc.freeze()
        if not self._timer.isActive():
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        gc.enable()
