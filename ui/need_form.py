"""Record or edit a need (NeedDialog): who asked, the domain and theme tags, the words, and
how it is weighed for next year's proposal.

The dialog serves three ways in: a new need, an existing one, and a line being promoted
from a note or an answer (``PromoteRequest``: the words and where they were heard are fixed,
the domain and tags come guessed). The rules are the core's (``dxfield.services.needs``);
its verdict is shown next to the field it names, and nothing is saved half-way.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dxfield.enums import NeedSource, NeedStatus
from dxfield.needs.themes import normalize_themes, suggest
from dxfield.services import need_sources
from dxfield.services import needs as service

from . import labels
from .errors import field_of, message_for
from .forms import FieldMessages, RecordDialog, default_day, enum_combo, select_data
from .ops import Ops

FIELDS = ("municipality_id", "domain", "themes", "text", "heard_on", "status", "measure", "note")


@dataclass(frozen=True)
class PromoteRequest:
    """A line to make a need of, and where it was heard."""

    source: NeedSource
    source_id: str
    line: str
    origin: str = ""  # how the form names the source (「面談記録（要望）」)


@dataclass(frozen=True)
class FormData:
    choices: service.NeedChoices
    need: service.NeedRow | None


def load_form(session, year: int, need_id: str | None) -> FormData:
    need = service.need_row(session, need_id) if need_id else None
    return FormData(service.need_choices(session, need.fiscal_year if need else year), need)


class NeedDialog(RecordDialog):
    """A need heard from a municipality: typed, edited, or promoted from a line of a record."""

    def __init__(
        self,
        ops: Ops,
        *,
        year: int,
        need_id: str | None = None,
        promote: PromoteRequest | None = None,
        municipality_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, year=year, parent=parent)
        self._need_id = need_id
        self._promote = promote
        self._preset_town = municipality_id
        self.setWindowTitle(self.tr("ニーズ・要望") if need_id else self.tr("ニーズ・要望の登録"))
        self.setMinimumWidth(560)
        self.messages = FieldMessages()

        self.town = QComboBox()
        self.town.setObjectName("need_town")
        self.domain = QComboBox()
        self.domain.setObjectName("need_domain")
        self.themes = QListWidget()
        self.themes.setObjectName("need_themes")
        self.themes.setMaximumHeight(120)
        self.other_themes = QLineEdit()
        self.other_themes.setPlaceholderText(self.tr("その他のテーマ（、区切り）"))
        self.text = QPlainTextEdit()
        self.text.setObjectName("need_text")
        self.text.setMaximumHeight(90)
        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setStyleSheet("color: #555;")
        self.heard_on = QDateEdit()
        self.heard_on.setCalendarPopup(True)
        self.heard_on.setDisplayFormat("yyyy-MM-dd")
        self.heard_on.setDate(QDate(default_day(year)))
        self.status = enum_combo(NeedStatus, labels.need_status)
        self.status.setObjectName("need_status")
        self.measure = QComboBox()
        self.measure.setObjectName("need_measure")
        self.measure.setEditable(True)
        self.measure.lineEdit().setPlaceholderText(self.tr("空欄：分野とテーマでまとめます"))
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(70)

        form = QFormLayout()
        form.addRow(self.tr("市町村"), self.messages.wrap("municipality_id", self.town))
        form.addRow(self.tr("分野"), self.messages.wrap("domain", self.domain))
        themes_box = QVBoxLayout()
        themes_box.addWidget(self.themes)
        themes_box.addWidget(self.other_themes)
        holder = QWidget()
        holder.setLayout(themes_box)
        themes_box.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("テーマ"), self.messages.wrap("themes", holder))
        form.addRow(self.tr("ニーズ"), self.messages.wrap("text", self.text))
        form.addRow(self.tr("元の言葉・出典"), self.quote)
        form.addRow(self.tr("聞いた日"), self.messages.wrap("heard_on", self.heard_on))
        form.addRow(self.tr("検討状況"), self.messages.wrap("status", self.status))
        form.addRow(self.tr("施策（たたき台）"), self.messages.wrap("measure", self.measure))
        form.addRow(self.tr("検討メモ"), self.messages.wrap("note", self.note))
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        # Where a promoted line comes from is fixed: its town, year and day follow the source.
        if promote is not None:
            for widget in (self.town, self.heard_on):
                widget.setEnabled(False)
        ops.query(lambda s: load_form(s, year, need_id), self._on_loaded, self._on_failed)

    # -- loading -----------------------------------------------------------------------

    def _on_failed(self, exc: BaseException) -> None:
        self.problem.setText(message_for(exc))

    def _on_loaded(self, data: FormData) -> None:
        choices = data.choices
        self.town.addItem(self.tr("県全体（特定の市町村なし）"), None)
        for town_id, name in choices.municipalities:
            self.town.addItem(name, town_id)
        for key, label in choices.domains:
            self.domain.addItem(label, key)
        for tag in choices.themes:
            item = QListWidgetItem(tag)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.themes.addItem(item)
        self.measure.addItem("")
        for measure in choices.measures:
            self.measure.addItem(measure)
        need = data.need
        if need is not None:
            select_data(self.town, need.municipality_id)
            select_data(self.domain, need.domain)
            self._set_themes(list(need.themes))
            self.text.setPlainText(need.text)
            if need.heard_on:
                self.heard_on.setDate(QDate(need.heard_on))
            select_data(self.status, need.status)
            self.measure.setCurrentText(need.measure)
            self.note.setPlainText(need.note)
            origin = need.origin if not need.quote else f"「{need.quote}」 {need.origin}"
            self.quote.setText(origin)
        elif self._promote is not None:
            guess = suggest(self._promote.line)
            select_data(self.domain, guess.domain)
            self._set_themes(list(guess.themes))
            self.text.setPlainText(self._promote.line)
            self.quote.setText(f"「{self._promote.line}」 {self._promote.origin}")
        else:
            select_data(self.town, self._preset_town)
            select_data(self.domain, "other")
            self.quote.setText(self.tr("（直接入力）"))
        self.save_button.setEnabled(True)
        self.loaded = True

    def _set_themes(self, tags: list[str]) -> None:
        listed = []
        for row in range(self.themes.count()):
            item = self.themes.item(row)
            listed.append(item.text())
            item.setCheckState(
                Qt.CheckState.Checked if item.text() in tags else Qt.CheckState.Unchecked
            )
        self.other_themes.setText("、".join(t for t in tags if t not in listed))

    def chosen_themes(self) -> list[str]:
        tags = [
            self.themes.item(row).text()
            for row in range(self.themes.count())
            if self.themes.item(row).checkState() == Qt.CheckState.Checked
        ]
        return [*tags, self.other_themes.text()] if self.other_themes.text().strip() else tags

    def values(self) -> service.NeedInput:
        return service.NeedInput(
            municipality_id=self.town.currentData(),
            domain=self.domain.currentData(),
            text=self.text.toPlainText(),
            themes=self.chosen_themes(),
            heard_on=self.heard_on.date().toPython(),
            status=NeedStatus(self.status.currentData()),
            measure=self.measure.currentText(),
            note=self.note.toPlainText(),
        )

    # -- saving ------------------------------------------------------------------------

    def save(self) -> None:
        data = self.values()
        try:
            normalize_themes(data.themes)  # typed tags: say so beside the field at once
        except Exception as exc:
            self._on_save_failed(exc)
            return
        need_id, promote = self._need_id, self._promote
        self.save_button.setEnabled(False)

        def write(session):
            if promote is not None:
                result = need_sources.promote(
                    session,
                    promote.source,
                    promote.source_id,
                    promote.line,
                    text=data.text,
                    domain=data.domain,
                    themes=data.themes,
                    status=data.status,
                    measure=data.measure,
                    note=data.note,
                )
                return result.need_id
            if need_id is not None:
                kept = service.need_row(session, need_id)
                data.fiscal_year = kept.fiscal_year
                return service.update_need(session, need_id, data).id
            return service.create_need(session, data).id

        self._ops.write(write, self._on_saved, self._on_save_failed)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        where = field_of(exc)
        text = message_for(exc)
        if where in FIELDS:
            self.messages.show({where: text})
            self.problem.clear()
        else:
            self.messages.show({})
            self.problem.setText(text)
