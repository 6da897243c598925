"""Typed sync errors: one class, a ``kind`` saying what went wrong.

Whatever the kind, a failed sync leaves local data untouched and the outbox still pending;
the next sync carries on from where this one stopped.
"""

from __future__ import annotations

from typing import Any

from dxfield.errors import DxfieldError

# kind -> what the user is told (Japanese first: this reaches the CLI and the app).
MESSAGES = {
    "wrong_password": "ユーザー名またはパスワードが違います",
    "token_expired": "ログインの有効期限が切れました。もう一度ログインしてください",
    "token_revoked": "ログインが取り消されました。もう一度ログインしてください",
    "unauthorized": "ログインが必要です",
    "not_logged_in": "サーバーにログインしていません（dxfield login を実行してください）",
    "forbidden": "この操作を行う権限がありません",
    "rate_limited": "ログインの試行が多すぎます。しばらく待ってから再試行してください",
    "server_down": "サーバーに接続できません（オフラインの可能性があります）",
    "cut_off": "サーバーからの応答が途中で切れました",
    "server_error": "サーバーでエラーが発生しました",
    "malformed_response": "サーバーの応答を読み取れません",
    "too_large": "送信データが大きすぎます",
    "client_outdated": "dxfield が古いため同期できません。更新してください",
    "server_outdated": "サーバーが古いため同期できません",
    "bad_request": "サーバーが要求を受け付けませんでした",
    "insecure_url": "暗号化されていない接続 (http) は使用できません",
    "no_keyring": "パスワードを安全に保存する仕組み（キーリング）が利用できません",
    "cancelled": "同期を中止しました",
    "redirected": "サーバーが別の場所へ転送しようとしたため中止しました。サーバーのアドレスを確認してください",
    "busy": "サーバーが混み合っています。しばらく待ってから再試行してください",
    "invalid_record": "サーバーが変更を受け付けませんでした",
    "mass_delete": "一度に多くの記録を削除しようとしているため、同期を保留しました",
    "quota_exceeded": "サーバーに保存できる量（ユーザーごとの上限）を超えるため送信できません。管理者に連絡してください",
    "apply_failed": "受信したデータをこの端末に保存できませんでした",
}


class SyncError(DxfieldError):
    """A sync or login failure; ``kind`` is one of ``MESSAGES``."""

    code = "sync"

    def __init__(
        self,
        kind: str,
        message: str = "",
        *,
        status: int | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message or MESSAGES.get(kind, kind), kind=kind, status=status)
        self.kind = kind
        self.status = status
        # Figures the server sent with the error (e.g. a mass_delete's table and counts).
        self.details = details or {}

    @property
    def user_message(self) -> str:
        title = MESSAGES.get(self.kind, "同期に失敗しました")
        if self.kind == "mass_delete":
            return f"{title}: {self.deletes_text}。削除してよければ確認のうえ同期し直してください"
        if self.kind == "quota_exceeded":
            return f"{title}（{self.quota_text}）"
        return title if self.message == title else f"{title}: {self.message}"

    @property
    def quota_text(self) -> str:
        """A quota_exceeded in words: 「作成済み 120 件・1.2 MB、今回 10 件、上限 100 件・64.0 MB」."""
        d = self.details
        figures = ("records", "bytes", "adding_records", "max_records", "max_bytes")
        if not all(isinstance(d.get(name), int) for name in figures):
            return "上限に達しました"
        mb = 1024 * 1024
        return (
            f"作成済み {d['records']:,} 件・{d['bytes'] / mb:.1f} MB、今回 {d['adding_records']:,} 件、"
            f"上限 {d['max_records']:,} 件・{d['max_bytes'] / mb:.1f} MB"
        )

    @property
    def deletes_text(self) -> str:
        """A mass_delete in words: 「訪問・面談 120 件（残り 130 件中）を削除」."""
        from dxfield.cli.backup import TABLE_LABELS

        table = str(self.details.get("table", ""))
        label = TABLE_LABELS.get(table, table or "記録")
        deletes, live = self.details.get("deletes"), self.details.get("live")
        if not isinstance(deletes, int):
            return "多数の記録を削除"
        scope = f"（{live} 件中）" if isinstance(live, int) else ""
        return f"{label} {deletes} 件{scope}を削除"

    @property
    def retry_later(self) -> bool:
        """A network or server hiccup: the same sync later is expected to work."""
        return self.kind in {"server_down", "cut_off", "server_error", "rate_limited", "busy"}
