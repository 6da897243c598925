"""The import wizard: choose a file, see how it will be read, then import — or see why not.

Page 1 picks the file (assessment answers from a web form or the filled Excel sheet, a
training's survey answers, or the national open data list) and, for assessment answers, the
year and kind. Page 2 reads the file off the
UI thread through ``Ops`` and shows the column mapping and *every* problem by row and column;
「取り込む」 is enabled only when there is none, and the import runs as one write. Nothing is
written before that.

For the desktop: ``ImportWizard(ops, parent, kind=ImportKind.ASSESSMENTS)``, connect
``imported`` (the plan or open-data report, after writing), ``show()``.
"""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dxfield.errors import DxfieldError, ImportFailed, ImportProblem
from dxfield.io.columns import Column

from .errors import language, message_for
from .models import DISPLAY, TOOLTIP, Index, RecordTableModel, Roles
from .qtcompat import emit


class ImportKind(enum.Enum):
    ASSESSMENTS = "assessments"
    OPENDATA = "opendata"
    SURVEY = "survey"  # the answers to one training's survey


class FileDialogs:
    """File choosers; tests replace these classmethods instead of driving a native dialog."""

    @classmethod
    def open_path(cls, parent: QWidget, title: str, filters: str) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return Path(name) if name else None

    @classmethod
    def save_path(cls, parent: QWidget, title: str, filters: str, suggested: str) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
        return Path(name) if name else None


class ColumnMappingModel(RecordTableModel):
    """How each column of the file is used: number, header, role."""

    NUMBER, HEADER, USE = range(3)
    context = "ColumnMappingModel"
    columns = (
        (QT_TRANSLATE_NOOP("ColumnMappingModel", "列"), lambda c: str(c.index + 1)),
        (QT_TRANSLATE_NOOP("ColumnMappingModel", "見出し"), lambda c: c.header),
        (QT_TRANSLATE_NOOP("ColumnMappingModel", "使い方"), lambda c: c.describe()),
    )
    roles: ClassVar[Roles] = {HEADER: (TOOLTIP,)}

    def set_columns(self, columns: list[Column]) -> None:
        self.set_records(columns)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == TOOLTIP and index.column() == self.HEADER:
            row = index.row()
            if not index.isValid() or not 0 <= row < len(self._records):
                return None
            return self._records[row].header
        return super().data(index, role)


def _problem_column(p: ImportProblem) -> str:
    return (p.letter or "") + (f"「{p.column}」" if p.column else "")


class ProblemModel(RecordTableModel):
    """Every problem of the file: row, column, what is wrong."""

    ROW, COLUMN, MESSAGE = range(3)
    context = "ProblemModel"
    columns = (
        (QT_TRANSLATE_NOOP("ProblemModel", "行"), lambda p: p.row),
        (QT_TRANSLATE_NOOP("ProblemModel", "列"), _problem_column),
        (QT_TRANSLATE_NOOP("ProblemModel", "内容"), lambda p: p.text(language())),
    )
    roles: ClassVar[Roles] = dict.fromkeys(range(len(columns)), (TOOLTIP,))

    def set_problems(self, problems: list[ImportProblem]) -> None:
        self.set_records(problems)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if role == TOOLTIP:
            row = index.row()
            if not index.isValid() or not 0 <= row < len(self._records):
                return None
            return self._records[row].located(language())
        return super().data(index, role)


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class FilePage(QWizardPage):
    def __init__(self, kind: ImportKind, parent=None, *, training: str = "") -> None:
        super().__init__(parent)
        self.kind = kind
        if kind is ImportKind.SURVEY:
            self.setTitle(self.tr("研修アンケートの取り込み"))
            self.setSubTitle(
                self.tr(
                    "%1 のアンケート回答を、Webフォーム（Googleフォーム・Microsoft Forms・"
                    "LoGoフォーム）から書き出したCSV/Excelで選んでください。"
                ).replace("%1", training)
            )
        elif kind is ImportKind.ASSESSMENTS:
            self.setTitle(self.tr("アセスメント回答の取り込み"))
            self.setSubTitle(
                self.tr(
                    "Webフォーム（Googleフォーム・Microsoft Forms・LoGoフォーム）の回答CSV/Excel、"
                    "または記入済みのアセスメントシート（.xlsx）を選んでください。"
                )
            )
        else:
            self.setTitle(self.tr("オープンデータ取組済自治体一覧の取り込み"))
            self.setSubTitle(self.tr("デジタル庁が公開しているCSVファイルを選んでください。"))
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("ファイルを選択"))
        browse = QPushButton(self.tr("参照…"))
        browse.clicked.connect(self._on_browse_clicked)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout(self)
        form.addRow(self.tr("ファイル"), row)
        self.year = QSpinBox()
        self.year.setRange(0, 2100)
        self.year.setSpecialValueText(self.tr("ファイルから判断"))
        self.year.setValue(0)
        self.response_kind = QComboBox()
        self.response_kind.addItem(self.tr("ファイルから判断（なければ当初）"), None)
        self.response_kind.addItem(self.tr("当初（ベースライン）"), "baseline")
        self.response_kind.addItem(self.tr("評価"), "evaluation")
        self.replace = QCheckBox(
            self.tr(
                "登録済みの回答と内容が違う行は、その回答を置き換える（先にバックアップを作成）"
            )
        )
        if kind is ImportKind.ASSESSMENTS:
            form.addRow(self.tr("年度"), self.year)
            form.addRow(self.tr("区分"), self.response_kind)
            form.addRow("", self.replace)
        self.path.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def _on_browse_clicked(self) -> None:
        filters = (
            self.tr("CSVファイル (*.csv)")
            if self.kind is ImportKind.OPENDATA
            else self.tr("回答ファイル (*.csv *.xlsx *.tsv *.txt)")
        )
        chosen = FileDialogs.open_path(self, self.tr("取り込むファイル"), filters)
        if chosen:
            self.path.setText(str(chosen))

    def options(self) -> tuple[Path, int | None, str | None]:
        year = self.year.value() or None
        return Path(self.path.text().strip()), year, self.response_kind.currentData()


class PreviewPage(QWizardPage):
    """Mapping, records and problems; complete only when the file can be imported."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("取り込み内容の確認"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # reading a file has no meaningful percentage
        self.progress.hide()
        self.mapping = ColumnMappingModel(parent=self)
        self.problems = ProblemModel(parent=self)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(110)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        self.problem_label = QLabel(self.tr("問題（すべて直すまで取り込めません）"))
        self.problem_view = _table(self.problems)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.problem_view, 2)
        layout.addWidget(QLabel(self.tr("列の対応")))
        self.mapping_view = _table(self.mapping)
        layout.addWidget(self.mapping_view, 3)
        layout.addWidget(self.details)
        self.ready = False

    def isComplete(self) -> bool:
        return self.ready


class ImportWizard(QWizard):
    """See the module docstring. ``plan`` is the last preview (None while reading)."""

    imported = Signal(object)  # the written plan (assessments) or report (open data)
    preview_ready = Signal(object)  # the plan/report, or the exception that stopped reading

    def __init__(
        self,
        ops,
        parent: QWidget | None = None,
        *,
        kind=ImportKind.ASSESSMENTS,
        training_id: str | None = None,
        training: str = "",
    ):
        super().__init__(parent)
        self.ops = ops
        self.kind = kind
        self.training_id = training_id
        self.plan: Any = None
        self.setWindowTitle(self.tr("ファイルの取り込み"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.file_page = FilePage(kind, training=training)
        self.preview_page = PreviewPage()
        self.addPage(self.file_page)
        self.addPage(self.preview_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("取り込む"))
        self.currentIdChanged.connect(self._on_page_changed)
        self.resize(820, 640)

    # -- reading (page 2) ----------------------------------------------------------------

    def _on_page_changed(self, page_id: int) -> None:
        if self.page(page_id) is self.preview_page:
            self.refresh_preview()

    def refresh_preview(self) -> None:
        path, year, response_kind = self.file_page.options()
        replace = self.file_page.replace.isChecked()
        page = self.preview_page
        page.ready = False
        emit(page.completeChanged)
        page.progress.show()
        page.summary.setText(self.tr("{0} を読み込んでいます…").format(path.name))
        page.mapping.set_columns([])
        page.problems.set_problems([])
        page.details.clear()
        self.plan = None
        kind, training_id = self.kind, self.training_id

        def read(session):
            if kind is ImportKind.OPENDATA:
                from dxfield.io.opendata import import_opendata

                return import_opendata(session, path, dry_run=True)
            if kind is ImportKind.SURVEY:
                from dxfield.io.survey_import import plan_survey

                return plan_survey(session, path, training_id)
            from dxfield.io.assessment_import import plan_assessments

            return plan_assessments(session, path, year=year, kind=response_kind, replace=replace)

        self.ops.query(read, self._on_plan_read, self._on_plan_failed)

    def _on_plan_read(self, plan) -> None:
        self.plan = plan
        page = self.preview_page
        page.progress.hide()
        if self.kind is ImportKind.OPENDATA:
            self._show_opendata(plan)
        elif self.kind is ImportKind.SURVEY:
            self._show_survey(plan)
        else:
            self._show_assessments(plan)
        emit(page.completeChanged)
        emit(self.preview_ready, plan)

    def _show_assessments(self, plan) -> None:
        new = len(plan.new_records)
        lines = [
            self.tr("{0}（{1}）シートの版 {2}").format(
                plan.filename, plan.source, plan.template_version
            ),
            self.tr("回答 {0} 件（新規 {1} 件）").format(len(plan.records), new),
        ]
        if plan.replacements:
            lines.append(
                self.tr(
                    "うち {0} 件は登録済みの回答を置き換えます（変わる設問は下の一覧）。"
                ).format(len(plan.replacements))
            )
        details = []
        for r in plan.records:
            details.append(
                f"行 {r.row}: {r.municipality} {r.fiscal_year}年度 {r.kind.label}"
                + (self.tr("（取り込み済み）") if r.unchanged else "")
                + (self.tr("（置き換え）") if r.replaces else "")
            )
            details.extend(
                f"    {code}: {before or '—'} → {after or '—'}" for code, before, after in r.changes
            )
        self._show_plan(plan, lines, details, writes=new)

    def _show_survey(self, plan) -> None:
        new, updated = plan.count("new"), plan.count("updated")
        lines = [
            self.tr("{0}（{1}）アンケートの版 {2}").format(
                plan.filename, plan.source, plan.template_version
            ),
            self.tr("回答 {0} 件（新規 {1} 件、更新 {2} 件）").format(
                len(plan.records), new, updated
            ),
        ]
        details = [
            f"行 {r.row}: {r.municipality or '—'} {r.group.label if r.group else ''}"
            f" 回答 {len(r.answers)} 問"
            for r in plan.records
        ]
        self._show_plan(plan, lines, details, writes=new + updated)

    def _show_plan(self, plan, lines: list[str], details: list[str], *, writes: int) -> None:
        """What the answers' previews share: the columns, the problems, the summary's closing
        lines and notes; the plan can be imported if it has no problem and writes something."""
        page = self.preview_page
        page.mapping.set_columns(plan.columns)
        page.problems.set_problems(plan.problems)
        if plan.already_imported:
            lines.append(
                self.tr("このファイルは取り込み済みです（{0}）。").format(plan.already_imported)
            )
        if plan.problems:
            lines.append(
                self.tr("問題が {0} 件あります。何も書き込みません。").format(len(plan.problems))
            )
        page.summary.setText("\n".join(lines))
        page.details.setPlainText("\n".join(details + [f"注意: {n}" for n in plan.notes]))
        page.ready = not plan.problems and not plan.already_imported and writes > 0

    def _show_opendata(self, report) -> None:
        page = self.preview_page
        pref = report.prefecture
        lines = [
            self.tr("{0} 団体を読み込みました（{1}）。").format(report.entries, report.source),
            self.tr("県内: {0} / {1} 市町村（{2:.1%}）件数 {3} 位・割合 {4} 位").format(
                pref.count, pref.total, pref.share, pref.count_rank, pref.share_rank
            ),
            self.tr("全国: {0} / {1} 市区町村（{2:.1%}）").format(
                report.national_count, report.national_total, report.national_share
            ),
        ]
        if report.already_imported:
            lines.append(self.tr("このファイルは取り込み済みです。"))
        page.summary.setText("\n".join(lines))
        page.details.setPlainText(
            "\n".join(f"○ {name} {url}" for _code, name, url in report.published)
        )
        page.ready = not report.already_imported

    def _on_plan_failed(self, exc: BaseException) -> None:
        page = self.preview_page
        page.progress.hide()
        problems = (
            exc.problems
            if isinstance(exc, ImportFailed)
            else [exc]
            if isinstance(exc, ImportProblem)
            else []
        )
        page.problems.set_problems(problems)
        text = self.tr("このファイルは取り込めません。何も書き込んでいません。")
        if not problems:
            text += "\n" + message_for(exc)
        page.summary.setText(text)
        page.ready = False
        emit(page.completeChanged)
        emit(self.preview_ready, exc)

    # -- writing (Finish) ----------------------------------------------------------------

    def accept(self) -> None:
        """「取り込む」: write in one transaction; close only when it is on disk."""
        if self.plan is None or not self.preview_page.ready:
            return
        path, year, response_kind = self.file_page.options()
        replace = self.file_page.replace.isChecked()
        backup_first = bool(getattr(self.plan, "replacements", None))
        page = self.preview_page
        page.ready = False
        emit(page.completeChanged)
        page.progress.show()
        page.summary.setText(self.tr("取り込んでいます…"))
        kind, training_id = self.kind, self.training_id

        def write(session):
            if kind is ImportKind.OPENDATA:
                from dxfield.io.opendata import import_opendata

                return import_opendata(session, path)
            if kind is ImportKind.SURVEY:
                from dxfield.io.survey_import import import_survey

                return import_survey(session, path, training_id)
            from dxfield.io.assessment_import import import_assessments

            # Planned again inside the write: the store may have changed since the preview.
            return import_assessments(session, path, year=year, kind=response_kind, replace=replace)

        if not backup_first:
            self.ops.write(write, self._on_written, self._on_write_failed)
            return
        from dxfield.backup import rotate_backup
        from dxfield.paths import backup_dir

        source = self.ops.db.path
        folder = backup_dir(source.parent)
        made: list[Path] = []

        def write_after_backup(session):
            if not made:  # the backup failed (and said so): write nothing
                return None
            return write(session)

        # One queue runs both in order, so nothing is written between the copy and the write.
        self.ops.exclusive(
            lambda: made.append(rotate_backup(source, folder, reason="before-replace")),
            None,
            self._on_write_failed,
        )
        self.ops.write(write_after_backup, self._on_written, self._on_write_failed)

    def _on_written(self, written) -> None:
        if written is None:
            return  # the backup before it failed, and said so: nothing was written
        self.preview_page.progress.hide()
        emit(self.imported, written)
        super().accept()

    def _on_write_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ImportFailed | ImportProblem):
            self._on_plan_failed(exc)
            return
        page = self.preview_page
        page.progress.hide()
        page.summary.setText(
            message_for(exc) if isinstance(exc, DxfieldError) else self.tr("取り込めませんでした。")
        )
