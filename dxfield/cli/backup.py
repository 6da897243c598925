"""``dxfield backup`` and ``dxfield restore``: copies of the local store and putting one back."""

from __future__ import annotations

import sys

from ..backup import backup_database, check_restore, restore_database, rotate_backup
from ..paths import backup_dir, database_path, ensure_data_dir


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="back up the local store (バックアップ)")
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="where to write the copy (default: a dated file in the data dir's backups/)",
    )
    p.set_defaults(func=run_backup)

    p = subparsers.add_parser("restore", help="replace the local store with a backup (復元)")
    p.add_argument("file", metavar="FILE", help="a backup written by `dxfield backup`")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument(
        "--discard-unsynced",
        action="store_true",
        help="restore even though local changes were never synced (they are lost)",
    )
    p.set_defaults(func=run_restore)


def run_backup(ctx, args) -> int:
    from pathlib import Path

    # Opening the store first migrates it and loads master data: a backup is of a usable store.
    source = ctx.db.path
    if args.file:
        dest = backup_database(source, Path(args.file).expanduser())
    else:
        dest = rotate_backup(source, backup_dir(ctx.data_dir), reason="manual")
    print(f"バックアップを作成しました（整合性チェック OK）: {dest}")
    return 0


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes", "はい")
    except EOFError:
        return False


def run_restore(ctx, args) -> int:
    from pathlib import Path

    source = Path(args.file).expanduser()
    database = database_path(ensure_data_dir(ctx.data_dir))
    plan = check_restore(source, database)
    print(f"復元するファイル: {source}（{plan.modified_at:%Y-%m-%d %H:%M} 更新）")
    if plan.unsynced_changes:
        print(
            f"警告: 未同期の変更が {plan.unsynced_changes} 件あります。"
            "復元するとこれらは失われます（先に同期してください）。",
            file=sys.stderr,
        )
        # --yes alone never drops unsynced work: that takes its own flag or a typed answer.
        asked = not args.yes and _confirm("未同期の変更を破棄して復元しますか？")
        if not (args.discard_unsynced or asked):
            print(
                "復元を中止しました。破棄してよい場合は --discard-unsynced を付けてください。",
                file=sys.stderr,
            )
            return 1
    elif not args.yes and not _confirm("現在のデータを置き換えて復元しますか？"):
        print("復元を中止しました（確認なしで実行するには --yes）。", file=sys.stderr)
        return 1
    ctx.close()
    safety = restore_database(
        source, database, backup_folder=backup_dir(ctx.data_dir), allow_unsynced=True
    )
    print("復元しました。")
    if safety:
        print(f"復元前のデータは {safety} に保存してあります。")
    return 0
