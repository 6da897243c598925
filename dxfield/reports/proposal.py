"""Writing the proposal draft (たたき台) to a file: Word (.docx, to be edited) or PDF."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import ReportError
from ..messages import msg
from ..needs.proposal import ProposalContent
from .layout import write_atomically

FORMATS = (".docx", ".pdf")


def write_proposal(
    content: ProposalContent, path: str | Path, *, issued_on: date, label: str = ""
) -> Path:
    """Write the draft as .docx or .pdf (by the file's suffix); nothing is written on error."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .proposal_docx import docx_bytes

        data = docx_bytes(content, issued_on=issued_on, label=label)
    elif suffix == ".pdf":
        from .proposal_pdf import render_proposal

        data = render_proposal(content, issued_on=issued_on, label=label)
    else:
        raise ReportError(
            msg("report.format_unknown", name=path.name, allowed=".docx（Word） / .pdf"),
            path=str(path),
        )
    return write_atomically(path, data)
