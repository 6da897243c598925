"""The import wizard: preview with mapping and problems, then one write — or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

pytest.importorskip("pytestqt")

from PySide6.QtWidgets import QWizard

from dxfield.errors import ImportProblem
from dxfield.io.assessment_import import import_assessments
from dxfield.io.columns import Column
from dxfield.models import AssessmentResponse, Municipality
from tests.io import webforms
from ui.import_wizard import ColumnMappingModel, ImportKind, ImportWizard, ProblemModel

OPENDATA = Path(__file__).parent.parent / "io" / "data" / "opendata_torikumi.csv"
SPRING = [("2025/04/25 10:32:11", "和歌山市", 0), ("2025/04/28 9:05:40", "北山村", 1)]


def _responses(db) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(AssessmentResponse))


def _wizard(qtbot, ops, path, kind=ImportKind.ASSESSMENTS, replace=False) -> ImportWizard:
    wizard = ImportWizard(ops, kind=kind)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.file_page.replace.setChecked(replace)
    with qtbot.waitSignal(wizard.preview_ready, timeout=10000):
        wizard.next()
    return wizard


def test_models_pass_the_model_tester(qtmodeltester):
    mapping = ColumnMappingModel()
    mapping.set_columns(
        [Column(0, "タイムスタンプ", "timestamp"), Column(1, "Q1", "question", "A")]
    )
    qtmodeltester.check(mapping)
    problems = ProblemModel()
    problems.set_problems([ImportProblem("bad", row=3, column="市町村名"), ImportProblem("x")])
    qtmodeltester.check(problems)


def test_a_corrected_file_replaces_when_asked_after_a_backup(qtbot, ops, db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, SPRING[:1])
    first = webforms.write_csv(tmp_path / "a.csv", rows)
    with db.session() as s:
        import_assessments(s, first)
    rows[1][3] = defn.questions[0].choices[-1].label
    corrected = webforms.write_csv(tmp_path / "b.csv", rows)

    refused = _wizard(qtbot, ops, corrected)
    assert not refused.preview_page.isComplete()
    assert "--replace" in refused.preview_page.problems.index(0, ProblemModel.MESSAGE).data()

    wizard = _wizard(qtbot, ops, corrected, replace=True)
    page = wizard.preview_page
    assert page.isComplete() and "1 件は登録済みの回答を置き換えます" in page.summary.text()
    code = defn.questions[0].code
    before, after = defn.questions[0].choices[0].label, defn.questions[0].choices[-1].label
    assert f"    {code}: {before} → {after}" in page.details.toPlainText()
    with qtbot.waitSignal(wizard.imported, timeout=10000) as written:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert written.args[0].replaced == 1
    assert _responses(db) == 2  # the replaced one stays as a tombstone
    assert list((ops.db.path.parent / "backups").glob("*-before-replace-*.sqlite3"))


def test_preview_then_import(qtbot, ops, db, tmp_path):
    defn = webforms.sheet(db)
    path = webforms.write_csv(tmp_path / "回答.csv", webforms.google_forms_rows(defn, SPRING))
    wizard = _wizard(qtbot, ops, path)
    page = wizard.preview_page
    assert page.isComplete()
    assert "UTF-8 (BOM付き)" in page.summary.text() and "新規 2 件" in page.summary.text()
    assert page.mapping.rowCount() == 3 + len(defn.questions)
    assert page.mapping.index(0, ColumnMappingModel.USE).data() == "回答日時"
    assert _responses(db) == 0  # the preview writes nothing

    with qtbot.waitSignal(wizard.imported, timeout=10000) as written:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert len(written.args[0].records) == 2
    assert _responses(db) == 2


def test_problems_are_listed_and_block_the_import(qtbot, ops, db, tmp_path):
    defn = webforms.sheet(db)
    rows = webforms.google_forms_rows(defn, SPRING)
    rows[2][1] = "大阪市"
    path = webforms.write_csv(tmp_path / "bad.csv", rows, encoding="cp932")
    wizard = _wizard(qtbot, ops, path)
    page = wizard.preview_page
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    model = page.problems
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(2)] == ["3", "B「市町村名」"]
    assert "大阪市" in model.index(0, ProblemModel.MESSAGE).data()
    assert _responses(db) == 0


def test_unreadable_file_says_so(qtbot, ops, db, tmp_path):
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 64)
    wizard = _wizard(qtbot, ops, path)
    page = wizard.preview_page
    assert "取り込めません" in page.summary.text()
    assert (
        "テキスト（CSV）ファイルではありません"
        in page.problems.index(0, ProblemModel.MESSAGE).data()
    )
    assert not page.isComplete()


def test_open_data_list(qtbot, ops, db):
    wizard = _wizard(qtbot, ops, OPENDATA, kind=ImportKind.OPENDATA)
    assert "県内: 4 / 30 市町村" in wizard.preview_page.summary.text()
    with qtbot.waitSignal(wizard.imported, timeout=10000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    with db.read_session() as s:
        marked = s.scalar(select(func.count()).where(Municipality.opendata_published.is_(True)))
    assert marked == 4
