"""``dxfield-server``: run the server and manage accounts.

    dxfield-server [--db URL] run [--host H] [--port P] [--trusted-proxy NET] [--docs]
    dxfield-server [--db URL] user add NAME --role admin|advisor|viewer [--password-stdin]
    dxfield-server [--db URL] user disable NAME
    dxfield-server [--db URL] user enable NAME
    dxfield-server [--db URL] user role NAME admin|advisor|viewer
    dxfield-server [--db URL] user list
    dxfield-server [--db URL] user quota NAME [--records N] [--bytes N]
    dxfield-server [--db URL] token revoke NAME
    dxfield-server [--db URL] invite add (baseline|evaluation) MUNICIPALITY --year Y [--qr PDF]
    dxfield-server [--db URL] invite add survey TRAINING_ID [--qr PDF]
    dxfield-server [--db URL] invite list [--all]
    dxfield-server [--db URL] invite revoke REF
    dxfield-server [--db URL] history RECORD_ID [--table T]
    dxfield-server [--db URL] restore RECORD_ID --version N [--table T]
    dxfield-server [--db URL] undo --user NAME --since T [--until T] [--dry-run]
    dxfield-server [--db URL] migrate

``--db`` defaults to ``$DXFIELD_SERVER_DB``, else a SQLite file in the user data dir.

What it says goes through ``dxfield.messages`` (Japanese), as the desktop's command line;
the API answers the same refusals in English.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select

from dxfield.messages import Message, msg

from . import accounts, history, quota
from .db import DB_ENV, open_server_db
from .errors import ApiError
from .models import ROLES, UserAccount, UserQuota
from .settings import ServerSettings, parse_networks


def _say(message: Message) -> str:
    return message.text()


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(_say(msg("server.password_prompt")))
    if getpass.getpass(_say(msg("server.password_again"))) != first:
        raise ApiError(422, "bad_request", msg("server.passwords_differ"))
    return first


def _run(args) -> int:
    import uvicorn

    from .app import create_app

    # A big push's Python work and a one-change push share the interpreter lock: hand it
    # over every millisecond (not 5) so short requests are not kept waiting behind it.
    sys.setswitchinterval(0.001)
    settings = ServerSettings.from_env()
    changes = {}
    if args.trusted_proxy:
        changes["trusted_proxies"] = parse_networks(" ".join(args.trusted_proxy))
    if args.docs:
        changes["docs"] = True
    settings = dataclasses.replace(settings, **changes)
    app = create_app(open_server_db(args.db), settings=settings)
    # The client address is worked out by the app (edge.client_address) from the trusted
    # proxies only; uvicorn's own X-Forwarded-For handling would believe any local caller.
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        proxy_headers=False,
        server_header=False,
        log_level=args.log_level,
    )
    return 0


def _write(args, work) -> str:
    """``work(session)`` in one committed transaction; its answer is printed."""
    db = open_server_db(args.db)
    try:
        with db.session() as session:
            message = work(session)
    finally:
        db.close()
    print(message)
    return 0


def _user_add(args) -> int:
    password = _read_password(args)

    def work(session) -> str:
        user = accounts.add_user(session, args.name, password, args.role)
        return _say(msg("server.user_added", role=user.role, name=user.name))

    return _write(args, work)


def _user_disable(args) -> int:
    def work(session) -> str:
        user = accounts.disable_user(session, args.name)
        return _say(msg("server.user_disabled", name=user.name))

    return _write(args, work)


def _user_enable(args) -> int:
    return _write(
        args,
        lambda s: _say(msg("server.user_enabled", name=accounts.enable_user(s, args.name).name)),
    )


def _user_role(args) -> int:
    def work(session) -> str:
        user = accounts.set_role(session, args.name, args.role)
        return _say(msg("server.role_changed", name=user.name, role=user.role))

    return _write(args, work)


def _user_list(args) -> int:
    db = open_server_db(args.db)
    try:
        with db.read_session() as session:
            for user in session.scalars(select(UserAccount).order_by(UserAccount.name)):
                state = msg("server.user_inactive") if user.disabled else msg("server.user_active")
                state = _say(state)
                print(f"{user.name}\t{user.role}\t{state}")
    finally:
        db.close()
    return 0


def _user_quota(args) -> int:
    settings = ServerSettings.from_env()
    limits = quota.QuotaLimits(settings.quota_records, settings.quota_bytes)

    def work(session) -> str:
        user = accounts.get_user(session, args.name)
        if args.records is not None or args.bytes is not None:
            row = quota.set_limits(session, user.id, max_records=args.records, max_bytes=args.bytes)
        else:
            row = session.get(UserQuota, user.id)
        return _say(quota.describe(user.name, row, limits))

    return _write(args, work)


def _token_revoke(args) -> int:
    def work(session) -> str:
        user = accounts.get_user(session, args.name)
        count = accounts.revoke_tokens(session, user.id)
        return _say(msg("server.tokens_revoked", count=count, name=user.name))

    return _write(args, work)


def _invite_add(args) -> int:
    import os
    from pathlib import Path

    from .forms import invites

    base = (args.url or os.environ.get("DXFIELD_SERVER_PUBLIC_URL", "")).rstrip("/")
    if not base:
        raise ApiError(422, "bad_request", msg("server.needs_url"))

    def work(session) -> str:
        invite, token = invites.create(
            session,
            kind=args.kind,
            municipality=args.target if args.kind != "survey" else None,
            fiscal_year=args.year,
            training_id=args.target if args.kind == "survey" else None,
            days=args.days,
        )
        info = invites.describe(session, invite)
        url = base + invites.FORM_PATH + token
        if args.qr:
            from dxfield.reports.form_link import link_sheet_pdf

            from .forms.pages import jst

            Path(args.qr).write_bytes(
                link_sheet_pdf(
                    url=url,
                    title=invites.sheet_title(info),
                    heading=invites.sheet_heading(info),
                    expires=jst(invite.expires_at),
                )
            )
        expires = f"{invite.expires_at:%Y-%m-%d %H:%M}"
        return _say(msg("server.invite_made", ref=invite.ref, url=url, expires=expires))

    return _write(args, work)


def parse_time(text: str) -> datetime:
    """ISO 8601 as naive UTC (how history keeps times); no offset: this machine's time."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(_say(msg("server.not_a_time", text=text))) from None
    return value.astimezone(UTC).replace(tzinfo=None)


def _when(value: datetime) -> str:
    return value.isoformat(sep=" ", timespec="seconds") + "Z"


def _history(args) -> int:
    db = open_server_db(args.db)
    try:
        with db.read_session() as session:
            found = history.versions(session, args.record_id, args.table)
    finally:
        db.close()
    print(f"{found[-1].table} {found[-1].row_id}")
    for v in found:
        created = _say(msg("server.history_created"))
        changed = ", ".join(v.changed) if v.changed else created if v.version == 1 else "-"
        deleted = _say(msg("server.history_deleted")) if v.data.get("deleted") is True else ""
        user = v.user or _say(msg("server.history_by_server"))
        print(f"v{v.version}\t{_when(v.at)}\t{user}\t{v.action}\t{changed}{deleted}")
    return 0


def _restore(args) -> int:
    def work(session) -> str:
        v = history.restore(session, args.record_id, args.version, table=args.table)
        said = msg(
            "server.restored",
            version=args.version,
            table=v.table,
            row_id=v.row_id,
            new_version=v.version,
        )
        return _say(said)

    return _write(args, work)


def _invite_list(args) -> int:
    from .forms import invites

    db = open_server_db(args.db)
    try:
        with db.read_session() as session:
            for info in invites.listing(session, include_closed=args.all):
                print(
                    "\t".join(
                        [
                            info["ref"],
                            invites.sheet_heading(info),
                            invites.STATE_LABELS[info["state"]],
                            f"{info['expires_at']:%Y-%m-%d}",
                            _say(msg("server.invite_closed")) if info["revoked"] else "",
                        ]
                    ).rstrip()
                )
    finally:
        db.close()
    return 0


def _invite_revoke(args) -> int:
    from .forms import invites

    return _write(
        args, lambda s: _say(msg("server.invite_revoked", ref=invites.revoke(s, args.ref).ref))
    )


def describe_undo(plan: history.UndoPlan) -> list[str]:
    lines = []
    for step in plan.steps:
        if step.action == "revert":
            what = msg("server.undo_revert", fields=", ".join(step.fields))
        else:
            what = (
                msg("server.undo_delete") if step.action == "delete" else msg("server.undo_nothing")
            )
        kept = _say(msg("server.undo_kept", fields=", ".join(step.kept))) if step.kept else ""
        lines.append(f"{step.table} {step.row_id}: {_say(what)}{kept}")
    who = {"user": plan.user, "count": plan.changes}
    done = msg("server.undid", **who) if plan.applied else msg("server.would_undo", **who)
    lines.append(_say(done))
    return lines


def _undo(args) -> int:
    since = parse_time(args.since)
    until = parse_time(args.until) if args.until else None

    def work(session) -> str:
        plan = history.undo(session, args.user, since, until, dry_run=args.dry_run)
        return "\n".join(describe_undo(plan))

    return _write(args, work)


def _migrate(args) -> int:
    open_server_db(args.db).close()
    print(_say(msg("server.migrated")))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dxfield-server", description="dxfield sync server")
    parser.add_argument("--db", metavar="URL", help=f"database URL (default: ${DB_ENV})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="serve the API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument("--log-level", default="info")
    run.add_argument(
        "--trusted-proxy",
        action="append",
        metavar="ADDRESS[/BITS]",
        help="a reverse proxy whose X-Forwarded-For is believed (repeatable; default: none, "
        "$DXFIELD_SERVER_TRUSTED_PROXIES)",
    )
    run.add_argument(
        "--docs", action="store_true", help="serve Swagger UI at /docs (bundled, no CDN)"
    )
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
    enable = user.add_parser("enable", help="let a disabled account log in again")
    enable.add_argument("name")
    enable.set_defaults(func=_user_enable)
    role = user.add_parser("role", help="change an account's role (revokes its tokens)")
    role.add_argument("name")
    role.add_argument("role", choices=ROLES)
    role.set_defaults(func=_user_role)
    user.add_parser("list", help="list accounts").set_defaults(func=_user_list)
    user_quota = user.add_parser(
        "quota", help="show a user's storage and quota; set their own limits"
    )
    user_quota.add_argument("name")
    user_quota.add_argument("--records", type=int, help="records the user may create")
    user_quota.add_argument("--bytes", type=int, help="bytes their records may take")
    user_quota.set_defaults(func=_user_quota)

    token = sub.add_parser("token", help="manage tokens").add_subparsers(
        dest="token_command", metavar="ACTION", required=True
    )
    revoke = token.add_parser("revoke", help="revoke every token of an account")
    revoke.add_argument("name")
    revoke.set_defaults(func=_token_revoke)

    invite = sub.add_parser("invite", help="web-form links").add_subparsers(
        dest="invite_command", metavar="ACTION", required=True
    )
    add_invite = invite.add_parser("add", help="make a link (printed once; stored hashed)")
    add_invite.add_argument("kind", choices=("baseline", "evaluation", "survey"))
    add_invite.add_argument("target", help="municipality (name or code), or a training id")
    add_invite.add_argument("--year", type=int, help="年度 of the assessment")
    add_invite.add_argument("--days", type=int, default=60, help="valid for (default 60)")
    add_invite.add_argument("--url", help="public address ($DXFIELD_SERVER_PUBLIC_URL)")
    add_invite.add_argument("--qr", metavar="PDF", help="also write a printable page with a QR")
    add_invite.set_defaults(func=_invite_add)
    list_invites = invite.add_parser("list", help="links and their state (未回答/回答中/回答済)")
    list_invites.add_argument("--all", action="store_true", help="expired and revoked too")
    list_invites.set_defaults(func=_invite_list)
    revoke_invite = invite.add_parser("revoke", help="close a link at once")
    revoke_invite.add_argument("ref")
    revoke_invite.set_defaults(func=_invite_revoke)
    hist = sub.add_parser("history", help="list the kept versions of a record")
    hist.add_argument("record_id")
    hist.add_argument("--table", help="the record's table, if the id is in several")
    hist.set_defaults(func=_history)
    restore = sub.add_parser("restore", help="make an old version of a record current again")
    restore.add_argument("record_id")
    restore.add_argument("--version", type=int, required=True, help="as listed by history")
    restore.add_argument("--table", help="the record's table, if the id is in several")
    restore.set_defaults(func=_restore)
    undo = sub.add_parser("undo", help="undo everything one user pushed in a time range")
    undo.add_argument("--user", required=True, help="account name")
    undo.add_argument(
        "--since",
        required=True,
        help="ISO date and time, e.g. 2026-04-01T09:00+09:00 "
        "(no offset: this machine's local time)",
    )
    undo.add_argument("--until", help="end of the range (exclusive; default: now)")
    undo.add_argument("--dry-run", action="store_true", help="only show what would change")
    undo.set_defaults(func=_undo)

    sub.add_parser("migrate", help="create or upgrade the database").set_defaults(func=_migrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ApiError as exc:
        print(_say(msg("server.error", detail=exc.said or exc.message)), file=sys.stderr)
        return 2
    except ValueError as exc:  # a setting from the environment or an option
        print(_say(msg("server.error", detail=str(exc))), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
