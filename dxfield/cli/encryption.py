"""``dxfield encryption status|enable|disable``: is the store encrypted, and switching it.

``enable`` and ``disable`` rewrite the store (``dxfield.encryption``) and save the choice,
so a disabled store is not encrypted again at the next start. The key stays in the keyring
either way: backups made with it still need it. ``enable`` then brings the store's copies in
line (``dxfield.storecopies``): plain backups are re-encrypted, and plain copies that cannot
be are overwritten and removed once the person agrees (``--remove-plain``: agreed); plain
records of salvaged edits are re-encrypted too. Run again, it finishes what a run cut off
left.
"""

from __future__ import annotations

import sys

from ..errors import DatabaseError
from ..messages import msg


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "encryption", help="encryption of the local store (暗号化): status, enable, disable"
    )
    p.add_argument(
        "action",
        choices=("status", "enable", "disable"),
        help="status: show; enable/disable: rewrite the store encrypted or plain "
        "(enable also re-encrypts plain backups)",
    )
    p.add_argument(
        "--remove-plain",
        action="store_true",
        help="with enable: overwrite and remove the plain copies that cannot be re-encrypted "
        "(damaged stores kept, salvaged edits, leftovers) without asking",
    )
    p.set_defaults(func=run_encryption)


def run_encryption(ctx, args) -> int:
    from ..paths import ensure_data_dir

    ensure_data_dir(ctx.data_dir)
    if args.action == "enable":
        return _enable(ctx, remove_plain=args.remove_plain)
    return {"status": _status, "disable": _disable}[args.action](ctx)


def _status(ctx) -> int:
    from ..backup import list_backups
    from ..driver import CIPHER_AVAILABLE, is_encrypted, sqlite3
    from ..paths import backup_dir
    from ..settings import load_settings
    from ..storecopies import backup_folders, leftovers
    from ..storekey import keyring_key

    path = ctx.database_path
    if not CIPHER_AVAILABLE:
        print("暗号化: この環境では使えません（SQLCipher（sqlcipher3）がありません）")
    else:
        print(f"暗号化ライブラリ: SQLCipher（SQLite {sqlite3.sqlite_version}）")
    if not path.exists():
        print(f"データファイル: まだありません（{path}）")
    elif is_encrypted(path):
        print(f"データファイル: 暗号化されています（{path}）")
    else:
        print(f"データファイル: 暗号化されていません（{path}）")
    off = load_settings().store_encryption == "off"
    print(f"設定: {'暗号化しない（dxfield encryption enable で有効）' if off else '暗号化する'}")
    print(
        "鍵: OS のキーリングにあります"
        if keyring_key() is not None
        else "鍵: キーリングにありません（パスフレーズで開きます）"
    )
    folder = backup_dir(ctx.data_dir)
    backups = [b for f in backup_folders(ctx.data_dir) for b in list_backups(f)]
    plain = [b for b in backups if not is_encrypted(b)]
    print(f"バックアップ: {len(backups)}件（うち暗号化されていないもの {len(plain)}件、{folder}）")
    others = leftovers(ctx.data_dir, path)
    if others:
        print(f"暗号化されていないその他のコピー: {len(others)}件")
    if (plain or others) and path.exists() and is_encrypted(path):
        print(
            "  dxfield encryption enable で暗号化し直す（またはたずねたうえで削除する）ことができます。"
        )
    return 0


def _enable(ctx, *, remove_plain: bool) -> int:
    from ..driver import is_encrypted
    from ..encryption import encrypt_store
    from ..settings import load_settings, save_settings
    from ..storecheck import open_keyed
    from ..storekey import require_cipher

    require_cipher()
    save_settings(load_settings().with_changes(store_encryption=""))
    path = ctx.database_path
    if not path.exists():
        print("設定しました。新しいデータファイルは暗号化して作成します。")
        return 0
    if is_encrypted(path):
        print("データファイルはすでに暗号化されています。")
        conn, key = open_keyed(path)  # the key the backups get: the store's
        conn.close()
    else:
        key = encrypt_store(path).key
        print(f"データファイルを暗号化しました（検証済み、元のファイルは消去しました）: {path}")
    _bring_copies_in_line(ctx, key, remove_plain=remove_plain)
    return 0


def _bring_copies_in_line(ctx, key, *, remove_plain: bool) -> None:
    from ..messages import Message, msg
    from ..storecopies import bring_in_line, remove_copies
    from .backup import confirm

    report = bring_in_line(ctx.data_dir, key, ctx.database_path)
    if report.reencrypted:
        print(msg("copies.reencrypted", count=len(report.reencrypted)).text())
    if report.salvage_reencrypted:
        print(msg("copies.salvage_reencrypted", count=len(report.salvage_reencrypted)).text())
    if report.postponed:
        print(msg("copies.postponed", count=len(report.postponed)).text())
        for path, why in report.postponed:
            print(f"  {path}: {why.text() if isinstance(why, Message) else why}")
    if report.to_remove:
        print(msg("copies.remove_question", count=len(report.to_remove)).text())
        for copy in report.to_remove:
            print(f"  {copy.describe()}")
        print(msg("copies.ssd_note").text())
        if remove_plain or confirm("上書きして削除しますか？"):
            removed = remove_copies(report.to_remove)
            print(msg("copies.removed", count=len(removed)).text())
        else:
            said = msg("copies.kept") if sys.stdin.isatty() else msg("copies.not_asked")
            print(said.text())
    elif not report.postponed:
        print("バックアップなど、この端末にあるデータのコピーはすべて暗号化されています。")
    print(msg("copies.not_covered").text())


def _disable(ctx) -> int:
    from ..driver import is_encrypted
    from ..encryption import decrypt_store
    from ..settings import load_settings, save_settings

    path = ctx.database_path
    if path.exists() and is_encrypted(path):
        decrypt_store(path)
        print(f"データファイルの暗号化を解除しました（検証済み）: {path}")
    elif path.exists():
        print("データファイルは暗号化されていません。")
    save_settings(load_settings().with_changes(store_encryption="off"))
    print(
        "警告: データファイルは暗号化されていない状態です。ノートパソコンを紛失すると"
        "中身を読まれます。キーリングの鍵は、暗号化されたバックアップのために残します。"
    )
    if not path.exists():
        return 0
    if is_encrypted(path):
        raise DatabaseError(msg("encryption.still_encrypted", name=path.name))
    return 0
