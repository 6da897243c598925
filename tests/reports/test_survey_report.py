"""The survey results as PDF: the figures the results service computes, embedded font."""

from __future__ import annotations

from datetime import date

import pytest

from dxfield.errors import NotFoundError, ValidationError
from dxfield.reports import render_training_survey_report, write_survey_report
from dxfield.surveys.results import results_for_training, results_for_year
from tests import factories
from tests.reports import pdftext

ISSUED = date(2025, 7, 1)
YES, RATHER, NEUTRAL = "そう思う", "ややそう思う", "どちらともいえない"


@pytest.fixture
def training(session):
    training = factories.training(session, prefecture_attendees=3)
    for n in range(9):
        shared = RATHER if n < 7 else NEUTRAL
        factories.survey_response(
            session,
            training.id,
            {
                "CHG-AWARE": YES,
                "CHG-SHARE": shared,
                "CHG-MOTIV": YES,
                "LENGTH": "ちょうどよい",
                **({"FREE-NEEDS": "窓口のオンライン化を相談したい"} if n == 2 else {}),
            },
            ref=f"r{n}",
        )
    return training


def test_a_trainings_results_read_back_from_the_pdf(session, training):
    results = results_for_training(session, training.id)
    pdf = render_training_survey_report(session, training.id, issued_on=ISSUED)
    text = pdftext.text(pdf)
    # 7 of 9 felt a change (two were neutral on CHG-SHARE): 78% (45%–94%), below the target.
    low, high = results.headline.interval
    assert f"{results.headline.value:.0%}（{low:.0%}〜{high:.0%}）" in text
    assert "78%（45%〜94%）" in text and "目標未達" in text
    assert "令和7年6月10日（2025年6月10日）" in text  # 和暦 first, 西暦 beside it
    assert "9件 回答率 36%" in text  # 9 of 25 attendees
    assert "窓口のオンライン化を相談したい（和歌山市）" in text
    assert "ちょうどよい 9" in text
    assert all(f.embedded and f.subset and "IPAexGothic" in f.name for f in pdftext.fonts(pdf))


def test_the_years_report_has_a_row_per_kind_and_the_year(session, training, tmp_path):
    path = write_survey_report(session, tmp_path / "年度.pdf", fiscal_year=2025, issued_on=ISSUED)
    text = pdftext.text(path.read_bytes())
    whole = results_for_year(session, 2025)
    assert "研修アンケート結果（令和7年度（2025年度））" in text
    assert "DX入門研修" in text and "年度計" in text
    assert f"{whole.responses}件" in text


def test_no_file_for_an_unknown_training_or_without_a_scope(session, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(NotFoundError):
        write_survey_report(session, out / "x.pdf", training_id="nope")
    with pytest.raises(ValidationError):
        write_survey_report(session, out / "x.pdf")
    assert not out.exists()


def test_a_training_without_answers_says_so(session):
    quiet = factories.training(session, title="まだ回答のない研修")
    text = pdftext.text(render_training_survey_report(session, quiet.id, issued_on=ISSUED))
    assert "アンケートの回答はまだありません。" in text
