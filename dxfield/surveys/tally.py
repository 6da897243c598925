"""Survey results, counted from rows already read: per training, per kind of training, per
municipality and for the year.

For every Likert item, the share of respondents who chose one of the scale's top answers
(``top_box``: 「そう思う」「ややそう思う」) with a 95% Wilson score interval; for the
headline (「認識共有・機運醸成の変化を実感」) the share of respondents who chose a top answer
on *every* headline item they answered — a respondent who felt a change in one respect but
not in another does not count, so the figure never flatters. The response rate is responses
against attendees, over the trainings whose attendees were counted.

Why Wilson: a training has 20–60 respondents and shares near 80–100%, where the textbook
normal ("Wald") interval is too narrow and can pass 100%. The Wilson score interval
(Wilson 1927; Agresti & Coull 1998) stays inside [0, 1] and keeps close to its nominal 95%
coverage for small n:

    centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²)

with p = k/n and z = 1.959964 (the 97.5% point of the normal distribution).

The store is read by ``dxfield.surveys.results`` (the ORM) or ``dxfield.quickread_surveys``
(the stdlib, for ``dxfield survey``); both hand their rows to ``tally`` here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..enums import SurveyItemType, TrainingKind
from ..templatefiles import version_key
from .definition import SurveyDef, SurveyItemDef
from .ids import survey_item_id

Z95 = 1.959964
CHUNK = 500


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion k/n (None for n = 0)."""
    if n <= 0:
        return None
    if not 0 <= k <= n:
        raise ValueError(f"{k} of {n} is not a proportion")
    p = k / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Share:
    """k of n, with its 95% Wilson interval."""

    k: int
    n: int

    @property
    def value(self) -> float | None:
        return self.k / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson(self.k, self.n)

    def text(self, *, dash: str = "–", empty: str = "—") -> str:
        """「94%（81%–98%）」: the share and its 95% interval, as every view prints it."""
        low_high = self.interval
        if low_high is None:
            return empty
        return f"{self.value:.0%}（{low_high[0]:.0%}{dash}{low_high[1]:.0%}）"

    def as_json(self) -> dict[str, Any]:
        low_high = self.interval
        return {
            "k": self.k,
            "n": self.n,
            "share": None if self.value is None else round(self.value, 4),
            "ci95": None if low_high is None else [round(low_high[0], 4), round(low_high[1], 4)],
        }


@dataclass(frozen=True)
class ChoiceCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class ItemResult:
    code: str
    text: str
    item_type: SurveyItemType
    answered: int
    choices: tuple[ChoiceCount, ...] = ()
    agree: Share | None = None  # Likert: the top answers
    headline: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "text": self.text,
            "type": self.item_type.value,
            "answered": self.answered,
            "headline": self.headline,
            "choices": [
                {"value": c.value, "label": c.label, "count": c.count} for c in self.choices
            ],
            "top_box": None if self.agree is None else self.agree.as_json(),
        }


@dataclass(frozen=True)
class Comment:
    text: str
    item_code: str
    item_text: str
    training_id: str
    training: str
    municipality: str
    submitted_at: datetime | None


@dataclass(frozen=True)
class CommentGroup:
    """The same words written by one or more respondents to one question."""

    item_text: str
    text: str
    count: int
    municipalities: tuple[str, ...]  # who wrote them, each once, in the order written


def grouped_comments(comments: Sequence[Comment]) -> list[CommentGroup]:
    """One group per question and wording (spaces evened out), in the order first written:
    a year's results gather many respondents writing the same sentence."""
    groups: dict[tuple[str, str], list[Comment]] = {}
    for c in comments:
        groups.setdefault((c.item_text, " ".join(c.text.split())), []).append(c)
    return [
        CommentGroup(
            item,
            text,
            len(found),
            tuple(dict.fromkeys(c.municipality for c in found if c.municipality)),
        )
        for (item, text), found in groups.items()
    ]


@dataclass(frozen=True)
class SurveyResults:
    scope: str
    trainings: int
    responses: int
    # Attendees of the trainings (of the municipality) whose attendees were counted, and the
    # responses of those trainings; the rate is one over the other.
    attendees: int | None
    counted_responses: int
    uncounted_trainings: int
    headline: Share
    headline_label: str
    headline_target: float
    top_box_labels: tuple[str, ...]
    items: tuple[ItemResult, ...] = ()
    comments: tuple[Comment, ...] = ()
    by_kind: dict[TrainingKind, int] = field(default_factory=dict)

    @property
    def response_rate(self) -> float | None:
        if not self.attendees:
            return None
        return self.counted_responses / self.attendees

    @property
    def meets_target(self) -> bool | None:
        value = self.headline.value
        return None if value is None else value >= self.headline_target

    def as_json(self) -> dict[str, Any]:
        rate = self.response_rate
        return {
            "scope": self.scope,
            "trainings": self.trainings,
            "responses": self.responses,
            "attendees": self.attendees,
            "response_rate": None if rate is None else round(rate, 4),
            "trainings_without_attendee_count": self.uncounted_trainings,
            "headline": {
                "label": self.headline_label,
                "target": self.headline_target,
                "met": self.meets_target,
                **self.headline.as_json(),
            },
            "top_box": list(self.top_box_labels),
            "items": [item.as_json() for item in self.items],
            "comments": [
                {
                    "item": c.item_code,
                    "text": c.text,
                    "training_id": c.training_id,
                    "municipality": c.municipality,
                }
                for c in self.comments
            ],
        }


# -- aggregation -----------------------------------------------------------------------------


def _agrees(item: SurveyItemDef, value: Any, top_box: int) -> bool:
    return value in {c.value for c in item.choices[:top_box]}


def tally(
    scope: str,
    trainings: Sequence[Any],
    responses: Sequence[Any],
    answers: dict[str, dict[str, Any]],
    defs: dict[str, SurveyDef],
    first_survey: Callable[[], SurveyDef | None],
    towns: dict[str, str],
    municipality_id: str | None = None,
) -> SurveyResults:
    """The results of ``trainings`` from rows already read: their live ``responses`` (of one
    municipality's respondents, if given) in answering order, ``answers`` (response id ->
    {item id: value}), the definition of each template answered (``defs``), the survey of
    the first training (``first_survey``, asked only when no response gives one) and the
    respondents' town names. Trainings and responses are the ORM's rows or the stdlib
    reader's (``dxfield.quickread_surveys``), alike in the attributes used here.
    """
    newest = max(defs.values(), key=lambda d: version_key(d.template_version), default=None)
    if newest is None:
        newest = first_survey()
    # Item results by code, in the newest survey's order (codes are stable across versions).
    counts: dict[str, Counter] = {}
    agree: dict[str, list[int]] = {}  # code -> [agreeing, answered]
    headline = [0, 0]
    comments: list[Comment] = []
    titles = {t.id: f"{t.starts_at:%Y-%m-%d} {t.title}" for t in trainings}
    for response in responses:
        defn = defs[response.template_id]
        given = answers[response.id]
        felt: list[bool] = []
        for item in defn.items:
            value = given.get(survey_item_id(defn.template_version, item.code))
            if value is None:
                continue
            if item.item_type is SurveyItemType.FREE_TEXT:
                comments.append(
                    Comment(
                        text=str(value),
                        item_code=item.code,
                        item_text=item.text,
                        training_id=response.training_id,
                        training=titles.get(response.training_id, ""),
                        municipality=towns.get(response.municipality_id or "", ""),
                        submitted_at=response.submitted_at,
                    )
                )
                continue
            tally = counts.setdefault(item.code, Counter())
            for v in value if isinstance(value, list) else [value]:
                tally[v] += 1
            tally["__answered__"] += 1
            if item.item_type is SurveyItemType.LIKERT:
                ok = _agrees(item, value, defn.top_box)
                stats = agree.setdefault(item.code, [0, 0])
                stats[0] += ok
                stats[1] += 1
                if item.headline:
                    felt.append(ok)
        if felt:
            headline[1] += 1
            headline[0] += all(felt)

    items = _item_results(newest, defs, counts, agree) if newest else ()
    attendees, counted, uncounted = _attendance(trainings, responses, municipality_id)
    by_kind = Counter(t.kind for t in trainings)
    return SurveyResults(
        scope=scope,
        trainings=len(trainings),
        responses=len(responses),
        attendees=attendees,
        counted_responses=counted,
        uncounted_trainings=uncounted,
        headline=Share(headline[0], headline[1]),
        headline_label=newest.headline_label if newest else "",
        headline_target=newest.headline_target if newest else 0.8,
        top_box_labels=tuple(
            c.label for c in (_first_likert(newest).choices[: newest.top_box] if newest else ())
        ),
        items=items,
        comments=tuple(comments),
        by_kind=dict(by_kind),
    )


def _first_likert(defn: SurveyDef) -> SurveyItemDef:
    return next((i for i in defn.items if i.item_type is SurveyItemType.LIKERT), defn.items[0])


def _item_results(
    newest: SurveyDef,
    defs: dict[str, SurveyDef],
    counts: dict[str, Counter],
    agree: dict[str, list[int]],
) -> tuple[ItemResult, ...]:
    ordered: dict[str, SurveyItemDef] = {i.code: i for i in newest.items}
    for defn in defs.values():
        for item in defn.items:
            ordered.setdefault(item.code, item)
    results = []
    for code, item in ordered.items():
        if item.item_type is SurveyItemType.FREE_TEXT:
            continue
        tally = counts.get(code, Counter())
        known = {c.value for c in item.choices}
        choices = [ChoiceCount(c.value, c.label, tally.get(c.value, 0)) for c in item.choices]
        other = sum(n for v, n in tally.items() if v not in known and v != "__answered__")
        if other:
            choices.append(ChoiceCount("", "その他", other))
        stats = agree.get(code)
        results.append(
            ItemResult(
                code=code,
                text=item.text,
                item_type=item.item_type,
                answered=tally.get("__answered__", 0),
                choices=tuple(choices),
                agree=Share(stats[0], stats[1])
                if stats
                else (Share(0, 0) if item.item_type is SurveyItemType.LIKERT else None),
                headline=item.headline,
            )
        )
    return tuple(results)


def _attendance(
    trainings: Sequence[Any], responses: Sequence[Any], municipality_id: str | None
) -> tuple[int | None, int, int]:
    """(attendees of counted trainings, responses of those trainings, trainings not counted)."""
    total = 0
    counted_ids = set()
    uncounted = 0
    for t in trainings:
        links = [link for link in t.municipalities if not link.deleted]
        if municipality_id is None:
            parts = [n for link in links for n in (link.leaders, link.staff)]
            parts.append(t.prefecture_attendees)
        else:
            parts = [
                n
                for link in links
                if link.municipality_id == municipality_id
                for n in (link.leaders, link.staff)
            ]
        known = [n for n in parts if n is not None]
        if not known:
            uncounted += 1
            continue
        total += sum(known)
        counted_ids.add(t.id)
    counted = sum(1 for r in responses if r.training_id in counted_ids)
    return (total if counted_ids else None), counted, uncounted


# -- scopes ----------------------------------------------------------------------------------


def of_town(trainings: Sequence[Any], municipality_id: str, answered: set[str]) -> list[Any]:
    """The trainings a municipality took part in or whose survey it answered (``answered``:
    the ids of those with a live response from it)."""
    return [
        t
        for t in trainings
        if any(link.municipality_id == municipality_id for link in t.municipalities)
        or t.id in answered
    ]


def year_scope(year: int, kind: TrainingKind | None, town: str | None) -> str:
    """「和歌山市 令和7年度 全研修」: what a year's results are of."""
    from ..fiscal import fiscal_year_label

    parts = [fiscal_year_label(year, with_seireki=False)]
    if town is not None:
        parts.insert(0, town)
    parts.append(kind.label if kind else "全研修")
    return " ".join(parts)
