"""Assessment answers as one table: a row per response, a column per question.

The table reads back with ``dxfield import assessments``: facts under the headers the
importer knows, question columns headed by code and text, answers as labels (what a person
reads, and what the importer maps back). CSV is UTF-8 with a BOM and CRLF so Excel opens it
in Japanese; exporting what was imported gives the same bytes.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..assessment.definition import QuestionDef
from ..assessment.template import template_definition
from ..models import ResponseKind
from ..services.assessments import answers_by_code, list_responses
from .cells import answer_text
from .files import atomic_path
from .formulas import csv_escape
from .xlsx import Sheet, write_workbook

FACT_HEADERS = ("年度", "区分", "団体コード", "市町村", "回答日", "回答者", "テンプレート")
_KIND_ORDER = {ResponseKind.BASELINE: 0, ResponseKind.EVALUATION: 1}


def question_header(question: QuestionDef) -> str:
    return f"{question.code} {question.text}"


def assessment_table(
    session: Session, *, year: int | None = None, for_excel: bool = False
) -> tuple[list[str], list[list[Any]]]:
    responses = list_responses(session, fiscal_year=year)
    responses.sort(key=lambda r: (r.fiscal_year, _KIND_ORDER[r.kind], r.municipality.code))
    defs = {}
    for response in responses:
        defs.setdefault(response.template_id, template_definition(response.template))
    # Columns of every version in use, newest version's wording first; a code shared by two
    # versions is one column.
    ordered = sorted(defs.values(), key=lambda d: d.template_version, reverse=True)
    columns: dict[str, QuestionDef] = {}
    for defn in ordered:
        for q in defn.questions:
            columns.setdefault(q.code, q)
    headers = [*FACT_HEADERS, *(question_header(q) for q in columns.values())]
    rows = []
    for response in responses:
        defn = defs[response.template_id]
        answers = answers_by_code(session, response)
        answered_on: Any = response.answered_on
        if not for_excel:
            answered_on = answered_on.isoformat() if isinstance(answered_on, date) else ""
        row: list[Any] = [
            response.fiscal_year,
            response.kind.label,
            response.municipality.code,
            response.municipality.name,
            answered_on,
            response.respondent,
            defn.template_version,
        ]
        for code in columns:
            question = defn.question(code)
            value = answers.get(code)
            if for_excel and question is not None and isinstance(value, int | float):
                row.append(value if not isinstance(value, bool) else answer_text(question, value))
            else:
                row.append(answer_text(question, value) if question is not None else "")
        rows.append(row)
    return headers, rows


def export_assessments(session: Session, path: Path, *, year: int | None = None) -> int:
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        headers, rows = assessment_table(session, year=year, for_excel=True)
        write_workbook(
            path, [Sheet("アセスメント回答", headers, rows, formats={"回答日": "yyyy/mm/dd"})]
        )
        return len(rows)
    headers, rows = assessment_table(session, year=year)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    # Text a spreadsheet would run as a formula gets an apostrophe (the importer removes it).
    writer.writerow([csv_escape(v) for v in headers])
    writer.writerows([csv_escape(v) for v in row] for row in rows)
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return len(rows)
