"""Visits and action items leave as Excel and as a calendar Outlook and Google accept."""

from __future__ import annotations

from datetime import date, datetime

import icalendar
import pytest
from openpyxl import load_workbook

from dxfield.errors import ExportError
from dxfield.io.exports import export_actions_xlsx, export_visits_xlsx
from dxfield.io.ics import export_visits_ics
from dxfield.masterdata import municipality_id
from dxfield.models import OwnerSide, Phase, VisitStatus
from dxfield.services.visits import add_action_item, update_visit
from tests import factories
from ui.main import main


@pytest.fixture
def planned(db):
    with db.session() as s:
        lead = factories.team_member(s, "山田 太郎")
        first = factories.visit(s, member_ids=[lead.id])
        second = factories.visit(
            s,
            municipality_id=municipality_id(factories.KITAYAMA),
            phase=Phase.DOMAIN,
            starts_at=datetime(2025, 8, 20, 13, 30),
            ends_at=datetime(2025, 8, 20, 15, 0),
            location="北山村役場",
            agenda="分野別相談：情報システム\n標準化の進捗",
        )
        add_action_item(s, first.id, "庁内DX推進本部の設置要綱案を作成", OwnerSide.MUNICIPALITY,
                        owner_name="総務課", due_on=date(2025, 7, 31))  # fmt: skip
    return first, second


def test_visits_xlsx_has_one_row_per_visit_with_real_dates(db, planned, tmp_path):
    path = tmp_path / "visits.xlsx"
    with db.read_session() as s:
        assert export_visits_xlsx(s, path) == 2
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:6] == ("ID", "年度", "団体コード", "市町村", "フェーズ", "開始")
    first = dict(zip(header, rows[1], strict=True))
    assert first["市町村"] == "和歌山市" and first["フェーズ"] == "全体相談"
    assert first["開始"] == datetime(2025, 6, 10, 10, 0)  # a date Excel can sort, not text
    assert first["チーム"] == "山田 太郎"
    second = dict(zip(header, rows[2], strict=True))
    assert second["市町村"] == "北山村" and "標準化の進捗" in second["議題"]
    assert ws.freeze_panes == "A2"


def test_actions_xlsx(db, planned, tmp_path):
    path = tmp_path / "actions.xlsx"
    with db.read_session() as s:
        assert export_actions_xlsx(s, path) == 1
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    item = dict(zip(rows[0], rows[1], strict=True))
    assert item["内容"] == "庁内DX推進本部の設置要綱案を作成"
    assert item["担当"] == "市町村" and item["担当者"] == "総務課"
    assert item["期限"] == datetime(2025, 7, 31) and item["状態"] == "未着手"


def test_ics_one_event_per_visit_in_tokyo_time(db, planned, tmp_path):
    first, second = planned
    path = tmp_path / "visits.ics"
    with db.read_session() as s:
        assert export_visits_ics(s, path) == 2
    data = path.read_bytes()
    cal = icalendar.Calendar.from_ical(data)
    events = cal.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{first.id}@dxfield", f"{second.id}@dxfield"]
    assert b"DTSTART;TZID=Asia/Tokyo:20250610T100000" in data
    assert b"BEGIN:VTIMEZONE" in data and b"TZID:Asia/Tokyo" in data
    assert str(events[1]["SUMMARY"]) == "分野別相談：北山村"
    assert str(events[1]["LOCATION"]) == "北山村役場"
    assert events[0]["DTSTART"].dt.utcoffset().total_seconds() == 9 * 3600


def test_ics_is_stable_and_updates_keep_the_uid(db, planned, tmp_path):
    first, _ = planned
    with db.read_session() as s:
        export_visits_ics(s, tmp_path / "a.ics")
        export_visits_ics(s, tmp_path / "b.ics")
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()

    with db.session() as s:
        update_visit(s, first.id, factories.visit_input(status=VisitStatus.CANCELLED))
    with db.read_session() as s:
        export_visits_ics(s, tmp_path / "c.ics")
    cal = icalendar.Calendar.from_ical((tmp_path / "c.ics").read_bytes())
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == f"{first.id}@dxfield")
    # Same UID, higher SEQUENCE: calendars update the event rather than adding one.
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) >= 1


def test_cli_export_visits_and_refuses_unknown_format(capsys, data_dir, db, planned, tmp_path):
    out = tmp_path / "予定.ics"
    assert main(["--data-dir", str(data_dir), "export", "visits", "-o", str(out)]) == 0
    assert "2 件" in capsys.readouterr().out and out.exists()
    code = main(["--data-dir", str(data_dir), "export", "visits", "-o", str(tmp_path / "v.pdf")])
    assert code == 2
    assert "末尾を .xlsx / .ics にしてください" in capsys.readouterr().err


def test_export_into_a_missing_folder_is_a_clear_error(db, planned, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with db.read_session() as s, pytest.raises(ExportError, match="cannot") as info:
        export_visits_xlsx(s, blocker / "visits.xlsx")
    assert info.value.text().startswith(f"フォルダー {blocker} を作成できません（")
