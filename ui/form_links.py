"""Making a web-form link from the app: a municipality's assessment sheet (from its page),
or a training's survey (from the trainings page).

The link is made on the server (the laptop must be logged in) and shown once: copy it, or
save a page with its QR code to hand over. The server keeps only its hash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dxfield.enums import ResponseKind

from . import labels
from .errors import message_for
from .qtcompat import emit

translate = QCoreApplication.translate


class FormLinkDialog(QDialog):
    saved = Signal(str)  # the message after the QR page was written (or not)

    def __init__(
        self,
        controller,
        municipality_id: str,
        town: str,
        year: int,
        parent: QWidget | None = None,
        *,
        training_id: str | None = None,
    ) -> None:
        """For a training's survey give ``training_id`` (``town`` is then its title)."""
        super().__init__(parent)
        self.controller = controller
        self.municipality_id = municipality_id
        self.training_id = training_id
        self.town = town
        self.year = year
        self.link: dict[str, Any] | None = None
        self.setWindowTitle(translate("FormLinks", "Webフォームのリンク"))
        self.kind = QComboBox()
        if training_id:
            self.kind.addItem(translate("FormLinks", "研修アンケート"), "survey")
        else:
            for kind in ResponseKind:
                self.kind.addItem(labels.response_kind(kind), kind.value)
        self.days = QSpinBox()
        self.days.setRange(1, 400)
        self.days.setValue(60)
        self.days.setSuffix(translate("FormLinks", " 日"))
        self.make = QPushButton(translate("FormLinks", "リンクを発行"))
        self.make.clicked.connect(self._on_make_clicked)
        self.url = QLineEdit()
        self.url.setReadOnly(True)
        self.url.setObjectName("form_link_url")
        self.copy = QPushButton(translate("FormLinks", "コピー"))
        self.copy.clicked.connect(lambda: QApplication.clipboard().setText(self.url.text()))
        self.save_qr = QPushButton(translate("FormLinks", "QRコードのPDFを保存…"))
        self.save_qr.clicked.connect(self._on_save_qr_clicked)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        target = town if training_id else f"{town}　{year}年度"
        form.addRow(translate("FormLinks", "対象"), QLabel(target))
        form.addRow(translate("FormLinks", "区分"), self.kind)
        form.addRow(translate("FormLinks", "有効期間"), self.days)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.make)
        layout.addLayout(row)
        layout.addWidget(self.save_qr)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._set_link(None)
        self.resize(560, 260)

    def _set_link(self, link: dict[str, Any] | None) -> None:
        self.link = link
        self.url.setText(link["url"] if link else "")
        self.copy.setEnabled(link is not None)
        self.save_qr.setEnabled(link is not None)

    def _on_make_clicked(self) -> None:
        if self.training_id:
            payload = {"kind": "survey", "training_id": self.training_id}
            payload["days"] = self.days.value()
        else:
            from sync.invite_cli import sheet_payload

            payload = sheet_payload(
                self.kind.currentData(), self.municipality_id, self.year, self.days.value()
            )
        self.make.setEnabled(False)
        self.message.setText(translate("FormLinks", "サーバーでリンクを発行しています…"))
        self.controller.call_server(
            lambda client: client.create_invite(payload), self._on_made, self._on_failed
        )

    def _on_made(self, link: dict[str, Any]) -> None:
        self.make.setEnabled(True)
        self._set_link(link)
        self.message.setText(
            translate(
                "FormLinks", "リンクは今だけ表示されます。コピーするかQRコードを保存してください。"
            )
        )

    def _on_failed(self, error: BaseException) -> None:
        self.make.setEnabled(True)
        self.message.setText(message_for(error))

    @classmethod
    def ask_path(cls, parent: QWidget, suggested: str) -> Path | None:
        """Where to save the QR page (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(
            parent, translate("FormLinks", "QRコードのPDFを保存"), suggested, "PDF (*.pdf)"
        )
        return Path(path) if path else None

    def _on_save_qr_clicked(self) -> None:
        if self.link is None:
            return
        path = self.ask_path(self, f"{self.town}_{self.year}_Webフォーム.pdf")
        if path is None:
            return
        link = dict(self.link)
        if self.training_id:
            heading, title = self.town, "研修アンケート"
        else:
            from sync.invite_cli import year_heading

            heading = year_heading(self.town, self.year, self.kind.currentText())
            title = "アセスメントシート"

        def write() -> str:
            from dxfield.reports.form_link import link_sheet_pdf
            from sync.invite_cli import when

            pdf = link_sheet_pdf(
                url=link["url"],
                title=title,
                heading=heading,
                expires=when(link["expires_at"]),
            )
            try:
                path.write_bytes(pdf)
            except OSError as exc:
                return translate("FormLinks", "保存できませんでした: %1").replace(
                    "%1", exc.strerror or ""
                )
            return translate("FormLinks", "保存しました: %1").replace("%1", str(path))

        self.controller.ops.run(write, self._saved, self._on_failed, name="dxfield-qr-page")

    def _saved(self, text: str) -> None:
        self.message.setText(text)
        emit(self.saved, text)
