"""Headings of the pages: a bold label, larger than the text by ``scale``."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def heading(text: str = "", scale: float = 1.2) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    if scale != 1:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label
