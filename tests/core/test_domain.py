"""Domain rules: codes, master data, visits and their validation, change tracking."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from dxfield import fiscal, lgcode
from dxfield.errors import DxfieldError, ValidationError
from dxfield.masterdata import ensure_master_data, ensure_programme_year, municipality_id
from dxfield.models import (
    Area,
    Municipality,
    MunicipalityKind,
    NoteKind,
    PendingChange,
    Phase,
    Role,
    TeamMember,
    Visit,
)
from dxfield.services import visits as visit_service
from dxfield.tracking import untracked
from tests import factories


@pytest.mark.parametrize("code", ["302015", "304271", "131016", "011002", "30201"])
def test_valid_codes(code):
    assert len(lgcode.validate(code)) == 6


@pytest.mark.parametrize("code", ["302016", "30201X", "3020", "", "３０２０１６"])
def test_invalid_codes_are_rejected(code):
    with pytest.raises(ValidationError):
        lgcode.validate(code)


def test_full_width_code_is_accepted():
    assert lgcode.validate("３０２０１５") == "302015"


def test_master_data(session):
    towns = session.scalars(select(Municipality)).all()
    assert len(towns) == 30
    assert sum(t.area == Area.KIHOKU for t in towns) == 13
    assert sum(t.area == Area.KINAN for t in towns) == 17
    kitayama = session.get(Municipality, municipality_id("304271"))
    assert (kitayama.name, kitayama.kind, kitayama.population) == (
        "北山村",
        MunicipalityKind.VILLAGE,
        404,
    )
    # Master data is identical on every replica: never queued for pushing.
    assert session.scalars(select(PendingChange)).all() == []
    ensure_master_data(session)
    assert session.query(Municipality).count() == 30


def test_municipality_code_is_validated_on_the_model(session):
    with pytest.raises(ValidationError):
        Municipality(code="302016", name="架空市", kind=MunicipalityKind.CITY, area=Area.KIHOKU)


def test_programme_year_windows(session):
    programme = ensure_programme_year(session, 2027)
    windows = {w.phase: (w.starts_on, w.ends_on) for w in programme.phase_windows}
    assert windows[Phase.ASSESSMENT_SHEET] == (date(2027, 4, 15), date(2027, 5, 10))
    assert windows[Phase.EVALUATION] == (date(2028, 1, 5), date(2028, 2, 29))  # leap year
    assert programme.name == "令和9年度（2027年度）"


def test_wareki():
    assert fiscal.wareki(date(2025, 6, 3)) == "令和7年6月3日"
    assert fiscal.wareki(date(2019, 5, 1), with_seireki=True) == "令和元年5月1日（2019年5月1日）"
    assert fiscal.wareki(date(2019, 4, 30)) == "平成31年4月30日"
    assert fiscal.fiscal_year_of(date(2026, 3, 31)) == 2025


def test_wareki_datetime_has_weekday_and_no_zero_padding():
    assert fiscal.wareki_datetime(datetime(2027, 2, 4, 14, 48)) == "令和9年2月4日（木）14時48分"
    assert fiscal.wareki_datetime(datetime(2026, 4, 5, 9, 3)) == "令和8年4月5日（日）9時3分"
    assert fiscal.wareki_datetime(datetime(2026, 4, 6, 17, 0)) == "令和8年4月6日（月）17時"
    assert fiscal.wareki_with_weekday(date(2019, 5, 1)) == "令和元年5月1日（水）"


def test_visit_end_must_follow_start(session):
    with pytest.raises(ValidationError) as info:
        factories.visit(session, ends_at=datetime(2025, 6, 10, 9, 0))
    assert info.value.field == "ends_at"
    assert session.scalars(select(Visit)).all() == []


def test_visit_must_stay_inside_its_year(session):
    with pytest.raises(ValidationError, match="programme year"):
        factories.visit(
            session, starts_at=datetime(2026, 3, 31, 16), ends_at=datetime(2026, 4, 1, 10)
        )


def test_database_refuses_a_visit_ending_before_it_starts(session):
    visit = factories.visit(session)
    visit.ends_at = datetime(2025, 6, 10, 8, 0)
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_warnings_for_phase_window_and_double_booking(session):
    lead = factories.team_member(session)
    factories.visit(session, member_ids=[lead.id])
    _visit, warnings = visit_service.create_visit(
        session,
        factories.visit_input(
            municipality_id=municipality_id(factories.KITAYAMA),
            phase=Phase.INTAKE,  # window is mid–late May
            starts_at=datetime(2025, 6, 10, 11, 0),
            ends_at=datetime(2025, 6, 10, 13, 0),
            member_ids=[lead.id],
        ),
    )
    fields = sorted(w.field for w in warnings)
    assert fields == ["member_ids", "starts_at"]
    assert "和歌山市" in next(w.message for w in warnings if w.field == "member_ids")


def test_specialist_field_only_for_specialists(session):
    session.add(TeamMember(name="佐藤", role=Role.LEAD, field="BPR"))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_local_edits_are_queued_with_their_base(session):
    visit = factories.visit(session, agenda="当初の議題")
    session.flush()
    pending = session.get(PendingChange, ("visit", visit.id))
    assert pending.base_version == 0 and "agenda" in pending.fields
    # Pretend the visit was pushed and came back as version 3.
    session.delete(pending)
    with untracked(session):
        visit.version = 3
    visit.agenda = "変更後の議題"
    visit.location = "オンライン"
    session.flush()
    visit.agenda = "さらに変更"
    session.flush()
    pending = session.get(PendingChange, ("visit", visit.id))
    assert pending.base_version == 3
    assert sorted(pending.fields) == ["agenda", "location"]
    assert pending.base["agenda"] == "当初の議題"  # the first base, not the intermediate edit
    assert visit.version == 5


def test_records_are_tombstoned_not_deleted(session):
    visit = factories.visit(session)
    session.delete(visit)
    with pytest.raises(DxfieldError, match="tombstoned"):
        session.flush()
    session.rollback()


def test_note_sections_have_stable_ids(session):
    visit = factories.visit(session)
    visit_service.set_note_section(session, visit.id, NoteKind.ISSUES, "予算の確保が課題")
    notes = visit_service.get_notes(session, visit.id)
    assert notes[NoteKind.ISSUES].id == visit_service.note_section_id(visit.id, NoteKind.ISSUES)
    changes = visit_service.set_note_section(session, visit.id, NoteKind.ISSUES, "予算の確保が課題")
    assert not changes


def test_every_store_opened_tracks_its_edits(tmp_path):
    """Each store's sessions record edits in the outbox. SQLAlchemy matched event targets by
    id(), so a new store whose session factory reused a closed one's address (1 in 70 to
    100 here) passed for tracked and pushed nothing, ever. 80 stores catch that about half
    the time; the test below catches it every time."""
    from dxfield.db import open_database

    for n in range(80):
        db = open_database(tmp_path / f"{n}.sqlite3")
        with db.session() as s:
            ensure_master_data(s)
            visit = factories.visit(s)
        with db.read_session() as s:
            assert s.get(PendingChange, ("visit", visit.id)) is not None, f"store {n}"
        db.close()


def test_install_marks_the_factory_not_its_address(monkeypatch):
    from sqlalchemy import event
    from sqlalchemy.orm import sessionmaker

    from dxfield import tracking

    # What the event registry answers for a factory at a recycled address.
    monkeypatch.setattr(event, "contains", lambda *_args: True)
    factory = sessionmaker()
    tracking.install(factory)
    tracking.install(factory)
    monkeypatch.undo()
    assert event.contains(factory, "before_flush", tracking._before_flush)
