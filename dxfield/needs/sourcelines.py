"""The lines of a record that can become needs: cleaned of list marks, headings left out,
each with the id the need made of it gets (``stable_id("need", source_id, quote)``).

Pure: ``dxfield.services.need_sources`` (the ORM) and ``dxfield.quickread_sources`` (the
stdlib reader of ``dxfield needs lines``) hand it their rows and a lookup of live needs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..enums import NeedSource
from ..ids import stable_id

CHUNK = 500  # ids per IN (...) list, well under SQLite's variable limit


# A list mark at the start of a line: ・ - * ● ○ ■ □ ◆ ◇ •, 1. 1) 1． 1、, (1) （1）, ①..⑳.
_MARK = re.compile(r"^\s*(?:[・\-\*●○■□◆◇•▪]|\d{1,2}[.)．、）]|[（(]\d{1,2}[)）]|[①-⑳])\s*")
# Lines that only head a block (「【要望】」「＜県への要望＞」) are not needs themselves.
_HEADING = re.compile(r"^[【＜<〈《\[［].*[】＞>〉》\]］][:：]?$")


def clean_line(line: str) -> str:
    """A line as a quote: list marks and surrounding space removed."""
    return _MARK.sub("", line).strip()


def lines_of(text: str) -> list[tuple[int, str]]:
    """(offset in ``text``, cleaned line) of every line that could be a need."""
    out = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = clean_line(raw)
        if line and not _HEADING.match(line):
            out.append((offset, line))
        offset += len(raw)
    return out


def need_id_for(source_id: str, quote: str) -> str:
    return stable_id("need", source_id, quote)


@dataclass(frozen=True)
class SourceLine:
    """A line that can become a need, and whether it already is one."""

    source: NeedSource
    source_id: str
    offset: int
    line: str
    need_id: str
    registered: bool
    # For answers: the question (or survey item) it answers.
    label: str = ""


def chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def source_lines(
    source: NeedSource,
    entries: list[tuple[str, str, str]],
    live_needs: Callable[[list[str]], set[str]],
) -> list[SourceLine]:
    """``entries``: (source id, text, label) → one ``SourceLine`` per line; ``live_needs``
    tells which of a list of need ids are live needs."""
    pending = [
        (source_id, offset, line, label, need_id_for(source_id, line))
        for source_id, text, label in entries
        for offset, line in lines_of(text)
    ]
    live = live_needs([p[4] for p in pending])
    return [
        SourceLine(source, source_id, offset, line, need_id, need_id in live, label)
        for source_id, offset, line, label, need_id in pending
    ]
