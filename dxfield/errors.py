"""Typed errors of the core.

Every error a user can cause or meet carries a stable ``code`` and an English developer
message; the UI and the CLI turn codes into user-facing text in one place each
(``ui/errors.py``, ``dxfield/cli``). Messages name *what* is wrong and *where*. An error made
from a ``dxfield.messages.Message`` also says it in the user's language (``text()``).
"""

from __future__ import annotations

from .messages import Message


class DxfieldError(Exception):
    """Base of all errors the core raises on purpose."""

    code = "error"

    def __init__(
        self, message: str | Message, *, said: Message | None = None, **details: object
    ) -> None:
        self.said = message if isinstance(message, Message) else said
        message = str(message)
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message

    def text(self, language: str = "ja") -> str:
        """The message for a person, in ``language`` when the catalog has it."""
        return self.said.text(language) if self.said is not None else self.message


class ValidationError(DxfieldError):
    """Input that breaks a domain rule; ``field`` names the offending field."""

    code = "validation"

    def __init__(
        self, message: str | Message, *, field: str | None = None, **details: object
    ) -> None:
        super().__init__(message, field=field, **details)
        self.field = field


class NotFoundError(DxfieldError):
    code = "not_found"


class DuplicateError(DxfieldError):
    code = "duplicate"


class DatabaseError(DxfieldError):
    code = "database"


class CorruptDatabaseError(DatabaseError):
    code = "database_corrupt"


class ForeignDatabaseError(DatabaseError):
    """A SQLite file that is not a dxfield store (another program's, or empty)."""

    code = "database_foreign"


class UnreadableFileError(DatabaseError):
    """The store or backup file exists but cannot be read (permissions, a failing disk)."""

    code = "file_unreadable"


class StoreKeyError(DatabaseError):
    """An encrypted store or backup that the keys at hand do not open (a wrong or missing
    key or passphrase). Not a damaged file: nothing is set aside or replaced."""

    code = "store_key"


class StoreKeyUnavailableError(DatabaseError):
    """No key to try: no usable keyring entry and no passphrase given (or none could be
    asked for). Nothing is wrong with the file."""

    code = "store_key_unavailable"


class EncryptionUnavailableError(DatabaseError):
    """This installation has no SQLCipher (no ``sqlcipher3`` wheel for the platform)."""

    code = "encryption_unavailable"


class NewerDatabaseError(DatabaseError):
    """The database was written by a newer dxfield; we refuse to touch it."""

    code = "database_newer"


class DatabaseLockedError(DatabaseError):
    code = "database_locked"


class ReadOnlyDatabaseError(DatabaseError):
    code = "database_readonly"


class DiskFullError(DatabaseError):
    code = "disk_full"


class DataDirError(DxfieldError):
    code = "data_dir"


class ResourceError(DxfieldError):
    """A bundled resource (template, font, master data) is missing or malformed."""

    code = "resource"


class ImportProblem(DxfieldError):
    """One problem in an imported file, located by row and column as Excel shows them:
    ``row`` (1-based), ``column`` (the column's header, or what the cell is) and ``letter``
    (A, B, … AA) when the file has one."""

    code = "import"

    def __init__(
        self,
        message: str | Message,
        *,
        row: int | None = None,
        column: str | None = None,
        letter: str | None = None,
        **details,
    ) -> None:
        super().__init__(message, row=row, column=column, **details)
        self.row = row
        self.column = column
        self.letter = letter

    def where(self, language: str = "ja") -> str:
        """「行 3・列 B「団体名」」/ "row 3, column B '団体名'"; empty when nowhere."""
        if language == "en":
            parts = [f"row {self.row}"] if self.row is not None else []
            named = [self.letter or "", repr(self.column) if self.column else ""]
            if any(named):
                parts.append(" ".join(["column", *filter(None, named)]))
            return ", ".join(parts)
        parts = [f"{self.row} 行目"] if self.row is not None else []
        if self.column or self.letter:
            parts.append(f"{self.letter or ''}列" + (f"「{self.column}」" if self.column else ""))
        return "・".join(parts)

    def located(self, language: str = "ja") -> str:
        """Where and what, as one line of a problem list."""
        where = self.where(language)
        return f"{where}: {self.text(language)}" if where else self.text(language)

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class UnsyncedChangesError(DxfieldError):
    """An operation would throw away local edits that were never pushed to the server."""

    code = "unsynced_changes"


class BackupError(DxfieldError):
    """A backup could not be written where asked (a file in the way, no permission)."""

    code = "backup"


class ExportError(DxfieldError):
    """An export file could not be written (folder missing, file open in Excel, disk full)."""

    code = "export"


class ReportError(DxfieldError):
    """A report (PDF) could not be produced or written; ``path`` names the file."""

    code = "report"


class ImportFailed(DxfieldError):
    """A file could not be imported; ``problems`` lists every ``ImportProblem`` found.

    Nothing was written: imports are all or nothing.
    """

    code = "import"

    def __init__(self, problems: list[ImportProblem], *, source: str = "") -> None:
        where = f" in {source}" if source else ""
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        super().__init__(f"{count}{where}; nothing was imported", source=source)
        self.problems = problems
