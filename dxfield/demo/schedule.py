"""A believable year of visits: who goes where, when, how, following the phase table.

One calendar per year keeps the team from being double-booked: every visit takes a free
slot, so the visits never warn about double bookings; a few are placed just outside their
phase window on purpose, and a few are cancelled and held again later.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..models import Area, Municipality, MunicipalityKind, Phase, VisitMethod, VisitStatus
from .corpus import domain_focus
from .people import area_team
from .themes import DOMAIN_LABELS

# (start, end) slots a phase's meetings take; on-site visits take the morning or afternoon.
_SLOTS: dict[Phase, tuple[tuple[time, time], ...]] = {
    Phase.ASSESSMENT_SHEET: (
        (time(9, 30), time(10, 0)),
        (time(11, 0), time(11, 30)),
        (time(15, 0), time(15, 30)),
        (time(16, 0), time(16, 30)),
    ),
    Phase.INTAKE: (
        (time(10, 0), time(11, 0)),
        (time(14, 0), time(15, 0)),
        (time(15, 30), time(16, 30)),
    ),
    Phase.OVERALL: ((time(10, 0), time(12, 0)), (time(13, 30), time(15, 30))),
    Phase.DOMAIN: ((time(10, 0), time(12, 0)), (time(13, 30), time(15, 30))),
    Phase.MONITORING: ((time(10, 0), time(11, 0)), (time(14, 0), time(15, 0))),
    Phase.EVALUATION: ((time(10, 0), time(11, 30)), (time(13, 30), time(15, 0))),
}
_METHODS = {
    Phase.ASSESSMENT_SHEET: VisitMethod.ONLINE,
    Phase.INTAKE: VisitMethod.ONLINE,
    Phase.OVERALL: VisitMethod.VISIT,
    Phase.DOMAIN: VisitMethod.HYBRID,
    Phase.MONITORING: VisitMethod.ONLINE,
    Phase.EVALUATION: VisitMethod.ONLINE,
}
_AGENDAS = {
    Phase.ASSESSMENT_SHEET: "アセスメントシートの回答受付（Webフォーム）と記入内容の確認",
    Phase.INTAKE: "初回面談：アセスメント結果の共有、全体相談の進め方",
    Phase.OVERALL: "全体相談：DXの取組状況と課題の聞き取り",
    Phase.DOMAIN: "分野別相談（{domain}）：現状確認と個別支援",
    Phase.MONITORING: "任意相談：取組の進捗確認と追加支援",
    Phase.EVALUATION: "評価面談：1年間の振り返りと次年度に向けて",
}
# Fixed days off besides weekends (年末年始, GW, お盆); enough for a believable calendar.
_DAYS_OFF = {
    (1, 1),
    (1, 2),
    (1, 3),
    (5, 3),
    (5, 4),
    (5, 5),
    (8, 13),
    (8, 14),
    (8, 15),
    (12, 29),
    (12, 30),
    (12, 31),
}
_CANCEL_REASONS = (
    "台風接近のため中止（後日に延期）",
    "先方の議会日程と重なったため延期",
    "先方担当者の急な公務のため延期",
)


@dataclass
class VisitPlan:
    key: str
    town: Municipality
    phase: Phase
    starts_at: datetime
    ends_at: datetime
    method: VisitMethod
    location: str
    agenda: str
    members: list[str]
    remote: list[str] = field(default_factory=list)
    status: VisitStatus = VisitStatus.PLANNED
    domain: str = ""


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in _DAYS_OFF


class Calendar:
    """The team's booked meetings in one year: a visit takes the first free slot."""

    def __init__(self) -> None:
        self.booked: dict[date, list[tuple[time, time]]] = {}

    def take(self, day: date, phase: Phase, rng: random.Random) -> tuple[datetime, datetime]:
        while True:
            if is_working_day(day):
                slots = list(_SLOTS[phase])
                rng.shuffle(slots)
                taken = self.booked.setdefault(day, [])
                for start, end in slots:
                    # A half-day visit blocks the half day: travel to the south takes hours.
                    if all(end <= s or start >= e for s, e in _blocked(taken)):
                        taken.append((start, end))
                        return datetime.combine(day, start), datetime.combine(day, end)
            day += timedelta(days=1)


def _blocked(taken: list[tuple[time, time]]) -> list[tuple[time, time]]:
    result = []
    for start, end in taken:
        if (datetime.combine(date.min, end) - datetime.combine(date.min, start)) >= timedelta(
            hours=2
        ):
            result.append(
                (time(9, 0), time(12, 30)) if start < time(12) else (time(12, 30), time(17))
            )
        result.append((start, end))
    return result


def location_for(town: Municipality, method: VisitMethod, rng: random.Random) -> str:
    online = rng.choice(("オンライン（Teams）", "オンライン（Teams）", "オンライン（Zoom）"))
    if method == VisitMethod.ONLINE:
        return online
    hall = "役所" if town.kind == MunicipalityKind.CITY else "役場"
    room = rng.choice(("2階会議室", "3階第1会議室", "2階 小会議室", "本庁舎 4階 庁議室"))
    place = f"{town.name}{hall} {room}"
    return f"{place}／{online}" if method == VisitMethod.HYBRID else place


def _team(phase: Phase, town: Municipality, domain: str, rng: random.Random):
    lead, support = area_team(town.area)
    pref = "pref1" if town.area == Area.KIHOKU else "pref2"
    if phase == Phase.ASSESSMENT_SHEET:
        return [support], []
    if phase in (Phase.INTAKE, Phase.OVERALL, Phase.EVALUATION):
        return ["lead1", "lead2", support, pref], []
    if phase == Phase.DOMAIN:
        other = rng.choice([k for k in ("bpr", "system", "data") if k != domain])
        members = [domain, other, lead, support]
        if rng.random() < 0.5:
            members.append(pref)
        return members, [other]
    helper = domain if rng.random() < 0.6 else lead
    return [helper, support], []


def _spread(window: tuple[date, date], count: int) -> list[date]:
    days = [window[0] + timedelta(days=n) for n in range((window[1] - window[0]).days + 1)]
    days = [d for d in days if is_working_day(d)] or days
    return [days[(i * len(days)) // max(count, 1)] for i in range(count)]


def plan_year(
    year: int,
    towns: list[Municipality],
    windows: dict[Phase, tuple[date, date]],
    today: date,
    *,
    seed: object = "demo",
) -> list[VisitPlan]:
    """Every visit of a programme year; visits that ended before ``today`` are done."""
    rng = random.Random(f"{seed}:plan:{year}")
    calendar = Calendar()
    plans: list[VisitPlan] = []
    by_code = sorted(towns, key=lambda t: t.code)
    for phase in Phase:
        if phase == Phase.MONITORING:
            targets = _monitoring_targets(rng, by_code)
        else:
            targets = [(t, 0) for t in rng.sample(by_code, len(by_code))]
        days = _spread(windows[phase], len(targets))
        if phase in (Phase.OVERALL, Phase.DOMAIN):
            # A couple of visits slip a few days past the window (先方都合).
            for n in (1, 2):
                days[-n] = windows[phase][1] + timedelta(days=rng.randint(1, 4))
        for day, (town, n) in zip(days, targets, strict=True):
            if n:
                day = min(day + timedelta(days=28), windows[phase][1] - timedelta(days=14))
            domain = domain_focus(town, year)
            starts, ends = calendar.take(day, phase, rng)
            method = _METHODS[phase]
            if phase == Phase.MONITORING and rng.random() < 0.15:
                method = VisitMethod.VISIT
            members, remote = _team(phase, town, domain, rng)
            plans.append(
                VisitPlan(
                    key=f"{town.code}:{phase.value}:{n}",
                    town=town,
                    phase=phase,
                    starts_at=starts,
                    ends_at=ends,
                    method=method,
                    location=location_for(town, method, rng),
                    agenda=_AGENDAS[phase].format(domain=DOMAIN_LABELS[domain]),
                    members=members,
                    remote=remote,
                    domain=domain,
                )
            )
    _reschedule_some(rng, plans, calendar, windows)
    for plan in plans:
        if plan.status != VisitStatus.CANCELLED:
            plan.status = VisitStatus.DONE if plan.ends_at.date() < today else VisitStatus.PLANNED
    return sorted(plans, key=lambda p: p.starts_at)


def _monitoring_targets(
    rng: random.Random, towns: list[Municipality]
) -> list[tuple[Municipality, int]]:
    """Volunteers (and towns the advisors pick): about a third, some met twice."""
    volunteers = rng.sample(towns, rng.randint(9, 12))
    targets = [(t, 0) for t in volunteers]
    targets += [(t, 1) for t in rng.sample(volunteers, 4)]
    return targets


def _reschedule_some(
    rng: random.Random,
    plans: list[VisitPlan],
    calendar: Calendar,
    windows: dict[Phase, tuple[date, date]],
) -> None:
    """Cancel two on-site visits and hold them again one to three weeks later."""
    candidates = [p for p in plans if p.phase in (Phase.OVERALL, Phase.DOMAIN)]
    for plan, reason in zip(rng.sample(candidates, 2), rng.sample(_CANCEL_REASONS, 2), strict=True):
        plan.status = VisitStatus.CANCELLED
        original = plan.starts_at
        plan.agenda = f"{plan.agenda}（{reason}）"
        starts, ends = calendar.take(
            original.date() + timedelta(days=rng.randint(7, 21)), plan.phase, rng
        )
        plans.append(
            VisitPlan(
                key=f"{plan.key}:r",
                town=plan.town,
                phase=plan.phase,
                starts_at=starts,
                ends_at=ends,
                method=plan.method,
                location=plan.location,
                agenda=f"{_AGENDAS[plan.phase].format(domain=DOMAIN_LABELS[plan.domain])}"
                f"（{original:%-m月%-d日}から延期）",
                members=plan.members,
                remote=plan.remote,
                domain=plan.domain,
            )
        )
