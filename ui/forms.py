"""Pieces every record form shares: messages beside fields, combo choices, times, a default day.

The visit and training dialogs show what is wrong next to the field it is about: errors (✖,
red) block the save, warnings (⚠, amber) do not.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from dxfield import fiscal

ERROR_STYLE = "color: #b3261e;"
WARNING_STYLE = "color: #8a5300;"


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
