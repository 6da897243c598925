"""Demo needs (ニーズ・要望) and versions of the proposal draft (たたき台).

Needs are promoted the way an advisor promotes them (``services.need_sources.promote``)
from what the demo already holds: the 要望 sections of visit notes, the baseline sheet's
free-text answers, the training surveys' comments, and a few things said at the joint
training. Each is weighed as a team would over the year: left 未検討 for a couple of weeks,
then 採用, 検討中 or 見送り, sometimes 検討中 first and 採用 later. The proposal draft is
kept as the May version (needs heard by then, weighed as they stood then), a September
revision and, for a finished year, the final version of February.

Idempotent: need ids are the promotion's stable ids and drafts have stable ids; only
missing records are added.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    AssessmentResponse,
    Need,
    NeedSource,
    NeedStatus,
    NoteKind,
    NoteSection,
    ProposalDraft,
    ResponseKind,
    Training,
    TrainingKind,
    Visit,
    VisitStatus,
)
from ..models.base import stable_id
from ..needs.proposal import build_proposal, year_assessment
from ..needs.themes import suggest
from ..services import need_sources
from ..services.needs import list_needs
from .corpus import lines_for
from .themes import THEMES

# The demo's note themes as the register files them: (domain, tag, the measure it feeds).
FILED = {
    "staffing": ("general", "職員研修・人材育成", "市町村職員の階層別DX研修とDX推進員の勉強会"),
    "budget": ("general", "予算・財源", "DX関連の財源確保と共同調達の検討"),
    "online_counter": ("bpr", "行政手続のオンライン化", "行政手続のオンライン化の伴走支援"),
    "kakanai": ("bpr", "書かない窓口", "書かない窓口の導入支援"),
    "standardization": (
        "systems",
        "システム標準化・ガバメントクラウド",
        "システム標準化・ガバメントクラウド移行の進捗管理支援",
    ),
    "gov_cloud": (
        "systems",
        "システム標準化・ガバメントクラウド",
        "システム標準化・ガバメントクラウド移行の進捗管理支援",
    ),
    "security": ("systems", "情報セキュリティ", "情報セキュリティ研修とポリシー改定の支援"),
    "rpa": ("bpr", "業務改善・BPR", "業務改善（BPR）と定型業務の自動化の支援"),
    "opendata": ("data", "オープンデータ", "オープンデータの公開促進（推奨データセットから）"),
    "ebpm": ("data", "データ分析・EBPM", "データに基づく施策の振り返り（EBPM）の実践支援"),
    "plan": ("general", "推進体制・CDO", "DX推進方針の策定と推進体制づくりの支援"),
    "cio": ("general", "推進体制・CDO", "DX推進方針の策定と推進体制づくりの支援"),
    "digital_divide": (
        "general",
        "デジタルデバイド対策",
        "デジタルデバイド対策と地域の教え手づくり",
    ),
}
# What the participants of a joint training said in the discussion, and who said it
# (None: the room as a whole, a prefecture-wide need).
JOINT_TRAINING_SAYINGS = (
    ("他の町村の担当者と定期的に情報交換する場がほしい。", None),
    ("市町村間でRPAのシナリオや手順書を共有できる仕組みがほしい。", 0),
    ("県で生成AIを安全に試せる共同の環境を用意してほしい。", None),
)
DECLINE_NOTES = (
    "国の補助事業で対応予定のため、次年度事業では見送り。",
    "要望が1市町村に限られるため、個別支援（任意相談）で対応。",
    "県の別事業（情報政策課）で対応済み。",
)
CONSIDER_NOTES = (
    "費用と効果を整理してから判断する。",
    "同様の要望が他市町村からもあれば採用を検討。",
)
WAIT = timedelta(days=14)  # a need stays 未検討 at least this long


def _request_themes() -> dict[str, str]:
    """A request line of the demo's notes -> the theme it belongs to."""
    return {
        line: theme.key
        for theme in THEMES
        for size in "tsml"
        for line in lines_for(theme.requests, size)
    }


@dataclass(frozen=True)
class Heard:
    source: NeedSource
    source_id: str
    line: str
    heard_on: date
    # For what was said at a training: who said it (None: the room as a whole).
    town: str | None = None
    at_training: bool = False


@dataclass(frozen=True)
class Plan:
    """How a need is weighed: (status, from when) steps after it is heard."""

    steps: tuple[tuple[NeedStatus, date], ...]
    measure: str
    note: str

    def status_at(self, day: date) -> NeedStatus:
        status = NeedStatus.OPEN
        for step, since in self.steps:
            if day >= since:
                status = step
        return status


def _plan(need_id: str, heard_on: date, theme: str | None) -> Plan:
    rng = random.Random(f"demo:need:{need_id}")
    final = rng.choices(
        (NeedStatus.ADOPTED, NeedStatus.CONSIDERING, NeedStatus.DECLINED, NeedStatus.OPEN),
        (36, 24, 18, 22),
    )[0]
    steps: list[tuple[NeedStatus, date]] = []
    # What is heard in spring (sheets, intake) is weighed at once for the May draft:
    # mostly 検討中 first, decided over the summer.
    spring = heard_on.month == 4 or (heard_on.month == 5 and heard_on.day <= 25)
    weighed = heard_on + (
        timedelta(days=rng.randint(3, 10)) if spring else WAIT + timedelta(days=rng.randint(0, 60))
    )
    if final == NeedStatus.ADOPTED and (spring or rng.random() < 0.5):
        steps.append((NeedStatus.CONSIDERING, weighed))
        weighed += timedelta(days=rng.randint(30, 120))
    if final != NeedStatus.OPEN:
        steps.append((final, weighed))
    measure = FILED[theme][2] if theme in FILED else ""
    note = ""
    if final == NeedStatus.DECLINED:
        note = rng.choice(DECLINE_NOTES)
    elif final == NeedStatus.CONSIDERING and rng.random() < 0.4:
        note = rng.choice(CONSIDER_NOTES)
    return Plan(tuple(steps), measure, note)


def _heard_in_notes(session: Session, year: int, today: date) -> list[Heard]:
    rows = session.execute(
        select(NoteSection.id, NoteSection.body, Visit.starts_at)
        .join(Visit, Visit.id == NoteSection.visit_id)
        .where(
            Visit.fiscal_year == year,
            Visit.deleted.is_(False),
            Visit.status == VisitStatus.DONE,
            NoteSection.kind == NoteKind.REQUESTS,
            NoteSection.deleted.is_(False),
        )
        .order_by(Visit.starts_at)
    )
    return [
        Heard(NeedSource.VISIT_NOTE, sid, line, starts.date())
        for sid, body, starts in rows
        if starts.date() < today
        for _offset, line in need_sources.lines_of(body)
    ]


def _heard_in_sheets(session: Session, year: int) -> list[Heard]:
    """The 県やアドバイザーへの要望 answer of about a third of the baseline sheets."""
    out = []
    for response in session.scalars(
        select(AssessmentResponse)
        .where(
            AssessmentResponse.fiscal_year == year,
            AssessmentResponse.kind == ResponseKind.BASELINE,
            AssessmentResponse.deleted.is_(False),
        )
        .order_by(AssessmentResponse.id)
    ):
        if random.Random(f"demo:need:sheet:{response.id}").random() > 0.35:
            continue
        for line in need_sources.answer_lines(session, response.id):
            if line.label.startswith(("FREE-02", "FREE-05")) and line.line != "特になし":
                out.append(Heard(line.source, line.source_id, line.line, response.answered_on))
    return out


def _heard_at_trainings(session: Session, year: int, today: date) -> list[Heard]:
    out = []
    trainings = session.scalars(
        select(Training)
        .where(
            Training.fiscal_year == year,
            Training.deleted.is_(False),
            Training.status == VisitStatus.DONE,
        )
        .order_by(Training.starts_at)
    ).all()
    for training in trainings:
        day = training.starts_at.date()
        if day >= today:
            continue
        for line in need_sources.survey_comment_lines(session, training.id):
            # Comments with a recognisable subject; thanks and impressions stay comments.
            if suggest(line.line).themes and random.Random(line.need_id).random() < 0.5:
                out.append(Heard(line.source, line.source_id, line.line, day))
        if training.kind is TrainingKind.JOINT:
            towns = [link.municipality_id for link in training.municipalities]
            for words, who in JOINT_TRAINING_SAYINGS:
                town = towns[who] if who is not None and who < len(towns) else None
                out.append(Heard(NeedSource.TRAINING, training.id, words, day, town, True))
    return out


def _domain_and_tags(line: str, themes: dict[str, str]) -> tuple[str | None, str, list[str]]:
    key = themes.get(line)
    if key in FILED:
        domain, tag, _measure = FILED[key]
        # A second tag when the words say more (「…を職員向けに説明」: also 研修).
        more = [t for t in suggest(line).themes if t != tag][:1]
        return key, domain, [tag, *more]
    guess = suggest(line)
    return None, guess.domain, list(guess.themes)


def ensure_needs(session: Session, year: int, today: date) -> int:
    """Promote and weigh the year's demo needs heard before ``today``; returns how many
    were added. Then keep the year's proposal versions due by ``today``."""
    themes = _request_themes()
    heard = [
        *_heard_in_notes(session, year, today),
        *_heard_in_sheets(session, year),
        *_heard_at_trainings(session, year, today),
    ]
    plans: dict[str, Plan] = {}
    added = 0
    with session.no_autoflush:
        for h in sorted(heard, key=lambda h: h.heard_on):
            need_id = need_sources.need_id_for(h.source_id, need_sources.clean_line(h.line))
            key, domain, tags = _domain_and_tags(h.line, themes)
            plan = plans[need_id] = _plan(need_id, h.heard_on, key)
            if session.get(Need, need_id) is not None:
                continue
            extra = {"municipality_id": h.town} if h.at_training else {}
            result = need_sources.promote(
                session,
                h.source,
                h.source_id,
                h.line,
                domain=domain,
                themes=tags,
                status=plan.status_at(today),
                measure=plan.measure,
                note=plan.note if plan.status_at(today) != NeedStatus.OPEN else "",
                **extra,
            )
            added += result.created
    session.flush()
    _ensure_drafts(session, year, today, plans)
    return added


# (label, month, day) of the versions kept; a month before April is in the next calendar year.
VERSIONS = (("5月たたき台", 5, 31), ("9月改訂", 9, 30), ("最終版", 2, 20))


def _ensure_drafts(session: Session, year: int, today: date, plans: dict[str, Plan]) -> None:
    rows = list_needs(session, year=year)
    assessment = None
    for label, month, day in VERSIONS:
        issued = date(year if month >= 4 else year + 1, month, day)
        draft_id = stable_id("demo", "proposal_draft", year, label)
        if issued >= today or session.get(ProposalDraft, draft_id) is not None:
            continue
        as_then = [
            replace(r, status=plans[r.id].status_at(issued)) if r.id in plans else r
            for r in rows
            if r.heard_on is not None and r.heard_on <= issued
        ]
        assessment = assessment or year_assessment(session, year)
        content = build_proposal(session, year, rows=as_then, assessment=assessment)
        session.add(
            ProposalDraft(
                id=draft_id,
                fiscal_year=year,
                issued_on=issued,
                title=content.title,
                label=label,
                content=content.to_json(),
            )
        )
    session.flush()
