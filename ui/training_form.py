"""Create or edit a training (TrainingDialog): what, when, where, for whom, who came.

The municipalities taking part are ticked in a list of all 30 with their attendees (首長・幹部
and 職員; empty = not counted yet); the prefecture's own staff are one number for the
training. The rules are the core's (``dxfield.services.trainings``): the form checks only
what it can tell alone (a title, the end after the start, numbers that are numbers) and
shows the core's verdict next to the field it names. Nothing is saved half-way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dxfield import fiscal
from dxfield.enums import AttendeeGroup, TrainingKind, TrainingMethod, VisitStatus
from dxfield.services import trainings as service
from dxfield.services.municipalities import municipality_choices
from dxfield.services.visits import list_visits
from dxfield.surveys.template import list_survey_templates

from . import labels
from .forms import (
    FieldMessages,
    FieldRecordDialog,
    default_day,
    enum_combo,
    minute_edit,
    select_data,
    to_minute,
)
from .ops import Ops

FIELDS = (
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "method",
    "place",
    "municipalities",
    "prefecture_attendees",
    "visit_id",
    "survey_template_id",
)
NAME, LEADERS, STAFF = range(3)


@dataclass(frozen=True)
class VisitChoice:
    id: str
    municipality_id: str
    label: str


@dataclass(frozen=True)
class FormChoices:
    municipalities: list[tuple[str, str]]
    visits: list[VisitChoice]
    surveys: list[tuple[str, str]]
    training: service.TrainingInput | None


def load_choices(session, year: int, training_id: str | None) -> FormChoices:
    towns = municipality_choices(session)
    data = None
    if training_id:
        data = service.training_input(session, training_id)
        year = fiscal.fiscal_year_of(data.starts_at)
    visits = [
        VisitChoice(
            v.id,
            v.municipality_id,
            f"{v.starts_at:%Y-%m-%d %H:%M} {v.municipality.name} {labels.phase(v.phase)}",
        )
        for v in list_visits(session, year=year)
    ]
    surveys = [(t.id, t.name) for t in list_survey_templates(session)]
    return FormChoices(towns, visits, surveys, data)


def parse_count(text: str) -> int | None:
    """A typed number of people: empty is "not counted" (None); full-width digits are fine.
    Anything else raises ValueError."""
    text = unicodedata.normalize("NFKC", text).strip().removesuffix("人").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(text)
    return int(text)


class TrainingDialog(FieldRecordDialog):
    """A training: what, when, where, and who took part from which municipality."""

    def __init__(
        self,
        ops: Ops,
        *,
        year: int,
        training_id: str | None = None,
        municipality_id: str | None = None,
        visit_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, year=year, parent=parent)
        self._training_id = training_id
        self._preset_municipality = municipality_id
        self._preset_visit = visit_id
        self._visits: list[VisitChoice] = []
        self.setWindowTitle(self.tr("研修の編集") if training_id else self.tr("新しい研修"))
        self.setMinimumWidth(900)

        self.kind = enum_combo(TrainingKind, labels.training_kind)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("例: DX入門研修「自治体DXマインド」"))
        self.starts_at = minute_edit()
        self.ends_at = minute_edit()
        self.method = enum_combo(TrainingMethod, labels.training_method)
        self.status = enum_combo(VisitStatus, labels.visit_status)
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("会場（例: 北山村役場 2階会議室）"))
        self.online_url = QLineEdit()
        self.online_url.setPlaceholderText(self.tr("オンライン会議・動画のURL"))
        self.audience = QLineEdit()
        self.audience.setPlaceholderText(self.tr("例: 全職員、市町村長、希望する職員"))
        self.survey = QComboBox()
        self.visit = QComboBox()

        self.towns = QTableWidget(0, 3)
        self.towns.setObjectName("training_municipalities")
        self.towns.setHorizontalHeaderLabels(
            [
                self.tr("参加市町村"),
                labels.attendee_group(AttendeeGroup.LEADERS),
                labels.attendee_group(AttendeeGroup.STAFF),
            ]
        )
        self.towns.verticalHeader().setVisible(False)
        self.towns.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.towns.horizontalHeader().setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.towns.setMinimumHeight(260)
        self.towns.itemChanged.connect(self._on_town_changed)
        self.prefecture = QLineEdit()
        self.prefecture.setPlaceholderText(self.tr("未集計"))
        self.prefecture.setMaximumWidth(120)

        self.lecturers = QPlainTextEdit()
        self.lecturers.setPlaceholderText(self.tr("講師（1行に1人）"))
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText(self.tr("内容・プログラム（1行に1項目）"))
        self.materials = QPlainTextEdit()
        self.materials.setPlaceholderText(self.tr("資料（1行に1つ: 資料名やURL）"))
        for edit in (self.lecturers, self.materials):
            edit.setMaximumHeight(70)
        self.content.setMaximumHeight(110)

        self.messages = FieldMessages()
        self.errors = self.messages.labels
        left = QFormLayout()
        left.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, text, widget in (
            ("kind", self.tr("種類"), self.kind),
            ("title", self.tr("研修名"), self.title),
            ("starts_at", self.tr("開始"), self.starts_at),
            ("ends_at", self.tr("終了"), self.ends_at),
            ("method", self.tr("方法"), self.method),
            ("status", self.tr("状態"), self.status),
            ("place", self.tr("会場"), self.place),
            ("online_url", self.tr("URL"), self.online_url),
            ("audience", self.tr("対象"), self.audience),
            ("survey_template_id", self.tr("アンケート"), self.survey),
            ("lecturers", self.tr("講師"), self.lecturers),
            ("content", self.tr("内容"), self.content),
            ("materials", self.tr("資料"), self.materials),
        ):
            left.addRow(text, self.messages.wrap(key, widget))
        right = QVBoxLayout()
        right.addLayout(self.messages.wrap("municipalities", self.towns))
        counts = QFormLayout()
        counts.addRow(
            self.tr("県の参加者"), self.messages.wrap("prefecture_attendees", self.prefecture)
        )
        counts.addRow(self.tr("あわせて実施した訪問"), self.messages.wrap("visit_id", self.visit))
        right.addLayout(counts)

        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.buttons.setEnabled(False)
        self.general = QLabel()
        self.general.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("年度: %1").replace("%1", fiscal.fiscal_year_label(year))))
        layout.addLayout(columns)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)
        ops.query(lambda s: load_choices(s, year, training_id), self._on_loaded, self._on_error)

    # -- loading -----------------------------------------------------------------------

    def _on_loaded(self, choices: FormChoices) -> None:
        data = choices.training
        chosen = {a.municipality_id: a for a in data.municipalities} if data else {}
        if data is None and self._preset_municipality:
            chosen = {self._preset_municipality: service.Attendance(self._preset_municipality)}
        self.towns.blockSignals(True)
        self.towns.setRowCount(len(choices.municipalities))
        for row, (town_id, name) in enumerate(choices.municipalities):
            item = QTableWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, town_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            taking_part = town_id in chosen
            item.setCheckState(Qt.CheckState.Checked if taking_part else Qt.CheckState.Unchecked)
            self.towns.setItem(row, NAME, item)
            attendance = chosen.get(town_id)
            for column, value in (
                (LEADERS, attendance.leaders if attendance else None),
                (STAFF, attendance.staff if attendance else None),
            ):
                cell = QTableWidgetItem("" if value is None else str(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.towns.setItem(row, column, cell)
        self.towns.blockSignals(False)
        self.towns.resizeColumnToContents(LEADERS)
        self.towns.resizeColumnToContents(STAFF)
        self.survey.addItem(self.tr("（研修の種類の既定）"), None)
        for template_id, name in choices.surveys:
            self.survey.addItem(name, template_id)
        self._visits = choices.visits
        if data is None:
            day = default_day(self._year)
            start = datetime.combine(day, datetime.min.time()).replace(hour=13, minute=30)
            self.starts_at.setDateTime(QDateTime(start))
            self.ends_at.setDateTime(QDateTime(start + timedelta(minutes=90)))
        else:
            select_data(self.kind, data.kind)
            self.title.setText(data.title)
            self.starts_at.setDateTime(QDateTime(data.starts_at))
            self.ends_at.setDateTime(QDateTime(data.ends_at))
            select_data(self.method, data.method)
            select_data(self.status, data.status)
            self.place.setText(data.place)
            self.online_url.setText(data.online_url)
            self.audience.setText(data.audience)
            self.lecturers.setPlainText(data.lecturers)
            self.content.setPlainText(data.content)
            self.materials.setPlainText(data.materials)
            if data.prefecture_attendees is not None:
                self.prefecture.setText(str(data.prefecture_attendees))
            select_data(self.survey, data.survey_template_id)
        self._fill_visits(data.visit_id if data else self._preset_visit)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.buttons.setEnabled(True)
        self.loaded = True

    def _on_kind_changed(self, _index: int) -> None:
        """A video is offered on demand and anything else is held somewhere: follow the kind
        while the method still says the other."""
        video = TrainingKind(self.kind.currentData()) is TrainingKind.VIDEO
        method = TrainingMethod(self.method.currentData())
        if video and method is TrainingMethod.ONSITE:
            select_data(self.method, TrainingMethod.ON_DEMAND)
        elif not video and method is TrainingMethod.ON_DEMAND:
            select_data(self.method, TrainingMethod.ONSITE)

    def _fill_visits(self, selected: str | None) -> None:
        taking_part = set(self._checked_towns())
        self.visit.blockSignals(True)
        self.visit.clear()
        self.visit.addItem(self.tr("（なし）"), None)
        for choice in self._visits:
            if choice.municipality_id in taking_part or choice.id == selected:
                self.visit.addItem(choice.label, choice.id)
        select_data(self.visit, selected)
        self.visit.blockSignals(False)

    def _on_town_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == NAME:
            self._fill_visits(self.visit.currentData())

    def _checked_towns(self) -> list[str]:
        return [
            self.towns.item(row, NAME).data(Qt.ItemDataRole.UserRole)
            for row in range(self.towns.rowCount())
            if self.towns.item(row, NAME).checkState() == Qt.CheckState.Checked
        ]

    def set_municipality(self, town_id: str, leaders: str = "", staff: str = "") -> None:
        """Tick a municipality and type its counts (what a person does in the table)."""
        for row in range(self.towns.rowCount()):
            if self.towns.item(row, NAME).data(Qt.ItemDataRole.UserRole) == town_id:
                self.towns.item(row, LEADERS).setText(leaders)
                self.towns.item(row, STAFF).setText(staff)
                self.towns.item(row, NAME).setCheckState(Qt.CheckState.Checked)

    # -- input -------------------------------------------------------------------------

    def value(self) -> tuple[service.TrainingInput | None, dict[str, str]]:
        """The form as the core's input, or the errors the form can tell alone."""
        errors: dict[str, str] = {}
        towns: list[service.Attendance] = []
        for row in range(self.towns.rowCount()):
            name = self.towns.item(row, NAME)
            if name.checkState() != Qt.CheckState.Checked:
                continue
            try:
                leaders = parse_count(self.towns.item(row, LEADERS).text())
                staff = parse_count(self.towns.item(row, STAFF).text())
            except ValueError:
                errors["municipalities"] = self.tr(
                    "%1 の人数は0以上の整数で入力してください（未集計なら空欄）。"
                ).replace("%1", name.text())
                continue
            towns.append(service.Attendance(name.data(Qt.ItemDataRole.UserRole), leaders, staff))
        try:
            prefecture = parse_count(self.prefecture.text())
        except ValueError:
            prefecture = None
            errors["prefecture_attendees"] = self.tr(
                "人数は0以上の整数で入力してください（未集計なら空欄）。"
            )
        data = service.TrainingInput(
            kind=TrainingKind(self.kind.currentData()),
            title=self.title.text().strip(),
            starts_at=to_minute(self.starts_at.dateTime()),
            ends_at=to_minute(self.ends_at.dateTime()),
            method=TrainingMethod(self.method.currentData()),
            place=self.place.text().strip(),
            online_url=self.online_url.text().strip(),
            audience=self.audience.text().strip(),
            lecturers=self.lecturers.toPlainText(),
            content=self.content.toPlainText(),
            materials=self.materials.toPlainText(),
            visit_id=self.visit.currentData(),
            survey_template_id=self.survey.currentData(),
            prefecture_attendees=prefecture,
            status=VisitStatus(self.status.currentData()),
            municipalities=towns,
        )
        if not data.title:
            errors["title"] = self.tr("研修名を入力してください。")
        if data.ends_at <= data.starts_at:
            errors["ends_at"] = self.tr("終了は開始より後にしてください。")
        if fiscal.fiscal_year_of(data.starts_at) != self._year:
            errors["starts_at"] = self.tr("選択中の年度（%1）の期間外です。").replace(
                "%1", fiscal.fiscal_year_label(self._year, with_seireki=False)
            )
        return (None if errors else data), errors

    def _show(self, errors: dict[str, str]) -> None:
        self.messages.show(errors)

    # -- saving ------------------------------------------------------------------------

    def save(self) -> None:
        data, errors = self.value()
        self._show(errors)
        if data is None:
            return
        self.buttons.setEnabled(False)
        training_id = self._training_id

        def write(session):
            if training_id:
                training = service.update_training(session, training_id, data)
            else:
                training = service.create_training(session, data)
            return training.id

        self._ops.write(write, self._on_saved, self._on_save_failed)

    def _on_saved(self, training_id: str) -> None:
        self._training_id = training_id
        super()._on_saved(training_id)
