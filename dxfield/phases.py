"""The six phases as shipped (``resources/phases.json``) and their windows in a programme
year, without SQLAlchemy: the dashboard's first board, read with the stdlib before the store
is open, shows a year that has no windows of its own yet (a new 年度 in April) with these.
``dxfield.masterdata`` writes them into the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache

from . import fiscal
from .enums import Phase
from .errors import ResourceError
from .messages import msg, said
from .paths import resource_path


@dataclass(frozen=True)
class PhaseInfo:
    phase: Phase
    label: str
    start: str  # "MM-DD" within the programme year
    end: str
    method_note: str
    purpose: str
    target: str
    participants: str


@cache
def phases() -> tuple[PhaseInfo, ...]:
    try:
        data = json.loads(resource_path("phases.json").read_text(encoding="utf-8"))
        return tuple(
            PhaseInfo(
                phase=Phase(p["phase"]),
                label=p["label"],
                start=p["start"],
                end=p["end"],
                method_note=p["method_note"],
                purpose=p["purpose"],
                target=p["target"],
                participants=p["participants"],
            )
            for p in data["phases"]
        )
    except (KeyError, ValueError) as exc:
        raise ResourceError(msg("resource.phases_malformed", detail=said(exc))) from exc


def default_phase_windows(year: int) -> dict[Phase, tuple[date, date]]:
    """The six phase windows of ``year`` as shipped (resources/phases.json)."""
    return {
        info.phase: (
            fiscal.month_day_in_year(year, info.start),
            fiscal.month_day_in_year(year, info.end),
        )
        for info in phases()
    }
