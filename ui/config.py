"""UI settings (window state, language, chosen year) in the user's config dir.

An INI file in platformdirs' user config dir (not the registry), so tests that point
``XDG_CONFIG_HOME`` at a temporary folder never touch a real setting.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

from dxfield.paths import APP_AUTHOR, APP_NAME


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)) / "desktop.ini"


def open_settings() -> QSettings:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(path), QSettings.Format.IniFormat)


def language(settings: QSettings) -> str:
    value = str(settings.value("language", "ja"))
    return value if value in ("ja", "en") else "ja"
