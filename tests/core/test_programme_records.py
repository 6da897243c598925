"""The programme year's records in the core: the survey template as data, and search."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from dxfield.errors import ResourceError
from dxfield.masterdata import municipality_id
from dxfield.models import SurveyItem, SurveyTemplate, Training, TrainingKind
from dxfield.search import search
from dxfield.surveys.template import (
    ensure_survey_templates,
    survey_definition,
    survey_files,
    survey_template_for,
)
from tests import factories


def test_the_default_survey_asks_whether_participants_felt_a_change(session):
    [template] = session.scalars(select(SurveyTemplate)).all()
    defn = survey_definition(template)
    assert defn.headline_label == "認識共有・機運醸成の変化を実感"
    assert defn.headline_target == 0.8
    assert [i.code for i in defn.headline_items] == ["CHG-AWARE", "CHG-SHARE", "CHG-MOTIV"]
    aware = defn.item("CHG-AWARE")
    # The scale runs from the most positive answer; the top two count as agreeing.
    assert [c.label for c in aware.choices[: defn.top_box]] == ["そう思う", "ややそう思う"]
    assert aware.normalize("ややそう思う") == "4" and aware.normalize(" ") is None
    themes = defn.item("NEXT-THEMES")
    assert themes.normalize("生成AIの活用,業務改革（BPR）") == ["bpr", "genai"]


def test_loading_the_survey_templates_again_changes_nothing(session):
    before = session.scalars(select(SurveyItem.id, SurveyItem.version)).all()
    ensure_survey_templates(session)
    assert session.scalars(select(SurveyItem.id, SurveyItem.version)).all() == before


def test_every_training_kind_gets_a_survey(session):
    for kind in TrainingKind:
        training = factories.training(session, kind=kind, title=f"{kind.label}")
        assert survey_template_for(session, training).template_version == "training-2025.1"


def _survey_file(tmp_path, mutate):
    data = json.loads(survey_files()[0].read_text(encoding="utf-8"))
    mutate(data)
    (tmp_path / "s.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["items"][5].update(headline=True), "only Likert items"),
        (lambda d: d["items"].append(dict(d["items"][0])), "CHG-AWARE is used twice"),
        (lambda d: d.update(top_box=5), "top_box 5"),
        (lambda d: d["items"][0].update(type="stars"), "'type' must be one of"),
        (lambda d: d.update(default_for=["camp"]), "default_for"),
    ],
)
def test_a_broken_survey_file_is_refused_naming_what_is_wrong(session, tmp_path, mutate, message):
    folder = _survey_file(tmp_path, mutate)
    with pytest.raises(ResourceError, match=message):
        ensure_survey_templates(session, folder)


def test_trainings_needs_and_survey_comments_are_searched_like_notes(session):
    joint = factories.training(
        session,
        kind=TrainingKind.JOINT,
        title="合同研修会（サマーキャンプ）",
        municipalities=(factories.WAKAYAMA, factories.KITAYAMA),
        lecturers="ｻｲﾄｳ 講師\n",
        content="窓口業務の見直しをグループで考える\n",
    )
    factories.survey_response(
        session,
        joint.id,
        {"CHG-AWARE": "そう思う", "FREE-IMPRESSION": "他の町の窓口の工夫が参考になった"},
        municipality=factories.KITAYAMA,
    )
    need = factories.need(session, text="窓口で使えるタブレットの事例を知りたい")

    hits = {h.kind: h for h in search(session, "窓口", limit=None)}
    assert set(hits) == {"training", "survey_answer", "need"}
    assert hits["training"].training_id == joint.id
    assert hits["survey_answer"].training_id == joint.id
    assert "アンケート 北山村" in hits["survey_answer"].title
    assert hits["need"].ref_id == need.id and hits["need"].title.startswith("北山村 2025年度")
    # NFKC: half-width kana in a lecturer's name is found by its full-width spelling.
    assert [h.kind for h in search(session, "サイトウ")] == ["training"]
    # Only free text is indexed: a Likert answer's stored value is not a comment.
    assert all(h.kind != "survey_answer" for h in search(session, "5"))

    # A training of two municipalities is found from either one.
    for code in (factories.WAKAYAMA, factories.KITAYAMA):
        found = search(session, "グループ", municipality_id=municipality_id(code))
        assert [h.ref_id for h in found] == [joint.id]
    assert search(session, "グループ", municipality_id=municipality_id("302074")) == []


def test_search_follows_edits_of_trainings_and_their_municipalities(session):
    training = factories.training(session, content="生成AIの使い方\n")
    wakayama = municipality_id(factories.WAKAYAMA)
    [hit] = search(session, "生成AI")
    assert hit.municipality_id == wakayama  # a training of one municipality is filed under it
    training.content = "RPAの使い方\n"
    session.flush()
    assert search(session, "生成AI") == []
    assert len(search(session, "RPA")) == 1
    [link] = session.get(Training, training.id).municipalities
    link.deleted = True
    session.flush()
    assert search(session, "RPA", municipality_id=wakayama) == []
    training.deleted = True
    session.flush()
    assert search(session, "RPA") == []
