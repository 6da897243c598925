"""The key of the encrypted store: 32 random bytes in the OS keyring, or a passphrase.

A new store gets a random key kept in the OS keyring (Windows Credential Manager, macOS
Keychain, Secret Service) under ``SERVICE``; one key per user account, so the backups, a
moved data folder and a restored copy all open with it. It is handed to SQLCipher as a raw
key (``x'…'``), which skips the key derivation: opening a connection costs what it costs
for a plain file. Where there is no usable keyring the person gives a passphrase instead
(asked through ``set_passphrase_prompt``: a terminal prompt in the CLI, a dialog in the
app); SQLCipher derives the key from it (PBKDF2, slow on purpose). Neither the key nor the
passphrase is ever written to a file, a log or the database.

``known_keys`` are the keys this process can try on an encrypted file: the keyring's, the
passphrases given and keys given on the command line (``--key`` of a restore). Which of
them opens a file is found by trying (``open_with``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from .errors import EncryptionUnavailableError, StoreKeyError, StoreKeyUnavailableError
from .messages import msg

log = logging.getLogger(__name__)

SERVICE = "dxfield-store"
ACCOUNT = "store-key"
KEY_BYTES = 32
_HEX_KEY = re.compile(r"[0-9a-fA-F]{64}")


@dataclass(frozen=True)
class StoreKey:
    """A raw key (hex) or a passphrase; ``repr`` never shows either."""

    secret: str = field(repr=False)
    raw: bool = True

    @property
    def pragma(self) -> str:
        """The argument of ``PRAGMA key`` (and of ``ATTACH … KEY``)."""
        if self.raw:
            return f"\"x'{self.secret}'\""
        return "'" + self.secret.replace("'", "''") + "'"

    @property
    def text(self) -> str:
        """The key as a person copies it onto a recovery sheet or types it in."""
        if not self.raw:
            return self.secret
        groups = [self.secret[i : i + 8] for i in range(0, len(self.secret), 8)]
        return "-".join(groups).upper()

    @classmethod
    def parse(cls, text: str) -> StoreKey:
        """A key as ``text`` shows it (groups of hex, any case, with or without dashes or
        spaces); anything else is taken as a passphrase."""
        compact = re.sub(r"[\s-]", "", text)
        if _HEX_KEY.fullmatch(compact):
            return cls(compact.lower(), raw=True)
        if not text:
            raise StoreKeyError(msg("store_key.empty"))
        return cls(text, raw=False)


PassphrasePrompt = Callable[[bool], "str | None"]

_prompt: PassphrasePrompt | None = None
_known: list[StoreKey] = []
_keyring_checked = False
_first_look: StoreKey | None = None  # the key a first look took (``first_look_keys``)
_passphrase: StoreKey | None = None  # the store's passphrase, once given (no keyring)


_converting = False  # a new passphrase asked for now encrypts a store that is plain so far


@contextlib.contextmanager
def converting_plain_store():
    """While a plain store is being encrypted: a prompt asked for a new passphrase then
    says so (declining keeps the store as it is, plain) instead of "a new store"."""
    global _converting
    _converting = True
    try:
        yield
    finally:
        _converting = False


def asked_to_convert() -> bool:
    """Whether the passphrase being asked for would encrypt a store that is plain so far."""
    return _converting


def set_passphrase_prompt(prompt: PassphrasePrompt | None) -> None:
    """``prompt(new)`` asks for a passphrase (``new``: for a new store, so asked twice) and
    returns it, or None when the person declines."""
    global _prompt
    _prompt = prompt


def forget() -> None:
    """Drop every key held in memory (tests; and after the keyring entry changes)."""
    global _keyring_checked, _passphrase, _first_look
    _known.clear()
    _keyring_checked = False
    _first_look = None
    _passphrase = None


def remember(key: StoreKey) -> None:
    if key not in _known:
        _known.append(key)


def _keyring():
    from .oskeyring import backend

    return backend()


def keyring_key() -> StoreKey | None:
    """The key in the OS keyring, or None (no entry, or no usable keyring)."""
    from .oskeyring import KeyringError

    try:
        stored = _keyring().get_password(SERVICE, ACCOUNT)
    except KeyringError as exc:
        log.info("no usable keyring for the store key: %s", exc)
        return None
    if stored and _HEX_KEY.fullmatch(stored):
        from .oskeyring import remember as remember_backend

        with contextlib.suppress(OSError):
            remember_backend(_keyring())
        return StoreKey(stored.lower())
    return None


def first_look_keys() -> Iterator[StoreKey]:
    """The keys to try for a read-only look at an encrypted store (``dxfield.quickread``):
    the key of the keyring backend that gave it at an earlier start, asked first
    (``oskeyring.remembered``: no other backend is loaded for it), then ``known_keys()``
    (keyring's own choice) when that one does not open the store. A key taken here that
    opens the store (``unlock``) stands for the keyring's from then on, as ``known_keys``
    keeps the one it reads: the full open does not read the keyring a second time (a
    keyring that asks on every read would ask twice)."""
    global _first_look
    first = _first_look = None if _keyring_checked else _remembered_key()
    if first is not None:
        yield first
    for key in known_keys():
        if key != first:
            yield key


def _opened_with(key: StoreKey) -> None:
    """``key`` opened a store: the one a first look took from the keyring (``first_look_keys``)
    is then kept as ``known_keys`` keeps the keyring's."""
    global _keyring_checked, _first_look
    if key is not _first_look or _keyring_checked:
        return
    _first_look = None
    _keyring_checked = True
    if key not in _known:
        _known.insert(0, key)


def _remembered_key() -> StoreKey | None:
    from .oskeyring import remembered

    try:
        ring = remembered()
        stored = ring.get_password(SERVICE, ACCOUNT) if ring is not None else None
    except Exception as exc:  # a shortcut only: whatever goes wrong, keyring's choice decides
        log.debug("the remembered keyring gave no store key: %s", exc)
        return None
    if stored and _HEX_KEY.fullmatch(stored):
        return StoreKey(stored.lower())
    return None


def create_keyring_key() -> StoreKey | None:
    """A new random key saved in the keyring and read back, or None when the keyring
    cannot keep it (the ``null`` backend accepts writes and drops them)."""
    import secrets  # here: hashlib's OpenSSL load (about 10 ms) is off a start's key read

    from .oskeyring import KeyringError

    key = StoreKey(secrets.token_hex(KEY_BYTES))
    try:
        _keyring().set_password(SERVICE, ACCOUNT, key.secret)
        if _keyring().get_password(SERVICE, ACCOUNT) != key.secret:
            return None
    except KeyringError as exc:
        log.info("the keyring cannot keep the store key: %s", exc)
        return None
    return key


def delete_keyring_key() -> None:
    from .oskeyring import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        _keyring().delete_password(SERVICE, ACCOUNT)


def known_keys() -> list[StoreKey]:
    """The keys to try on an encrypted file, the keyring's first (looked up once)."""
    global _keyring_checked
    if not _keyring_checked:
        _keyring_checked = True
        found = keyring_key()
        if found is not None and found not in _known:
            _known.insert(0, found)
    return list(_known)


def ask_passphrase(*, new: bool) -> StoreKey | None:
    """``DXFIELD_PASSPHRASE`` when set (scripts, a headless start), else the prompt's."""
    given = env_passphrase() or (_prompt(new) if _prompt is not None else None)
    if not given:
        return None
    key = StoreKey(given, raw=False)
    remember(key)
    return key


def key_for_new_store() -> StoreKey:
    """The key a new encrypted file gets (a new store, a restored copy): the keyring's (made
    on first use), else the passphrase given in this process or asked for now. Never a key
    given for one file (``--key``): a store this computer cannot open again is no use.
    Raises when there is neither."""
    global _keyring_checked, _passphrase
    require_cipher()
    found = keyring_key() or create_keyring_key()
    if found is not None:
        _keyring_checked = True
        if found in _known:
            _known.remove(found)
        _known.insert(0, found)
        return found
    if _passphrase is None:
        _passphrase = ask_passphrase(new=True)
    if _passphrase is not None:
        return _passphrase
    raise StoreKeyUnavailableError(msg("store_key.no_keyring"))


def key_at_hand_for_new_store(*, can_ask: bool) -> bool:
    """Whether a new store can get a key now: the keyring keeps one (made here if need be),
    ``DXFIELD_PASSPHRASE`` is set, or a passphrase can be asked for (``can_ask``)."""
    if env_passphrase() or can_ask or _passphrase is not None:
        return True
    return (keyring_key() or create_keyring_key()) is not None


def encryption_wanted() -> bool:
    """Whether a new store is encrypted: yes, unless switched off (``dxfield encryption
    disable``) or impossible here (no SQLCipher: then a plain store, and a log line)."""
    from .driver import CIPHER_AVAILABLE
    from .settings import load_settings

    if load_settings().store_encryption == "off":
        return False
    if not CIPHER_AVAILABLE:
        log.warning("no SQLCipher in this installation: the store is not encrypted")
        return False
    return True


def left_plain(key: StoreKey | None) -> bool:
    """Whether a store opened with ``key`` (None: plain) is plain where it should be
    encrypted: encryption is not switched off and works here, yet the store is plain (the
    passphrase was declined at start, or it could not be converted yet). Quiet: no log."""
    from .driver import CIPHER_AVAILABLE
    from .settings import load_settings

    return key is None and CIPHER_AVAILABLE and load_settings().store_encryption != "off"


def require_cipher() -> None:
    from .driver import CIPHER_AVAILABLE

    if not CIPHER_AVAILABLE:
        raise EncryptionUnavailableError(msg("store_key.no_cipher"))


def env_passphrase() -> str | None:
    """``DXFIELD_PASSPHRASE``, for scripts on a machine without a keyring (as restic's and
    borg's variables): the environment of one process, never a file dxfield writes."""
    return os.environ.get("DXFIELD_PASSPHRASE") or None


def unlock(
    path,
    connect: Callable[[StoreKey | None], object],
    *,
    ask: bool = True,
    keys: Callable[[], Iterable[StoreKey]] | None = None,
):
    """``(connection, key)`` for the file at ``path``: ``connect(None)`` for a plain file;
    for an encrypted one ``connect(key)`` with each key of ``keys()`` (``known_keys`` by
    default) in turn (then, if ``ask``, a passphrase asked for once) until one reads the
    schema. Raises ``StoreKeyError`` when none does, having changed nothing (a wrong key
    only ever reads)."""
    from .driver import is_encrypted, sqlite3

    if not is_encrypted(path):
        return connect(None), None
    require_cipher()
    tried: list[StoreKey] = []

    def attempt(key: StoreKey):
        tried.append(key)
        conn = connect(key)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            conn.close()
            return None
        return conn

    for key in (keys or known_keys)():
        conn = attempt(key)
        if conn is not None:
            _opened_with(key)
            return conn, key
    if ask:
        asked = ask_passphrase(new=False)
        if asked is not None and asked not in tried:
            conn = attempt(asked)
            if conn is not None:
                global _passphrase
                _passphrase = _passphrase or asked
                return conn, asked
            _known.remove(asked)
    name = getattr(path, "name", path)
    if not tried:
        # Or a plain store whose first page is damaged: the same bytes. Recovery, which
        # keeps the file as it is, is offered for both.
        raise StoreKeyError(msg("store_key.no_key", name=name))
    raise StoreKeyError(msg("store_key.other_key", name=name))
