"""Visits and trainings as iCalendar files for Outlook and Google Calendar (RFC 5545, via
``icalendar``).

One VEVENT per record. The UID is the record's id, so importing the file again after a
change updates the event instead of adding a second one, and SEQUENCE follows the record's
version. Times are Japanese wall-clock times (stored without a zone) and are written with
TZID Asia/Tokyo plus its VTIMEZONE, which Outlook needs. A training video is offered over
weeks: it appears as an all-day event on the day it is published, not as a block across
every day of the period.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from .. import __version__
from ..models import Training, TrainingMethod, Visit, VisitMethod, VisitStatus
from ..services.trainings import list_trainings
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


def visit_uid(visit: Visit | Training) -> str:
    return f"{visit.id}@{UID_DOMAIN}"


def _event(record: Visit | Training) -> Event:
    """An event with what every record gives it: id, version, stamp and status."""
    event = Event()
    event.add("uid", visit_uid(record))
    # DTSTAMP from the record, not the clock: exporting twice gives the same file.
    event.add("dtstamp", record.updated_at.replace(tzinfo=UTC))
    event.add("sequence", max(0, record.version - 1))
    event.add("status", STATUS[record.status])
    return event


def visit_event(visit: Visit) -> Event:
    event = _event(visit)
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
    return event


def training_event(training: Training) -> Event:
    event = _event(training)
    if training.method is TrainingMethod.ON_DEMAND:
        published = training.starts_at.date()
        event.add("dtstart", published)
        event.add("dtend", published + timedelta(days=1))
        event.add("summary", f"{training.kind.label}公開：{training.title}")
    else:
        event.add("dtstart", training.starts_at.replace(tzinfo=TOKYO))
        event.add("dtend", training.ends_at.replace(tzinfo=TOKYO))
        event.add("summary", f"{training.kind.label}：{training.title}")
    online = training.method in (TrainingMethod.ONLINE, TrainingMethod.ON_DEMAND)
    location = training.place or ("オンライン" if online else "")
    if location:
        event.add("location", location)
    if training.online_url:
        event.add("url", training.online_url)
    towns = "、".join(link.municipality.name for link in training.municipalities)
    lines = [f"方法：{training.method.label}"]
    for label, value in (
        ("対象", training.audience),
        ("参加市町村", towns),
        (
            "講師",
            "、".join(line.strip() for line in training.lecturers.splitlines() if line.strip()),
        ),
        ("URL", training.online_url),
    ):
        if value:
            lines.append(f"{label}：{value}")
    if training.content.strip():
        lines += ["内容：", training.content.rstrip()]
    event.add("description", "\n".join(lines))
    event.add("categories", ["研修", training.kind.label])
    return event


def _calendar(events: Iterable[Event], name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    for event in events:
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal


def visits_calendar(visits: Iterable[Visit], *, name: str = "dxfield 訪問予定") -> Calendar:
    return _calendar((visit_event(v) for v in visits), name)


def trainings_calendar(
    trainings: Iterable[Training], *, name: str = "dxfield 研修予定"
) -> Calendar:
    return _calendar((training_event(t) for t in trainings), name)


def _write(path: Path, cal: Calendar) -> None:
    data = cal.to_ical()
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def export_visits_ics(session: Session, path: Path, *, year: int | None = None) -> int:
    visits = list_visits(session, year=year)
    _write(path, visits_calendar(visits))
    return len(visits)


def export_trainings_ics(session: Session, path: Path, *, year: int | None = None) -> int:
    trainings = list_trainings(session, year=year)
    _write(path, trainings_calendar(trainings))
    return len(trainings)
