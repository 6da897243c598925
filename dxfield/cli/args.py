"""Arguments checked as they are parsed, with messages in Japanese.

argparse's own messages are English; ``JapaneseArgumentParser`` says them in Japanese (the
common ones by pattern, the rest with a Japanese lead) and exits with code 2, as argparse
does. The ``type=`` functions here refuse what no command could use (a year 99999, a date in
year 1, a limit of 10^20, an empty name) before any work starts. Light imports only: this
module is loaded by every command.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from typing import NoReturn

from ..fiscal import MAX_YEAR, MIN_YEAR

_PATTERNS = (
    (r"the following arguments are required: (.+)", "必要な引数がありません: {0}"),
    (r"one of the arguments (.+) is required", "次のどれかを指定してください: {0}"),
    (
        r"argument (\S+): invalid choice: '(.*)' \(choose from (.+)\)",
        "{0} に「{1}」は指定できません（指定できる値: {2}）",
    ),
    (r"argument (\S+): invalid int value: '(.*)'", "{0} には整数を指定してください（「{1}」）"),
    (r"argument (\S+): expected one argument", "{0} の後に値を指定してください"),
    (r"unrecognized arguments: (.+)", "使えない引数です: {0}"),
    (r"argument (\S+): ignored explicit argument '(.*)'", "{0} には値を付けられません（「{1}」）"),
    (r"argument (\S+): not allowed with argument (\S+)", "{0} と {1} は同時に指定できません"),
    (r"argument (\S+): (.+)", "{0}: {1}"),
)


def japanese(message: str) -> str:
    for pattern, text in _PATTERNS:
        match = re.fullmatch(pattern, message)
        if match:
            return text.format(*match.groups())
    return message


class JapaneseArgumentParser(argparse.ArgumentParser):
    """Errors in Japanese, exit code 2, the usage line after the message.

    A command whose text argument may start with "-" (``dxfield search -DX``) sets
    ``dash_text``: then a word that is none of its options is that text, as after ``--``.
    """

    dash_text = False

    def parse_known_args(self, args=None, namespace=None):
        if self.dash_text:
            args = self._dash_words_last(list(sys.argv[1:] if args is None else args))
        return super().parse_known_args(args, namespace)

    def _dash_words_last(self, args: list[str]) -> list[str]:
        options, words, wants_value = [], [], False
        for n, arg in enumerate(args):
            if arg == "--":
                words += args[n + 1 :]
                break
            is_word = (
                not wants_value
                and arg.startswith("-")
                and len(arg) > 1
                and not self._negative_number_matcher.match(arg)
                and self._option(arg) is None
            )
            (words if is_word else options).append(arg)
            action = self._option(arg) if not wants_value else None
            wants_value = action is not None and action.nargs is None and "=" not in arg
        return options + (["--", *words] if words else [])

    def _option(self, arg: str) -> argparse.Action | None:
        name = arg.split("=", 1)[0]
        if name in self._option_string_actions:
            return self._option_string_actions[name]
        # argparse accepts a long option's unambiguous abbreviation (--lim for --limit).
        found = [a for o, a in self._option_string_actions.items() if o.startswith(name)]
        return found[0] if name.startswith("--") and len(found) == 1 else None

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"エラー: 引数が正しくありません: {japanese(message)}\n")
        sys.stderr.write(self.format_usage())
        sys.stderr.write(f"（`{self.prog} --help` で使い方を表示します）\n")
        sys.exit(2)


def year(text: str) -> int:
    """A programme year (年度) dxfield can hold: the same range the importer accepts."""
    try:
        value = int(text.strip().removesuffix("年度"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"年度は西暦の4桁で指定してください（例: 2025）。「{text}」は年度ではありません"
        ) from None
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise argparse.ArgumentTypeError(
            f"年度は {MIN_YEAR}〜{MAX_YEAR} の範囲で指定してください（「{text}」）"
        )
    return value


def day(text: str) -> date:
    """A date within the years dxfield handles (和暦 is printed from it)."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日付は YYYY-MM-DD の形で指定してください（例: 2025-06-18）。「{text}」は日付ではありません"
        ) from None
    if not MIN_YEAR <= value.year <= MAX_YEAR + 1:
        raise argparse.ArgumentTypeError(
            f"日付は {MIN_YEAR}年〜{MAX_YEAR + 1}年 の範囲で指定してください（「{text}」）"
        )
    return value


def count(maximum: int):
    """A whole number from 1 to ``maximum``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"1〜{maximum:,} の整数を指定してください（「{text}」は整数ではありません）"
            ) from None
        if not 1 <= value <= maximum:
            raise argparse.ArgumentTypeError(
                f"1〜{maximum:,} の整数を指定してください（「{text}」）"
            )
        return value

    parse.__name__ = "count"
    return parse


def text(what: str):
    """Text that must not be empty (an empty filter would silently match everything)."""

    def parse(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"{what}が空です。指定しないか、値を入れてください")
        return value.strip()

    parse.__name__ = "text"
    return parse


def folder(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError(
            "データフォルダーの指定が空です。フォルダーを指定するか、--data-dir を省いてください"
        )
    return value
