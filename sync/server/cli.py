"""``dxfield-server``: run the server and manage accounts.

    dxfield-server [--db URL] run [--host H] [--port P]
    dxfield-server [--db URL] user add NAME --role admin|advisor|viewer [--password-stdin]
    dxfield-server [--db URL] user disable NAME
    dxfield-server [--db URL] user list
    dxfield-server [--db URL] token revoke NAME
    dxfield-server [--db URL] migrate

``--db`` defaults to ``$DXFIELD_SERVER_DB``, else a SQLite file in the user data dir.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from sqlalchemy import select

from . import accounts
from .db import DB_ENV, open_server_db
from .errors import ApiError
from .models import ROLES, UserAccount


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise ApiError(422, "bad_request", "the passwords differ")
    return first


def _run(args) -> int:
    import uvicorn

    from .app import create_app

    app = create_app(open_server_db(args.db))
    uvicorn.run(app, host=args.host, port=args.port, proxy_headers=True, log_level=args.log_level)
    return 0


def _user_add(args) -> int:
    password = _read_password(args)
    db = open_server_db(args.db)
    try:
        with db.session() as session:
            accounts.add_user(session, args.name, password, args.role)
    finally:
        db.close()
    print(f"added {args.role} {args.name}")
    return 0


def _user_disable(args) -> int:
    db = open_server_db(args.db)
    try:
        with db.session() as session:
            accounts.disable_user(session, args.name)
    finally:
        db.close()
    print(f"disabled {args.name}; its tokens are revoked")
    return 0


def _user_list(args) -> int:
    db = open_server_db(args.db)
    try:
        with db.read_session() as session:
            for user in session.scalars(select(UserAccount).order_by(UserAccount.name)):
                state = "disabled" if user.disabled else "active"
                print(f"{user.name}\t{user.role}\t{state}")
    finally:
        db.close()
    return 0


def _token_revoke(args) -> int:
    db = open_server_db(args.db)
    try:
        with db.session() as session:
            count = accounts.revoke_tokens(session, accounts.get_user(session, args.name).id)
    finally:
        db.close()
    print(f"revoked {count} token(s) of {args.name}")
    return 0


def _migrate(args) -> int:
    open_server_db(args.db).close()
    print("the server database is up to date")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dxfield-server", description="dxfield sync server")
    parser.add_argument("--db", metavar="URL", help=f"database URL (default: ${DB_ENV})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="serve the API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument("--log-level", default="info")
    run.set_defaults(func=_run)

    user = sub.add_parser("user", help="manage accounts").add_subparsers(
        dest="user_command", metavar="ACTION", required=True
    )
    add = user.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=_user_add)
    disable = user.add_parser("disable", help="disable an account and revoke its tokens")
    disable.add_argument("name")
    disable.set_defaults(func=_user_disable)
    user.add_parser("list", help="list accounts").set_defaults(func=_user_list)

    token = sub.add_parser("token", help="manage tokens").add_subparsers(
        dest="token_command", metavar="ACTION", required=True
    )
    revoke = token.add_parser("revoke", help="revoke every token of an account")
    revoke.add_argument("name")
    revoke.set_defaults(func=_token_revoke)

    sub.add_parser("migrate", help="create or upgrade the database").set_defaults(func=_migrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ApiError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
