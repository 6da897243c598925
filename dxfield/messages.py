"""What dxfield says to people about a rule or a file, keyed by stable codes.

A rule or an importer says *which* message with a ``Message`` (a code and its parameters);
the words live once, in Japanese (the default) and English, for the CLI, the app and
the importer's problem list alike: the errors' titles and sentences here, the rest by area in
``dxfield/catalog`` (the store, sync, the programme's data). A layer that shows a message looks it up by its code,
never by the wording of another layer. ``tests/core/test_messages.py`` fails when a code has
no Japanese text or a template names a parameter nobody gives.

Templates are ``str.format`` strings over the message's parameters; the English ones may use
``!r`` (``'生成AI;'``), the Japanese ones quote with 「」.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .catalog import store, sync, work

LANGUAGES = ("ja", "en")

# code -> (Japanese, English); one table, whichever module holds the words
CATALOG: dict[str, tuple[str, str]] = {
    # --- an error by its ``code`` (dxfield.errors): the CLI's short title (「エラー: title:
    # detail」) and the app's sentence saying what the user can do; looked up by ``by_code``
    "title.validation": ("入力内容に誤りがあります", "the input is not valid"),
    "title.not_found": ("見つかりません", "not found"),
    "title.duplicate": ("すでに登録されています", "already registered"),
    "title.database": ("データベースのエラーです", "database error"),
    "title.database_corrupt": (
        "データベースファイルが壊れているか、dxfield のファイルではありません",
        "the database file is damaged or not a dxfield file",
    ),
    "title.database_foreign": ("dxfield のデータではないファイルです", "not a dxfield data file"),
    "title.file_unreadable": ("ファイルを読み取れません", "the file cannot be read"),
    "title.backup": ("バックアップを書き込めません", "the backup cannot be written"),
    "title.store_key": (
        "データファイルを開けません（暗号化の鍵・パスフレーズが違うか、ないか、ファイルが"
        "壊れています）。何も変更していません",
        "the data file cannot be opened (the encryption key or passphrase is wrong or "
        "missing, or the file is damaged); nothing was changed",
    ),
    "title.store_key_unavailable": (
        "暗号化の鍵がありません（OS のキーリングが使えず、パスフレーズも入力されていません）。"
        "何も変更していません",
        "there is no encryption key (no usable system keyring and no passphrase given); "
        "nothing was changed",
    ),
    "title.encryption_unavailable": (
        "この環境では暗号化を使えません（SQLCipher がありません）",
        "encryption is not available here (no SQLCipher)",
    ),
    "title.database_newer": (
        "新しいバージョンの dxfield で作成されたデータベースです",
        "the database was written by a newer dxfield",
    ),
    "title.database_locked": (
        "データベースが他のプログラムに使用されています",
        "another program is using the database",
    ),
    "title.database_readonly": (
        "データベースファイルに書き込めません",
        "the database file cannot be written",
    ),
    "title.disk_full": ("ディスクの空き容量が不足しています", "the disk is full"),
    "title.data_dir": ("データフォルダーを使用できません", "the data folder cannot be used"),
    "title.resource": (
        "インストールが不完全です（同梱ファイルがありません）",
        "the installation is incomplete (a bundled file is missing)",
    ),
    "title.import": ("取り込めないデータがあります", "the data cannot be imported"),
    "title.report": ("帳票（PDF）を作成できません", "the report (PDF) cannot be made"),
    "title.export": ("ファイルを書き出せません", "the file cannot be written"),
    "title.unsynced_changes": ("未同期の変更があります", "there are unsynced changes"),
    "error.store_key": (
        "データファイルを開けません。暗号化の鍵またはパスフレーズが違うか、"
        "ファイルが壊れています。何も変更していません。",
        "The data file cannot be opened: the encryption key or passphrase is wrong, or the "
        "file is damaged. Nothing was changed.",
    ),
    "error.store_key_unavailable": (
        "暗号化の鍵がありません。OSのキーリングが使えず、パスフレーズも入力されていません。"
        "何も変更していません。",
        "There is no encryption key: the system keyring is not available and no passphrase "
        "was given. Nothing was changed.",
    ),
    "error.encryption_unavailable": (
        "この環境では暗号化を使えません（SQLCipherがありません）。",
        "Encryption is not available on this computer (SQLCipher is missing).",
    ),
    "error.database_locked": (
        "データベースが他のプログラムに使われていて保存できません。入力した内容はそのまま残っています。しばらくしてから自動で再試行します。",
        "Another program is using the database, so it could not be saved. What you typed is still there. dxfield will retry shortly.",
    ),
    "error.database_readonly": (
        "データベースのファイルに書き込めません（読み取り専用）。入力した内容は画面に残っています。ファイルの権限を確認してください。",
        "The database file cannot be written (read-only). What you typed is still on screen. Check the file's permissions.",
    ),
    "error.disk_full": (
        "ディスクの空き容量がありません。保存できませんでした。入力した内容は画面に残っています。空き容量を作ってください。",
        "The disk is full. Nothing could be saved. What you typed is still on screen. Please free some disk space.",
    ),
    "error.database_corrupt": (
        "データベースのファイルが壊れているか、dxfieldのファイルではありません。backups フォルダのバックアップから復元してください。",
        "The database file is damaged or is not a dxfield file. Restore it from a backup in the backups folder.",
    ),
    "error.database_newer": (
        "このデータベースは新しいバージョンのdxfieldで作成されています。dxfieldを更新してから開いてください。",
        "This database was written by a newer version of dxfield. Update dxfield, then open it.",
    ),
    "error.database": (
        "データベースでエラーが起きました。",
        "A database error occurred.",
    ),
    "error.data_dir": (
        "データフォルダを作成または書き込みできません。",
        "The data folder cannot be created or written.",
    ),
    "error.resource": (
        "アプリに同梱されたファイルが見つからないか、壊れています。",
        "A file bundled with the app is missing or damaged.",
    ),
    "error.not_found": (
        "対象のデータが見つかりません。他の端末で削除された可能性があります。",
        "The record was not found. It may have been deleted on another computer.",
    ),
    "error.duplicate": (
        "同じデータがすでに登録されています。",
        "The same data is already registered.",
    ),
    "error.validation": (
        "入力内容を確認してください。",
        "Please check your input.",
    ),
    "error.import": (
        "取り込むファイルに問題があります。",
        "The file to import has problems.",
    ),
    "error.export": ("ファイルを書き出せませんでした。", "The file could not be written."),
    "error.report": ("帳票（PDF）を作成できませんでした。", "The report (PDF) could not be made."),
    "error.backup": ("バックアップを書き込めませんでした。", "The backup could not be written."),
    "error.sync": (
        "同期できませんでした。ネットワークが戻ったら再試行してください。",
        "Could not sync. Try again when the network is back.",
    ),
    "error.error": (
        "処理中にエラーが起きました。",
        "An error occurred.",
    ),
    **store.TEXTS,
    **sync.TEXTS,
    **work.TEXTS,
}


@dataclass(frozen=True)
class Message:
    """Which message, with what in it; ``str()`` is the English text (for logs and tests)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str = "ja") -> str:
        return render(self.key, self.params, language)

    def __str__(self) -> str:
        return self.text("en")


def msg(key: str, **params: Any) -> Message:
    """A message by its code; an unknown code fails here, where it is written."""
    if key not in CATALOG:
        raise KeyError(f"no message {key!r} in dxfield.messages.CATALOG")
    return Message(key, params)


def render(key: str, params: Mapping[str, Any], language: str = "ja") -> str:
    """The text of ``key``; a parameter that is itself a ``Message`` is said in the same
    language (a check's result inside the sentence saying what failed)."""
    ja, en = CATALOG[key]
    said = {k: v.text(language) if isinstance(v, Message) else v for k, v in params.items()}
    return (en if language == "en" else ja).format_map(said)


def by_code(kind: str, code: str, language: str = "ja") -> str | None:
    """An error's ``kind`` of text ("title" or "error") for its ``code``; None when the
    catalog has none (the caller says something general)."""
    key = f"{kind}.{code}"
    return render(key, {}, language) if key in CATALOG else None


def as_json(said: Message) -> dict[str, Any]:
    """A message as JSON (its code and parameters, a message inside it alike), to store it
    and say it later in the reader's language."""
    params = {k: as_json(v) if isinstance(v, Message) else v for k, v in said.params.items()}
    return {"key": said.key, "params": params}


def from_json(data: Any) -> Message | None:
    """The message ``as_json`` stored; None for anything else (a text stored before codes,
    or a code or parameters this version does not know), which the caller shows as stored."""
    if not isinstance(data, dict) or data.get("key") not in CATALOG:
        return None
    stored = data.get("params")
    if not isinstance(stored, dict):
        return None
    params: dict[str, Any] = {}
    for name, value in stored.items():
        inner = from_json(value) if isinstance(value, dict) else value
        if isinstance(value, dict) and inner is None:
            return None
        params[name] = inner
    needed = {n for t in CATALOG[data["key"]] for _, n, _, _ in string.Formatter().parse(t) if n}
    return Message(data["key"], params) if needed <= params.keys() else None


class Refusal(ValueError):
    """A value that cannot be read, saying why with a ``Message`` (the cell readers' error)."""

    def __init__(self, said: Message) -> None:
        super().__init__(str(said))
        self.said = said


def said(exc: BaseException) -> Message | str:
    """What an error says: its ``Message`` when it has one, else its text."""
    return getattr(exc, "said", None) or str(exc)
