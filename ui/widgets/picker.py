"""The municipality chooser shared by the municipality and assessment pages."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from dxfield.services.municipalities import municipality_choices

from ..qtcompat import emit


class MunicipalityPicker(QComboBox):
    """The municipalities, loaded through the op queue. ``picked(id)`` fires when the user
    chooses one, and once the list arrives if the page has not asked for one yet (the first
    town); ``select(id)`` shows one without firing, before or after the list arrives."""

    picked = Signal(str)

    def __init__(self, ops, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setMinimumContentsLength(10)
        self._wanted: str | None = None
        self._rows: dict[str, int] = {}  # a town's row, without findData's scan
        self.currentIndexChanged.connect(self._on_index)
        ops.query(municipality_choices, self._fill)

    def select(self, municipality_id: str) -> None:
        self._wanted = municipality_id
        index = self._rows.get(municipality_id, -1)
        if index >= 0 and index != self.currentIndex():
            self.blockSignals(True)
            self.setCurrentIndex(index)
            self.blockSignals(False)

    def _fill(self, towns: list[tuple[str, str]]) -> None:
        self.blockSignals(True)
        for town_id, name in towns:
            self._rows[town_id] = self.count()
            self.addItem(name, town_id)
        self.blockSignals(False)
        if self._wanted:
            self.select(self._wanted)
        elif towns:
            self._wanted = towns[0][0]
            emit(self.picked, towns[0][0])

    def _on_index(self, index: int) -> None:
        town_id = self.itemData(index)
        if town_id and town_id != self._wanted:
            self._wanted = town_id
            emit(self.picked, town_id)
