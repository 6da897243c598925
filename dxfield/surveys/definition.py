"""A survey as plain, frozen data: parsed and checked once, used by the importer and results.

A survey file (``resources/templates/survey/*.json``, format in
``resources/templates/README.md``) and a survey stored in the database both become a
``SurveyDef``. Answers are judged by the assessment sheet's rules (``normalize_answer``: a
choice by its value or label, lists for multiple choice, trimmed text), so a survey export
and an assessment export accept the same spellings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..assessment.definition import (
    Choice,
    QuestionDef,
    check_frame,
    normalize_answer,
    parse_choices,
    required_text,
    whole_number,
)
from ..enums import AnswerType, SurveyItemType, TrainingKind
from ..errors import ResourceError
from ..messages import msg

FORMAT_VERSION = 1
_AS_ANSWER_TYPE = {
    SurveyItemType.LIKERT: AnswerType.SINGLE_CHOICE,
    SurveyItemType.SINGLE_CHOICE: AnswerType.SINGLE_CHOICE,
    SurveyItemType.MULTI_CHOICE: AnswerType.MULTI_CHOICE,
    SurveyItemType.FREE_TEXT: AnswerType.FREE_TEXT,
}
# Keys of the file kept in ``SurveyTemplate.definition`` (items have their own rows).
HEADER_KEYS = ("format", "description", "default_for", "top_box", "headline", "scale")


@dataclass(frozen=True)
class SurveyItemDef:
    code: str
    position: int
    text: str
    item_type: SurveyItemType
    # In scale order for Likert items: the most positive answer first.
    choices: tuple[Choice, ...] = ()
    headline: bool = False
    required: bool = False

    @property
    def question(self) -> QuestionDef:
        """The item as an assessment question, to judge answers by the same rules."""
        return QuestionDef(
            code=self.code,
            position=self.position,
            text=self.text,
            answer_type=_AS_ANSWER_TYPE[self.item_type],
            required=self.required,
            choices=self.choices,
        )

    def normalize(self, value: Any) -> Any:
        """The stored form of an answer (None: not answered); ``ValidationError`` if invalid."""
        return normalize_answer(self.question, value)

    def choice_label(self, value: str) -> str:
        choice = self.question.choice(value)
        return choice.label if choice else value


@dataclass(frozen=True)
class SurveyDef:
    template_version: str
    name: str
    items: tuple[SurveyItemDef, ...]
    description: str = ""
    default_for: tuple[TrainingKind, ...] = ()
    # How many of a Likert scale's top answers count as agreeing (上位2つ = 「そう思う」
    # 「ややそう思う」).
    top_box: int = 2
    headline_label: str = "認識共有・機運醸成の変化を実感"
    headline_target: float = 0.8
    _by_code: Mapping[str, SurveyItemDef] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_code", {i.code: i for i in self.items})

    def item(self, code: str) -> SurveyItemDef | None:
        return self._by_code.get(code)

    @property
    def headline_items(self) -> tuple[SurveyItemDef, ...]:
        return tuple(i for i in self.items if i.headline)


def stored_survey(
    template_version: str, name: str, definition: Mapping[str, Any], items: list[tuple]
) -> SurveyDef:
    """The definition of a stored survey template: its ``definition`` column and its live
    items in order, each ``(code, item_type value, text, headline, required, choices)``. One
    builder for the ORM (``surveys.template.survey_definition``) and the stdlib reader
    (``dxfield.quickread_surveys``)."""
    data = {
        **definition,
        "template_version": template_version,
        "name": name,
        "items": [
            {
                "code": code,
                "type": item_type,
                "text": text,
                "headline": headline,
                "required": required,
                **({"choices": choices} if choices else {}),
            }
            for code, item_type, text, headline, required, choices in items
        ],
    }
    return parse_survey(data, f"survey template {template_version}")


def parse_survey(data: Any, source: str) -> SurveyDef:
    """Check a survey (the JSON of a file) and turn it into a ``SurveyDef``.

    Raises ``ResourceError`` naming ``source`` and, when it is about one, the item.
    """
    check_frame(data, source, "survey", FORMAT_VERSION)
    scale = parse_choices({"choices": data["scale"]}, f"{source}: scale") if "scale" in data else ()
    top_box = whole_number(data.get("top_box", 2), f"{source}: top_box")
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise ResourceError(msg("template.list_empty", where=source, field="items"))
    items: list[SurveyItemDef] = []
    for position, raw in enumerate(raw_items, start=1):
        item = _item(raw, position, source, scale)
        if any(i.code == item.code for i in items):
            raise ResourceError(msg("template.item_code_twice", where=source, code=item.code))
        if item.item_type is SurveyItemType.LIKERT and not 0 < top_box < len(item.choices):
            answers = len(item.choices)
            said = msg(
                "template.top_box", where=source, code=item.code, top_box=top_box, answers=answers
            )
            raise ResourceError(said)
        items.append(item)
    headline = data.get("headline", {})
    if not isinstance(headline, dict):
        raise ResourceError(msg("template.must_be_object", where=f"{source}: 'headline'"))
    target = headline.get("target", 0.8)
    if isinstance(target, bool) or not isinstance(target, int | float) or not 0 < target <= 1:
        raise ResourceError(msg("template.headline_target", where=source))
    kinds = data.get("default_for", [])
    try:
        default_for = tuple(TrainingKind(k) for k in kinds)
    except (TypeError, ValueError) as exc:
        raise ResourceError(msg("template.default_for", where=source, detail=exc)) from exc
    return SurveyDef(
        template_version=required_text(data, "template_version", source),
        name=required_text(data, "name", source),
        description=str(data.get("description", "")),
        items=tuple(items),
        default_for=default_for,
        top_box=top_box,
        headline_label=str(headline.get("label", SurveyDef.headline_label)),
        headline_target=float(target),
    )


def _item(raw: Any, position: int, source: str, scale: tuple[Choice, ...]) -> SurveyItemDef:
    if not isinstance(raw, dict):
        raise ResourceError(msg("template.must_be_object", where=f"{source}: items[{position}]"))
    code = required_text(raw, "code", f"{source}: items[{position}]")
    where = f"{source}: item {code}"
    if len(code) > 40:
        raise ResourceError(msg("template.code_long", where=where))
    try:
        item_type = SurveyItemType(raw.get("type"))
    except ValueError:
        known = ", ".join(t.value for t in SurveyItemType)
        raise ResourceError(msg("template.type_one_of", where=where, known=known)) from None
    choices: tuple[Choice, ...] = ()
    if item_type is SurveyItemType.LIKERT:
        choices = parse_choices(raw, where) if "choices" in raw else scale
        if len(choices) < 3:
            raise ResourceError(msg("template.likert_scale", where=where))
    elif item_type in (SurveyItemType.SINGLE_CHOICE, SurveyItemType.MULTI_CHOICE):
        choices = parse_choices(raw, where)
    headline = bool(raw.get("headline", False))
    if headline and item_type is not SurveyItemType.LIKERT:
        raise ResourceError(msg("template.headline_likert", where=where))
    return SurveyItemDef(
        code=code,
        position=position,
        text=required_text(raw, "text", where),
        item_type=item_type,
        choices=choices,
        headline=headline,
        required=bool(raw.get("required", False)),
    )


def choices_to_json(choices: tuple[Choice, ...]) -> list[dict[str, str]]:
    return [{"value": c.value, "label": c.label} for c in choices]
