"""What a form asks and how its answers are judged: the assessment sheet or a survey, read
from the same template files the laptops load, judged by the same ``normalize_answer``.

A form's draft keeps the fields exactly as typed (``{"answers": {code: text or [values]},
"respondent": ...}``): an invalid answer is shown again as it was, next to its question,
and only a draft without a single problem can be sent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dxfield.assessment.definition import QuestionDef, TemplateDef
from dxfield.assessment.template import load_template_file, template_files
from dxfield.enums import AttendeeGroup
from dxfield.errors import ValidationError
from dxfield.masterdata import municipality_id, municipality_rows
from dxfield.models import AnswerType
from dxfield.surveys.definition import SurveyDef
from dxfield.surveys.template import load_survey_file, survey_files, survey_template_id

MAX_FIELD_CHARS = 4000
MAX_VALUES = 50


@dataclass(frozen=True)
class Section:
    heading: str
    groups: tuple[tuple[str, tuple[QuestionDef, ...]], ...]  # (subheading, questions)


@dataclass(frozen=True)
class FormSpec:
    kind: str
    title: str
    description: str
    template_version: str
    sections: tuple[Section, ...]
    # Extra fields asked besides the questions: (name, label, options or None for text).
    extras: tuple[tuple[str, str, tuple[tuple[str, str], ...] | None], ...] = ()
    questions: tuple[QuestionDef, ...] = field(default=())

    def question(self, code: str) -> QuestionDef | None:
        return next((q for q in self.questions if q.code == code), None)


@cache
def assessment_template() -> TemplateDef:
    """The newest assessment sheet among the shipped files (what laptops load too)."""
    files = template_files()
    defs = [load_template_file(path)[0] for path in files]
    from dxfield.templatefiles import version_key

    return max(defs, key=lambda d: version_key(d.template_version))


@cache
def assessment_spec() -> FormSpec:
    defn = assessment_template()
    sections = []
    for stage, stage_label in defn.stages:
        groups = []
        for domain, domain_label in defn.domains:
            qs = tuple(defn.cell_questions(stage, domain))
            if qs:
                groups.append((domain_label, qs))
        sections.append(Section(stage_label, tuple(groups)))
    free = tuple(q for q in defn.questions if q.cell is None)
    if free:
        sections.append(Section("自由記述", (("", free),)))
    return FormSpec(
        kind="assessment",
        title=defn.name,
        description=defn.description,
        template_version=defn.template_version,
        sections=tuple(sections),
        extras=(("respondent", "回答者（所属・氏名）", None),),
        questions=defn.questions,
    )


@cache
def _surveys() -> tuple[SurveyDef, ...]:
    return tuple(load_survey_file(path)[0] for path in survey_files())


def survey_for(training: Mapping[str, Any]) -> SurveyDef:
    """The training's own survey, else the newest meant for its kind, else the newest."""
    surveys = _surveys()
    for defn in surveys:
        if survey_template_id(defn.template_version) == training.get("survey_template_id"):
            return defn
    for defn in reversed(surveys):
        if training.get("kind") in {k.value for k in defn.default_for}:
            return defn
    return surveys[-1]


GROUP_OPTIONS = tuple((g.value, g.label) for g in AttendeeGroup)


@cache
def town_options() -> tuple[tuple[str, str], ...]:
    return tuple((municipality_id(str(r["code"])), str(r["name"])) for r in municipality_rows())


@cache
def survey_spec(defn: SurveyDef) -> FormSpec:
    questions = tuple(item.question for item in defn.items)
    return FormSpec(
        kind="survey",
        title=defn.name,
        description=defn.description,
        template_version=defn.template_version,
        sections=(Section("アンケート", (("", questions),)),),
        extras=(
            ("respondent_group", "ご所属の区分", GROUP_OPTIONS),
            ("municipality", "ご所属の市町村（県職員の方は空欄）", town_options()),
        ),
        questions=questions,
    )


# -- reading and judging what was typed -------------------------------------------------


def draft_from_fields(spec: FormSpec, fields: Mapping[str, list[str]]) -> dict[str, Any]:
    """The posted form as a draft: every question's raw value, cut to sane sizes."""
    answers: dict[str, Any] = {}
    for q in spec.questions:
        values = [v[:MAX_FIELD_CHARS] for v in fields.get(f"q.{q.code}", [])[:MAX_VALUES]]
        if q.answer_type is AnswerType.MULTI_CHOICE:
            chosen = [v for v in values if v]
            if chosen:
                answers[q.code] = chosen
        elif values and values[0].strip():
            answers[q.code] = values[0]
    draft: dict[str, Any] = {"answers": answers}
    for name, _label, _options in spec.extras:
        value = (fields.get(name) or [""])[0][:200]
        draft[name] = value.strip()
    return draft


def _number_problem(q: QuestionDef, raw: Any) -> str:
    text = str(raw).strip().replace(",", "")
    if q.unit and text.endswith(q.unit):
        text = text[: -len(q.unit)].strip()
    try:
        value = float(text)
    except ValueError:
        return "半角の数字で入力してください。"
    if not math.isfinite(value):
        return "半角の数字で入力してください。"
    if q.integer and value != int(value):
        return "整数で入力してください。"
    lo = "" if q.min_value is None else f"{q.min_value:g}"
    hi = "" if q.max_value is None else f"{q.max_value:g}"
    return f"{lo}〜{hi}の範囲で入力してください。"


def problem_text(q: QuestionDef, raw: Any) -> str:
    """Why ``raw`` is not an answer to ``q``, in Japanese (the core's message is English)."""
    match q.answer_type:
        case AnswerType.NUMBER:
            return _number_problem(q, raw)
        case AnswerType.FREE_TEXT:
            return f"{q.max_length}文字以内で入力してください。"
        case AnswerType.MULTI_CHOICE:
            exclusive = [
                c.label
                for c in q.choices
                if c.exclusive and isinstance(raw, list) and c.value in raw
            ]
            if exclusive:
                return f"「{exclusive[0]}」は、ほかの選択肢と一緒には選べません。"
    return "選択肢から選んでください。"


def judge(
    spec: FormSpec, draft: Mapping[str, Any], *, complete: bool
) -> tuple[dict[str, Any], dict[str, str]]:
    """(normalized answers, problems by question code). ``complete``: unanswered required
    questions are problems too (sending); a draft being saved may have gaps."""
    from dxfield.assessment.definition import normalize_answer

    raw_answers = draft.get("answers") or {}
    answers: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for q in spec.questions:
        raw = raw_answers.get(q.code)
        try:
            value = normalize_answer(q, raw)
        except ValidationError:
            problems[q.code] = problem_text(q, raw)
            continue
        if value is None:
            if complete and q.required:
                problems[q.code] = "この設問は回答が必要です。"
            continue
        answers[q.code] = value
    return answers, problems


def answer_label(q: QuestionDef, value: Any) -> str:
    """A sent answer as the summary and the receipt show it."""
    match q.answer_type:
        case AnswerType.SINGLE_CHOICE:
            choice = q.choice(value)
            return choice.label if choice else str(value)
        case AnswerType.MULTI_CHOICE:
            return "、".join(c.label for c in q.choices if c.value in value)
        case AnswerType.YES_NO:
            return "はい" if value else "いいえ"
        case AnswerType.NUMBER:
            return f"{value:g}{q.unit}" if isinstance(value, float) else f"{value}{q.unit}"
    return str(value)
