"""The window's pages, each built on first use (``create_page``): a cold start imports and
builds only the page it shows."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ..mainwindow import MainWindow

# name -> (module in this package, class), in the navigation's order; each page takes
# (ops, window), the settings page (settings, window).
PAGE_CLASSES = {
    "dashboard": ("dashboard", "DashboardPage"),
    "municipality": ("municipality", "MunicipalityPage"),
    "planner": ("planner", "PlannerPage"),
    "trainings": ("trainings", "TrainingsPage"),
    "notes": ("notes", "NotesPage"),
    "assessment": ("assessment", "AssessmentPage"),
    "needs": ("needs", "NeedsPage"),
    "search": ("search", "SearchPage"),
    "settings": ("settings", "SettingsPage"),
}


def create_page(name: str, window: MainWindow) -> QWidget:
    """The page called ``name``, new, for ``window`` (its store, or its settings)."""
    module, cls = PAGE_CLASSES[name]
    page_class = getattr(importlib.import_module(f"{__name__}.{module}"), cls)
    return page_class(window.settings if name == "settings" else window.ops, window)
