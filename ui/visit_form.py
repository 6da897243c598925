"""Create or edit a visit plan, with messages next to the fields (VisitDialog).

Errors (empty municipality, end before start, a visit outside the chosen 年度) block the
save and appear beside the field; warnings (outside the phase window, a team member booked
twice) are checked live and shown in amber, but do not block. Nothing is saved half-way:
the whole visit is one write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dxfield import fiscal
from dxfield.enums import Phase, VisitMethod, VisitStatus
from dxfield.errors import ValidationError
from dxfield.services import visits as visit_service
from dxfield.services.municipalities import municipality_choices
from dxfield.services.programme import active_members

from . import labels
from .errors import field_of, language, message_for
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

FIELDS = ("municipality_id", "phase", "starts_at", "ends_at", "method", "member_ids")


@dataclass(frozen=True)
class FormChoices:
    municipalities: list[tuple[str, str]]
    members: list[tuple[str, str]]
    visit: visit_service.VisitInput | None


def _load_choices(session, visit_id: str | None) -> FormChoices:
    members = [(m.id, f"{m.name}（{m.role.label}）") for m in active_members(session)]
    data = visit_service.visit_input(session, visit_id) if visit_id else None
    return FormChoices(municipality_choices(session), members, data)


class VisitDialog(FieldRecordDialog):
    """A visit: when, where, who; the core's rules checked live as it is typed."""

    def __init__(
        self,
        ops: Ops,
        *,
        year: int,
        visit_id: str | None = None,
        municipality_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, year=year, parent=parent)
        self._visit_id = visit_id
        self._preset_municipality = municipality_id
        self._remote_ids: list[str] = []
        self._checks = 0
        self.setWindowTitle(self.tr("訪問の編集") if visit_id else self.tr("新しい訪問"))
        self.setMinimumWidth(620)

        self.municipality = QComboBox()
        self.phase = enum_combo(Phase, labels.phase)
        self.starts_at = minute_edit()
        self.ends_at = minute_edit()
        self.method = enum_combo(VisitMethod, labels.method)
        self.status = enum_combo(VisitStatus, labels.visit_status)
        self.location = QLineEdit()
        self.members = QListWidget()
        self.members.setMaximumHeight(120)
        self.participants = QPlainTextEdit()
        self.participants.setPlaceholderText(self.tr("市町村側の出席者（氏名・役職）"))
        self.participants.setMaximumHeight(70)
        self.agenda = QPlainTextEdit()
        self.agenda.setMaximumHeight(90)

        self.messages = FieldMessages()
        self.errors = self.messages.labels
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows = (
            ("municipality_id", self.tr("市町村"), self.municipality),
            ("phase", self.tr("フェーズ"), self.phase),
            ("starts_at", self.tr("開始"), self.starts_at),
            ("ends_at", self.tr("終了"), self.ends_at),
            ("method", self.tr("方法"), self.method),
            ("status", self.tr("状態"), self.status),
            ("location", self.tr("場所"), self.location),
            ("member_ids", self.tr("チーム"), self.members),
            ("participants", self.tr("先方出席者"), self.participants),
            ("agenda", self.tr("議題"), self.agenda),
        )
        for key, text, widget in rows:
            form.addRow(text, self.messages.wrap(key, widget))
        self.general = QLabel()
        self.general.setWordWrap(True)
        layout = QVBoxLayout(self)
        year_line = QHBoxLayout()
        year_line.addWidget(
            QLabel(self.tr("年度: %1").replace("%1", fiscal.fiscal_year_label(year)))
        )
        year_line.addStretch()
        layout.addLayout(year_line)
        layout.addLayout(form)
        layout.addWidget(self.general)
        layout.addWidget(self.buttons)

        self._check_timer = QTimer(self, singleShot=True, interval=250)
        self._check_timer.timeout.connect(self._check)
        self.buttons.setEnabled(False)
        ops.query(lambda s: _load_choices(s, visit_id), self._on_loaded, self._on_error)

    # -- loading -----------------------------------------------------------------------

    def _on_loaded(self, choices: FormChoices) -> None:
        self.municipality.addItem(self.tr("（選んでください）"), "")
        for town_id, name in choices.municipalities:
            self.municipality.addItem(name, town_id)
        for member_id, name in choices.members:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.members.addItem(item)
        data = choices.visit
        if data is None:
            day = default_day(self._year)
            start = datetime.combine(day, datetime.min.time()).replace(hour=10)
            self.starts_at.setDateTime(QDateTime(start))
            self.ends_at.setDateTime(QDateTime(start + timedelta(hours=2)))
            if self._preset_municipality:
                select_data(self.municipality, self._preset_municipality)
        else:
            select_data(self.municipality, data.municipality_id)
            select_data(self.phase, data.phase)
            self.starts_at.setDateTime(QDateTime(data.starts_at))
            self.ends_at.setDateTime(QDateTime(data.ends_at))
            select_data(self.method, data.method)
            select_data(self.status, data.status)
            self.location.setText(data.location)
            self.participants.setPlainText(data.participants)
            self.agenda.setPlainText(data.agenda)
            self._remote_ids = list(data.remote_member_ids)
            for i in range(self.members.count()):
                item = self.members.item(i)
                if item.data(Qt.ItemDataRole.UserRole) in data.member_ids:
                    item.setCheckState(Qt.CheckState.Checked)
        for signal in (
            self.municipality.currentIndexChanged,
            self.phase.currentIndexChanged,
            self.starts_at.dateTimeChanged,
            self.ends_at.dateTimeChanged,
            self.members.itemChanged,
        ):
            signal.connect(lambda *_args: self._check_timer.start())
        self.buttons.setEnabled(True)
        self.loaded = True
        self._check_timer.start()

    # -- input -------------------------------------------------------------------------

    def value(self) -> visit_service.VisitInput:
        members = [
            self.members.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.members.count())
            if self.members.item(i).checkState() == Qt.CheckState.Checked
        ]
        return visit_service.VisitInput(
            municipality_id=self.municipality.currentData() or "",
            phase=Phase(self.phase.currentData()),
            starts_at=to_minute(self.starts_at.dateTime()),
            ends_at=to_minute(self.ends_at.dateTime()),
            method=VisitMethod(self.method.currentData()),
            location=self.location.text().strip(),
            agenda=self.agenda.toPlainText().strip(),
            participants=self.participants.toPlainText().strip(),
            status=VisitStatus(self.status.currentData()),
            member_ids=members,
            remote_member_ids=[m for m in self._remote_ids if m in members],
            fiscal_year=self._year,
        )

    def _show(self, errors: dict[str, str], warnings: dict[str, list[str]]) -> None:
        self.messages.show(errors, warnings)

    def has_errors(self) -> bool:
        return self.messages.has_errors()

    def _check(self) -> None:
        """The core's rules, live: an error beside its field, or the warnings in amber."""
        data = self.value()
        visit_id = self._visit_id
        self._checks += 1
        generation = self._checks

        def check(session):
            try:
                return visit_service.validate_visit(session, data, visit_id=visit_id)
            except ValidationError as exc:
                return exc

        self._ops.query(check, lambda found: self._on_checked(generation, found), self._on_error)

    def _on_checked(self, generation: int, result) -> None:
        if generation != self._checks:
            return  # an older check answering after a newer one was started
        if isinstance(result, ValidationError):
            self._show({field_of(result) or "municipality_id": message_for(result)}, {})
            return
        warnings: dict[str, list[str]] = {}
        for warning in result:
            warnings.setdefault(warning.field, []).append(warning.text(language()))
        self._show({}, warnings)

    def done(self, result: int) -> None:
        self._check_timer.stop()
        super().done(result)

    # -- saving ------------------------------------------------------------------------

    def save(self) -> None:
        """One write; the core refuses what breaks a rule and the field says why."""
        data = self.value()
        self.buttons.setEnabled(False)
        visit_id = self._visit_id

        self._ops.write(
            lambda s: visit_service.save_visit(s, data, visit_id),
            self._on_saved,
            self._on_save_failed,
        )

    def _on_saved(self, visit_id: str) -> None:
        self._visit_id = visit_id
        super()._on_saved(visit_id)
