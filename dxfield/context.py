"""What a front end needs to work on a store: the data dir and the local store, opened on
first use. The command line (``dxfield.cli``) and the desktop (``ui.main``) both start here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .paths import database_path, ensure_data_dir, resolve_data_dir

if TYPE_CHECKING:
    from .db import Database


class AppContext:
    def __init__(self, data_dir: str | None) -> None:
        self.data_dir: Path = resolve_data_dir(data_dir)
        self._db: Database | None = None
        # A new store that no key can be had for is made plain instead of refused (the demo
        # command: its data is fictional, and the README's first command must run anywhere).
        self.plain_when_no_key = False
        self.made_plain = False
        # The error that kept the store from opening, when it is one recovery is for.
        self.failed_store: BaseException | None = None

    @property
    def database_path(self) -> Path:
        return database_path(self.data_dir)

    @property
    def db(self) -> Database:
        if self._db is None:
            # Imported here: the desktop shows its window before paying for SQLAlchemy.
            from .db import open_database

            ensure_data_dir(self.data_dir)
            try:
                db = open_database(self.database_path, **self._new_store_key())
                try:
                    with db.session() as session:
                        from .masterdata import ensure_master_data

                        ensure_master_data(session)
                except BaseException:
                    db.close()
                    raise
            except Exception as exc:
                from .recovery import is_recoverable

                if is_recoverable(exc):
                    self.failed_store = exc
                raise
            self._db, self.failed_store = db, None
        return self._db

    def _new_store_key(self) -> dict:
        if not self.plain_when_no_key or self.database_path.exists():
            return {}
        import sys

        from .storekey import encryption_wanted, key_at_hand_for_new_store

        if not encryption_wanted() or key_at_hand_for_new_store(can_ask=sys.stdin.isatty()):
            return {}
        self.made_plain = True
        return {"key": None}

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
