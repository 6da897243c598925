"""A quiet, lasting hint in the status bar while the store is plain but should be encrypted
(the passphrase dialog was cancelled on a machine with no keyring; the core decides:
``dxfield.storekey.left_plain``). No dialog, no colour: a word and a tooltip saying how to
encrypt. Read off the UI thread once the window works, again when the store is reopened
(a restore or recovery swapped the file) and when the person comes back to the app (the
command line may have changed the setting meanwhile); hidden as soon as it is encrypted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget

from dxfield.changes import Changes


class PlainStoreHint(QLabel):
    """「暗号化されていません」 in the status bar while the store is plain; hidden otherwise."""

    def __init__(self, ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plain_store_hint")
        self.ops = ops
        self.setText(self.tr("暗号化されていません"))
        self.setToolTip(
            self.tr(
                "このデータファイルは暗号化されていません。パソコンを紛失すると中身を読まれる"
                "おそれがあります。\n暗号化するには、dxfield を起動し直して、たずねられたら"
                "パスフレーズを決めてください（OSのキーリングが使えないため、起動のたびに"
                "入力します）。または、dxfield を閉じてから「dxfield encryption enable」を"
                "実行してください。"
            )
        )
        self.hide()
        self.plain: bool | None = None  # the last answer (None: not asked yet)
        self._db = None
        ops.changed.connect(self._on_changes)
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._on_application_state)
        self.look()

    def look(self) -> None:
        """Ask (off the UI thread) whether the open store is plain where it should not be."""
        from dxfield.storekey import left_plain

        db = self._db = self.ops.db
        self.ops.query(lambda _session: left_plain(db.key), self._on_answer, self._on_error)

    def _on_answer(self, plain: bool) -> None:
        self.plain = bool(plain)
        self.setVisible(self.plain)

    def _on_error(self, _exc: BaseException) -> None:
        pass  # the store is closing or being swapped: the next look answers

    def _on_changes(self, _changes: Changes) -> None:
        if self.ops.db is not self._db:  # reopened: another file, perhaps encrypted now
            self.look()

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.look()
