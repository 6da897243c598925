"""Text that a spreadsheet would run as a formula, kept as text (CSV and formula injection).

An answer typed into a web form as ``=HYPERLINK("http://…", "詳細")`` or
``=cmd|' /C calc'!A0`` is only text to dxfield, but Excel runs it when it opens an export.
Following OWASP's guidance on CSV injection, a cell whose text starts with ``= + - @``, a tab
or a carriage return is written as text: in .xlsx as a string cell marked "quote prefix"
(Excel shows it as typed and keeps it text when edited), in CSV with a leading apostrophe.

Plain numbers (``-3``, ``+1.5``) are left alone. A phone number such as ``+81 73-441-0000``
is escaped in CSV: Excel would otherwise read it as a formula and show an error.

The CSV escape is reversible, so exporting, importing and exporting again gives the same
bytes: the importer drops one leading apostrophe exactly when the exporter added one. Text
that itself starts with apostrophes followed by one of those characters gets one more.
"""

from __future__ import annotations

import re
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _runs_as_formula(text: str) -> bool:
    return text.startswith(TRIGGERS) and _NUMBER.fullmatch(text) is None


def needs_guard(text: str) -> bool:
    """True if a spreadsheet would treat ``text`` (or what is left after its apostrophes)
    as a formula: such text gets a leading apostrophe in CSV."""
    return _runs_as_formula(text.lstrip("'"))


def csv_escape(value: Any) -> Any:
    if isinstance(value, str) and needs_guard(value):
        return "'" + value
    return value


def csv_unescape(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'") and needs_guard(value[1:]):
        return value[1:]
    return value


def looks_like_formula(value: Any) -> bool:
    """Worth telling the person who imports it: text a spreadsheet would run.

    Narrower than ``needs_guard``: a phone number (``+81 …``) or a lone ``-`` is what people
    type, and is not flagged; ``=…``, ``@…`` and a sign followed by a call or a link are.
    """
    if not isinstance(value, str):
        return False
    text = value.lstrip()
    if text.startswith(("=", "@")):
        return len(text) > 1
    return text.startswith(("+", "-")) and any(ch in text for ch in "(!|")
