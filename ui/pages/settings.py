"""Settings: the language (Japanese by default, English switchable) and where data lives."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ..config import language, settings_path


class SettingsPage(QWidget):
    def __init__(self, settings: QSettings, navigator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem("日本語", "ja")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(language(settings)))
        self.language.currentIndexChanged.connect(self._on_language)
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("表示言語"), self.language)
        form.addRow("", self.note)
        db_path = navigator.ops.db.path
        form.addRow(self.tr("データベース"), QLabel(str(db_path)))
        form.addRow(self.tr("設定ファイル"), QLabel(str(settings_path())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        try:  # data and backup folders, server, logs: owned by the field-install module
            from ..field_settings import AboutDialog, FieldSettingsBox
        except ModuleNotFoundError:
            pass
        else:
            layout.addWidget(FieldSettingsBox(db_path.parent))
            about = QPushButton(self.tr("dxfield について…"))
            about.clicked.connect(lambda: AboutDialog(db_path, self).open())
            layout.addWidget(about, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch()

    def _on_language(self, index: int) -> None:
        self._settings.setValue("language", self.language.itemData(index))
        self._settings.sync()
        self.note.setText(self.tr("次回の起動から切り替わります。"))
