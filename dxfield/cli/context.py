"""What every subcommand needs: the data dir and the open local store, opened on first use."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..paths import database_path, ensure_data_dir, resolve_data_dir

if TYPE_CHECKING:
    from ..db import Database


class AppContext:
    def __init__(self, data_dir: str | None) -> None:
        self.data_dir: Path = resolve_data_dir(data_dir)
        self._db: Database | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            # Imported here: the desktop shows its window before paying for SQLAlchemy.
            from ..db import open_database

            ensure_data_dir(self.data_dir)
            self._db = open_database(database_path(self.data_dir))
            with self._db.session() as session:
                from ..masterdata import ensure_master_data

                ensure_master_data(session)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def day_argument(text: str):
    """An argparse ``type`` for a YYYY-MM-DD date."""
    import argparse
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from exc


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
