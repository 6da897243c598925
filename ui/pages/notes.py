"""The field-notes editor: one visit, calm and large, saved continuously.

Autosave is a throttle, not a debounce: the first keystroke after a save arms a timer
(``AUTOSAVE_MS``) and everything typed until it fires goes to the writer thread in one write
transaction. Continuous typing is therefore never more than about a second from the SQLite
row — which is the crash journal: a killed process loses at most that second. A failed write
(locked or read-only file, full disk) keeps the text in the editor, says so in a banner and
retries; nothing typed is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from dxfield.changes import Changes
from dxfield.enums import ActionStatus, NeedSource, NoteKind, OwnerSide, Phase, VisitStatus
from dxfield.fiscal import wareki
from dxfield.services import need_sources
from dxfield.services import visits as visit_service

from .. import labels
from ..errors import keeps_typing, message_for
from ..ops import Ops
from ..qtcompat import emit
from ..widgets.headings import heading

AUTOSAVE_MS = 600
RETRY_MS = 3000


@dataclass(frozen=True)
class ActionRow:
    id: str
    title: str
    owner: str
    due_on: date | None
    status: ActionStatus


@dataclass(frozen=True)
class VisitNotes:
    visit_id: str
    municipality_id: str
    municipality: str
    phase: Phase
    when: str
    status: VisitStatus
    sections: dict[NoteKind, tuple[str, bool]]
    actions: tuple[ActionRow, ...]
    fiscal_year: int = 0


def load_notes(session, visit_id: str) -> VisitNotes:
    visit = visit_service.get_visit(session, visit_id)
    sections = {
        kind: (row.body, row.internal)
        for kind, row in visit_service.get_notes(session, visit_id).items()
    }
    actions = tuple(
        ActionRow(a.id, a.title, f"{a.owner_side.label} {a.owner_name}".strip(), a.due_on, a.status)
        for a in visit.action_items
    )
    when = f"{wareki(visit.starts_at)} {visit.starts_at:%H:%M}–{visit.ends_at:%H:%M}"
    return VisitNotes(
        visit.id,
        visit.municipality_id,
        visit.municipality.name,
        visit.phase,
        when,
        visit.status,
        sections,
        actions,
        visit.fiscal_year,
    )


class SectionEditor(QFrame):
    """One note section: a heading, the internal-memo flag and a large text area.

    A line can be made a need (ニーズ) from the context menu, and from a button on the 要望
    section: ``promote_requested(kind, line, ask)`` (``ask``: open the form first). Lines
    that are needs already are shaded.
    """

    edited = Signal(object)  # NoteKind
    promote_requested = Signal(object, str, bool)  # NoteKind, the line, ask first

    def __init__(self, kind: NoteKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        title = heading(labels.note_kind(kind), 1.15)
        self.internal = QCheckBox(self.tr("内部メモ（配布資料に載せない）"))
        self.editor = QPlainTextEdit()
        self.editor.setObjectName(f"section_{kind.value}")
        body_font = self.editor.font()
        body_font.setPointSizeF(body_font.pointSizeF() * 1.25)
        self.editor.setFont(body_font)
        self.editor.setMinimumHeight(140 if kind != NoteKind.ATTENDEES else 90)
        self.editor.setTabChangesFocus(True)
        self.editor.setFrameShape(QFrame.Shape.NoFrame)
        self.editor.setStyleSheet("QPlainTextEdit { background: #fffdf8; padding: 6px; }")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch()
        self.promote_button: QPushButton | None = None
        if kind == NoteKind.REQUESTS:
            self.promote_button = QPushButton(self.tr("この行をニーズに登録"))
            self.promote_button.setObjectName("promote_line")
            self.promote_button.setToolTip(
                self.tr("カーソルのある行を、出典付きでニーズ・要望の一覧に加えます")
            )
            self.promote_button.clicked.connect(lambda: self._promote(ask=False))
            top.addWidget(self.promote_button)
        top.addWidget(self.internal)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addLayout(top)
        layout.addWidget(self.editor)
        self.editor.textChanged.connect(lambda: emit(self.edited, self.kind))
        self.internal.toggled.connect(lambda _on: emit(self.edited, self.kind))
        self._registered: set[str] = set()
        if kind != NoteKind.ATTENDEES:
            self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            self.editor.customContextMenuRequested.connect(self._on_context_menu)
            self.editor.textChanged.connect(self._mark_registered)

    def current_line(self) -> str:
        return self.editor.textCursor().block().text()

    def _promote(self, *, ask: bool) -> None:
        line = self.current_line()
        if line.strip():
            emit(self.promote_requested, self.kind, line, ask)

    def _on_context_menu(self, position) -> None:
        menu = self.editor.createStandardContextMenu(position)
        # The line under the pointer, not wherever the cursor was left.
        self.editor.setTextCursor(self.editor.cursorForPosition(position))
        menu.addSeparator()
        quick = menu.addAction(self.tr("この行をニーズに登録"))
        quick.triggered.connect(lambda: self._promote(ask=False))
        detailed = menu.addAction(self.tr("ニーズに登録（分野・テーマを確認）…"))
        detailed.triggered.connect(lambda: self._promote(ask=True))
        enabled = bool(self.current_line().strip())
        quick.setEnabled(enabled)
        detailed.setEnabled(enabled)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.editor.viewport().mapToGlobal(position))

    def set_registered(self, lines: set[str]) -> None:
        self._registered = set(lines)
        self._mark_registered()

    def _mark_registered(self) -> None:
        from dxfield.services.need_sources import clean_line

        marks = []
        block = self.editor.document().firstBlock()
        while block.isValid():
            if self._registered and clean_line(block.text()) in self._registered:
                selection = QTextEdit.ExtraSelection()
                selection.format.setBackground(QColor("#e3efe3"))
                selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                selection.format.setToolTip(self.tr("ニーズに登録済み"))
                selection.cursor = QTextCursor(block)
                marks.append(selection)
            block = block.next()
        self.editor.setExtraSelections(marks)

    def load(self, body: str, internal: bool) -> None:
        for widget in (self.editor, self.internal):
            widget.blockSignals(True)
        self.editor.setPlainText(body)
        self.internal.setChecked(internal)
        for widget in (self.editor, self.internal):
            widget.blockSignals(False)

    def snapshot(self) -> tuple[str, bool]:
        return self.editor.toPlainText(), self.internal.isChecked()


class NotesPage(QWidget):
    saved = Signal()  # everything typed so far is on disk
    save_failed = Signal(str)

    def __init__(self, ops: Ops, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._nav = navigator
        self._visit: VisitNotes | None = None
        self._dirty: dict[NoteKind, tuple[str, bool]] = {}
        self._in_flight = False
        self._pending_jump: tuple[NoteKind | None, int | None] = (None, None)

        self.title = heading(self.tr("訪問を選ぶと面談記録を書けます。"), 1.4)
        self.subtitle = QLabel()
        self.save_state = QLabel()
        self.save_state.setObjectName("save_state")
        self.banner = QLabel()
        self.banner.setObjectName("save_banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "QLabel { background: #fce8e6; color: #8c1d18; padding: 8px; border-radius: 4px; }"
        )
        self.banner.setVisible(False)
        self.done_button = QPushButton(self.tr("実施済にする"))
        self.done_button.clicked.connect(self._on_mark_done)
        self.edit_button = QPushButton(self.tr("訪問を編集…"))
        self.edit_button.clicked.connect(
            lambda: self._visit and self._nav.edit_visit(self._visit.visit_id)
        )
        self.town_button = QPushButton(self.tr("市町村ページ"))
        self.town_button.clicked.connect(
            lambda: self._visit and self._nav.open_municipality(self._visit.municipality_id)
        )

        self.sections: dict[NoteKind, SectionEditor] = {}
        column = QVBoxLayout()
        column.setSpacing(4)
        for kind in NoteKind:
            editor = SectionEditor(kind)
            editor.edited.connect(self._on_section_edited)
            editor.promote_requested.connect(self._on_promote)
            self.sections[kind] = editor
            column.addWidget(editor)
            if kind == NoteKind.AGREEMENTS:
                column.addWidget(self._build_actions())

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        header.addWidget(self.save_state)
        header.addWidget(self.town_button)
        header.addWidget(self.edit_button)
        header.addWidget(self.done_button)

        inner = QWidget()
        inner.setMaximumWidth(900)
        inner.setLayout(column)
        centre = QWidget()
        centring = QHBoxLayout(centre)
        centring.addStretch()
        centring.addWidget(inner, 100)
        centring.addStretch()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(centre)
        self.scroll = scroll

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self._set_enabled(False)

    def _build_actions(self) -> QWidget:
        box = QFrame()
        title = heading(self.tr("アクション（誰が・いつまでに・何を）"), 1)
        self.actions = QListWidget()
        self.actions.setMaximumHeight(150)
        self.actions.itemChanged.connect(self._on_action_toggled)
        self.action_title = QLineEdit()
        self.action_title.setPlaceholderText(self.tr("対応内容（Enterで追加）"))
        self.action_owner = QComboBox()
        for side in OwnerSide:
            self.action_owner.addItem(labels.owner_side(side), side)
        self.action_due = QDateEdit()
        self.action_due.setCalendarPopup(True)
        self.action_due.setDisplayFormat("yyyy-MM-dd")
        self.action_due.setDate(QDate.currentDate().addDays(14))
        add = QPushButton(self.tr("追加"))
        add.clicked.connect(self._on_add_action)
        self.action_title.returnPressed.connect(self._on_add_action)
        self.action_message = QLabel()
        self.action_message.setStyleSheet("color: #b3261e;")
        row = QHBoxLayout()
        row.addWidget(self.action_title, 1)
        row.addWidget(self.action_owner)
        row.addWidget(self.action_due)
        row.addWidget(add)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.addWidget(title)
        layout.addWidget(self.actions)
        layout.addLayout(row)
        layout.addWidget(self.action_message)
        return box

    def _set_enabled(self, on: bool) -> None:
        for widget in (
            *self.sections.values(),
            self.done_button,
            self.edit_button,
            self.town_button,
        ):
            widget.setEnabled(on)
        self.action_title.setEnabled(on)

    # -- loading -----------------------------------------------------------------------

    @property
    def visit_id(self) -> str | None:
        return self._visit.visit_id if self._visit else None

    def open_visit(
        self, visit_id: str, kind: NoteKind | None = None, offset: int | None = None
    ) -> None:
        if self._visit and self._visit.visit_id != visit_id:
            self.flush()
        self._pending_jump = (kind, offset)
        self._ops.query(lambda s: load_notes(s, visit_id), self._on_loaded, self._on_load_failed)

    def _on_loaded(self, notes: VisitNotes) -> None:
        same = self._visit is not None and self._visit.visit_id == notes.visit_id
        self._visit = notes
        self.title.setText(f"{notes.municipality}　{labels.phase(notes.phase)}")
        self.subtitle.setText(f"{notes.when}　{labels.visit_status(notes.status)}")
        self.done_button.setEnabled(notes.status != VisitStatus.DONE)
        for kind, editor in self.sections.items():
            if same and kind in self._dirty:
                continue  # never overwrite what is being typed with an older copy
            body, internal = notes.sections.get(kind, ("", False))
            if not same or editor.snapshot() != (body, internal):
                editor.load(body, internal)
        self._fill_actions(notes.actions)
        self._set_enabled(True)
        self.done_button.setEnabled(notes.status != VisitStatus.DONE)
        kind, offset = self._pending_jump
        self._pending_jump = (None, None)
        if kind is not None:
            self.jump_to(kind, offset or 0)
        self._load_registered()

    def _load_registered(self) -> None:
        if self._visit is None:
            return
        visit_id = self._visit.visit_id

        def show(found: dict[NoteKind, set[str]]) -> None:
            if self._visit is not None and self._visit.visit_id == visit_id:
                for kind, editor in self.sections.items():
                    editor.set_registered(found.get(kind, set()))

        self._ops.query(lambda s: need_sources.registered_note_lines(s, visit_id), show)

    def _on_load_failed(self, exc: BaseException) -> None:
        self._show_banner(message_for(exc))

    def _fill_actions(self, actions: tuple[ActionRow, ...]) -> None:
        self.actions.blockSignals(True)
        self.actions.clear()
        for action in actions:
            due = action.due_on.isoformat() if action.due_on else ""
            item = QListWidgetItem(f"{action.title}　［{action.owner}］ {due}")
            item.setData(Qt.ItemDataRole.UserRole, action.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked
                if action.status == ActionStatus.DONE
                else Qt.CheckState.Unchecked
            )
            self.actions.addItem(item)
        self.actions.blockSignals(False)

    def jump_to(self, kind: NoteKind, offset: int) -> None:
        editor = self.sections[kind].editor
        cursor = editor.textCursor()
        cursor.setPosition(min(offset, len(editor.toPlainText())))
        editor.setTextCursor(cursor)
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        editor.ensureCursorVisible()
        self.scroll.ensureWidgetVisible(self.sections[kind])

    def on_changes(self, changes: Changes) -> None:
        if self._visit and changes.needs:
            self._load_registered()
        # Its own saves come back while in flight (skipped); a sync's notes reload the
        # sections not being typed in (``_on_loaded`` keeps those).
        shown = changes.visits or changes.notes or changes.action_items
        if self._visit and shown and not self._in_flight:
            visit_id = self._visit.visit_id
            self._ops.query(
                lambda s: load_notes(s, visit_id), self._on_loaded, self._on_load_failed
            )

    # -- autosave ------------------------------------------------------------------------

    def _on_section_edited(self, kind: NoteKind) -> None:
        if self._visit is None:
            return
        self._dirty[kind] = self.sections[kind].snapshot()
        self.save_state.setText(self.tr("未保存"))
        if not self._timer.isActive() and not self._in_flight:
            self._timer.start(AUTOSAVE_MS)

    def has_unsaved(self) -> bool:
        return bool(self._dirty) or self._in_flight

    def flush(self) -> None:
        """Send everything typed so far to the writer thread (returns at once)."""
        self._timer.stop()
        if self._visit is None or not self._dirty or self._in_flight or self._ops.closed:
            return
        visit_id = self._visit.visit_id
        batch = dict(self._dirty)
        self._dirty.clear()
        self._in_flight = True
        self.save_state.setText(self.tr("保存中…"))

        def write(session) -> None:
            for kind, (body, internal) in batch.items():
                visit_service.set_note_section(session, visit_id, kind, body, internal=internal)

        self._ops.write(
            write, lambda _c: self._on_flushed(), lambda e: self._on_flush_failed(e, batch)
        )

    def _on_flushed(self) -> None:
        self._in_flight = False
        self.banner.setVisible(False)
        if self._dirty:
            self._timer.start(AUTOSAVE_MS)
            self.save_state.setText(self.tr("未保存"))
        else:
            self.save_state.setText(self.tr("保存済み"))
            emit(self.saved)

    def _on_flush_failed(self, exc: BaseException, batch: dict) -> None:
        self._in_flight = False
        for kind, value in batch.items():
            self._dirty.setdefault(kind, value)  # newer typing wins over the failed copy
        self.save_state.setText(self.tr("未保存"))
        text = message_for(exc)
        self._show_banner(text)
        emit(self.save_failed, text)
        if keeps_typing(exc):
            self._timer.start(RETRY_MS)

    def _show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(True)

    # -- needs -----------------------------------------------------------------------------

    def _on_promote(self, kind: NoteKind, line: str, ask: bool) -> None:
        """Make a need of a line of this visit's notes, saved first so the line is there."""
        if self._visit is None:
            return
        self.flush()  # queued before the promotion on the one writer thread
        visit_id, year = self._visit.visit_id, self._visit.fiscal_year
        section_id = visit_service.note_section_id(visit_id, kind)
        if ask:
            from ..need_form import NeedDialog, PromoteRequest

            origin = self.tr("面談記録（%1）").replace("%1", labels.note_kind(kind))
            NeedDialog.ask(
                self,
                self._ops,
                year=year,
                promote=PromoteRequest(NeedSource.VISIT_NOTE, section_id, line, origin),
                on_saved=lambda _id: self._say(self.tr("ニーズに登録しました")),
            )
            return

        def write(session):
            result = need_sources.promote(session, NeedSource.VISIT_NOTE, section_id, line)
            return need_sources.promoted_summary(session, result)

        self._ops.write(write, self._on_promoted, lambda e: self._show_banner(message_for(e)))

    def _on_promoted(self, result) -> None:
        created, domain, themes = result
        where = "／".join([domain, *themes])
        text = (
            self.tr("ニーズに登録しました（%1）。ニーズ・要望のページで分野や検討状況を直せます。")
            if created
            else self.tr("この行はすでにニーズに登録されています（%1）。")
        )
        self._say(text.replace("%1", where))

    def _say(self, text: str) -> None:
        status_bar = getattr(self._nav, "statusBar", None)
        if callable(status_bar):
            status_bar().showMessage(text, 8000)
        self.save_state.setText(text if len(text) < 40 else self.save_state.text())

    # -- visit and actions ----------------------------------------------------------------

    def _on_mark_done(self) -> None:
        if self._visit is None:
            return
        self.flush()
        visit_id = self._visit.visit_id
        self._ops.write(
            lambda s: visit_service.mark_done(s, visit_id),
            None,
            lambda e: self._show_banner(message_for(e)),
        )

    def _on_add_action(self) -> None:
        if self._visit is None:
            return
        title = self.action_title.text().strip()
        if not title:
            self.action_message.setText(self.tr("対応内容を入力してください。"))
            return
        self.action_message.clear()
        visit_id = self._visit.visit_id
        side = OwnerSide(self.action_owner.currentData())  # Qt hands enums back as str
        due = self.action_due.date().toPython()

        def write(session) -> None:
            visit_service.add_action_item(session, visit_id, title, side, due_on=due)

        self.action_title.clear()
        self._ops.write(write, None, lambda e: self._restore_action(title, e))

    def _restore_action(self, title: str, exc: BaseException) -> None:
        self.action_title.setText(title)
        self.action_message.setText(message_for(exc))

    def _on_action_toggled(self, item: QListWidgetItem) -> None:
        item_id = item.data(Qt.ItemDataRole.UserRole)
        status = (
            ActionStatus.DONE if item.checkState() == Qt.CheckState.Checked else ActionStatus.OPEN
        )
        self._ops.write(
            lambda s: visit_service.set_action_status(s, item_id, status),
            None,
            lambda e: self._show_banner(message_for(e)),
        )


__all__ = ["AUTOSAVE_MS", "NotesPage", "QFont", "QSizePolicy", "QTextCursor", "load_notes"]
