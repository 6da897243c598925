"""A printable page with a web-form link and its QR code (to hand over or attach to a
handout): who it is for, the address written out, and until when it works."""

from __future__ import annotations

import io

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from .layout import para, styles


def qr_drawing(url: str, size_mm: float = 60) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    size = size_mm * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def link_sheet_pdf(*, url: str, title: str, heading: str, expires: str) -> bytes:
    s = styles()
    story = [
        para(title, s.title),
        para(heading, s.subtitle),
        Spacer(1, 6 * mm),
        para(
            "スマートフォンでQRコードを読み取るか、下のアドレスをブラウザに入力してください。",
            s.body,
        ),
        Spacer(1, 4 * mm),
        qr_drawing(url),
        Spacer(1, 4 * mm),
        para(url, s.small),
        Spacer(1, 4 * mm),
        para(f"回答期限：{expires}", s.body),
        para("このリンクは宛先の方専用です。ほかの方には転送しないでください。", s.small),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=title).build(story)
    return out.getvalue()
