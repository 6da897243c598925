"""Survey results in the desktop: import a form export, see the results, save them as PDF."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard
from sqlalchemy import func, select

from dxfield.models import SurveyResponse, Training
from dxfield.surveys.template import survey_definition, survey_template_for
from tests import factories
from tests.io import surveyforms
from tests.io.webforms import write_csv
from tests.ui.conftest import wait_idle
from ui.import_wizard import FileDialogs, ImportKind
from ui.widgets.survey_chart import SurveyBarsWidget


def _trainings_page(window, qtbot, ops, db):
    with db.session() as s:
        training = factories.training(s, prefecture_attendees=3)
        defn = survey_definition(survey_template_for(s, s.get(Training, training.id)))
    page = window.show_page("trainings")
    qtbot.waitUntil(lambda: page.detail is not None, timeout=5000)
    wait_idle(qtbot, ops)
    return page, training.id, defn


def test_import_a_form_export_and_see_the_results(window, qtbot, ops, db, tmp_path):
    page, training_id, defn = _trainings_page(window, qtbot, ops, db)
    assert "アンケートの回答はまだありません" in page.survey.headline.text()
    towns = ["和歌山市"] * 10
    path = write_csv(tmp_path / "回答.csv", surveyforms.google_forms_rows(defn, towns))
    page.import_selected_survey()
    wizard = page.wizard
    assert wizard.kind is ImportKind.SURVEY and wizard.training_id == training_id
    wizard.file_page.path.setText(str(path))
    with qtbot.waitSignal(wizard.preview_ready, timeout=10000):
        wizard.next()
    assert "新規 10 件" in wizard.preview_page.summary.text()
    with db.read_session() as s:  # the preview writes nothing
        assert s.scalar(select(func.count()).select_from(SurveyResponse)) == 0
    with qtbot.waitSignal(wizard.imported, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    # The page follows: every fifth respondent did not feel a change (8 of 10).
    qtbot.waitUntil(lambda: page.survey.results and page.survey.results.responses == 10)
    assert "80%" in page.survey.headline.text() and "目標達成" in page.survey.headline.text()
    assert "回答率 40%" in page.survey.headline.text()  # 10 of 25 attendees
    assert len(page.survey.chart.items()) == 5
    assert page.survey.comments.count() == 4  # three impressions (n = 0, 4, 8), one need
    assert page.year_survey.rowCount() == 2  # DX入門研修 and the year


def test_save_the_results_as_pdf(window, qtbot, ops, db, tmp_path, monkeypatch):
    page, training_id, _defn = _trainings_page(window, qtbot, ops, db)
    with db.session() as s:
        factories.survey_response(s, training_id, {"CHG-AWARE": "そう思う"})
    target = tmp_path / "結果.pdf"
    monkeypatch.setattr(FileDialogs, "save_path", classmethod(lambda cls, *a: target))
    with qtbot.waitSignal(page.pdf_saved, timeout=15000):
        page.survey_pdf.click()
    assert target.read_bytes().startswith(b"%PDF")
    year_target = tmp_path / "年度.pdf"
    monkeypatch.setattr(FileDialogs, "save_path", classmethod(lambda cls, *a: year_target))
    with qtbot.waitSignal(page.pdf_saved, timeout=15000):
        page.save_survey_pdf(year=True)
    assert year_target.read_bytes().startswith(b"%PDF")


def test_the_chart_asks_for_the_height_its_labels_need(qtbot, session):
    from dxfield.surveys.results import results_for_training

    training = factories.training(session)
    for n in range(3):
        factories.survey_response(session, training.id, {"CHG-AWARE": "そう思う"}, ref=f"r{n}")
    results = results_for_training(session, training.id)
    chart = SurveyBarsWidget()
    qtbot.addWidget(chart)
    chart.set_items(results.items)
    assert [i.code for i in chart.items()][:3] == ["CHG-AWARE", "CHG-SHARE", "CHG-MOTIV"]
    # Narrow: the item texts wrap onto more lines and the widget asks for more height.
    assert chart.heightForWidth(300) > chart.heightForWidth(900)
    chart.resize(600, chart.heightForWidth(600))
    assert not chart.grab().isNull()
