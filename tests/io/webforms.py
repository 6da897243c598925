"""Builders of web-form exports as the tools write them, from the sheet's own questions."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

from dxfield.assessment.definition import QuestionDef, TemplateDef
from dxfield.assessment.template import current_template, template_definition
from dxfield.models import AnswerType


def sheet(db) -> TemplateDef:
    with db.read_session() as s:
        return template_definition(current_template(s))


def answer_label(q: QuestionDef, variant: int = 0, *, joiner: str = ", ") -> str:
    """A valid answer as the form writes it (labels, not codes)."""
    match q.answer_type:
        case AnswerType.SINGLE_CHOICE:
            return q.choices[variant % len(q.choices)].label
        case AnswerType.MULTI_CHOICE:
            plain = [c for c in q.choices if not c.exclusive]
            return joiner.join(c.label for c in plain[: 1 + variant % len(plain)])
        case AnswerType.YES_NO:
            return "はい" if variant % 2 == 0 else "いいえ"
        case AnswerType.NUMBER:
            return str(int(q.min_value or 0) + 3 * (variant + 1))
    return f"回答{variant}：庁内の人材不足が課題です。"


def google_forms_rows(defn: TemplateDef, answers: list[tuple[str, str, int]]) -> list[list[str]]:
    """Google Forms: タイムスタンプ, then the form's questions by their titles (numbered)."""
    header = ["タイムスタンプ", "市町村名", "回答者氏名"]
    header += [f"{n}. {q.text}" for n, q in enumerate(defn.questions, start=1)]
    rows = [header]
    for stamp, town, variant in answers:
        rows.append(
            [stamp, town, "総務課 山田"] + [answer_label(q, variant) for q in defn.questions]
        )
    return rows


def microsoft_forms_rows(
    defn: TemplateDef, answers: list[tuple[str, str, int]]
) -> list[list[object]]:
    """Microsoft Forms: ID, times, account, then the questions by their titles; a checkbox
    answer is its labels each followed by ";" (「RPA;生成AI;」, 「生成AI;」)."""
    header = ["ID", "開始時刻", "完了時刻", "メール", "名前", "回答者", "団体名"]
    header += [q.text for q in defn.questions]
    rows: list[list[object]] = [header]
    for n, (stamp, town, variant) in enumerate(answers, start=1):
        rows.append(
            [n, stamp, stamp, "anonymous", "anonymous", "企画課 鈴木", town]
            + [_ms_answer(q, variant) for q in defn.questions]
        )
    return rows


def _ms_answer(q: QuestionDef, variant: int) -> str:
    text = answer_label(q, variant, joiner=";")
    return text + ";" if q.answer_type is AnswerType.MULTI_CHOICE else text


def write_csv(path: Path, rows: list[list[object]], *, encoding: str = "utf-8-sig") -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path
