"""The year's report to the prefecture (実績報告) as figures: loaded once, then laid out as a
PDF (``annual``), written as a workbook (``annual_xlsx``) and printed by ``dxfield report
annual --json``, so the three can never disagree.

Every figure is counted from the store here and nowhere else: visits by phase, area and
municipality; trainings and attendees by kind; the survey headline; the assessment from
baseline to evaluation (through the assessment engine); open data; needs and how the
proposal took them up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import fiscal
from ..assessment.engine import prefecture_summary
from ..assessment.results import AssessmentOutcome, outcome
from ..models import Area, Municipality, NeedStatus, Phase, ResponseKind, Visit, VisitStatus
from ..services.needs import list_needs, need_domains
from ..services.proposals import list_drafts
from ..services.trainings import training_summaries
from .annual_survey import SurveyFigures, survey_figures

# -- visits ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """Visits (or trainings) by status: 予定 / 実施済 / 中止."""

    planned: int = 0
    done: int = 0
    cancelled: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.planned + other.planned, self.done + other.done, self.cancelled + other.cancelled
        )

    @property
    def total(self) -> int:
        return self.planned + self.done + self.cancelled

    def as_json(self) -> dict[str, int]:
        return {"planned": self.planned, "done": self.done, "cancelled": self.cancelled}


NONE = Counts()


def _count(status: VisitStatus) -> Counts:
    return {
        VisitStatus.PLANNED: Counts(planned=1),
        VisitStatus.DONE: Counts(done=1),
        VisitStatus.CANCELLED: Counts(cancelled=1),
    }[status]


@dataclass(frozen=True)
class PhaseRow:
    phase: Phase
    by_area: dict[Area, Counts]
    reached: int  # municipalities with at least one visit held in the phase

    @property
    def total(self) -> Counts:
        return sum(self.by_area.values(), NONE)


@dataclass(frozen=True)
class TownRow:
    code: str
    name: str
    area: Area
    phases: tuple[Counts, ...]  # in ``Phase`` order

    @property
    def total(self) -> Counts:
        return sum(self.phases, NONE)


# -- trainings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingRow:
    """Trainings of one kind. Attendees are summed over trainings held; ``uncounted`` held
    trainings had nobody counted yet (their attendees are missing from the sums)."""

    kind: str  # TrainingKind value
    label: str
    sessions: Counts
    municipalities: int  # distinct municipalities taking part in trainings held
    leaders: int
    staff: int
    prefecture: int
    uncounted: int
    responses: int

    @property
    def attendees(self) -> int:
        return self.leaders + self.staff + self.prefecture


# -- open data and needs -------------------------------------------------------------------


@dataclass(frozen=True)
class OpenData:
    published: tuple[str, ...]  # names
    not_published: int
    unknown: int  # never checked against the list
    by_area: dict[Area, tuple[int, int]]  # (published, municipalities)
    checked_on: date | None

    @property
    def municipalities(self) -> int:
        return len(self.published) + self.not_published + self.unknown


@dataclass(frozen=True)
class NeedDomainRow:
    domain: str
    label: str
    by_status: dict[NeedStatus, int]
    municipalities: int

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


@dataclass(frozen=True)
class DraftVersion:
    name: str
    issued_on: date
    measures: int
    needs: int


@dataclass(frozen=True)
class AnnualData:
    fiscal_year: int
    municipalities: int
    phases: tuple[PhaseRow, ...]
    towns: tuple[TownRow, ...]
    trainings: tuple[TrainingRow, ...]
    survey: SurveyFigures
    assessment: AssessmentOutcome
    opendata: OpenData
    needs: tuple[NeedDomainRow, ...]
    needs_municipalities: int
    drafts: tuple[DraftVersion, ...] = field(default_factory=tuple)

    @property
    def period(self) -> tuple[date, date]:
        return fiscal.fiscal_year_bounds(self.fiscal_year)

    @property
    def visits(self) -> Counts:
        return sum((row.total for row in self.phases), NONE)

    @property
    def needs_total(self) -> int:
        return sum(row.total for row in self.needs)

    def needs_with(self, status: NeedStatus) -> int:
        return sum(row.by_status.get(status, 0) for row in self.needs)

    def as_json(self) -> dict[str, Any]:
        """The figures as ``dxfield report annual --json`` prints them."""
        start, end = self.period
        return {
            "fiscal_year": self.fiscal_year,
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "municipalities": self.municipalities,
            "visits": {
                "total": self.visits.as_json(),
                "by_phase": [
                    {
                        "phase": row.phase.value,
                        "label": row.phase.label,
                        **{a.value: row.by_area.get(a, NONE).as_json() for a in Area},
                        "total": row.total.as_json(),
                        "municipalities_reached": row.reached,
                    }
                    for row in self.phases
                ],
                "by_municipality": [
                    {
                        "code": t.code,
                        "name": t.name,
                        "area": t.area.value,
                        "phases": {
                            p.value: c.as_json() for p, c in zip(Phase, t.phases, strict=True)
                        },
                        "total": t.total.as_json(),
                    }
                    for t in self.towns
                ],
            },
            "trainings": [
                {
                    "kind": r.kind,
                    "label": r.label,
                    "sessions": r.sessions.as_json(),
                    "municipalities": r.municipalities,
                    "attendees": {
                        "leaders": r.leaders,
                        "staff": r.staff,
                        "prefecture": r.prefecture,
                        "total": r.attendees,
                    },
                    "held_without_count": r.uncounted,
                    "survey_responses": r.responses,
                }
                for r in self.trainings
            ],
            "survey": self.survey.as_json(),
            "assessment": {
                "baseline_responses": self.assessment.baseline_responses,
                "evaluation_responses": self.assessment.evaluation_responses,
                "paired_municipalities": self.assessment.paired,
                "levels": list(self.assessment.levels),
                "domains": [
                    {
                        "domain": d.domain,
                        "label": d.label,
                        "max": d.maximum,
                        "baseline_mean": round_mean(d.baseline_mean),
                        "evaluation_mean": round_mean(d.evaluation_mean),
                        "change": round_mean(d.change),
                        "paired_baseline_mean": round_mean(d.paired_baseline_mean),
                        "paired_evaluation_mean": round_mean(d.paired_evaluation_mean),
                        "baseline_levels": d.baseline_levels,
                        "evaluation_levels": d.evaluation_levels,
                        "paired": d.paired,
                        "improved": d.improved,
                        "unchanged": d.unchanged,
                        "declined": d.declined,
                        "transitions": [
                            {"from": a, "to": b, "municipalities": n}
                            for (a, b), n in d.transitions.items()
                        ],
                    }
                    for d in self.assessment.domains
                ],
            },
            "opendata": {
                "published": len(self.opendata.published),
                "not_published": self.opendata.not_published,
                "unknown": self.opendata.unknown,
                "municipalities": self.opendata.municipalities,
                "published_names": list(self.opendata.published),
                "by_area": {
                    a.value: {"published": p, "municipalities": n}
                    for a, (p, n) in self.opendata.by_area.items()
                },
                "checked_on": self.opendata.checked_on.isoformat()
                if self.opendata.checked_on
                else None,
            },
            "needs": {
                "total": self.needs_total,
                "municipalities": self.needs_municipalities,
                "by_status": {s.value: self.needs_with(s) for s in NeedStatus},
                "by_domain": [
                    {
                        "domain": r.domain,
                        "label": r.label,
                        "total": r.total,
                        "municipalities": r.municipalities,
                        **{s.value: r.by_status.get(s, 0) for s in NeedStatus},
                    }
                    for r in self.needs
                ],
                "proposal_versions": [
                    {
                        "name": v.name,
                        "issued_on": v.issued_on.isoformat(),
                        "measures": v.measures,
                        "needs": v.needs,
                    }
                    for v in self.drafts
                ],
            },
        }


def round_mean(value: float | None) -> float | None:
    """Means as the report prints them (one decimal), so JSON and PDF say the same."""
    return None if value is None else round(value, 1)


# -- loading -------------------------------------------------------------------------------


def _visits(session: Session, year: int, towns: list[Municipality]):
    by_town_phase: dict[tuple[str, Phase], Counts] = {}
    for town_id, phase, status in session.execute(
        select(Visit.municipality_id, Visit.phase, Visit.status).where(
            Visit.fiscal_year == year, Visit.deleted.is_(False)
        )
    ):
        key = (town_id, phase)
        by_town_phase[key] = by_town_phase.get(key, NONE) + _count(status)
    town_rows = tuple(
        TownRow(t.code, t.name, t.area, tuple(by_town_phase.get((t.id, p), NONE) for p in Phase))
        for t in towns
    )
    phase_rows = []
    for index, phase in enumerate(Phase):
        by_area = {a: NONE for a in Area}
        for row in town_rows:
            by_area[row.area] = by_area[row.area] + row.phases[index]
        reached = sum(1 for row in town_rows if row.phases[index].done)
        phase_rows.append(PhaseRow(phase, by_area, reached))
    return tuple(phase_rows), town_rows


def _trainings(session: Session, year: int) -> tuple[TrainingRow, ...]:
    from ..models import TrainingKind

    rows = []
    summaries = training_summaries(session, year=year)
    for kind in TrainingKind:
        mine = [t for t in summaries if t.kind is kind]
        held = [t for t in mine if t.status is VisitStatus.DONE]
        rows.append(
            TrainingRow(
                kind=kind.value,
                label=kind.label,
                sessions=sum((_count(t.status) for t in mine), NONE),
                municipalities=len({m.code for t in held for m in t.municipalities}),
                leaders=sum(t.attendees.leaders or 0 for t in held),
                staff=sum(t.attendees.staff or 0 for t in held),
                prefecture=sum(t.attendees.prefecture or 0 for t in held),
                uncounted=sum(1 for t in held if t.attendees.total is None),
                responses=sum(t.responses for t in held),
            )
        )
    return tuple(rows)


def _assessment(session: Session, year: int) -> AssessmentOutcome:
    return outcome(
        prefecture_summary(session, year, ResponseKind.BASELINE),
        prefecture_summary(session, year, ResponseKind.EVALUATION),
    )


def _opendata(towns: list[Municipality]) -> OpenData:
    by_area = {
        a: (
            sum(1 for t in towns if t.area is a and t.opendata_published),
            sum(1 for t in towns if t.area is a),
        )
        for a in Area
    }
    checked = [t.opendata_checked_on for t in towns if t.opendata_checked_on]
    return OpenData(
        published=tuple(t.name for t in towns if t.opendata_published),
        not_published=sum(1 for t in towns if t.opendata_published is False),
        unknown=sum(1 for t in towns if t.opendata_published is None),
        by_area=by_area,
        checked_on=max(checked) if checked else None,
    )


def _needs(session: Session, year: int) -> tuple[tuple[NeedDomainRow, ...], int]:
    rows = list_needs(session, year=year)
    out = []
    for key, label in need_domains(session):
        mine = [r for r in rows if r.domain == key]
        out.append(
            NeedDomainRow(
                domain=key,
                label=label,
                by_status={s: sum(1 for r in mine if r.status is s) for s in NeedStatus},
                municipalities=len({r.municipality_id for r in mine if r.municipality_id}),
            )
        )
    return tuple(out), len({r.municipality_id for r in rows if r.municipality_id})


def load_annual(session: Session, fiscal_year: int) -> AnnualData:
    towns = list(
        session.scalars(
            select(Municipality).where(Municipality.deleted.is_(False)).order_by(Municipality.code)
        )
    )
    phases, town_rows = _visits(session, fiscal_year, towns)
    needs, needs_towns = _needs(session, fiscal_year)
    return AnnualData(
        fiscal_year=fiscal_year,
        municipalities=len(towns),
        phases=phases,
        towns=town_rows,
        trainings=_trainings(session, fiscal_year),
        survey=survey_figures(session, fiscal_year),
        assessment=_assessment(session, fiscal_year),
        opendata=_opendata(towns),
        needs=needs,
        needs_municipalities=needs_towns,
        drafts=tuple(
            DraftVersion(d.name, d.issued_on, d.measures, d.needs)
            for d in list_drafts(session, year=fiscal_year)
        ),
    )
