"""Page layout shared by every report: A4, styles, the footer, page numbers, safe writing.

The footer carries the date of issue and ``n / N``. N is only known once the document is
laid out, so the canvas keeps each page until ``save`` (reportlab's usual two-step canvas).
Several documents can share one file (all handouts of a day): each starts with a
``SectionStart`` and its pages are numbered on their own.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
    TableStyle,
)

from .. import fiscal
from ..errors import ReportError
from ..messages import msg
from .fonts import register_fonts
from .wrap import JaParagraph

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

# Black and white first: every distinction on the page must survive a mono printer.
INK = colors.black
RULE = colors.Color(0.35, 0.35, 0.35)
SHADE = colors.Color(0.9, 0.9, 0.9)

ISSUER = "和歌山県 市町村DX推進支援"


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    small_centred: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cell_right: ParagraphStyle
    note: ParagraphStyle


@cache
def styles() -> Styles:
    font = register_fonts()
    base = ParagraphStyle(
        "body", fontName=font, fontSize=10, leading=15.5, wordWrap="CJK", textColor=INK
    )

    def derive(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    return Styles(
        title=derive("title", fontSize=18, leading=24, spaceAfter=2),
        subtitle=derive("subtitle", fontSize=10.5, leading=15, textColor=RULE),
        heading=derive("heading", fontSize=12, leading=17, spaceBefore=9, spaceAfter=4),
        body=base,
        small=derive("small", fontSize=8.5, leading=12),
        small_centred=derive("small_centred", fontSize=8, leading=11, alignment=TA_CENTER),
        cell=derive("cell", fontSize=9, leading=13),
        cell_head=derive("cell_head", fontSize=9, leading=13),
        cell_right=derive("cell_right", fontSize=9, leading=13, alignment=TA_RIGHT),
        note=derive("note", fontSize=9, leading=13, textColor=RULE, alignment=TA_CENTER),
    )


def table_style(*commands: tuple) -> TableStyle:
    """A ``TableStyle`` in the report font: tables set their cell font even for cells that
    hold paragraphs, and the default would put an unembedded Helvetica into the PDF."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), register_fonts()), *commands])


def para(text: str, style: ParagraphStyle) -> JaParagraph:
    """A paragraph of *plain* text (escaped), broken by Japanese rules."""
    return JaParagraph(escape(text), style)


def text_block(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Multi-line plain text as one paragraph per line, so pages can break between lines
    and a blank line keeps its space."""
    out: list[Flowable] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            out.append(para(line.rstrip(), style))
        else:
            out.append(Spacer(1, style.leading * 0.6))
    while out and isinstance(out[-1], Spacer):
        out.pop()
    return out


def section(title: str, body: list[Flowable]) -> list[Flowable]:
    """A heading and its content; the heading is never left alone at the foot of a page.

    (reportlab's keepWithNext does not group a heading with a following KeepTogether, so
    the heading is tied to the first block here.)"""
    if not body:
        return [HeadingRule(title)]
    first = body[0]
    # A KeepTogether nested in another always starts a new page: merge instead.
    content = list(first._content) if isinstance(first, KeepTogether) else [first]
    return [KeepTogether([HeadingRule(title), *content]), *body[1:]]


class HeadingRule(Flowable):
    """A section heading: text over a full-width rule; never left alone at a page foot."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.style = styles().heading
        self.spaceBefore = self.style.spaceBefore
        self.spaceAfter = self.style.spaceAfter
        self.keepWithNext = True

    def wrap(self, avail_width, _avail_height):
        self.width = avail_width
        self.height = self.style.leading + 3
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.style.fontName, self.style.fontSize)
        c.setFillColor(INK)
        c.drawString(0, 5, self.text)
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        c.line(0, 1, self.width, 1)


class SectionStart(Flowable):
    """Marks where a document starts inside a file, so page numbers restart there."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.width = self.height = 0

    def wrap(self, _w, _h):
        return 0, 0

    def draw(self) -> None:
        self.canv._dx_section = self.key


def masthead(key: str, over: str, title: str) -> list[Flowable]:
    """The top of a document: where it starts in the file (``key``, for page numbers), the
    line above the title (year and issuer), the title."""
    st = styles()
    return [SectionStart(key), para(over, st.subtitle), para(title, st.title)]


class OnDraw(Flowable):
    """Calls ``callback()`` when layout reaches this point (progress of a long batch)."""

    def __init__(self, callback) -> None:
        super().__init__()
        self.callback = callback
        self.width = self.height = 0

    def wrap(self, _w, _h):
        return 0, 0

    def draw(self) -> None:
        self.callback()


class _FooterCanvas(Canvas):
    """Holds pages back until ``save`` so each can print ``n / N`` for its section."""

    def __init__(self, *args, footer: Footer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dx_footer = footer
        self._dx_section = ""
        self._dx_pages: list[dict] = []

    def showPage(self) -> None:
        self._dx_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(page["_dx_section"] for page in self._dx_pages)
        seen: Counter[str] = Counter()
        for page in self._dx_pages:
            self.__dict__.update(page)
            seen[self._dx_section] += 1
            self._dx_footer.draw(self, seen[self._dx_section], totals[self._dx_section])
            super().showPage()
        super().save()


@dataclass(frozen=True)
class Footer:
    issued_on: date
    label: str = ISSUER

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        font = register_fonts()
        y = MARGIN_BOTTOM - 10 * mm
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN_X, y + 4 * mm, PAGE_WIDTH - MARGIN_X, y + 4 * mm)
        canvas.setFillColor(INK)
        canvas.setFont(font, 8)
        canvas.drawString(MARGIN_X, y, f"発行日 {fiscal.wareki(self.issued_on, with_seireki=True)}")
        canvas.drawCentredString(PAGE_WIDTH / 2, y, self.label)
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, f"{number} / {total}")
        canvas.restoreState()


def render(story: Iterable[Flowable], *, title: str, issued_on: date) -> bytes:
    """Lay ``story`` out on A4 pages with the footer and return the PDF bytes."""
    font = register_fonts()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=ISSUER,
        creator="dxfield",
        lang="ja-JP",
        # The canvas starts every page in this font; the default Helvetica would be a
        # font the PDF uses without embedding it.
        initialFontName=font,
        # Same input, same bytes: handouts can be compared and cached.
        invariant=1,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="a4", frames=[frame])])
    footer = Footer(issued_on)
    doc.build(
        list(story),
        canvasmaker=lambda *a, **kw: _FooterCanvas(*a, footer=footer, **kw),
    )
    return buffer.getvalue()


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file, so a failure leaves no half file
    and an existing file is replaced only by a complete one."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        said = msg("file.write_failed", dest=path, detail=exc.strerror)
        raise ReportError(said, path=str(path)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        said = msg("file.write_failed", dest=path, detail=exc.strerror)
        raise ReportError(said, path=str(path)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
