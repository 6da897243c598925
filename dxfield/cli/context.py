"""What every subcommand needs: the context (``dxfield.context``) and plain printing."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from ..context import AppContext

__all__ = ["AppContext", "print_json", "print_table", "quick_or_services"]

T = TypeVar("T")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain text table that lines up with Japanese (double-width) characters."""
    cells = [[str(c) for c in headers], *[["" if c is None else str(c) for c in r] for r in rows]]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        line = "  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True))
        print(line.rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def quick_or_services(
    ctx: AppContext, quick: Callable[[Any], T | None], services: Callable[[], T]
) -> T:
    """A listing read by ``quick(conn)`` through ``dxfield.quickread`` when the store is up to
    date, so it does not wait for SQLAlchemy and the models; otherwise, and whenever ``quick``
    gives None (a refusal), by ``services()``, which open, migrate and refuse as always."""
    from .. import quickread
    from ..paths import database_path

    rows = quickread.read_current(database_path(ctx.data_dir), quick)
    return services() if rows is None else rows
