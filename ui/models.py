"""Item models of the desktop: read-only tables over the core's display dataclasses.

Each model takes a list of frozen records (never ORM objects, which belong to a closed
session) and exposes columns as constants plus ``RECORD_ROLE`` for the record behind a row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
)
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from dxfield.enums import Phase
from dxfield.overview import ActionSummary, BoardRow, CellStatus, VisitSummary

if TYPE_CHECKING:
    from dxfield.services.trainings import TrainingSummary

from . import labels

# Roles and alignments as Qt's numbers (a test holds them equal to Qt's), not through
# ``QtCore.Qt``: PySide6 builds that namespace (hundreds of enums, some 14 ms) on its first
# import, and this module is imported on the way to the dashboard's first paint. Plain ints
# are also what ``data`` compares fastest: a view calls it for every cell and some eight
# roles each time it sizes or paints.
DISPLAY = 0  # Qt::DisplayRole
TOOLTIP = 3  # Qt::ToolTipRole
ALIGNMENT = 7  # Qt::TextAlignmentRole
BACKGROUND = 8  # Qt::BackgroundRole
FOREGROUND = 9  # Qt::ForegroundRole
USER = 0x0100  # Qt::UserRole
RECORD_ROLE = USER + 1
ID_ROLE = USER + 2
STATUS_ROLE = USER + 3
ALIGN_CENTER = 0x0084  # Qt::AlignCenter
ALIGN_RIGHT_VCENTER = 0x0082  # Qt::AlignRight | Qt::AlignVCenter

Index = QModelIndex | QPersistentModelIndex
Roles = Mapping[int, tuple[int, ...]]  # by column, the roles a model's data answers there

# Colours of the phase board; distinguishable in grey too (light → dark).
STATUS_COLOURS = {
    CellStatus.NOT_STARTED: QColor("#f1f3f4"),
    CellStatus.PLANNED: QColor("#cfe3f7"),
    CellStatus.DONE: QColor("#5b9e6b"),
    CellStatus.OVERDUE: QColor("#e8a29b"),
}


translate = QCoreApplication.translate


class RecordTableModel(QAbstractTableModel):
    """Rows of records, columns as (header, text getter) pairs given by subclasses.

    Headers are marked with ``QT_TRANSLATE_NOOP(context, ...)`` and translated in
    ``context`` (the class's own name keeps a model's existing translations). A subclass
    whose ``data`` answers more than the text says which roles, by column, in ``roles``:
    ``RecordItems`` copies those and asks nothing else.
    """

    columns: ClassVar[Sequence[tuple[str, Callable[[Any], Any]]]] = ()
    context: ClassVar[str] = "Models"
    roles: ClassVar[Roles] = {}

    def __init__(self, records: Sequence[Any] = (), parent=None) -> None:
        super().__init__(parent)
        self._records = list(records)
        # Display texts by (row, column), made once per reset: a view sizing its columns to
        # their contents asks for every cell several times, and formatting is the cost.
        self._texts: dict[tuple[int, int], str] = {}

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._texts = {}
        self.endResetModel()

    def records(self) -> list[Any]:
        return list(self._records)

    def record(self, row: int) -> Any:
        return self._records[row]

    @classmethod
    def text(cls, record: Any, column: int) -> str:
        """What ``column`` shows of ``record``."""
        value = cls.columns[column][1](record)
        return "" if value is None else str(value)

    def headers(self) -> list[str]:
        return [header for header, _ in self.columns]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == DISPLAY:
            row, column = index.row(), index.column()
            text = self._texts.get((row, column))
            if text is None:
                if not index.isValid() or not (0 <= row < len(self._records)):
                    return None
                text = self._texts[(row, column)] = self.text(self._records[row], column)
            return text
        if role in (RECORD_ROLE, ID_ROLE):
            row = index.row()
            if not index.isValid() or not (0 <= row < len(self._records)):
                return None
            record = self._records[row]
            return record if role == RECORD_ROLE else getattr(record, "id", None)
        return None

    def header(self, column: int) -> str:
        """``column``'s header, translated."""
        return translate(self.context, self.columns[column][0])

    def headerData(self, section: int, orientation, role: int = DISPLAY):
        from PySide6.QtCore import Qt  # built by now: Qt passed ``orientation`` as its enum

        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.header(section)
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None


def _when(v: VisitSummary) -> str:
    return f"{v.starts_at:%Y-%m-%d %H:%M}–{v.ends_at:%H:%M}"


class VisitTableModel(RecordTableModel):
    WHEN, MUNICIPALITY, PHASE, METHOD, STATUS, MEMBERS = range(6)
    columns = (
        (QT_TRANSLATE_NOOP("Models", "日時"), _when),
        (QT_TRANSLATE_NOOP("Models", "市町村"), lambda v: v.municipality),
        (QT_TRANSLATE_NOOP("Models", "フェーズ"), lambda v: labels.phase(v.phase)),
        (QT_TRANSLATE_NOOP("Models", "方法"), lambda v: v.method),
        (QT_TRANSLATE_NOOP("Models", "状態"), lambda v: labels.visit_status(v.status)),
        (QT_TRANSLATE_NOOP("Models", "チーム"), lambda v: "、".join(v.members)),
    )


def _training_when(t: TrainingSummary) -> str:
    if t.starts_at.date() == t.ends_at.date():
        return f"{t.starts_at:%Y-%m-%d %H:%M}–{t.ends_at:%H:%M}"
    return f"{t.starts_at:%Y-%m-%d}–{t.ends_at:%m-%d}"


def _count(n: int | None) -> str:
    return translate("Models", "未集計") if n is None else str(n)


class TrainingTableModel(RecordTableModel):
    WHEN, KIND, TITLE, MUNICIPALITIES, ATTENDEES, RESPONSES, STATUS = range(7)
    columns = (
        (QT_TRANSLATE_NOOP("Models", "日時"), _training_when),
        (QT_TRANSLATE_NOOP("Models", "種類"), lambda t: labels.training_kind(t.kind)),
        (QT_TRANSLATE_NOOP("Models", "研修名"), lambda t: t.title),
        (
            QT_TRANSLATE_NOOP("Models", "参加市町村"),
            lambda t: t.towns_short or translate("Models", "（全市町村）"),
        ),
        (QT_TRANSLATE_NOOP("Models", "参加者"), lambda t: _count(t.attendees.total)),
        (QT_TRANSLATE_NOOP("Models", "回答"), lambda t: t.responses),
        (QT_TRANSLATE_NOOP("Models", "状態"), lambda t: labels.visit_status(t.status)),
    )
    roles: ClassVar[Roles] = {
        ATTENDEES: (ALIGNMENT,),
        RESPONSES: (ALIGNMENT,),
        MUNICIPALITIES: (TOOLTIP,),
    }

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == ALIGNMENT:
            if index.isValid() and index.column() in (self.ATTENDEES, self.RESPONSES):
                return ALIGN_RIGHT_VCENTER
            return None
        if role == TOOLTIP:
            if index.isValid() and index.column() == self.MUNICIPALITIES:
                return self.record(index.row()).towns or None
            return None
        return super().data(index, role)


class NeedTableModel(RecordTableModel):
    """Needs (``dxfield.services.needs.NeedRow``); the status column is shaded by weighing."""

    HEARD, MUNICIPALITY, DOMAIN, THEMES, TEXT, STATUS, ORIGIN = range(7)
    columns = (
        (
            QT_TRANSLATE_NOOP("Models", "聞いた日"),
            lambda n: n.heard_on.isoformat() if n.heard_on else "",
        ),
        (
            QT_TRANSLATE_NOOP("Models", "市町村"),
            lambda n: n.municipality or translate("Models", "県全体"),
        ),
        (QT_TRANSLATE_NOOP("Models", "分野"), lambda n: n.domain_label),
        (QT_TRANSLATE_NOOP("Models", "テーマ"), lambda n: "、".join(n.themes)),
        (QT_TRANSLATE_NOOP("Models", "ニーズ"), lambda n: n.text),
        (QT_TRANSLATE_NOOP("Models", "状態"), lambda n: labels.need_status(n.status)),
        (QT_TRANSLATE_NOOP("Models", "出典"), lambda n: n.origin),
    )
    # Greys a mono printout and a colour-blind eye both tell apart; adopted darkest.
    SHADES: ClassVar[dict[str, str]] = {
        "adopted": "#b7d7b9",
        "considering": "#e6e0b0",
        "declined": "#e0e0e0",
        "open": "#ffffff",
    }
    roles: ClassVar[Roles] = {
        **dict.fromkeys(range(len(columns)), (STATUS_ROLE, TOOLTIP)),
        STATUS: (BACKGROUND, STATUS_ROLE, TOOLTIP),
    }

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == BACKGROUND and index.isValid():
            if index.column() == self.STATUS:
                return QBrush(QColor(self.SHADES[self._records[index.row()].status.value]))
            return None
        if role == STATUS_ROLE and index.isValid():
            return self._records[index.row()].status
        if role == TOOLTIP and index.isValid():
            need = self._records[index.row()]
            return need.quote or need.text
        return super().data(index, role)


# Colours, not brushes: the default delegate paints a colour as the brush it makes of it, and
# ``QBrush(colour)`` would have PySide6 build ``QtCore.Qt`` (see the roles above).
_DUE_TEXT = QColor("#a33a2f")


class ActionTableModel(RecordTableModel):
    DUE, MUNICIPALITY, TITLE, OWNER, STATUS = range(5)
    columns = (
        (QT_TRANSLATE_NOOP("Models", "期限"), lambda a: a.due_on.isoformat() if a.due_on else ""),
        (QT_TRANSLATE_NOOP("Models", "市町村"), lambda a: a.municipality),
        (QT_TRANSLATE_NOOP("Models", "対応内容"), lambda a: a.title),
        (QT_TRANSLATE_NOOP("Models", "担当"), lambda a: f"{a.owner_side} {a.owner_name}".strip()),
        (QT_TRANSLATE_NOOP("Models", "状態"), lambda a: labels.action_status(a.status)),
    )
    roles: ClassVar[Roles] = {DUE: (FOREGROUND,)}

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == FOREGROUND:
            return _DUE_TEXT if index.isValid() and index.column() == self.DUE else None
        return super().data(index, role)


class ContactTableModel(RecordTableModel):
    NAME, DEPARTMENT, TITLE, PHONE, EMAIL = range(5)
    columns = (
        (QT_TRANSLATE_NOOP("Models", "氏名"), lambda c: ("★ " if c.is_primary else "") + c.name),
        (QT_TRANSLATE_NOOP("Models", "所属"), lambda c: c.department),
        (QT_TRANSLATE_NOOP("Models", "役職"), lambda c: c.title),
        (QT_TRANSLATE_NOOP("Models", "電話"), lambda c: c.phone),
        (QT_TRANSLATE_NOOP("Models", "メール"), lambda c: c.email),
    )


def two_lines(text: str) -> str:
    """Break a long header in two so six phases fit side by side without clipping."""
    if " " in text:
        return text.replace(" ", "\n", 1)
    if len(text) > 6 and text.endswith("シート"):
        return text[: -len("シート")] + "\nシート"
    return text


_MARKS = {
    CellStatus.DONE: "✓",
    CellStatus.PLANNED: "○",
    CellStatus.OVERDUE: "!",
    CellStatus.NOT_STARTED: "",
}
_DONE_TEXT = QColor("white")
_CELL_TEXT = QColor("#202124")


class BoardModel(QAbstractTableModel):
    """Municipalities × the six phases, each cell a status; column 0 is the name. What a
    cell answers is ``cell(row, column)``; the dashboard shows it copied (``BoardItems``)."""

    NAME = 0
    COLUMNS = 1 + len(Phase)

    def __init__(self, rows: Sequence[BoardRow] = (), parent=None) -> None:
        super().__init__(parent)
        self._rows = list(rows)

    def set_rows(self, rows: Sequence[BoardRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def board_row(self, row: int) -> BoardRow:
        return self._rows[row]

    def rows(self) -> list[BoardRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    @staticmethod
    def headers() -> list[str]:
        """The columns' headers: 市町村, then the phases (in two lines where long)."""
        return [translate("Models", "市町村"), *(two_lines(labels.phase(p)) for p in Phase)]

    def cell(self, row: int, column: int) -> dict[int, Any]:
        """What the cell at ``row``, ``column`` answers, by role (None to any other role)."""
        board_row = self._rows[row]
        if column == self.NAME:
            return {
                DISPLAY: board_row.name,
                TOOLTIP: labels.area(board_row.area),
                ID_ROLE: board_row.municipality_id,
            }
        cell = board_row.cells[column - 1]
        text = _MARKS[cell.status]
        tip = f"{board_row.name} / {labels.phase(cell.phase)}: {labels.cell_status(cell.status)}"
        if cell.form is not None:
            form = labels.form_state(cell.form)
            if cell.status != CellStatus.DONE:
                # The web form: 未回答 / 回答中 under the mark (回答済 is the ✓ itself).
                text = f"{text}\n{form.split('（')[0]}".strip()
            tip += "\n" + translate("Models", "Webフォーム: %1").replace("%1", form)
        return {
            DISPLAY: text,
            TOOLTIP: tip,
            ALIGNMENT: ALIGN_CENTER,
            BACKGROUND: STATUS_COLOURS[cell.status],
            FOREGROUND: _DONE_TEXT if cell.status == CellStatus.DONE else _CELL_TEXT,
            STATUS_ROLE: cell.status,
            ID_ROLE: cell.visit_id or board_row.municipality_id,
        }

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self.cell(index.row(), index.column()).get(role)

    def headerData(self, section: int, orientation, role: int = DISPLAY):
        from PySide6.QtCore import Qt  # built by now: Qt passed ``orientation`` as its enum

        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers()[section] if 0 <= section < self.COLUMNS else None
        return str(section + 1) if 0 <= section < len(self._rows) else None


@contextmanager
def _one_reset(model: QStandardItemModel) -> Iterator[None]:
    """Change ``model``'s rows inside one reset: the views hear of it once, not of each row
    (the rows change while signals are blocked, inside begin/endResetModel)."""
    model.beginResetModel()
    model.blockSignals(True)
    try:
        yield
    finally:
        model.blockSignals(False)
        model.endResetModel()


class BoardItems(QStandardItemModel):
    """The board held in Qt's own items: each cell answers what ``source.cell`` (a
    ``BoardModel``) gives for it, the headers are the source's; copied once per
    ``set_rows``. ``board_row``, ``rows`` and ``set_rows`` are the source's.

    Sizing the name column to its contents and painting the board ask some eight roles of
    each of its 210 cells, several times as the dashboard first shows: on a ``BoardModel``
    each ask is a call into Python, here Qt reads its items. A cell is filled with one
    ``setItemData`` (which makes the item) instead of an item made in Python and a
    ``setData`` per role: two calls into Qt a cell instead of eight, and none of them
    ``void`` (see ``RecordItems`` on ``None``). A role's
    value that is a ``str`` enum (``STATUS_ROLE``'s ``CellStatus``) comes back as its
    string, which equals the member."""

    def __init__(self, source: BoardModel | None = None, parent=None) -> None:
        source = BoardModel() if source is None else source
        super().__init__(0, source.COLUMNS, parent)
        self._source = source
        self.setHorizontalHeaderLabels(source.headers())

    def set_rows(self, rows: Sequence[BoardRow]) -> None:
        source = self._source
        source.set_rows(rows)
        with _one_reset(self):
            self.removeRows(0, self.rowCount())
            self.insertRows(0, source.rowCount())
            for row in range(source.rowCount()):
                for column in range(source.COLUMNS):
                    self.setItemData(self.index(row, column), source.cell(row, column))

    def board_row(self, row: int) -> BoardRow:
        return self._source.board_row(row)

    def rows(self) -> list[BoardRow]:
        return self._source.rows()

    def headers(self) -> list[str]:
        return self._source.headers()


class RecordItems(QStandardItemModel):
    """A record model's rows held in Qt's own items: the same texts, headers and roles as
    ``source`` (a ``RecordTableModel``), copied once per ``set_records`` (the roles its
    ``roles`` names, where it answers them); ``record(row)`` gives the record behind a row
    (``ID_ROLE`` and ``RECORD_ROLE`` are not answered).

    A view asks some eight roles of every cell each time it sizes a column to its contents
    and again to paint it; on a ``RecordTableModel`` each ask is a call into Python (2,600
    of them for a town's ten years of visits, the bulk of opening its page). Here the view
    reads the items in C++. Items are made with their text (a constructor) and get a role
    only where the source answers one: each ``void`` call into PySide6 6.12 costs a
    reference to ``None`` (``ui.qtcompat.keep_none``)."""

    def __init__(self, source: RecordTableModel, parent=None) -> None:
        super().__init__(0, source.columnCount(), parent)
        self._source = source
        self.setHorizontalHeaderLabels([source.header(c) for c in range(len(source.columns))])

    def set_records(self, records: Sequence[Any]) -> None:
        source = self._source
        source.set_records(records)
        with _one_reset(self):
            self.removeRows(0, self.rowCount())
            for row in range(source.rowCount()):
                self.appendRow(self._items(source, row))

    def _items(self, source: RecordTableModel, row: int) -> list[QStandardItem]:
        record, text = source.record(row), source.text
        items = [QStandardItem(text(record, column)) for column in range(len(source.columns))]
        for column, roles in source.roles.items():
            index = source.index(row, column)
            for role in roles:
                value = source.data(index, role)
                if value is not None:
                    items[column].setData(value, role)
        return items

    def records(self) -> list[Any]:
        return self._source.records()

    def record(self, row: int) -> Any:
        return self._source.record(row)


__all__ = [
    "ID_ROLE",
    "RECORD_ROLE",
    "STATUS_ROLE",
    "ActionSummary",
    "ActionTableModel",
    "BoardItems",
    "BoardModel",
    "ContactTableModel",
    "RecordItems",
    "RecordTableModel",
    "TrainingTableModel",
    "VisitTableModel",
]
