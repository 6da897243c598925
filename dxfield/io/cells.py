"""Reading one cell of an import: dates as the form tools write them, kinds, years, answers.

Each reader returns the value or raises ``Refusal`` (a ``ValueError``) with a message for the
person who fills in the file; the importer adds the row and column.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from ..assessment.definition import QuestionDef
from ..messages import Refusal, msg
from ..models import AnswerType, AttendeeGroup, ResponseKind

# Google Forms (ja): 2025/04/25 10:32:11; Microsoft Forms: 4/25/25 10:32:11 or 2025/4/25
# 10:32:11 by locale; LoGoフォーム: 2025-04-25 10:32:11; people: 2025年4月25日.
_DATE_FORMATS = (
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y年%m月%d日 %H:%M:%S",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M",
    "%Y.%m.%d",
)

KIND_WORDS = {
    ResponseKind.BASELINE: ("baseline", "当初", "ベースライン", "当初(ベースライン)", "事前", "春"),
    ResponseKind.EVALUATION: ("evaluation", "評価", "事後", "評価面談", "冬"),
}


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time())
    text = _text(value)
    # Microsoft Forms (en) appends AM/PM; Google Forms (ja) may write 午前/午後.
    text = text.replace("午前", "AM ").replace("午後", "PM ") if "午" in text else text
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    for fmt in ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%y %I:%M:%S %p", "%Y/%m/%d %p %I:%M:%S"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise Refusal(msg("cell.not_a_date", text=text))


def parse_date(value: Any) -> date:
    return parse_datetime(value).date()


def parse_year(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value).removesuffix("年度").strip()
    match = re.fullmatch(r"(?:令和|R)(\d+|元)", text)
    if match:
        n = 1 if match.group(1) == "元" else int(match.group(1))
        return 2018 + n
    if text.isdigit() and len(text) == 4:
        return int(text)
    raise Refusal(msg("cell.not_a_year", text=_text(value)))


def parse_kind(value: Any) -> ResponseKind:
    text = _text(value).replace(" ", "").lower()
    for kind, words in KIND_WORDS.items():
        if text in words or text in (kind.value, _text(kind.label).lower()):
            return kind
    raise Refusal(msg("cell.not_a_kind", text=_text(value)))


GROUP_WORDS = {
    AttendeeGroup.LEADERS: (
        "首長・幹部",
        "首長",
        "幹部",
        "幹部職員",
        "管理職",
        "市町村長",
        "市長",
        "町長",
        "村長",
        "副市長",
        "副町長",
        "副村長",
        "教育長",
    ),
    AttendeeGroup.STAFF: ("職員", "一般職員", "市町村職員", "担当者", "担当職員"),
    AttendeeGroup.PREFECTURE: ("県", "県職員", "和歌山県", "和歌山県職員", "県庁"),
}


def parse_group(value: Any) -> AttendeeGroup:
    """A respondent's group as forms write it (「首長・幹部」「町長」「職員」「県職員」…)."""
    text = _text(value).replace(" ", "").replace("/", "・").replace("／", "・")
    for group, words in GROUP_WORDS.items():
        if text in words or text in (group.value, group.label):
            return group
    raise Refusal(msg("cell.not_a_group", text=_text(value)))


_MULTI_SEPARATORS = re.compile(r"\s*[;；\n]\s*")
_COMMA = re.compile(r"(\s*[,，]\s*)")


def split_choices(question: QuestionDef, text: str) -> list[str]:
    """The choices in one cell. Microsoft Forms joins them with ";" and ends with one
    (「RPA;生成AI;」, and 「生成AI;」 when one is ticked), dxfield joins with "; ", Google
    Forms with ", " — and a label may itself hold a comma, so comma-separated pieces are
    joined back greedily whenever together they make a label.
    """
    text = text.strip()
    if question.choice(text) is not None:
        return [text]
    parts = _MULTI_SEPARATORS.split(text)
    if len(parts) > 1:
        return [p for p in parts if p]
    tokens = _COMMA.split(text)  # piece, separator, piece, ...
    pieces, i = [], 0
    while i < len(tokens):
        for j in range(len(tokens) - 1, i - 1, -2):
            candidate = "".join(tokens[i : j + 1])
            if question.choice(candidate.strip()) is not None:
                pieces.append(candidate.strip())
                i = j + 2
                break
        else:
            pieces.append(tokens[i].strip())
            i += 2
    return [p for p in pieces if p]


def answer_input(question: QuestionDef, value: Any) -> Any:
    """Turn what a cell holds into what ``normalize_answer`` accepts."""
    if value is None:
        return None
    if question.answer_type is AnswerType.MULTI_CHOICE and isinstance(value, str):
        return split_choices(question, value)
    if question.answer_type is AnswerType.FREE_TEXT and not isinstance(value, str):
        return str(value)
    if question.answer_type is AnswerType.SINGLE_CHOICE and not isinstance(value, str):
        return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    if question.answer_type is AnswerType.NUMBER and isinstance(value, str):
        return unicodedata.normalize("NFKC", value)
    return value


def answer_text(question: QuestionDef, value: Any) -> str:
    """An answer as people read it in an export: labels, はい／いいえ, plain numbers."""
    if value is None:
        return ""
    match question.answer_type:
        case AnswerType.SINGLE_CHOICE:
            choice = question.choice(value)
            return choice.label if choice else str(value)
        case AnswerType.MULTI_CHOICE:
            return "; ".join(
                (c.label if (c := question.choice(v)) else str(v)) for v in value or []
            )
        case AnswerType.YES_NO:
            return "はい" if value else "いいえ"
        case AnswerType.NUMBER:
            return f"{value:g}" if isinstance(value, float) else str(value)
    return str(value)
