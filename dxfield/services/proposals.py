"""Dated versions of next year's proposal draft (たたき台): save, list, read back, compare.

Every version is a ``ProposalDraft`` holding the snapshot it was made from
(``needs.proposal.ProposalContent``), so the May draft prints the same in December and can
be compared with the later ones. Saving when nothing changed since the year's newest
version returns that version instead of adding an identical one (a new label always makes
a new version).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFoundError, ValidationError
from ..masterdata import ensure_programme_year
from ..messages import msg
from ..models import ProposalDraft
from ..needs.proposal import ProposalComparison, ProposalContent, build_proposal, compare

MAX_LABEL = 80


@dataclass(frozen=True)
class DraftRow:
    id: str
    fiscal_year: int
    issued_on: date
    label: str
    title: str
    measures: int
    needs: int

    @property
    def name(self) -> str:
        """How people refer to a version: its label, else its date."""
        return self.label or f"{self.issued_on:%Y-%m-%d}版"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "fiscal_year": self.fiscal_year,
            "issued_on": self.issued_on.isoformat(),
            "label": self.label,
            "title": self.title,
            "measures": self.measures,
            "needs": self.needs,
        }


def _row(draft: ProposalDraft) -> DraftRow:
    content = draft.content or {}
    measures = content.get("measures", [])
    return DraftRow(
        id=draft.id,
        fiscal_year=draft.fiscal_year,
        issued_on=draft.issued_on,
        label=draft.label,
        title=draft.title,
        measures=len(measures),
        needs=len({n["id"] for m in measures for n in m.get("needs", [])}),
    )


def list_drafts(session: Session, *, year: int | None = None) -> list[DraftRow]:
    """Saved versions, oldest first (within a day, in the order they were made)."""
    query = select(ProposalDraft).where(ProposalDraft.deleted.is_(False))
    if year is not None:
        query = query.where(ProposalDraft.fiscal_year == year)
    query = query.order_by(
        ProposalDraft.fiscal_year, ProposalDraft.issued_on, ProposalDraft.created_at
    )
    return [_row(d) for d in session.scalars(query)]


def get_draft(session: Session, draft_id: str) -> ProposalDraft:
    draft = session.get(ProposalDraft, draft_id) if draft_id else None
    if draft is None or draft.deleted:
        # Accept a unique prefix, as people copy the first characters of an id.
        if draft_id and len(draft_id) >= 4:
            found = session.scalars(
                select(ProposalDraft).where(
                    ProposalDraft.id.startswith(draft_id), ProposalDraft.deleted.is_(False)
                )
            ).all()
            if len(found) == 1:
                return found[0]
        raise NotFoundError(msg("missing.proposal_draft", id=draft_id), draft_id=draft_id)
    return draft


def draft_content(draft: ProposalDraft) -> ProposalContent:
    try:
        return ProposalContent.from_json(draft.content)
    except (KeyError, TypeError, ValueError) as exc:
        said = msg("proposal.unreadable", id=draft.id, detail=exc)
        raise ValidationError(said, field="content") from exc


def latest_draft(session: Session, year: int) -> ProposalDraft | None:
    rows = list_drafts(session, year=year)
    return session.get(ProposalDraft, rows[-1].id) if rows else None


def save_draft(
    session: Session, year: int, *, label: str = "", issued_on: date | None = None
) -> tuple[ProposalDraft, bool]:
    """Build the draft from today's needs and keep it as a dated version.

    Returns (version, created); ``created`` is False when the newest version of the
    year already says the same (and no new label was asked for)."""
    label = label.strip()
    if len(label) > MAX_LABEL:
        raise ValidationError(msg("proposal.label_too_long", limit=MAX_LABEL), field="label")
    content = build_proposal(session, year)
    latest = latest_draft(session, year)
    if latest is not None and latest.content == content.to_json() and label in ("", latest.label):
        return latest, False
    ensure_programme_year(session, year)
    draft = ProposalDraft(
        fiscal_year=year,
        issued_on=issued_on or date.today(),
        title=content.title,
        label=label,
        content=content.to_json(),
    )
    session.add(draft)
    session.flush()
    return draft, True


def compare_drafts(
    session: Session, old_id: str, new_id: str | None = None
) -> tuple[DraftRow, DraftRow | None, ProposalComparison]:
    """Compare version ``old_id`` with ``new_id`` or, without it, with the draft as the needs
    stand now (the second row is then None)."""
    old = get_draft(session, old_id)
    if new_id is None:
        return (
            _row(old),
            None,
            compare(draft_content(old), build_proposal(session, old.fiscal_year)),
        )
    new = get_draft(session, new_id)
    return _row(old), _row(new), compare(draft_content(old), draft_content(new))


def delete_draft(session: Session, draft_id: str) -> None:
    get_draft(session, draft_id).deleted = True
    session.flush()
