"""The proposal draft as an editable Word document (python-docx), for the prefecture to work on.

Word picks the font of Japanese text from a run's East Asian font (``w:rFonts/@w:eastAsia``);
python-docx's ``font.name`` sets only the Western ones, and Word then falls back to a
Western font for kana and kanji. Every style and every run here gets both, and the document
language is Japanese so Word lays lines out by Japanese rules.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..needs.proposal import ProposalContent
from .proposal_text import Bullets, Grid, Heading, Para, draft_document

# Fonts every Japanese Windows and Office has; a prefecture's documents use them.
BODY_FONT = "ＭＳ 明朝"
HEADING_FONT = "ＭＳ ゴシック"
GREY = RGBColor(0x59, 0x59, 0x59)


def set_fonts(element_with_rpr, east_asian: str, western: str | None = None) -> None:
    """Set the Western and East Asian fonts of a run or a style (its ``w:rPr``)."""
    rpr = element_with_rpr.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), western or east_asian)
    fonts.set(qn("w:eastAsia"), east_asian)
    # Theme fonts would override the names above.
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)


def _set_language(style) -> None:
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "ja-JP")
    lang.set(qn("w:eastAsia"), "ja-JP")


def _prepare_styles(document) -> None:
    styles = document.styles
    for name in ("Normal", "List Bullet", "Table Grid", "Title", "Subtitle"):
        style = styles[name]
        set_fonts(style.element, HEADING_FONT if name in ("Title", "Subtitle") else BODY_FONT)
        _set_language(style)
    styles["Normal"].font.size = Pt(10.5)
    for level, size in ((1, 14), (2, 12.5), (3, 11)):
        style = styles[f"Heading {level}"]
        set_fonts(style.element, HEADING_FONT)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)  # black and white first
        style.font.bold = level < 3
        style.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        style.paragraph_format.space_after = Pt(4)
    styles["Title"].font.size = Pt(16)
    styles["Title"].font.color.rgb = RGBColor(0, 0, 0)


def _run(paragraph, text: str, *, font: str = BODY_FONT, size: float | None = None):
    run = paragraph.add_run(text)
    set_fonts(run._element, font)
    if size is not None:
        run.font.size = Pt(size)
    return run


def _shade(cell, fill: str = "E6E6E6") -> None:
    tcpr = cell._element.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _grid(document, grid: Grid, width_mm: float) -> None:
    table = document.add_table(rows=1 + len(grid.rows), cols=len(grid.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate((grid.header, *grid.rows)):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.width = Mm(width_mm * grid.widths[c])
            paragraph = cell.paragraphs[0]
            if c in grid.right and r > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, text, font=HEADING_FONT if r == 0 else BODY_FONT, size=9.5)
            if r == 0:
                _shade(cell)
    document.add_paragraph()


def docx_bytes(content: ProposalContent, *, issued_on: date, label: str = "") -> bytes:
    """The draft as a .docx file's bytes."""
    doc = draft_document(content, issued_on=issued_on, label=label)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(22)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    text_width = 210 - 44
    _prepare_styles(document)
    core = document.core_properties
    core.title = doc.title
    core.author = "和歌山県 市町村DX推進支援"
    core.language = "ja-JP"
    title = document.add_paragraph(style="Title")
    _run(title, doc.title, font=HEADING_FONT)
    subtitle = document.add_paragraph()
    _run(subtitle, doc.subtitle, size=9.5).font.color.rgb = GREY
    for block in doc.blocks:
        if isinstance(block, Heading):
            _run(document.add_heading(level=block.level), block.text, font=HEADING_FONT)
        elif isinstance(block, Para):
            paragraph = document.add_paragraph()
            run = _run(paragraph, block.text, size=9.5 if block.small else None)
            if block.placeholder:
                run.font.color.rgb = GREY
                run.italic = True
        elif isinstance(block, Bullets):
            for item in block.items:
                _run(document.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Grid):
            _grid(document, block, text_width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
