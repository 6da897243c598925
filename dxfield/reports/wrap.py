"""Japanese line breaking (禁則処理) for report paragraphs.

reportlab's ``wordWrap="CJK"`` breaks between any two characters and lets *one* character
that may not start a line hang in the margin. Two in a row (``。」``, ``）。``) still put the
second at the start of the next line, and an opening bracket may end a line. ``JaParagraph``
breaks plain one-style paragraphs itself into units that never split: opening brackets stay
with what follows, closing punctuation and small kana with what precedes (追い出し), a run of
Latin letters or digits stays whole while it fits. Everything else goes to reportlab.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

from reportlab.lib.textsplit import ALL_CANNOT_START, CANNOT_END_LINE
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

NO_LINE_START = frozenset(ALL_CANNOT_START)
NO_LINE_END = frozenset("".join(CANNOT_END_LINE[:1]))

# Tolerance reportlab uses too, so a line that fits exactly is not pushed down by rounding.
_FUZZ = 1e-6


def _is_word_char(ch: str) -> bool:
    return ord(ch) < 0x3000 and not ch.isspace() and ch not in NO_LINE_START


@lru_cache(maxsize=4096)
def break_units(text: str) -> tuple[str, ...]:
    """Split ``text`` into the pieces a line may break between (cached: tables and
    KeepTogether measure the same paragraph several times)."""
    units: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = i
        # Opening brackets, and any space after one, go with what follows.
        while j < n and (text[j] in NO_LINE_END or (j > i and text[j].isspace())):
            j += 1
        if j < n and _is_word_char(text[j]):
            while j < n and _is_word_char(text[j]):
                j += 1
        elif j < n:
            j += 1
        while j < n and text[j] in NO_LINE_START:
            j += 1
        units.append(text[i:j])
        i = j
    return tuple(units)


@cache
def _char_widths(font: str) -> dict[str, float]:
    # Widths per character at 1000 pt: a paragraph is measured unit by unit, many times
    # over (tables wrap their cells twice), and most characters repeat.
    return {}


def wrap_text(
    text: str, max_widths: Sequence[float], font: str, size: float
) -> list[tuple[float, str]]:
    """Lines of ``text`` as ``(unused width, line)``, the shape reportlab draws from."""
    lines: list[tuple[float, str]] = []
    line, used = "", 0.0
    widths = _char_widths(font)
    scale = size / 1000.0

    def width_of(s: str) -> float:
        total = 0.0
        for ch in s:
            w = widths.get(ch)
            if w is None:
                w = widths[ch] = stringWidth(ch, font, 1000.0)
            total += w
        return total * scale

    def max_width() -> float:
        return max_widths[min(len(lines), len(max_widths) - 1)]

    def push() -> None:
        nonlocal line, used
        stripped = line.rstrip()
        lines.append((max_width() - width_of(stripped), stripped))
        line, used = "", 0.0

    for unit in break_units(text):
        if not line and unit.isspace():
            continue
        w = width_of(unit)
        if used + w <= max_width() + _FUZZ:
            line += unit
            used += w
            continue
        if line:
            push()
            if unit.isspace():
                continue
        if w <= max_width() + _FUZZ:
            line, used = unit, w
            continue
        # A unit wider than a whole line (a long URL, a tiny column): split it where it runs
        # out, but let a closing mark hang rather than start the next line.
        for ch in unit:
            cw = width_of(ch)
            if (
                line
                and used + cw > max_width() + _FUZZ
                and ch not in NO_LINE_START
                and line.rstrip()[-1:] not in NO_LINE_END
            ):
                push()
            line += ch
            used += cw
    if line or not lines:
        push()
    return lines


class JaParagraph(Paragraph):
    """A ``Paragraph`` with Japanese line-breaking rules (use with ``wordWrap="CJK"``)."""

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        frags = self.frags
        simple = (
            len(frags) == 1
            and not hasattr(frags[0], "cbDefn")
            and not self.style.endDots
            and not self.bulletText
            and not getattr(self, "_splitpara", 0)
        )
        if not simple:
            return super().breakLinesCJK(maxWidths)
        frag = frags[0]
        text = frag.text if hasattr(frag, "text") else "".join(getattr(frag, "words", []))
        self.height = 0
        lines = wrap_text(text, maxWidths, frag.fontName, frag.fontSize)
        return frag.clone(
            kind=0,
            lines=[(space, [line]) for space, line in lines],
            ascent=frag.fontSize,
            descent=-0.2 * frag.fontSize,
        )
