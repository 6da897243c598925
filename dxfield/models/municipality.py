from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .. import lgcode
from ..enums import Area, MunicipalityKind
from .base import Base, SyncMixin, str_enum


class Municipality(SyncMixin, Base):
    """One of the prefecture's municipalities (市町村). Id = stable_id("municipality", code)."""

    __tablename__ = "municipality"
    __table_args__ = (
        CheckConstraint("length(code) = 6", name="code_length"),
        CheckConstraint("population IS NULL OR population >= 0", name="population_non_negative"),
    )

    code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    kana: Mapped[str] = mapped_column(String(80), default="")
    kind: Mapped[MunicipalityKind] = mapped_column(str_enum(MunicipalityKind, "municipality_kind"))
    area: Mapped[Area] = mapped_column(str_enum(Area, "area"))
    population: Mapped[int | None] = mapped_column(Integer)
    population_basis: Mapped[str] = mapped_column(String(80), default="")
    # From the Digital Agency's open data list (オープンデータ取組済自治体一覧).
    opendata_published: Mapped[bool | None] = mapped_column(default=None)
    opendata_url: Mapped[str] = mapped_column(String(500), default="")
    opendata_checked_on: Mapped[date | None] = mapped_column(Date)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="municipality", order_by="Contact.name"
    )

    @validates("code")
    def _validate_code(self, _key: str, value: str) -> str:
        return lgcode.validate(value)

    def __repr__(self) -> str:
        return f"<Municipality {self.code} {self.name}>"


class Contact(SyncMixin, Base):
    """A person at the municipality the advisors deal with (担当者)."""

    __tablename__ = "contact"

    municipality_id: Mapped[str] = mapped_column(ForeignKey("municipality.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    kana: Mapped[str] = mapped_column(String(120), default="")
    department: Mapped[str] = mapped_column(String(120), default="")
    title: Mapped[str] = mapped_column(String(80), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    is_primary: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    municipality: Mapped[Municipality] = relationship(back_populates="contacts")
