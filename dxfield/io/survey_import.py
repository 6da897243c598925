"""Importing a training's survey answers from the form service's export.

Google Forms (「タイムスタンプ」, items by their titles), Microsoft Forms (「ID」「開始時刻」
「完了時刻」…), LoGoフォーム (「回答ID」「受付日時」…), as CSV in UTF-8 (with or without BOM)
or CP932, or as .xlsx. It is the assessment importer's machinery: the same reader (encoding
decided strictly, sizes limited), the same column recognition (item text or code, numbering
and 「（必須）」 ignored), the same cell readers and answer rules, the same municipality
matching, and the same two steps: ``plan_survey`` checks everything and writes nothing (the
dry run); ``import_survey`` writes only a plan without a single problem.

Each row becomes the response ``stable_id(training, source_ref)``: the form's response id
when the export has one, else its timestamp and answers. A later export of the same form
(more answers came in) adds only the new rows; the same file twice adds nothing; a response
edited in the form (same id, other answers) is updated.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import DxfieldError, ImportFailed, ImportProblem, ValidationError
from ..messages import msg, said
from ..models import AttendeeGroup, ImportBatch, ResponseSource, SurveyResponse
from ..services import surveys as service
from ..services.trainings import get_training
from ..surveys.definition import SurveyDef
from ..surveys.template import survey_definition, survey_template_for
from ..trainingsummary import training_label
from . import cells
from . import columns as roles
from .plans import PlannerBase, record_batch, render_plan, write_failed
from .tables import Table, read_table
from .towns import TownMatcher, TownProblem

KIND = "survey"
# A training of a few hundred people; a file beyond this is not one training's export.
MAX_ROWS = 5000


@dataclass
class SurveyRecordPlan:
    row: int
    source_ref: str
    response_id: str
    municipality_id: str | None
    municipality: str
    group: AttendeeGroup | None
    submitted_at: datetime | None
    answers: dict[str, Any]
    state: str = "new"  # "new" | "unchanged" | "updated"


@dataclass
class SurveyImportPlan:
    filename: str
    sha256: str
    source: str
    training_id: str
    training: str
    template_id: str
    template_version: str
    columns: list[roles.Column]
    records: list[SurveyRecordPlan]
    problems: list[ImportProblem]
    notes: list[str]
    already_imported: str | None = None
    added: int = 0
    updated: int = 0

    def count(self, state: str) -> int:
        return sum(1 for r in self.records if r.state == state)

    def render(self) -> str:
        states = {"new": "新規", "unchanged": "取り込み済み（変更なし）", "updated": "更新"}
        body = [
            f"回答 {len(self.records)} 件（新規 {self.count('new')}・更新 {self.count('updated')}"
            f"・変更なし {self.count('unchanged')}）:"
        ]
        for r in self.records:
            who = r.municipality or "（市町村なし）"
            group = f" {r.group.label}" if r.group else ""
            body.append(f"  行 {r.row}: {who}{group} 回答 {len(r.answers)} 問 — {states[r.state]}")
        return render_plan(
            [
                f"ファイル: {self.filename}（{self.source}）",
                f"研修: {self.training}",
                f"アンケートの版: {self.template_version}",
            ],
            self.columns,
            body,
            self.notes,
            self.problems,
            self.already_imported,
        )


def plan_survey(session: Session, path: Path, training_id: str) -> SurveyImportPlan:
    """Read and check ``path`` for the training completely; write nothing. An unreadable
    file raises ``ImportProblem``; everything else is collected in ``plan.problems``."""
    path = Path(path)
    table = read_table(path, max_rows=MAX_ROWS)
    digest = table.sha256
    return _Planner(session, table, path.name, digest, training_id).plan()


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Planner(PlannerBase):
    def __init__(self, session: Session, table: Table, filename: str, digest: str, tid: str):
        self.session = session
        self.table = table
        self.filename = filename
        self.digest = digest
        self.training = get_training(session, tid)
        self.template = survey_template_for(session, self.training)
        self.defn: SurveyDef = survey_definition(self.template)
        self.problems: list[ImportProblem] = []
        self.notes: list[str] = []

    def plan(self) -> SurveyImportPlan:
        self.columns = roles.recognise(
            self.table.headers, [item.question for item in self.defn.items]
        )
        fatal = self._check_columns()
        if not self.table.rows:
            self.problems.insert(
                0,
                ImportProblem(msg("import.no_rows"), row=self.table.header_row + 1),
            )
            fatal = True
        records = [] if fatal else self._records()
        seen = self._earlier_import()
        t = self.training
        return SurveyImportPlan(
            filename=self.filename,
            sha256=self.digest,
            source=self.table.describe(),
            training_id=t.id,
            training=training_label(t),
            template_id=self.template.id,
            template_version=self.defn.template_version,
            columns=self.columns,
            records=records,
            problems=self.problems,
            notes=self.notes,
            already_imported=seen,
        )

    def _earlier_import(self) -> str | None:
        batches = self.session.scalars(
            select(ImportBatch).where(ImportBatch.kind == KIND, ImportBatch.sha256 == self.digest)
        ).all()
        for batch in batches:
            other = batch.summary.get("training_id")
            if other == self.training.id:
                return f"{batch.imported_at:%Y-%m-%d %H:%M}"
            self.problems.append(
                ImportProblem(
                    msg(
                        "import.survey_other_training",
                        day=f"{batch.imported_at:%Y-%m-%d}",
                        training=batch.summary.get("training", other),
                    )
                )
            )
        return None

    def _check_columns(self) -> bool:
        used, fatal = self.check_question_columns(
            ((i.code, i.text, i.required) for i in self.defn.items), noun="item"
        )
        if not used:
            self.problems.insert(
                0,
                ImportProblem(
                    msg("import.survey_no_item_column", survey=self.defn.name),
                    row=self.table.header_row,
                ),
            )
            return True
        for col in self.columns:
            if col.role == roles.RESPONDENT:
                self.notes.append(
                    f"列 {col.header[:40]!r}（回答者名）は取り込みません（アンケートは匿名で集計）"
                )
        if (
            self.fact(roles.MUNICIPALITY_NAME) is None
            and self.fact(roles.MUNICIPALITY_CODE) is None
        ):
            self.notes.append("市町村の列がないため、回答は市町村別には集計されません")
        return fatal

    def _group_column(self) -> int | None:
        # A survey's 「区分」 is the respondent's group (an assessment's is baseline/evaluation).
        group = self.fact(roles.GROUP)
        return group if group is not None else self.fact(roles.KIND)

    def _records(self) -> list[SurveyRecordPlan]:
        towns = TownMatcher(self.session)
        taking_part = {link.municipality_id for link in self.training.municipalities}
        item_cols = [c for c in self.columns if c.role == roles.QUESTION]
        group_col = self._group_column()
        records: list[SurveyRecordPlan] = []
        first_row: dict[str, int] = {}
        outsiders: dict[str, list[int]] = {}
        early = 0
        for r, row in enumerate(self.table.rows):
            before = len(self.problems)
            self.flag_formulas(r, row)
            number = self.table.row_numbers[r]
            stamp = self._stamp(row, r)
            town, group = self._town(row, r, towns)
            if group_col is not None and row[group_col] not in (None, ""):
                try:
                    stated = cells.parse_group(row[group_col])
                except ValueError as exc:
                    self._problem(said(exc), r, group_col)
                else:
                    # 「和歌山県」 as the organisation makes any 「職員」 the prefecture's staff.
                    group = group or stated
            answers: dict[str, Any] = {}
            for col in item_cols:
                item = self.defn.item(col.code)
                try:
                    value = item.normalize(cells.answer_input(item.question, row[col.index]))
                except ValidationError as exc:
                    self._problem(exc.said or exc.message, r, col.index)
                    continue
                if value is not None:
                    answers[item.code] = value
            if len(self.problems) > before:
                continue
            if not answers:
                self.notes.append(f"行 {number}: 回答が空のため取り込みません")
                continue
            ref = self._source_ref(row, stamp, answers)
            if ref in first_row:
                self._problem(
                    msg("import.survey_duplicate_response", first_row=first_row[ref]),
                    r,
                    self.fact(roles.RESPONSE_ID) or self.fact(roles.TIMESTAMP),
                )
                continue
            first_row[ref] = number
            if stamp is not None and stamp < self.training.starts_at:
                early += 1
            if town is not None and taking_part and town.id not in taking_part:
                outsiders.setdefault(town.name, []).append(number)
            records.append(
                SurveyRecordPlan(
                    row=number,
                    source_ref=ref,
                    response_id=service.response_id(self.training.id, ref),
                    municipality_id=town.id if town else None,
                    municipality=town.name if town else "",
                    group=group,
                    submitted_at=stamp,
                    answers=answers,
                )
            )
        if early:
            self.notes.append(
                f"{early} 件の回答が研修の開始（{self.training.starts_at:%Y-%m-%d %H:%M}）より前の"
                "日時です。研修の選択が正しいか確認してください"
            )
        for name, rows in outsiders.items():
            listed = ", ".join(str(n) for n in rows[:5]) + ("…" if len(rows) > 5 else "")
            self.notes.append(f"{name} はこの研修の参加市町村に登録されていません（行 {listed}）")
        self._compare_with_store(records)
        return records

    def _stamp(self, row: list[Any], r: int) -> datetime | None:
        value, col = self._cell(row, roles.TIMESTAMP)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return cells.parse_datetime(value)
        except ValueError as exc:
            self._problem(said(exc), r, col)
            return None

    def _town(self, row, r, towns: TownMatcher):
        code_value, _ = self._cell(row, roles.MUNICIPALITY_CODE)
        name_value, _ = self._cell(row, roles.MUNICIPALITY_NAME)
        if name_value not in (None, "") and towns.is_prefecture(name_value):
            return None, AttendeeGroup.PREFECTURE
        try:
            return towns.match(code_value, name_value), None
        except TownProblem as problem:
            self._problem(problem.said, r, self.fact(problem.role))
            return None, None

    def _source_ref(self, row, stamp: datetime | None, answers: dict[str, Any]) -> str:
        form_id, _ = self._cell(row, roles.RESPONSE_ID)
        if form_id not in (None, ""):
            return f"id:{_cell_text(form_id)}"[:300]
        # No id: the moment it was sent and what was said identify a response.
        digest = hashlib.sha256(repr(sorted(answers.items())).encode("utf-8")).hexdigest()[:16]
        when = stamp.isoformat(timespec="seconds") if stamp else "-"
        return f"at:{when}:{digest}"

    def _compare_with_store(self, records: list[SurveyRecordPlan]) -> None:
        ids = [r.response_id for r in records]
        existing = (
            {
                x.id: x
                for x in self.session.scalars(
                    select(SurveyResponse).where(SurveyResponse.id.in_(ids))
                )
            }
            if ids
            else {}
        )
        for record in records:
            found = existing.get(record.response_id)
            if found is None or found.deleted:
                continue
            same = (
                service.stored_answers(self.session, found) == record.answers
                and found.municipality_id == record.municipality_id
                and found.respondent_group == record.group
                and found.submitted_at == record.submitted_at
            )
            record.state = "unchanged" if same else "updated"


def apply_survey_plan(session: Session, plan: SurveyImportPlan) -> SurveyImportPlan:
    """Write a checked plan in the caller's transaction (nothing if it has a problem)."""
    if plan.problems:
        raise ImportFailed(plan.problems, source=plan.filename)
    if plan.already_imported:
        return plan
    record = None
    try:
        for record in plan.records:
            if record.state == "unchanged":
                continue
            service.save_response(
                session,
                plan.training_id,
                plan.template_id,
                service.ResponseInput(
                    source_ref=record.source_ref,
                    answers=record.answers,
                    municipality_id=record.municipality_id,
                    respondent_group=record.group,
                    submitted_at=record.submitted_at,
                    source=ResponseSource.WEB_FORM,
                ),
            )
    except DxfieldError as exc:
        raise write_failed(plan.filename, record.row if record else None, exc) from exc
    plan.added, plan.updated = plan.count("new"), plan.count("updated")
    record_batch(
        session,
        KIND,
        plan.sha256,
        plan.filename,
        len(plan.records),
        {
            "training_id": plan.training_id,
            "training": plan.training,
            "added": plan.added,
            "updated": plan.updated,
            "unchanged": plan.count("unchanged"),
        },
    )
    return plan


def import_survey(session: Session, path: Path, training_id: str) -> SurveyImportPlan:
    """Plan and, if there is no problem at all, write. Raises ``ImportFailed`` otherwise."""
    return apply_survey_plan(session, plan_survey(session, path, training_id))


__all__ = [
    "KIND",
    "SurveyImportPlan",
    "SurveyRecordPlan",
    "apply_survey_plan",
    "import_survey",
    "plan_survey",
]
