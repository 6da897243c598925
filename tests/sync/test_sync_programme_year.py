"""Trainings, surveys, needs and proposal drafts travel between laptops like visits do."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from dxfield.masterdata import municipality_id
from dxfield.models import (
    Need,
    NeedStatus,
    ProposalDraft,
    SurveyAnswer,
    SurveyResponse,
    Training,
    TrainingMunicipality,
)
from dxfield.search import search
from tests import factories


def _training(replica, **kw):
    with replica.db.session() as s:
        return factories.training(s, **kw).id


def test_a_training_with_its_municipalities_and_survey_reaches_the_other_laptop(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    training_id = _training(a, municipalities=(factories.WAKAYAMA, factories.KITAYAMA))
    with a.db.session() as s:
        factories.survey_response(
            s,
            training_id,
            {"CHG-AWARE": "そう思う", "FREE-NEEDS": "庁内で研修動画を共有したい"},
        )
    report = a.sync()
    # training, 2 links, 1 response, 2 answers
    assert (report.sent, report.conflicts) == (6, 0)
    assert b.sync().received == 6
    assert a.snapshot() == b.snapshot()
    with b.db.read_session() as s:
        training = s.get(Training, training_id)
        assert {link.municipality.name for link in training.municipalities} == {
            "和歌山市",
            "北山村",
        }
        response = s.scalars(select(SurveyResponse)).one()
        assert {x.item.code: x.value for x in response.answers} == {
            "CHG-AWARE": "5",
            "FREE-NEEDS": "庁内で研修動画を共有したい",
        }
        # What arrived is searchable on the other laptop too.
        assert {h.kind for h in search(s, "研修動画")} == {"survey_answer"}


def test_two_laptops_writing_a_trainings_content_merge_line_by_line(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    training_id = _training(a, content="DXとは何か\nなぜ今DXなのか\n")
    a.sync()
    b.sync()
    with a.db.session() as s:
        s.get(Training, training_id).content = "DXとは何か（事例つき）\nなぜ今DXなのか\n"
    with b.db.session() as s:
        training = s.get(Training, training_id)
        training.content = "DXとは何か\nなぜ今DXなのか\nグループワーク\n"
        training.prefecture_attendees = 3
    a.sync()
    assert b.sync().conflicts == 0
    a.sync()
    for r in (a, b):
        with r.db.read_session() as s:
            training = s.get(Training, training_id)
            assert training.content == "DXとは何か（事例つき）\nなぜ今DXなのか\nグループワーク\n"
            assert training.prefecture_attendees == 3
    assert a.snapshot() == b.snapshot()


def test_a_municipality_removed_on_one_laptop_and_counted_on_the_other_keeps_the_count(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    training_id = _training(a, municipalities=(factories.WAKAYAMA, factories.KITAYAMA))
    a.sync()
    b.sync()
    kitayama = municipality_id(factories.KITAYAMA)

    def link(s):
        return s.scalars(
            select(TrainingMunicipality).where(
                TrainingMunicipality.training_id == training_id,
                TrainingMunicipality.municipality_id == kitayama,
            )
        ).one()

    with a.db.session() as s:
        link(s).staff = 6
    with b.db.session() as s:
        link(s).deleted = True  # a tombstone, as every removal
    a.sync()
    assert b.sync().conflicts == 1  # the removal met an edit it had not seen
    a.sync()
    for r in (a, b):
        with r.db.read_session() as s:
            assert not link(s).deleted and link(s).staff == 6
    assert b.conflicts()[0].kind == "delete_vs_edit"


def test_a_needs_status_set_on_both_laptops_keeps_the_first_and_records_the_other(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    with a.db.session() as s:
        need_id = factories.need(s).id
    a.sync()
    b.sync()
    with b.db.session() as s:
        s.get(Need, need_id).status = NeedStatus.ADOPTED
    with a.db.session() as s:
        need = s.get(Need, need_id)
        need.status = NeedStatus.DECLINED
        need.themes = ["窓口DX"]
    b.sync()
    assert a.sync().conflicts == 1
    b.sync()
    for r in (a, b):
        with r.db.read_session() as s:
            need = s.get(Need, need_id)
            assert (need.status, need.themes) == (NeedStatus.ADOPTED, ["窓口DX"])
    [conflict] = a.conflicts()
    assert (conflict.field, conflict.local_value, conflict.remote_value) == (
        "status",
        "declined",
        "adopted",
    )
    assert a.snapshot() == b.snapshot()


def test_proposal_drafts_made_on_two_laptops_are_both_kept(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    for replica, label, day in (
        (a, "5月たたき台", date(2025, 5, 28)),
        (b, "9月改訂", date(2025, 9, 30)),
    ):
        with replica.db.session() as s:
            factories.ensure_year(s, 2025)
            s.add(
                ProposalDraft(
                    fiscal_year=2025,
                    issued_on=day,
                    title="次年度の市町村行政DX推進事業に係る提案のたたき台",
                    label=label,
                    content={"measures": [{"title": "窓口DXの共同研究", "needs": 4}]},
                )
            )
    a.sync()
    b.sync()
    a.sync()
    for r in (a, b):
        with r.db.read_session() as s:
            labels = s.scalars(select(ProposalDraft.label).order_by(ProposalDraft.issued_on))
            assert list(labels) == ["5月たたき台", "9月改訂"]
    assert a.snapshot() == b.snapshot()


def test_a_deleted_training_hides_its_survey_comments_on_the_other_laptop(replicas):
    a, b = replicas("a"), replicas("b", user="advisor2")
    training_id = _training(a)
    with a.db.session() as s:
        factories.survey_response(s, training_id, {"FREE-IMPRESSION": "首長の本気度が伝わった"})
    a.sync()
    b.sync()
    with b.db.read_session() as s:
        assert len(search(s, "本気度")) == 1
    with a.db.session() as s:
        s.get(Training, training_id).deleted = True
    a.sync()
    b.sync()
    with b.db.read_session() as s:
        assert search(s, "本気度") == []
        # The answers themselves are kept (tombstones only), just not found.
        assert s.scalars(select(SurveyAnswer)).one().value == "首長の本気度が伝わった"


def test_the_same_survey_export_imported_on_two_laptops_makes_one_set_of_responses(
    replicas, tmp_path
):
    from dxfield.io.survey_import import import_survey
    from dxfield.surveys.template import survey_definition, survey_template_for
    from tests.io import surveyforms
    from tests.io.webforms import write_csv

    a, b = replicas("a"), replicas("b", user="advisor2")
    training_id = _training(a)
    a.sync()
    b.sync()
    with a.db.read_session() as s:
        defn = survey_definition(survey_template_for(s, s.get(Training, training_id)))
    path = write_csv(
        tmp_path / "回答.csv",
        surveyforms.google_forms_rows(defn, ["和歌山市", "北山村", "和歌山市"]),
    )
    for replica in (a, b):  # both advisors import the export offline
        with replica.db.session() as s:
            assert import_survey(s, path, training_id).added == 3
    a.sync()
    assert b.sync().conflicts == 0
    a.sync()
    for r in (a, b):
        with r.db.read_session() as s:
            assert len(s.scalars(select(SurveyResponse)).all()) == 3
    assert a.snapshot() == b.snapshot()
