"""Dialogs. Each exposes a classmethod (``ask``/``show``) that tests replace instead of
fighting a modal loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from dxfield.fiscal import fiscal_year_label

translate = QCoreApplication.translate


class Messages:
    """Message boxes; tests monkeypatch these classmethods."""

    @classmethod
    def error(cls, parent: QWidget | None, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            translate("Dialogs", "エラー"),
            text,
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.open()

    @classmethod
    def confirm(cls, parent: QWidget, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes


class Passphrase:
    """The store's passphrase where the OS has no usable keyring (``dxfield.storekey``)."""

    @classmethod
    def ask(cls, parent: QWidget | None, new: bool) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        title = translate("Dialogs", "データの暗号化")
        lead = translate(
            "Dialogs",
            "OSのキーリングが使えないため、データはパスフレーズで暗号化します。",
        )
        label = (
            translate("Dialogs", "新しいパスフレーズ:")
            if new
            else translate("Dialogs", "パスフレーズ:")
        )
        text, ok = QInputDialog.getText(
            parent, title, f"{lead}\n{label}", QLineEdit.EchoMode.Password
        )
        if not ok or not text:
            return None
        if new:
            again, ok = QInputDialog.getText(
                parent, title, translate("Dialogs", "確認のためもう一度:"),
                QLineEdit.EchoMode.Password,
            )  # fmt: skip
            if not ok or again != text:
                Messages.error(parent, translate("Dialogs", "パスフレーズが一致しません。"))
                return None
        return text


class DemoOffer:
    """First start on an empty data folder: offer the demo data."""

    @classmethod
    def ask(cls, parent: QWidget, on_answer: Callable[[bool], None]) -> None:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(translate("Dialogs", "はじめに"))
        box.setText(translate("Dialogs", "データがまだありません。デモデータを読み込みますか？"))
        box.setInformativeText(
            translate(
                "Dialogs",
                "30市町村の訪問予定・面談記録・アセスメントの例が入ります。後から削除できます。",
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.finished.connect(lambda result: on_answer(result == QMessageBox.StandardButton.Yes))
        box.open()


def year_label(year: int) -> str:
    return fiscal_year_label(year)
