"""Trainings: the rules of the form, municipalities and attendance, listings and exports."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

import icalendar
import openpyxl
import pytest
from sqlalchemy import select

from dxfield.errors import ValidationError
from dxfield.io.ics import export_trainings_ics
from dxfield.masterdata import municipality_id
from dxfield.models import (
    PendingChange,
    Training,
    TrainingKind,
    TrainingMethod,
    TrainingMunicipality,
    VisitStatus,
)
from dxfield.services.trainings import (
    Attendance,
    attendees,
    delete_training,
    list_trainings,
    training_summaries,
    update_training,
)
from tests import factories
from tests.core.test_cli import run_cli

WAKAYAMA = municipality_id(factories.WAKAYAMA)
KITAYAMA = municipality_id(factories.KITAYAMA)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"ends_at": datetime(2025, 6, 10, 13, 30)}, "ends_at"),
        ({"place": ""}, "place"),
        ({"municipalities": []}, "municipalities"),
        ({"municipalities": [Attendance(WAKAYAMA), Attendance(WAKAYAMA)]}, "municipalities"),
        ({"municipalities": [Attendance(WAKAYAMA, staff=-1)]}, "municipalities"),
        ({"prefecture_attendees": 2.5}, "prefecture_attendees"),
        ({"survey_template_id": "no-such-survey"}, "survey_template_id"),
    ],
)
def test_what_cannot_be_saved_is_refused_naming_the_field(session, overrides, field):
    with pytest.raises(ValidationError) as info:
        factories.training(session, **overrides)
    assert info.value.field == field
    assert session.scalars(select(Training)).all() == []


def test_a_video_needs_no_municipality_and_an_online_training_no_hall(session):
    video = factories.training(
        session,
        kind=TrainingKind.VIDEO,
        method=TrainingMethod.ON_DEMAND,
        place="",
        municipalities=(),
    )
    assert video.municipalities == [] and video.fiscal_year == 2025


def test_the_visit_it_was_held_with_must_be_with_a_municipality_taking_part(session):
    visit = factories.visit(session)  # 和歌山市
    with pytest.raises(ValidationError) as info:
        factories.training(session, visit_id=visit.id, municipalities=(factories.KITAYAMA,))
    assert info.value.field == "visit_id"
    training = factories.training(session, visit_id=visit.id)
    assert training.visit.id == visit.id


def test_municipalities_removed_and_added_again_keep_one_record_each(session):
    training = factories.training(session, municipalities=(factories.WAKAYAMA, factories.KITAYAMA))
    data = factories.training_input(municipalities=(factories.WAKAYAMA,))
    update_training(session, training.id, data)
    links = session.scalars(select(TrainingMunicipality)).all()
    assert {(link.municipality_id, link.deleted) for link in links} == {
        (WAKAYAMA, False),
        (KITAYAMA, True),
    }
    data.municipalities.append(Attendance(KITAYAMA, leaders=1, staff=4))
    update_training(session, training.id, data)
    links = session.scalars(select(TrainingMunicipality)).all()
    assert len(links) == 2 and not any(link.deleted for link in links)
    assert attendees(session.get(Training, training.id), KITAYAMA).total == 5


def test_saving_the_form_unchanged_queues_nothing_new_for_sync(db):
    with db.session() as s:
        training_id = factories.training(s).id
        s.query(PendingChange).delete()  # as after a sync
    with db.session() as s:
        update_training(s, training_id, factories.training_input())
    with db.read_session() as s:
        assert s.scalars(select(PendingChange)).all() == []


def test_attendees_are_summed_by_group_and_an_uncounted_group_stays_unknown(session):
    training = factories.training(
        session,
        kind=TrainingKind.JOINT,
        prefecture_attendees=3,
        municipalities=[Attendance(WAKAYAMA, staff=4), Attendance(KITAYAMA, staff=2)],
    )
    counts = attendees(training)
    assert (counts.leaders, counts.staff, counts.prefecture, counts.total) == (None, 6, 3, 9)
    assert attendees(training, KITAYAMA).total == 2


def test_lists_filter_by_year_municipality_and_kind_and_skip_deleted(session):
    june = factories.training(session)
    factories.training(
        session,
        kind=TrainingKind.TOP_SEMINAR,
        title="トップセミナー",
        starts_at=datetime(2026, 4, 20, 10, 0),
        ends_at=datetime(2026, 4, 20, 12, 0),
        municipalities=(factories.KITAYAMA,),
    )
    gone = factories.training(session, title="取りやめ")
    delete_training(session, gone.id)
    assert [t.title for t in list_trainings(session, year=2025)] == [june.title]
    assert [t.title for t in list_trainings(session, municipality_id=KITAYAMA)] == [
        "トップセミナー"
    ]
    assert [t.title for t in list_trainings(session, kind=TrainingKind.TOP_SEMINAR)] == [
        "トップセミナー"
    ]


def test_cli_lists_trainings_as_json_and_as_a_table(capsys, data_dir, db):
    with db.session() as s:
        training = factories.training(s, prefecture_attendees=2)
        factories.survey_response(s, training.id, {"CHG-AWARE": "そう思う"})
    code, out, _ = run_cli(capsys, "--data-dir", str(data_dir), "trainings", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert row["kind"] == "intro" and row["starts_at"] == "2025-06-10T13:30"
    assert row["municipalities"] == [
        {"code": "302015", "name": "和歌山市", "leaders": 2, "staff": 20}
    ]
    assert row["attendees"] == {"leaders": 2, "staff": 20, "prefecture": 2, "total": 24}
    assert row["survey_responses"] == 1
    assert row["lecturers"] == ["菅原 直敏（代表DX総括アドバイザー）"]
    code, out, _ = run_cli(
        capsys, "--data-dir", str(data_dir), "trainings", "--year", "2026", "--json"
    )
    assert json.loads(out) == []
    code, out, _ = run_cli(capsys, "--data-dir", str(data_dir), "trainings")
    assert "DX入門研修" in out and "和歌山市" in out and "24" in out


def test_ics_has_one_event_per_training_and_a_video_is_an_all_day_event(db, tmp_path):
    with db.session() as s:
        intro = factories.training(s, online_url="https://example.jp/meet/1")
        video = factories.training(
            s,
            kind=TrainingKind.VIDEO,
            title="【自治体DXセミナー入門編1】自治体DXマインド",
            method=TrainingMethod.ON_DEMAND,
            place="",
            starts_at=datetime(2025, 7, 1, 9, 0),
            ends_at=datetime(2026, 3, 31, 17, 0),
            municipalities=(),
        )
        assert export_trainings_ics(s, tmp_path / "a.ics") == 2
        export_trainings_ics(s, tmp_path / "b.ics")
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()
    cal = icalendar.Calendar.from_ical((tmp_path / "a.ics").read_bytes())
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    first = events[f"{intro.id}@dxfield"]
    assert first.decoded("dtstart") == datetime(
        2025, 6, 10, 13, 30, tzinfo=first.decoded("dtstart").tzinfo
    )
    assert str(first.decoded("dtstart").tzinfo) == "Asia/Tokyo"
    assert str(first["summary"]) == "DX入門研修：DX入門研修「自治体DXマインド」"
    assert "参加市町村：和歌山市" in str(first["description"])
    assert str(first["url"]) == "https://example.jp/meet/1"
    published = events[f"{video.id}@dxfield"]
    assert published.decoded("dtstart").isoformat() == "2025-07-01"
    assert published.decoded("dtend").isoformat() == "2025-07-02"
    assert str(published["location"]) == "オンライン"
    assert cal.walk("VTIMEZONE")


def test_cancelled_training_is_cancelled_in_the_calendar(db, tmp_path):
    with db.session() as s:
        training = factories.training(s, status=VisitStatus.CANCELLED)
        export_trainings_ics(s, tmp_path / "t.ics")
    cal = icalendar.Calendar.from_ical((tmp_path / "t.ics").read_bytes())
    [event] = cal.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED" and training.id in str(event["uid"])


def test_xlsx_lists_trainings_and_each_municipalitys_attendance(capsys, data_dir, db, tmp_path):
    with db.session() as s:
        factories.training(
            s,
            kind=TrainingKind.JOINT,
            title="合同研修会（サマーキャンプ）",
            municipalities=[Attendance(WAKAYAMA, staff=4), Attendance(KITAYAMA)],
        )
    path = tmp_path / "研修.xlsx"
    code, out, _ = run_cli(
        capsys, "--data-dir", str(data_dir), "export", "trainings", "-o", str(path)
    )
    assert code == 0 and "研修 1 件" in out
    wb = openpyxl.load_workbook(path)
    header, row = list(wb["研修"].values)
    record = dict(zip(header, row, strict=True))
    assert record["参加市町村"] == "和歌山市、北山村"
    assert (record["首長・幹部"], record["職員"], record["県"], record["参加者計"]) == (
        None,
        4,
        None,
        4,
    )
    assert record["開始"] == datetime(2025, 6, 10, 13, 30)
    towns = [r[4:] for r in list(wb["参加市町村"].values)[1:]]
    assert towns == [("和歌山市", None, 4), ("北山村", None, None)]


def test_summaries_equal_what_the_cli_prints(session):
    training = factories.training(session)
    [summary] = training_summaries(session)
    assert summary.id == training.id and summary.towns == "和歌山市"
    assert replace(summary, responses=3).as_json()["survey_responses"] == 3
