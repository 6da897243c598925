"""User names and passwords: what is accepted, and when two names are "the same".

A name is stored NFKC-normalised and trimmed (full-width ａｄｍｉｎ is stored as admin), and it
also gets a *key*: case-folded, with blanks and the separators ``. _ -`` dropped. The key is
unique in the database, so "Admin", "adv " or "s.ato" cannot be added beside "admin", "adv"
or "sato" to look like them in a list, and logging in by any of those spellings finds the
one account. Control and invisible characters are refused outright (a NUL reached
PostgreSQL as a 5xx before).

Messages never repeat what was typed: a password typed into the name field would otherwise
end up in a reply or a log.
"""

from __future__ import annotations

import re
import unicodedata

from dxfield.messages import msg

from .errors import ApiError

NAME_MAX = 80
PASSWORD_MIN = 12
PASSWORD_MAX = 256
_SEPARATORS = re.compile(r"[\s._\-]+")
# Variation selectors are marks, not control characters, but they are invisible.
_INVISIBLE = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef\u115f\u1160\u3164\uffa0]")
SERVICE_WORDS = ("dxfield",)


def has_control(text: str) -> bool:
    """Control, format (zero-width), surrogate, private-use or unassigned characters."""
    return any(
        unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")
        for ch in text
    )


def clean_name(name: str) -> str:
    """The stored form of a new user name, or ApiError 422 saying what is wrong."""
    if has_control(name) or _INVISIBLE.search(name):
        raise ApiError(422, "bad_name", msg("server.name_invisible"))
    cleaned = " ".join(unicodedata.normalize("NFKC", name).split())
    if not cleaned or len(cleaned) > NAME_MAX:
        raise ApiError(422, "bad_name", msg("server.name_length", limit=NAME_MAX))
    if not name_key(cleaned):
        raise ApiError(422, "bad_name", msg("server.name_no_letter"))
    return cleaned


def name_key(name: str) -> str:
    """What two names must not share: NFKC, case-folded, without blanks and ``. _ -``."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return _SEPARATORS.sub("", folded)


def lookup_key(name: str) -> str | None:
    """The key a login name is looked up by; None when no account can have that name."""
    if has_control(name) or len(name) > 4 * NAME_MAX:
        return None
    return name_key(name) or None


def check_password(password: str, name: str) -> None:
    """The password policy: 12 to 256 characters, not one character repeated, not the name."""
    if has_control(password):
        raise ApiError(422, "weak_password", msg("server.password_control"))
    if len(password) < PASSWORD_MIN:
        raise ApiError(422, "weak_password", msg("server.password_short", limit=PASSWORD_MIN))
    if len(password) > PASSWORD_MAX:
        raise ApiError(422, "weak_password", msg("server.password_long", limit=PASSWORD_MAX))
    if len(set(password)) == 1:
        raise ApiError(422, "weak_password", msg("server.password_repeated"))
    folded = name_key(password)
    key = name_key(name)
    if key and (folded == key or (len(key) >= 4 and key in folded)):
        raise ApiError(422, "weak_password", msg("server.password_has_name"))
    if any(word in folded for word in SERVICE_WORDS):
        raise ApiError(422, "weak_password", msg("server.password_has_service"))
