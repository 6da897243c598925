"""Printing, backups, imports and sync, wired into the main window once its first page has
its data (``MainWindow._install_deferred``): they always ship, but nobody needs them to see
the first page.

What they import that needs no Qt (reportlab, requests, the sync client: about 200 ms) is
``DEFERRED_IMPORTS``, imported first on a worker (``Ops.run``): imported on the UI thread it
would stop the window answering for a fifth of a second just after its first data came in.
The wiring itself then runs on the UI thread, one step per turn of its event loop
(``install_in_turns``): ``ui``'s modules may build PySide6 types, which is not safe beside
it. tests/ui/test_startup.py holds that the wiring imports nothing else but ``ui``'s own
modules.

The strings are the main window's (``translate("MainWindow", …)``): its menus and titles.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer

from .mainwindow import make_action

if TYPE_CHECKING:
    from .mainwindow import MainWindow

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

DEFERRED_IMPORTS = (
    "dxfield.backup",
    "dxfield.changes",
    "dxfield.errors",
    "dxfield.fiscal",
    "dxfield.io.columns",
    "dxfield.messages",
    "dxfield.paths",
    "dxfield.reports",
    "dxfield.reports.data",
    "dxfield.reports.layout",
    "sync.client",
    "sync.conflicts",
    "sync.credentials",
    "sync.errors",
    "sync.outbox",
    "sync.runner",
    "sync.state",
)


def import_deferred() -> None:
    """``DEFERRED_IMPORTS``, on the worker ``Ops.run`` gives it."""
    import importlib

    for name in DEFERRED_IMPORTS:
        importlib.import_module(name)


def install_in_turns(window: MainWindow, done: Callable[[], None]) -> None:
    """Wire printing, backups, imports and sync into ``window`` on the UI thread, one of
    ``STEPS`` per turn of the event loop, then call ``done``. Together the steps hold the
    UI thread some 20-25 ms (the ``ui`` modules' import, the menus, the sync area); in
    turns, a click or a repaint that comes meanwhile waits for one step (under 10 ms)
    instead of all of them. A step that fails is reported like any slot's error and the
    others still run. The timer is the window's: a window deleted on the way takes the
    rest of the steps with it."""
    steps = list(STEPS)
    timer = QTimer(window)
    timer.setInterval(0)

    def next_step() -> None:
        step = steps.pop(0)
        if not steps:
            timer.stop()
            timer.deleteLater()
        try:
            step(window)
        finally:
            if not steps:
                done()

    timer.timeout.connect(next_step)
    timer.start()


def _install_printing(window: MainWindow) -> None:
    from . import printing

    printing.install(window)


def _prepare_municipality_page(window: MainWindow) -> None:
    """Run the municipality page's reads once on a reader while nobody waits: its first
    open would otherwise compile a dozen statements and import the assessment engine
    (0.2-0.4 s) while the person waits for the page."""
    from dxfield.services.dashboard import prepare_municipality_overview

    year = window.year
    window.ops.query(
        lambda session: prepare_municipality_overview(session, year),
        None,
        lambda exc: log.warning("preparing the municipality page failed: %s", exc),
    )


def _install_backup_and_import(window: MainWindow) -> None:
    from .backup_actions import BackupActions
    from .import_wizard import ImportKind

    ops = window.ops
    actions = BackupActions(ops, ops.db.path.parent, window)
    actions.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    actions.restored.connect(lambda: ops.reopen(None, window.show_error))
    window.backup_actions = actions
    menu = window.file_menu
    before = window.backup_action
    for action in actions.file_actions():
        menu.insertAction(before, action)
    menu.removeAction(before)  # the placeholder
    window.import_action.setEnabled(True)
    window.import_action.triggered.connect(lambda: window.open_import(ImportKind.ASSESSMENTS))
    opendata = make_action(translate("MainWindow", "オープンデータ取組一覧の取り込み…"), window)
    opendata.triggered.connect(lambda: window.open_import(ImportKind.OPENDATA))
    menu.insertAction(window.import_action, opendata)
    menu.insertAction(opendata, window.import_action)
    QTimer.singleShot(2000, actions.daily_backup)


def _install_sync(window: MainWindow) -> None:
    from .conflicts_view import ConflictsView
    from .store_hint import PlainStoreHint
    from .sync_controller import SyncController
    from .sync_status import SyncStatusWidget

    ops = window.ops
    controller = SyncController(ops, parent=window)
    controller.wrote.connect(window._on_changes)
    controller.login_needed.connect(lambda: controller.login_interactively(window))
    controller.deletes_need_confirmation.connect(
        lambda error: controller.confirm_deletes_interactively(error, window)
    )
    controller.progress.connect(lambda text: window.statusBar().showMessage(text, 5000))
    window.sync_controller = controller
    window.sync_area.layout().addWidget(SyncStatusWidget(controller))
    window.sync_area.layout().insertWidget(0, PlainStoreHint(ops))  # ui/store_hint.py
    conflicts = make_action(translate("MainWindow", "同期の競合を確認…"), window)

    def show_conflicts() -> None:
        from PySide6.QtCore import Qt

        view = ConflictsView(ops)
        view.setWindowFlag(Qt.WindowType.Window)
        view.setWindowTitle(translate("MainWindow", "同期の競合"))
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        controller.wrote.connect(view.on_changes)  # conflicts a sync leaves show
        view.setParent(window, Qt.WindowType.Window)
        view.resize(900, 560)
        view.show()
        window.conflicts_view = view

    conflicts.triggered.connect(show_conflicts)
    window.file_menu.insertAction(window.import_action, conflicts)


# In order, each a turn of the event loop (``install_in_turns``).
STEPS: tuple[Callable[[MainWindow], None], ...] = (
    _install_backup_and_import,
    _install_sync,
    _install_printing,
    _prepare_municipality_page,
)
