"""Translated labels of the core's enums and statuses.

The core carries Japanese labels as data; the UI shows them through Qt's translation system
so that the English setting translates them too. Every literal here is picked up by lupdate.
Each label is looked up alone (a table of source texts, one ``translate`` a call): the
dashboard asks for some four hundred as it fills its first board.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from dxfield.enums import (
    ActionStatus,
    Area,
    AttendeeGroup,
    NeedSource,
    NeedStatus,
    NoteKind,
    OwnerSide,
    Phase,
    ResponseKind,
    TrainingKind,
    TrainingMethod,
    VisitMethod,
    VisitStatus,
)
from dxfield.formlinks import FormStatus
from dxfield.overview import CellStatus

translate = QCoreApplication.translate


_PHASES = {
    Phase.ASSESSMENT_SHEET: QT_TRANSLATE_NOOP("Labels", "アセスメントシート"),
    Phase.INTAKE: QT_TRANSLATE_NOOP("Labels", "初回面談"),
    Phase.OVERALL: QT_TRANSLATE_NOOP("Labels", "全体相談"),
    Phase.DOMAIN: QT_TRANSLATE_NOOP("Labels", "分野別相談"),
    Phase.MONITORING: QT_TRANSLATE_NOOP("Labels", "任意相談"),
    Phase.EVALUATION: QT_TRANSLATE_NOOP("Labels", "評価面談"),
}


def phase(value: Phase) -> str:
    return translate("Labels", _PHASES[value])


_AREAS = {
    Area.KIHOKU: QT_TRANSLATE_NOOP("Labels", "紀北"),
    Area.KINAN: QT_TRANSLATE_NOOP("Labels", "紀南"),
}


def area(value: Area) -> str:
    return translate("Labels", _AREAS[value])


_METHODS = {
    VisitMethod.VISIT: QT_TRANSLATE_NOOP("Labels", "訪問"),
    VisitMethod.ONLINE: QT_TRANSLATE_NOOP("Labels", "オンライン"),
    VisitMethod.HYBRID: QT_TRANSLATE_NOOP("Labels", "訪問+オンライン"),
}


def method(value: VisitMethod) -> str:
    return translate("Labels", _METHODS[value])


_VISIT_STATUSES = {
    VisitStatus.PLANNED: QT_TRANSLATE_NOOP("Labels", "予定"),
    VisitStatus.DONE: QT_TRANSLATE_NOOP("Labels", "実施済"),
    VisitStatus.CANCELLED: QT_TRANSLATE_NOOP("Labels", "中止"),
}


def visit_status(value: VisitStatus) -> str:
    return translate("Labels", _VISIT_STATUSES[value])


_NOTE_KINDS = {
    NoteKind.ATTENDEES: QT_TRANSLATE_NOOP("Labels", "出席者"),
    NoteKind.CURRENT_STATE: QT_TRANSLATE_NOOP("Labels", "現状"),
    NoteKind.ISSUES: QT_TRANSLATE_NOOP("Labels", "課題"),
    NoteKind.REQUESTS: QT_TRANSLATE_NOOP("Labels", "要望"),
    NoteKind.AGREEMENTS: QT_TRANSLATE_NOOP("Labels", "合意事項"),
    NoteKind.MEMO: QT_TRANSLATE_NOOP("Labels", "メモ"),
}


def note_kind(value: NoteKind) -> str:
    return translate("Labels", _NOTE_KINDS[value])


_OWNER_SIDES = {
    OwnerSide.MUNICIPALITY: QT_TRANSLATE_NOOP("Labels", "市町村"),
    OwnerSide.ADVISORS: QT_TRANSLATE_NOOP("Labels", "アドバイザー"),
    OwnerSide.PREFECTURE: QT_TRANSLATE_NOOP("Labels", "県"),
}


def owner_side(value: OwnerSide) -> str:
    return translate("Labels", _OWNER_SIDES[value])


_ACTION_STATUSES = {
    ActionStatus.OPEN: QT_TRANSLATE_NOOP("Labels", "未着手"),
    ActionStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("Labels", "対応中"),
    ActionStatus.DONE: QT_TRANSLATE_NOOP("Labels", "完了"),
    ActionStatus.DROPPED: QT_TRANSLATE_NOOP("Labels", "取り下げ"),
}


def action_status(value: ActionStatus) -> str:
    return translate("Labels", _ACTION_STATUSES[value])


_RESPONSE_KINDS = {
    ResponseKind.BASELINE: QT_TRANSLATE_NOOP("Labels", "当初（ベースライン）"),
    ResponseKind.EVALUATION: QT_TRANSLATE_NOOP("Labels", "評価"),
}


def response_kind(value: ResponseKind) -> str:
    return translate("Labels", _RESPONSE_KINDS[value])


_CELL_STATUSES = {
    CellStatus.NOT_STARTED: QT_TRANSLATE_NOOP("Labels", "未着手"),
    CellStatus.PLANNED: QT_TRANSLATE_NOOP("Labels", "予定あり"),
    CellStatus.DONE: QT_TRANSLATE_NOOP("Labels", "実施済"),
    CellStatus.OVERDUE: QT_TRANSLATE_NOOP("Labels", "期限超過"),
}


def cell_status(value: CellStatus) -> str:
    return translate("Labels", _CELL_STATUSES[value])


_FORM_STATES = {
    "unanswered": QT_TRANSLATE_NOOP("Labels", "未回答"),
    "draft": QT_TRANSLATE_NOOP("Labels", "回答中"),
    "answered": QT_TRANSLATE_NOOP("Labels", "回答済"),
}


def form_state(status: FormStatus) -> str:
    """「回答中（12/05 14:30 保存）」: where a web form stands, and since when."""
    label = translate("Labels", _FORM_STATES[status.state])
    if status.at is None:
        return label
    if status.state == "answered":
        since = translate("Labels", "%1（%2 送信）")
    else:
        since = translate("Labels", "%1（%2 保存）")
    return since.replace("%1", label).replace("%2", f"{status.at:%m/%d %H:%M}")


_TRAINING_KINDS = {
    TrainingKind.TOP_SEMINAR: QT_TRANSLATE_NOOP("Labels", "トップセミナー"),
    TrainingKind.INTRO: QT_TRANSLATE_NOOP("Labels", "DX入門研修"),
    TrainingKind.JOINT: QT_TRANSLATE_NOOP("Labels", "合同研修会"),
    TrainingKind.VIDEO: QT_TRANSLATE_NOOP("Labels", "研修動画"),
    TrainingKind.OTHER: QT_TRANSLATE_NOOP("Labels", "その他"),
}


def training_kind(value: TrainingKind) -> str:
    return translate("Labels", _TRAINING_KINDS[value])


_TRAINING_METHODS = {
    TrainingMethod.ONSITE: QT_TRANSLATE_NOOP("Labels", "会場"),
    TrainingMethod.ONLINE: QT_TRANSLATE_NOOP("Labels", "オンライン"),
    TrainingMethod.HYBRID: QT_TRANSLATE_NOOP("Labels", "会場+オンライン"),
    TrainingMethod.ON_DEMAND: QT_TRANSLATE_NOOP("Labels", "動画配信"),
}


def training_method(value: TrainingMethod) -> str:
    return translate("Labels", _TRAINING_METHODS[value])


_ATTENDEE_GROUPS = {
    AttendeeGroup.LEADERS: QT_TRANSLATE_NOOP("Labels", "首長・幹部"),
    AttendeeGroup.STAFF: QT_TRANSLATE_NOOP("Labels", "職員"),
    AttendeeGroup.PREFECTURE: QT_TRANSLATE_NOOP("Labels", "県"),
}


def attendee_group(value: AttendeeGroup) -> str:
    return translate("Labels", _ATTENDEE_GROUPS[value])


_NEED_STATUSES = {
    NeedStatus.OPEN: QT_TRANSLATE_NOOP("Labels", "未検討"),
    NeedStatus.ADOPTED: QT_TRANSLATE_NOOP("Labels", "採用"),
    NeedStatus.CONSIDERING: QT_TRANSLATE_NOOP("Labels", "検討中"),
    NeedStatus.DECLINED: QT_TRANSLATE_NOOP("Labels", "見送り"),
}


def need_status(value: NeedStatus) -> str:
    return translate("Labels", _NEED_STATUSES[value])


_NEED_SOURCES = {
    NeedSource.ASSESSMENT: QT_TRANSLATE_NOOP("Labels", "アセスメント自由記述"),
    NeedSource.VISIT_NOTE: QT_TRANSLATE_NOOP("Labels", "面談記録"),
    NeedSource.TRAINING: QT_TRANSLATE_NOOP("Labels", "研修"),
    NeedSource.SURVEY: QT_TRANSLATE_NOOP("Labels", "アンケート自由記述"),
    NeedSource.OTHER: QT_TRANSLATE_NOOP("Labels", "その他"),
}


def need_source(value: NeedSource) -> str:
    return translate("Labels", _NEED_SOURCES[value])


_WEEKDAYS = (
    QT_TRANSLATE_NOOP("Labels", "月"),
    QT_TRANSLATE_NOOP("Labels", "火"),
    QT_TRANSLATE_NOOP("Labels", "水"),
    QT_TRANSLATE_NOOP("Labels", "木"),
    QT_TRANSLATE_NOOP("Labels", "金"),
    QT_TRANSLATE_NOOP("Labels", "土"),
    QT_TRANSLATE_NOOP("Labels", "日"),
)


def weekday(index: int) -> str:
    """Monday (0) to Sunday (6)."""
    return translate("Labels", _WEEKDAYS[index])
