"""The one place where errors become words a user reads (after Anki's ``aqt/errors.py``).

Core errors carry a stable ``code`` (``dxfield.errors``); each code maps to a sentence that
says what happened and what the user can do, kept in the core's one catalog
(``dxfield.messages``, ``error.<code>``, beside the CLI's short titles; a sync failure by its
kind, ``sync.<kind>``). A rule's own message
(a field's validation, an import problem) comes with the error, by its code, from the same
catalog in the UI's language: never looked up by another layer's wording.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale

from dxfield.errors import DxfieldError, ValidationError
from dxfield.messages import by_code


def language() -> str:
    """The language of the core's catalog (``dxfield.messages``) that the UI speaks."""
    return "en" if QLocale().language() == QLocale.Language.English else "ja"


def message_for(exc: BaseException) -> str:
    """A user-facing sentence for ``exc``; unknown errors get a generic one."""
    from sync.errors import SyncError  # here: the window starts without the sync package

    if isinstance(exc, ValidationError):
        if exc.said is not None:
            return exc.text(language())
        return f"{_sentence('validation')}（{exc.message}）"
    if isinstance(exc, SyncError):  # the kind's sentence, with its figures or detail
        return exc.text(language())
    if isinstance(exc, DxfieldError):
        return by_code("error", exc.code, language()) or _sentence("error")
    return f"{_sentence('error')}（{type(exc).__name__}: {exc}）"


def detail_for(exc: BaseException) -> str:
    """What exactly failed (which file, what was found), to show below ``message_for``: the
    core's own message in the UI's language when it has one, else the error's text."""
    if isinstance(exc, DxfieldError):
        return exc.text(language())
    return str(exc)


def _sentence(code: str) -> str:
    return by_code("error", code, language()) or ""


def field_of(exc: BaseException) -> str | None:
    """The form field a validation error belongs to, if any."""
    return exc.field if isinstance(exc, ValidationError) else None


def keeps_typing(exc: BaseException) -> bool:
    """True for failures where retrying later may succeed (locked, read-only, full disk)."""
    return getattr(exc, "code", "") in {"database_locked", "database_readonly", "disk_full"}
