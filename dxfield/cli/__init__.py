"""The ``dxfield`` command line (core commands).

Each subcommand lives in its own module with ``register(subparsers)``. Every listing takes
``--json``. The global ``--data-dir`` comes before the subcommand.

The installed ``dxfield`` script is composed one layer up, in ``ui.main``: it adds the sync
commands and starts the desktop app when no subcommand is given, since the core may import
neither ``sync`` nor ``ui``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence

from .. import __version__
from ..errors import DxfieldError
from .args import JapaneseArgumentParser, folder
from .context import AppContext

COMMAND_MODULES = (
    "municipalities",
    "visits",
    "assessment",
    "imports",
    "export",
    "backup",
    "demo",
    "report",
    "search",
)

ERROR_TITLES = {
    "validation": "入力内容に誤りがあります",
    "not_found": "見つかりません",
    "duplicate": "すでに登録されています",
    "database": "データベースのエラーです",
    "database_corrupt": "データベースファイルが壊れているか、dxfield のファイルではありません",
    "database_foreign": "dxfield のデータではないファイルです",
    "file_unreadable": "ファイルを読み取れません",
    "backup": "バックアップを書き込めません",
    "database_newer": "新しいバージョンの dxfield で作成されたデータベースです",
    "database_locked": "データベースが他のプログラムに使用されています",
    "database_readonly": "データベースファイルに書き込めません",
    "disk_full": "ディスクの空き容量が不足しています",
    "data_dir": "データフォルダーを使用できません",
    "resource": "インストールが不完全です（同梱ファイルがありません）",
    "import": "取り込めないデータがあります",
    "report": "帳票（PDF）を作成できません",
    "export": "ファイルを書き出せません",
    "unsynced_changes": "未同期の変更があります",
}


def build_parser(extra_modules: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = JapaneseArgumentParser(
        prog="dxfield",
        description="dxfield — 市町村DXアドバイザーのためのオフライン現場ツール",
    )
    parser.add_argument("--version", action="version", version=f"dxfield {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (database, template, fonts, Qt, keyring) and exit",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=folder,
        help="data folder (default: $DXFIELD_DATA_DIR or the platform's user data dir)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(subparsers)
    for module in extra_modules:
        importlib.import_module(module).register(subparsers)
    return parser


def format_error(exc: DxfieldError) -> str:
    title = ERROR_TITLES.get(exc.code, "エラー")
    return f"エラー: {title}: {exc}"


def main(argv: Sequence[str] | None = None, *, extra_modules: Sequence[str] = ()) -> int:
    """Run one command (the desktop, started when there is none, is composed in ``ui.main``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(extra_modules)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 1
    return _guarded(lambda: AppContext(args.data_dir), lambda ctx: args.func(ctx, args))


def _guarded(
    make_context: Callable[[], AppContext], action: Callable[[AppContext], int | None]
) -> int:
    """Run ``action`` with every expected failure turned into a message and an exit code:
    2 for what the input, the arguments or the store's state caused, 1 for a fault of
    dxfield itself (logged with its traceback, never shown as one)."""
    ctx = None
    try:
        ctx = make_context()
        return int(action(ctx) or 0)
    except DxfieldError as exc:
        _report(exc, ctx)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0
    except Exception as exc:
        typed = _typed(exc, ctx)
        if typed is not None:
            _report(typed, ctx)
            return 2
        import logging

        logging.getLogger("dxfield.cli").error("command failed", exc_info=exc)
        print(
            f"エラー: 予期しない問題が起きました（{type(exc).__name__}: {exc}）。"
            "データは変更していません。詳しくはログファイル（dxfield.log）を確認してください。",
            file=sys.stderr,
        )
        return 1
    finally:
        if ctx is not None:
            ctx.close()


def _typed(exc: Exception, ctx: AppContext | None) -> DxfieldError | None:
    """A database or file failure met outside the services, as the core's typed error."""
    import sqlite3

    path = ctx.database_path if ctx is not None else None
    if isinstance(exc, sqlite3.Error) or type(exc).__module__.startswith("sqlalchemy"):
        from ..db import translate_error

        return translate_error(exc, path)
    return None


def _report(exc: DxfieldError, ctx: AppContext | None) -> None:
    print(format_error(exc), file=sys.stderr)
    if ctx is not None and ctx.failed_store:
        from .backup import print_recovery_offer

        print_recovery_offer(ctx)
