"""Municipalities and their contacts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import lgcode
from ..errors import NotFoundError, ValidationError
from ..messages import msg
from ..models import Area, Contact, Municipality
from .common import live


def list_municipalities(session: Session, *, area: Area | None = None) -> list[Municipality]:
    """The live municipalities in code order (和歌山市 first)."""
    query = live(Municipality).order_by(Municipality.code)
    if area is not None:
        query = query.where(Municipality.area == area)
    return list(session.scalars(query))


def municipality_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of the live municipalities in code order, as choosers list them."""
    return [(m.id, m.name) for m in list_municipalities(session)]


def get_by_code(session: Session, code: str) -> Municipality:
    """Find a municipality by its code (5 or 6 digits) or, failing that, its exact name."""
    try:
        normalized = lgcode.validate(code)
    except ValidationError:
        found = session.scalar(select(Municipality).where(Municipality.name == code.strip()))
        if found is None:
            if any(ch.isdigit() for ch in code):
                raise
            raise NotFoundError(
                msg("missing.municipality_name", name=code.strip()), code=code
            ) from None
        return found
    found = session.scalar(select(Municipality).where(Municipality.code == normalized))
    if found is None or found.deleted:
        raise NotFoundError(msg("missing.municipality_code", code=normalized), code=normalized)
    return found


CONTACT_FIELDS = ("name", "kana", "department", "title", "phone", "email", "is_primary", "notes")


def save_contact(
    session: Session, municipality_id: str, values: dict[str, object], contact_id: str | None = None
) -> Contact:
    name = str(values.get("name", "")).strip()
    if not name:
        raise ValidationError(msg("contact.no_name"), field="name")
    email = str(values.get("email", "")).strip()
    if email and "@" not in email:
        raise ValidationError(msg("contact.bad_email", email=email), field="email")
    if contact_id:
        contact = session.get(Contact, contact_id)
        if contact is None or contact.deleted:
            raise NotFoundError(f"no contact with id {contact_id}")
    else:
        contact = Contact(municipality_id=municipality_id)
        session.add(contact)
    for key in CONTACT_FIELDS:
        if key in values:
            setattr(contact, key, values[key] if key == "is_primary" else str(values[key]).strip())
    session.flush()
    return contact
