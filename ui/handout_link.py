"""The web-form link on a handout (面談記録): before the handout of a visit that asks for an
assessment sheet (アセスメントシート, 初回面談: the baseline; 評価面談: the evaluation) is
made, a laptop logged in to the server may have the sheet's link made there and printed with
its QR code, as ``dxfield report visit --form-link`` does from the command line.

``HandoutLinkDialog.ask`` (the choice) and ``LinkFailed.ask`` (no link could be made: carry on
without it?) are classmethods so that tests replace them instead of fighting a modal loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dxfield.reports.data import FormLinkBlock, SheetLinkTarget

translate = QCoreApplication.translate
DEFAULT_DAYS = 60  # as `dxfield invite add` and the municipality page's link dialog


@dataclass(frozen=True)
class LinkChoice:
    with_link: bool
    days: int = DEFAULT_DAYS


class HandoutLinkDialog(QDialog):
    """「回答用リンクとQRコードを載せる」 and for how long the link works."""

    def __init__(
        self,
        target: SheetLinkTarget,
        *,
        checked: bool,
        made: FormLinkBlock | None = None,
        action: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``action``: what the OK button does (「印刷」, 「プレビュー」)."""
        super().__init__(parent)
        from sync.invite_cli import KINDS, year_heading

        self.setWindowTitle(translate("HandoutLink", "配布資料（面談記録）"))
        heading = year_heading(target.municipality, target.fiscal_year, KINDS[target.kind.value])
        self.with_link = QCheckBox(translate("HandoutLink", "回答用リンクとQRコードを載せる"))
        self.with_link.setObjectName("handout_form_link")
        self.with_link.setChecked(checked)
        self.days = QSpinBox()
        self.days.setRange(1, 400)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(translate("HandoutLink", " 日"))
        if made is not None:
            # A link made for this sheet earlier in this run is printed again: one valid link
            # per sheet, not one per print.
            note = translate("HandoutLink", "先ほど作成したリンクを載せます（回答期限：%1）。")
            note = note.replace("%1", made.expires or "—")
        else:
            note = translate(
                "HandoutLink",
                "サーバーでアセスメントシートのWebフォームのリンクを作成し、QRコードと一緒に"
                "配布資料に載せます。",
            )
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(translate("HandoutLink", "対象"), QLabel(heading))
        form.addRow(self.with_link)
        form.addRow(translate("HandoutLink", "有効期間"), self.days)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        if action:
            buttons.button(QDialogButtonBox.StandardButton.Ok).setText(action)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.days.setVisible(made is None)
        label = form.labelForField(self.days)
        if label is not None:
            label.setVisible(made is None)
        self.with_link.toggled.connect(self.days.setEnabled)
        self.days.setEnabled(checked)
        self.with_link.setFocus()
        self.setMinimumWidth(460)

    def choice(self) -> LinkChoice:
        return LinkChoice(self.with_link.isChecked(), self.days.value())

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        target: SheetLinkTarget,
        *,
        checked: bool,
        made: FormLinkBlock | None = None,
        action: str = "",
    ) -> LinkChoice | None:
        """The choice, or None when the handout is not to be made after all."""
        dialog = cls(target, checked=checked, made=made, action=action, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


class LinkFailed:
    @classmethod
    def ask(cls, parent: QWidget | None, reason: str) -> bool:
        """No link could be made (offline, logged out…): True to make the handout without it."""
        text = translate(
            "HandoutLink",
            "回答用リンクを作成できませんでした。\n%1\n\n"
            "リンクとQRコードなしで配布資料を作成しますか？",
        ).replace("%1", reason)
        answer = QMessageBox.question(parent, translate("HandoutLink", "回答用リンク"), text)
        return answer == QMessageBox.StandardButton.Yes


__all__ = ["DEFAULT_DAYS", "HandoutLinkDialog", "LinkChoice", "LinkFailed"]
