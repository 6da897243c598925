"""The login token lives only in the OS keyring, never in a file, the database or a log.

The ``null`` backend accepts writes and drops them, so every write is read back.
"""

from __future__ import annotations

from dxfield.oskeyring import KeyringError, PasswordDeleteError, backend

from .errors import SyncError

SERVICE = "dxfield-sync"


def _no_keyring(detail: str) -> SyncError:
    return SyncError(
        "no_keyring",
        f"no usable keyring ({detail}); the token was not stored anywhere. "
        "Install or unlock a keyring (GNOME Keyring, KWallet, Windows Credential Manager, "
        "macOS Keychain) and log in again",
    )


def store_token(url: str, token: str) -> None:
    try:
        backend().set_password(SERVICE, url, token)
        stored = backend().get_password(SERVICE, url)
    except KeyringError as exc:
        raise _no_keyring(str(exc) or type(exc).__name__) from exc
    if stored != token:
        raise _no_keyring(f"{type(backend()).__name__} did not keep it")


def load_token(url: str) -> str | None:
    try:
        return backend().get_password(SERVICE, url)
    except KeyringError as exc:
        raise _no_keyring(str(exc) or type(exc).__name__) from exc


def forget_token(url: str) -> None:
    try:
        backend().delete_password(SERVICE, url)
    except PasswordDeleteError:
        pass
    except KeyringError as exc:
        raise _no_keyring(str(exc) or type(exc).__name__) from exc
