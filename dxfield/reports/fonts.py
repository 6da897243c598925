"""The Japanese font every report uses, registered once per process.

IPAexGothic is a TrueType-outline font, so reportlab embeds it as a subset: the PDF shows
the same glyphs in any viewer (the built-in CID fonts embed nothing and pdf.js draws them
wrong). The font has no bold face; headings use size and rules instead.
"""

from __future__ import annotations

import threading
from io import BytesIO

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import ResourceError
from ..messages import msg
from ..paths import resource_bytes

FONT = "IPAexGothic"
FONT_FILE = "ipaexg.ttf"

# Reports are generated on worker threads too; registration must happen once.
_lock = threading.Lock()


def register_fonts() -> str:
    """Register the bundled font (idempotent) and return its reportlab name."""
    with _lock:
        if FONT in pdfmetrics.getRegisteredFontNames():
            return FONT
        data = resource_bytes("fonts", FONT_FILE)
        try:
            font = TTFont(FONT, BytesIO(data))
        except (OSError, TTFError) as exc:
            raise ResourceError(msg("resource.font", file=FONT_FILE, detail=exc)) from exc
        pdfmetrics.registerFont(font)
        # <b>/<i> in markup must not fall back to Helvetica, which has no Japanese glyphs.
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(FONT, bold, italic, FONT)
        return FONT
