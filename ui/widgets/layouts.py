"""The pages' two layouts: a margin-less column of parts, and two panes side by side."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLayout, QSplitter, QVBoxLayout, QWidget


def stack(*parts: QWidget | QLayout | tuple[QWidget, int]) -> QWidget:
    """``parts`` one under the other, without margins; a ``(widget, stretch)`` pair gives
    that widget its share of the spare height (a list's table takes it all with 1)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, tuple):
            layout.addWidget(*part)
        elif isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return box


def side_by_side(
    first: QWidget, second: QWidget, stretch: tuple[int, int], sizes: Sequence[int]
) -> QSplitter:
    """Two panes the user can resize, sharing spare width by ``stretch``, first ``sizes``."""
    splitter = QSplitter()
    splitter.addWidget(first)
    splitter.addWidget(second)
    splitter.setStretchFactor(0, stretch[0])
    splitter.setStretchFactor(1, stretch[1])
    splitter.setSizes(list(sizes))
    return splitter
