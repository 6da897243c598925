"""Visits, action items and trainings as Excel workbooks for the prefecture's own lists."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import ActionItem, Visit, VisitMember
from ..services.trainings import attendees, list_trainings, response_counts
from ..services.visits import list_visits
from .xlsx import Sheet, write_workbook

DATETIME_FORMAT = "yyyy/mm/dd hh:mm"
DATE_FORMAT = "yyyy/mm/dd"

VISIT_HEADERS = (
    "ID",
    "年度",
    "団体コード",
    "市町村",
    "フェーズ",
    "開始",
    "終了",
    "方法",
    "場所",
    "議題",
    "先方出席者",
    "チーム",
    "状態",
)

ACTION_HEADERS = (
    "ID",
    "団体コード",
    "市町村",
    "訪問日",
    "フェーズ",
    "内容",
    "担当",
    "担当者",
    "期限",
    "状態",
    "完了日",
)

TRAINING_HEADERS = (
    "ID",
    "年度",
    "種類",
    "研修名",
    "開始",
    "終了",
    "方法",
    "会場",
    "対象",
    "講師",
    "参加市町村",
    "首長・幹部",
    "職員",
    "県",
    "参加者計",
    "アンケート回答数",
    "状態",
)

ATTENDANCE_HEADERS = ("研修ID", "研修名", "開始", "団体コード", "市町村", "首長・幹部", "職員")


def team_names(visit: Visit) -> str:
    names = []
    for m in sorted(visit.members, key=lambda m: (m.member.role.value, m.member.name)):
        names.append(f"{m.member.name}（オンライン）" if m.remote else m.member.name)
    return "、".join(names)


def visit_rows(session: Session, *, year: int | None = None) -> list[list[object]]:
    visits = list_visits(session, year=year)
    # Load the team's names in one query rather than one per visit.
    ids = [v.id for v in visits]
    if ids:
        session.scalars(
            select(VisitMember)
            .where(VisitMember.visit_id.in_(ids))
            .options(selectinload(VisitMember.member))
        ).all()
    return [
        [
            v.id,
            v.fiscal_year,
            v.municipality.code,
            v.municipality.name,
            v.phase.label,
            v.starts_at,
            v.ends_at,
            v.method.label,
            v.location,
            v.agenda,
            v.participants,
            team_names(v),
            v.status.label,
        ]
        for v in visits
    ]


def action_rows(session: Session, *, year: int | None = None) -> list[list[object]]:
    query = (
        select(ActionItem)
        .where(ActionItem.deleted.is_(False))
        .options(selectinload(ActionItem.municipality), selectinload(ActionItem.visit))
        .outerjoin(Visit, Visit.id == ActionItem.visit_id)
        .order_by(ActionItem.municipality_id, Visit.starts_at, ActionItem.position)
    )
    if year is not None:
        query = query.where(Visit.fiscal_year == year)
    items = session.scalars(query).all()
    items = sorted(
        items,
        key=lambda a: (
            a.municipality.code,
            a.visit.starts_at if a.visit else a.created_at,
            a.position,
        ),
    )
    return [
        [
            a.id,
            a.municipality.code,
            a.municipality.name,
            a.visit.starts_at.date() if a.visit else None,
            a.visit.phase.label if a.visit else "",
            a.title,
            a.owner_side.label,
            a.owner_name,
            a.due_on,
            a.status.label,
            a.completed_on,
        ]
        for a in items
    ]


def export_visits_xlsx(session: Session, path: Path, *, year: int | None = None) -> int:
    rows = visit_rows(session, year=year)
    sheet = Sheet(
        "訪問・面談",
        VISIT_HEADERS,
        rows,
        formats={"開始": DATETIME_FORMAT, "終了": DATETIME_FORMAT},
    )
    write_workbook(path, [sheet])
    return len(rows)


def export_actions_xlsx(session: Session, path: Path, *, year: int | None = None) -> int:
    rows = action_rows(session, year=year)
    sheet = Sheet(
        "アクション",
        ACTION_HEADERS,
        rows,
        formats={"訪問日": DATE_FORMAT, "期限": DATE_FORMAT, "完了日": DATE_FORMAT},
    )
    write_workbook(path, [sheet])
    return len(rows)


def _joined(text: str) -> str:
    return "、".join(line.strip() for line in text.splitlines() if line.strip())


def export_trainings_xlsx(session: Session, path: Path, *, year: int | None = None) -> int:
    """One row per training (attendees summed by group; empty where nobody counted) and a
    second sheet with each municipality's attendance."""
    trainings = list_trainings(session, year=year)
    answered = response_counts(session, [t.id for t in trainings])
    rows, links = [], []
    for t in trainings:
        counts = attendees(t)
        rows.append(
            [
                t.id,
                t.fiscal_year,
                t.kind.label,
                t.title,
                t.starts_at,
                t.ends_at,
                t.method.label,
                t.place,
                t.audience,
                _joined(t.lecturers),
                "、".join(link.municipality.name for link in t.municipalities),
                counts.leaders,
                counts.staff,
                counts.prefecture,
                counts.total,
                answered.get(t.id, 0),
                t.status.label,
            ]
        )
        for link in t.municipalities:
            links.append(
                [
                    t.id,
                    t.title,
                    t.starts_at,
                    link.municipality.code,
                    link.municipality.name,
                    link.leaders,
                    link.staff,
                ]
            )
    when = {"開始": DATETIME_FORMAT, "終了": DATETIME_FORMAT}
    write_workbook(
        path,
        [
            Sheet("研修", TRAINING_HEADERS, rows, formats=when),
            Sheet("参加市町村", ATTENDANCE_HEADERS, links, formats=when),
        ],
    )
    return len(rows)
