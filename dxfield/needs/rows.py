"""A need as the listings show it (``NeedRow``), without SQLAlchemy: the ORM road
(``services.needs.list_needs``) and the stdlib road (``quickread.needs``) build the same rows,
so the command line prints them with one piece of code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..enums import NeedSource, NeedStatus

# ``Need.domain`` outside the assessment template's domain keys, and its label.
OTHER_DOMAIN = "other"
OTHER_LABEL = "その他"


@dataclass(frozen=True)
class NeedRow:
    """A need as lists, the CLI's ``--json``, the reports and the municipality page show it.

    ``municipality`` is None for a prefecture-wide need (「県全体」). ``origin`` says where it
    was heard in words (「全体相談 2025-06-10 面談記録」); ``visit_id`` is set when that was a
    visit's notes, so the notes can be opened at the line.
    """

    id: str
    fiscal_year: int
    municipality_id: str | None
    municipality_code: str | None
    municipality: str | None
    area: str | None
    domain: str
    domain_label: str
    themes: tuple[str, ...]
    text: str
    quote: str
    source: NeedSource
    source_id: str | None
    origin: str
    visit_id: str | None
    heard_on: date | None
    status: NeedStatus
    measure: str
    note: str

    @property
    def place(self) -> str:
        return self.municipality or "県全体"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fiscal_year": self.fiscal_year,
            "municipality": (
                {"code": self.municipality_code, "name": self.municipality}
                if self.municipality_id
                else None
            ),
            "domain": self.domain,
            "domain_label": self.domain_label,
            "themes": list(self.themes),
            "text": self.text,
            "quote": self.quote,
            "source": self.source.value,
            "source_id": self.source_id,
            "origin": self.origin,
            "heard_on": self.heard_on.isoformat() if self.heard_on else None,
            "status": self.status.value,
            "status_label": self.status.label,
            "measure": self.measure,
            "note": self.note,
        }
