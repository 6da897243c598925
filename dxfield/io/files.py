"""Writing export files safely: all or nothing, never a half-written file under the name."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ExportError
from ..messages import msg


@contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """A temporary path beside ``dest`` that replaces it only if the block succeeds."""
    dest = Path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        said = msg("file.folder_failed", folder=dest.parent, detail=exc.strerror)
        raise ExportError(said) from exc
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        yield tmp
        os.replace(tmp, dest)
    except PermissionError as exc:
        # Excel keeps a lock on an open workbook (Windows): say so instead of a traceback.
        raise ExportError(msg("file.write_locked", dest=dest)) from exc
    except OSError as exc:
        raise ExportError(msg("file.write_failed", dest=dest, detail=exc.strerror)) from exc
    finally:
        tmp.unlink(missing_ok=True)
