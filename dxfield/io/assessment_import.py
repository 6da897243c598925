"""Importing assessment answers: web-form exports, dxfield's own exports, the filled sheet.

Two steps, so that a person sees before anything is written what the file will do:
``plan_assessments`` reads and checks everything and writes nothing (the dry run, the
wizard's preview); ``import_assessments`` writes the plan in the caller's transaction, and
only if there is not a single problem. A file that was imported before (same bytes) adds
nothing; a response already in dxfield with the same answers is left alone. One with other
answers is a problem, unless the import is asked to replace it (``replace=True``, the CLI's
``--replace``): then the plan shows each question that changes, and writing tombstones the
stored response (so every replica learns of it) and adds the file's in its place.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import fiscal
from ..assessment.definition import TemplateDef, normalize_answer
from ..assessment.template import current_template, get_template, template_definition
from ..errors import DxfieldError, ImportFailed, ImportProblem, NotFoundError, ValidationError
from ..messages import msg, said
from ..models import ImportBatch, Municipality, ResponseKind, ResponseSource
from ..services import assessments
from . import cells
from . import columns as roles
from .plans import PlannerBase, record_batch, render_plan, write_failed
from .tables import Table, read_bytes
from .towns import TownMatcher, TownProblem

KIND = "assessments"
# 30 municipalities x 2 kinds x many years: a file beyond this is not an export of the sheet.
MAX_ROWS = 3000


@dataclass
class RecordPlan:
    row: int
    municipality_id: str
    municipality: str
    fiscal_year: int
    kind: ResponseKind
    template_id: str
    answered_on: date | None
    respondent: str
    answers: dict[str, Any]
    unchanged: bool = False  # already in dxfield with exactly these answers
    unanswered_required: list[str] = field(default_factory=list)
    replaces: str | None = None  # the stored response this one replaces (replace=True)
    # (question code, stored answer, the file's answer) as people read them, for the dry run
    changes: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class AssessmentImportPlan:
    filename: str
    sha256: str
    source: str
    template_version: str
    columns: list[roles.Column]
    records: list[RecordPlan]
    problems: list[ImportProblem]
    notes: list[str]
    already_imported: str | None = None  # when the same file was imported before
    response_source: ResponseSource = ResponseSource.WEB_FORM
    added: int = 0  # responses written by ``apply_plan`` (0 until it ran)
    replaced: int = 0  # of those, how many replaced a stored response

    @property
    def replacements(self) -> list[RecordPlan]:
        return [r for r in self.records if r.replaces]

    @property
    def new_records(self) -> list[RecordPlan]:
        return [r for r in self.records if not r.unchanged]

    def render(self) -> str:
        """The dry run as a person reads it: how each column is used, then every problem."""
        body = [f"回答 {len(self.records)} 件:"]
        for r in self.records:
            state = "取り込み済み（変更なし）" if r.unchanged else "新規"
            if r.replaces:
                state = f"登録済みの回答を置き換え（変わる設問 {len(r.changes)} 問）"
            body.append(
                f"  行 {r.row}: {r.municipality} {r.fiscal_year}年度 {r.kind.label} "
                f"回答 {len(r.answers)} 問 — {state}"
            )
            body.extend(
                f"      {code}: {before or '（未回答）'} → {after or '（未回答）'}"
                for code, before, after in r.changes
            )
        return render_plan(
            [f"ファイル: {self.filename}（{self.source}）", f"シートの版: {self.template_version}"],
            self.columns,
            body,
            self.notes,
            self.problems,
            self.already_imported,
        )


def _templates(session: Session, table: Table, template_col: int | None) -> dict[str, TemplateDef]:
    versions = set()
    if template_col is not None:
        versions = {str(r[template_col]).strip() for r in table.rows if r[template_col]}
    if not versions:
        return {"": template_definition(current_template(session))}
    found = {}
    for version in sorted(versions):
        try:
            found[version] = template_definition(get_template(session, version))
        except NotFoundError:
            continue  # reported per row
    return found or {"": template_definition(current_template(session))}


def read_import_table(path: Path) -> Table:
    """The file as a table: a web-form export, or dxfield's blank sheet filled in."""
    from .blank_sheet import is_blank_sheet, read_blank_sheet
    from .limits import check_xlsx
    from .tables import XLSX_MAGIC, parse_csv, parse_xlsx, refuse_binary

    data = read_bytes(path)
    if data.startswith(XLSX_MAGIC):
        scan = check_xlsx(path, max_rows=MAX_ROWS)
        if is_blank_sheet(path):
            table = read_blank_sheet(path, scan)
        else:
            table = parse_xlsx(path, max_rows=MAX_ROWS, scan=scan)
    else:
        refuse_binary(path, data)
        table = parse_csv(data, max_rows=MAX_ROWS)
    table.sha256 = hashlib.sha256(data).hexdigest()
    return table


def plan_assessments(
    session: Session,
    path: Path,
    *,
    year: int | None = None,
    kind: ResponseKind | str | None = None,
    replace: bool = False,
) -> AssessmentImportPlan:
    """Read and check ``path`` completely; write nothing. Unreadable files raise
    ``ImportProblem``; everything else is collected in ``plan.problems``. With ``replace``,
    a row whose response is stored with other answers is planned as its replacement.
    """
    path = Path(path)
    table = read_import_table(path)
    return _Planner(session, table, path.name, table.sha256, year, kind, replace).plan()


class _Planner(PlannerBase):
    def __init__(self, session, table: Table, filename, digest, year, kind, replace) -> None:
        self.session = session
        self.table = table
        self.filename = filename
        self.digest = digest
        self.year = year
        self.kind = ResponseKind(kind) if kind else None
        self.replace = replace
        self.problems: list[ImportProblem] = []
        self.notes: list[str] = []
        self._existing: dict[tuple[str, int, ResponseKind], Any] | None = None

    def plan(self) -> AssessmentImportPlan:
        table = self.table
        first = roles.recognise(table.headers, [])
        template_col = next((c.index for c in first if c.role == roles.TEMPLATE), None)
        self.templates = _templates(self.session, table, template_col)
        newest = list(self.templates.values())[-1]
        questions = {q.code: q for d in self.templates.values() for q in d.questions}
        self.columns = roles.recognise(table.headers, list(questions.values()))
        self._check_columns(newest, questions)
        self.towns = TownMatcher(self.session)
        if not table.rows:
            self.problems.insert(
                0,
                ImportProblem(msg("import.no_rows"), row=table.header_row + 1),
            )
            self._fatal = True
        records = [] if self._fatal else self._records(questions)
        seen = self.session.scalar(
            select(ImportBatch).where(ImportBatch.kind == KIND, ImportBatch.sha256 == self.digest)
        )
        return AssessmentImportPlan(
            filename=self.filename,
            sha256=self.digest,
            source=table.describe(),
            template_version=", ".join(d.template_version for d in self.templates.values()),
            columns=self.columns,
            records=records,
            problems=self.problems,
            notes=self.notes,
            already_imported=f"{seen.imported_at:%Y-%m-%d %H:%M}" if seen else None,
            response_source=(
                ResponseSource.EXCEL
                if table.source == "xlsx" and self.fact(roles.TIMESTAMP) is None
                else ResponseSource.WEB_FORM
            ),
        )

    def _check_columns(self, newest: TemplateDef, questions) -> None:
        self._fatal = False
        if (
            self.fact(roles.MUNICIPALITY_CODE) is None
            and self.fact(roles.MUNICIPALITY_NAME) is None
        ):
            self.problems.append(
                ImportProblem(msg("import.no_municipality_column"), row=self.table.header_row)
            )
            self._fatal = True
        _used, fatal = self.check_question_columns(
            (q.code, q.text, q.required) for q in newest.questions
        )
        self._fatal = self._fatal or fatal
        says_year = (roles.YEAR, roles.TIMESTAMP, roles.ANSWERED_ON)
        if self.year is None and all(self.fact(role) is None for role in says_year):
            self.problems.append(ImportProblem(msg("import.no_year")))
            self._fatal = True
        if self.kind is None and self.fact(roles.KIND) is None:
            self.notes.append("区分の列も指定もないため「当初（ベースライン）」として取り込みます")

    def _read(self, parse, row, r, role):
        value, col = self._cell(row, role)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self._problem(said(exc), r, col)
            return None

    def _municipality(self, row, r) -> Municipality | None:
        code_value, code_col = self._cell(row, roles.MUNICIPALITY_CODE)
        name_value, name_col = self._cell(row, roles.MUNICIPALITY_NAME)
        try:
            found = self.towns.match(code_value, name_value)
        except TownProblem as problem:
            self._problem(problem.said, r, self.fact(problem.role))
            return None
        if found is None:
            self._problem(msg("town.empty"), r, code_col if name_col is None else name_col)
        return found

    def _records(self, questions) -> list[RecordPlan]:
        records: list[RecordPlan] = []
        first_row: dict[tuple[str, int, ResponseKind], int] = {}
        question_cols = [c for c in self.columns if c.role == roles.QUESTION]
        for r, row in enumerate(self.table.rows):
            before = len(self.problems)
            self.flag_formulas(r, row)
            municipality = self._municipality(row, r)
            stamp = self._read(cells.parse_datetime, row, r, roles.TIMESTAMP)
            answered_on = self._read(cells.parse_date, row, r, roles.ANSWERED_ON)
            answered_on = answered_on or (stamp.date() if isinstance(stamp, datetime) else None)
            year = self._year(row, r, answered_on)
            kind = self._read(cells.parse_kind, row, r, roles.KIND) or self.kind
            kind = kind or ResponseKind.BASELINE
            version_value, version_col = self._cell(row, roles.TEMPLATE)
            defn = (
                self.templates.get(str(version_value or "").strip())
                or list(self.templates.values())[-1]
            )
            if version_value and str(version_value).strip() not in self.templates:
                self._problem(
                    msg("import.unknown_sheet_version", version=version_value), r, version_col
                )
            answers: dict[str, Any] = {}
            for col in question_cols:
                question = defn.question(col.code)
                value = row[col.index]
                if question is None:
                    if value not in (None, ""):
                        self._problem(
                            msg(
                                "import.question_not_on_version",
                                code=col.code,
                                version=defn.template_version,
                            ),
                            r,
                            col.index,
                        )
                    continue
                try:
                    normalized = normalize_answer(question, cells.answer_input(question, value))
                except ValidationError as exc:
                    self._problem(exc.said or exc.message, r, col.index)
                    continue
                if normalized is not None:
                    answers[question.code] = normalized
            respondent, _ = self._cell(row, roles.RESPONDENT)
            if len(self.problems) > before or municipality is None or year is None:
                continue
            key = (municipality.id, year, kind)
            if key in first_row:
                self._problem(
                    msg(
                        "import.duplicate_row",
                        municipality=municipality.name,
                        year=year,
                        kind=kind.label,
                        first_row=first_row[key],
                    ),
                    r,
                    self.fact(roles.MUNICIPALITY_NAME) or self.fact(roles.MUNICIPALITY_CODE),
                )
                continue
            first_row[key] = self.table.row_numbers[r]
            record = RecordPlan(
                row=self.table.row_numbers[r],
                municipality_id=municipality.id,
                municipality=municipality.name,
                fiscal_year=year,
                kind=kind,
                template_id=_template_id(self.session, defn),
                answered_on=answered_on,
                respondent=str(respondent or "").strip(),
                answers=answers,
                unanswered_required=[
                    q.code for q in defn.questions if q.required and q.code not in answers
                ],
            )
            self._compare_with_store(record, r, defn)
            records.append(record)
        for rec in records:
            if rec.unanswered_required and not rec.unchanged:
                self.notes.append(
                    f"行 {rec.row}（{rec.municipality}）: 未回答の必須設問 "
                    f"{len(rec.unanswered_required)} 問（{', '.join(rec.unanswered_required[:5])}"
                    + ("…" if len(rec.unanswered_required) > 5 else "")
                    + "）"
                )
        return records

    def _year(self, row, r, answered_on: date | None) -> int | None:
        year = self._read(cells.parse_year, row, r, roles.YEAR)
        if year is not None and self.year is not None and year != self.year:
            self._problem(
                msg("import.year_differs", year=year, given=self.year),
                r,
                self.fact(roles.YEAR),
            )
            return None
        year = year or self.year
        if year is None and answered_on is not None:
            year = fiscal.fiscal_year_of(answered_on)
        if year is None:
            self._problem(msg("import.year_unknown"), r, self.fact(roles.TIMESTAMP))
        elif not assessments.MIN_YEAR <= year <= assessments.MAX_YEAR:
            self._problem(msg("import.year_implausible", year=year), r, self.fact(roles.YEAR))
            return None
        return year

    def _compare_with_store(self, record: RecordPlan, r: int, defn: TemplateDef) -> None:
        if self._existing is None:
            # One query for all, rather than one per row of a ten-year file.
            self._existing = {
                (e.municipality_id, e.fiscal_year, e.kind): e
                for e in assessments.list_responses(self.session)
            }
        existing = self._existing.get((record.municipality_id, record.fiscal_year, record.kind))
        if existing is None:
            return
        stored = assessments.answers_by_code(self.session, existing)
        if stored == record.answers:
            record.unchanged = True
            return
        if self.replace:
            record.replaces = existing.id
            record.changes = _changes(defn, stored, record.answers)
            return
        self._problem(
            msg(
                "import.already_stored",
                municipality=record.municipality,
                year=record.fiscal_year,
                kind=record.kind.label,
            ),
            r,
            self.fact(roles.MUNICIPALITY_NAME) or self.fact(roles.MUNICIPALITY_CODE),
        )


def _changes(
    defn: TemplateDef, stored: dict[str, Any], new: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """The questions whose answer differs, in the sheet's order, as people read answers."""

    def text(code: str, value: Any) -> str:
        question = defn.question(code)
        if value is None:
            return ""
        return cells.answer_text(question, value) if question else str(value)

    order = [q.code for q in defn.questions]
    codes = [c for c in order if c in stored or c in new]
    codes += sorted((set(stored) | set(new)) - set(order))
    return [
        (code, text(code, stored.get(code)), text(code, new.get(code)))
        for code in codes
        if stored.get(code) != new.get(code)
    ]


def _template_id(session: Session, defn: TemplateDef) -> str:
    return get_template(session, defn.template_version).id


def apply_plan(session: Session, plan: AssessmentImportPlan) -> int:
    """Write a checked plan in the caller's transaction. Returns how many responses were added."""
    if plan.problems:
        raise ImportFailed(plan.problems, source=plan.filename)
    if plan.already_imported:
        return 0
    added = replaced = 0
    try:
        for record in plan.new_records:
            if record.replaces:
                # A tombstone rather than an edit: the file's response may be on another
                # version of the sheet, and other replicas learn of the replacement by sync.
                assessments.delete_response(session, record.replaces)
                replaced += 1
            response = assessments.create_response(
                session,
                municipality_id=record.municipality_id,
                fiscal_year=record.fiscal_year,
                kind=record.kind,
                template_id=record.template_id,
                answered_on=record.answered_on,
                respondent=record.respondent,
                source=plan.response_source,
                source_ref=f"{plan.filename} 行{record.row}"[:300],
            )
            assessments.set_answers(session, response.id, record.answers)
            added += 1
    except DxfieldError as exc:
        raise write_failed(plan.filename, record.row, exc) from exc
    plan.added, plan.replaced = added, replaced
    record_batch(
        session,
        KIND,
        plan.sha256,
        plan.filename,
        len(plan.records),
        {"added": added, "replaced": replaced, "unchanged": len(plan.records) - added},
    )
    return added


def import_assessments(
    session: Session,
    path: Path,
    *,
    year: int | None = None,
    kind: ResponseKind | str | None = None,
    replace: bool = False,
) -> AssessmentImportPlan:
    """Plan and, if there is no problem at all, write. Raises ``ImportFailed`` otherwise."""
    plan = plan_assessments(session, path, year=year, kind=kind, replace=replace)
    apply_plan(session, plan)
    return plan
