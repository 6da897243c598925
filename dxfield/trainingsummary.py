"""A training as lists show it (``TrainingSummary``), built from plain values.

Two roads build the same summaries: ``services.trainings.summarise`` from ORM objects and
``quickread.trainings`` from stdlib ``sqlite3`` rows (``dxfield trainings`` on an
up-to-date store). Both call ``build_summary``, so the towns' order, the attendee totals and
the lecturer lines are decided here once. This module must stay free of SQLAlchemy
(``tests/core/test_cli_imports.py`` checks the listing that uses it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .enums import TrainingKind, TrainingMethod, VisitStatus


@dataclass(frozen=True)
class AttendeeCounts:
    """Attendees by group; ``None`` where nobody counted (shown as 「未集計」, not 0)."""

    leaders: int | None
    staff: int | None
    prefecture: int | None

    @property
    def total(self) -> int | None:
        counted = [n for n in (self.leaders, self.staff, self.prefecture) if n is not None]
        return sum(counted) if counted else None

    def __add__(self, other: AttendeeCounts) -> AttendeeCounts:
        def plus(a: int | None, b: int | None) -> int | None:
            return b if a is None else a if b is None else a + b

        return AttendeeCounts(
            plus(self.leaders, other.leaders),
            plus(self.staff, other.staff),
            plus(self.prefecture, other.prefecture),
        )


NO_COUNT = AttendeeCounts(None, None, None)


@dataclass(frozen=True)
class TrainingTown:
    municipality_id: str
    code: str
    name: str
    leaders: int | None
    staff: int | None


@dataclass(frozen=True)
class TrainingSummary:
    """A training as lists, the CLI's ``--json``, the calendar and the dashboard show it."""

    id: str
    fiscal_year: int
    kind: TrainingKind
    title: str
    starts_at: datetime
    ends_at: datetime
    method: TrainingMethod
    place: str
    online_url: str
    audience: str
    lecturers: tuple[str, ...]
    municipalities: tuple[TrainingTown, ...]
    attendees: AttendeeCounts
    responses: int
    status: VisitStatus
    visit_id: str | None

    @property
    def towns(self) -> str:
        return "、".join(t.name for t in self.municipalities)

    @property
    def towns_short(self) -> str:
        """At most three names, then how many more (「海南市、橋本市、有田市 ほか18」)."""
        names = [t.name for t in self.municipalities]
        return "、".join(names[:3]) + (f" ほか{len(names) - 3}" if len(names) > 3 else "")

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "fiscal_year": self.fiscal_year,
            "kind": self.kind.value,
            "title": self.title,
            "starts_at": self.starts_at.isoformat(timespec="minutes"),
            "ends_at": self.ends_at.isoformat(timespec="minutes"),
            "method": self.method.value,
            "place": self.place,
            "online_url": self.online_url,
            "audience": self.audience,
            "lecturers": list(self.lecturers),
            "municipalities": [
                {"code": t.code, "name": t.name, "leaders": t.leaders, "staff": t.staff}
                for t in self.municipalities
            ],
            "attendees": {
                "leaders": self.attendees.leaders,
                "staff": self.attendees.staff,
                "prefecture": self.attendees.prefecture,
                "total": self.attendees.total,
            },
            "survey_responses": self.responses,
            "status": self.status.value,
            "visit_id": self.visit_id,
        }


def text_lines(text: str) -> tuple[str, ...]:
    """A multi-line field (lecturers, materials) as its non-blank lines, stripped."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def build_summary(
    *,
    id: str,
    fiscal_year: int,
    kind: TrainingKind,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    method: TrainingMethod,
    place: str,
    online_url: str,
    audience: str,
    lecturers: str,
    towns: Iterable[TrainingTown],
    prefecture_attendees: int | None,
    responses: int,
    status: VisitStatus,
    visit_id: str | None,
) -> TrainingSummary:
    """The summary of one training: its live towns in code order, attendees counted over
    them and the prefecture's staff, the lecturers one per line."""
    towns = sorted(towns, key=lambda t: t.code)
    counts = NO_COUNT
    for town in towns:
        counts = counts + AttendeeCounts(town.leaders, town.staff, None)
    return TrainingSummary(
        id=id,
        fiscal_year=fiscal_year,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        method=method,
        place=place,
        online_url=online_url,
        audience=audience,
        lecturers=text_lines(lecturers),
        municipalities=tuple(towns),
        attendees=counts + AttendeeCounts(None, None, prefecture_attendees),
        responses=responses,
        status=status,
        visit_id=visit_id,
    )


def training_label(training: Any) -> str:
    """How a person names a training in a list or a report: date, kind and title (of an ORM
    ``Training`` or any row with ``starts_at``, ``kind`` and ``title``)."""
    day = f"{training.starts_at:%Y-%m-%d}"
    if training.kind.label in training.title:
        return f"{day} {training.title}"
    return f"{day} {training.kind.label}「{training.title}」"
