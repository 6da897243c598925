"""The main window: navigation, the chosen 年度, shortcuts, and the parts wired in later.

The window comes up before the store is open: ``MainWindow(None, settings)`` is a shell
that imports nothing heavier than Qt, ``attach(ops)`` brings the data (the start-up opens the
store and imports the core on a worker thread meanwhile, see ``ui.app``). Pages are built on
first use, so a cold start builds only the first page. Printing, backups and imports, and
sync are wired once the first page has loaded (``_install_deferred``): they always ship, but
nobody needs them to see the first page; ``ui.extensions`` wires them (the modules behind
them that need no Qt imported on a worker first). ``ui.printing.install(window)`` uses
``window.file_menu`` and ``window.set_print_handler``; sync puts its status in
``window.sync_area`` (a status-bar widget with a layout).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QSize, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)
from shiboken6 import isValid

from dxfield import fiscal

from .pages import PAGE_CLASSES, create_page
from .qtcompat import emit
from .widgets.painted import AfterPaint

if TYPE_CHECKING:
    from dxfield.changes import Changes

    from .ops import Ops

log = logging.getLogger(__name__)

PAGES = tuple(PAGE_CLASSES)  # in the navigation's order
# The window is built before its first paint without ``Qt``: PySide6 makes that namespace
# (hundreds of enums) on first use, 14 ms that the window would wait for. The values it
# needs go through Qt properties instead: Qt::AlignCenter and Qt::ToolButtonTextOnly as
# numbers, the shortcuts as QKeySequence (see ``_set_shortcut``).
ALIGN_CENTER = 0x0084
TOOL_BUTTON_TEXT_ONLY = 1


def make_action(text: str, parent) -> QAction:
    """``QAction(text, parent)``: that overload's resolution makes PySide6 build ``QIcon``
    and its enums (``ThemeIcon`` alone is some 1 ms), which the window does not need."""
    action = QAction(parent)
    action.setText(text)
    return action


def _set_shortcut(action: QAction, key: QKeySequence.StandardKey) -> None:
    """``action.setShortcut(key)``, whose overloads would make PySide6 build ``Qt``."""
    action.setProperty("shortcut", QKeySequence(key))


class MainWindow(AfterPaint, QMainWindow):
    year_changed = Signal(int)
    page_changed = Signal(str)

    attached = Signal()

    def __init__(
        self, ops: Ops | None, settings: QSettings, *, today: date | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.ops: Ops = None  # type: ignore[assignment]  # set by attach()
        self.settings = settings
        self.today = today or date.today()
        current = fiscal.fiscal_year_of(self.today)
        # The year looked at last time, unless a new 年度 began since: in April the board
        # opens on the new programme year, not the one that just ended.
        same_year = int(settings.value("year_saved_in", current)) == current
        self._year = int(settings.value("year", current)) if same_year else current
        self._pages: dict[str, QWidget] = {}
        self._print_handler: Callable[[], None] | None = None
        self._extensions_started = False  # extensions.DEFERRED_IMPORTS on their way
        self._extensions_wiring = False  # extensions.install_in_turns under way
        self._extensions_installed = False
        self.setWindowTitle(self.tr("dxfield — 市町村DX支援 記録"))
        self.resize(1320, 860)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMinimumWidth(150)
        self.nav.setMaximumWidth(220)
        self.nav.setSpacing(2)
        titles = {
            "dashboard": self.tr("ダッシュボード"),
            "municipality": self.tr("市町村"),
            "planner": self.tr("訪問計画"),
            "trainings": self.tr("研修"),
            "notes": self.tr("面談記録"),
            "assessment": self.tr("アセスメント"),
            "needs": self.tr("ニーズ・要望"),
            "search": self.tr("検索"),
            "settings": self.tr("設定"),
        }
        for key in PAGES:  # row i is PAGES[i]
            item = QListWidgetItem(titles[key])
            item.setSizeHint(QSize(140, 36))
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        splitter.setSizes([180, 1200])
        self.setCentralWidget(splitter)
        self.nav.currentItemChanged.connect(self._on_nav_changed)

        self._build_actions()
        self._restore_state()
        # Until the store is open, nothing that needs it can be asked for: the navigation
        # and the actions that open a page or a form on the store (a page built without it
        # would stay without it).
        self.nav.setEnabled(False)
        self._store_actions = (self.new_visit_action, self.new_training_action, self.search_action)
        for action in self._store_actions:
            action.setEnabled(False)
        self.print_action.setEnabled(False)  # until printing is wired (set_print_handler)
        self.loading = QLabel(self.tr("データを開いています…"))
        self.loading.setProperty("alignment", ALIGN_CENTER)
        self.stack.addWidget(self.loading)
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.busy_label)
        # The sync module fills this area (status, last sync, a "sync now" button).
        self.sync_area = QWidget()
        self.sync_area.setObjectName("sync_area")
        QHBoxLayout(self.sync_area).setContentsMargins(0, 0, 0, 0)
        self.statusBar().addPermanentWidget(self.sync_area)
        if ops is not None:
            self.attach(ops)

    def attach(self, ops: Ops) -> None:
        """Connect the open store: pages, years, and (once the first data is shown) the
        optional modules."""
        self.ops = ops
        if "dashboard" in self._pages:  # built for the snapshot before the store was open
            self._pages["dashboard"].attach(ops)
        ops.changed.connect(self._on_changes)
        ops.failed.connect(self.show_error)
        ops.busy_changed.connect(self._on_busy)
        self.nav.setEnabled(True)
        for action in self._store_actions:
            action.setEnabled(True)
        self._load_years()
        self.show_page(self.start_page())
        emit(self.attached)

    def start_page(self) -> str:
        """The page shown once the store is open: the one left open last time."""
        name = str(self.settings.value("page", "dashboard"))
        return name if name in PAGES else "dashboard"

    def show_snapshot(self, year: int, snapshot) -> QWidget | None:
        """The dashboard's first data (``dxfield.overview.BoardSnapshot``), read while the
        store opens; ignored (None) once the store is attached or for another year."""
        if self.ops is not None or year != self._year or self.start_page() != "dashboard":
            return None
        page = self.page("dashboard")
        # Filled before it is shown: its tables then size their columns to the rows once
        # less (a quarter fewer calls into the models on the first paint).
        page.show_snapshot(year, snapshot)
        self.stack.setCurrentWidget(page)
        return page

    def _on_busy(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("保存・読込中…") if busy else "")
        if not busy and not self._extensions_started:
            # Printing, backups and sync are not needed to see the first page; what they
            # import without Qt is imported on a worker, then they are wired here.
            self._extensions_started = True
            from . import extensions

            self.ops.run(
                extensions.import_deferred,
                lambda _none: self._install_deferred(),
                self._on_deferred_import_failed,
                name="dxfield-imports",
            )

    def _on_deferred_import_failed(self, exc: BaseException) -> None:
        # Wired all the same: the import fails again on the UI thread and says so there, as
        # it did before it was moved to a worker.
        log.warning("importing printing, backups and sync off the UI thread failed: %r", exc)
        self._install_deferred()

    @property
    def extensions_installed(self) -> bool:
        """Printing, backups, imports and sync wired (a moment after the first data)."""
        return self._extensions_installed

    # -- building ------------------------------------------------------------------------

    def _build_actions(self) -> None:
        self.file_menu = self.menuBar().addMenu(self.tr("ファイル(&F)"))
        self.visit_menu = self.menuBar().addMenu(self.tr("訪問(&V)"))
        self.view_menu = self.menuBar().addMenu(self.tr("表示(&W)"))

        self.new_visit_action = make_action(self.tr("新しい訪問…"), self)
        _set_shortcut(self.new_visit_action, QKeySequence.StandardKey.New)
        self.new_visit_action.triggered.connect(lambda: self.new_visit())
        self.search_action = make_action(self.tr("検索"), self)
        _set_shortcut(self.search_action, QKeySequence.StandardKey.Find)
        self.search_action.triggered.connect(self.focus_search)
        self.print_action = make_action(self.tr("配布資料を印刷…"), self)
        _set_shortcut(self.print_action, QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self._on_print)
        # Plug-in points for the import wizard and backups (installed by their modules).
        self.import_action = make_action(self.tr("アセスメントの取り込み…"), self)
        self.import_action.setEnabled(False)
        self.backup_action = make_action(self.tr("バックアップ…"), self)
        self.backup_action.setEnabled(False)
        quit_action = make_action(self.tr("終了"), self)
        _set_shortcut(quit_action, QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        self.file_menu.addAction(self.print_action)
        # Plug-in point for printing's other items (preview, the day's batch): before it.
        self.printing_end = self.file_menu.addSeparator()
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.backup_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(quit_action)
        self.new_training_action = make_action(self.tr("新しい研修…"), self)
        self.new_training_action.triggered.connect(lambda: self.new_training())
        self.visit_menu.addAction(self.new_visit_action)
        self.visit_menu.addAction(self.new_training_action)
        self.view_menu.addAction(self.search_action)

        self.help_menu = self.menuBar().addMenu(self.tr("ヘルプ(&H)"))
        self.about_action = make_action(self.tr("dxfield について…"), self)
        self.about_action.triggered.connect(self._on_about)
        self.logs_action = make_action(self.tr("ログフォルダーを開く"), self)
        self.logs_action.triggered.connect(self._on_open_logs)
        self.help_menu.addAction(self.about_action)
        self.help_menu.addAction(self.logs_action)

        self.toolbar = QToolBar(self.tr("ツールバー"))
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setProperty("toolButtonStyle", TOOL_BUTTON_TEXT_ONLY)
        self.addToolBar(self.toolbar)
        self.toolbar.addWidget(QLabel(self.tr(" 年度 ")))
        self.year_box = QComboBox()
        self.year_box.setObjectName("year")
        self.year_box.setMinimumContentsLength(16)
        self.year_box.currentIndexChanged.connect(self._on_year_chosen)
        self.toolbar.addWidget(self.year_box)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.new_visit_action)
        self.toolbar.addAction(self.search_action)
        self.toolbar.addAction(self.print_action)

    def _on_about(self) -> None:
        from .field_settings import AboutDialog

        if self.ops is not None:
            AboutDialog.show_for(self.ops.db.path, self)

    def _on_open_logs(self) -> None:
        from dxfield.paths import log_dir

        from .field_settings import open_folder

        open_folder(log_dir())

    def _install_deferred(self) -> None:
        if self._extensions_wiring or not isValid(self):  # deleted while they imported
            return
        self._extensions_wiring = True
        from . import extensions

        extensions.install_in_turns(self, self._on_extensions_installed)

    def _on_extensions_installed(self) -> None:
        self._extensions_installed = True

    def open_import(self, kind) -> None:
        from PySide6.QtCore import Qt

        from .import_wizard import ImportWizard

        wizard = ImportWizard(self.ops, self, kind=kind)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.import_wizard = wizard
        wizard.show()

    def set_print_handler(self, handler: Callable[[], None] | None) -> None:
        self._print_handler = handler
        self.print_action.setEnabled(handler is not None)  # greyed until printing is wired

    # -- state ---------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_state(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("page", self.current_page_name())
        self.settings.setValue("year", self._year)
        self.settings.setValue("year_saved_in", fiscal.fiscal_year_of(self.today))
        self.settings.sync()

    def closeEvent(self, event) -> None:
        notes = self._pages.get("notes")
        if notes is not None:
            notes.flush()  # queued; Ops.shutdown() drains the writer before exit
        self.save_state()
        super().closeEvent(event)

    # -- years ---------------------------------------------------------------------------

    @property
    def year(self) -> int:
        return self._year

    def _load_years(self) -> None:
        from dxfield.services.programme import known_years

        self.ops.query(known_years, self._fill_years, self.show_error)

    def _fill_years(self, years: list[int]) -> None:
        current = fiscal.fiscal_year_of(self.today)
        wanted = sorted(set(years) | {current, current + 1, self._year})
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in reversed(wanted):
            self.year_box.addItem(fiscal.fiscal_year_label(year), year)
        self.year_box.setCurrentIndex(self.year_box.findData(self._year))
        self.year_box.blockSignals(False)

    def set_year(self, year: int) -> None:
        if year == self._year:
            return
        self._year = year
        index = self.year_box.findData(year)
        if index < 0:
            self.year_box.blockSignals(True)
            self.year_box.addItem(fiscal.fiscal_year_label(year), year)
            index = self.year_box.count() - 1
            self.year_box.blockSignals(False)
        if self.year_box.currentIndex() != index:
            self.year_box.setCurrentIndex(index)
        emit(self.year_changed, year)

    def _on_year_chosen(self, index: int) -> None:
        year = self.year_box.itemData(index)
        if year is not None:
            self.set_year(int(year))

    # -- navigation ------------------------------------------------------------------------

    def page(self, name: str) -> QWidget:
        """The page called ``name``, built on first use."""
        if name not in self._pages:
            widget = create_page(name, self)
            self._pages[name] = widget
            self.stack.addWidget(widget)
        return self._pages[name]

    def built_page(self, name: str) -> QWidget | None:
        """The page called ``name`` if it has been built, without building it."""
        return self._pages.get(name)

    def current_page_name(self) -> str:
        row = self.nav.currentRow()
        return PAGES[row] if row >= 0 else "dashboard"

    def show_page(self, name: str) -> QWidget:
        if name not in PAGES:
            name = "dashboard"
        widget = self.page(name)
        self.stack.setCurrentWidget(widget)
        row = PAGES.index(name)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        activate = getattr(widget, "activate", None)
        if callable(activate):
            activate()
        emit(self.page_changed, name)
        return widget

    def _on_nav_changed(self, current: QListWidgetItem | None, _previous) -> None:
        if current is not None:
            self.show_page(PAGES[self.nav.row(current)])

    def open_municipality(self, municipality_id: str) -> None:
        page = self.show_page("municipality")
        page.show_municipality(municipality_id)

    def open_visit(self, visit_id: str, kind=None, offset: int | None = None) -> None:
        page = self.show_page("notes")
        page.open_visit(visit_id, kind, offset)

    def open_form_link(
        self, municipality_id: str | None, town: str, *, training_id: str | None = None
    ) -> None:
        """The dialog that makes a web-form link: the town's sheet of the year, or (with
        ``training_id``; ``town`` is then its title) a training's survey."""
        from PySide6.QtCore import Qt

        from .form_links import FormLinkDialog

        controller = getattr(self, "sync_controller", None)
        if controller is None:
            return
        dialog = FormLinkDialog(
            controller, municipality_id, town, self.year, self, training_id=training_id
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.form_link_dialog = dialog

    def open_assessment(self, municipality_id: str, kind=None) -> None:
        page = self.show_page("assessment")
        page.show_response(municipality_id, kind)

    def new_visit(self, municipality_id: str | None = None) -> None:
        from .visit_form import VisitDialog

        VisitDialog.ask(
            self,
            self.ops,
            year=self._year,
            municipality_id=municipality_id,
            on_saved=lambda _id: self.statusBar().showMessage(self.tr("訪問を保存しました"), 4000),
        )

    def edit_visit(self, visit_id: str) -> None:
        from .visit_form import VisitDialog

        VisitDialog.ask(self, self.ops, year=self._year, visit_id=visit_id)

    def open_training(self, training_id: str) -> None:
        page = self.show_page("trainings")
        page.show_training(training_id)

    def new_training(self, municipality_id: str | None = None, visit_id: str | None = None) -> None:
        page = self.show_page("trainings")
        page.new_training(municipality_id, visit_id)

    def open_need(self, need_id: str) -> None:
        page = self.show_page("needs")
        page.show_need(need_id)

    def focus_search(self) -> None:
        page = self.show_page("search")
        page.focus_box()

    def current_visit_id(self) -> str | None:
        """The visit a print or export acts on: the one open in the notes editor."""
        notes = self._pages.get("notes")
        return notes.visit_id if notes is not None else None

    def _on_print(self) -> None:
        # The action is enabled only with a handler (``set_print_handler``).
        if self._print_handler is not None:
            self._print_handler()

    # -- data --------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        if not changes:
            return
        if changes.visits:
            self._load_years()
        for widget in self._pages.values():
            handler = getattr(widget, "on_changes", None)
            if callable(handler):
                handler(changes)

    def show_error(self, exc: BaseException) -> None:
        from .errors import message_for  # the errors' catalog: not needed to show the window

        text = message_for(exc)
        self.statusBar().showMessage(text, 10000)
        from .dialogs import Messages  # QMessageBox: not needed to show the window

        Messages.error(self, text)

    def offer_demo_if_empty(self) -> None:
        from dxfield.services.programme import has_visits

        self.ops.query(lambda s: not has_visits(s), self._on_emptiness, self.show_error)

    def _on_emptiness(self, empty: bool) -> None:
        if empty and not self.settings.value("demo_offered", False, type=bool):
            self.settings.setValue("demo_offered", True)
            from .dialogs import DemoOffer

            DemoOffer.ask(self, self._on_demo_answer)

    def _on_demo_answer(self, yes: bool) -> None:
        if not yes:
            return

        today = self.today

        def install(session):
            from dxfield.demo import install_demo

            install_demo(session, today=today)

        self.statusBar().showMessage(self.tr("デモデータを読み込んでいます…"))
        self.ops.write(
            install,
            lambda _c: self.statusBar().showMessage(self.tr("デモデータを読み込みました"), 5000),
            self.show_error,
        )
