"""The national open data list marks our municipalities and ranks the prefecture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from dxfield.errors import ImportFailed, ImportProblem
from dxfield.io.opendata import NATIONAL_MUNICIPALITIES, import_opendata
from dxfield.models import Municipality, PendingChange
from ui.main import main

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "opendata_torikumi.csv"


def _published(session) -> dict[str, tuple[bool | None, str]]:
    return {
        m.name: (m.opendata_published, m.opendata_url)
        for m in session.scalars(select(Municipality))
    }


def test_marks_municipalities_and_compares_with_the_nation(db):
    with db.session() as s:
        report = import_opendata(s, SAMPLE, today=date(2025, 5, 1))
    assert report.source == "CSV, UTF-8 (BOM付き)"
    assert report.prefecture.count == 4 and report.prefecture.total == 30
    assert report.prefecture.share == pytest.approx(4 / 30)
    # The national figure comes from the file (municipal rows only, not the prefectures).
    assert report.national_count == 15 and report.national_total == NATIONAL_MUNICIPALITIES
    assert report.national_share == pytest.approx(15 / 1741)
    assert report.prefecture.count_rank == 1 and report.prefecture.share_rank == 1
    with db.read_session() as s:
        marks = _published(s)
        assert marks["田辺市"] == (True, "https://www.city.tanabe.lg.jp/opendata/")
        assert marks["北山村"] == (False, "")
        checked = s.scalar(select(Municipality.opendata_checked_on).limit(1))
        assert checked == date(2025, 5, 1)
        # Other laptops learn the marks through sync.
        assert s.scalar(select(PendingChange).where(PendingChange.table_name == "municipality"))


def test_the_same_file_again_changes_nothing(db):
    with db.session() as s:
        import_opendata(s, SAMPLE, today=date(2025, 5, 1))
    with db.session() as s:
        again = import_opendata(s, SAMPLE, today=date(2025, 6, 1))
    assert again.already_imported and again.changed == 0
    with db.read_session() as s:
        assert s.scalar(select(Municipality.opendata_checked_on).limit(1)) == date(2025, 5, 1)


def test_a_cp932_copy_reads_the_same(db, tmp_path):
    cp932 = tmp_path / "list_sjis.csv"
    cp932.write_bytes(SAMPLE.read_text(encoding="utf-8-sig").encode("cp932"))
    with db.session() as s:
        report = import_opendata(s, cp932, dry_run=True)
    assert report.source == "CSV, CP932 (Shift_JIS)" and report.prefecture.count == 4


def test_bad_codes_are_reported_by_row_and_nothing_is_marked(db, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8-sig").replace("302023", "302024")
    text += "30,302015,和歌山県,和歌山市,https://example.jp/\r\n"
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8-sig")
    with db.session() as s, pytest.raises(ImportFailed) as failed:
        import_opendata(s, path)
    problems = [(p.row, p.column) for p in failed.value.problems]
    assert problems == [(16, "団体コード"), (21, "団体コード")]
    assert "check digit" in str(failed.value.problems[0])
    assert "listed twice (first in row 15)" in str(failed.value.problems[1])
    with db.read_session() as s:
        assert {v for v, _ in _published(s).values()} == {None}


def test_a_file_without_the_code_column(db, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("名前,URL\r\n和歌山市,https://example.jp\r\n", encoding="utf-8-sig")
    with db.session() as s, pytest.raises(ImportFailed) as failed:
        import_opendata(s, path)
    assert "団体コード" in str(failed.value.problems[0])


def test_binary_junk_is_refused_clearly(db, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 40)
    with db.session() as s, pytest.raises(ImportProblem, match="not a text"):
        import_opendata(s, path)


def test_cli_prints_the_standing(capsys, data_dir):
    assert main(["--data-dir", str(data_dir), "import", "opendata", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "県内: 4 / 30 市町村（13.3%）" in out
    assert "全国: 15 / 1741 市区町村（0.9%）" in out
    assert "○ 302066 田辺市" in out
