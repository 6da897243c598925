"""What each column of a web-form export holds: a question, or one of the response's facts.

Exports differ by tool. Google Forms starts with 「タイムスタンプ」; Microsoft Forms with
「ID」「開始時刻」「完了時刻」「メール」「名前」; LoGoフォーム with its own receipt columns.
Question columns carry the question's text as the form showed it, sometimes numbered
(「1. …」「Q3 …」「問5」) or marked required (「*」「（必須）」), or its code
(「GEN-AW-01」, as dxfield's own exports and the blank sheet write it).

Order of recognition: a question code, then an exact fact header, then the question text,
then a looser fact header. A question whose text mentions 市町村 is still a question.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..assessment.definition import QuestionDef

QUESTION = "question"
TIMESTAMP = "timestamp"
ANSWERED_ON = "answered_on"
MUNICIPALITY_CODE = "municipality_code"
MUNICIPALITY_NAME = "municipality_name"
RESPONDENT = "respondent"
YEAR = "year"
KIND = "kind"
TEMPLATE = "template"
# Survey exports: the form's own id of a response, and the respondent's group (首長・幹部…).
RESPONSE_ID = "response_id"
GROUP = "group"
IGNORED = "ignored"
UNKNOWN = "unknown"

ROLE_LABELS = {
    QUESTION: "設問",
    TIMESTAMP: "回答日時",
    ANSWERED_ON: "回答日",
    MUNICIPALITY_CODE: "団体コード",
    MUNICIPALITY_NAME: "市町村名",
    RESPONDENT: "回答者",
    YEAR: "年度",
    KIND: "区分",
    TEMPLATE: "シートの版",
    RESPONSE_ID: "回答ID",
    GROUP: "参加者区分",
    IGNORED: "使用しない",
    UNKNOWN: "不明（使用しない）",
}

# Exact headers (after normalisation), best first within a role: when a file has two
# candidates for one role (MS Forms 「名前」 is the account name; a form's own 「回答者名」
# question is better), the better one wins and the other is ignored.
FACT_HEADERS: dict[str, tuple[str, ...]] = {
    TIMESTAMP: (
        "タイムスタンプ",
        "完了時刻",
        "回答日時",
        "送信日時",
        "受付日時",
        "回答完了日時",
        "登録日時",
        "TIMESTAMP",
        "COMPLETIONTIME",
    ),
    ANSWERED_ON: ("回答日", "記入日", "回答年月日"),
    MUNICIPALITY_CODE: (
        "団体コード",
        "市町村コード",
        "地方公共団体コード",
        "全国地方公共団体コード",
        "自治体コード",
    ),
    MUNICIPALITY_NAME: (
        "市町村",
        "市町村名",
        "団体名",
        "自治体名",
        "地方公共団体名",
        "貴団体名",
        "市町村名を選択してください",
        "団体名を選択してください",
    ),
    RESPONDENT: (
        "回答者",
        "回答者名",
        "回答者氏名",
        "記入者",
        "記入者名",
        "ご担当者名",
        "担当者名",
        "担当者",
        "氏名",
        "お名前",
        "名前",
        "NAME",
    ),
    YEAR: ("年度", "対象年度"),
    KIND: ("区分", "回答区分", "種別"),
    TEMPLATE: ("テンプレート", "シートの版", "TEMPLATEVERSION"),
    # Microsoft Forms numbers responses (ID), LoGoフォーム gives each a 回答ID / 受付番号.
    RESPONSE_ID: ("ID", "回答ID", "受付番号", "回答番号", "RESPONSEID"),
    GROUP: (
        "参加者区分",
        "受講者区分",
        "役職区分",
        "職位区分",
        "立場",
        "あなたの立場",
        "ご自身の立場",
        "ご所属の区分",
    ),
    IGNORED: (
        "開始時刻",
        "最終変更時刻",
        "メール",
        "メールアドレス",
        "EMAIL",
        "STARTTIME",
        "LASTMODIFIEDTIME",
        "合計点数",
        "スコア",
        "所属",
        "部署",
        "部署名",
        "所属部署",
        "電話番号",
        "連絡先",
    ),
}
_EXACT = {h: role for role, names in FACT_HEADERS.items() for h in names}
_RANK = {h: n for names in FACT_HEADERS.values() for n, h in enumerate(names)}

_NUMBERING = re.compile(
    r"^(?:(?:Q|問|設問|質問)\s*\d+(?:[-‐.．、:：)）\]]|\s)*|\d+(?:[-.．、:：)）]\s*|\s+)|[(（【\[]\s*\d+\s*[)）】\]])"
)
_REQUIRED = re.compile(r"(?:\*|＊|※?[（(]?必須[)）]?)+$")
_SPACE = re.compile(r"\s+")


def normalize_header(text: str) -> str:
    """Comparable form of a header: NFKC, upper case, no spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text))).upper()


def normalize_question_text(text: str) -> str:
    norm = _SPACE.sub("", unicodedata.normalize("NFKC", str(text)))
    norm = _REQUIRED.sub("", norm)
    norm = _NUMBERING.sub("", norm)
    return _REQUIRED.sub("", norm)


@dataclass(frozen=True)
class Column:
    index: int
    header: str
    role: str
    code: str | None = None  # for questions
    note: str = ""  # how it was recognised, for the dry-run

    def describe(self) -> str:
        if self.role == QUESTION:
            return f"設問 {self.code}（{self.note}）"
        return ROLE_LABELS[self.role] + (f"（{self.note}）" if self.note else "")


def _code_pattern(codes: list[str]) -> re.Pattern[str]:
    if not codes:
        return re.compile(r"(?!)")  # matches nothing
    alternatives = "|".join(re.escape(c.upper()) for c in sorted(codes, key=len, reverse=True))
    return re.compile(rf"(?<![A-Z0-9-])({alternatives})(?![A-Z0-9-])")


def _loose_fact(norm: str) -> str | None:
    if len(norm) > 20:
        return None
    if "コード" in norm and any(k in norm for k in ("団体", "市町村", "自治体")):
        return MUNICIPALITY_CODE
    if any(k in norm for k in ("市町村名", "団体名", "自治体名")):
        return MUNICIPALITY_NAME
    if "回答者" in norm or "記入者" in norm:
        return RESPONDENT
    if "区分" in norm and any(k in norm for k in ("参加者", "受講者", "役職", "職位", "立場")):
        return GROUP
    return None


def recognise(headers: list[str], questions: list[QuestionDef]) -> list[Column]:
    """A role for every column. Never fails: what is not understood is ``UNKNOWN``."""
    pattern = _code_pattern([q.code for q in questions])
    by_text: dict[str, list[QuestionDef]] = {}
    for q in questions:
        by_text.setdefault(normalize_question_text(q.text), []).append(q)
    columns: list[Column] = []
    for index, header in enumerate(headers):
        norm = normalize_header(header)
        if not norm:
            columns.append(Column(index, header, UNKNOWN, note="見出しなし"))
            continue
        match = pattern.search(norm)
        if match:
            columns.append(Column(index, header, QUESTION, match.group(1), "コードで対応"))
            continue
        if norm in _EXACT:
            columns.append(Column(index, header, _EXACT[norm]))
            continue
        question = _match_text(normalize_question_text(header), by_text)
        if question is not None:
            columns.append(Column(index, header, QUESTION, question.code, "設問文で対応"))
            continue
        loose = _loose_fact(norm)
        columns.append(Column(index, header, loose or UNKNOWN))
    return _one_per_fact(columns)


def _match_text(text: str, by_text: dict[str, list[QuestionDef]]) -> QuestionDef | None:
    exact = by_text.get(text)
    if exact and len(exact) == 1:
        return exact[0]
    if len(text) < 10:
        return None
    # Forms shorten long titles or add a note after them: accept a unique containment.
    found = [qs[0] for t, qs in by_text.items() if len(qs) == 1 and (text in t or t in text)]
    return found[0] if len(found) == 1 else None


def _one_per_fact(columns: list[Column]) -> list[Column]:
    best: dict[str, Column] = {}
    for col in columns:
        if col.role in (QUESTION, IGNORED, UNKNOWN):
            continue
        rank = _RANK.get(normalize_header(col.header), 99)
        current = best.get(col.role)
        if current is None or rank < _RANK.get(normalize_header(current.header), 99):
            best[col.role] = col
    result = []
    for col in columns:
        if col.role in best and best[col.role] is not col:
            col = Column(col.index, col.header, IGNORED, note=f"{best[col.role].header} を使用")
        result.append(col)
    return result
