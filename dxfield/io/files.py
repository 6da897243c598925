"""Writing export files safely: all or nothing, never a half-written file under the name."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ExportError


@contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """A temporary path beside ``dest`` that replaces it only if the block succeeds."""
    dest = Path(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the folder {dest.parent}: {exc.strerror}") from exc
    tmp = dest.with_name(f".{dest.name}.part")
    try:
        yield tmp
        os.replace(tmp, dest)
    except PermissionError as exc:
        # Excel keeps a lock on an open workbook (Windows): say so instead of a traceback.
        raise ExportError(
            f"cannot write {dest}: the file is open in another program or not writable"
        ) from exc
    except OSError as exc:
        raise ExportError(f"cannot write {dest}: {exc.strerror}") from exc
    finally:
        tmp.unlink(missing_ok=True)
