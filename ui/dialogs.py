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
    """The store's passphrase where the OS has no usable keyring (``dxfield.storekey``).

    What the person reads says what is at stake in each case: a new store (Cancel: nothing
    is created), a plain store about to be encrypted (Cancel: it opens plain, and the next
    start asks again), an encrypted one to open; and that a forgotten passphrase locks the
    store and its backups for good."""

    @classmethod
    def ask(cls, parent: QWidget | None, new: bool) -> str | None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from dxfield.storekey import asked_to_convert

        title = translate("Dialogs", "データの暗号化")
        if not new:
            lead = translate(
                "Dialogs", "データファイルはパスフレーズで暗号化されています。"
            )  # fmt: skip
        else:
            kept = translate(
                "Dialogs",
                "起動のたびにこのパスフレーズの入力が必要です。忘れると、データファイルも"
                "バックアップも開けなくなります。",
            )
            if asked_to_convert():
                lead = translate(
                    "Dialogs",
                    "このデータファイルは暗号化されていません。OSのキーリングが使えないため、"
                    "ここでパスフレーズを決めると、それで暗号化します。",
                )
                cancel = translate(
                    "Dialogs",
                    "「キャンセル」を押すと、暗号化しないまま開きます（次回の起動時にまた"
                    "たずねます）。",
                )
            else:
                lead = translate(
                    "Dialogs",
                    "OSのキーリングが使えないため、データファイルはパスフレーズで暗号化して"
                    "作成します。",
                )
                cancel = translate(
                    "Dialogs", "「キャンセル」を押すと、データファイルは作成しません。"
                )
            lead = f"{lead}\n{kept}\n{cancel}"
        label = (
            translate("Dialogs", "新しいパスフレーズ:")
            if new
            else translate("Dialogs", "パスフレーズ:")
        )
        while True:
            text, ok = QInputDialog.getText(
                parent, title, f"{lead}\n\n{label}", QLineEdit.EchoMode.Password
            )
            if not ok or not text:
                return None
            if not new:
                return text
            again, ok = QInputDialog.getText(
                parent, title, translate("Dialogs", "確認のためもう一度:"),
                QLineEdit.EchoMode.Password,
            )  # fmt: skip
            if not ok:
                return None
            if again == text:
                return text
            # Asked again rather than given up: a typo should not decide what happens.
            QMessageBox.warning(
                parent,
                title,
                translate("Dialogs", "パスフレーズが一致しません。もう一度入力してください。"),
            )


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
