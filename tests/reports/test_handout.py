"""The visit handout as the town hall receives it: read back from the PDF."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from dxfield.errors import NotFoundError
from dxfield.models import NoteKind, OwnerSide, ResponseKind, VisitStatus
from dxfield.reports import render_visit_handout, write_visit_handout
from dxfield.reports.wrap import NO_LINE_START
from dxfield.services.visits import add_action_item, set_note_section
from tests import factories
from tests.reports import builders, pdftext

ISSUED = date(2025, 6, 12)


@pytest.fixture
def visit(session):
    return builders.full_visit(session)


def test_handout_shows_the_meeting_in_reading_order(session, visit):
    pdf = render_visit_handout(session, visit.id, issued_on=ISSUED)

    pdftext.assert_in_order(
        pdftext.text(pdf),
        [
            "令和7年度（2025年度）",
            "面談記録",
            "全体相談",
            "和歌山市 御中",
            "令和7年6月10日（2025年6月10日） 10:00〜12:00",
            "和歌山市役所 本庁舎 5階会議室",
            "情報政策課 課長 鈴木一郎",
            "山田 太郎（総括アドバイザー）",
            "佐藤 花子（補助スタッフ・オンライン参加）",
            "議題",
            "アセスメント結果の確認",
            "面談の内容",
            "現状",
            "DX推進本部を設置済み（令和6年度）。",
            "各課のDX推進員は12名。",
            "課題",
            "業務の棚卸しが進んでいない。",
            "今後の対応（合意事項）",
            "窓口業務の棚卸し表を作成する",
            "市町村 情報政策課",
            "令和7年7月31日（2025/7/31）",
            "BPR研修の日程案を送付する",
            "アセスメントの状況",
            "次回の予定",
            "令和7年8月20日（2025年8月20日） 13:30〜15:00",
            "分野別相談",
            "連絡先",
            "yamada@example.jp",
            "鈴木 一郎",
            "073-000-0000",
        ],
    )


def test_every_page_has_issue_date_and_page_of_pages(session, visit):
    set_note_section(session, visit.id, NoteKind.REQUESTS, "\n".join(["要望"] * 120))

    pages = pdftext.pages_text(render_visit_handout(session, visit.id, issued_on=ISSUED))

    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        assert "発行日 令和7年6月12日（2025年6月12日）" in page
        assert f"{n} / {len(pages)}" in page


def test_every_font_is_embedded_as_a_subset(session, visit):
    builders.answer_sheet(session, factories.WAKAYAMA, 2025, ResponseKind.BASELINE)

    fonts = pdftext.fonts(render_visit_handout(session, visit.id, issued_on=ISSUED))

    assert fonts, "no fonts found"
    assert all(f.embedded and f.subset for f in fonts), fonts
    assert all("IPAexGothic" in f.name for f in fonts), fonts


def test_internal_notes_and_contact_remarks_never_appear(session, visit):
    text = pdftext.text(render_visit_handout(session, visit.id, issued_on=ISSUED))

    assert "内部メモ" not in text
    assert "首長と議会" not in text
    assert "折り返しは午後のみ" not in text
    assert "業務の棚卸しが進んでいない" in text  # the shared notes are there


def test_a_section_made_internal_later_disappears(session, visit):
    set_note_section(
        session, visit.id, NoteKind.ISSUES, "業務の棚卸しが進んでいない。", internal=True
    )

    text = pdftext.text(render_visit_handout(session, visit.id, issued_on=ISSUED))

    assert "棚卸しが進んでいない" not in text


def test_long_notes_paginate_without_losing_a_line(session, visit):
    body = "\n".join(
        f"第{n:03d}行：" + "庁内の業務フローを確認し、課題を整理した。" * (n % 4 + 1)
        for n in range(1, 241)
    )
    set_note_section(session, visit.id, NoteKind.CURRENT_STATE, body)

    pdf = render_visit_handout(session, visit.id, issued_on=ISSUED)
    pages = pdftext.pages_text(pdf)
    text = "".join("".join(page.split()) for page in pages)

    assert len(pages) >= 5
    pdftext.assert_in_order(text, [f"第{n:03d}行" for n in range(1, 241)])
    # The text around every page break is all there too.
    assert text.count("庁内の業務フローを確認し、課題を整理した。") == sum(
        n % 4 + 1 for n in range(1, 241)
    )


def test_no_line_starts_with_closing_punctuation(session, visit):
    sentence = "「DX推進計画」を策定した（令和6年度）。職員研修は「入門」「実践」の2段階とした。"
    set_note_section(
        session,
        visit.id,
        NoteKind.CURRENT_STATE,
        "\n".join(sentence[: 20 + k] + sentence * 2 for k in range(25)),
    )

    lines = pdftext.lines(render_visit_handout(session, visit.id, issued_on=ISSUED))

    starts = [line for line in lines if line and line[0] in NO_LINE_START]
    assert not starts, starts
    assert sum(line.count("（令和6年度）。") for line in lines) >= 50


def test_visit_without_notes_still_gives_a_sensible_page(session):
    planned = factories.visit(session, agenda="")

    pdf = render_visit_handout(session, planned.id, issued_on=ISSUED)
    pages = pdftext.pages_text(pdf)

    assert len(pages) == 1
    pdftext.assert_in_order(
        pages[0],
        [
            "面談記録",
            "和歌山市 御中",
            "令和7年6月10日",
            "この面談は予定されています",
            "合意した対応事項はありません",
            "アセスメントシートの結果はまだ登録されていません",
            "次回の日程は調整中です",
            "1 / 1",
        ],
    )


def test_done_visit_whose_notes_are_all_internal_says_there_is_no_record(session):
    done = factories.visit(session, status=VisitStatus.DONE)
    set_note_section(session, done.id, NoteKind.MEMO, builders.INTERNAL_SECRET, internal=True)

    text = pdftext.text(render_visit_handout(session, done.id, issued_on=ISSUED))

    assert "この面談の記録はありません" in text
    assert "内部メモ" not in text


def test_assessment_snapshot_shows_totals_levels_and_both_sheets(session, visit):
    builders.answer_sheet(
        session, factories.WAKAYAMA, 2025, ResponseKind.BASELINE, builders.SPRING_CELLS
    )
    builders.answer_sheet(session, factories.WAKAYAMA, 2025, ResponseKind.EVALUATION)

    text = pdftext.text(render_visit_handout(session, visit.id, issued_on=ISSUED))

    pdftext.assert_in_order(
        text,
        [
            "評価の点数（段階 × 分野）",
            "認識共有・機運醸成",
            "DXの取組の実行",
            "合計点",
            "14 / 26",
            "6 / 26",
            "7 / 25",
            "3 / 24",
            "支援分類",
            "標準支援",
            "重点支援",
        ],
    )
    assert "当初" in text and "評価" in text  # the radar's legend: both sheets overlaid


@pytest.fixture
def out_dir(tmp_path):
    path = tmp_path / "out"
    path.mkdir()
    return path


def test_unknown_visit_is_a_clear_error_and_writes_nothing(session, out_dir):
    target = out_dir / "handout.pdf"

    with pytest.raises(NotFoundError, match="no visit with id nope"):
        write_visit_handout(session, "nope", target)

    assert list(out_dir.iterdir()) == []


def test_a_failed_run_leaves_an_existing_file_alone(session, out_dir):
    target = out_dir / "handout.pdf"
    target.write_bytes(b"old")

    with pytest.raises(NotFoundError):
        write_visit_handout(session, "nope", target)

    assert target.read_bytes() == b"old"
    assert list(out_dir.iterdir()) == [target]


def test_deleted_visit_is_not_found(session, visit):
    visit.deleted = True
    session.flush()

    with pytest.raises(NotFoundError):
        render_visit_handout(session, visit.id)


def test_written_file_is_a_complete_pdf(session, visit, tmp_path):
    path = write_visit_handout(session, visit.id, tmp_path / "out" / "h.pdf", issued_on=ISSUED)

    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert [p.name for p in path.parent.iterdir()] == ["h.pdf"]


def test_visit_over_midnight_names_both_days(session):
    late = factories.visit(
        session, starts_at=datetime(2025, 6, 10, 22, 0), ends_at=datetime(2025, 6, 11, 1, 0)
    )

    text = pdftext.text(render_visit_handout(session, late.id, issued_on=ISSUED))

    assert "令和7年6月10日（2025年6月10日） 22:00〜令和7年6月11日（2025年6月11日） 01:00" in text


def test_pages_are_a4_portrait(session, visit):
    reader = PdfReader(io.BytesIO(render_visit_handout(session, visit.id, issued_on=ISSUED)))

    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert reader.metadata.title == "面談記録 和歌山市 2025-06-10 全体相談"


def test_a_long_action_table_runs_over_pages_with_every_row(session, visit):
    for n in range(1, 61):
        add_action_item(session, visit.id, f"対応事項その{n:02d}", OwnerSide.PREFECTURE)

    pages = pdftext.pages_text(render_visit_handout(session, visit.id, issued_on=ISSUED))

    assert len(pages) >= 3
    pdftext.assert_in_order("".join(pages), [f"対応事項その{n:02d}" for n in range(1, 61)])
    # The header row repeats on the pages the table continues on.
    assert sum("内容担当期限状況" in pdftext.compact(page) for page in pages) >= 2
