"""Typed sync errors: one class, a ``kind`` saying what went wrong.

Whatever the kind, a failed sync leaves local data untouched and the outbox still pending;
the next sync carries on from where this one stopped.
"""

from __future__ import annotations

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
        record: dict | None = None,
    ) -> None:
        super().__init__(message or MESSAGES.get(kind, kind), kind=kind, status=status)
        self.kind = kind
        self.status = status
        # With "invalid_record": the refused change ({"t", "id", "field", "rule"}).
        self.record = record

    @property
    def user_message(self) -> str:
        title = MESSAGES.get(self.kind, "同期に失敗しました")
        return title if self.message == title else f"{title}: {self.message}"

    @property
    def retry_later(self) -> bool:
        """A network or server hiccup: the same sync later is expected to work."""
        return self.kind in {"server_down", "cut_off", "server_error", "rate_limited", "busy"}
