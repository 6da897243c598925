"""Master data shipped in ``resources/``: municipalities, phases, programme years.

Master data is loaded identically on every replica (stable ids, untracked), so loading it
again, on any laptop or on the server, changes nothing. The shipped phases and their default
windows are read by ``dxfield.phases``, which the dashboard's first board uses without
SQLAlchemy.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import fiscal, lgcode
from .errors import ResourceError, ValidationError
from .messages import msg, said
from .models import Area, Municipality, MunicipalityKind, Phase, PhaseWindow, ProgrammeYear
from .models.base import stable_id
from .paths import resource_path
from .phases import default_phase_windows
from .tracking import untracked


def municipality_kind(name: str) -> MunicipalityKind:
    for kind in MunicipalityKind:
        if name.endswith(kind.label):
            return kind
    raise ValidationError(msg("masterdata.kind_unknown", name=name), field="name")


@cache
def municipality_rows() -> tuple[dict[str, object], ...]:
    path = resource_path("municipalities.csv")
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for line, raw in enumerate(csv.DictReader(fh), start=2):
            try:
                rows.append(
                    {
                        "code": lgcode.validate(raw["code"]),
                        "name": raw["name"],
                        "kana": raw["kana"],
                        "kind": municipality_kind(raw["name"]),
                        "area": Area.parse(raw["area"]),
                        "population": int(raw["population"]) if raw["population"] else None,
                        "population_basis": raw["population_basis"],
                    }
                )
            except (KeyError, ValueError, ValidationError) as exc:
                detail = said(exc)
                raise ResourceError(
                    msg("resource.municipalities_line", line=line, detail=detail)
                ) from exc
    return tuple(rows)


def municipality_id(code: str) -> str:
    return stable_id("municipality", lgcode.validate(code))


def ensure_municipalities(session: Session) -> int:
    """Insert the shipped municipalities that are missing. Returns how many were added."""
    existing = set(session.scalars(select(Municipality.code)))
    added = 0
    with untracked(session):
        for row in municipality_rows():
            if row["code"] in existing:
                continue
            session.add(Municipality(id=municipality_id(str(row["code"])), **row))
            added += 1
    return added


def ensure_programme_year(session: Session, year: int) -> ProgrammeYear:
    """The programme year row with its six default phase windows, created if missing."""
    programme = session.scalar(select(ProgrammeYear).where(ProgrammeYear.fiscal_year == year))
    if programme is not None:
        return programme
    starts_on, ends_on = fiscal.fiscal_year_bounds(year)
    with untracked(session):
        programme = ProgrammeYear(
            id=stable_id("programme_year", year),
            fiscal_year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            name=fiscal.fiscal_year_label(year),
        )
        session.add(programme)
        for phase, (opens, closes) in default_phase_windows(year).items():
            session.add(
                PhaseWindow(
                    id=stable_id("phase_window", year, phase.value),
                    programme_year_id=programme.id,
                    phase=phase,
                    starts_on=opens,
                    ends_on=closes,
                )
            )
    return programme


def phase_windows(session: Session, year: int) -> dict[Phase, tuple[date, date]]:
    """The year's phase windows; the shipped defaults while the year has no row yet. Reads
    only: the dashboard calls this in a read session."""
    programme = session.scalar(select(ProgrammeYear).where(ProgrammeYear.fiscal_year == year))
    if programme is None:
        return default_phase_windows(year)
    return {w.phase: (w.starts_on, w.ends_on) for w in programme.phase_windows if not w.deleted}


def ensure_master_data(session: Session) -> None:
    from .assessment.template import ensure_templates
    from .surveys.template import ensure_survey_templates

    ensure_municipalities(session)
    ensure_templates(session)
    ensure_survey_templates(session)
