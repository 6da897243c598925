"""The sync's dialogs: logging in to the server, and confirming a held mass delete.

Each exposes a classmethod ``ask`` so tests replace it instead of driving a modal loop."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from sync.errors import SyncError

from .errors import language

translate = QCoreApplication.translate


@dataclass(frozen=True)
class LoginInput:
    url: str
    user: str
    password: str


class LoginDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, url: str = "", user: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Sync", "サーバーにログイン"))
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("https://")
        self.user = QLineEdit(user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(translate("Sync", "サーバー"), self.url)
        form.addRow(translate("Sync", "ユーザー名"), self.user)
        form.addRow(translate("Sync", "パスワード"), self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def value(self) -> LoginInput:
        return LoginInput(self.url.text().strip(), self.user.text().strip(), self.password.text())

    @classmethod
    def ask(
        cls, parent: QWidget | None = None, *, url: str = "", user: str = ""
    ) -> LoginInput | None:
        """Modal; tests replace this classmethod instead of driving the dialog."""
        dialog = cls(parent, url=url, user=user)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()


class ConfirmDeletesDialog:
    """The server held a sync that deletes many records: are these deletions meant?

    Modelled on Joplin's mass-delete guard: nothing was sent, the edits wait in the outbox,
    and only an explicit yes sends them with the confirmation."""

    @classmethod
    def ask(cls, parent: QWidget | None, error: SyncError) -> bool:
        """Modal; tests replace this classmethod instead of driving the box."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(translate("Sync", "多数の削除の確認"))
        box.setText(
            translate("Sync", "この同期は {0}します。本当に削除してよいですか？").format(
                error.deletes_in(language())
            )
        )
        box.setInformativeText(
            translate(
                "Sync",
                "削除はチーム全員の端末に反映されます。意図しない削除であれば「いいえ」を選び、"
                "管理者に相談してください（削除前の状態はサーバーの履歴から戻せます）。",
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
