"""Field settings shared by the desktop app and the command line (Qt-free).

A small JSON file in the platform's user config dir: where the data lives and where backups
go. The desktop keeps window state and language in its own QSettings; what the command line
must agree on lives here, so ``dxfield visits`` reads the same store the window shows.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import platformdirs

from . import APP_AUTHOR, APP_NAME

log = logging.getLogger(__name__)

SETTINGS_FILENAME = "settings.json"


@dataclass(frozen=True)
class FieldSettings:
    data_dir: str = ""  # empty: the platform's user data dir
    backup_dir: str = ""  # empty: backups/ inside the data dir

    def with_changes(self, **changes: str) -> FieldSettings:
        return replace(self, **changes)


def settings_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / SETTINGS_FILENAME


def load_settings() -> FieldSettings:
    """The saved settings; defaults when there are none or the file is unreadable."""
    path = settings_file()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return FieldSettings()
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable settings file %s: %s", path, exc)
        return FieldSettings()
    if not isinstance(raw, dict):
        return FieldSettings()
    known = {k: str(v) for k, v in raw.items() if k in FieldSettings.__dataclass_fields__}
    return FieldSettings(**known)


def save_settings(settings: FieldSettings) -> Path:
    """Write atomically: a crash mid-write leaves the old file, never half a file."""
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(asdict(settings), ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path
