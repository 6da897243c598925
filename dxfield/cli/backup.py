"""``dxfield backup``, ``dxfield restore`` and ``dxfield recover``: copies of the store, putting
one back, and a fresh store from the server when the one here cannot be used.

``restore`` never opens the live store as the app does: it works whatever state that file is
in (damaged, not a store at all, missing), shows what the backup holds before replacing
anything, and keeps what it replaces.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import DatabaseError, ValidationError
from ..messages import msg
from .args import text

# The exit code of a restore or recover that stops before changing anything (a question not
# confirmed, unsynced changes it would drop): 2, as every other refusal of the command line
# (``cli._guarded``, a deletion not confirmed, a sync that wants deletions confirmed).
REFUSED = 2

# What a summary counts, as people call it.
TABLE_LABELS = {
    "visit": "訪問・面談",
    "note_section": "面談記録",
    "action_item": "対応事項",
    "assessment_response": "アセスメント回答",
    "answer": "アセスメントの回答",
    "contact": "先方の担当者",
    "team_member": "チームのメンバー",
    "visit_member": "訪問の参加者",
    "training": "研修",
    "training_municipality": "研修の参加市町村",
    "survey_response": "研修アンケートの回答",
    "survey_answer": "研修アンケートの回答内容",
    "need": "ニーズ・要望",
    "proposal_draft": "提案のたたき台の版",
    "municipality": "市町村",
    "programme_year": "年度",
    "phase_window": "フェーズの期間",
}


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="back up the local store (バックアップ)")
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        type=text("保存先"),
        help="where to write the copy: a file, or a folder for a dated file in it "
        "(default: the data dir's backups/)",
    )
    p.add_argument(
        "--export-key",
        action="store_true",
        help="print the key of the store and its backups instead of backing up "
        "(with --sheet: also a printable recovery sheet)",
    )
    p.add_argument(
        "--sheet",
        metavar="FILE.pdf",
        type=text("復旧用シート"),
        help="with --export-key: write the recovery sheet (key as text and QR code) as PDF",
    )
    p.set_defaults(func=run_backup)

    p = subparsers.add_parser("restore", help="replace the local store with a backup (復元)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", metavar="FILE", type=text("復元するファイル"))
    which.add_argument("--latest", action="store_true", help="the newest good backup")
    which.add_argument("--list", action="store_true", help="list the good backups and exit")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument(
        "--key",
        metavar="KEY",
        type=text("鍵"),
        help="the key (or passphrase) of a backup made on another computer, as "
        "`dxfield backup --export-key` printed it",
    )
    p.add_argument(
        "--discard-unsynced",
        action="store_true",
        help="restore even though local changes were never synced (they are lost); "
        "without it such a restore stops, changing nothing (exit code 2)",
    )
    p.set_defaults(func=run_restore)

    p = subparsers.add_parser(
        "recover",
        help="start again with an empty store the next sync fills from the server (復旧)",
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--fresh", action="store_true", help="an empty store")
    which.add_argument(
        "--show",
        nargs="?",
        const=True,  # not a string: argparse passes it through as it is (the newest)
        metavar="FILE",
        type=text("未同期の変更の記録"),
        help="show the unsynced edits a recovery read out of a damaged store and kept in "
        "backups/damaged/ (the newest record, or FILE); an encrypted record opens with the "
        "store's key (--key: another one)",
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--key", metavar="KEY", type=text("鍵"), help="with --show: the record's key")
    p.add_argument("--json", action="store_true", help="with --show: the whole record as JSON")
    p.set_defaults(func=run_recover)


def run_backup(ctx, args) -> int:
    from ..backup import backup_database, rotate_backup
    from ..paths import backup_dir

    if args.export_key:
        return _export_key(ctx, args)
    if args.sheet:
        raise ValidationError(msg("backup.sheet_without_key"), field="sheet")

    # Opening the store first migrates it and loads master data: a backup is of a usable store.
    source = ctx.db.path
    if args.file:
        dest = backup_database(source, Path(args.file).expanduser())
    else:
        dest = rotate_backup(source, backup_dir(ctx.data_dir), reason="manual")
    print(f"バックアップを作成しました（整合性チェック OK）: {dest}")
    return 0


def _export_key(ctx, args) -> int:
    key = ctx.db.key
    if key is None:
        raise ValidationError(msg("backup.no_key_to_export"))
    if key.raw:
        print("データとバックアップの暗号化の鍵（他人に見せず、バックアップとは別に保管）:")
        print(key.text)
    else:
        print("データはパスフレーズで暗号化されています。そのパスフレーズが鍵です。")
    if args.sheet:
        from ..reports.keysheet import write_key_sheet

        path = write_key_sheet(key, Path(args.sheet).expanduser())
        print(f"復旧用シートを作成しました（印刷して保管し、PDF は削除してください）: {path}")
    print("新しいパソコンでの復元: dxfield restore バックアップのファイル --key 鍵")
    return 0


def backup_before(ctx, reason: str) -> Path:
    """A checked copy of the store before a command replaces or deletes records in it."""
    from ..backup import rotate_backup
    from ..paths import backup_dir

    dest = rotate_backup(ctx.db.path, backup_dir(ctx.data_dir), reason=reason)
    print(f"変更の前にバックアップを作成しました: {dest}")
    return dest


def confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes", "はい")
    except EOFError:
        return False


def describe_summary(summary, indent: str = "  ", *, current: Path | None = None) -> list[str]:
    """A backup as the lists show it; ``current``: the backup folder in effect (a backup
    elsewhere is marked as from the old folder)."""
    counts = "、".join(
        f"{TABLE_LABELS.get(table, table)} {n:,}件" for table, n in summary.counts.items()
    )
    lines = [f"{indent}{summary.modified_at:%Y-%m-%d %H:%M} 保存  {summary.path}"]
    if current is not None and summary.path.parent != current:
        lines[0] += "  （以前のバックアップフォルダー）"
    lines.append(f"{indent}  内容: {counts}")
    if summary.newest_edit is not None:
        lines.append(f"{indent}  最後の編集: {summary.newest_edit:%Y-%m-%d %H:%M}")
    if summary.unsynced:
        lines.append(f"{indent}  未同期の変更: {summary.unsynced:,}件（このバックアップの時点）")
    return lines


def describe_salvage(salvage, limit: int = 20, *, kept: bool = False) -> list[str]:
    """The salvaged edits; ``kept``: as a record read back (not about to be put back)."""
    if salvage is None:
        return []
    if salvage.error:
        return [f"未同期の変更は読み出せませんでした（{salvage.error}）。"]
    readable = salvage.readable
    if not readable and not salvage.lost:
        return ["未同期の変更はありません。"]
    then = "" if kept else "（復元後のデータに戻します）"
    lines = [f"読み出せた未同期の変更: {len(readable)}件{then}"]
    for change in readable[:limit]:
        new = "（新規）" if change.created_here else ""
        label = TABLE_LABELS.get(change.table, change.table)
        lines.append(f"  - {label}{new} {salvage.describe(change)}")
    if len(readable) > limit:
        lines.append(f"  …ほか {len(readable) - limit}件")
    if salvage.lost:
        lines.append(f"読み出せなかった未同期の変更: {salvage.lost}件")
    return lines


def run_restore(ctx, args) -> int:
    from ..backup import backup_folders, good_backups
    from ..paths import backup_dir, ensure_data_dir

    folder = backup_dir(ctx.data_dir)
    if args.list or args.latest:
        folders = backup_folders(folder, ctx.data_dir)
        backups, refused = good_backups(folders)
        if args.list:
            print(f"バックアップ（{folder}、新しい順）:")
            for old in (f for f in folders if f != folder):
                print(f"  以前のバックアップフォルダー {old} のものも含みます。")
            for summary in backups:
                print("\n".join(describe_summary(summary, current=folder)))
            if not backups:
                print("  使えるバックアップはありません。")
            if refused:
                print(
                    f"  ほかに {refused}件のファイルは壊れているか dxfield のものではありません。"
                )
            return 0
        if not backups:
            raise DatabaseError(msg("backup.none_good", folder=folder))
        source = backups[0].path
    else:
        source = Path(args.file).expanduser()
    # Restoring reads salvage (SQLAlchemy); --list answers without it.
    from ..restore import check_restore, restore_database

    database = ctx.database_path
    ensure_data_dir(ctx.data_dir)
    if args.key:
        from ..storekey import StoreKey, remember

        remember(StoreKey.parse(args.key))
    plan = check_restore(source, database)
    print("復元するバックアップ:")
    print("\n".join(describe_summary(plan.summary)))
    if plan.live is None and plan.live_problem:
        print(f"現在のデータは使えない状態です（{plan.live_problem}）。")
        print("そのまま backups/damaged/ に保管してから置き換えます。")
        print("\n".join(describe_salvage(plan.salvage)))
        if not args.yes and not confirm("このバックアップで復元しますか？"):
            print("復元を中止しました（確認なしで実行するには --yes）。", file=sys.stderr)
            return REFUSED
    elif plan.unsynced_changes:
        print(
            f"警告: 未同期の変更が {plan.unsynced_changes} 件あります。"
            "復元するとこれらは失われます（先に同期してください）。",
            file=sys.stderr,
        )
        # --yes alone never drops unsynced work: that takes its own flag or a typed answer.
        asked = not args.yes and confirm("未同期の変更を破棄して復元しますか？")
        if not (args.discard_unsynced or asked):
            print(
                "復元を中止しました。破棄してよい場合は --discard-unsynced を付けてください。",
                file=sys.stderr,
            )
            return REFUSED
    elif not args.yes and not confirm("現在のデータを置き換えて復元しますか？"):
        print("復元を中止しました（確認なしで実行するには --yes）。", file=sys.stderr)
        return REFUSED
    ctx.close()
    result = restore_database(
        source, database, backup_folder=folder, allow_unsynced=True, plan=plan
    )
    print("復元しました。")
    _print_kept(result.safety, result.salvage_file, result.reapplied)
    return 0


def _print_kept(kept, salvage_file, reapplied) -> None:
    if kept:
        print(f"置き換える前のデータは {kept} に保管してあります。")
    if salvage_file:
        print(f"読み出した未同期の変更の記録: {salvage_file}（dxfield recover --show で表示）")
    if reapplied is not None:
        print(f"未同期の変更 {len(reapplied.applied)}件を戻しました（次の同期で送信します）。")
        for change, reason in reapplied.skipped:
            label = TABLE_LABELS.get(change.table, change.table)
            print(f"  戻せなかった変更: {label} {change.summary()}（{reason}）", file=sys.stderr)


def run_recover(ctx, args) -> int:
    if args.show is not None:
        return _show_salvage(ctx, args)
    if args.key or args.json:
        raise ValidationError(msg("recover.show_only"), field="show")
    from ..paths import backup_dir, ensure_data_dir
    from ..recovery import fresh_store
    from ..salvage import read_salvage

    database = ctx.database_path
    ensure_data_dir(ctx.data_dir)
    ctx.close()
    salvage = read_salvage(database) if database.exists() else None
    server = salvage.sync_state.get("server_url") if salvage else None
    print("現在のデータを backups/damaged/ に保管し、空のデータで始め直します。")
    if server:
        print(
            f"同期先 {server} の設定は引き継ぎます。`dxfield sync` でチームのデータを取得します。"
        )
    else:
        print("同期先の設定が見つかりません。`dxfield login` の後で同期してください。")
    print("\n".join(describe_salvage(salvage)))
    if not args.yes and not confirm("始め直しますか？"):
        print("中止しました（確認なしで実行するには --yes）。", file=sys.stderr)
        return REFUSED
    result = fresh_store(database, backup_dir(ctx.data_dir), salvage)
    print("空のデータで始め直しました。")
    _print_kept(result.kept, result.salvage_file, result.reapplied)
    return 0


def _show_salvage(ctx, args) -> int:
    """``recover --show``: a kept record of salvaged edits, in Japanese (or as JSON)."""
    import json

    from ..backup import DAMAGED_FOLDER
    from ..salvage import Salvage
    from ..salvagefile import read_record, records_in
    from ..storecopies import backup_folders

    records = records_in([f / DAMAGED_FOLDER for f in backup_folders(ctx.data_dir)])
    if isinstance(args.show, str):
        path = Path(args.show).expanduser()
    elif records:
        path = records[0]
    else:
        print("壊れたデータファイルから読み出した未同期の変更の記録はありません。")
        return 0
    if args.key:
        from ..storekey import StoreKey, remember

        remember(StoreKey.parse(args.key))
    document = read_record(path)
    if args.json:
        print(json.dumps(document, ensure_ascii=False, indent=1))
        return 0
    salvage = Salvage.from_json(document)
    print(f"未同期の変更の記録: {path}")
    print(f"  読み出したデータファイル: {salvage.source}")
    print("\n".join(describe_salvage(salvage, limit=len(salvage.changes) or 1, kept=True)))
    others = [r for r in records if r != path]
    if others and args.show is True:
        print(f"ほかの記録（新しい順、dxfield recover --show ファイル で表示）: {len(others)}件")
        for record in others:
            print(f"  {record}")
    return 0


def print_recovery_offer(ctx) -> None:
    """After a store failed to open: what can be saved and the commands that bring it back."""
    from ..errors import StoreKeyError
    from ..paths import backup_dir
    from ..recovery import diagnose

    report = diagnose(ctx.database_path, backup_dir(ctx.data_dir), ctx.failed_store or "")
    out = sys.stderr
    if isinstance(ctx.failed_store, StoreKeyError):
        # Most often the key is only missing here (no terminal to ask in), not the file bad.
        print(f"\nこの端末のデータ（{report.database}）を開けませんでした。", file=out)
        print(msg("store_key.hint").text(), file=out)
    else:
        print(
            f"\nこの端末のデータ（{report.database}）は使えない状態です。何も変更していません。",
            file=out,
        )
    print("\n".join(describe_salvage(report.salvage)), file=out)
    print("次のどれかで復旧できます（いまのファイルは backups/damaged/ に保管されます）:", file=out)
    if report.backups:
        print("  1. 最新のバックアップから復元: dxfield restore --latest", file=out)
        for line in describe_summary(report.backups[0], indent="       "):
            print(line, file=out)
        if len(report.backups) > 1:
            print("     ほかのバックアップ: dxfield restore --list", file=out)
    else:
        print("  1. （使えるバックアップがありません）", file=out)
    if report.server_url:
        print(
            f"  2. サーバー（{report.server_url}）から取り直す: "
            "dxfield recover --fresh、続けて dxfield sync",
            file=out,
        )
    else:
        print("  2. 空のデータで始め直す: dxfield recover --fresh", file=out)
    print("  3. このまま終了する（何も変更しません）", file=out)
