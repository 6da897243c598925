"""Preview and print visit handouts (面談記録) from the desktop app.

The PDF is made by ``dxfield.reports`` on the op queue's reader threads (``Ops.query``); the
UI thread only receives the finished file. What happens with the file:

* **preview** opens it in the system's PDF viewer (``SystemViewer.open``);
* **print** shows Qt's print dialog and draws the pages on the printer when the Qt PDF
  and print modules are installed (``PySide6-Addons``); otherwise the file opens in the
  system viewer, whose print dialog handles PDF best. The desktop bundle ships neither
  (``pyinstaller.spec``: QtPrintSupport brings CUPS and GnuTLS, about 10 MB, to draw pages
  it could not read without QtPdf), so they are imported only on that path.

API for the windows (``install(window)`` wires the main window's 印刷 action):

* ``HandoutPrinter(ops).preview(visit_id)`` / ``.print_handout(visit_id)`` — ``ready(Path)`` or
  ``failed(exception)`` afterwards; given the sync controller, a handout that asks for an
  assessment sheet may carry its web-form link and QR code (``ui.handout_link``);
* ``BatchPrintDialog(ops, visit_ids, form_links=...).start()`` — many handouts in one PDF
  (one print job) with a progress bar and a cancel button; ``done(Path)``,
  ``failed(exception)``, ``cancelled()``; ``print_day`` offers the web-form links of the
  day's sheets first, made in one request (``ui.handout_link.SheetLinks``);
* ``SystemViewer.open`` and ``PrintDialog.ask`` are classmethods so tests replace them
  instead of fighting a viewer or a modal loop.
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from dxfield.paths import handout_dir
from dxfield.reports import render_visits, write_handout_into
from dxfield.reports.data import FormLinkBlock, Sheet, SheetLinkTarget, sheet_link_target
from dxfield.reports.layout import write_atomically

from .mainwindow import make_action
from .ops import Ops
from .qtcompat import emit

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from .handout_link import SheetLinks

log = logging.getLogger(__name__)


def handout_folder() -> Path:
    """Where handouts for preview and printing go: the viewer must still find the file
    after we hand it over, so it is not deleted when the operation ends."""
    folder = handout_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def has_qt_pdf() -> bool:
    """Whether Qt can read a PDF and print it (QtPdf and QtPrintSupport both installed)."""
    return all(
        importlib.util.find_spec(f"PySide6.{name}") is not None
        for name in ("QtPdf", "QtPrintSupport")
    )


class SystemViewer:
    @classmethod
    def open(cls, path: Path) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class PrintDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, printer: QPrinter) -> bool:
        from PySide6.QtPrintSupport import QPrintDialog

        dialog = QPrintDialog(printer, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted


def print_pdf(parent: QWidget | None, path: Path) -> bool:
    """Print ``path``; True if it went to a printer, False if it was opened for the user
    to print from the system viewer instead."""
    if not has_qt_pdf():
        SystemViewer.open(path)
        return False
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    # Pages are drawn as images: 300 dpi is sharp on paper and keeps each page ~35 MB.
    printer.setResolution(300)
    printer.setDocName(path.stem)
    if not PrintDialog.ask(parent, printer):
        return False
    document = QPdfDocument()
    document.load(str(path))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    try:
        rect = painter.viewport()
        for page in range(document.pageCount()):
            if page:
                printer.newPage()
            size = document.pagePointSize(page).toSize()
            size.scale(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
            image = document.render(page, size)
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return True


def link_targets(session, visit_ids: Sequence[str], controller) -> dict[str, SheetLinkTarget]:
    """Visit id -> the assessment sheet its handout can carry a web-form link to, for the
    visits that ask for one, if the laptop is logged in (none otherwise: there is no server
    to make a link on). Reads the store and the keyring: call it off the UI thread."""
    found = {v: sheet_link_target(session, v) for v in visit_ids}
    targets = {v: t for v, t in found.items() if t is not None}
    return targets if targets and controller.logged_in() else {}


def _link_of(
    visit_id: str, targets: Mapping[str, SheetLinkTarget], made: Mapping[Sheet, FormLinkBlock]
) -> FormLinkBlock | None:
    target = targets.get(visit_id)
    return made.get(target.sheet) if target is not None else None


class HandoutPrinter(QObject):
    """One visit's handout for preview or print; the PDF is made off the UI thread.

    With a sync ``controller`` whose laptop is logged in, the handout of a visit that asks for
    an assessment sheet may carry the sheet's web-form link and QR code (``ui.handout_link``):
    the link is made on the server through ``controller.call_server``; without a network the
    handout can still be made without it."""

    ready = Signal(object)  # Path
    failed = Signal(object)  # exception
    cancelled = Signal()  # the user chose not to make the handout after all
    message = Signal(str)  # a line for the status bar

    def __init__(
        self,
        ops: Ops,
        parent: QWidget | None = None,
        *,
        folder: Path | None = None,
        issued_on: date | None = None,
        controller=None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self._parent = parent
        self._folder = folder
        self._issued_on = issued_on
        self.controller = controller
        # The links made in this run, per sheet (a day's batch print shares them).
        self.links: SheetLinks | None = None
        if controller is not None:
            from .handout_link import SheetLinks

            self.links = SheetLinks(controller, parent)
            self.links.message.connect(lambda text: emit(self.message, text))

    def preview(self, visit_id: str) -> None:
        self._make(visit_id, SystemViewer.open, self.tr("プレビュー"))

    def print_handout(self, visit_id: str) -> None:
        self._make(visit_id, lambda path: print_pdf(self._parent, path), self.tr("印刷"))

    def _make(self, visit_id: str, then, action: str) -> None:
        links = self.links
        if links is None:
            self._write(visit_id, None, then)
            return

        def offer(targets: dict[str, SheetLinkTarget]) -> None:
            links.offer(
                list(targets.values()),
                action,
                lambda made: self._write(visit_id, _link_of(visit_id, targets, made), then),
                lambda: emit(self.cancelled),
            )

        self.ops.query(
            lambda s: link_targets(s, [visit_id], links.controller),
            offer,
            lambda exc: emit(self.failed, exc),
        )

    def _write(self, visit_id: str, form_link: FormLinkBlock | None, then) -> None:
        folder = self._folder or handout_folder()
        issued_on = self._issued_on

        def job(session) -> Path:
            return write_handout_into(
                session, visit_id, folder, issued_on=issued_on, form_link=form_link
            )

        def done(path: Path) -> None:
            emit(self.ready, path)
            try:
                then(path)
            except Exception as exc:  # a printer error must reach the user, not the log
                emit(self.failed, exc)

        self.ops.query(job, done, lambda exc: emit(self.failed, exc))


class BatchCancelled(Exception):
    """Raised inside the worker when the user cancels a batch."""


class _Progress(QObject):
    # Emitted on the worker thread; Qt queues it to the dialog on the UI thread.
    advanced = Signal(int, int)


class BatchPrintDialog(QDialog):
    """Many handouts as one PDF (one print job), with a progress bar and 中止."""

    done = Signal(object)  # Path of the combined PDF
    failed = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        ops: Ops,
        visit_ids: Sequence[str],
        parent: QWidget | None = None,
        *,
        target: Path | None = None,
        issued_on: date | None = None,
        then_print: bool = True,
        form_links: Mapping[str, FormLinkBlock] | None = None,
    ) -> None:
        """``form_links``: visit id -> the web-form link its handout prints (``SheetLinks``)."""
        super().__init__(parent)
        self.ops = ops
        self.visit_ids = list(visit_ids)
        self.form_links = dict(form_links or {})
        self._target = target
        self._issued_on = issued_on
        self._then_print = then_print
        self._cancel = threading.Event()
        self._relay = _Progress(self)
        self._relay.advanced.connect(self._on_advanced)
        self.setWindowTitle(self.tr("配布資料の一括印刷"))
        self.setModal(True)

        self.label = QLabel(self.tr("面談記録を作成しています…"))
        self.bar = QProgressBar()
        self.bar.setRange(0, max(len(self.visit_ids), 1))
        self.bar.setValue(0)
        self.bar.setFormat("%v / %m")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.buttons)
        self.resize(380, 120)

    def start(self) -> None:
        self.show()
        ids, cancel, relay = self.visit_ids, self._cancel, self._relay
        target = self._target or handout_folder() / f"面談記録_{len(ids)}件.pdf"
        issued_on, links = self._issued_on, self.form_links

        def progress(done: int, total: int) -> None:
            if cancel.is_set():
                raise BatchCancelled
            emit(relay.advanced, done, total)

        def job(session) -> Path:
            pdf = render_visits(
                session, ids, issued_on=issued_on, progress=progress, form_links=links
            )
            if cancel.is_set():
                raise BatchCancelled
            return write_atomically(target, pdf)

        self.ops.query(job, self._on_done, self._on_error)

    @Slot()
    def cancel(self) -> None:
        """Stop after the handout being laid out; nothing is written."""
        self._cancel.set()
        self.label.setText(self.tr("中止しています…"))
        self.buttons.setEnabled(False)

    @Slot(int, int)
    def _on_advanced(self, done: int, total: int) -> None:
        self.bar.setMaximum(total)
        self.bar.setValue(done)
        self.label.setText(self.tr("面談記録を作成しています… {0} / {1} 件").format(done, total))

    def _on_done(self, path: Path) -> None:
        self.bar.setValue(self.bar.maximum())
        self.accept()
        emit(self.done, path)
        if self._then_print:
            try:
                print_pdf(self.parentWidget(), path)
            except Exception as exc:
                emit(self.failed, exc)

    def _on_error(self, exc: BaseException) -> None:
        self.reject()
        if isinstance(exc, BatchCancelled):
            emit(self.cancelled)
        else:
            emit(self.failed, exc)

    def reject(self) -> None:
        # Escape and the window's close button cancel the batch too.
        self._cancel.set()
        super().reject()


# -- the main window's plug-in point ----------------------------------------------------------


def install(window) -> None:
    """Wire the main window: 印刷 prints the open visit's handout; プレビュー and
    本日分の一括印刷 go in the file menu."""
    printer = HandoutPrinter(
        window.ops, window, controller=getattr(window, "sync_controller", None)
    )
    printer.failed.connect(lambda exc: window.show_error(exc))
    printer.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
    window.handout_printer = printer

    def visit_or_hint() -> str | None:
        visit_id = window.current_visit_id()
        if visit_id is None:
            window.statusBar().showMessage(
                window.tr("面談記録の画面で訪問を開いてから印刷してください"), 6000
            )
        return visit_id

    def print_current() -> None:
        visit_id = visit_or_hint()
        if visit_id is not None:
            printer.print_handout(visit_id)

    def preview_current() -> None:
        visit_id = visit_or_hint()
        if visit_id is not None:
            printer.preview(visit_id)

    window.set_print_handler(print_current)
    preview = make_action(window.tr("配布資料をプレビュー"), window)
    preview.triggered.connect(preview_current)
    batch = make_action(window.tr("本日の配布資料を一括印刷…"), window)
    batch.triggered.connect(lambda: print_day(window, window.today))
    # Beside 配布資料を印刷…, not after 終了 at the menu's end.
    window.file_menu.insertActions(window.printing_end, [preview, batch])


def print_day(window, day: date) -> None:
    """All handouts of ``day`` in one print job, with the batch dialog. On a logged-in laptop
    the handouts that ask for an assessment sheet may carry its web-form link and QR code,
    offered once for the day and made in one request (``SheetLinks``, shared with the single
    handouts: a link made earlier in this run is printed again)."""
    from dxfield.reports.data import visits_on

    printer = getattr(window, "handout_printer", None)
    links: SheetLinks | None = printer.links if printer is not None else None

    def look(session) -> tuple[list[str], dict[str, SheetLinkTarget]]:
        ids = [v.id for v in visits_on(session, day)]
        return ids, (link_targets(session, ids, links.controller) if links and ids else {})

    def found(answer: tuple[list[str], dict[str, SheetLinkTarget]]) -> None:
        ids, targets = answer
        if not ids:
            window.statusBar().showMessage(
                window.tr("{0} の訪問はありません").format(day.isoformat()), 6000
            )
            return
        if links is None or not targets:
            start(ids, {})
            return
        links.offer(
            list(targets.values()),
            window.tr("印刷"),
            lambda made: start(ids, {v: _link_of(v, targets, made) for v in targets}),
            lambda: None,  # the user chose not to print after all
        )

    def start(ids: list[str], form_links: dict[str, FormLinkBlock | None]) -> None:
        kept = {v: link for v, link in form_links.items() if link is not None}
        dialog = BatchPrintDialog(window.ops, ids, window, form_links=kept)
        dialog.failed.connect(lambda exc: window.show_error(exc))
        # Deleted only once the worker has answered: its callback still needs the dialog.
        for signal in (dialog.done, dialog.failed, dialog.cancelled):
            signal.connect(dialog.deleteLater)
        window.batch_print_dialog = dialog
        dialog.start()

    window.ops.query(look, found, window.show_error)


__all__ = [
    "BatchCancelled",
    "BatchPrintDialog",
    "HandoutPrinter",
    "PrintDialog",
    "SystemViewer",
    "handout_folder",
    "install",
    "print_day",
    "print_pdf",
]
