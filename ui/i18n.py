"""Language and fonts: Japanese by default, English switchable; glyphs never show as tofu.

Source strings are Japanese (the product's language), so the app reads Japanese even with no
translation file; ``resources/translations/dxfield_en.qm`` (compiled from ``dxfield_en.ts``
and committed, so no build step is needed) turns it English. Qt's own ``qtbase_ja.qm`` makes
standard buttons read 「キャンセル」.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase

from dxfield.paths import find_resource, resource_bytes

log = logging.getLogger(__name__)

LANGUAGES = ("ja", "en")
# Tried in order when the bundled font is missing; all carry Japanese glyphs.
FALLBACK_FAMILIES = ("IPAexGothic", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic UI", "Meiryo")


def _qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Qt's and our translations for ``language``; keep the returned list alive."""
    translators: list[QTranslator] = []
    qt_dir = _qt_translations_dir()
    if language == "ja":
        QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
        qt_tr = QTranslator(app)
        if qt_tr.load("qtbase_ja", str(qt_dir)):
            app.installTranslator(qt_tr)
            translators.append(qt_tr)
        else:
            log.warning("qtbase_ja.qm not found in %s; standard buttons stay English", qt_dir)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        ours = QTranslator(app)
        qm = find_resource("translations", f"dxfield_{language}.qm")
        if qm is None:
            log.warning("no translation for %s; the UI stays Japanese", language)
        else:
            if ours.load(str(qm)):
                app.installTranslator(ours)
                translators.append(ours)
    return translators


def register_fonts() -> str:
    """Register the bundled Japanese font; return the family the app uses."""
    # Qt reads the file itself where there is one (no 6 MB copy through Python before the
    # first paint); the bundle carries it packed (``resource_bytes``).
    font = find_resource("fonts", "ipaexg.ttf")
    if font is not None:
        font_id = QFontDatabase.addApplicationFont(str(font))
    else:
        from dxfield.errors import ResourceError

        try:
            data = resource_bytes("fonts", "ipaexg.ttf")
        except ResourceError:
            data = None
        font_id = QFontDatabase.addApplicationFontFromData(QByteArray(data)) if data else None
    if font_id is not None:
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            return families[0]
        log.warning("could not load the bundled font ipaexg.ttf; using a system font")
    available = set(QFontDatabase.families())
    for family in FALLBACK_FAMILIES:
        if family in available:
            return family
    return QFont().family()


def apply_font(app, family: str, point_size: float = 10.5) -> None:
    font = QFont(family)
    font.setPointSizeF(point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
