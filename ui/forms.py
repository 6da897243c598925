"""Pieces every record form shares: the dialog around it, messages beside fields, combo
choices, times, a default day.

The visit, training and need dialogs show what is wrong next to the field it is about:
errors (✖, red) block the save, warnings (⚠, amber) do not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from dxfield import fiscal

from .errors import field_of, message_for
from .qtcompat import emit

if TYPE_CHECKING:
    from .ops import Ops

V = TypeVar("V")
D = TypeVar("D", bound="RecordDialog")

ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5300;"


class RecordDialog(QDialog):
    """A dialog that edits one record of a programme year through ``Ops``: Save and Cancel
    (``buttons``; Save calls ``save``), and ``saved`` with the record's id once the core
    stored it. Callers open one with ``ask``; tests replace it instead of fighting a modal
    loop."""

    saved = Signal(str)  # the record's id

    def __init__(self, ops: Ops, *, year: int, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._ops = ops
        self._year = year
        self.loaded = False
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        raise NotImplementedError

    @classmethod
    def ask(
        cls: type[D],
        parent: QWidget,
        ops: Ops,
        *,
        on_saved: Callable[[str], None] | None = None,
        **options: Any,
    ) -> D:
        """The dialog opened (not modal to the app), gone once closed, ``on_saved`` told of
        the record it saved; ``options`` are the dialog's own (``year=``, ``visit_id=`` …)."""
        dialog = cls(ops, parent=parent, **options)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_saved is not None:
            dialog.saved.connect(on_saved)
        dialog.open()
        return dialog

    def _on_saved(self, record_id: str) -> None:
        emit(self.saved, record_id)
        self.accept()


class FieldMessages:
    """One message label under each field, keyed like the core's ``ValidationError.field``."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}

    def wrap(self, key: str, widget: QWidget) -> QVBoxLayout:
        """The field with its (hidden) message label under it, for a form row."""
        message = QLabel()
        message.setObjectName(f"message_{key}")
        message.setWordWrap(True)
        message.setVisible(False)
        self.labels[key] = message
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(message)
        return box

    def show(self, errors: dict[str, str], warnings: dict[str, list[str]] | None = None) -> None:
        warnings = warnings or {}
        for key, label in self.labels.items():
            if key in errors:
                label.setText("✖ " + errors[key])
                label.setStyleSheet(ERROR_STYLE)
                label.setVisible(True)
            elif warnings.get(key):
                label.setText("\n".join("⚠ " + w for w in warnings[key]))
                label.setStyleSheet(WARNING_STYLE)
                label.setVisible(True)
            else:
                label.clear()
                label.setVisible(False)

    def text(self, key: str) -> str:
        label = self.labels[key]
        return label.text() if label.isVisible() else ""

    def has_errors(self) -> bool:
        return any(
            label.isVisible() and label.text().startswith("✖") for label in self.labels.values()
        )

    def show_refusal(self, exc: BaseException, general: QLabel) -> None:
        """A save the core refused: beside the field it names, else in ``general``."""
        field = field_of(exc)
        if field in self.labels:
            self.show({field: message_for(exc)})
        else:
            show_failure(general, exc)


class FieldRecordDialog(RecordDialog):
    """A record dialog with a message under each field (``messages``) and one for the whole
    record (``general``), both made by the subclass: a refused save is shown beside the field
    the core names, any other failure under the form."""

    messages: FieldMessages
    general: QLabel

    def message(self, key: str) -> str:
        return self.messages.text(key)

    def _on_save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.messages.show_refusal(exc, self.general)

    def _on_error(self, exc: BaseException) -> None:
        show_failure(self.general, exc)


def show_failure(label: QLabel, exc: BaseException) -> None:
    """What went wrong, in red, in a label under the form."""
    label.setText("✖ " + message_for(exc))
    label.setStyleSheet(ERROR_STYLE)


def enum_combo(values: Iterable[V], label: Callable[[V], str]) -> QComboBox:
    """A combo of ``values`` shown by their translated ``label``, each item's data its value."""
    combo = QComboBox()
    for value in values:
        combo.addItem(label(value), value)
    return combo


def minute_edit() -> QDateTimeEdit:
    """A date and time to the minute, with a calendar to pick the day from."""
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


def select_data(combo: QComboBox, value: object) -> None:
    """Choose the item whose data is ``value`` (nothing changes if there is none)."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def to_minute(value: QDateTime) -> datetime:
    """A date-time edit's value as a naive datetime, to the minute."""
    return value.toPython().replace(second=0, microsecond=0)  # type: ignore[union-attr]


def default_day(year: int, today: date | None = None) -> date:
    """Today if it falls in programme year ``year``, else the year's first day."""
    first = fiscal.fiscal_year_bounds(year)[0]
    day = max(today or datetime.now().date(), first)
    return day if fiscal.fiscal_year_of(day) == year else first
