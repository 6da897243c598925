"""Start the desktop app: Qt application, language, fonts, the store, the main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from dxfield.cli.context import AppContext
from dxfield.errors import DxfieldError

from . import config, i18n
from .errors import message_for

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with names set before anything reads settings."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    QCoreApplication.setOrganizationName("dxfield")
    QCoreApplication.setApplicationName("dxfield")
    return app  # type: ignore[return-value]


def prepare(app: QApplication, settings) -> None:
    """Language and font; idempotent so tests can call it per test."""
    for old in getattr(app, "_dxfield_translators", []):
        app.removeTranslator(old)
    app._dxfield_translators = i18n.install_translators(app, config.language(settings))  # type: ignore[attr-defined]
    i18n.apply_font(app, i18n.register_fonts())


def launch(ctx: AppContext, *, today=None):
    """Application, store, op queue and the shown main window; None if the store cannot be
    opened (the user has been told why). Shared by ``run`` and the start-up benchmark."""
    app = create_application()
    settings = config.open_settings()
    prepare(app, settings)
    try:
        db = ctx.db
    except DxfieldError as exc:
        QMessageBox.critical(None, "dxfield", message_for(exc) + f"\n\n{exc}")
        return None
    from .mainwindow import MainWindow
    from .ops import Ops

    ops = Ops(db)
    window = MainWindow(ops, settings, today=today)
    window.show()
    return app, window, ops


def run(ctx: AppContext) -> int:
    launched = launch(ctx)
    if launched is None:
        return 2
    app, window, ops = launched
    window.offer_demo_if_empty()
    try:
        return app.exec()
    finally:
        ops.shutdown()
        ctx.close()
