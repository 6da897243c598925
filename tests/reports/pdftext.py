"""Reading back what a PDF shows: its text (as a reader would copy it) and its fonts."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader


@dataclass(frozen=True)
class FontInfo:
    name: str
    embedded: bool
    subset: bool


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


def lines(pdf: bytes) -> list[str]:
    return [line for page in pages_text(pdf) for line in page.splitlines()]


def fonts(pdf: bytes) -> list[FontInfo]:
    found: dict[str, FontInfo] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            name = str(font.get("/BaseFont", "?"))
            found[name] = FontInfo(name, embedded, "+" in name)
    return list(found.values())


def compact(s: str) -> str:
    """Text without whitespace: where a table cell or a line wraps is layout, not content."""
    return "".join(s.split())


def assert_in_order(haystack: str, needles: list[str]) -> None:
    haystack = compact(haystack)
    position = 0
    for needle in map(compact, needles):
        found = haystack.find(needle, position)
        assert found >= 0, f"{needle!r} missing after position {position}:\n{haystack}"
        position = found + len(needle)
