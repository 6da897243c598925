"""The web-form link on a handout (面談記録): before the handout of a visit that asks for an
assessment sheet (アセスメントシート, 初回面談: the baseline; 評価面談: the evaluation) is
made, a laptop logged in to the server may have the sheet's link made there and printed with
its QR code, as ``dxfield report visit --form-link`` does from the command line.

``HandoutLinkDialog.ask`` (the choice) and ``LinkFailed.ask`` (no link could be made: carry on
without it?) are classmethods so that tests replace them instead of fighting a modal loop.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal
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

from dxfield.reports.data import FormLinkBlock, Sheet, SheetLinkTarget

from .qtcompat import emit

translate = QCoreApplication.translate
DEFAULT_DAYS = 60  # as `dxfield invite add` and the municipality page's link dialog


@dataclass(frozen=True)
class LinkChoice:
    with_link: bool
    days: int = DEFAULT_DAYS


class HandoutLinkDialog(QDialog):
    """「回答用リンクとQRコードを載せる」 and for how long the links work, for the sheets of
    the handouts about to be made (one visit's, or a day's printed together)."""

    def __init__(
        self,
        targets: Sequence[SheetLinkTarget],
        *,
        checked: bool,
        made: Mapping[Sheet, FormLinkBlock] | None = None,
        action: str = "",
        parent: QWidget | None = None,
    ) -> None:
        """``made``: the links made for some of these sheets earlier in this run (printed
        again: one valid link per sheet, not one per print); ``action``: what the OK button
        does (「印刷」, 「プレビュー」)."""
        super().__init__(parent)
        from sync.invite_cli import KINDS, year_heading

        made = made or {}
        self.setWindowTitle(translate("HandoutLink", "配布資料（面談記録）"))
        headings = "\n".join(
            year_heading(t.municipality, t.fiscal_year, KINDS[t.kind.value]) for t in targets
        )
        self.with_link = QCheckBox(translate("HandoutLink", "回答用リンクとQRコードを載せる"))
        self.with_link.setObjectName("handout_form_link")
        self.with_link.setChecked(checked)
        self.days = QSpinBox()
        self.days.setRange(1, 400)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(translate("HandoutLink", " 日"))
        missing = sum(1 for t in targets if t.sheet not in made)
        self.note = QLabel(_note(targets, made, missing))
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(translate("HandoutLink", "対象"), QLabel(headings))
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
        self.days.setVisible(bool(missing))
        label = form.labelForField(self.days)
        if label is not None:
            label.setVisible(bool(missing))
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
        targets: Sequence[SheetLinkTarget],
        *,
        checked: bool,
        made: Mapping[Sheet, FormLinkBlock] | None = None,
        action: str = "",
    ) -> LinkChoice | None:
        """The choice, or None when the handouts are not to be made after all."""
        dialog = cls(targets, checked=checked, made=made, action=action, parent=parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


def _note(
    targets: Sequence[SheetLinkTarget], made: Mapping[Sheet, FormLinkBlock], missing: int
) -> str:
    if not missing and len(targets) == 1:
        text = translate("HandoutLink", "先ほど作成したリンクを載せます（回答期限：%1）。")
        return text.replace("%1", made[targets[0].sheet].expires or "—")
    if not missing:
        text = translate("HandoutLink", "先ほど作成したリンク（%1 件）を載せます。")
        return text.replace("%1", str(len(targets)))
    if len(targets) == 1:
        return translate(
            "HandoutLink",
            "サーバーでアセスメントシートのWebフォームのリンクを作成し、QRコードと一緒に"
            "配布資料に載せます。",
        )
    text = translate(
        "HandoutLink",
        "サーバーで %1 件のアセスメントシートのWebフォームのリンクをまとめて作成し、"
        "QRコードと一緒にそれぞれの配布資料に載せます。",
    ).replace("%1", str(missing))
    if missing < len(targets):
        again = translate("HandoutLink", "ほかの %1 件は先ほど作成したリンクを載せます。")
        text += again.replace("%1", str(len(targets) - missing))
    return text


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


class SheetLinks(QObject):
    """Offers the web-form links of the handouts about to be made and makes the missing ones
    on the server in one request (``controller.call_server``); the links made are kept for
    this run, per sheet, and printed again rather than made anew. Shared by one visit's
    handout and a day's printed together (``ui.printing``)."""

    message = Signal(str)  # a line for the status bar

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._parent = parent
        self.with_link = False  # the last choice, offered again
        self.made: dict[Sheet, FormLinkBlock] = {}

    def offer(
        self,
        targets: Sequence[SheetLinkTarget],
        action: str,
        then: Callable[[dict[Sheet, FormLinkBlock]], None],
        cancelled: Callable[[], None],
    ) -> None:
        """Ask, make what is missing, then ``then(links)`` (sheet -> link; empty: print without
        links) on the UI thread, or ``cancelled()`` if the handouts are not to be made.

        No link can be made (offline, logged out…): ``LinkFailed`` says why and asks whether to
        make the handouts without the new links (those made before are still printed)."""
        sheets = list({t.sheet: t for t in targets}.values())  # two visits, one sheet: one link
        if not sheets:
            then({})
            return
        made = {t.sheet: self.made[t.sheet] for t in sheets if t.sheet in self.made}
        choice = HandoutLinkDialog.ask(
            self._parent, sheets, checked=self.with_link, made=made, action=action
        )
        if choice is None:
            cancelled()
            return
        self.with_link = choice.with_link
        missing = [t for t in sheets if t.sheet not in made]
        if not choice.with_link or not missing:
            then(made if choice.with_link else {})
            return
        from sync.invite_cli import handout_block, sheet_payload

        payloads = [
            sheet_payload(t.kind.value, t.municipality_id, t.fiscal_year, choice.days)
            for t in missing
        ]

        def done(links: list[dict]) -> None:
            emit(self.message, "")
            for target, link in zip(missing, links, strict=True):
                self.made[target.sheet] = handout_block(link)
            then({t.sheet: self.made[t.sheet] for t in sheets})

        def failed(error: BaseException) -> None:
            from .errors import message_for

            emit(self.message, "")
            if LinkFailed.ask(self._parent, message_for(error)):
                then(made)
            else:
                cancelled()

        emit(self.message, translate("HandoutLink", "サーバーで回答用リンクを作成しています…"))

        def make(client) -> list[dict]:
            if len(payloads) == 1:
                return [client.create_invite(payloads[0])]
            return client.create_invites(payloads)  # one round trip for all, all or none

        self.controller.call_server(make, done, failed)


__all__ = ["DEFAULT_DAYS", "HandoutLinkDialog", "LinkChoice", "LinkFailed", "SheetLinks"]
