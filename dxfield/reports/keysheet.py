"""The recovery sheet (復旧用シート): the store's key on paper, as text and as a QR code, so a
backup can be restored on a new laptop (``dxfield restore FILE --key …``).

One A4 page, no data of the store on it. Whoever holds the sheet and a backup reads the
backup: the page says to keep it locked away, apart from the backups.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ..storekey import StoreKey
from .fonts import register_fonts
from .layout import write_atomically

QR_SIZE = 70 * mm


def key_sheet_pdf(key: StoreKey, *, issued: date | None = None) -> bytes:
    font = register_fonts()
    issued = issued or date.today()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle("dxfield 復旧用シート")
    height = A4[1]
    x, y = 25 * mm, height - 30 * mm
    canvas.setFont(font, 18)
    canvas.drawString(x, y, "dxfield 復旧用シート（データの暗号化の鍵）")
    canvas.setFont(font, 10)
    y -= 10 * mm
    for line in (
        f"作成日: {issued:%Y年%m月%d日}",
        "このシートとバックアップの両方があれば、バックアップの中身を読めます。",
        "バックアップ（USBメモリ等）とは別の、鍵のかかる場所に保管してください。",
        "新しいパソコンでの復元: dxfield restore バックアップのファイル --key 下の鍵",
    ):
        canvas.drawString(x, y, line)
        y -= 6 * mm
    y -= 6 * mm
    canvas.setFont(font, 12)
    canvas.drawString(x, y, "鍵" if key.raw else "パスフレーズ")
    y -= 9 * mm
    canvas.setFont("Courier", 13)
    text = key.text
    for start in range(0, len(text), 36):
        canvas.drawString(x, y, text[start : start + 36])
        y -= 7 * mm
    widget = QrCodeWidget(text, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE)
    drawing.add(widget)
    drawing.scale(QR_SIZE / (right - left), QR_SIZE / (top - bottom))
    drawing.drawOn(canvas, x, y - QR_SIZE - 5 * mm)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def write_key_sheet(key: StoreKey, path: Path) -> Path:
    return write_atomically(Path(path), key_sheet_pdf(key))
