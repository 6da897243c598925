"""Where dxfield keeps its data and finds its bundled resources.

The data dir is, in order: an explicit ``--data-dir``, ``DXFIELD_DATA_DIR``, the folder saved
in the field settings (``dxfield.settings``, which sits below this module: it never imports
it), or the platform's user data dir (platformdirs). It must be on a local disk: SQLite in WAL
mode on a network share or a synced folder is not safe.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from . import APP_AUTHOR, APP_NAME

# The errors (and their message catalog) are imported where they are raised: the desktop
# finds its settings and font through this module before its first paint, which need not
# wait for them.

DATA_DIR_ENV = "DXFIELD_DATA_DIR"
DB_FILENAME = "dxfield.sqlite3"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def _saved_settings():
    # Imported on use: finding a bundled resource (the window's font, before its first
    # paint) need not load the settings and json.
    from .settings import load_settings

    return load_settings()


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data dir to use, without creating it. An explicit empty one is an error: it
    would silently mean the default folder."""
    if explicit is not None and not str(explicit).strip():
        from .errors import DataDirError
        from .messages import msg

        raise DataDirError(msg("data_dir.empty"), path="")
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    saved = _saved_settings().data_dir
    if saved:
        return Path(saved).expanduser()
    return default_data_dir()


def ensure_data_dir(path: Path) -> Path:
    """Create ``path`` if needed and check that we can write there."""
    from .errors import DataDirError
    from .messages import msg

    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        said = msg("data_dir.cannot_create", path=path, detail=exc.strerror)
        raise DataDirError(said, path=str(path)) from exc
    if not path.is_dir():
        raise DataDirError(msg("data_dir.not_a_folder", path=path), path=str(path))
    if not os.access(path, os.W_OK | os.X_OK):
        raise DataDirError(msg("data_dir.not_writable", path=path), path=str(path))
    return path


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def backup_dir(data_dir: Path) -> Path:
    """Where automatic and manual backups go: the saved setting, else backups/ beside the data."""
    saved = _saved_settings().backup_dir
    return Path(saved).expanduser() if saved else data_dir / "backups"


def handout_dir() -> Path:
    """Where the desktop writes handouts (面談記録) to preview or print them: the temp folder,
    kept after the viewer was handed the file (``storecopies`` offers to remove old ones)."""
    import tempfile

    return Path(tempfile.gettempdir()) / "dxfield-handouts"


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def cache_dir() -> Path:
    """What can be thrown away at any time and found again (``dxfield.keyringplugins``)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def _resources_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:  # PyInstaller onedir: data files sit under _internal/
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def find_resource(*parts: str) -> Path | None:
    """Path of a bundled resource, frozen or from source; None if it is missing."""
    path = _resources_root().joinpath(*parts)
    return path if path.exists() else None


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource, frozen or from source. Raises if it is missing."""
    path = find_resource(*parts)
    if path is None:
        from .errors import ResourceError
        from .messages import msg

        raise ResourceError(msg("resource.missing", path="/".join(parts)))
    return path


PACKED_SUFFIX = ".zlib"


def resource_bytes(*parts: str) -> bytes:
    """The bytes of a bundled resource. The desktop bundle carries the font zlib-compressed
    as ``NAME.zlib`` (pyinstaller.spec: 2 MB less); from source it is the file itself."""
    from .errors import ResourceError
    from .messages import msg

    try:
        return resource_path(*parts).read_bytes()
    except ResourceError:
        packed = _resources_root().joinpath(*parts[:-1], parts[-1] + PACKED_SUFFIX)
        if not packed.is_file():
            raise
    import zlib

    try:
        return zlib.decompress(packed.read_bytes())
    except (OSError, zlib.error) as exc:
        raise ResourceError(msg("resource.damaged", path="/".join(parts))) from exc
