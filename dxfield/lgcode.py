"""全国地方公共団体コード (local government codes) and their check digit.

A code is five digits (2 for the prefecture, 3 for the body) plus a check digit, computed as
in JIS X 0402 / the MIC's definition: weights 6,5,4,3,2 over the five digits, remainder of
the sum divided by 11, check digit = the last digit of (11 - remainder): 10 gives 0, 11 gives 1.
"""

from __future__ import annotations

import unicodedata

from .errors import ValidationError
from .messages import msg

WAKAYAMA_PREFIX = "30"


def check_digit(first_five: str) -> int:
    if len(first_five) != 5 or not first_five.isdigit():
        raise ValueError("need exactly five digits")
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    remainder = total % 11
    return (11 - remainder) % 10


def normalize(code: str | int) -> str:
    """Digits of a code as typed (full-width digits, spaces, hyphens allowed)."""
    text = unicodedata.normalize("NFKC", str(code)).strip().replace("-", "").replace(" ", "")
    return text


def validate(code: str | int) -> str:
    """Return the six-digit code, or raise ``ValidationError`` saying what is wrong.

    A five-digit code (without check digit, as some lists give it) is completed.
    """
    text = normalize(code)
    if not text.isdigit() or len(text) not in (5, 6):
        raise ValidationError(
            msg("code.not_six_digits", code=str(code)),
            field="code",
            value=str(code),
        )
    if len(text) == 5:
        return text + str(check_digit(text))
    expected = check_digit(text[:5])
    if int(text[5]) != expected:
        raise ValidationError(
            msg("code.check_digit", code=text, expected=f"{text[:5]}{expected}"),
            field="code",
            value=text,
        )
    return text
