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
        # The error that kept the store from opening, when it is one recovery is for.
        self.failed_store: BaseException | None = None

    @property
    def database_path(self) -> Path:
        return database_path(self.data_dir)

    @property
    def db(self) -> Database:
        if self._db is None:
            # Imported here: the desktop shows its window before paying for SQLAlchemy.
            from ..db import open_database

            ensure_data_dir(self.data_dir)
            try:
                db = open_database(self.database_path)
                try:
                    with db.session() as session:
                        from ..masterdata import ensure_master_data

                        ensure_master_data(session)
                except BaseException:
                    db.close()
                    raise
            except Exception as exc:
                from ..recovery import is_recoverable

                if is_recoverable(exc):
                    self.failed_store = exc
                raise
            self._db, self.failed_store = db, None
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


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
