"""The one place where errors become words a user reads (after Anki's ``aqt/errors.py``).

Core errors carry a stable ``code`` (``dxfield.errors``); each code maps to a sentence that
says what happened and what the user can do. Field-level validation messages are mapped
here too, so a form can show them next to the field.
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


def _field_messages() -> dict[str, str]:
    """Validation messages of the core, by their English text, in the user's language."""
    return {
        "choose a municipality": translate("Errors", "市町村を選んでください。"),
        "the start is not a valid date and time": translate(
            "Errors", "開始日時が正しくありません。"
        ),
        "the end is not a valid date and time": translate("Errors", "終了日時が正しくありません。"),
        "the end must be after the start": translate("Errors", "終了は開始より後にしてください。"),
        "a visit must start and end in the same programme year (年度)": translate(
            "Errors", "開始と終了は同じ年度内にしてください。"
        ),
        "say what is to be done": translate("Errors", "対応内容を入力してください。"),
        "a contact needs a name": translate("Errors", "氏名を入力してください。"),
        "give the training a title": translate("Errors", "研修名を入力してください。"),
        "the title is longer than 200 characters": translate(
            "Errors", "研修名は200文字以内にしてください。"
        ),
        "a training must start and end in the same programme year (年度)": translate(
            "Errors", "開始と終了は同じ年度内にしてください。"
        ),
        "say where it is held (会場)": translate("Errors", "会場を入力してください。"),
        "a number of people is a whole number, 0 or more": translate(
            "Errors", "人数は0以上の整数で入力してください（未集計なら空欄）。"
        ),
        "the number of people is implausibly large": translate(
            "Errors", "人数が多すぎます。入力を確認してください。"
        ),
        "unknown municipality": translate("Errors", "市町村が見つかりません。"),
        "a municipality is listed twice": translate("Errors", "同じ市町村が2回選ばれています。"),
        "this kind of training is held for at least one municipality": translate(
            "Errors", "参加市町村を1つ以上選んでください。"
        ),
        "the visit it was held with no longer exists": translate(
            "Errors", "あわせて実施した訪問が見つかりません（削除された可能性があります）。"
        ),
        "the visit it was held with is with a municipality that does not take part": translate(
            "Errors", "あわせて実施した訪問の市町村が、参加市町村に含まれていません。"
        ),
        "unknown survey": translate("Errors", "アンケートの様式が見つかりません。"),
        "write what the need is": translate("Errors", "ニーズの内容を入力してください。"),
        "the need is longer than 2000 characters": translate(
            "Errors", "ニーズは2000文字以内にしてください。"
        ),
        "unknown domain": translate("Errors", "分野を選んでください。"),
        "a theme tag is longer than 40 characters": translate(
            "Errors", "テーマは1つ40文字以内にしてください。"
        ),
        "at most 8 theme tags per need": translate("Errors", "テーマは8つまでにしてください。"),
        "the day it was heard is not a date": translate("Errors", "聞いた日が正しくありません。"),
        "the day it was heard is outside the programme year (年度)": translate(
            "Errors", "聞いた日が、このニーズの年度の外です。"
        ),
        "the measure's name is longer than 200 characters": translate(
            "Errors", "施策名は200文字以内にしてください。"
        ),
        "the note is longer than 4000 characters": translate(
            "Errors", "検討メモは4000文字以内にしてください。"
        ),
        "this need is already registered": translate(
            "Errors", "このニーズはすでに登録されています。"
        ),
        "choose a line with words in it": translate("Errors", "文字のある行を選んでください。"),
        "the line is no longer in the record it was taken from": translate(
            "Errors", "その行は元の記録にもうありません（編集された可能性があります）。"
        ),
        "only a free-text answer can become a need": translate(
            "Errors", "自由記述の回答だけをニーズにできます。"
        ),
        "the label is longer than 80 characters": translate(
            "Errors", "版の名前は80文字以内にしてください。"
        ),
    }


def language() -> str:
    """The language of the core's catalog (``dxfield.messages``) that the UI speaks."""
    return "en" if QLocale().language() == QLocale.Language.English else "ja"


def message_for(exc: BaseException) -> str:
    """A user-facing sentence for ``exc``; unknown errors get a generic one."""
    if isinstance(exc, ValidationError):
        known = _field_messages().get(exc.message)
        if known:
            return known
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
