"""The needs register (ニーズ・要望) and the dated versions of next year's proposal draft.

Needs are heard all year (assessment free text, visit notes, trainings, survey comments) and
weighed for the proposal (次年度提案のたたき台). A proposal draft is a snapshot: every
regeneration adds a new record with its own id and date, so the May draft and the later ones
can be compared on any laptop. Drafts are written once and never edited (only tombstoned),
so they never conflict in sync.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import NeedSource, NeedStatus
from ..needs.rows import OTHER_DOMAIN
from .base import Base, SyncMixin, str_enum
from .municipality import Municipality


class Need(SyncMixin, Base):
    """One need heard from a municipality (or prefecture-wide when ``municipality_id`` is None).

    ``domain`` is a domain key of the assessment template (``general``, ``systems``, ``bpr``,
    ``data``) or ``"other"``. ``source_id`` links back to the record it was heard in, by
    ``source``: an assessment ``answer``, a visit's ``note_section``, a ``training``, a
    ``survey_answer`` (no foreign key: it points into one of several tables). ``quote`` keeps
    the words as heard while ``text`` may be rewritten. A need promoted from a source gets
    id = stable_id("need", source_id, quote), so promoting the same line on two laptops makes
    one record.
    """

    __tablename__ = "need"
    __table_args__ = (
        Index("ix_need_year_status", "fiscal_year", "status"),
        Index("ix_need_source", "source_id"),
    )

    fiscal_year: Mapped[int] = mapped_column(ForeignKey("programme_year.fiscal_year"))
    municipality_id: Mapped[str | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    domain: Mapped[str] = mapped_column(String(40), default=OTHER_DOMAIN)
    themes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[NeedSource] = mapped_column(
        str_enum(NeedSource, "need_source"), default=NeedSource.OTHER
    )
    source_id: Mapped[str | None] = mapped_column(String(36))
    heard_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[NeedStatus] = mapped_column(
        str_enum(NeedStatus, "need_status"), default=NeedStatus.OPEN
    )
    # The proposed measure (施策) it feeds; empty: grouped by domain and theme.
    measure: Mapped[str] = mapped_column(String(200), default="")
    # How it was weighed (検討メモ), for the team and the annual report.
    note: Mapped[str] = mapped_column(Text, default="")

    municipality: Mapped[Municipality | None] = relationship()


class ProposalDraft(SyncMixin, Base):
    """One dated version of the proposal draft for the year after ``fiscal_year``.

    ``content`` is the snapshot the document was made from (measures, the needs and the
    evidence behind each), so an old version can be shown and compared without the needs
    as they are today.
    """

    __tablename__ = "proposal_draft"
    __table_args__ = (Index("ix_proposal_draft_year", "fiscal_year", "issued_on"),)

    fiscal_year: Mapped[int] = mapped_column(ForeignKey("programme_year.fiscal_year"))
    issued_on: Mapped[date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(200))
    # A label people use for the version (「5月たたき台」「9月改訂」).
    label: Mapped[str] = mapped_column(String(80), default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
