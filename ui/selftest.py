"""The Qt half of ``dxfield --self-test``: translations and fonts as the window would load them."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _qt_translations(_workdir: Path) -> str:
    from PySide6.QtCore import QLibraryInfo, QTranslator

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator()
    if not translator.load("qtbase_ja", folder):
        raise RuntimeError(f"qtbase_ja.qm not found in {folder}")
    cancel = translator.translate("QPlatformTheme", "Cancel")
    return f"qtbase_ja loaded ({cancel})"


def _qt_font(_workdir: Path) -> str:
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    from dxfield.paths import resource_bytes

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not _has_display() else "")
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    font_id = QFontDatabase.addApplicationFontFromData(
        QByteArray(resource_bytes("fonts", "ipaexg.ttf"))
    )
    if font_id < 0:
        raise RuntimeError("Qt could not load resources/fonts/ipaexg.ttf")
    families = QFontDatabase.applicationFontFamilies(font_id)
    del app
    return ", ".join(families)


def _has_display() -> bool:
    return sys.platform in ("win32", "darwin") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def run() -> int:
    from dxfield.selftest import report, run_core_checks

    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    checks = run_core_checks(
        [("Qt translations", _qt_translations, True), ("Qt font", _qt_font, True)]
    )
    text, status = report(checks)
    print(text)
    return status
