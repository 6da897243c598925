"""When the store cannot be opened at start: say so, show what can be saved, offer the ways
back (the core decides what they are: ``dxfield.recovery``).

``RecoveryDialog.ask`` is what the start-up calls and what tests replace. The file is never
overwritten: whichever way is chosen, it is kept as it was in ``backups/damaged/``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from .errors import language

translate = QCoreApplication.translate
log = logging.getLogger(__name__)

BACKUP, FRESH, QUIT = "backup", "fresh", "quit"


@dataclass(frozen=True)
class RecoveryChoice:
    action: str  # BACKUP, FRESH or QUIT
    backup: Path | None = None
    put_back: bool = True  # the salvaged unsynced edits go into the new store


@dataclass(frozen=True)
class Recovery:
    """The store cannot be used and recovery is for it: what the dialog needs."""

    error: BaseException
    diagnosis: Any  # dxfield.recovery.Diagnosis
    logged_in: bool


# -- off the UI thread (no Qt) --------------------------------------------------------------


def recovery_needed(ctx, exc: BaseException) -> BaseException | Recovery:
    """On the opener thread: ``exc`` itself, or what recovery needs to offer its ways back."""
    failed = getattr(ctx, "failed_store", None)
    if failed is None:
        return exc
    return _diagnosed(ctx.data_dir, failed) or exc


def _diagnosed(data_dir: Path, error: BaseException) -> Recovery | None:
    try:
        from dxfield.paths import backup_dir, database_path
        from dxfield.recovery import diagnose

        diagnosis = diagnose(database_path(data_dir), backup_dir(data_dir), error)
        return Recovery(error, diagnosis, logged_in(diagnosis.server_url))
    except Exception:
        log.exception("diagnosing the store failed")
        return None


def logged_in(url: str | None) -> bool:
    if not url:
        return False
    try:
        from sync.credentials import load_token

        return bool(load_token(url))
    except Exception:  # no keyring: not logged in, as far as recovery can tell
        return False


def check_open_store(session, data_dir: Path) -> Recovery | None:
    """On a reader: SQLite's ``quick_check`` of the open store (too slow for the start-up
    path on a large store, so run once the window works); what recovery needs if it fails."""
    from dxfield.errors import CorruptDatabaseError
    from dxfield.messages import msg

    raw = session.connection().connection.driver_connection
    try:
        results = [r[0] for r in raw.execute("PRAGMA quick_check(20)")]
    except Exception as exc:  # the check itself could not read the file
        results = [str(exc)]
    if results == ["ok"]:
        return None
    log.error("the store failed its check: %s", "; ".join(results[:5]))
    error = CorruptDatabaseError(msg("store.check_failed", detail="; ".join(results[:3])))
    return _diagnosed(data_dir, error)


def apply_choice(diagnosis, choice: RecoveryChoice) -> None:
    """On a worker: the way back the person chose (the store must be closed meanwhile)."""
    from dxfield.recovery import fresh_store
    from dxfield.restore import check_restore, restore_database

    if choice.action == BACKUP and choice.backup is not None:
        restore_database(
            choice.backup,
            diagnosis.database,
            backup_folder=diagnosis.backup_folder,
            allow_unsynced=True,
            plan=check_restore(choice.backup, diagnosis.database),
            put_back_salvage=choice.put_back,
        )
    elif choice.action == FRESH:
        fresh_store(
            diagnosis.database, diagnosis.backup_folder, diagnosis.salvage, put_back=choice.put_back
        )


# -- the dialog ----------------------------------------------------------------------------


def table_label(table: str) -> str:
    labels = {
        "visit": translate("Recovery", "訪問・面談"),
        "note_section": translate("Recovery", "面談記録"),
        "action_item": translate("Recovery", "対応事項"),
        "assessment_response": translate("Recovery", "アセスメント回答"),
        "answer": translate("Recovery", "アセスメントの回答"),
        "contact": translate("Recovery", "先方の担当者"),
        "team_member": translate("Recovery", "チームのメンバー"),
        "visit_member": translate("Recovery", "訪問の参加者"),
        "training": translate("Recovery", "研修"),
        "training_municipality": translate("Recovery", "研修の参加市町村"),
        "survey_response": translate("Recovery", "研修アンケートの回答"),
        "survey_answer": translate("Recovery", "研修アンケートの回答内容"),
        "need": translate("Recovery", "ニーズ・要望"),
        "proposal_draft": translate("Recovery", "提案のたたき台の版"),
        "municipality": translate("Recovery", "市町村"),
        "programme_year": translate("Recovery", "年度"),
        "phase_window": translate("Recovery", "フェーズの期間"),
    }
    return labels.get(table, table)


def summary_text(summary) -> str:
    """What a store file holds, in a line or three a person reads before choosing it."""
    counts = translate("Recovery", "、").join(
        translate("Recovery", "{0} {1}件").format(table_label(t), f"{n:,}")
        for t, n in summary.counts.items()
    )
    saved = translate("Recovery", "{0} 保存").format(f"{summary.modified_at:%Y-%m-%d %H:%M}")
    if summary.newest_edit is not None:
        saved += translate("Recovery", "（最後の編集 {0}）").format(
            f"{summary.newest_edit:%Y-%m-%d %H:%M}"
        )
    lines = [saved, counts]
    return "\n".join(lines)


# What a person looks for first among the salvaged edits.
_FIRST = ("note_section", "visit", "action_item", "assessment_response", "answer", "contact")
MAX_LISTED = 500


def _ordered(salvage) -> list:
    rank = {t: n for n, t in enumerate(_FIRST)}
    return sorted(salvage.readable, key=lambda c: rank.get(c.table, len(rank)))


def salvage_lines(salvage, limit: int = MAX_LISTED) -> list[str]:
    changes = _ordered(salvage)
    lines = [f"{table_label(c.table)}  {salvage.describe(c)}" for c in changes[:limit]]
    if len(changes) > limit:
        lines.append(translate("Recovery", "…ほか {0} 件").format(f"{len(changes) - limit:,}"))
    return lines


def salvage_counts(salvage) -> str:
    counts: dict[str, int] = {}
    for change in _ordered(salvage):
        counts[change.table] = counts.get(change.table, 0) + 1
    return translate("Recovery", "、").join(
        translate("Recovery", "{0} {1}件").format(table_label(t), f"{n:,}")
        for t, n in counts.items()
    )


def salvage_text(salvage, limit: int = 8) -> str:
    """The unsynced edits read out of a damaged store, listed before anything is replaced."""
    if salvage is None or not (salvage.readable or salvage.lost):
        return ""
    lines = [
        "",
        translate("Recovery", "読み出せた未同期の変更 {0} 件は、復元後のデータに戻します:").format(
            len(salvage.readable)
        ),
    ]
    lines += [f"・{line}" for line in salvage_lines(salvage, limit)]
    if salvage.lost:
        lines.append(
            translate("Recovery", "読み出せなかった未同期の変更: {0} 件").format(salvage.lost)
        )
    return "\n".join(lines)


class RecoveryDialog(QDialog):
    """The store failed to open or its checks: the ways back, the salvaged edits listed."""

    def __init__(
        self, parent: QWidget | None, diagnosis, *, logged_in: bool, running: bool = False
    ) -> None:
        super().__init__(parent)
        self.diagnosis = diagnosis
        self.setWindowTitle(self.tr("データを開けません"))
        layout = QVBoxLayout(self)
        if str(getattr(diagnosis.said, "key", "")).startswith("store_key."):
            # No key or a wrong one (a cancelled passphrase, a typo) looks like damage from
            # outside; the way back is usually to start again and type it.
            why = self.tr(
                "この端末のデータ（{0}）は暗号化されていますが、鍵またはパスフレーズがないため"
                "開けません（入力されなかったか違っていたか、ファイルが壊れています）。"
                "パスフレーズが分かる場合は「何もせずに終了する」を選び、もう一度起動して入力"
                "してください。バックアップも同じパスフレーズで暗号化されています。"
            )
        else:
            why = self.tr(
                "この端末のデータ（{0}）は壊れているか、dxfield のデータではないため開けません。"
            )
        keep = self.tr("このファイルは上書きせず、backups フォルダの damaged に保管します。")
        intro = QLabel(why.format(diagnosis.database) + keep)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        detail = QLabel(diagnosis.problem_text(language()))
        detail.setWordWrap(True)
        detail.setStyleSheet("color: palette(mid);")
        layout.addWidget(detail)

        salvage = diagnosis.salvage
        self.salvaged = QListWidget()
        self.put_back = QCheckBox(self.tr("読み出せた変更を新しいデータに戻す（次の同期で送信）"))
        self.put_back.setChecked(True)
        box = QGroupBox(self.tr("まだ同期していない変更"))
        inner = QVBoxLayout(box)
        if salvage.readable:
            counts = QLabel(salvage_counts(salvage))
            counts.setWordWrap(True)
            inner.addWidget(counts)
            for line in salvage_lines(salvage):
                self.salvaged.addItem(line)
            inner.addWidget(self.salvaged)
            inner.addWidget(self.put_back)
        else:
            inner.addWidget(QLabel(self.tr("読み出せた未同期の変更はありません。")))
            self.put_back.setChecked(False)
        if salvage.lost:
            inner.addWidget(
                QLabel(self.tr("読み出せなかった未同期の変更: {0} 件").format(salvage.lost))
            )
        layout.addWidget(box)

        self.choices = QButtonGroup(self)
        self.from_backup = QRadioButton(self.tr("バックアップから復元する"))
        self.backups = QListWidget()
        # A backup's counts run to a few lines: wrapped, read without scrolling sideways.
        self.backups.setWordWrap(True)
        self.backups.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for summary in diagnosis.backups:
            text = summary_text(summary)
            if summary.path.parent != diagnosis.backup_folder:  # made before the folder moved
                text += "\n" + self.tr("以前のバックアップフォルダー: {0}").format(
                    summary.path.parent
                )
            item = QListWidgetItem(text)
            item.setData(256, str(summary.path))
            self.backups.addItem(item)
        if diagnosis.backups:
            self.backups.setCurrentRow(0)
        else:
            self.from_backup.setEnabled(False)
            self.from_backup.setText(
                self.tr("バックアップから復元する（使えるバックアップがありません）")
            )
        self.backups.setEnabled(bool(diagnosis.backups))
        if logged_in:
            fresh = self.tr("サーバー（{0}）からデータを取り直す").format(diagnosis.server_url)
        else:
            fresh = self.tr(
                "空のデータで始め直す（ログインしていないため、サーバーからは取得しません）"
            )
        self.fresh = QRadioButton(fresh)
        self.quit = QRadioButton(
            self.tr("このまま続ける（次の起動時にもう一度確認します）")
            if running
            else self.tr("何もせずに終了する")
        )
        for n, button in enumerate((self.from_backup, self.fresh, self.quit)):
            self.choices.addButton(button, n)
        layout.addWidget(self.from_backup)
        layout.addWidget(self.backups)
        layout.addWidget(self.fresh)
        layout.addWidget(self.quit)
        (
            self.from_backup if diagnosis.backups else self.fresh if logged_in else self.quit
        ).setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 640)

    def choice(self) -> RecoveryChoice:
        put_back = self.put_back.isChecked()
        if self.from_backup.isChecked() and self.backups.currentItem() is not None:
            return RecoveryChoice(BACKUP, Path(self.backups.currentItem().data(256)), put_back)
        if self.fresh.isChecked():
            return RecoveryChoice(FRESH, None, put_back)
        return RecoveryChoice(QUIT)

    @classmethod
    def ask(
        cls, parent: QWidget | None, diagnosis, *, logged_in: bool, running: bool = False
    ) -> RecoveryChoice:
        """``running``: found by the check after start (quitting then means going on)."""
        dialog = cls(parent, diagnosis, logged_in=logged_in, running=running)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return RecoveryChoice(QUIT)
            return dialog.choice()
        finally:
            dialog.deleteLater()
