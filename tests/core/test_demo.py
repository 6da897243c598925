"""Demo data: a believable programme year that installs once and only once."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections import Counter, defaultdict
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from dxfield.assessment.engine import diff, score_response
from dxfield.cli import main
from dxfield.db import open_database
from dxfield.demo import install_demo
from dxfield.masterdata import phase_windows
from dxfield.models import (
    ActionItem,
    ActionStatus,
    Area,
    AssessmentResponse,
    Base,
    Contact,
    Municipality,
    NoteKind,
    NoteSection,
    PendingChange,
    Phase,
    ResponseKind,
    SurveyAnswer,
    SurveyItem,
    SurveyResponse,
    TeamMember,
    Training,
    TrainingKind,
    Visit,
    VisitMember,
    VisitMethod,
    VisitStatus,
)
from dxfield.paths import database_path
from dxfield.services.assessments import answers_by_code
from dxfield.services.trainings import Attendance, TrainingInput, attendees, validate_training
from dxfield.services.visits import VisitInput, validate_visit
from dxfield.surveys.results import results_by_kind, results_for_training, results_for_year

TODAY = date(2026, 11, 25)  # late November of 令和8年度
PREVIOUS, CURRENT = 2025, 2026
ALL_TOWNS = 30


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """One demo install for the module, made through the CLI exactly as a user would."""
    data_dir = tmp_path_factory.mktemp("demo")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--data-dir", str(data_dir), "demo", "--json", "--today", TODAY.isoformat()])
    assert code == 0
    db = open_database(database_path(data_dir))
    yield db, json.loads(out.getvalue())
    db.close()


@pytest.fixture
def demo(demo_store):
    db, _summary = demo_store
    with db.read_session() as session:
        yield session


def live_visits(session, year):
    return session.scalars(
        select(Visit).where(
            Visit.fiscal_year == year,
            Visit.deleted.is_(False),
            Visit.status != VisitStatus.CANCELLED,
        )
    ).all()


def test_cli_prints_the_summary_as_json(demo_store):
    _db, summary = demo_store
    assert summary["fiscal_years"] == [PREVIOUS, CURRENT]
    assert summary["visits_by_phase"][str(PREVIOUS)]["domain"] == ALL_TOWNS
    assert summary["responses"][str(PREVIOUS)] == {"baseline": ALL_TOWNS, "evaluation": ALL_TOWNS}
    assert summary["internal_notes"] > 0
    assert summary["added"] > 400


def test_the_team_and_contacts(demo):
    roles = Counter(m.role.label for m in demo.scalars(select(TeamMember)))
    assert roles == {"総括アドバイザー": 2, "専門アドバイザー": 3, "補助スタッフ": 2, "県職員": 2}
    fields = {m.field for m in demo.scalars(select(TeamMember)) if m.field}
    assert fields == {"BPR", "情報システム", "データ利活用"}
    per_town = Counter(c.municipality_id for c in demo.scalars(select(Contact)))
    assert len(per_town) == ALL_TOWNS
    assert set(per_town.values()) <= {1, 2, 3}
    for contact in demo.scalars(select(Contact)):
        assert contact.email.endswith("@example.jp")
        # Real area codes, but a local exchange starting with 0, which no real line has.
        assert re.fullmatch(r"07[3]\d?-0\d{1,2}-\d{4}", contact.phone), contact.phone


def test_the_completed_year_has_every_phase_for_every_town(demo):
    visits = live_visits(demo, PREVIOUS)
    assert {v.status for v in visits} == {VisitStatus.DONE}
    towns_by_phase = defaultdict(set)
    for v in visits:
        towns_by_phase[v.phase].add(v.municipality_id)
    for phase in Phase:
        if phase == Phase.MONITORING:  # 任意相談 is for volunteers only
            assert 5 <= len(towns_by_phase[phase]) < ALL_TOWNS
        else:
            assert len(towns_by_phase[phase]) == ALL_TOWNS, phase
            assert sum(v.phase == phase for v in visits) == ALL_TOWNS, phase


def test_the_current_year_stands_in_late_november(demo):
    by_phase = defaultdict(Counter)
    for v in live_visits(demo, CURRENT):
        by_phase[v.phase][v.status] += 1
    for phase in (Phase.ASSESSMENT_SHEET, Phase.INTAKE, Phase.OVERALL, Phase.DOMAIN):
        assert by_phase[phase] == {VisitStatus.DONE: ALL_TOWNS}, phase
    assert by_phase[Phase.MONITORING][VisitStatus.DONE] > 0
    assert by_phase[Phase.MONITORING][VisitStatus.PLANNED] > 0
    assert by_phase[Phase.EVALUATION] == {VisitStatus.PLANNED: ALL_TOWNS}
    evaluation_months = {
        v.starts_at.month for v in live_visits(demo, CURRENT) if v.phase == Phase.EVALUATION
    }
    assert evaluation_months == {1, 2}


def test_some_visits_were_cancelled_and_held_again(demo):
    cancelled = demo.scalars(select(Visit).where(Visit.status == VisitStatus.CANCELLED)).all()
    assert len(cancelled) >= 2
    for visit in cancelled:
        again = [
            v
            for v in live_visits(demo, visit.fiscal_year)
            if v.municipality_id == visit.municipality_id and v.phase == visit.phase
        ]
        assert len(again) == 1 and again[0].starts_at > visit.starts_at
        assert "延期" in again[0].agenda


def test_every_visit_passes_validation_without_double_booking(demo):
    outside = 0
    for visit in demo.scalars(select(Visit)):
        team = demo.scalars(
            select(VisitMember.member_id).where(VisitMember.visit_id == visit.id)
        ).all()
        data = VisitInput(
            municipality_id=visit.municipality_id,
            phase=visit.phase,
            starts_at=visit.starts_at,
            ends_at=visit.ends_at,
            method=visit.method,
            status=visit.status,
            member_ids=list(team),
        )
        warnings = validate_visit(demo, data)
        # A visit overlaps itself (unless cancelled); a second booking of anyone would show.
        booked = [w for w in warnings if w.field == "member_ids"]
        expected = 0 if visit.status == VisitStatus.CANCELLED else len(team)
        assert len(booked) == expected, (visit.starts_at, [w.message for w in booked])
        outside += any(w.field == "starts_at" for w in warnings)
    assert 2 <= outside <= 20  # a few slip slightly outside their window, not many


def test_visits_look_like_real_meetings(demo):
    for visit in live_visits(demo, PREVIOUS):
        if visit.method == VisitMethod.VISIT and visit.phase == Phase.OVERALL:
            assert (visit.starts_at.time(), visit.ends_at.time()) in {
                (time(10), time(12)),
                (time(13, 30), time(15, 30)),
            }
            assert (
                "役" in visit.location and "会議室" in visit.location
            ) or "庁議室" in visit.location
        if visit.method == VisitMethod.ONLINE:
            assert visit.location.startswith("オンライン")
        assert visit.starts_at.weekday() < 5


def test_domain_consultations_run_in_two_teams(demo):
    leads = {m.name: m.id for m in demo.scalars(select(TeamMember))}
    kihoku_lead, kinan_lead = leads["佐伯 真理子"], leads["東 健太郎"]
    teams = Counter()
    for visit in live_visits(demo, PREVIOUS):
        if visit.phase != Phase.DOMAIN:
            continue
        assert visit.method == VisitMethod.HYBRID
        members = {m.member_id: m.remote for m in visit.members}
        assert sum(members.values()) == 1  # one specialist joins online
        area = demo.get(Municipality, visit.municipality_id).area
        teams[area] += 1
        assert (kihoku_lead if area == Area.KIHOKU else kinan_lead) in members
    assert teams == {Area.KIHOKU: 13, Area.KINAN: 17}


def test_notes_differ_between_municipalities_and_keep_internal_memos_apart(demo):
    rows = demo.execute(
        select(Municipality.code, NoteSection.kind, NoteSection.body, NoteSection.internal)
        .join(Visit, Visit.id == NoteSection.visit_id)
        .join(Municipality, Municipality.id == Visit.municipality_id)
        .where(Visit.fiscal_year == PREVIOUS, Visit.phase == Phase.OVERALL)
    ).all()
    state = {code: body for code, kind, body, _ in rows if kind == NoteKind.CURRENT_STATE}
    assert len(state) == ALL_TOWNS
    assert len(set(state.values())) >= 25
    assert state["304271"] != state["302015"]  # 北山村 (404 people) vs 和歌山市
    internal = [(kind, body) for _code, kind, body, flag in rows if flag]
    assert internal and all(kind == NoteKind.MEMO for kind, _ in internal)
    assert all("（内部）" in body for _, body in internal)
    # Notes exist only for meetings that took place.
    planned_with_notes = demo.scalar(
        select(func.count())
        .select_from(NoteSection)
        .join(Visit, Visit.id == NoteSection.visit_id)
        .where(Visit.status != VisitStatus.DONE)
    )
    assert planned_with_notes == 0


def test_action_items_are_believable(demo):
    items = demo.scalars(select(ActionItem)).all()
    statuses = Counter(i.status for i in items)
    assert statuses[ActionStatus.DONE] > statuses[ActionStatus.OPEN] > 0
    overdue = [
        i
        for i in items
        if i.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS) and i.due_on < TODAY
    ]
    assert 0 < len(overdue) < len(items) / 4
    for item in items:
        visit = demo.get(Visit, item.visit_id)
        assert item.due_on > visit.starts_at.date()
        assert item.owner_name
        if item.status == ActionStatus.DONE:
            assert visit.starts_at.date() < item.completed_on <= TODAY
        else:
            assert item.completed_on is None


def test_responses_mostly_improve_a_little(demo):
    responses = demo.scalars(select(AssessmentResponse)).all()
    kinds = Counter((r.fiscal_year, r.kind) for r in responses)
    assert kinds == {
        (PREVIOUS, ResponseKind.BASELINE): ALL_TOWNS,
        (PREVIOUS, ResponseKind.EVALUATION): ALL_TOWNS,
        (CURRENT, ResponseKind.BASELINE): ALL_TOWNS,
    }
    windows = phase_windows(demo, PREVIOUS)
    by_town = defaultdict(dict)
    for r in responses:
        if r.fiscal_year == PREVIOUS:
            by_town[r.municipality_id][r.kind] = r
    better = worse = 0
    for pair in by_town.values():
        baseline, evaluation = pair[ResponseKind.BASELINE], pair[ResponseKind.EVALUATION]
        assert baseline.answered_on.month in (4, 5)
        assert evaluation.answered_on.month in (1, 2)
        assert windows[Phase.EVALUATION][0] <= evaluation.answered_on
        change = diff(score_response(demo, baseline), score_response(demo, evaluation)).total
        better += change > 0
        worse += change < 0
    assert better >= 20 and 1 <= worse <= 6

    # Big towns score higher than tiny villages, as in real life.
    def total(code):
        response = next(
            r
            for r in responses
            if r.fiscal_year == PREVIOUS
            and r.kind == ResponseKind.BASELINE
            and demo.get(Municipality, r.municipality_id).code == code
        )
        return sum(score_response(demo, response).domain_totals.values())

    assert total("302015") > total("304271")
    free = answers_by_code(demo, responses[0])
    assert any(isinstance(v, str) and re.search(r"[ぁ-んァ-ン一-龥]", v) for v in free.values())


def test_needs_are_heard_weighed_and_drafted_through_the_year(demo):
    from dxfield.models import Need, NeedSource, NeedStatus
    from dxfield.services import proposals

    needs = demo.scalars(select(Need).where(Need.deleted.is_(False))).all()
    by_year = Counter(n.fiscal_year for n in needs)
    assert by_year[PREVIOUS] > 100 and by_year[CURRENT] > 50
    sources = Counter(n.source for n in needs)
    assert sources[NeedSource.VISIT_NOTE] > sources[NeedSource.ASSESSMENT] > 0
    assert {n.status for n in needs if n.fiscal_year == PREVIOUS} == set(NeedStatus)
    # A need promoted from the notes still quotes a line of them; a fresh one is unweighed.
    for need in needs:
        if need.source is NeedSource.VISIT_NOTE:
            assert need.quote in demo.get(NoteSection, need.source_id).body
        if need.heard_on > TODAY - timedelta(days=14):
            assert need.status is NeedStatus.OPEN
    drafts = proposals.list_drafts(demo)
    assert [(d.fiscal_year, d.name) for d in drafts] == [
        (PREVIOUS, "5月たたき台"),
        (PREVIOUS, "9月改訂"),
        (PREVIOUS, "最終版"),
        (CURRENT, "5月たたき台"),
        (CURRENT, "9月改訂"),
    ]
    may, september = drafts[3], drafts[4]
    may_content = proposals.draft_content(proposals.get_draft(demo, may.id))
    assert all(n.heard_on <= "2026-05-31" for m in may_content.measures for n in m.needs), (
        "the May draft holds only needs heard by then"
    )
    _old, _new, change = proposals.compare_drafts(demo, may.id, september.id)
    assert change.needs_added and 0 < may.measures <= september.measures
    final = proposals.draft_content(proposals.get_draft(demo, drafts[2].id))
    assert max(len(m.towns) for m in final.measures) >= 5


def test_installing_again_changes_nothing(demo_store):
    db, _summary = demo_store

    def snapshot():
        with db.read_session() as s:
            counts = {
                table.name: s.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables
            }
            pending = s.execute(
                select(PendingChange.table_name, PendingChange.row_id, PendingChange.changed_at)
            ).all()
            versions = s.scalar(select(func.sum(Visit.version)))
        return counts, sorted(pending), versions

    before = snapshot()
    with db.session() as session:
        summary = install_demo(session, today=TODAY)
    assert summary.added == 0
    assert snapshot() == before


def test_generate_large_writes_complete_valid_years(db):
    from dxfield.assessment.definition import normalize_answer
    from dxfield.assessment.template import current_template, template_definition
    from dxfield.demo import generate_large
    from dxfield.models import Answer, Question
    from dxfield.search import search

    with db.session() as session:
        generate_large(session, years=2, seed=7)
    with db.read_session() as session:
        phases = Counter(
            (v.fiscal_year, v.phase)
            for v in session.scalars(select(Visit).where(Visit.status == VisitStatus.DONE))
        )
        years = sorted({year for year, _phase in phases})
        assert len(years) == 2 and years[1] == years[0] + 1
        for year in years:
            for phase in Phase:
                expected = range(5, 30) if phase == Phase.MONITORING else range(30, 31)
                assert phases[year, phase] in expected, (year, phase)
        # History that was synced long ago: nothing waits in the outbox.
        assert session.scalar(select(func.count()).select_from(PendingChange)) == 0
        defn = template_definition(current_template(session))
        for code, value in session.execute(
            select(Question.code, Answer.value).join(Question, Question.id == Answer.question_id)
        ):
            assert normalize_answer(defn.question(code), value) == value
        assert search(session, "予算", limit=5)  # the search index covers the bulk rows
        counts = {
            t.name: session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }
    with db.session() as session:
        generate_large(session, years=2, seed=7)
    with db.read_session() as session:
        again = {
            t.name: session.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }
    assert again == counts


# -- trainings and surveys -----------------------------------------------------------------


def _trainings(session, year):
    return session.scalars(
        select(Training).where(Training.fiscal_year == year, Training.deleted.is_(False))
    ).all()


def test_every_kind_of_training_is_held_each_year(demo_store):
    _db, summary = demo_store
    for year in (PREVIOUS, CURRENT):
        assert summary["trainings"][str(year)] == {
            "top_seminar": 1,
            "intro": 12,
            "joint": 1,
            "video": 4,
            "other": 1,
        }
        assert summary["survey_responses"][str(year)] > 200


def test_intro_trainings_follow_a_consultation_on_the_same_afternoon(demo):
    intros = [t for t in _trainings(demo, PREVIOUS) if t.kind is TrainingKind.INTRO]
    for training in intros:
        visit = demo.get(Visit, training.visit_id)
        assert visit.phase.value == "overall"
        assert visit.starts_at.date() == training.starts_at.date()
        assert training.starts_at >= visit.ends_at and training.starts_at.hour >= 13
        [link] = training.municipalities
        assert link.municipality_id == visit.municipality_id
        # Passes the rules a training entered in the app must pass.
        validate_training(
            demo,
            TrainingInput(
                kind=training.kind,
                title=training.title,
                starts_at=training.starts_at,
                ends_at=training.ends_at,
                method=training.method,
                place=training.place,
                visit_id=training.visit_id,
                prefecture_attendees=training.prefecture_attendees,
                municipalities=[Attendance(link.municipality_id, link.leaders, link.staff)],
            ),
        )
        assert attendees(training).total > 10


def test_some_trainings_reach_the_headline_and_some_do_not(demo):
    held = [t for t in _trainings(demo, PREVIOUS) if t.status is VisitStatus.DONE]
    met = [results_for_training(demo, t.id).meets_target for t in held]
    assert met.count(True) > met.count(False) > 0
    kinds = results_by_kind(demo, PREVIOUS)
    assert kinds[TrainingKind.INTRO].meets_target is True
    assert kinds[TrainingKind.VIDEO].meets_target is False  # watched alone, felt less
    assert kinds[TrainingKind.VIDEO].response_rate is None  # nobody counts viewers
    whole = results_for_year(demo, PREVIOUS)
    assert 0.8 <= whole.headline.value < 0.95
    assert 0.55 < whole.response_rate < 0.9


def test_the_current_year_has_only_what_happened_by_today(demo):
    trainings = _trainings(demo, CURRENT)
    for training in trainings:
        held = training.starts_at.date() < TODAY
        answered = demo.scalars(
            select(SurveyResponse.submitted_at).where(SurveyResponse.training_id == training.id)
        ).all()
        if not held:
            assert training.status is VisitStatus.PLANNED and answered == []
            assert attendees(training).total is None  # nobody counted them yet
        assert all(t.date() < TODAY for t in answered)


def test_comments_are_in_japanese_and_varied(demo):
    comments = demo.scalars(
        select(SurveyAnswer.value)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
        .where(SurveyItem.item_type == "free_text")
    ).all()
    assert len(comments) > 100 and len(set(comments)) >= 12
    assert all(any("\u3040" <= ch <= "\u30ff" for ch in c) for c in comments)


def test_every_record_and_change_passes_the_shared_sync_schema(demo):
    """What the app writes is what the server accepts and every laptop stores (#11)."""
    from dxfield.models import SYNCED_MODELS
    from dxfield.records import encode, to_dict
    from sync import schema
    from sync.outbox import read_batch

    seen = set()
    for table, model in SYNCED_MODELS.items():
        for obj in demo.query(model):
            stamps = {"created_at": encode(obj.created_at), "updated_at": encode(obj.updated_at)}
            record = {"t": table, "id": obj.id, "v": obj.version, "d": to_dict(obj) | stamps}
            assert schema.check_pulled(record) is None, (table, obj.id)
            assert schema.check_fields(table, to_dict(obj)) is None, (table, obj.id)
            seen.add(table)
    assert len(seen) >= 15
    batch = read_batch(demo, 100_000)
    assert batch
    for change in batch:  # what a push sends
        assert schema.check_fields(change.table, change.values) is None, change.table
        base = {k: v for k, v in change.base.items() if v is not None}  # None: not there yet
        assert schema.check_fields(change.table, base) is None, change.table


def test_about_a_third_publish_open_data_as_an_imported_list_would_say(demo):
    towns = demo.scalars(select(Municipality)).all()
    published = [t for t in towns if t.opendata_published]
    assert 6 <= len(published) <= 15
    assert all(t.opendata_published is not None for t in towns)  # every one checked
    assert {t.opendata_checked_on for t in towns} == {date(CURRENT, 6, 1)}
    assert all(t.opendata_url for t in published)


def test_the_demo_leaves_an_imported_open_data_list_alone(db):
    with db.session() as session:
        town = session.scalars(select(Municipality).where(Municipality.code == "304271")).one()
        town.opendata_published, town.opendata_checked_on = True, date(2026, 4, 2)
    with db.session() as session:
        install_demo(session, today=TODAY)
    with db.read_session() as session:
        towns = session.scalars(select(Municipality)).all()
        assert [t.name for t in towns if t.opendata_published] == ["北山村"]
