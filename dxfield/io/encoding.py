"""Which encoding a text file is in, decided strictly and said out loud.

Web-form exports reach us as UTF-8 with a BOM (Google Forms, Microsoft Forms), UTF-8 without
one, or CP932 (Excel's "CSV" on Japanese Windows, LoGoフォーム's Shift_JIS option). A wrong
guess turns every Japanese header into mojibake and the mapping silently into nothing, so:
a BOM decides; otherwise each candidate must decode the *whole* file strictly; if both do,
charset-normalizer breaks the tie, and if it cannot, the user is asked to re-save the file.
Binary data is refused rather than decoded as CP932's catch-all single bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import ImportProblem
from ..messages import msg

UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 (BOM付き)"
CP932 = "CP932 (Shift_JIS)"
UTF16 = "UTF-16"

# C0 controls other than tab/newline/CR/form feed never occur in a CSV export.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What CP932 makes of bytes no Japanese text contains (0x80, 0xA0, 0xFD-0xFF).
_CP932_FILLERS = re.compile("[\x80\uf8f0-\uf8f3]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # one of the labels above, shown to the user


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _binary_problem(text: str, data: bytes | None = None) -> ImportProblem | None:
    match = _BINARY.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1
    return ImportProblem(
        msg("file.control_character", char=f"{ord(match.group()):04X}", line=line), row=line
    )


def _strict(data: bytes, codec: str) -> tuple[str | None, UnicodeDecodeError | None]:
    try:
        return data.decode(codec), None
    except UnicodeDecodeError as exc:
        return None, exc


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a text file's bytes or raise ``ImportProblem`` saying why not."""
    if not data.strip(b" \t\r\n,\xef\xbb\xbf"):
        raise ImportProblem(msg("file.empty"))
    if data.startswith(codecs.BOM_UTF8):
        text, error = _strict(data[3:], "utf-8")
        if error is not None:
            line = _line_of(data, error.start + 3)
            raise ImportProblem(
                msg("file.bom_not_utf8", byte=f"{data[error.start + 3]:02X}", line=line),
                row=line,
            )
        return _checked(DecodedText(text, UTF8_BOM))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" (tab-separated UTF-16).
        text, error = _strict(data, "utf-16")
        if error is None:
            return _checked(DecodedText(text, UTF16))
    if b"\x00" in data[:65536]:
        offset = data.index(b"\x00")
        line = _line_of(data, offset)
        raise ImportProblem(msg("file.nul_byte", line=line), row=line)
    utf8, utf8_error = _strict(data, "utf-8")
    cp932, cp932_error = _strict(data, "cp932")
    if cp932 is not None and _CP932_FILLERS.search(cp932):
        cp932, cp932_error = None, None
    if utf8 is not None and (cp932 is None or cp932 == utf8):
        return _checked(DecodedText(utf8, UTF8))
    if cp932 is not None and utf8 is None:
        return _checked(DecodedText(cp932, CP932))
    if utf8 is not None and cp932 is not None:
        return _checked(_tie_break(data, utf8, cp932))
    problem = _binary_problem(data.decode("latin-1"))
    if problem is not None:
        raise problem
    utf8_line = _line_of(data, utf8_error.start) if utf8_error else None
    detail = f"（UTF-8 は {utf8_line} 行目で失敗" if utf8_line else "（"
    detail_en = f" (UTF-8 fails at line {utf8_line}" if utf8_line else " ("
    if cp932_error is not None:
        cp932_line = _line_of(data, cp932_error.start)
        detail += f"、CP932 は {cp932_line} 行目で失敗）"
        detail_en += f", CP932 at line {cp932_line})"
    else:
        detail += "、CP932 の日本語でもありません）"
        detail_en += ", and it is not Japanese text in CP932 either)"
    raise ImportProblem(
        msg("file.unknown_encoding", detail=detail, detail_en=detail_en), row=utf8_line
    )


def _tie_break(data: bytes, utf8: str, cp932: str) -> DecodedText:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["utf_8", "cp932"]).best()
    chosen = best.encoding if best is not None else None
    if chosen == "utf_8":
        return DecodedText(utf8, UTF8)
    if chosen == "cp932":
        return DecodedText(cp932, CP932)
    raise ImportProblem(msg("file.ambiguous_encoding"))


def _checked(decoded: DecodedText) -> DecodedText:
    problem = _binary_problem(decoded.text)
    if problem is not None:
        raise problem
    return decoded
