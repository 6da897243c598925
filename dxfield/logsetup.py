"""Logging for the app: a rotating file in the platform's log dir, set up first thing.

Windowed PyInstaller builds have ``sys.stdout``/``sys.stderr`` set to ``None``: anything that
prints (a library's warning, a traceback) would crash the app. ``guard_stdio`` gives them a
harmless sink before anything can write there; ``setup_logging`` does it too. The desktop
calls ``start_early_logging`` first and ``setup_logging`` once its window is up, on the
thread that opens the store: the file handler's module (``logging.handlers``, which imports
``socket`` and ``pickle``) costs about 9 ms that the window need not wait for, and nothing
logged meanwhile is lost. ``DXFIELD_DEBUG=1`` turns on debug logging.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

LOG_FILENAME = "dxfield.log"
DEBUG_ENV = "DXFIELD_DEBUG"


class _NullStream:
    """Stands in for a missing stdout/stderr; writes go to the log at debug level."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        if text.strip():
            logging.getLogger("dxfield.stdio").debug(text.rstrip())
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def debug_enabled() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def guard_stdio() -> None:
    """Give a missing ``sys.stdout``/``sys.stderr`` (windowed builds) a harmless sink."""
    if sys.stdout is None:
        sys.stdout = _NullStream()  # type: ignore[assignment]
    if sys.stderr is None:
        sys.stderr = _NullStream()  # type: ignore[assignment]


class _EarlyRecords(logging.Handler):
    """Keeps what is logged before the log file is open; ``setup_logging`` writes it there.
    (``logging.handlers.MemoryHandler`` would do, but importing that module is the cost
    being put off.)"""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def start_early_logging() -> None:
    """Guard stdio and keep log records in memory until ``setup_logging`` runs."""
    guard_stdio()
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug_enabled() else logging.INFO)
    if not any(isinstance(h, _EarlyRecords) for h in root.handlers):
        root.addHandler(_EarlyRecords())


def setup_logging(directory: Path | None = None) -> Path | None:
    """Log to ``directory``/dxfield.log (rotating, 5 × 1 MB). Returns the file, or None when
    the log dir cannot be written (logging then goes to stderr only, never fails the app)."""
    import logging.handlers

    from .paths import log_dir

    guard_stdio()
    root = logging.getLogger()
    level = logging.DEBUG if debug_enabled() else logging.INFO
    root.setLevel(level)
    folder = directory or log_dir()
    path = folder / LOG_FILENAME
    for old in [h for h in root.handlers if getattr(h, "_dxfield", False)]:
        if getattr(old, "baseFilename", None) == str(path):
            return path
        root.removeHandler(old)  # a new log dir (tests, a changed setting): move there
        old.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
        path = None
    handler._dxfield = True  # type: ignore[attr-defined]
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root.addHandler(handler)
    logging.captureWarnings(True)
    for early in [h for h in root.handlers if isinstance(h, _EarlyRecords)]:
        root.removeHandler(early)
        for record in early.records:
            handler.handle(record)
    return path
