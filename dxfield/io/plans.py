"""What the importers share: how a plan reads in a dry run (the file, how each column is
used, what will be written, then every note and problem), and a planner's dealings with its
table (columns by role, cells, problems located by row and column)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl.utils.cell import get_column_letter
from sqlalchemy.orm import Session

from ..errors import DxfieldError, ImportFailed, ImportProblem
from ..messages import Message, msg
from ..models import ImportBatch
from . import columns as roles
from .columns import Column
from .formulas import looks_like_formula
from .tables import Table

NOUNS = {"question": "設問", "item": "設問"}  # what a planner's columns answer, in Japanese
MAX_FORMULA_NOTES = 20  # formula-like cells pointed out one by one; the rest summed up


def render_plan(
    head: Sequence[str],
    columns: Sequence[Column],
    body: Sequence[str],
    notes: Sequence[str],
    problems: Sequence[ImportProblem],
    already_imported: str | None = None,
) -> str:
    lines = list(head)
    if already_imported:
        lines.append(f"このファイルは取り込み済みです（{already_imported}）。")
    lines.append("列の対応:")
    for col in columns:
        lines.append(f"  {col.index + 1:>3}. {col.header[:40]!s} → {col.describe()}")
    lines.extend(body)
    lines.extend(f"注意: {note}" for note in notes)
    if problems:
        lines.append(f"問題 {len(problems)} 件（取り込みは行いません）:")
        lines.extend(f"  - {p.located()}" for p in problems)
    else:
        lines.append("問題はありません。")
    return "\n".join(lines)


def write_failed(filename: str, row: int | None, exc: DxfieldError) -> ImportFailed:
    """The error for a checked plan that a write still refused. The plan was checked a moment
    before, so only a concurrent edit gets here; the caller rolls back."""
    return ImportFailed(
        [ImportProblem(msg("import.write_failed", row=row, detail=exc.text()), row=row)],
        source=filename,
    )


def record_batch(
    session: Session, kind: str, sha256: str, filename: str, rows: int, summary: dict[str, Any]
) -> None:
    """Remember an imported file (by its digest, so the same file is recognised next time)."""
    session.add(
        ImportBatch(kind=kind, sha256=sha256, filename=filename[:300], rows=rows, summary=summary)
    )
    session.flush()


class PlannerBase:
    """What every import planner does with its table: find a column by its role, read a
    cell, record a problem at a cell, and check the question (item) columns."""

    table: Table
    columns: list[Column]
    problems: list[ImportProblem]
    notes: list[str]

    def fact(self, role: str) -> int | None:
        return next((c.index for c in self.columns if c.role == role), None)

    def _cell(self, row: list[Any], role: str) -> tuple[Any, int | None]:
        index = self.fact(role)
        return (row[index] if index is not None else None), index

    def _problem(self, message: str | Message, r: int, col: int | None) -> None:
        if col is None:
            self.problems.append(ImportProblem(message, row=self.table.row_numbers[r]))
        else:
            self.problems.append(self.table.problem(message, r, col))

    def flag_formulas(self, r: int, row: list[Any]) -> None:
        """Formulas are never run: a formula cell gives the result Excel saved with it, and
        text that a spreadsheet would run is kept as text (and exported as text)."""
        for col, value in enumerate(row):
            formula = self.table.formulas.get((r, col))
            where = self.table.where(r, col)
            if formula is not None and value is None:
                self._problem(msg("import.formula_without_result", formula=formula[:40]), r, col)
            elif formula is not None:
                self._note(
                    f"行 {where[0]}・列「{where[1][:30]}」: 数式 {formula[:40]} の計算結果"
                    f"「{str(value)[:40]}」を取り込みます（数式そのものは取り込みません）"
                )
            elif looks_like_formula(value):
                self._note(
                    f"行 {where[0]}・列「{where[1][:30]}」:「{str(value)[:40]}」は表計算の数式の"
                    "ように見えます。文字として取り込み、書き出すときも文字のままにします"
                )

    def _note(self, text: str) -> None:
        self._formula_notes = getattr(self, "_formula_notes", 0) + 1
        if self._formula_notes <= MAX_FORMULA_NOTES:
            self.notes.append(text)
        elif self._formula_notes == MAX_FORMULA_NOTES + 1:
            self.notes.append("数式のようなセルがほかにもあります（すべて文字として扱います）")

    def check_question_columns(
        self, wanted: Iterable[tuple[str, str, bool]], noun: str = "question"
    ) -> tuple[dict[str, Column], bool]:
        """Each of ``wanted`` (code, text, required) has at most one column, and a required
        one has one. Returns the columns by code and whether the file cannot be read on."""
        fatal = False
        used: dict[str, Column] = {}
        for col in self.columns:
            if col.role != roles.QUESTION:
                continue
            if col.code in used:
                self.problems.append(
                    ImportProblem(
                        msg(
                            "import.duplicate_column",
                            other=used[col.code].header,
                            noun=NOUNS[noun],
                            noun_en=noun,
                            code=col.code,
                        ),
                        row=self.table.header_row,
                        column=col.header,
                        letter=get_column_letter(col.index + 1),
                    )
                )
                fatal = True
            used[col.code] = col
        for code, text, required in wanted:
            if code in used:
                continue
            if required:
                self.problems.append(
                    ImportProblem(
                        msg(
                            "import.missing_column",
                            noun=NOUNS[noun],
                            noun_en=noun,
                            code=code,
                            text=text[:40],
                        ),
                        row=self.table.header_row,
                        column=code,
                    )
                )
            else:
                self.notes.append(f"設問 {code} の列がありません（任意の設問のため空欄扱い）")
        for col in self.columns:
            if col.role == roles.UNKNOWN and col.header:
                self.notes.append(
                    f"列 {col.header[:40]!r} はどの設問にも対応しないため使用しません"
                )
        return used, fatal
