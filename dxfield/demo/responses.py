"""Demo assessment answers: a municipality's maturity per domain, turned into answers.

Each municipality has a maturity (0..1) per domain that grows with its size and a little
every year. Every question draws one fixed random number per municipality and year; the
baseline and the evaluation answer it from the same number with their own maturity, so an
evaluation with a higher maturity never answers a question worse than the baseline did.
Most municipalities improve over the year, a few stay flat, a few slip.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..assessment.definition import QuestionDef, TemplateDef
from ..assessment.template import current_template, template_definition
from ..models import AnswerType, Municipality, ResponseKind, ResponseSource
from ..services.assessments import create_response, get_response, set_answers
from .corpus import lines_for, size_of, town_themes
from .people import DemoContact
from .themes import GOALS, THEMES_BY_KEY

_SIZE_BASE = {"t": 0.18, "s": 0.3, "m": 0.45, "l": 0.65}
# Typical numbers behind the numeric questions, by size (median at maturity 0.5).
_NUMBER_SCALE = {"t": 2, "s": 5, "m": 15, "l": 60}


def trend_of(municipality: Municipality, year: int) -> str:
    """ "up", "flat" or "down": how the year went for the municipality."""
    roll = random.Random(f"demo:trend:{municipality.code}:{year}").random()
    return "up" if roll < 0.8 else "flat" if roll < 0.92 else "down"


def maturity(municipality: Municipality, domain: str, year: int, kind: ResponseKind) -> float:
    rng = random.Random(f"demo:maturity:{municipality.code}:{domain}")
    base = _SIZE_BASE[size_of(municipality)] + rng.uniform(-0.12, 0.12)
    value = base + 0.07 * (year - 2025)
    if kind == ResponseKind.EVALUATION:
        trend = trend_of(municipality, year)
        yearly = random.Random(f"demo:delta:{municipality.code}:{domain}:{year}")
        value += {
            "up": yearly.uniform(0.04, 0.18),
            "flat": yearly.uniform(-0.02, 0.03),
            "down": yearly.uniform(-0.15, -0.05),
        }[trend]
    return min(max(value, 0.03), 0.97)


def _answer(q: QuestionDef, level: float, u: float, size: str) -> Any:
    """The answer of someone at ``level`` (0..1), ``u`` being the question's own luck."""
    x = min(max(level + (u - 0.5) * 0.5, 0.0), 0.999)
    match q.answer_type:
        case AnswerType.SINGLE_CHOICE:
            ordered = sorted(q.choices, key=lambda c: c.points)
            return ordered[int(x * len(ordered))].value
        case AnswerType.YES_NO:
            return x >= 0.5
        case AnswerType.MULTI_CHOICE:
            regular = [c for c in q.choices if not c.exclusive]
            k = min(int(x * (len(regular) + 1)), len(regular))
            if k == 0:
                none = [c for c in q.choices if c.exclusive]
                return [none[0].value] if none else []
            picked = {c.value for c in random.Random(f"{q.code}:{u}").sample(regular, k)}
            return [c.value for c in q.choices if c.value in picked]  # the template's order
        case AnswerType.NUMBER:
            value = round(_NUMBER_SCALE[size] * 2 * x * x)
            if q.min_value is not None:
                value = max(value, int(q.min_value))
            if q.max_value is not None:
                value = min(value, int(q.max_value))
            return value
    return None


def _free_texts(municipality: Municipality, year: int, kind: ResponseKind) -> list[str]:
    rng = random.Random(f"demo:free:{municipality.code}:{year}:{kind.value}")
    size = size_of(municipality)
    themes = [THEMES_BY_KEY[k] for k in town_themes(municipality, year)]

    def line(part: str) -> str:
        pool = [ln for t in themes[:3] for ln in lines_for(getattr(t, part), size)]
        return rng.choice(pool).replace("{town}", municipality.name).replace("{head}", "首長")

    # By the evaluation the first worry has been worked on: the next ones come forward.
    ahead = themes if kind == ResponseKind.BASELINE else themes[1:]
    labels = "、".join(t.label for t in ahead[:3])
    focus = GOALS[ahead[0].key]
    texts = [
        line("issues"),
        line("requests"),
        labels,
        f"{focus}に重点的に取り組む予定です。",
        rng.choice(("", "特になし", "他の町村の担当者と情報交換できる場があるとありがたいです。")),
    ]
    # Placeholders that need a person are not used in free text: drop such lines.
    return [t if "{" not in t else "" for t in texts]


def answers_for(
    defn: TemplateDef, municipality: Municipality, year: int, kind: ResponseKind
) -> dict[str, Any]:
    """All answers of one response, by question code; valid for ``defn`` by construction."""
    luck = random.Random(f"demo:luck:{municipality.code}:{year}")
    size = size_of(municipality)
    free = iter(_free_texts(municipality, year, kind))
    levels = {key: maturity(municipality, key, year, kind) for key, _label in defn.domains}
    answers: dict[str, Any] = {}
    for q in defn.questions:
        u = luck.random()
        if q.answer_type is AnswerType.FREE_TEXT:
            text = next(free, "")
            if text:
                answers[q.code] = text
        else:
            answers[q.code] = _answer(q, levels[q.domain], u, size)
    return answers


def ensure_response(
    session: Session,
    municipality: Municipality,
    year: int,
    kind: ResponseKind,
    answered_on: date,
    contact: DemoContact,
) -> bool:
    """Create the demo response unless the municipality already has one. True if created."""
    if get_response(session, municipality.id, year, kind) is not None:
        return False
    source = random.Random(f"demo:source:{municipality.code}:{year}:{kind.value}").choices(
        (ResponseSource.WEB_FORM, ResponseSource.EXCEL, ResponseSource.MANUAL), (8, 1, 1)
    )[0]
    response = create_response(
        session,
        municipality_id=municipality.id,
        fiscal_year=year,
        kind=kind,
        answered_on=answered_on,
        respondent=f"{contact.department} {contact.name}",
        source=source,
        source_ref=(
            f"アセスメントシート_{year}_{municipality.code}.xlsx"
            if source == ResponseSource.EXCEL
            else ""
        ),
    )
    defn = template_definition(current_template(session))
    set_answers(session, response.id, answers_for(defn, municipality, year, kind))
    return True
