"""The survey headline of the annual report, from the survey results service
(``dxfield.surveys.results``): responses, response rate and the share who felt a change
(認識共有・機運醸成の変化を実感, top two answers) with its 95% interval, for the year and by
kind of training. The arithmetic is that service's; this only picks the figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class SurveyRow:
    label: str  # 「全研修」 or the kind of training
    trainings: int
    responses: int
    attendees: int | None  # of the trainings with attendees counted
    response_rate: float | None
    agree: int  # respondents giving one of the top answers to the headline items
    answered: int
    interval: tuple[float, float] | None
    met: bool | None  # the share reaches the target

    @property
    def share(self) -> float | None:
        return self.agree / self.answered if self.answered else None

    def as_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "trainings": self.trainings,
            "responses": self.responses,
            "attendees": self.attendees,
            "response_rate": round_share(self.response_rate),
            "headline": {
                "k": self.agree,
                "n": self.answered,
                "share": round_share(self.share),
                "ci95": None if self.interval is None else [round_share(v) for v in self.interval],
                "met": self.met,
            },
        }


@dataclass(frozen=True)
class SurveyFigures:
    headline_label: str
    target: float
    year: SurveyRow | None
    by_kind: tuple[SurveyRow, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "headline_label": self.headline_label,
            "target": self.target,
            "year": self.year.as_json() if self.year else None,
            "by_kind": [row.as_json() for row in self.by_kind],
        }


def round_share(value: float | None) -> float | None:
    """Shares as the report prints them (a whole percent), so JSON and PDF say the same."""
    return None if value is None else round(value, 2)


def _row(label: str, results) -> SurveyRow:
    return SurveyRow(
        label=label,
        trainings=results.trainings,
        responses=results.responses,
        attendees=results.attendees,
        response_rate=results.response_rate,
        agree=results.headline.k,
        answered=results.headline.n,
        interval=results.headline.interval,
        met=results.meets_target,
    )


def survey_figures(session: Session, year: int) -> SurveyFigures:
    from ..surveys.results import results_by_kind, results_for_year

    total = results_for_year(session, year)
    return SurveyFigures(
        headline_label=total.headline_label,
        target=total.headline_target,
        year=_row("全研修", total) if total.trainings else None,
        by_kind=tuple(_row(kind.label, r) for kind, r in results_by_kind(session, year).items()),
    )
