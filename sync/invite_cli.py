"""``dxfield invite``: web-form links made on the server, from a logged-in laptop.

dxfield invite add baseline|evaluation MUNICIPALITY --year Y [--days N] [--qr PDF]
dxfield invite add survey TRAINING_ID [--days N] [--qr PDF]
dxfield invite list [--all]
dxfield invite revoke REF
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from dxfield.cli.context import print_json
from dxfield.fiscal import fiscal_year_label, wareki_datetime
from dxfield.formlinks import LABELS

from .errors import SyncError

if TYPE_CHECKING:
    from dxfield.reports.data import FormLinkBlock

KINDS = {"baseline": "当初（ベースライン）", "evaluation": "評価", "survey": "研修アンケート"}
JST = timedelta(hours=9)


def register(subparsers) -> None:
    invite = subparsers.add_parser("invite", help="web-form links (assessment sheet, survey)")
    sub = invite.add_subparsers(dest="invite_command", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="make a link on the server (shown once)")
    add.add_argument("kind", choices=tuple(KINDS))
    add.add_argument("target", help="municipality (name or 団体コード), or a training id")
    add.add_argument("--year", type=int, help="年度 of the assessment sheet")
    add.add_argument("--days", type=int, default=60, help="valid for (default 60 days)")
    add.add_argument("--qr", metavar="PDF", type=Path, help="also write a page with a QR code")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=cmd_add)
    listing = sub.add_parser("list", help="links and their state (未回答/回答中/回答済)")
    listing.add_argument("--all", action="store_true", help="expired and revoked too")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)
    revoke = sub.add_parser("revoke", help="close a link at once")
    revoke.add_argument("ref")
    revoke.set_defaults(func=cmd_revoke)


def _client(ctx):
    from .cli import client_for

    return client_for(ctx)


def when(text: str | None) -> str:
    """The server's UTC time as the link sheet and the web form print it (和暦, Japan time)."""
    if not text:
        return ""
    return wareki_datetime(datetime.fromisoformat(text).replace(tzinfo=None) + JST)


def year_heading(town: object, fiscal_year: int, kind_label: str) -> str:
    """「白浜町 令和8年度（2026年度） 当初（ベースライン）」, as the web form's header reads."""
    return f"{town} {fiscal_year_label(fiscal_year)} {kind_label}"


def sheet_payload(kind: str, municipality: str, fiscal_year: int, days: int) -> dict:
    """What ``POST /invites`` takes for an assessment sheet's link (municipality: its name,
    団体コード or id)."""
    return {"kind": kind, "municipality": municipality, "fiscal_year": fiscal_year, "days": days}


def handout_block(link: dict) -> FormLinkBlock:
    """A link the server made, as a handout prints it (its deadline in Japan time, 和暦)."""
    from dxfield.reports.data import FormLinkBlock  # the reports only when a handout is made

    return FormLinkBlock(link["url"], when(link.get("expires_at")))


def heading(link: dict) -> str:
    if link["kind"] == "survey":
        return f"{link.get('training') or link.get('training_id')} {KINDS['survey']}"
    return year_heading(link.get("municipality"), link["fiscal_year"], KINDS[link["kind"]])


def cmd_add(ctx, args) -> int:
    from .cli import _fail

    if args.kind != "survey" and args.year is None:
        print("エラー: アセスメントシートのリンクには --year（年度）が必要です")
        return 2
    if args.kind == "survey":
        payload = {"kind": "survey", "training_id": args.target, "days": args.days}
    else:
        payload = sheet_payload(args.kind, args.target, args.year, args.days)
    try:
        client = _client(ctx)
        try:
            link = client.create_invite(payload)
        finally:
            client.close()
    except SyncError as exc:
        return _fail(exc, args.json)
    if args.qr:
        from dxfield.reports.form_link import link_sheet_pdf

        title = "研修アンケート" if args.kind == "survey" else "アセスメントシート"
        pdf = link_sheet_pdf(
            url=link["url"],
            title=title,
            heading=heading(link),
            expires=when(link["expires_at"]),
        )
        args.qr.write_bytes(pdf)
    if args.json:
        print_json({"ok": True, **link})
    else:
        print(f"{heading(link)}（{link['ref']}）: {link['url']}")
        print(f"期限: {when(link['expires_at'])}（このリンクは今だけ表示されます）")
    return 0


def cmd_list(ctx, args) -> int:
    from .cli import _fail

    try:
        client = _client(ctx)
        try:
            links = client.invites(closed=args.all)
        finally:
            client.close()
    except SyncError as exc:
        return _fail(exc, args.json)
    if args.json:
        print_json({"ok": True, "invites": links})
        return 0
    for link in links:
        at = when(link.get("submitted_at") or link.get("draft_updated_at"))
        closed = "（無効）" if link.get("revoked") else ""
        print(
            f"{link['ref']}\t{heading(link)}\t{LABELS.get(link['state'], link['state'])}"
            f"\t{at}\t期限 {when(link['expires_at'])}{closed}"
        )
    return 0


def cmd_revoke(ctx, args) -> int:
    from .cli import _fail

    try:
        client = _client(ctx)
        try:
            link = client.revoke_invite(args.ref)
        finally:
            client.close()
    except SyncError as exc:
        return _fail(exc)
    print(f"リンク {link['ref']}（{heading(link)}）を無効にしました")
    return 0
