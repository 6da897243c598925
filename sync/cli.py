"""``dxfield login URL --user NAME``, ``dxfield logout [--all]``, ``dxfield sync [--json]``.

The server URL and user name are kept in the local store (they are not secret); the token
only in the OS keyring.
"""

from __future__ import annotations

import contextlib
import getpass
import sys
from typing import TYPE_CHECKING

from dxfield.cli.context import print_json

if TYPE_CHECKING:  # the commands import what they use: their --help reads none of it
    from .client import SyncClient
    from .errors import SyncError


def register(subparsers) -> None:
    login = subparsers.add_parser("login", help="log in to the sync server")
    login.add_argument("url", help="server address, e.g. https://dx.example.jp")
    login.add_argument("--user", required=True, help="account name")
    login.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    login.add_argument(
        "--allow-http",
        action="store_true",
        help="allow an unencrypted http:// server other than this machine (testing only)",
    )
    login.set_defaults(func=cmd_login)

    logout = subparsers.add_parser("logout", help="log out and forget the token")
    logout.add_argument(
        "--all",
        action="store_true",
        help="also log out every other laptop of this account (revokes all its tokens)",
    )
    logout.set_defaults(func=cmd_logout)

    sync = subparsers.add_parser("sync", help="send local edits and fetch the team's")
    sync.add_argument("--json", action="store_true", help="print the result as JSON")
    sync.add_argument(
        "--confirm-deletes",
        action="store_true",
        help="send deletions of many records the server held for confirmation",
    )
    sync.set_defaults(func=cmd_sync)


def _fail(exc: SyncError, as_json: bool = False) -> int:
    if as_json:
        print_json({"ok": False, "error": exc.kind, "message": exc.user_message})
    else:
        print(f"エラー: {exc.user_message}", file=sys.stderr)
    return 3 if exc.retry_later else 2


def _server(ctx) -> tuple[str, bool]:
    from . import state
    from .errors import SyncError

    with ctx.db.read_session() as session:
        url = state.get(session, state.SERVER_URL)
        allow_http = state.get(session, state.ALLOW_HTTP) == "1"
    if not url:
        raise SyncError("not_logged_in")
    return url, allow_http


def client_for(ctx) -> SyncClient:
    """A client for the server this replica logged in to, with the stored token."""
    from . import credentials
    from .client import SyncClient
    from .errors import SyncError

    url, allow_http = _server(ctx)
    token = credentials.load_token(url)
    if not token:
        raise SyncError("not_logged_in")
    return SyncClient(url, token, allow_http=allow_http)


def cmd_login(ctx, args) -> int:
    from . import credentials, state
    from .client import SyncClient
    from .errors import SyncError

    try:
        client = SyncClient(args.url, allow_http=args.allow_http)
        if args.password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = getpass.getpass(f"{args.user} のパスワード: ")
        with ctx.db.session() as session:
            laptop = state.client_id(session)
        token = client.login(args.user, password, laptop)
        try:
            credentials.store_token(client.url, token)
        except SyncError:
            # Not kept anywhere: do not leave a live token behind on the server either.
            with contextlib.suppress(SyncError):
                client.logout()
            raise
        with ctx.db.session() as session:
            if state.get(session, state.SERVER_URL) != client.url:
                state.put(session, state.CURSOR, "0")
            state.put(session, state.SERVER_URL, client.url)
            state.put(session, state.SERVER_USER, args.user)
            state.put(session, state.ALLOW_HTTP, "1" if args.allow_http else "0")
    except SyncError as exc:
        return _fail(exc)
    print(f"{client.url} に {args.user} としてログインしました")
    return 0


def cmd_logout(ctx, args) -> int:
    from . import credentials
    from .client import SyncClient
    from .errors import SyncError

    try:
        url, allow_http = _server(ctx)
        token = credentials.load_token(url)
        if args.all:
            if not token:
                raise SyncError("not_logged_in")
            # Every laptop is the point: if the server cannot be told, say so and keep
            # this token, so the command can be repeated once the network is back.
            SyncClient(url, token, allow_http=allow_http, retries=0).logout(everywhere=True)
            credentials.forget_token(url)
        elif token:
            # Offline: the token is forgotten here all the same and expires on the server.
            with contextlib.suppress(SyncError):
                SyncClient(url, token, allow_http=allow_http, retries=0).logout()
            credentials.forget_token(url)
    except SyncError as exc:
        return _fail(exc)
    if args.all:
        print("このアカウントのすべての端末をログアウトしました")
    else:
        print("ログアウトしました")
    return 0


def cmd_sync(ctx, args) -> int:
    from . import outbox
    from .errors import SyncError
    from .runner import synchronise

    try:
        client = client_for(ctx)
        try:
            report = synchronise(
                ctx.db, client, form_state=True, confirm_deletes=args.confirm_deletes
            )
        finally:
            client.close()
    except SyncError as exc:
        with ctx.db.read_session() as session:
            pending = outbox.pending_count(session)
        if not args.json:
            print(
                f"未送信の変更 {pending} 件は保存されています。次回の同期で送信します",
                file=sys.stderr,
            )
            if exc.kind == "mass_delete":
                print(
                    "削除してよければ dxfield sync --confirm-deletes を実行してください",
                    file=sys.stderr,
                )
        return _fail(exc, args.json)
    if args.json:
        print_json({"ok": True, **report.as_dict()})
    else:
        print(
            f"送信 {report.sent} 件 / 受信 {report.received} 件 / "
            f"統合 {report.merged} 件 / 競合 {report.conflicts} 件"
        )
        if report.conflicts:
            print("競合した内容はアプリの「競合」画面で確認できます")
        if report.set_aside:
            print(
                f"警告: 受信したデータ {report.set_aside} 件はこの端末に保存できないため"
                "保留しました（ほかのデータは同期済みです）。内容と理由はアプリの「競合」画面で"
                "確認できます。サーバーの管理者に連絡してください",
                file=sys.stderr,
            )
        if report.held:
            print(
                f"警告: この端末の変更 {report.held} 件はサーバーが受け付けないため送信を"
                "保留しました。理由はアプリの「競合」画面で確認できます。値を直すと次回の同期で"
                "送信します",
                file=sys.stderr,
            )
    return 0
