"""Visits as an iCalendar file for Outlook and Google Calendar (RFC 5545, via ``icalendar``).

One VEVENT per visit. The UID is the visit's id, so importing the file again after a change
updates the event instead of adding a second one, and SEQUENCE follows the record's version.
Times are Japanese wall-clock times (``Visit`` stores them without a zone) and are written
with TZID Asia/Tokyo plus its VTIMEZONE, which Outlook needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from .. import __version__
from ..models import Visit, VisitMethod, VisitStatus
from ..services.visits import list_visits
from .exports import team_names
from .files import atomic_path

TOKYO = ZoneInfo("Asia/Tokyo")
UID_DOMAIN = "dxfield"
PRODID = f"-//dxfield//dxfield {__version__}//JA"

STATUS = {
    VisitStatus.PLANNED: "CONFIRMED",
    VisitStatus.DONE: "CONFIRMED",
    VisitStatus.CANCELLED: "CANCELLED",
}


def visit_uid(visit: Visit) -> str:
    return f"{visit.id}@{UID_DOMAIN}"


def visit_event(visit: Visit) -> Event:
    event = Event()
    event.add("uid", visit_uid(visit))
    # DTSTAMP from the record, not the clock: exporting twice gives the same file.
    event.add("dtstamp", visit.updated_at.replace(tzinfo=UTC))
    event.add("sequence", max(0, visit.version - 1))
    event.add("dtstart", visit.starts_at.replace(tzinfo=TOKYO))
    event.add("dtend", visit.ends_at.replace(tzinfo=TOKYO))
    event.add("summary", f"{visit.phase.label}：{visit.municipality.name}")
    location = visit.location or (
        "オンライン" if visit.method == VisitMethod.ONLINE else visit.municipality.name
    )
    event.add("location", location)
    lines = [f"方法：{visit.method.label}"]
    team = team_names(visit)
    if team:
        lines.append(f"チーム：{team}")
    if visit.participants:
        lines.append(f"先方：{visit.participants}")
    if visit.agenda:
        lines.append(f"議題：{visit.agenda}")
    event.add("description", "\n".join(lines))
    event.add("categories", [visit.phase.label])
    event.add("status", STATUS[visit.status])
    return event


def visits_calendar(visits: Iterable[Visit], *, name: str = "dxfield 訪問予定") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    for visit in visits:
        cal.add_component(visit_event(visit))
    cal.add_missing_timezones()
    return cal


def export_visits_ics(session: Session, path: Path, *, year: int | None = None) -> int:
    visits = list_visits(session, year=year)
    data = visits_calendar(visits).to_ical()
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return len(visits)
