"""A small programme year with needs heard in notes and the assessment sheet, for the needs
register's tests (core, CLI, reports): built through the services, as the app builds it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dxfield.masterdata import municipality_id
from dxfield.models import NeedStatus, NoteKind, Phase, ResponseKind, VisitStatus
from dxfield.services import need_sources, visits
from dxfield.services.assessments import update_response
from tests import factories
from tests.reports.builders import EXAMPLE_CELLS, SPRING_CELLS, answer_sheet

WAKAYAMA, KITAYAMA, SHINGU = factories.WAKAYAMA, factories.KITAYAMA, "302074"

WAKAYAMA_REQUESTS = (
    "【要望】\n"
    "・オープンデータの公開を始めたいので、推奨データセットの作り方を教えてほしい。\n"
    "・書かない窓口の先行事例を知りたい。\n"
)
KITAYAMA_REQUESTS = "1. オープンデータのCSVの作り方を職員向けに説明してほしい。\n"
SHINGU_REQUESTS = "・職員向けの研修メニューを紹介してほしい。\n"


@dataclass(frozen=True)
class NeedsWorld:
    wakayama_visit: str
    kitayama_visit: str
    shingu_visit: str
    opendata_wakayama: str  # need ids
    kakanai_wakayama: str
    opendata_kitayama: str
    training_shingu: str


def _visit(session, code: str, day: int, body: str) -> str:
    visit = factories.visit(
        session,
        municipality_id=municipality_id(code),
        phase=Phase.OVERALL,
        starts_at=datetime(2025, 6, day, 10, 0),
        ends_at=datetime(2025, 6, day, 12, 0),
        status=VisitStatus.DONE,
    )
    visits.set_note_section(session, visit.id, NoteKind.REQUESTS, body)
    return visit.id


def needs_world(session) -> NeedsWorld:
    """Three towns' 全体相談 notes with 要望, four needs promoted from them and weighed, and
    two baseline sheets of known scores (the proposal's example and a weaker spring)."""
    w = _visit(session, WAKAYAMA, 10, WAKAYAMA_REQUESTS)
    k = _visit(session, KITAYAMA, 11, KITAYAMA_REQUESTS)
    s = _visit(session, SHINGU, 12, SHINGU_REQUESTS)
    od_w = need_sources.promote_note_line(session, w, 1, status=NeedStatus.ADOPTED).need_id
    kk_w = need_sources.promote_note_line(session, w, 2, status=NeedStatus.CONSIDERING).need_id
    od_k = need_sources.promote_note_line(
        session, k, 1, status=NeedStatus.CONSIDERING, note="推奨データセットから始める"
    ).need_id
    tr_s = need_sources.promote_note_line(session, s, 1, status=NeedStatus.DECLINED).need_id
    for code, rows in ((WAKAYAMA, EXAMPLE_CELLS), (KITAYAMA, SPRING_CELLS)):
        response = answer_sheet(session, code, 2025, ResponseKind.BASELINE, rows)
        update_response(session, response.id, answered_on=date(2025, 5, 8))
    return NeedsWorld(w, k, s, od_w, kk_w, od_k, tr_s)
