"""Translated labels of the core's enums and statuses.

The core carries Japanese labels as data; the UI shows them through Qt's translation system
so that the English setting translates them too. Every literal here is picked up by lupdate.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

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


def phase(value: Phase) -> str:
    return {
        Phase.ASSESSMENT_SHEET: translate("Labels", "アセスメントシート"),
        Phase.INTAKE: translate("Labels", "初回面談"),
        Phase.OVERALL: translate("Labels", "全体相談"),
        Phase.DOMAIN: translate("Labels", "分野別相談"),
        Phase.MONITORING: translate("Labels", "任意相談"),
        Phase.EVALUATION: translate("Labels", "評価面談"),
    }[value]


def area(value: Area) -> str:
    return {Area.KIHOKU: translate("Labels", "紀北"), Area.KINAN: translate("Labels", "紀南")}[
        value
    ]


def method(value: VisitMethod) -> str:
    return {
        VisitMethod.VISIT: translate("Labels", "訪問"),
        VisitMethod.ONLINE: translate("Labels", "オンライン"),
        VisitMethod.HYBRID: translate("Labels", "訪問+オンライン"),
    }[value]


def visit_status(value: VisitStatus) -> str:
    return {
        VisitStatus.PLANNED: translate("Labels", "予定"),
        VisitStatus.DONE: translate("Labels", "実施済"),
        VisitStatus.CANCELLED: translate("Labels", "中止"),
    }[value]


def note_kind(value: NoteKind) -> str:
    return {
        NoteKind.ATTENDEES: translate("Labels", "出席者"),
        NoteKind.CURRENT_STATE: translate("Labels", "現状"),
        NoteKind.ISSUES: translate("Labels", "課題"),
        NoteKind.REQUESTS: translate("Labels", "要望"),
        NoteKind.AGREEMENTS: translate("Labels", "合意事項"),
        NoteKind.MEMO: translate("Labels", "メモ"),
    }[value]


def owner_side(value: OwnerSide) -> str:
    return {
        OwnerSide.MUNICIPALITY: translate("Labels", "市町村"),
        OwnerSide.ADVISORS: translate("Labels", "アドバイザー"),
        OwnerSide.PREFECTURE: translate("Labels", "県"),
    }[value]


def action_status(value: ActionStatus) -> str:
    return {
        ActionStatus.OPEN: translate("Labels", "未着手"),
        ActionStatus.IN_PROGRESS: translate("Labels", "対応中"),
        ActionStatus.DONE: translate("Labels", "完了"),
        ActionStatus.DROPPED: translate("Labels", "取り下げ"),
    }[value]


def response_kind(value: ResponseKind) -> str:
    return {
        ResponseKind.BASELINE: translate("Labels", "当初（ベースライン）"),
        ResponseKind.EVALUATION: translate("Labels", "評価"),
    }[value]


def cell_status(value: CellStatus) -> str:
    return {
        CellStatus.NOT_STARTED: translate("Labels", "未着手"),
        CellStatus.PLANNED: translate("Labels", "予定あり"),
        CellStatus.DONE: translate("Labels", "実施済"),
        CellStatus.OVERDUE: translate("Labels", "期限超過"),
    }[value]


def form_state(status: FormStatus) -> str:
    """「回答中（12/05 14:30 保存）」: where a web form stands, and since when."""
    label = {
        "unanswered": translate("Labels", "未回答"),
        "draft": translate("Labels", "回答中"),
        "answered": translate("Labels", "回答済"),
    }[status.state]
    if status.at is None:
        return label
    if status.state == "answered":
        since = translate("Labels", "%1（%2 送信）")
    else:
        since = translate("Labels", "%1（%2 保存）")
    return since.replace("%1", label).replace("%2", f"{status.at:%m/%d %H:%M}")


def training_kind(value: TrainingKind) -> str:
    return {
        TrainingKind.TOP_SEMINAR: translate("Labels", "トップセミナー"),
        TrainingKind.INTRO: translate("Labels", "DX入門研修"),
        TrainingKind.JOINT: translate("Labels", "合同研修会"),
        TrainingKind.VIDEO: translate("Labels", "研修動画"),
        TrainingKind.OTHER: translate("Labels", "その他"),
    }[value]


def training_method(value: TrainingMethod) -> str:
    return {
        TrainingMethod.ONSITE: translate("Labels", "会場"),
        TrainingMethod.ONLINE: translate("Labels", "オンライン"),
        TrainingMethod.HYBRID: translate("Labels", "会場+オンライン"),
        TrainingMethod.ON_DEMAND: translate("Labels", "動画配信"),
    }[value]


def attendee_group(value: AttendeeGroup) -> str:
    return {
        AttendeeGroup.LEADERS: translate("Labels", "首長・幹部"),
        AttendeeGroup.STAFF: translate("Labels", "職員"),
        AttendeeGroup.PREFECTURE: translate("Labels", "県"),
    }[value]


def need_status(value: NeedStatus) -> str:
    return {
        NeedStatus.OPEN: translate("Labels", "未検討"),
        NeedStatus.ADOPTED: translate("Labels", "採用"),
        NeedStatus.CONSIDERING: translate("Labels", "検討中"),
        NeedStatus.DECLINED: translate("Labels", "見送り"),
    }[value]


def need_source(value: NeedSource) -> str:
    return {
        NeedSource.ASSESSMENT: translate("Labels", "アセスメント自由記述"),
        NeedSource.VISIT_NOTE: translate("Labels", "面談記録"),
        NeedSource.TRAINING: translate("Labels", "研修"),
        NeedSource.SURVEY: translate("Labels", "アンケート自由記述"),
        NeedSource.OTHER: translate("Labels", "その他"),
    }[value]


def weekday(index: int) -> str:
    return (
        translate("Labels", "月"),
        translate("Labels", "火"),
        translate("Labels", "水"),
        translate("Labels", "木"),
        translate("Labels", "金"),
        translate("Labels", "土"),
        translate("Labels", "日"),
    )[index]
