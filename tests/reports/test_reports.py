"""The evaluation report, the programme summary and a day's handouts, read back."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from dxfield.errors import NotFoundError, ValidationError
from dxfield.masterdata import municipality_id
from dxfield.models import NoteKind, Phase, ResponseKind, VisitStatus
from dxfield.reports import (
    render_municipality_report,
    render_programme_summary,
    render_visits,
    write_day_handouts,
    write_handout_into,
)
from dxfield.services.assessments import set_answers
from dxfield.services.visits import set_note_section
from tests import factories
from tests.reports import builders, pdftext

ISSUED = date(2026, 2, 20)
WAKAYAMA_ID = municipality_id(factories.WAKAYAMA)


def evaluation_visit(session):
    visit = factories.visit(
        session,
        phase=Phase.EVALUATION,
        starts_at=datetime(2026, 1, 20, 10, 0),
        ends_at=datetime(2026, 1, 20, 11, 0),
        status=VisitStatus.DONE,
    )
    set_note_section(
        session, visit.id, NoteKind.AGREEMENTS, "次年度は窓口のオンライン化を重点とする。"
    )
    set_note_section(session, visit.id, NoteKind.MEMO, builders.INTERNAL_SECRET, internal=True)
    return visit


def test_evaluation_report_compares_baseline_and_evaluation(session):
    builders.answer_sheet(
        session, factories.WAKAYAMA, 2025, ResponseKind.BASELINE, builders.SPRING_CELLS
    )
    final = builders.answer_sheet(session, factories.WAKAYAMA, 2025, ResponseKind.EVALUATION)
    set_answers(session, final.id, {"FREE-01": "人材の確保が最大の課題。"})
    evaluation_visit(session)

    pdf = render_municipality_report(session, WAKAYAMA_ID, 2025, issued_on=ISSUED)
    text = pdftext.text(pdf)

    # DX全般 went from 7 to 14 points; BPR from 3 to 7 and データ利活用 from 1 to 3.
    pdftext.assert_in_order(
        text,
        [
            "成果把握報告書",
            "和歌山市",
            "アセスメントの比較",
            "DX全般",
            "7 / 26",
            "14 / 26",
            "+7",
            "重点支援",
            "標準支援",
            "段階 × 分野の点数",
            "当初（ベースライン）",
            "評価",
            "増減（評価 − 当初）",
            "アドバイザー所見（評価面談より）",
            "令和8年1月20日（2026年1月20日）",
            "次年度は窓口のオンライン化を重点とする。",
            "貴団体のご回答（評価シートの自由記述）",
            "DXを進めるうえで、現在抱えている課題を具体的にご記入ください。",
            "人材の確保が最大の課題。",
            "今年度の面談",
        ],
    )
    assert "内部メモ" not in text
    assert all(f.embedded for f in pdftext.fonts(pdf))


def test_evaluation_report_without_the_evaluation_says_what_is_missing(session):
    builders.answer_sheet(session, factories.WAKAYAMA, 2025, ResponseKind.BASELINE)

    text = pdftext.text(render_municipality_report(session, WAKAYAMA_ID, 2025))

    assert "評価のアセスメントシートが未登録のため、比較できません。" in text
    assert "評価面談の記録はまだありません。" in text


def test_evaluation_report_for_an_unknown_municipality(session):
    with pytest.raises(NotFoundError):
        render_municipality_report(session, "no-such-id", 2025)


def test_summary_lists_all_thirty_municipalities_on_one_page_and_a_chart(session):
    builders.answer_sheet(session, factories.WAKAYAMA, 2025, ResponseKind.BASELINE)
    factories.visit(session, status=VisitStatus.DONE)
    factories.visit(
        session,
        municipality_id=municipality_id(factories.KITAYAMA),
        phase=Phase.INTAKE,
        starts_at=datetime(2025, 5, 20, 10, 0),
        ends_at=datetime(2025, 5, 20, 11, 0),
    )

    pages = pdftext.pages_text(render_programme_summary(session, 2025, issued_on=ISSUED))

    assert len(pages) == 2
    board = pdftext.compact(pages[0])
    assert "支援状況一覧（令和7年度（2025年度））" in board
    # Master data: 30 municipalities, from 和歌山市 to 北山村, each on the first page.
    for name in ("和歌山市", "海南市", "高野町", "串本町", "北山村"):
        assert name in board
    # 和歌山市: sheet in (●), intake none (－), overall done (●); then its support levels.
    assert "和歌山市紀北●－●－－－標準支援重点支援重点支援重点支援" in board
    assert "北山村紀南－○－－－－————" in board
    assert "フェーズごとの実施状況" in pages[1]
    assert "分野ごとの支援分類" in pages[1]


def test_a_day_in_one_file_numbers_each_handout_on_its_own(session, tmp_path):
    long = builders.full_visit(session)
    set_note_section(session, long.id, NoteKind.REQUESTS, "\n".join(["要望あり"] * 60))
    factories.visit(
        session,
        municipality_id=municipality_id(factories.KITAYAMA),
        starts_at=datetime(2025, 6, 10, 15, 0),
        ends_at=datetime(2025, 6, 10, 16, 0),
    )
    factories.visit(  # a cancelled visit gets no handout
        session,
        starts_at=datetime(2025, 6, 10, 17, 0),
        ends_at=datetime(2025, 6, 10, 18, 0),
        status=VisitStatus.CANCELLED,
    )

    [path] = write_day_handouts(session, date(2025, 6, 10), tmp_path / "day.pdf")
    pages = pdftext.pages_text(path.read_bytes())

    numbers = [page.rstrip().rsplit("\n", 1)[-1].split()[-3:] for page in pages]
    total = len(pages) - 1
    assert total >= 2
    assert numbers == [[str(n), "/", str(total)] for n in range(1, total + 1)] + [["1", "/", "1"]]
    assert "和歌山市 御中" in pages[0] and "北山村 御中" in pages[-1]


def test_batch_reports_progress_and_refuses_an_empty_list(session):
    first = factories.visit(session)
    second = factories.visit(
        session, starts_at=datetime(2025, 6, 11, 10, 0), ends_at=datetime(2025, 6, 11, 11, 0)
    )
    seen = []

    pdf = render_visits(
        session, [first.id, second.id], progress=lambda n, total: seen.append((n, total))
    )

    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert len(pdftext.pages_text(pdf)) == 2
    with pytest.raises(ValidationError):
        render_visits(session, [])


def test_a_handout_held_open_elsewhere_gets_the_next_free_name(session, tmp_path, monkeypatch):
    visit = factories.visit(session)
    real_replace = os.replace
    locked = tmp_path / "20250610-1000_和歌山市_全体相談.pdf"

    def replace(src, dst):
        if Path(dst) == locked:
            raise PermissionError(13, "The process cannot access the file")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)

    path = write_handout_into(session, visit.id, tmp_path)

    assert path.name == "20250610-1000_和歌山市_全体相談-2.pdf"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [path.name]


def test_two_visits_with_the_same_name_on_one_day_both_get_a_file(session, tmp_path):
    factories.visit(session)
    factories.visit(session, location="別会場")

    paths = write_day_handouts(session, date(2025, 6, 10), tmp_path / "day")

    assert len({p.name for p in paths}) == 2 and all(p.exists() for p in paths)
