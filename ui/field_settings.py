"""Field settings and the About dialog (issue: a desktop build advisors can install).

``FieldSettingsBox`` edits what the command line and the window share (``dxfield.settings``:
data folder, backup folder), shows the sync server, and opens the log folder.
``AboutDialog`` says which version runs on which data. Both read the disk through ``Ops``
only; the one exception is ``stat`` of the database file, which never blocks.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dxfield import __version__
from dxfield.errors import DataDirError
from dxfield.paths import backup_dir, default_data_dir, ensure_data_dir, log_dir
from dxfield.settings import load_settings, save_settings

from .errors import detail_for, message_for
from .qtcompat import emit


class FolderDialogs:
    """Replaceable in tests (no modal loop to fight)."""

    @classmethod
    def choose(cls, parent: QWidget, title: str, start: str) -> str:
        return QFileDialog.getExistingDirectory(parent, title, start)


def open_folder(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class FieldSettingsBox(QGroupBox):
    """Data folder, backup folder, server and logs. Changes apply at the next start."""

    saved = Signal()

    def __init__(self, data_dir: Path, server_url: str = "", parent: QWidget | None = None):
        super().__init__(self.tr("現場での設定"), parent)
        self._data_dir = data_dir
        settings = load_settings()
        self.data_dir_edit = QLineEdit(settings.data_dir)
        self.data_dir_edit.setPlaceholderText(str(default_data_dir()))
        self.backup_dir_edit = QLineEdit(settings.backup_dir)
        self.backup_dir_edit.setPlaceholderText(str(data_dir / "backups"))
        self.error = QLabel()
        self.error.setObjectName("fieldSettingsError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.server = QLabel(server_url or self.tr("未設定（同期 → ログインで設定）"))
        self.server.setObjectName("serverUrl")
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.clicked.connect(self._on_save)
        self.log_button = QPushButton(self.tr("ログフォルダーを開く"))
        self.log_button.clicked.connect(lambda: open_folder(log_dir()))

        form = QFormLayout()
        form.addRow(
            self.tr("データフォルダー"), self._with_browse(self.data_dir_edit, "browseDataDir")
        )
        form.addRow("", QLabel(self.tr("使用中: {0}").format(data_dir)))
        form.addRow(
            self.tr("バックアップ先"), self._with_browse(self.backup_dir_edit, "browseBackupDir")
        )
        form.addRow(self.tr("同期サーバー"), self.server)
        form.addRow(self.tr("ログ"), self.log_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)

    def _with_browse(self, edit: QLineEdit, name: str) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        browse = QPushButton(self.tr("参照…"))
        browse.setObjectName(name)
        browse.clicked.connect(lambda: self._on_browse(edit))
        row.addWidget(browse)
        return box

    def _on_browse(self, edit: QLineEdit) -> None:
        chosen = FolderDialogs.choose(
            self, self.tr("フォルダーを選択"), edit.text() or str(Path.home())
        )
        if chosen:
            edit.setText(chosen)

    def _on_save(self) -> None:
        """Check both folders can be written before saving anything."""
        self.error.clear()
        values = {
            "data_dir": self.data_dir_edit.text().strip(),
            "backup_dir": self.backup_dir_edit.text().strip(),
        }
        for key, text in values.items():
            if not text:
                continue
            try:
                ensure_data_dir(Path(text).expanduser())
            except DataDirError as exc:
                label = (
                    self.tr("データフォルダー") if key == "data_dir" else self.tr("バックアップ先")
                )
                self.error.setText(f"{label}: {message_for(exc)}\n{detail_for(exc)}")
                return
        save_settings(load_settings().with_changes(**values))
        self.status.setText(
            self.tr("保存しました。データフォルダーの変更は次回の起動から有効です。")
        )
        emit(self.saved)


def database_size(path: Path) -> int:
    """The store's size including its WAL, which holds the newest commits."""
    total = 0
    for candidate in (path, path.with_name(path.name + "-wal")):
        if candidate.exists():
            total += candidate.stat().st_size
    return total


class AboutDialog(QDialog):
    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("dxfield について"))
        size_mb = database_size(database) / 1_000_000
        frozen = getattr(sys, "frozen", False)
        form = QFormLayout()
        self.version = QLabel(__version__)
        self.version.setObjectName("version")
        form.addRow(self.tr("バージョン"), self.version)
        form.addRow(self.tr("データフォルダー"), self._selectable(str(database.parent)))
        self.size = QLabel(self.tr("{0:.1f} MB").format(size_mb))
        self.size.setObjectName("databaseSize")
        form.addRow(self.tr("データベースの大きさ"), self.size)
        form.addRow(self.tr("バックアップ先"), self._selectable(str(backup_dir(database.parent))))
        form.addRow(self.tr("ログ"), self._selectable(str(log_dir())))
        form.addRow(
            "Qt / Python",
            QLabel(
                f"PySide6 {pyside_version} / Python {sys.version.split()[0]}"
                + (" (bundle)" if frozen else "")
            ),
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        logs = buttons.addButton(
            self.tr("ログフォルダーを開く"), QDialogButtonBox.ButtonRole.ActionRole
        )
        logs.clicked.connect(lambda: open_folder(log_dir()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @staticmethod
    def _selectable(text: str) -> QLabel:
        label = QLabel(text)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    @classmethod
    def show_for(cls, database: Path, parent: QWidget | None = None) -> AboutDialog:
        dialog = cls(database, parent)
        dialog.open()
        return dialog


__all__ = ["AboutDialog", "FieldSettingsBox", "FolderDialogs", "database_size", "open_folder"]
