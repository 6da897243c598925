"""The needs register of the chosen 年度 (ニーズ・要望): the list with filters and the chosen
need, the view across municipalities (domain × theme beside the weakest assessment cells),
and the versions of next year's proposal draft (たたき台).

Everything goes through ``Ops`` to the core's services; the page builds no query.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelection, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dxfield import fiscal
from dxfield.changes import Changes
from dxfield.enums import NeedSource, NeedStatus
from dxfield.needs.overview import needs_overview
from dxfield.services import need_sources, proposals
from dxfield.services import needs as service

from .. import labels
from ..dialogs import Messages
from ..models import NeedTableModel
from ..ops import Ops
from ..qtcompat import emit
from ..widgets.headings import heading
from ..widgets.layouts import side_by_side, stack
from ..widgets.tables import record_list
from .needs_views import DraftVersions, NeedsMatrix

LIST, MATRIX, DRAFTS = range(3)
translate = QCoreApplication.translate


class DraftQuestions:
    """What the page asks before writing a draft; tests replace these classmethods."""

    @classmethod
    def label(cls, parent: QWidget) -> str | None:
        text, ok = QInputDialog.getText(
            parent,
            translate("NeedsPage", "たたき台の新しい版"),
            translate("NeedsPage", "版の名前（例：5月たたき台、9月改訂。空欄なら日付）"),
        )
        return text if ok else None

    @classmethod
    def path(cls, parent: QWidget, suggested: str) -> Path | None:
        from ..import_wizard import FileDialogs

        title = translate("NeedsPage", "たたき台の保存先")
        return FileDialogs.save_path(parent, title, "Word (*.docx);;PDF (*.pdf)", suggested)


class NeedsPage(QWidget):
    shown = Signal(str)  # the chosen need's details are on screen (its id)
    listed = Signal()  # the list was filled

    def __init__(self, ops: Ops, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._nav = navigator
        self._selected: str | None = None
        self._choices_year: int | None = None
        self.rows: list[service.NeedRow] = []

        self.heading = heading()
        self.domain = QComboBox()
        self.domain.setObjectName("filter_domain")
        self.status = QComboBox()
        self.status.setObjectName("filter_status")
        self.status.addItem(self.tr("すべての状態"), None)
        self.status.addItem(self.tr("採用・検討中"), "proposed")
        for status in NeedStatus:
            self.status.addItem(labels.need_status(status), status)
        self.town = QComboBox()
        self.town.setObjectName("filter_town")
        self.theme = QComboBox()
        self.theme.setObjectName("filter_theme")
        self.words = QLineEdit()
        self.words.setObjectName("filter_words")
        self.words.setPlaceholderText(self.tr("言葉で絞り込む"))
        self.words.setClearButtonEnabled(True)
        for combo in (self.domain, self.status, self.town, self.theme):
            combo.setMinimumContentsLength(9)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.words.textChanged.connect(lambda _t: self._show_rows())
        self.count = QLabel()
        self.count.setObjectName("needs_count")

        self.model = NeedTableModel()
        self.table = record_list(self.model, "needs_list")
        # One line a need, so a screen holds many; the whole text is in the tooltip and the
        # details beside the list.
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NeedTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NeedTableModel.THEMES, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(NeedTableModel.ORIGIN, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(NeedTableModel.THEMES, 190)
        header.resizeSection(NeedTableModel.ORIGIN, 230)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.details = QTextBrowser()
        self.details.setObjectName("need_details")

        new = QPushButton(self.tr("新しいニーズ…"))
        new.clicked.connect(lambda: self.new_need())
        self.edit = QPushButton(self.tr("編集…"))
        self.edit.clicked.connect(self.edit_selected)
        self.status_buttons: dict[NeedStatus, QPushButton] = {}
        for status in (NeedStatus.ADOPTED, NeedStatus.CONSIDERING, NeedStatus.DECLINED):
            button = QPushButton(labels.need_status(status))
            button.setObjectName(f"mark_{status.value}")
            button.setToolTip(self.tr("選んだニーズ（複数可）をこの状態にします"))
            button.clicked.connect(lambda _c=False, s=status: self.mark_selected(s))
            self.status_buttons[status] = button
        self.delete = QPushButton(self.tr("削除…"))
        self.delete.clicked.connect(self.delete_selected)
        self.open_source = QPushButton(self.tr("元の記録を開く"))
        self.open_source.setObjectName("open_source")
        self.open_source.clicked.connect(self._on_open_source)

        filters = QHBoxLayout()
        filters.addWidget(self.heading)
        filters.addStretch()
        for widget in (self.domain, self.status, self.town, self.theme, self.words):
            filters.addWidget(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.edit)
        buttons.addSpacing(12)
        buttons.addWidget(QLabel(self.tr("検討状況：")))
        for button in self.status_buttons.values():
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.delete)
        buttons.addStretch()
        buttons.addWidget(self.open_source)

        left = stack(self.count, (self.table, 1), buttons)
        splitter = side_by_side(left, self.details, (3, 1), [900, 330])

        self.matrix = NeedsMatrix()
        self.matrix.cell_chosen.connect(self.show_cell)
        self.matrix.proposed_only_changed.connect(lambda _on: self._load_matrix())
        self.drafts = DraftVersions()
        self.drafts.create_requested.connect(self.create_draft)
        self.drafts.export_requested.connect(self.export_draft)
        self.drafts.compare_requested.connect(self.compare_drafts)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, self.tr("一覧"))
        self.tabs.addTab(self.matrix, self.tr("分野×テーマ（市町村横断）"))
        self.tabs.addTab(self.drafts, self.tr("次年度提案のたたき台"))
        self.tabs.currentChanged.connect(lambda _i: self._load_tab())

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)
        self._enable_actions()
        navigator.year_changed.connect(lambda _y: self.activate())

    # -- loading -----------------------------------------------------------------------

    def activate(self) -> None:
        year = self._nav.year
        self.heading.setText(
            self.tr("%1 のニーズ・要望").replace(
                "%1", fiscal.fiscal_year_label(year, with_seireki=False)
            )
        )
        if self._choices_year != year:
            self._ops.query(lambda s: service.need_choices(s, year), self._fill_filters)
        else:
            self.refresh()

    def _fill_filters(self, choices: service.NeedChoices) -> None:
        self._choices_year = self._nav.year
        wanted = (
            self.domain.currentData(),
            self.town.currentData(),
            self.theme.currentData(),
        )
        for combo, everything, items in (
            (self.domain, self.tr("すべての分野"), choices.domains),
            (self.town, self.tr("すべての市町村"), choices.municipalities),
            (self.theme, self.tr("すべてのテーマ"), [(t, t) for t in choices.themes]),
        ):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value, text in items:
                combo.addItem(text, value)
            combo.blockSignals(False)
        for combo, value in zip((self.domain, self.town, self.theme), wanted, strict=True):
            self._select(combo, value)
        self.refresh()

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        index = combo.findData(value)
        combo.blockSignals(True)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def refresh(self) -> None:
        year = self._nav.year
        domain, town, theme = (
            self.domain.currentData(),
            self.town.currentData(),
            self.theme.currentData(),
        )
        status = self.status.currentData()
        statuses = service.PROPOSED if status == "proposed" else status
        self._ops.query(
            lambda s: service.list_needs(
                s, year=year, domain=domain, status=statuses, municipality_id=town, theme=theme
            ),
            self._on_listed,
            self._nav.show_error,
        )
        self._load_tab()

    def _load_tab(self) -> None:
        if self.tabs.currentIndex() == MATRIX:
            self._load_matrix()
        elif self.tabs.currentIndex() == DRAFTS:
            year = self._nav.year
            self._ops.query(
                lambda s: proposals.list_drafts(s, year=year),
                self.drafts.set_rows,
                self._nav.show_error,
            )

    def _load_matrix(self) -> None:
        year = self._nav.year
        statuses = service.PROPOSED if self.matrix.proposed_only.isChecked() else None
        self._ops.query(
            lambda s: needs_overview(s, year, statuses=statuses),
            self.matrix.set_overview,
            self._nav.show_error,
        )

    def on_changes(self, changes: Changes) -> None:
        if (changes.needs or changes.proposals or changes.assessments) and self.isVisible():
            if changes.needs:
                self._choices_year = None  # new tags or measures for the filters
            self.activate()

    def _on_listed(self, rows: list[service.NeedRow]) -> None:
        self.rows = rows
        self._show_rows()
        emit(self.listed)

    def _show_rows(self) -> None:
        words = self.words.text().strip()
        rows = [
            r
            for r in self.rows
            if not words
            or words in r.text
            or words in r.quote
            or words in (r.municipality or "")
            or words in r.note
        ]
        self.model.set_records(rows)
        counts = {s: sum(1 for r in rows if r.status is s) for s in NeedStatus}
        towns = len({r.municipality_id for r in rows if r.municipality_id})
        self.count.setText(
            self.tr("%1件（%2市町村）").replace("%1", str(len(rows))).replace("%2", str(towns))
            + "　"
            + "　".join(f"{labels.need_status(s)} {n}" for s, n in counts.items())
        )
        ids = [r.id for r in rows]
        if self._selected in ids:
            self.table.selectRow(ids.index(self._selected))
        else:
            self._show_detail(None)

    # -- the chosen need -----------------------------------------------------------------

    def selected_rows(self) -> list[service.NeedRow]:
        picked = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.record(r) for r in picked]

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.selected_rows()
        self._selected = rows[-1].id if rows else None
        self._show_detail(rows[-1] if rows else None)

    def _enable_actions(self) -> None:
        rows = self.selected_rows() if hasattr(self, "table") else []
        for button in (self.edit, self.delete, self.open_source):
            button.setEnabled(len(rows) == 1)
        for button in self.status_buttons.values():
            button.setEnabled(bool(rows))
        if len(rows) == 1:
            self.open_source.setEnabled(rows[0].source is not NeedSource.OTHER)

    def _show_detail(self, row: service.NeedRow | None) -> None:
        self._enable_actions()
        if row is None:
            self.details.setHtml(
                "<p>{}</p>".format(escape(self.tr("ニーズを選ぶと、ここに内容が表示されます。")))
            )
            return
        items = [
            (self.tr("市町村"), row.municipality or self.tr("県全体")),
            (self.tr("分野"), row.domain_label),
            (self.tr("テーマ"), "、".join(row.themes)),
            (self.tr("聞いた日"), fiscal.wareki(row.heard_on) if row.heard_on else ""),
            (self.tr("検討状況"), labels.need_status(row.status)),
            (self.tr("施策（たたき台）"), row.measure),
            (self.tr("出典"), row.origin),
        ]
        html = [f"<h3>{escape(row.text)}</h3>"]
        if row.quote and row.quote != row.text:
            html.append(f"<p style='color:#555'>「{escape(row.quote)}」</p>")
        html.append("<table cellspacing='4'>")
        for label, value in items:
            if value:
                html.append(
                    f"<tr><th align='left'>{escape(label)}</th><td>{escape(value)}</td></tr>"
                )
        html.append("</table>")
        if row.note:
            memo = self.tr("検討メモ")
            html.append(f"<h4>{escape(memo)}</h4><p>{escape(row.note)}</p>")
        self.details.setHtml("".join(html))
        emit(self.shown, row.id)

    def show_need(self, need_id: str) -> None:
        """Show one need in the list (filters cleared, its 年度 chosen)."""
        self._selected = need_id
        self.tabs.setCurrentIndex(LIST)
        for combo in (self.domain, self.town, self.theme, self.status):
            self._select(combo, None)
        self.words.clear()

        def go(row: service.NeedRow) -> None:
            if row.fiscal_year != self._nav.year:
                self._nav.set_year(row.fiscal_year)  # reloads, then selects it
            else:
                self.refresh()

        self._ops.query(lambda s: service.need_row(s, need_id), go, self._nav.show_error)

    def show_cell(self, domain: str, theme: str) -> None:
        """The list of one cell of the domain × theme view."""
        self._select(self.domain, domain)
        self._select(self.theme, theme or None)
        if self.matrix.proposed_only.isChecked():
            self._select(self.status, "proposed")
        self.tabs.setCurrentIndex(LIST)
        self.refresh()

    # -- actions -----------------------------------------------------------------------

    def new_need(self, municipality_id: str | None = None) -> None:
        from ..need_form import NeedDialog

        NeedDialog.ask(
            self,
            self._ops,
            year=self._nav.year,
            municipality_id=municipality_id or self.town.currentData(),
            on_saved=self._on_saved,
        )

    def edit_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        from ..need_form import NeedDialog

        NeedDialog.ask(
            self, self._ops, year=self._nav.year, need_id=rows[0].id, on_saved=self._on_saved
        )

    def _on_saved(self, need_id: str) -> None:
        self._selected = need_id

    def mark_selected(self, status: NeedStatus) -> None:
        ids = [r.id for r in self.selected_rows()]
        if ids:
            self._ops.write(
                lambda s: service.set_status(s, ids, status), None, self._nav.show_error
            )

    def delete_selected(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        question = self.tr("「%1」を削除しますか？").replace("%1", rows[0].text)
        if not Messages.confirm(self, self.tr("ニーズの削除"), question):
            return
        need_id = rows[0].id
        self._selected = None
        self._ops.write(lambda s: service.delete_need(s, need_id), None, self._nav.show_error)

    def _on_open_source(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        if row.source is NeedSource.VISIT_NOTE:
            self._ops.query(
                lambda s: need_sources.note_offset(s, row.id),
                lambda found: found and self._nav.open_visit(*found),
                self._nav.show_error,
            )
        elif row.source is NeedSource.ASSESSMENT and row.municipality_id:
            self._nav.open_assessment(row.municipality_id)
        elif row.source in (NeedSource.TRAINING, NeedSource.SURVEY):
            self._ops.query(
                lambda s: need_sources.training_of(s, row.id),
                lambda training_id: training_id and self._nav.open_training(training_id),
                self._nav.show_error,
            )

    # -- the proposal draft ------------------------------------------------------------

    def create_draft(self) -> None:
        label = DraftQuestions.label(self)
        if label is None:
            return
        year = self._nav.year
        path = DraftQuestions.path(self, f"たたき台_{year + 1}年度.docx")
        if path is None:
            return

        def write(session):
            from dxfield.reports.proposal import write_proposal

            draft, created = proposals.save_draft(session, year, label=label)
            content = proposals.draft_content(draft)
            write_proposal(content, path, issued_on=draft.issued_on, label=draft.label)
            return draft.label or f"{draft.issued_on:%Y-%m-%d}", created, path

        self._ops.write(write, self._on_draft_written, self._nav.show_error)

    def _on_draft_written(self, result) -> None:
        name, created, path = result
        text = (
            self.tr("たたき台の版「%1」を保存しました: %2")
            if created
            else self.tr("前回の版「%1」から変更がないため、その版を書き出しました: %2")
        )
        self._nav.statusBar().showMessage(text.replace("%1", name).replace("%2", str(path)), 8000)
        self._load_tab()

    def export_draft(self, draft_id: str) -> None:
        path = DraftQuestions.path(self, "たたき台.docx")
        if path is None:
            return

        def write(session) -> Path:
            from dxfield.reports.proposal import write_proposal

            draft = proposals.get_draft(session, draft_id)
            content = proposals.draft_content(draft)
            return write_proposal(content, path, issued_on=draft.issued_on, label=draft.label)

        self._ops.query(
            write,
            lambda written: self._nav.statusBar().showMessage(str(written), 8000),
            self._nav.show_error,
        )

    def compare_drafts(self, old_id: str, new_id: str | None) -> None:
        self._ops.query(
            lambda s: proposals.compare_drafts(s, old_id, new_id),
            lambda result: self.drafts.show_comparison(*result),
            self._nav.show_error,
        )
