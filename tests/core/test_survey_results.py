"""Survey arithmetic against figures worked out by hand, and the CLI that shows it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from dxfield.masterdata import municipality_id
from dxfield.models import TrainingKind, TrainingMethod
from dxfield.services.trainings import Attendance
from dxfield.surveys.results import (
    results_by_kind,
    results_by_municipality,
    results_for_training,
    results_for_year,
    wilson,
)
from tests import factories
from tests.core.test_cli import run_cli

WAKAYAMA = municipality_id(factories.WAKAYAMA)
KITAYAMA = municipality_id(factories.KITAYAMA)

YES, RATHER, NEUTRAL, NO = "そう思う", "ややそう思う", "どちらともいえない", "そう思わない"


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # p = 0.8, z² = 3.841509: centre = (0.8 + 0.038415) / 1.076830 = 0.778595,
        # half = 1.959964 / 1.076830 × √(0.0032 + 0.000384) = 0.108969
        (40, 50, 0.66963, 0.88756),
        # p = 0.8, n = 10: centre 0.716738, half 0.226583
        (8, 10, 0.49016, 0.94332),
        # p = 1: the upper end is 1, the lower 0.861186 − 0.138719
        (10, 10, 0.72247, 1.0),
        # p = 0: the lower end is 0, the upper 2 × 0.217243
        (0, 5, 0.0, 0.43448),
    ],
)
def test_wilson_interval_equals_the_hand_computed_figures(k, n, low, high):
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)


def test_no_respondents_no_interval_and_impossible_counts_are_refused():
    assert wilson(0, 0) is None
    with pytest.raises(ValueError):
        wilson(6, 5)


def _answers(aware, share, motiv=None, **more):
    given = {"CHG-AWARE": aware, "CHG-SHARE": share, **more}
    if motiv is not None:
        given["CHG-MOTIV"] = motiv
    return given


@pytest.fixture
def year(session):
    """Three trainings of 2025, 17 responses in all (see each block)."""
    # An intro training: 2 leaders + 20 staff + 3 prefecture = 25 attendees, 10 answers.
    intro = factories.training(session, prefecture_attendees=3)
    for n in range(8):  # felt a change on all three headline items
        extra = {"FREE-NEEDS": "窓口のオンライン化を進めたい"} if n == 0 else {}
        factories.survey_response(
            session, intro.id, _answers(YES, RATHER, YES, **extra), ref=f"i{n}"
        )
    factories.survey_response(session, intro.id, _answers(YES, NEUTRAL, YES), ref="i8")
    factories.survey_response(session, intro.id, _answers(NEUTRAL, NO), ref="i9")
    # A joint training: 和歌山市 5 staff, 北山村 4 staff (leaders not counted): 9 attendees.
    joint = factories.training(
        session,
        kind=TrainingKind.JOINT,
        title="合同研修会",
        starts_at=datetime(2025, 8, 5, 10, 0),
        ends_at=datetime(2025, 8, 5, 16, 0),
        municipalities=[Attendance(WAKAYAMA, staff=5), Attendance(KITAYAMA, staff=4)],
    )
    for n in range(3):
        factories.survey_response(
            session, joint.id, _answers(YES, YES, YES), municipality=factories.KITAYAMA, ref=f"j{n}"
        )
    for n in range(2):
        factories.survey_response(session, joint.id, _answers(NO, NO, NO), ref=f"w{n}")
    # A video nobody counted the viewers of: 2 answers, left out of the response rate.
    video = factories.training(
        session,
        kind=TrainingKind.VIDEO,
        title="研修動画",
        method=TrainingMethod.ON_DEMAND,
        place="",
        municipalities=(),
    )
    for n in range(2):
        factories.survey_response(
            session, video.id, _answers(YES, YES, YES), municipality=None, ref=f"v{n}"
        )
    return intro, joint, video


def test_one_trainings_results(session, year):
    intro, _joint, _video = year
    results = results_for_training(session, intro.id)
    assert (results.responses, results.attendees) == (10, 25)
    assert results.response_rate == pytest.approx(0.4)
    items = {i.code: i for i in results.items}
    assert (items["CHG-AWARE"].agree.k, items["CHG-AWARE"].agree.n) == (9, 10)
    assert (items["CHG-SHARE"].agree.k, items["CHG-SHARE"].agree.n) == (8, 10)
    # Respondent i9 did not answer CHG-MOTIV: 9 of 9 who did.
    assert (items["CHG-MOTIV"].agree.k, items["CHG-MOTIV"].agree.n) == (9, 9)
    # Felt a change on every headline item answered: i0–i7; i8 (SHARE neutral) and i9 not.
    assert (results.headline.k, results.headline.n) == (8, 10)
    assert results.headline.interval == pytest.approx((0.49016, 0.94332), abs=5e-5)
    assert results.meets_target is True
    counts = {c.label: c.count for c in items["CHG-SHARE"].choices}
    assert counts == {YES: 0, RATHER: 8, NEUTRAL: 1, "あまりそう思わない": 0, NO: 1}
    assert [c.text for c in results.comments] == ["窓口のオンライン化を進めたい"]
    assert results.top_box_labels == (YES, RATHER)


def test_the_year_per_kind_and_per_municipality(session, year):
    whole = results_for_year(session, 2025)
    assert (whole.trainings, whole.responses) == (3, 17)
    # The video's viewers were not counted: 15 responses of 34 attendees.
    assert (whole.attendees, whole.counted_responses, whole.uncounted_trainings) == (34, 15, 1)
    # Headline: 8 + 3 + 2 of 17 felt a change.
    assert (whole.headline.k, whole.headline.n) == (13, 17)
    assert whole.meets_target is False  # 76%
    kinds = results_by_kind(session, 2025)
    assert list(kinds) == [TrainingKind.INTRO, TrainingKind.JOINT, TrainingKind.VIDEO]
    assert (kinds[TrainingKind.JOINT].headline.k, kinds[TrainingKind.JOINT].headline.n) == (3, 5)
    assert kinds[TrainingKind.VIDEO].response_rate is None
    towns = results_by_municipality(session, 2025)
    assert list(towns) == ["和歌山市", "北山村"]  # in 団体コード order
    kitayama = towns["北山村"]
    assert (kitayama.responses, kitayama.attendees, kitayama.response_rate) == (3, 4, 0.75)
    assert (kitayama.headline.k, kitayama.headline.n) == (3, 3)
    wakayama = towns["和歌山市"]  # intro (factories put its respondents in 和歌山市) + joint
    assert (wakayama.responses, wakayama.attendees) == (12, 22 + 5)
    assert results_for_year(session, 2026).responses == 0


def test_cli_shows_a_training_and_the_year(capsys, data_dir, db):
    with db.session() as s:
        training = factories.training(s, prefecture_attendees=3)
        for n in range(4):
            factories.survey_response(
                s, training.id, _answers(YES, RATHER, YES if n else NEUTRAL), ref=f"r{n}"
            )
    code, out, _ = run_cli(
        capsys, "--data-dir", str(data_dir), "survey", "show", training.id, "--json"
    )
    data = json.loads(out)
    assert code == 0 and data["responses"] == 4 and data["attendees"] == 25
    assert data["headline"] == {
        "label": "認識共有・機運醸成の変化を実感",
        "target": 0.8,
        "met": False,
        "k": 3,
        "n": 4,
        "share": 0.75,
        "ci95": [round(v, 4) for v in wilson(3, 4)],
    }
    code, out, _ = run_cli(capsys, "--data-dir", str(data_dir), "survey", "show", training.id)
    assert "認識共有・機運醸成の変化を実感: 75%（3/4" in out and "回答率 16%" in out
    code, out, _ = run_cli(
        capsys,
        "--data-dir",
        str(data_dir),
        "survey",
        "results",
        "--year",
        "2025",
        "--by",
        "kind",
        "--json",
    )
    assert list(json.loads(out)) == ["intro"]
    code, out, _ = run_cli(
        capsys,
        "--data-dir",
        str(data_dir),
        "survey",
        "results",
        "--year",
        "2025",
        "--municipality",
        "和歌山市",
    )
    assert code == 0 and out.startswith("■ 和歌山市 令和7年度 全研修")


def test_the_same_words_from_several_respondents_are_one_comment_saying_who():
    from dxfield.surveys.results import Comment, grouped_comments

    def said(text, town, item="感想"):
        return Comment(text, "Q1", item, "t1", "研修", town, None)

    groups = grouped_comments(
        [
            said("課内で共有したい。", "有田市"),
            said("専門用語が多い。", "海南市"),
            said(" 課内で共有したい。\n", "有田市"),  # the same words, with a stray line end
            said("課内で共有したい。", "串本町"),
            said("課内で共有したい。", "", item="要望"),
        ]
    )
    assert [(g.item_text, g.text, g.count, g.municipalities) for g in groups] == [
        ("感想", "課内で共有したい。", 3, ("有田市", "串本町")),
        ("感想", "専門用語が多い。", 1, ("海南市",)),
        ("要望", "課内で共有したい。", 1, ()),
    ]
