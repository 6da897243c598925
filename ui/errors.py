"""The one place where errors become words a user reads (after Anki's ``aqt/errors.py``).

Core errors carry a stable ``code`` (``dxfield.errors``); each code maps to a sentence that
says what happened and what the user can do. A rule's own message (a field's validation, an
import problem) comes with the error, by its code, from the core's one catalog
(``dxfield.messages``) in the UI's language: never looked up by another layer's wording.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale

from dxfield.errors import DxfieldError, ValidationError

translate = QCoreApplication.translate


def _messages() -> dict[str, str]:
    return {
        "database_locked": translate(
            "Errors",
            "データベースが他のプログラムに使われていて保存できません。"
            "入力した内容はそのまま残っています。しばらくしてから自動で再試行します。",
        ),
        "database_readonly": translate(
            "Errors",
            "データベースのファイルに書き込めません（読み取り専用）。"
            "入力した内容は画面に残っています。ファイルの権限を確認してください。",
        ),
        "disk_full": translate(
            "Errors",
            "ディスクの空き容量がありません。保存できませんでした。"
            "入力した内容は画面に残っています。空き容量を作ってください。",
        ),
        "database_corrupt": translate(
            "Errors",
            "データベースのファイルが壊れているか、dxfieldのファイルではありません。"
            "backups フォルダのバックアップから復元してください。",
        ),
        "database_newer": translate(
            "Errors",
            "このデータベースは新しいバージョンのdxfieldで作成されています。"
            "dxfieldを更新してから開いてください。",
        ),
        "database": translate("Errors", "データベースでエラーが起きました。"),
        "data_dir": translate("Errors", "データフォルダを作成または書き込みできません。"),
        "resource": translate(
            "Errors", "アプリに同梱されたファイルが見つからないか、壊れています。"
        ),
        "not_found": translate(
            "Errors", "対象のデータが見つかりません。他の端末で削除された可能性があります。"
        ),
        "duplicate": translate("Errors", "同じデータがすでに登録されています。"),
        "validation": translate("Errors", "入力内容を確認してください。"),
        "import": translate("Errors", "取り込むファイルに問題があります。"),
        "sync": translate(
            "Errors", "同期できませんでした。ネットワークが戻ったら再試行してください。"
        ),
        "error": translate("Errors", "処理中にエラーが起きました。"),
    }


def language() -> str:
    """The language of the core's catalog (``dxfield.messages``) that the UI speaks."""
    return "en" if QLocale().language() == QLocale.Language.English else "ja"


def message_for(exc: BaseException) -> str:
    """A user-facing sentence for ``exc``; unknown errors get a generic one."""
    if isinstance(exc, ValidationError):
        if exc.said is not None:
            return exc.text(language())
        return f"{_messages()['validation']}（{exc.message}）"
    if isinstance(exc, DxfieldError):
        messages = _messages()
        return messages.get(exc.code, messages["error"])
    return f"{_messages()['error']}（{type(exc).__name__}: {exc}）"


def field_of(exc: BaseException) -> str | None:
    """The form field a validation error belongs to, if any."""
    return exc.field if isinstance(exc, ValidationError) else None


def keeps_typing(exc: BaseException) -> bool:
    """True for failures where retrying later may succeed (locked, read-only, full disk)."""
    return getattr(exc, "code", "") in {"database_locked", "database_readonly", "disk_full"}
