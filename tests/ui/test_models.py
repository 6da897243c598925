"""Item models checked by Qt's model tester, and what they show."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from dxfield.models import ActionStatus, Area, Phase, VisitStatus
from dxfield.services.dashboard import (
    ActionSummary,
    BoardCell,
    BoardRow,
    CellStatus,
    ContactRow,
    VisitSummary,
)
from ui.models import (
    ID_ROLE,
    STATUS_ROLE,
    ActionTableModel,
    BoardItems,
    BoardModel,
    ContactTableModel,
    VisitTableModel,
)

VISIT = VisitSummary(
    "v1",
    "m1",
    "北山村",
    Phase.OVERALL,
    datetime(2025, 6, 18, 10),
    datetime(2025, 6, 18, 12),
    "訪問",
    VisitStatus.PLANNED,
    "役場",
    ("山田 太郎", "佐藤 花子"),
)
ACTION = ActionSummary(
    "a1",
    "m1",
    "北山村",
    "v1",
    "推進体制の案を作る",
    "市町村",
    "",
    date(2025, 6, 1),
    ActionStatus.OPEN,
)


def test_visit_model(qtmodeltester):
    model = VisitTableModel([VISIT, VISIT])
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(0, VisitTableModel.PHASE)) == "全体相談"
    assert model.data(model.index(0, VisitTableModel.MEMBERS)) == "山田 太郎、佐藤 花子"
    assert model.data(model.index(0, 0), ID_ROLE) == "v1"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "市町村"


def test_action_and_contact_models(qtmodeltester):
    actions = ActionTableModel([ACTION])
    qtmodeltester.check(actions)
    assert actions.data(actions.index(0, ActionTableModel.STATUS)) == "未着手"
    contacts = ContactTableModel(
        [ContactRow("c1", "田中 一郎", is_primary=True, department="総務課")]
    )
    qtmodeltester.check(contacts)
    assert contacts.data(contacts.index(0, 0)) == "★ 田中 一郎"


def test_board_model_colours_cells_by_status(qtmodeltester):
    cells = tuple(
        BoardCell(phase, status, "v1" if status != CellStatus.NOT_STARTED else None)
        for phase, status in zip(
            Phase,
            [
                CellStatus.DONE,
                CellStatus.DONE,
                CellStatus.PLANNED,
                CellStatus.NOT_STARTED,
                CellStatus.OVERDUE,
                CellStatus.NOT_STARTED,
            ],
            strict=True,
        )
    )
    model = BoardModel([BoardRow("m1", "北山村", Area.KINAN, cells)])
    qtmodeltester.check(model)
    assert model.columnCount() == 7
    assert model.headerData(3, Qt.Orientation.Horizontal) == "全体相談"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "アセスメント\nシート"
    assert model.data(model.index(0, 3), STATUS_ROLE) == CellStatus.PLANNED
    assert model.data(model.index(0, 5)) == "!"
    done = model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole)
    empty = model.data(model.index(0, 4), Qt.ItemDataRole.BackgroundRole)
    assert done.lightness() < empty.lightness()  # readable in black and white too
    assert model.data(model.index(0, 0), ID_ROLE) == "m1"
    assert model.data(model.index(0, 4), ID_ROLE) == "m1"  # nothing planned: opens the town
    assert model.data(model.index(0, 1), ID_ROLE) == "v1"


def test_board_shows_where_a_web_form_stands(qtmodeltester):
    from datetime import datetime

    from dxfield.formlinks import FormStatus

    draft = FormStatus("draft", datetime(2026, 5, 2, 3, 4))
    cells = tuple(
        BoardCell(phase, CellStatus.NOT_STARTED, None, form=draft if n == 0 else None)
        for n, phase in enumerate(Phase)
    )
    model = BoardModel([BoardRow("m1", "北山村", Area.KINAN, cells)])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1)) == "回答中"
    assert "回答中（05/02 03:04 保存）" in model.data(
        model.index(0, 1), Qt.ItemDataRole.ToolTipRole
    )


def test_the_models_roles_and_alignments_are_qts():
    """``ui.models`` names Qt's numbers without ``QtCore.Qt`` (see its comment): the same."""
    from ui import models

    role, align = Qt.ItemDataRole, Qt.AlignmentFlag
    qts = {
        "DISPLAY": role.DisplayRole,
        "TOOLTIP": role.ToolTipRole,
        "ALIGNMENT": role.TextAlignmentRole,
        "BACKGROUND": role.BackgroundRole,
        "FOREGROUND": role.ForegroundRole,
        "USER": role.UserRole,
        "ALIGN_CENTER": align.AlignCenter,
        "ALIGN_RIGHT_VCENTER": align.AlignRight | align.AlignVCenter,
    }
    assert {name: getattr(models, name) for name in qts} == {
        name: value.value for name, value in qts.items()
    }


def test_board_items_answer_what_the_board_model_answers(qtmodeltester):
    """The dashboard shows the board copied into Qt's items: every cell answers each role
    as ``BoardModel`` does (a status as its string, equal to the member), the headers are
    the same, and the rows behind them are there."""
    from dxfield.formlinks import FormStatus

    forms = (
        FormStatus("draft", datetime(2026, 5, 2, 3, 4)),
        FormStatus("answered", datetime(2026, 5, 3, 9, 0)),
        FormStatus("unanswered", None),
    )
    statuses = list(CellStatus)
    rows = [
        BoardRow(
            f"m{r}",
            name,
            area,
            tuple(
                BoardCell(
                    phase,
                    statuses[(r + n) % len(statuses)],
                    f"v{r}{n}" if (r + n) % 3 else None,
                    form=forms[r] if n == 0 else None,
                )
                for n, phase in enumerate(Phase)
            ),
        )
        for r, (name, area) in enumerate(
            (("北山村", Area.KINAN), ("和歌山市", Area.KIHOKU), ("すさみ町", Area.KINAN))
        )
    ]
    source = BoardModel(rows)
    items = BoardItems()
    items.set_rows(rows)
    qtmodeltester.check(items)
    assert (items.rowCount(), items.columnCount()) == (3, 7)
    assert items.rows() == rows and items.board_row(1) == rows[1]
    role = Qt.ItemDataRole
    roles = [
        *(r.value for r in (role.DisplayRole, role.ToolTipRole, role.TextAlignmentRole)),
        *(r.value for r in (role.BackgroundRole, role.ForegroundRole, role.DecorationRole)),
        *(r.value for r in (role.FontRole, role.CheckStateRole)),
        STATUS_ROLE,
        ID_ROLE,
    ]
    answered = set()
    for row in range(3):
        for column in range(7):
            for r in roles:
                want = source.data(source.index(row, column), r)
                got = items.data(items.index(row, column), r)
                assert got == want, (row, column, r)
                if want is not None:
                    answered.add(r)
    assert answered == set(roles) - {r.value for r in (role.DecorationRole, role.FontRole)} - {
        role.CheckStateRole.value
    }
    assert "回答中" in items.data(items.index(0, 1)) and "Webフォーム" in items.data(
        items.index(0, 1), role.ToolTipRole
    )
    assert [items.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        source.headerData(c, Qt.Orientation.Horizontal) for c in range(7)
    ]
    items.set_rows(rows[:1])
    assert items.rowCount() == 1 and items.data(items.index(0, 0)) == "北山村"
    items.set_rows([])
    assert items.rowCount() == 0 and items.rows() == []


def test_search_result_model(qtmodeltester):
    from dxfield.search import SearchHit
    from ui.pages.search import HTML_ROLE, SearchResultModel

    model = SearchResultModel()
    model.set_hits(
        [SearchHit("note", "n1", "v1", "m1", "北山村 全体相談", "来年度の予算の確保", [(4, 6)])]
    )
    qtmodeltester.check(model)
    assert "<b" in model.data(model.index(0, 0), HTML_ROLE)
    assert ">予算</b>" in model.data(model.index(0, 0), HTML_ROLE)


def test_new_records_replace_the_texts_shown():
    """Display texts are kept per reset; new records bring their own."""
    from dataclasses import replace

    model = VisitTableModel([VISIT])
    cell = model.index(0, VisitTableModel.MUNICIPALITY)
    assert model.data(cell) == "北山村"
    assert model.data(cell) == "北山村"
    model.set_records([replace(VISIT, municipality="和歌山市"), VISIT])
    assert model.data(model.index(0, VisitTableModel.MUNICIPALITY)) == "和歌山市"
    assert model.data(model.index(1, VisitTableModel.MUNICIPALITY)) == "北山村"
    assert model.data(model.index(2, VisitTableModel.MUNICIPALITY)) is None
