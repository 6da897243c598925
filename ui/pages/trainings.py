"""The trainings of the chosen 年度: a list, the chosen training in full, create/edit/delete."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dxfield import fiscal
from dxfield.changes import Changes
from dxfield.enums import AttendeeGroup, TrainingKind
from dxfield.services import trainings as service
from dxfield.surveys import results as survey_results

from .. import labels
from ..dialogs import Messages
from ..models import ID_ROLE, TrainingTableModel
from ..ops import Ops
from ..qtcompat import emit
from ..widgets.headings import heading
from ..widgets.layouts import side_by_side, stack
from ..widgets.survey_results import SurveyResultsView, YearSurveyTable
from ..widgets.tables import record_list


@dataclass(frozen=True)
class TrainingView:
    detail: service.TrainingDetail
    results: survey_results.SurveyResults


def load_training(session, training_id: str) -> TrainingView:
    return TrainingView(
        service.training_detail(session, training_id),
        survey_results.results_for_training(session, training_id),
    )


@dataclass(frozen=True)
class YearView:
    trainings: list[service.TrainingSummary]
    by_kind: dict
    whole: survey_results.SurveyResults


def load_year(session, year: int, kind) -> YearView:
    return YearView(
        service.training_summaries(session, year=year, kind=kind),
        survey_results.results_by_kind(session, year),
        survey_results.results_for_year(session, year),
    )


def _with_button(widget: QWidget, button: QPushButton) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(widget, 1)
    row = QHBoxLayout()
    row.addStretch()
    row.addWidget(button)
    layout.addLayout(row)
    return box


class TrainingsPage(QWidget):
    shown = Signal(str)  # a training's details are on screen (its id)
    pdf_saved = Signal(str)  # the path of a survey report just written

    def __init__(self, ops: Ops, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._nav = navigator
        self._selected: str | None = None
        self._generation = 0
        self.detail: service.TrainingDetail | None = None

        self.heading = heading()
        self.kind = QComboBox()
        self.kind.addItem(self.tr("すべての種類"), None)
        for kind in TrainingKind:
            self.kind.addItem(labels.training_kind(kind), kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.totals = QLabel()
        self.totals.setObjectName("training_totals")

        self.model = TrainingTableModel()
        self.table = record_list(self.model, "training_list", single=True)
        header = self.table.horizontalHeader()
        # The title reads first; the municipalities (a long list for a seminar) give way.
        header.setSectionResizeMode(TrainingTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(
            TrainingTableModel.MUNICIPALITIES, QHeaderView.ResizeMode.Interactive
        )
        header.resizeSection(TrainingTableModel.MUNICIPALITIES, 150)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.details = QTextBrowser()
        self.details.setObjectName("training_details")
        self.details.setOpenExternalLinks(True)
        self.survey = SurveyResultsView()
        self.year_survey = YearSurveyTable()
        self.survey_pdf = QPushButton(self.tr("この研修の結果をPDFで保存…"))
        self.survey_pdf.clicked.connect(lambda: self.save_survey_pdf(year=False))
        self.survey_pdf.setEnabled(False)
        year_pdf = QPushButton(self.tr("年度の結果をPDFで保存…"))
        year_pdf.clicked.connect(lambda: self.save_survey_pdf(year=True))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.details, self.tr("内容"))
        self.tabs.addTab(_with_button(self.survey, self.survey_pdf), self.tr("アンケート結果"))
        self.tabs.addTab(_with_button(self.year_survey, year_pdf), self.tr("年度のアンケート"))

        new = QPushButton(self.tr("新しい研修…"))
        new.clicked.connect(lambda: self.new_training())
        self.edit = QPushButton(self.tr("編集…"))
        self.edit.clicked.connect(self.edit_selected)
        self.delete = QPushButton(self.tr("削除…"))
        self.delete.clicked.connect(self.delete_selected)
        self.open_visit = QPushButton(self.tr("訪問の面談記録を開く"))
        self.open_visit.clicked.connect(self._on_open_visit)
        self.import_survey = QPushButton(self.tr("アンケートを取り込む…"))
        self.import_survey.clicked.connect(self.import_selected_survey)
        self.survey_link = QPushButton(self.tr("アンケートのWebフォーム…"))
        self.survey_link.setObjectName("survey_link_button")
        self.survey_link.clicked.connect(self._on_survey_link)
        for button in (
            self.edit,
            self.delete,
            self.open_visit,
            self.import_survey,
            self.survey_link,
        ):
            button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch()
        top.addWidget(QLabel(self.tr("種類")))
        top.addWidget(self.kind)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(self.edit)
        buttons.addWidget(self.delete)
        buttons.addStretch()
        buttons.addWidget(self.import_survey)
        buttons.addWidget(self.survey_link)
        buttons.addWidget(self.open_visit)
        self.detail_buttons = buttons

        left = stack(top, self.totals, (self.table, 1), buttons)
        splitter = side_by_side(left, self.tabs, (3, 2), [760, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        navigator.year_changed.connect(lambda _y: self.refresh())

    # -- loading -----------------------------------------------------------------------

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        year = self._nav.year
        kind = self.kind.currentData()
        self.heading.setText(
            self.tr("%1 の研修").replace("%1", fiscal.fiscal_year_label(year, with_seireki=False))
        )
        self._ops.query(lambda s: load_year(s, year, kind), self._on_loaded, self._nav.show_error)

    def on_changes(self, changes: Changes) -> None:
        if (changes.trainings or changes.surveys) and self.isVisible():
            self.refresh()

    def _on_loaded(self, view: YearView) -> None:
        rows = view.trainings
        self.year_survey.set_results(view.by_kind, view.whole)
        self.model.set_records(rows)
        people = sum(r.attendees.total or 0 for r in rows)
        answered = sum(r.responses for r in rows)
        self.totals.setText(
            self.tr("%1回　参加者 %2人　アンケート回答 %3件")
            .replace("%1", str(len(rows)))
            .replace("%2", f"{people:,}")
            .replace("%3", f"{answered:,}")
        )
        ids = [r.id for r in rows]
        if self._selected in ids:
            self.table.selectRow(ids.index(self._selected))
            self._load_detail(self._selected)
        elif rows:
            self.table.selectRow(0)
        else:
            self._show_detail(None)

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.table.currentIndex()
        training_id = self.model.data(index, ID_ROLE) if index.isValid() else None
        if training_id and training_id != self._selected:
            self._selected = training_id
            self._load_detail(training_id)

    def _load_detail(self, training_id: str) -> None:
        self._generation += 1
        generation = self._generation
        self._ops.query(
            lambda s: load_training(s, training_id),
            lambda view: self._on_detail(generation, view),
            lambda _exc: self._on_detail(generation, None),
        )

    def _on_detail(self, generation: int, view: TrainingView | None) -> None:
        if generation == self._generation:
            self.survey.set_results(view.results if view else None)
            self._show_detail(view.detail if view else None)

    def _show_detail(self, detail: service.TrainingDetail | None) -> None:
        self.detail = detail
        for button in (
            self.edit,
            self.delete,
            self.import_survey,
            self.survey_pdf,
            self.survey_link,
        ):
            button.setEnabled(detail is not None)
        if detail is None:
            self.survey.set_results(None)
        self.open_visit.setEnabled(bool(detail and detail.summary.visit_id))
        if detail is None:
            self.details.setHtml(
                "<p>{}</p>".format(escape(self.tr("研修を選ぶと、ここに内容が表示されます。")))
            )
            return
        self.details.setHtml(self.detail_html(detail))
        emit(self.shown, detail.summary.id)

    def detail_html(self, detail: service.TrainingDetail) -> str:
        s = detail.summary
        when = f"{fiscal.wareki(s.starts_at)} {s.starts_at:%H:%M}–{s.ends_at:%H:%M}"
        if s.starts_at.date() != s.ends_at.date():
            when = f"{fiscal.wareki(s.starts_at)} 〜 {fiscal.wareki(s.ends_at)}"
        rows = [
            (self.tr("種類"), labels.training_kind(s.kind)),
            (self.tr("日時"), when),
            (self.tr("方法"), labels.training_method(s.method)),
            (self.tr("会場"), s.place),
            (self.tr("対象"), s.audience),
            (self.tr("講師"), "、".join(s.lecturers)),
            (self.tr("状態"), labels.visit_status(s.status)),
            (self.tr("あわせて実施した訪問"), detail.visit),
            (self.tr("アンケート"), detail.survey),
        ]
        html = [f"<h2>{escape(s.title)}</h2><table cellspacing='4'>"]
        for label, value in rows:
            if value:
                html.append(
                    f"<tr><th align='left'>{escape(label)}</th><td>{escape(value)}</td></tr>"
                )
        if s.online_url:
            url = escape(s.online_url, quote=True)
            html.append(f"<tr><th align='left'>URL</th><td><a href='{url}'>{url}</a></td></tr>")
        html.append("</table>")
        html.append(self._attendance_html(s))
        content_title = self.tr("内容")
        materials_title = self.tr("資料")
        if detail.content.strip():
            html.append(f"<h3>{escape(content_title)}</h3><ul>")
            html.extend(f"<li>{escape(line)}</li>" for line in detail.content.splitlines() if line)
            html.append("</ul>")
        if detail.materials:
            html.append(f"<h3>{escape(materials_title)}</h3><ul>")
            html.extend(f"<li>{escape(item)}</li>" for item in detail.materials)
            html.append("</ul>")
        return "".join(html)

    def _attendance_html(self, s: service.TrainingSummary) -> str:
        unknown = self.tr("未集計")

        def count(n: int | None) -> str:
            return unknown if n is None else str(n)

        leaders = labels.attendee_group(AttendeeGroup.LEADERS)
        staff = labels.attendee_group(AttendeeGroup.STAFF)
        title, town_header = self.tr("参加者"), self.tr("市町村")
        total, answered = self.tr("合計"), self.tr("アンケート回答")
        html = [
            f"<h3>{escape(title)}</h3><table border='1' cellspacing='0' "
            f"cellpadding='3'><tr><th>{escape(town_header)}</th><th>{escape(leaders)}</th>"
            f"<th>{escape(staff)}</th></tr>"
        ]
        for town in s.municipalities:
            html.append(
                f"<tr><td>{escape(town.name)}</td><td align='right'>{count(town.leaders)}</td>"
                f"<td align='right'>{count(town.staff)}</td></tr>"
            )
        html.append("</table>")
        prefecture = labels.attendee_group(AttendeeGroup.PREFECTURE)
        html.append(
            f"<p>{escape(prefecture)}: {count(s.attendees.prefecture)}　"
            f"{escape(total)}: {count(s.attendees.total)}　"
            f"{escape(answered)}: {s.responses}</p>"
        )
        return "".join(html)

    # -- actions -----------------------------------------------------------------------

    def _on_survey_link(self) -> None:
        if self.detail is not None:
            summary = self.detail.summary
            self._nav.open_form_link(None, summary.title, training_id=summary.id)

    def selected_id(self) -> str | None:
        return self.detail.summary.id if self.detail else None

    def show_training(self, training_id: str) -> None:
        """Show one training; the list follows to its 年度."""
        self._selected = training_id

        def year_of(session) -> int:
            return service.get_training(session, training_id).fiscal_year

        def go(year: int) -> None:
            if year != self._nav.year:
                self._nav.set_year(year)  # refreshes the list, which selects it
            else:
                self.refresh()

        self._ops.query(year_of, go, self._nav.show_error)

    def new_training(self, municipality_id: str | None = None, visit_id: str | None = None) -> None:
        from ..training_form import TrainingDialog

        TrainingDialog.ask(
            self,
            self._ops,
            year=self._nav.year,
            municipality_id=municipality_id,
            visit_id=visit_id,
            on_saved=self.show_training,
        )

    def edit_selected(self) -> None:
        training_id = self.selected_id()
        if training_id is None:
            return
        from ..training_form import TrainingDialog

        TrainingDialog.ask(
            self,
            self._ops,
            year=self._nav.year,
            training_id=training_id,
            on_saved=self.show_training,
        )

    def delete_selected(self) -> None:
        detail = self.detail
        if detail is None:
            return
        question = self.tr(
            "「%1」を削除しますか？アンケートの回答は残りますが、集計されなくなります。"
        )
        if not Messages.confirm(
            self, self.tr("研修の削除"), question.replace("%1", detail.summary.title)
        ):
            return
        self._selected = None
        training_id = detail.summary.id
        self._ops.write(
            lambda s: service.delete_training(s, training_id), None, self._nav.show_error
        )

    def import_selected_survey(self) -> None:
        """The import wizard for the chosen training's survey export."""
        if self.detail is None:
            return
        from ..import_wizard import ImportKind, ImportWizard

        summary = self.detail.summary
        wizard = ImportWizard(
            self._ops,
            self,
            kind=ImportKind.SURVEY,
            training_id=summary.id,
            training=f"{summary.starts_at:%Y-%m-%d}「{summary.title}」",
        )
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.wizard = wizard
        wizard.show()

    def save_survey_pdf(self, *, year: bool) -> None:
        """The chosen training's (or the 年度's) survey results as a PDF the user names."""
        from ..import_wizard import FileDialogs

        training_id = None if year else self.selected_id()
        if not year and training_id is None:
            return
        fiscal_year = self._nav.year
        suggested = (
            f"研修アンケート_{fiscal_year}年度.pdf"
            if year
            else f"研修アンケート_{self.detail.summary.starts_at:%Y%m%d}.pdf"
        )
        path = FileDialogs.save_path(
            self, self.tr("PDFの保存先"), self.tr("PDF (*.pdf)"), suggested
        )
        if path is None:
            return

        def write(session):
            from dxfield.reports import write_survey_report

            return write_survey_report(
                session,
                path,
                training_id=training_id,
                fiscal_year=None if training_id else fiscal_year,
            )

        def done(written) -> None:
            self._nav.statusBar().showMessage(
                self.tr("PDFを保存しました: %1").replace("%1", str(written)), 8000
            )
            emit(self.pdf_saved, str(written))

        self._ops.query(write, done, self._nav.show_error)

    def _on_open_visit(self) -> None:
        if self.detail and self.detail.summary.visit_id:
            self._nav.open_visit(self.detail.summary.visit_id)

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
