"""A municipality's page: profile, contacts, the assessment at a glance, visits and needs."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dxfield import fiscal
from dxfield.changes import Changes
from dxfield.services import dashboard as service
from dxfield.services import municipalities as town_service
from dxfield.services import needs as need_service

from .. import labels
from ..errors import field_of, message_for
from ..models import (
    ActionTableModel,
    ContactTableModel,
    NeedTableModel,
    RecordItems,
    TrainingTableModel,
    VisitTableModel,
)
from ..ops import Ops
from ..qtcompat import emit
from ..widgets.charts import (
    BASELINE_COLOUR,
    EVALUATION_COLOUR,
    Grid,
    HeatmapWidget,
    RadarSeries,
    RadarWidget,
)
from ..widgets.headings import heading
from ..widgets.picker import MunicipalityPicker
from ..widgets.tables import record_list


def grid_from_score(score, total_label: str) -> Grid:
    stages = list(score.stages)
    domains = list(score.domains)
    return Grid(
        row_labels=[label for _key, label in stages],
        col_labels=[label for _key, label in domains],
        values=[[score.cell(s, d) for d, _ in domains] for s, _ in stages],
        fractions=[[score.cell_fraction(s, d) for d, _ in domains] for s, _ in stages],
        totals=[score.domain_total(d) for d, _ in domains],
        total_label=total_label,
        footer=[score.level_label(d) for d, _ in domains],
    )


def radar_fractions(score) -> list[float]:
    """Each domain's share of its maximum (the engine's ``SheetScore``, as the PDFs read it)."""
    return [score.domain_fraction(domain) for domain, _label in score.domains]


def _points(points: int | None) -> str:
    return "—" if points is None else str(points)


def _level(label: str | None) -> str:
    """A support level's label; "—" for a sheet not answered."""
    return "—" if label is None else label


class ContactDialog(QDialog):
    """Edit one contact; ``ask`` returns the values or None (tests replace it)."""

    FIELDS = ("name", "kana", "department", "title", "phone", "email", "notes")

    def __init__(self, contact: service.ContactRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("担当者"))
        self.setMinimumWidth(460)
        names = {
            "name": self.tr("氏名"),
            "kana": self.tr("ふりがな"),
            "department": self.tr("所属"),
            "title": self.tr("役職"),
            "phone": self.tr("電話"),
            "email": self.tr("メール"),
            "notes": self.tr("備考"),
        }
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key in self.FIELDS:
            edit = QLineEdit(getattr(contact, key, "") if contact else "")
            self.edits[key] = edit
            form.addRow(names[key], edit)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b3261e;")
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _on_accept(self) -> None:
        if not self.edits["name"].text().strip():
            self.message.setText(self.tr("氏名を入力してください。"))
            return
        self.accept()

    def values(self) -> dict[str, object]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}

    @classmethod
    def ask(cls, parent: QWidget, contact: service.ContactRow | None) -> dict[str, object] | None:
        dialog = cls(contact, parent)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _table(model) -> QTableView:
    view = record_list(model)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _fit_rows(table: QTableWidget) -> None:
    """Make a short table exactly as tall as its rows, so that it never scrolls inside the page
    (the page scrolls as a whole when the window is too low)."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(row) for row in range(table.rowCount()))
    table.setFixedHeight(height)


class MunicipalityPage(QWidget):
    shown = Signal(str)  # a municipality's page is filled (its id)

    def __init__(self, ops: Ops, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._nav = navigator
        self._municipality_id: str | None = None
        self.overview: service.MunicipalityOverview | None = None

        self.picker = MunicipalityPicker(ops, "municipality_picker")
        self.picker.picked.connect(self.show_municipality)
        self.name = heading(scale=1.6)
        self.profile = QLabel()
        self.profile.setWordWrap(True)
        new_visit = QPushButton(self.tr("新しい訪問…"))
        new_visit.clicked.connect(lambda: self._nav.new_visit(self._municipality_id))
        assess = QPushButton(self.tr("アセスメントを開く"))
        assess.clicked.connect(
            lambda: self._municipality_id and self._nav.open_assessment(self._municipality_id)
        )
        form_link = QPushButton(self.tr("Webフォームのリンク…"))
        form_link.setObjectName("form_link_button")
        form_link.setToolTip(self.tr("この市町村がアセスメントシートにブラウザで回答するリンク"))
        form_link.clicked.connect(
            lambda: (
                self._municipality_id
                and self._nav.open_form_link(self._municipality_id, self.name.text())
            )
        )
        header = QHBoxLayout()
        header.addWidget(self.picker)
        header.addWidget(self.name)
        header.addWidget(self.profile, 1)
        header.addWidget(new_visit)
        header.addWidget(assess)
        header.addWidget(form_link)

        # The assessment: heatmap (baseline or evaluation) + radar with both overlaid.
        self.heatmap = HeatmapWidget()
        self.heatmap.setObjectName("heatmap")
        self.kind_group = QButtonGroup(self)
        self.show_baseline = QRadioButton(self.tr("当初"))
        self.show_evaluation = QRadioButton(self.tr("評価"))
        self.show_baseline.setChecked(True)
        self.kind_group.addButton(self.show_baseline, 0)
        self.kind_group.addButton(self.show_evaluation, 1)
        self.kind_group.idClicked.connect(lambda _id: self._draw_assessment())
        self.radar = RadarWidget()
        self.radar.setObjectName("radar")
        heat_box = QGroupBox(self.tr("アセスメント（段階×分野）"))
        heat_layout = QVBoxLayout(heat_box)
        switch = QHBoxLayout()
        switch.addWidget(self.show_baseline)
        switch.addWidget(self.show_evaluation)
        switch.addStretch()
        heat_layout.addLayout(switch)
        # Where the municipality's web forms of the year stand (as of the last sync).
        self.form_line = QLabel()
        self.form_line.setObjectName("municipality_forms")
        self.form_line.setWordWrap(True)
        heat_layout.addWidget(self.form_line)
        heat_layout.addWidget(self.heatmap)
        radar_box = QGroupBox(self.tr("分野別レーダー"))
        QVBoxLayout(radar_box).addWidget(self.radar)

        self.diff = QTableWidget(0, 5)
        self.diff.setObjectName("diff")
        self.diff.setHorizontalHeaderLabels(
            [
                self.tr("分野"),
                self.tr("当初"),
                self.tr("評価"),
                self.tr("差"),
                self.tr("支援分類（当初→評価）"),
            ]
        )
        self.diff.verticalHeader().setVisible(False)
        self.diff.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.diff.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.diff.horizontalHeader().setStretchLastSection(True)
        diff_box = QGroupBox(self.tr("成果把握（当初と評価の差）"))
        QVBoxLayout(diff_box).addWidget(self.diff)

        self.visits_model = RecordItems(VisitTableModel())
        self.visits = _table(self.visits_model)
        self.visits.setObjectName("visits")
        self.visits.doubleClicked.connect(self._on_visit_activated)
        self.visits.activated.connect(self._on_visit_activated)
        self.visits.hideColumn(VisitTableModel.MUNICIPALITY)  # the page is about one town
        self.actions_model = RecordItems(ActionTableModel())
        self.actions = _table(self.actions_model)
        self.actions.doubleClicked.connect(self._on_action_activated)
        self.actions.hideColumn(ActionTableModel.MUNICIPALITY)
        self.contacts_model = RecordItems(ContactTableModel())
        self.contacts = _table(self.contacts_model)
        self.contacts.setObjectName("contacts")
        self.contacts.doubleClicked.connect(self._on_contact_activated)
        add_contact = QPushButton(self.tr("担当者を追加…"))
        add_contact.clicked.connect(lambda: self.edit_contact(None))
        contacts_page = QWidget()
        contacts_layout = QVBoxLayout(contacts_page)
        contacts_layout.addWidget(self.contacts)
        contacts_layout.addWidget(add_contact, 0, Qt.AlignmentFlag.AlignRight)
        self.needs = QTableWidget(0, 3)
        self.needs.setObjectName("needs")
        self.needs.setHorizontalHeaderLabels(
            [self.tr("日付"), self.tr("フェーズ"), self.tr("要望")]
        )
        self.needs.verticalHeader().setVisible(False)
        self.needs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.needs.setWordWrap(True)
        self.needs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.needs.horizontalHeader().setStretchLastSection(True)
        self.needs.cellDoubleClicked.connect(self._on_need_activated)

        self.trainings_model = RecordItems(TrainingTableModel())
        self.trainings = _table(self.trainings_model)
        self.trainings.setObjectName("trainings")
        self.trainings.hideColumn(TrainingTableModel.MUNICIPALITIES)  # the page is one town
        self.trainings.doubleClicked.connect(self._on_training_activated)
        self.trainings.activated.connect(self._on_training_activated)
        add_training = QPushButton(self.tr("研修を追加…"))
        add_training.clicked.connect(lambda: self._nav.new_training(self._municipality_id))
        trainings_page = QWidget()
        trainings_layout = QVBoxLayout(trainings_page)
        self.survey_line = QLabel()
        self.survey_line.setObjectName("municipality_survey")
        self.survey_line.setWordWrap(True)
        trainings_layout.addWidget(self.survey_line)
        trainings_layout.addWidget(self.trainings)
        trainings_layout.addWidget(add_training, 0, Qt.AlignmentFlag.AlignRight)

        self.registered_model = RecordItems(NeedTableModel())
        self.registered = _table(self.registered_model)
        self.registered.setObjectName("registered_needs")
        self.registered.hideColumn(NeedTableModel.MUNICIPALITY)  # the page is about one town
        self.registered.doubleClicked.connect(self._on_registered_activated)
        add_need = QPushButton(self.tr("ニーズを追加…"))
        add_need.clicked.connect(self._on_add_need)
        self.registered_page = QWidget()
        registered_layout = QVBoxLayout(self.registered_page)
        registered_layout.addWidget(self.registered)
        registered_layout.addWidget(add_need, 0, Qt.AlignmentFlag.AlignRight)

        self.tabs = QTabWidget()
        self._unsized: set[int] = set()  # tabs whose rows are to be filled or sized when shown
        self.tabs.addTab(self.visits, self.tr("訪問履歴"))
        self.tabs.addTab(self.actions, self.tr("未完了のアクション"))
        self.tabs.addTab(self.needs, self.tr("要望"))
        self.tabs.addTab(trainings_page, self.tr("研修"))
        self.tabs.addTab(self.registered_page, self.tr("ニーズ"))
        self.tabs.addTab(contacts_page, self.tr("担当者"))
        self.tabs.currentChanged.connect(self._size_tab)

        # The tabs run the page's full width, so that all six labels show at 1280 pixels, and
        # their tables' columns too. The radar and the tabs take what height there is, down to
        # their minimum: their preferred sizes would make the page scroll on an ordinary screen.
        for stretchy, lowest in ((self.radar, 180), (self.tabs, 190)):
            policy = stretchy.sizePolicy()
            policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
            stretchy.setSizePolicy(policy)
            stretchy.setMinimumHeight(lowest)
        grid = QGridLayout()
        grid.addWidget(heat_box, 0, 0, 2, 1)
        grid.addWidget(radar_box, 0, 1)
        grid.addWidget(diff_box, 1, 1)
        grid.addWidget(self.tabs, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 0)  # the difference table is as tall as its rows
        grid.setRowStretch(2, 3)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addLayout(header)
        body_layout.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        navigator.year_changed.connect(lambda _y: self.reload())

    # -- loading ---------------------------------------------------------------------------

    def show_municipality(self, municipality_id: str) -> None:
        self._municipality_id = municipality_id
        self.picker.select(municipality_id)
        self.reload()

    def reload(self) -> None:
        if not self._municipality_id:
            return
        town_id, year = self._municipality_id, self._nav.year
        self._ops.query(
            lambda s: service.municipality_overview(s, town_id, year),
            self.set_overview,
            self._nav.show_error,
        )

    def _load_registered(self) -> None:
        town_id, year = self._municipality_id, self._nav.year

        def show(rows) -> None:
            if town_id == self._municipality_id:
                self._show_registered(rows)

        self._ops.query(
            lambda s: need_service.list_needs(s, year=year, municipality_id=town_id),
            show,
            self._nav.show_error,
        )

    def _show_registered(self, rows) -> None:
        self.registered_model.set_records(rows)
        self._unsized.add(self.tabs.indexOf(self.registered_page))
        title = self.tr("ニーズ（%1）").replace("%1", str(len(rows)))
        self._set_tab_text(self.tabs.indexOf(self.registered_page), title)
        self._size_tab(self.tabs.currentIndex())

    def on_changes(self, changes: Changes) -> None:
        if changes.needs and self._municipality_id:
            self._load_registered()
        if (
            changes.municipalities
            or changes.contacts
            or changes.forms
            or changes.visits
            or changes.notes
            or changes.action_items
            or changes.assessments
            or changes.trainings
            or changes.surveys
        ):
            self.reload()

    def set_overview(self, overview: service.MunicipalityOverview) -> None:
        if overview.id != self._municipality_id:
            return  # an older answer arriving after the user moved on
        self.overview = overview
        self.name.setText(overview.name)
        population = f"{overview.population:,}人" if overview.population else "—"
        population_label = self.tr("人口")
        code_label = self.tr("団体コード")
        self.profile.setText(
            f"{overview.kana}　{labels.area(overview.area)}　{population_label} {population}"
            f"　{code_label} {overview.code}"
        )
        # The tables' models take their rows at once (a hidden view lays nothing out); the
        # requests table is filled and rows are sized when their tab is first shown.
        self.visits_model.set_records(overview.visits)
        self.actions_model.set_records(overview.open_actions)
        self.contacts_model.set_records(overview.contacts)
        self.trainings_model.set_records(overview.trainings)
        self._unsized.add(self.tabs.indexOf(self.needs))
        self._set_tab_text(2, self.tr("要望（%1）").replace("%1", str(len(overview.needs))))
        self._show_survey(overview)
        self._set_tab_text(3, self.tr("研修（%1）").replace("%1", str(len(overview.trainings))))
        self._set_tab_text(
            1, self.tr("未完了のアクション（%1）").replace("%1", str(len(overview.open_actions)))
        )
        self._set_tab_text(5, self.tr("担当者（%1）").replace("%1", str(len(overview.contacts))))
        self._show_registered(overview.registered)
        self._show_forms(overview)
        self._draw_assessment()
        self._size_tab(self.tabs.currentIndex())
        emit(self.shown, overview.id)

    def _set_tab_text(self, index: int, text: str) -> None:
        """A tab's label, set only when it changes (each change lays the tab bar out)."""
        if self.tabs.tabText(index) != text:
            self.tabs.setTabText(index, text)

    def _size_tab(self, index: int) -> None:
        """Fill and size what tab ``index`` shows, once per page shown (or needs change)."""
        if index not in self._unsized:
            return
        self._unsized.discard(index)
        if index == self.tabs.indexOf(self.needs):
            self._fill_requests(self.overview.needs if self.overview else ())
        elif index == self.tabs.indexOf(self.registered_page):
            self.registered.resizeRowsToContents()

    def _fill_requests(self, needs) -> None:
        self.needs.setRowCount(len(needs))
        for row, need in enumerate(needs):
            for column, text in enumerate(
                (need.day.isoformat(), labels.phase(need.phase), need.text)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, need.visit_id)
                self.needs.setItem(row, column, item)
        self.needs.resizeRowsToContents()

    def _show_forms(self, overview: service.MunicipalityOverview) -> None:
        parts = [
            self.tr("%1: %2")
            .replace("%1", labels.response_kind(kind))
            .replace("%2", labels.form_state(status))
            for kind, status in overview.forms
        ]
        self.form_line.setText(
            self.tr("Webフォーム　%1").replace("%1", "　".join(parts)) if parts else ""
        )
        self.form_line.setVisible(bool(parts))

    def _show_survey(self, overview: service.MunicipalityOverview) -> None:
        survey = overview.survey
        year = fiscal.fiscal_year_label(self._nav.year, with_seireki=False)
        if survey is None or not survey.responses:
            self.survey_line.setText(
                self.tr("%1 の研修アンケートに、この市町村からの回答はまだありません。").replace(
                    "%1", year
                )
            )
            return
        self.survey_line.setText(
            self.tr("%1 の研修アンケート（この市町村の回答 %2件）: %3 %4")
            .replace("%1", year)
            .replace("%2", str(survey.responses))
            .replace("%3", survey.headline_label)
            .replace("%4", survey.headline.text())
        )

    def _draw_assessment(self) -> None:
        overview = self.overview
        if overview is None:
            return
        year_text = fiscal.fiscal_year_label(self._nav.year, with_seireki=False)
        empty = self.tr("%1 のアセスメント結果はまだありません").replace("%1", year_text)
        shown = overview.evaluation if self.show_evaluation.isChecked() else overview.baseline
        self.heatmap.set_grid(
            grid_from_score(shown, self.tr("点数による支援分類")) if shown else None, empty
        )
        any_score = overview.baseline or overview.evaluation
        series = []
        if overview.baseline:
            series.append(
                RadarSeries(
                    self.tr("当初"),
                    radar_fractions(overview.baseline),
                    BASELINE_COLOUR,
                    dashed=True,
                )
            )
        if overview.evaluation:
            series.append(
                RadarSeries(
                    self.tr("評価"), radar_fractions(overview.evaluation), EVALUATION_COLOUR
                )
            )
        axes = [label for _key, label in any_score.domains] if any_score else []
        self.radar.set_data(axes, series, empty)
        self._fill_diff(overview)

    def _fill_diff(self, overview: service.MunicipalityOverview) -> None:
        rows = overview.assessment.domain_changes()
        self.diff.setRowCount(len(rows))
        for row, change in enumerate(rows):
            values = (
                change.label,
                _points(change.baseline),
                _points(change.evaluation),
                "" if change.change is None else f"{change.change:+d}",
                f"{_level(change.baseline_level)} → {_level(change.evaluation_level)}",
            )
            for column, text in enumerate(values):
                # The same items from town to town (a new item costs the table a relayout).
                item = self.diff.item(row, column)
                if item is None:
                    item = QTableWidgetItem(text)
                    if column in (1, 2, 3):
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.diff.setItem(row, column, item)
                elif item.text() != text:
                    item.setText(text)
        self.diff.resizeRowsToContents()
        _fit_rows(self.diff)

    # -- actions -----------------------------------------------------------------------

    def _on_visit_activated(self, index: QModelIndex) -> None:
        visit_id = self.visits_model.record(index.row()).id
        if visit_id:
            self._nav.open_visit(visit_id)

    def _on_training_activated(self, index: QModelIndex) -> None:
        training_id = self.trainings_model.record(index.row()).id
        if training_id:
            self._nav.open_training(training_id)

    def _on_action_activated(self, index: QModelIndex) -> None:
        record = self.actions_model.record(index.row())
        if record.visit_id:
            self._nav.open_visit(record.visit_id)

    def _on_need_activated(self, row: int, _column: int) -> None:
        item = self.needs.item(row, 0)
        if item is not None:
            from dxfield.enums import NoteKind

            self._nav.open_visit(item.data(Qt.ItemDataRole.UserRole), NoteKind.REQUESTS, 0)

    def _on_registered_activated(self, index: QModelIndex) -> None:
        need_id = self.registered_model.record(index.row()).id
        if need_id:
            self._nav.open_need(need_id)

    def _on_add_need(self) -> None:
        if not self._municipality_id:
            return
        from ..need_form import NeedDialog

        NeedDialog.ask(self, self._ops, year=self._nav.year, municipality_id=self._municipality_id)

    def _on_contact_activated(self, index: QModelIndex) -> None:
        self.edit_contact(self.contacts_model.record(index.row()))

    def edit_contact(self, contact: service.ContactRow | None) -> None:
        if not self._municipality_id:
            return
        values = ContactDialog.ask(self, contact)
        if values is None:
            return
        town_id = self._municipality_id
        contact_id = contact.id if contact else None

        def write(session) -> None:
            town_service.save_contact(session, town_id, values, contact_id)

        def failed(exc: BaseException) -> None:
            where = field_of(exc)
            self._nav.show_error(exc)
            if where:
                self.profile.setToolTip(message_for(exc))

        self._ops.write(write, None, failed)
