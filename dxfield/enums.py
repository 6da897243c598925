"""Closed vocabularies of the domain, with their Japanese labels.

Values are stable English codes (stored in the database and sent over the wire); labels are
what people read. The UI translates through Qt, the reports and CLI use ``label``. They live
outside ``dxfield.models`` (which re-exports them) so that code needing only the words, such
as a command-line listing, does not import SQLAlchemy.
"""

from __future__ import annotations

import enum


class LabelledEnum(enum.StrEnum):
    """A str enum whose members carry a Japanese label."""

    label: str

    def __new__(cls, value: str, label: str):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, text: str):
        """Accept either the code or the Japanese label."""
        for member in cls:
            if text in (member.value, member.label):
                return member
        raise ValueError(f"{text!r} is not a valid {cls.__name__}")


class MunicipalityKind(LabelledEnum):
    CITY = "city", "市"
    TOWN = "town", "町"
    VILLAGE = "village", "村"


class Area(LabelledEnum):
    KIHOKU = "kihoku", "紀北"
    KINAN = "kinan", "紀南"


class Role(LabelledEnum):
    LEAD = "lead", "総括アドバイザー"
    SPECIALIST = "specialist", "専門アドバイザー"
    SUPPORT = "support", "補助スタッフ"
    PREFECTURE = "prefecture", "県職員"


class Phase(LabelledEnum):
    """The six phases of the yearly support cycle (よろず相談), in order."""

    ASSESSMENT_SHEET = "assessment_sheet", "アセスメントシート"
    INTAKE = "intake", "初回面談"
    OVERALL = "overall", "全体相談"
    DOMAIN = "domain", "分野別相談"
    MONITORING = "monitoring", "任意相談"
    EVALUATION = "evaluation", "評価面談"

    @property
    def order(self) -> int:
        return list(Phase).index(self)


class VisitMethod(LabelledEnum):
    VISIT = "visit", "訪問"
    ONLINE = "online", "オンライン"
    HYBRID = "hybrid", "訪問+オンライン"


class VisitStatus(LabelledEnum):
    PLANNED = "planned", "予定"
    DONE = "done", "実施済"
    CANCELLED = "cancelled", "中止"


class NoteKind(LabelledEnum):
    """Sections of the interview notes of a visit, in print order."""

    ATTENDEES = "attendees", "出席者"
    CURRENT_STATE = "current_state", "現状"
    ISSUES = "issues", "課題"
    REQUESTS = "requests", "要望"
    AGREEMENTS = "agreements", "合意事項"
    MEMO = "memo", "メモ"


class OwnerSide(LabelledEnum):
    MUNICIPALITY = "municipality", "市町村"
    ADVISORS = "advisors", "アドバイザー"
    PREFECTURE = "prefecture", "県"


class ActionStatus(LabelledEnum):
    OPEN = "open", "未着手"
    IN_PROGRESS = "in_progress", "対応中"
    DONE = "done", "完了"
    DROPPED = "dropped", "取り下げ"


class ResponseKind(LabelledEnum):
    BASELINE = "baseline", "当初（ベースライン）"
    EVALUATION = "evaluation", "評価"


class ResponseSource(LabelledEnum):
    WEB_FORM = "web_form", "Webフォーム"
    EXCEL = "excel", "Excel"
    MANUAL = "manual", "手入力"
    INTERVIEW = "interview", "面談"


class AnswerType(LabelledEnum):
    SINGLE_CHOICE = "single_choice", "単一選択"
    MULTI_CHOICE = "multi_choice", "複数選択"
    YES_NO = "yes_no", "はい／いいえ"
    NUMBER = "number", "数値"
    FREE_TEXT = "free_text", "自由記述"


class TrainingKind(LabelledEnum):
    """What sort of training (研修) the proposal plans."""

    TOP_SEMINAR = "top_seminar", "トップセミナー"
    INTRO = "intro", "DX入門研修"
    JOINT = "joint", "合同研修会"
    VIDEO = "video", "研修動画"
    OTHER = "other", "その他"


class TrainingMethod(LabelledEnum):
    ONSITE = "onsite", "会場"
    ONLINE = "online", "オンライン"
    HYBRID = "hybrid", "会場+オンライン"
    ON_DEMAND = "on_demand", "動画配信"


class AttendeeGroup(LabelledEnum):
    """Who attended: the municipality's leaders, its staff, or the prefecture's staff."""

    LEADERS = "leaders", "首長・幹部"
    STAFF = "staff", "職員"
    PREFECTURE = "prefecture", "県"


class SurveyItemType(LabelledEnum):
    LIKERT = "likert", "段階評価"
    SINGLE_CHOICE = "single_choice", "単一選択"
    MULTI_CHOICE = "multi_choice", "複数選択"
    FREE_TEXT = "free_text", "自由記述"


class NeedSource(LabelledEnum):
    """Where a need (ニーズ・要望) was heard; ``Need.source_id`` points at that record."""

    ASSESSMENT = "assessment", "アセスメント自由記述"
    VISIT_NOTE = "visit_note", "面談記録"
    TRAINING = "training", "研修"
    SURVEY = "survey", "アンケート自由記述"
    OTHER = "other", "その他"


class NeedStatus(LabelledEnum):
    """How a need is taken up in next year's proposal."""

    OPEN = "open", "未検討"
    ADOPTED = "adopted", "採用"
    CONSIDERING = "considering", "検討中"
    DECLINED = "declined", "見送り"
