"""The ``dxfield`` command line (core commands).

Each subcommand lives in its own module with ``register(subparsers)``. Every listing takes
``--json``. The global ``--data-dir`` comes before the subcommand.

The installed ``dxfield`` script is composed one layer up, in ``ui.main``: it adds the sync
commands and starts the desktop app when no subcommand is given, since the core may import
neither ``sync`` nor ``ui``.

Adding a command: write its module with ``register(subparsers)`` and ``run(ctx, args)``,
then add one line to ``COMMANDS`` with the same name and help. Only the chosen command's
module is imported (``LazyCommands``), so ``dxfield --help`` and ``dxfield --version`` import
nothing but argparse, and the module may import what its command needs at the top. Keep
SQLAlchemy, reportlab, openpyxl and the like out of what every command loads: this package,
``context`` and ``dxfield.enums``. ``tests/core/test_cli_imports.py`` holds the line.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence

from .. import __version__
from ..errors import DxfieldError
from ..messages import by_code
from .args import JapaneseArgumentParser, folder
from .context import AppContext

# Command name -> (module whose ``register`` adds it, one-line help for ``dxfield --help``).
# In the order ``--help`` lists them. A module may add several commands (backup, restore).
COMMANDS: dict[str, tuple[str, str]] = {
    "municipalities": (f"{__name__}.municipalities", "list the municipalities (市町村)"),
    "visits": (f"{__name__}.visits", "list visits (訪問・面談)"),
    "trainings": (f"{__name__}.trainings", "list trainings (研修) with attendees"),
    "survey": (f"{__name__}.survey", "survey results of trainings (研修アンケート)"),
    "needs": (f"{__name__}.needs", "the needs register (ニーズ・要望) and its overview"),
    "assessment": (f"{__name__}.assessment", "assessment sheet (アセスメントシート)"),
    "import": (f"{__name__}.imports", "read answers or lists from files (取り込み)"),
    "export": (f"{__name__}.export", "write data to Excel, CSV or iCalendar (書き出し)"),
    "backup": (f"{__name__}.backup", "back up the local store (バックアップ)"),
    "restore": (f"{__name__}.backup", "replace the local store with a backup (復元)"),
    "recover": (
        f"{__name__}.backup",
        "start again with an empty store the next sync fills from the server (復旧)",
    ),
    "demo": (
        f"{__name__}.demo",
        "fill the data folder with demo data (デモデータ); running it again changes nothing",
    ),
    "report": (f"{__name__}.report", "PDF handouts and reports (面談記録・成果把握・一覧)"),
    "search": (
        f"{__name__}.search",
        "search notes, action items, free-text answers, trainings and needs (全文検索)",
    ),
}


class LazyCommands(argparse._SubParsersAction):
    """Subcommands listed by name and help up front, each built by its module's ``register``
    only once it is chosen on the command line.

    ``add_lazy`` puts a name in the listing with a placeholder; when argparse meets that
    name, the module is imported and its ``register(self)`` runs. Of the parsers it adds, the
    chosen one replaces the placeholder; siblings from the same module (``restore`` beside
    ``backup``) go to a parser nobody reads.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._modules: dict[str, str] = {}
        self._building: str | None = None

    def add_lazy(self, name: str, module: str, help: str) -> None:
        if name in self._name_parser_map:
            raise ValueError(f"command {name!r} is registered twice")
        self._modules[name] = module
        self._name_parser_map[name] = None  # a valid choice; built when chosen
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))

    def add_parser(self, name: str, **kwargs) -> argparse.ArgumentParser:
        if self._building is None:
            return super().add_parser(name, **kwargs)
        if name != self._building:
            return argparse.ArgumentParser(add_help=False)
        del self._name_parser_map[name]
        kwargs.pop("help", None)  # listed already, from the registry
        return super().add_parser(name, **kwargs)

    def build(self, name: str) -> argparse.ArgumentParser:
        """The full parser of command ``name``, importing its module the first time."""
        if self._name_parser_map.get(name) is None and name in self._modules:
            module = importlib.import_module(self._modules[name])
            self._building = name
            try:
                module.register(self)
            finally:
                self._building = None
            if self._name_parser_map.get(name) is None:
                raise RuntimeError(f"{self._modules[name]}.register() adds no command {name!r}")
        return self._name_parser_map[name]

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        self.build(values[0])
        super().__call__(parser, namespace, values, option_string)


def build_parser(
    extra_commands: Mapping[str, tuple[str, str]] = {},
) -> argparse.ArgumentParser:
    """The top-level parser: the core ``COMMANDS`` then ``extra_commands`` (same shape)."""
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
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", action=LazyCommands)
    for name, (module, help_text) in {**COMMANDS, **extra_commands}.items():
        subparsers.add_lazy(name, module, help_text)
    return parser


def format_error(exc: DxfieldError) -> str:
    title = by_code("title", exc.code) or "エラー"
    return f"エラー: {title}: {exc.text()}"


def main(
    argv: Sequence[str] | None = None,
    *,
    extra_commands: Mapping[str, tuple[str, str]] = {},
) -> int:
    """Run one command (the desktop, started when there is none, is composed in ``ui.main``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(extra_commands)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 1
    from ..logsetup import setup_logging

    setup_logging()
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
