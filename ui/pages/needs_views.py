"""The needs page's two overviews: needs across the municipalities by domain × theme beside
the weakest assessment cells, and the versions of the proposal draft (たたき台)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dxfield import fiscal
from dxfield.enums import NeedStatus
from dxfield.needs.overview import NeedsOverview, theme_label
from dxfield.needs.proposal import ProposalComparison
from dxfield.services.proposals import DraftRow

from .. import labels
from ..qtcompat import emit
from ..widgets import headings
from ..widgets.layouts import side_by_side, stack

KEY_ROLE = Qt.ItemDataRole.UserRole + 10


def _readonly_table(rows: int, columns: int) -> QTableWidget:
    table = QTableWidget(rows, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setDefaultSectionSize(30)
    table.setWordWrap(True)
    return table


def _shade(needs: int, most: int) -> QColor:
    """Light to mid grey by count: readable with the number on it, and in black and white."""
    level = 255 - int(120 * needs / most) if most else 255
    return QColor(level, level, level)


class NeedsMatrix(QWidget):
    """Domain × theme with "n件 / m市町村" per cell; a click asks for the list filtered to it
    (``cell_chosen(domain, theme)``)."""

    cell_chosen = Signal(str, str)
    proposed_only_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview: NeedsOverview | None = None
        self.proposed_only = QCheckBox(self.tr("採用・検討中のみ"))
        self.proposed_only.toggled.connect(lambda on: emit(self.proposed_only_changed, on))
        self.totals = QLabel()
        self.totals.setObjectName("matrix_totals")
        self.table = _readonly_table(0, 0)
        self.table.setObjectName("needs_matrix")
        self.table.cellDoubleClicked.connect(self._on_cell)
        self.table.cellClicked.connect(self._on_cell)
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        self.weak = _readonly_table(0, 5)
        self.weak.setObjectName("weak_cells")
        self.weak.setHorizontalHeaderLabels(
            [
                self.tr("段階"),
                self.tr("分野"),
                self.tr("県平均"),
                self.tr("満点"),
                self.tr("得点率"),
            ]
        )
        self.weak.verticalHeader().setVisible(True)
        self.weak.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        top = QHBoxLayout()
        top.addWidget(self.totals, 1)
        top.addWidget(self.proposed_only)
        hint = QLabel(self.tr("マスをクリックすると、そのニーズの一覧を表示します。"))
        hint.setStyleSheet("color: #555;")
        left = stack(top, (self.table, 1), hint)
        title = headings.heading(self.tr("アセスメントの弱い区分（県平均）"), 1)
        right = stack(title, self.basis, (self.weak, 1))
        splitter = side_by_side(left, right, (3, 2), [760, 420])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_overview(self, overview: NeedsOverview) -> None:
        self.overview = overview
        total = overview.total
        self.totals.setText(
            self.tr("%1件　%2市町村から（県全体 %3件）")
            .replace("%1", str(total.needs))
            .replace("%2", str(total.municipalities))
            .replace("%3", str(total.prefecture_wide))
        )
        domains = overview.domains
        table = self.table
        table.clear()
        table.setRowCount(len(overview.themes))
        table.setColumnCount(len(domains))
        table.setHorizontalHeaderLabels([label for _key, label in domains])
        table.setVerticalHeaderLabels([self._theme_text(t) for t in overview.themes])
        most = max((c.needs for c in overview.cells.values()), default=0)
        for row, theme in enumerate(overview.themes):
            for column, (domain, _label) in enumerate(domains):
                cell = overview.cell(domain, theme)
                text = (
                    self.tr("%1件 / %2市町村")
                    .replace("%1", str(cell.needs))
                    .replace("%2", str(cell.municipalities))
                    if cell.needs
                    else ""
                )
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(_shade(cell.needs, most)))
                item.setData(KEY_ROLE, (domain, theme))
                if cell.needs:
                    towns = "、".join(t.name for t in cell.towns)
                    if cell.prefecture_wide:
                        towns += self.tr("（県全体 %1件）").replace("%1", str(cell.prefecture_wide))
                    item.setToolTip(towns)
                table.setItem(row, column, item)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(110)
        self._fill_weak(overview)

    def _theme_text(self, theme: str) -> str:
        return theme_label(theme) if theme else self.tr("テーマなし")

    def _fill_weak(self, overview: NeedsOverview) -> None:
        if overview.basis is None:
            self.basis.setText(self.tr("アセスメントシートの回答がまだありません。"))
            self.weak.setRowCount(0)
            return
        basis = overview.basis
        self.basis.setText(
            self.tr("%1年度 %2（%3市町村）の回答による。得点率の低い順。")
            .replace("%1", str(basis.fiscal_year))
            .replace("%2", labels.response_kind(basis.kind))
            .replace("%3", str(basis.responses))
        )
        cells = overview.assessment
        self.weak.setRowCount(len(cells))
        for row, cell in enumerate(cells):
            values = (
                cell.stage_label,
                cell.domain_label,
                f"{cell.mean:.1f}",
                str(cell.maximum),
                f"{cell.ratio:.0%}",
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row < 5:  # the weakest five, as the proposal's introduction lists them
                    item.setBackground(QBrush(QColor("#e8e8e8")))
                self.weak.setItem(row, column, item)

    def _on_cell(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        if item is not None and item.text():
            domain, theme = item.data(KEY_ROLE)
            emit(self.cell_chosen, domain, theme)


class DraftVersions(QWidget):
    """The saved versions of the year's proposal draft; make a new one, write one out, or
    compare two (one chosen: with the needs as they stand now)."""

    create_requested = Signal()
    export_requested = Signal(str)  # draft id
    compare_requested = Signal(str, object)  # old id, new id or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[DraftRow] = []
        self.table = _readonly_table(0, 4)
        self.table.setObjectName("draft_versions")
        self.table.setHorizontalHeaderLabels(
            [self.tr("日付"), self.tr("版"), self.tr("施策"), self.tr("ニーズ")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.create = QPushButton(self.tr("新しい版を作成…"))
        self.create.setObjectName("create_draft")
        self.create.clicked.connect(lambda: emit(self.create_requested))
        self.export = QPushButton(self.tr("この版を書き出す…"))
        self.export.clicked.connect(self._on_export)
        self.compare = QPushButton(self.tr("比較"))
        self.compare.setObjectName("compare_drafts")
        self.compare.clicked.connect(self._on_compare)
        self.comparison = QTextBrowser()
        self.comparison.setObjectName("draft_comparison")
        buttons = QHBoxLayout()
        buttons.addWidget(self.create)
        buttons.addWidget(self.export)
        buttons.addWidget(self.compare)
        buttons.addStretch()
        hint = QLabel(self.tr("1つ選ぶと現在のニーズと、2つ選ぶとその2つの版を比べます。"))
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        layout.addWidget(self.comparison, 3)
        self._on_selection()

    def set_rows(self, rows: list[DraftRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row, draft in enumerate(rows):
            values = (
                fiscal.wareki(draft.issued_on),
                draft.name,
                str(draft.measures),
                str(draft.needs),
            )
            for column, text in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self._on_selection()

    def selected(self) -> list[DraftRow]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        return [self.rows[r] for r in rows if r < len(self.rows)]

    def _on_selection(self) -> None:
        chosen = self.selected()
        self.export.setEnabled(len(chosen) == 1)
        self.compare.setEnabled(1 <= len(chosen) <= 2)

    def _on_export(self) -> None:
        chosen = self.selected()
        if len(chosen) == 1:
            emit(self.export_requested, chosen[0].id)

    def _on_compare(self) -> None:
        chosen = self.selected()
        if 1 <= len(chosen) <= 2:
            emit(self.compare_requested, chosen[0].id, chosen[1].id if len(chosen) == 2 else None)

    def show_comparison(
        self, old: DraftRow, new: DraftRow | None, change: ProposalComparison
    ) -> None:
        now = self.tr("現在のニーズ")
        title = f"{old.name} → {new.name if new else now}"
        html = [f"<h3>{escape(title)}</h3>"]
        if change.unchanged:
            nothing = self.tr("変更はありません。")
            html.append(f"<p>{escape(nothing)}</p>")
        sections = (
            (self.tr("追加された施策"), [escape(t) for t in change.measures_added]),
            (self.tr("なくなった施策"), [escape(t) for t in change.measures_removed]),
            (
                self.tr("追加されたニーズ"),
                [escape(f"{n.municipality}：{n.text}") for n in change.needs_added],
            ),
            (
                self.tr("外れたニーズ"),
                [escape(f"{n.municipality}：{n.text}") for n in change.needs_removed],
            ),
            (
                self.tr("検討状況が変わったニーズ"),
                [
                    escape(
                        f"{n.municipality}：{n.text}（{labels.need_status(NeedStatus(a))} → "
                        f"{labels.need_status(NeedStatus(b))}）"
                    )
                    for n, a, b in change.status_changed
                ],
            ),
        )
        for heading, items in sections:
            if items:
                html.append(f"<h4>{escape(heading)}（{len(items)}）</h4><ul>")
                html.extend(f"<li>{item}</li>" for item in items)
                html.append("</ul>")
        self.comparison.setHtml("".join(html))
