"""``dxfield report ...`` as an advisor types it."""

from __future__ import annotations

from datetime import datetime

import pytest

from dxfield.cli import main
from dxfield.masterdata import municipality_id
from dxfield.models import ResponseKind
from tests import factories
from tests.reports import builders, pdftext


@pytest.fixture
def visit_id(db):
    with db.session() as s:
        return builders.full_visit(s).id


def run(data_dir, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "report", *args])


def test_visit_handout_is_written_and_its_path_printed(data_dir, visit_id, tmp_path, capsys):
    target = tmp_path / "handouts" / "h.pdf"

    assert run(data_dir, "visit", visit_id, "-o", str(target), "--issued", "2025-06-12") == 0

    assert capsys.readouterr().out.strip() == str(target)
    text = pdftext.text(target.read_bytes())
    assert "面談記録" in text and "発行日 令和7年6月12日（2025年6月12日）" in text


def test_a_handout_can_carry_the_web_form_link_with_its_qr_code(
    data_dir, visit_id, tmp_path, capsys
):
    target = tmp_path / "h.pdf"
    url = "https://dx.example.jp/f/" + "A" * 43
    args = ("visit", visit_id, "-o", str(target), "--form-link", url)
    assert run(data_dir, *args, "--form-link-expires", "2026年06月30日") == 0
    text = pdftext.text(target.read_bytes())
    assert "アセスメントシートのご回答（Webフォーム）" in text
    assert "2026年06月30日" in text and "dx.example.jp/f/" in text
    plain = tmp_path / "plain.pdf"
    assert run(data_dir, "visit", visit_id, "-o", str(plain)) == 0
    assert "Webフォーム" not in pdftext.text(plain.read_bytes())


def test_unknown_visit_fails_with_a_message_and_no_file(data_dir, db, tmp_path, capsys):
    target = tmp_path / "h.pdf"

    assert run(data_dir, "visit", "no-such-visit", "-o", str(target)) == 2

    err = capsys.readouterr().err
    assert "見つかりません" in err and "no-such-visit" in err
    assert not target.exists()


def test_municipality_report_by_code_and_name(data_dir, db, tmp_path):
    with db.session() as s:
        builders.answer_sheet(
            s, factories.WAKAYAMA, 2025, ResponseKind.BASELINE, builders.SPRING_CELLS
        )
        builders.answer_sheet(s, factories.WAKAYAMA, 2025, ResponseKind.EVALUATION)

    assert (
        run(data_dir, "municipality", "302015", "--year", "2025", "-o", str(tmp_path / "a.pdf"))
        == 0
    )
    assert (
        run(data_dir, "municipality", "和歌山市", "--year", "2025", "-o", str(tmp_path / "b.pdf"))
        == 0
    )

    for name in ("a.pdf", "b.pdf"):
        text = pdftext.text((tmp_path / name).read_bytes())
        assert "成果把握報告書" in text and "和歌山市" in text


def test_summary_for_a_year(data_dir, visit_id, tmp_path):
    target = tmp_path / "summary.pdf"

    assert run(data_dir, "summary", "--year", "2025", "-o", str(target)) == 0

    assert "支援状況一覧" in pdftext.text(target.read_bytes())


def test_day_into_a_folder_writes_one_file_per_visit(data_dir, db, tmp_path, capsys):
    with db.session() as s:
        builders.full_visit(s)
        factories.visit(
            s,
            municipality_id=municipality_id(factories.KITAYAMA),
            starts_at=datetime(2025, 6, 10, 14, 0),
            ends_at=datetime(2025, 6, 10, 15, 30),
        )
    out = tmp_path / "day"

    assert run(data_dir, "day", "2025-06-10", "-o", str(out)) == 0

    names = sorted(p.name for p in out.iterdir())
    assert names == ["20250610-1000_和歌山市_全体相談.pdf", "20250610-1400_北山村_全体相談.pdf"]
    assert capsys.readouterr().out.split() == [str(out / n) for n in names]


def test_day_without_visits_is_an_error(data_dir, db, tmp_path, capsys):
    assert run(data_dir, "day", "2025-06-11", "-o", str(tmp_path / "x")) == 2

    assert "令和7年6月11日の訪問はありません" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_bad_date_is_rejected_by_the_parser(data_dir, tmp_path, capsys):
    with pytest.raises(SystemExit):
        run(data_dir, "day", "10/06/2025", "-o", str(tmp_path / "x"))

    assert "日付ではありません" in capsys.readouterr().err


def test_an_annual_report_with_nowhere_to_go_is_refused_in_japanese(data_dir, db, capsys):
    assert run(data_dir, "annual", "--year", "2025") == 2
    err = capsys.readouterr().err
    assert "書き出し先を -o FILE.pdf か FILE.xlsx で指定するか、--json を付けてください" in err
    assert "say where" not in err
