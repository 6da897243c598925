"""The PDF copy of a sent form (回答の控え), laid out with the reports' Japanese styles."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from dxfield.reports.layout import para, section, styles, text_block


def receipt_pdf(
    *,
    title: str,
    heading: str,
    subheading: str,
    number: str,
    at: str,
    respondent: str,
    summary: list[tuple[str, list[tuple[Any, str]]]],
) -> bytes:
    s = styles()
    story = [
        para(f"{title} 回答の控え", s.title),
        para(f"{heading}　{subheading}", s.subtitle),
        para(f"受付番号 {number}　受付日時 {at}", s.body),
    ]
    if respondent:
        story.append(para(f"回答者 {respondent}", s.body))
    story.append(Spacer(1, 4 * mm))
    for heading_text, rows in summary:
        body = []
        for q, text in rows:
            body.append(para(f"{q.code}　{q.text}", s.small))
            body.extend(text_block(f"→ {text}", s.body))
        story.extend(section(heading_text, body))
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"{title} 回答の控え",
    )
    doc.build(story)
    return out.getvalue()
