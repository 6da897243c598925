"""Menu actions for backups, restore and exports, run through ``Ops`` off the UI thread.

For the desktop: ``actions = BackupActions(ops, data_dir, window)``; add
``actions.file_actions()`` to the File menu; show ``message`` in the status bar; on
``restored`` reopen the store (an older backup is migrated on opening) and refresh every
view; call ``actions.daily_backup()`` once after start-up. For an encrypted store it also
re-encrypts the plain backups and offers to remove the plain copies that cannot be
(``dxfield.storecopies``): the desktop's side of ``dxfield encryption enable``.

Long work (a large backup, an export of ten years) shows a progress dialog after a short
delay, so quick work does not flash one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QProgressDialog, QWidget

from dxfield.backup import backup_database, daily_backup
from dxfield.paths import backup_dir

from .dialogs import Messages
from .errors import detail_for, message_for
from .import_wizard import FileDialogs
from .qtcompat import emit

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 400
PERSONAL_EXPORT_WARNED = "privacy/personal_export_warned"
PLAIN_COPIES_KEPT = "privacy/plain_copies_kept"  # the plain copies the person chose to keep
LISTED_COPIES = 8


class BackupActions(QObject):
    message = Signal(str)  # one sentence for the status bar
    restored = Signal()  # the store was replaced: reopen it and refresh every view
    finished = Signal(object)  # the result of the last action (a path, a count), for tests
    copies_checked = Signal(object)  # the store's copies brought in line (a CopiesReport)

    def __init__(self, ops, data_dir: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.ops = ops
        self.data_dir = Path(data_dir)
        self.window = parent
        self._progress: QProgressDialog | None = None

        def action(text: str, slot: Callable[[], None]) -> QAction:
            act = QAction(text, parent)
            act.triggered.connect(slot)
            return act

        self.backup_action = action(self.tr("バックアップを作成…"), self._on_backup_triggered)
        self.restore_action = action(self.tr("バックアップから復元…"), self._on_restore_triggered)
        self.export_visits_action = action(
            self.tr("訪問予定をExcelに書き出す…"), lambda: self._on_export_triggered("visits_xlsx")
        )
        self.export_calendar_action = action(
            self.tr("訪問予定をカレンダー（.ics）に書き出す…"),
            lambda: self._on_export_triggered("visits_ics"),
        )
        self.export_trainings_action = action(
            self.tr("研修をExcelに書き出す…"), lambda: self._on_export_triggered("trainings_xlsx")
        )
        self.export_trainings_calendar_action = action(
            self.tr("研修予定をカレンダー（.ics）に書き出す…"),
            lambda: self._on_export_triggered("trainings_ics"),
        )
        self.export_actions_action = action(
            self.tr("アクション一覧をExcelに書き出す…"),
            lambda: self._on_export_triggered("actions"),
        )
        self.export_assessments_action = action(
            self.tr("アセスメント回答を書き出す（CSV/Excel）…"),
            lambda: self._on_export_triggered("assessments"),
        )
        self.blank_sheet_action = action(
            self.tr("記入用アセスメントシート（Excel）を作成…"),
            lambda: self._on_export_triggered("blank_sheet"),
        )

    def file_actions(self) -> list[QAction]:
        return [
            self.export_visits_action,
            self.export_calendar_action,
            self.export_trainings_action,
            self.export_trainings_calendar_action,
            self.export_actions_action,
            self.export_assessments_action,
            self.blank_sheet_action,
            self.backup_action,
            self.restore_action,
        ]

    @property
    def database_path(self) -> Path:
        return self.ops.db.path

    # -- progress and results ------------------------------------------------------------

    def _busy(self, text: str) -> None:
        progress = QProgressDialog(text, "", 0, 0, self.window)
        progress.setCancelButton(None)  # SQLite's backup and a file write cannot stop half-way
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_DELAY_MS)
        progress.setAutoClose(True)
        self._progress = progress

    def _done(self, text: str, result: Any) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        emit(self.message, text)
        emit(self.finished, result)

    def _failed(self, exc: BaseException) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        Messages.error(self.window, f"{message_for(exc)}\n{detail_for(exc)}")
        emit(self.finished, exc)

    # -- backup and restore --------------------------------------------------------------

    def daily_backup(self) -> None:
        """Today's automatic copy into backups/ (once a day, the newest two weeks kept)."""
        source, folder = self.database_path, backup_dir(self.data_dir)
        try:
            self.ops.exclusive(
                lambda: daily_backup(source, folder),
                lambda made: emit(self.finished, made),
                self._failed,
            )
            self.check_plain_copies()
        except RuntimeError:
            return  # the window closed before the delayed start-up copy: nothing to back up

    # -- the store's copies once it is encrypted -----------------------------------------

    def check_plain_copies(self) -> None:
        """Re-encrypt the plain backups of an encrypted store (a job cut off goes on here)
        and offer to remove the plain copies that cannot be; nothing for a plain store."""
        from dxfield.storecopies import bring_in_line

        db = self.ops.db
        if db.key is None:
            return
        data_dir, key, database = self.data_dir, db.key, db.path
        self.ops.exclusive(
            lambda: bring_in_line(data_dir, key, database),
            self._on_copies_checked,
            lambda exc: log.warning("the store's copies were not checked: %s", exc),
        )

    def _on_copies_checked(self, report) -> None:
        from .config import open_settings

        if report.reencrypted:
            text = self.tr("暗号化されていなかったバックアップ {0} 件を暗号化し直しました。")
            emit(self.message, text.format(len(report.reencrypted)))
        if report.salvage_reencrypted:
            from dxfield.messages import msg

            count = len(report.salvage_reencrypted)
            emit(self.message, msg("copies.salvage_reencrypted", count=count).text())
        settings = open_settings()
        kept = set(str(settings.value(PLAIN_COPIES_KEPT, "", type=str)).split("\n"))
        if any(str(c.path) not in kept for c in report.to_remove):
            self._offer_removal(report.to_remove, settings)
        emit(self.copies_checked, report)

    def _offer_removal(self, copies, settings) -> None:
        from dxfield.messages import msg
        from dxfield.storecopies import remove_copies

        lines = []
        for folder in dict.fromkeys(c.path.parent for c in copies[:LISTED_COPIES]):
            lines.append(self.tr("{0} の中:").format(folder))
            lines += [
                "・" + c.describe(name_only=True)
                for c in copies[:LISTED_COPIES]
                if c.path.parent == folder
            ]
        if len(copies) > LISTED_COPIES:
            lines.append(self.tr("ほか {0} 件").format(len(copies) - LISTED_COPIES))
        text = "\n\n".join(
            [
                msg("copies.remove_question", count=len(copies)).text(),
                "\n".join(lines),
                msg("copies.ssd_note").text(),
                self.tr("上書きして削除しますか？「いいえ」を選ぶと、これらのファイルは残し、"
                        "次回からはたずねません（新しく見つかったときはたずねます）。"),
            ]
        )  # fmt: skip
        if not Messages.confirm(self.window, self.tr("暗号化されていないファイル"), text):
            settings.setValue(PLAIN_COPIES_KEPT, "\n".join(str(c.path) for c in copies))
            return
        self.ops.exclusive(
            lambda: remove_copies(copies),
            lambda removed: self._done(msg("copies.removed", count=len(removed)).text(), removed),
            self._failed,
        )

    def _on_backup_triggered(self) -> None:
        suggested = str(Path.home() / f"dxfield-{date.today():%Y%m%d}.sqlite3")
        path = FileDialogs.save_path(
            self.window,
            self.tr("バックアップの保存先"),
            self.tr("dxfield バックアップ (*.sqlite3)"),
            suggested,
        )
        if path is not None:
            self.backup_to(path)

    def backup_to(self, path: Path) -> None:
        source = self.database_path
        self._busy(self.tr("バックアップを作成しています…"))
        self.ops.exclusive(
            lambda: backup_database(source, path),
            lambda made: self._done(self.tr("バックアップを作成しました: {0}").format(made), made),
            self._failed,
        )

    def _on_restore_triggered(self) -> None:
        path = FileDialogs.open_path(
            self.window,
            self.tr("復元するバックアップ"),
            self.tr("dxfield バックアップ (*.sqlite3)"),
        )
        if path is not None:
            self.restore_from(path)

    def restore_from(self, path: Path) -> None:
        """Check the file, ask (warning about unsynced changes), then replace the store."""
        from dxfield.restore import check_restore

        database = self.database_path
        self.ops.exclusive(
            lambda: check_restore(path, database), self._on_restore_checked, self._failed
        )

    def _on_restore_checked(self, plan) -> None:
        from .recovery import salvage_text, summary_text

        text = self.tr("次のバックアップで、現在のデータを置き換えます。") + "\n\n"
        text += summary_text(plan.summary)
        if plan.live is None and plan.live_problem:
            text += "\n\n" + self.tr(
                "現在のデータは壊れています。置き換える前に backups/damaged に保管します。"
            )
            text += salvage_text(plan.salvage)
        elif plan.unsynced_changes:
            text += "\n\n" + self.tr(
                "まだ同期していない変更が {0} 件あります。復元するとこれらは失われます。"
                "先に同期することをおすすめします。"
            ).format(plan.unsynced_changes)
        text += "\n\n" + self.tr("現在のデータは backups フォルダに保存してから置き換えます。")
        if not Messages.confirm(self.window, self.tr("バックアップから復元"), text):
            emit(self.finished, None)
            return
        source, database, folder = plan.source, self.database_path, backup_dir(self.data_dir)
        self._busy(self.tr("復元しています…"))
        db = self.ops.db

        def restore():
            from dxfield.restore import restore_database

            if plan.live is None:
                # The damaged file is swapped out by a rename: no pooled connection may keep
                # it open meanwhile (the store is reopened after the restore).
                db.close()
            # Confirmed by the person who read the warning above.
            return restore_database(
                source, database, backup_folder=folder, allow_unsynced=True, plan=plan
            ).safety

        self.ops.exclusive(restore, self._on_restored, self._failed)

    def _on_restored(self, safety) -> None:
        self._done(self.tr("復元しました。"), safety)
        emit(self.restored)

    # -- exports -------------------------------------------------------------------------

    def _on_export_triggered(self, what: str) -> None:
        today = f"{date.today():%Y%m%d}"
        choices = {
            "visits_xlsx": (self.tr("Excel (*.xlsx)"), f"訪問予定_{today}.xlsx"),
            "visits_ics": (self.tr("iCalendar (*.ics)"), f"訪問予定_{today}.ics"),
            "trainings_xlsx": (self.tr("Excel (*.xlsx)"), f"研修_{today}.xlsx"),
            "trainings_ics": (self.tr("iCalendar (*.ics)"), f"研修予定_{today}.ics"),
            "actions": (self.tr("Excel (*.xlsx)"), f"アクション_{today}.xlsx"),
            "assessments": (
                self.tr("CSV (*.csv);;Excel (*.xlsx)"),
                f"アセスメント回答_{today}.csv",
            ),
            "blank_sheet": (self.tr("Excel (*.xlsx)"), "アセスメントシート.xlsx"),
        }
        filters, name = choices[what]
        path = FileDialogs.save_path(
            self.window, self.tr("書き出し先"), filters, str(Path.home() / name)
        )
        if path is not None and self._personal_data_confirmed(what, path):
            self.export(what, path)

    def _personal_data_confirmed(self, what: str, path: Path) -> bool:
        """Once per installation: say that this export holds personal data and leaves the
        encrypted data folder; the person may still cancel."""
        from dxfield.io.personal import personal_data_leaving

        from .config import open_settings

        personal = personal_data_leaving(what, path, self.data_dir)
        settings = open_settings()
        if personal is None or settings.value(PERSONAL_EXPORT_WARNED, False, type=bool):
            return True
        names = {
            "participants": self.tr("先方の参加者の氏名"),
            "owners": self.tr("対応事項の担当者の氏名"),
            "respondents": self.tr("回答者の氏名"),
        }
        text = self.tr(
            "この書き出しには個人情報（{0}）が含まれます。書き出したファイルは暗号化されず、"
            "データフォルダーの外に保存されます。USBメモリ等に入れる場合は紛失にご注意ください。"
            "書き出しますか？（この確認は今回のみ表示します）"
        ).format(names[personal])
        settings.setValue(PERSONAL_EXPORT_WARNED, True)
        return Messages.confirm(self.window, self.tr("個人情報の書き出し"), text)

    def export(self, what: str, path: Path) -> None:
        from dxfield.io import exports, ics
        from dxfield.io.assessment_export import export_assessments

        writers: dict[str, Callable[[Any], Any]] = {
            "visits_xlsx": lambda s: exports.export_visits_xlsx(s, path),
            "visits_ics": lambda s: ics.export_visits_ics(s, path),
            "trainings_xlsx": lambda s: exports.export_trainings_xlsx(s, path),
            "trainings_ics": lambda s: ics.export_trainings_ics(s, path),
            "actions": lambda s: exports.export_actions_xlsx(s, path),
            "assessments": lambda s: export_assessments(s, path),
            "blank_sheet": lambda s: _write_blank_sheet(s, path),
        }
        self._busy(self.tr("書き出しています…"))
        self.ops.query(
            writers[what],
            lambda count: self._done(self.tr("書き出しました: {0}").format(path), count),
            self._failed,
        )


def _write_blank_sheet(session, path: Path) -> int:
    from dxfield.assessment.template import current_template, template_definition
    from dxfield.io.blank_sheet import write_blank_sheet
    from dxfield.services.municipalities import list_municipalities

    defn = template_definition(current_template(session))
    write_blank_sheet(path, defn, [m.name for m in list_municipalities(session)])
    return len(defn.questions)
