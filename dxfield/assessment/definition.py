"""The assessment sheet as plain, frozen data: parsed and checked once, scored anywhere.

A template file (``resources/templates/*.json``, format in ``resources/templates/README.md``)
and a template stored in the database both become a ``TemplateDef``. Everything that judges an
answer (is it valid, how many points is it worth) lives here, so the service that stores
answers and the engine that scores them can never disagree.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..enums import AnswerType
from ..errors import ResourceError, ValidationError
from ..messages import Message, msg

FORMAT_VERSION = 1
_YES = frozenset({"yes", "はい", "true", "1", "y", "○"})
_NO = frozenset({"no", "いいえ", "false", "0", "n", "×"})


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    points: int = 0
    # A choice such as 「特にない」 that cannot be combined with any other.
    exclusive: bool = False


@dataclass(frozen=True)
class Band:
    """Numbers from ``min`` up to the next band's ``min`` score ``points``."""

    min: float
    points: int


@dataclass(frozen=True)
class QuestionDef:
    code: str
    position: int
    text: str
    answer_type: AnswerType
    stage: str | None = None
    domain: str | None = None
    help: str = ""
    required: bool = True
    choices: tuple[Choice, ...] = ()
    cap: int | None = None  # multi_choice: most points the question can give
    yes_points: int = 0
    no_points: int = 0
    bands: tuple[Band, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    integer: bool = False
    unit: str = ""
    max_length: int = 2000

    @property
    def cell(self) -> tuple[str, str] | None:
        return (self.stage, self.domain) if self.stage and self.domain else None

    @property
    def scored(self) -> bool:
        return self.answer_type is not AnswerType.FREE_TEXT

    @property
    def max_points(self) -> int:
        match self.answer_type:
            case AnswerType.SINGLE_CHOICE:
                return max(c.points for c in self.choices)
            case AnswerType.MULTI_CHOICE:
                total = sum(c.points for c in self.choices)
                return total if self.cap is None else min(total, self.cap)
            case AnswerType.YES_NO:
                return max(self.yes_points, self.no_points)
            case AnswerType.NUMBER:
                return max(b.points for b in self.bands)
        return 0

    def choice(self, value: str) -> Choice | None:
        for c in self.choices:
            if value in (c.value, c.label):
                return c
        return None


@dataclass(frozen=True)
class SupportLevelDef:
    key: str
    label: str
    min: int  # the default lowest domain total that earns this level
    description: str = ""


@dataclass(frozen=True)
class TemplateDef:
    template_version: str
    name: str
    stages: tuple[tuple[str, str], ...]
    domains: tuple[tuple[str, str], ...]
    # From most support (lowest scores) to least.
    support_levels: tuple[SupportLevelDef, ...]
    # domain key -> {level key -> min total}: a domain may move its own thresholds.
    support_level_overrides: Mapping[str, Mapping[str, int]]
    questions: tuple[QuestionDef, ...]
    description: str = ""
    _by_code: Mapping[str, QuestionDef] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {q.code: q for q in self.questions})

    def question(self, code: str) -> QuestionDef | None:
        return self._by_code.get(code)

    def stage_label(self, key: str) -> str:
        return dict(self.stages)[key]

    def domain_label(self, key: str) -> str:
        return dict(self.domains)[key]

    def thresholds(self, domain: str) -> list[tuple[SupportLevelDef, int]]:
        """The levels with the lowest total each needs in ``domain``, lowest first."""
        override = self.support_level_overrides.get(domain, {})
        return [(level, override.get(level.key, level.min)) for level in self.support_levels]

    def cell_questions(self, stage: str, domain: str) -> list[QuestionDef]:
        return [q for q in self.questions if q.stage == stage and q.domain == domain]


# -- answers ----------------------------------------------------------------------------


def normalize_answer(question: QuestionDef, value: Any) -> Any:
    """The canonical stored form of ``value`` for ``question``, or ``None`` for "no answer".

    Accepts what people and spreadsheets type (a choice's label as well as its value,
    はい/いいえ, numbers as text) and raises ``ValidationError`` naming the question otherwise.
    """
    code = question.code
    if value is None or (isinstance(value, str) and not value.strip()):
        return None

    def bad(said: Message) -> ValidationError:
        return ValidationError(f"{code}: {said}", said=said, field=code, value=value)

    def not_a_choice(item: Any) -> ValidationError:
        labels = [c.label for c in question.choices]
        return bad(msg("answer.not_a_choice", value=item, choices=labels, labels="／".join(labels)))

    match question.answer_type:
        case AnswerType.FREE_TEXT:
            if not isinstance(value, str):
                raise bad(msg("answer.not_text"))
            text = value.strip()
            if len(text) > question.max_length:
                raise bad(msg("answer.too_long", max_length=question.max_length))
            return text
        case AnswerType.SINGLE_CHOICE:
            if not isinstance(value, str):
                raise bad(msg("answer.choose_one"))
            choice = question.choice(value.strip())
            if choice is None:
                raise not_a_choice(value)
            return choice.value
        case AnswerType.MULTI_CHOICE:
            items = value
            if isinstance(value, str):
                # One label may itself hold a comma; only split what is not a choice as a whole.
                items = [value] if question.choice(value.strip()) else value.split(",")
            if not isinstance(items, list | tuple | set | frozenset):
                raise bad(msg("answer.not_a_list"))
            chosen: list[str] = []
            for item in items:
                if not isinstance(item, str):
                    raise not_a_choice(item)
                choice = question.choice(item.strip())
                if choice is None:
                    raise not_a_choice(item)
                if choice.value not in chosen:
                    chosen.append(choice.value)
            exclusive = [c for c in question.choices if c.exclusive and c.value in chosen]
            if exclusive and len(chosen) > 1:
                raise bad(msg("answer.exclusive", label=exclusive[0].label))
            # Stored in the template's order, so the same selection is always the same value.
            return [c.value for c in question.choices if c.value in chosen]
        case AnswerType.YES_NO:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.strip().lower() in _YES:
                return True
            if isinstance(value, str) and value.strip().lower() in _NO:
                return False
            raise bad(msg("answer.yes_no"))
        case AnswerType.NUMBER:
            return _normalize_number(question, value, bad)
    raise bad(msg("answer.unknown_type", answer_type=question.answer_type))


def _normalize_number(question: QuestionDef, value: Any, bad) -> int | float:
    if isinstance(value, bool):
        raise bad(msg("answer.number_expected"))
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if question.unit and text.endswith(question.unit):
            text = text[: -len(question.unit)].strip()
        try:
            value = float(text)
        except ValueError:
            raise bad(msg("answer.not_a_number", value=text)) from None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise bad(msg("answer.number_expected"))
    if question.integer:
        if value != int(value):
            raise bad(msg("answer.whole_number"))
        value = int(value)
    if question.min_value is not None and value < question.min_value:
        raise bad(msg("answer.below_minimum", value=value, minimum=f"{question.min_value:g}"))
    if question.max_value is not None and value > question.max_value:
        raise bad(msg("answer.above_maximum", value=value, maximum=f"{question.max_value:g}"))
    return value


def normalize_answers(defn: TemplateDef, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every answer (by question code) in its stored form; ``ValidationError`` with ``field``
    = the code for an unknown question or a value the question does not take."""
    normalized: dict[str, Any] = {}
    for code, raw in answers.items():
        question = defn.question(code)
        if question is None:
            raise ValidationError(
                f"{code}: no such question in template {defn.template_version}", field=code
            )
        normalized[code] = normalize_answer(question, raw)
    return normalized


def answer_points(question: QuestionDef, value: Any) -> int:
    """Points an already normalised answer earns (0 for no answer and for free text)."""
    if value is None:
        return 0
    match question.answer_type:
        case AnswerType.SINGLE_CHOICE:
            choice = question.choice(value)
            return choice.points if choice else 0
        case AnswerType.MULTI_CHOICE:
            total = sum(c.points for c in question.choices if c.value in value)
            return total if question.cap is None else min(total, question.cap)
        case AnswerType.YES_NO:
            return question.yes_points if value else question.no_points
        case AnswerType.NUMBER:
            points = 0
            for band in question.bands:
                if value >= band.min:
                    points = band.points
            return points
    return 0


# -- parsing ----------------------------------------------------------------------------


def stored_definition(
    template_version: str, name: str, definition: Mapping[str, Any], questions: list[tuple]
) -> TemplateDef:
    """The definition of a stored template: its ``definition`` column and its live questions
    in order, each ``(code, answer_type value, text, help, required, stage, domain, choices,
    scoring)``. One builder for the ORM (``assessment.template.template_definition``) and the
    stdlib reader (``dxfield.quickread_sheets``), so both read a stored sheet alike."""
    data = {
        **definition,
        "template_version": template_version,
        "name": name,
        "questions": [
            {
                "code": code,
                "type": answer_type,
                "text": text,
                "help": help,
                "required": required,
                **({"stage": stage, "domain": domain} if stage else {}),
                **({"choices": choices} if choices else {}),
                **scoring,
            }
            for code, answer_type, text, help, required, stage, domain, choices, scoring in questions
        ],
    }
    return parse_definition(data, f"assessment template {template_version}")


def parse_definition(data: Any, source: str) -> TemplateDef:
    """Check a template (the JSON of a file) and turn it into a ``TemplateDef``.

    Raises ``ResourceError`` naming ``source`` and, when it is about one, the question.
    """
    check_frame(data, source, "template", FORMAT_VERSION)
    version = required_text(data, "template_version", source)
    name = required_text(data, "name", source)
    stages = _keyed(data, "stages", source)
    domains = _keyed(data, "domains", source)
    levels = _levels(data, source)
    overrides = _overrides(data, source, {k for k, _ in domains}, {lv.key for lv in levels})
    raw_questions = data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise ResourceError(msg("template.list_empty", where=source, field="questions"))
    questions: list[QuestionDef] = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_questions, start=1):
        q = _question(raw, position, source, {k for k, _ in stages}, {k for k, _ in domains})
        if q.code in seen:
            raise ResourceError(msg("template.code_twice", where=source, code=q.code))
        seen.add(q.code)
        questions.append(q)
    defn = TemplateDef(
        template_version=version,
        name=name,
        description=str(data.get("description", "")),
        stages=stages,
        domains=domains,
        support_levels=levels,
        support_level_overrides=overrides,
        questions=tuple(questions),
    )
    for domain, _label in domains:
        steps = [m for _lv, m in defn.thresholds(domain)]
        if steps[0] != 0 or any(a >= b for a, b in itertools.pairwise(steps)):
            raise ResourceError(
                msg("template.thresholds", where=source, domain=domain, steps=steps)
            )
    return defn


def check_frame(data: Any, source: str, noun: str, version: int) -> None:
    """A definition file (a ``noun``) is a JSON object of format ``version`` (the default)."""
    if not isinstance(data, dict):
        raise ResourceError(msg("template.not_object", where=source, noun=noun))
    fmt = data.get("format", version)
    if fmt != version:
        raise ResourceError(msg("template.format", where=source, noun=noun, fmt=fmt))


def required_text(data: dict, key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ResourceError(msg("template.text_empty", where=where, field=key))
    return value.strip()


def _keyed(data: dict, key: str, source: str) -> tuple[tuple[str, str], ...]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise ResourceError(msg("template.list_empty", where=source, field=key))
    result = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ResourceError(msg("template.keyed_item", where=source, field=key, n=n))
        result.append(
            (
                required_text(item, "key", f"{source}: {key}[{n}]"),
                required_text(item, "label", source),
            )
        )
    if len({k for k, _ in result}) != len(result):
        raise ResourceError(msg("template.key_twice", where=source, field=key))
    return tuple(result)


def whole_number(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ResourceError(msg("template.not_whole", where=where, value=value))
    return value


def _levels(data: dict, source: str) -> tuple[SupportLevelDef, ...]:
    items = data.get("support_levels")
    if not isinstance(items, list) or not items:
        raise ResourceError(msg("template.list_empty", where=source, field="support_levels"))
    levels = []
    for n, item in enumerate(items, start=1):
        where = f"{source}: support_levels[{n}]"
        if not isinstance(item, dict):
            raise ResourceError(msg("template.must_be_object", where=where))
        levels.append(
            SupportLevelDef(
                key=required_text(item, "key", where),
                label=required_text(item, "label", where),
                min=whole_number(item.get("min"), f"{where}.min"),
                description=str(item.get("description", "")),
            )
        )
    return tuple(levels)


def _overrides(
    data: dict, source: str, domains: set[str], levels: set[str]
) -> dict[str, dict[str, int]]:
    raw = data.get("support_level_overrides") or {}
    if not isinstance(raw, dict):
        where = f"{source}: 'support_level_overrides'"
        raise ResourceError(msg("template.must_be_object", where=where))
    result: dict[str, dict[str, int]] = {}
    for domain, mins in raw.items():
        if domain not in domains:
            raise ResourceError(msg("template.override_domain", where=source, domain=domain))
        if not isinstance(mins, dict):
            where = f"{source}: support_level_overrides.{domain}"
            raise ResourceError(msg("template.must_be_object", where=where))
        for level in mins:
            if level not in levels:
                raise ResourceError(
                    msg("template.override_level", where=source, domain=domain, level=level)
                )
        result[domain] = {
            lv: whole_number(v, f"{source}: support_level_overrides.{domain}.{lv}")
            for lv, v in mins.items()
        }
    return result


def _question(
    raw: Any, position: int, source: str, stages: set[str], domains: set[str]
) -> QuestionDef:
    if not isinstance(raw, dict):
        where = f"{source}: question #{position}"
        raise ResourceError(msg("template.must_be_object", where=where))
    code = raw.get("code")
    if not isinstance(code, str) or not code.strip() or len(code) > 40:
        raise ResourceError(msg("template.question_code", where=source, position=position))
    where = f"{source}: question {code}"
    text = required_text(raw, "text", where)
    try:
        answer_type = AnswerType(raw.get("type"))
    except ValueError:
        known = ", ".join(t.value for t in AnswerType)
        said = msg("template.unknown_type", where=where, value=raw.get("type"), known=known)
        raise ResourceError(said) from None
    stage, domain = raw.get("stage"), raw.get("domain")
    common: dict[str, Any] = {
        "code": code,
        "position": position,
        "text": text,
        "answer_type": answer_type,
        "help": str(raw.get("help", "")),
        "required": bool(raw.get("required", answer_type is not AnswerType.FREE_TEXT)),
    }
    if answer_type is AnswerType.FREE_TEXT:
        if stage or domain:
            raise ResourceError(msg("template.free_text_cell", where=where))
        max_length = whole_number(raw.get("max_length", 2000), f"{where}: max_length")
        return QuestionDef(**common, max_length=max_length)
    if stage not in stages:
        said = msg(
            "template.not_one_of", where=where, name="stage", value=stage, known=sorted(stages)
        )
        raise ResourceError(said)
    if domain not in domains:
        known = sorted(domains)
        said = msg("template.not_one_of", where=where, name="domain", value=domain, known=known)
        raise ResourceError(said)
    common.update(stage=stage, domain=domain)
    match answer_type:
        case AnswerType.SINGLE_CHOICE | AnswerType.MULTI_CHOICE:
            choices = parse_choices(raw, where)
            cap = raw.get("cap")
            if answer_type is AnswerType.SINGLE_CHOICE and any(c.exclusive for c in choices):
                raise ResourceError(msg("template.exclusive", where=where))
            return QuestionDef(
                **common,
                choices=choices,
                cap=None if cap is None else whole_number(cap, f"{where}: cap"),
            )
        case AnswerType.YES_NO:
            points = raw.get("points")
            if not isinstance(points, dict) or set(points) != {"yes", "no"}:
                raise ResourceError(msg("template.yes_no_points", where=where))
            return QuestionDef(
                **common,
                yes_points=whole_number(points["yes"], f"{where}: points.yes"),
                no_points=whole_number(points["no"], f"{where}: points.no"),
            )
    # number
    bands_raw = raw.get("bands")
    if not isinstance(bands_raw, list) or not bands_raw:
        raise ResourceError(msg("template.bands_missing", where=where))
    bands = []
    for n, b in enumerate(bands_raw, start=1):
        if not isinstance(b, dict) or not isinstance(b.get("min"), int | float):
            raise ResourceError(msg("template.band_min", where=where, n=n))
        bands.append(
            Band(min=b["min"], points=whole_number(b.get("points"), f"{where}: bands[{n}]"))
        )
    if any(a.min >= b.min for a, b in itertools.pairwise(bands)):
        raise ResourceError(msg("template.bands_order", where=where))
    lo, hi = raw.get("min"), raw.get("max")
    for name, bound in (("min", lo), ("max", hi)):
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
            raise ResourceError(msg("template.not_number", where=where, name=name))
    if lo is not None and hi is not None and lo > hi:
        raise ResourceError(msg("template.min_above_max", where=where))
    return QuestionDef(
        **common,
        bands=tuple(bands),
        min_value=lo,
        max_value=hi,
        integer=bool(raw.get("integer", False)),
        unit=str(raw.get("unit", "")),
    )


def parse_choices(raw: dict, where: str) -> tuple[Choice, ...]:
    items = raw.get("choices")
    if not isinstance(items, list) or len(items) < 2:
        raise ResourceError(msg("template.choices_few", where=where))
    choices = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ResourceError(msg("template.must_be_object", where=f"{where}: choices[{n}]"))
        choices.append(
            Choice(
                value=required_text(item, "value", f"{where}: choices[{n}]"),
                label=required_text(item, "label", f"{where}: choices[{n}]"),
                points=whole_number(item.get("points", 0), f"{where}: choices[{n}].points"),
                exclusive=bool(item.get("exclusive", False)),
            )
        )
    names = [c.value for c in choices] + [c.label for c in choices]
    if len({c.value for c in choices}) != len(choices) or len({c.label for c in choices}) != len(
        choices
    ):
        raise ResourceError(msg("template.choices_share", where=where, names=names))
    return tuple(choices)


def question_to_json(q: QuestionDef) -> dict[str, Any]:
    """The template-file form of a question (what ``_question`` reads back)."""
    data: dict[str, Any] = {"code": q.code, "type": q.answer_type.value, "text": q.text}
    if q.stage:
        data.update(stage=q.stage, domain=q.domain)
    if q.help:
        data["help"] = q.help
    data["required"] = q.required
    match q.answer_type:
        case AnswerType.SINGLE_CHOICE | AnswerType.MULTI_CHOICE:
            data["choices"] = [
                {"value": c.value, "label": c.label, "points": c.points}
                | ({"exclusive": True} if c.exclusive else {})
                for c in q.choices
            ]
            if q.cap is not None:
                data["cap"] = q.cap
        case AnswerType.YES_NO:
            data["points"] = {"yes": q.yes_points, "no": q.no_points}
        case AnswerType.NUMBER:
            data["bands"] = [{"min": b.min, "points": b.points} for b in q.bands]
            data.update(min=q.min_value, max=q.max_value, integer=q.integer, unit=q.unit)
        case AnswerType.FREE_TEXT:
            data["max_length"] = q.max_length
    return data
