"""The needs register (ニーズ・要望): record, edit, weigh and list needs.

The rules live here: the page's form, the CLI, promotion from a source
(``services.need_sources``) and the demo all save through ``create_need``/``update_need``
and show the ``ValidationError`` it raises (``field`` names the input).

A need's link to where it was heard (``source``/``source_id``/``quote``) is set when it is
made and never edited: ``update_need`` changes what the team wrote about it, not its origin.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import fiscal
from ..assessment.template import current_template, template_definition
from ..errors import NotFoundError, ValidationError
from ..masterdata import ensure_programme_year
from ..messages import msg
from ..models import Municipality, Need, NeedSource, NeedStatus
from ..needs.rows import OTHER_DOMAIN, OTHER_LABEL, NeedRow
from ..needs.themes import normalize_themes, theme_filter

MAX_TEXT = 2000
MAX_MEASURE = 200
MAX_NOTE = 4000
MIN_YEAR, MAX_YEAR = 2000, 2100
# Statuses that put a need into next year's proposal draft.
PROPOSED = (NeedStatus.ADOPTED, NeedStatus.CONSIDERING)


@dataclass
class NeedInput:
    """What a person fills in for a need. ``fiscal_year`` None: the year of ``heard_on``
    (else of today). ``source``, ``source_id`` and ``quote`` count only when it is made."""

    municipality_id: str | None
    domain: str
    text: str
    themes: list[str] = field(default_factory=list)
    fiscal_year: int | None = None
    heard_on: date | None = None
    status: NeedStatus = NeedStatus.OPEN
    measure: str = ""
    note: str = ""
    quote: str = ""
    source: NeedSource = NeedSource.OTHER
    source_id: str | None = None


def need_domains(session: Session) -> tuple[tuple[str, str], ...]:
    """(key, label) of the domains a need can be filed under: the assessment sheet's four,
    in its order, then その他. Looked up once per session: a loaded template version never
    changes."""
    cached = session.info.get(_DOMAINS)
    if cached is None:
        defn = template_definition(current_template(session))
        cached = session.info[_DOMAINS] = (*defn.domains, (OTHER_DOMAIN, OTHER_LABEL))
    return cached


_DOMAINS = "dxfield.need_domains"


def parse_domain(session: Session, text: str) -> str:
    """A domain key from its key or label (``data`` or 「データ利活用」)."""
    for key, label in need_domains(session):
        if text.strip() in (key, label):
            return key
    known = "、".join(label for _k, label in need_domains(session))
    raise ValidationError(msg("need.domain_unknown", text=text, known=known), field="domain")


def _year(data: NeedInput) -> int:
    if data.fiscal_year is None:
        return fiscal.fiscal_year_of(data.heard_on or date.today())
    year = data.fiscal_year
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(msg("import.year_implausible", year=year), field="fiscal_year")
    return year


def validate_need(session: Session, data: NeedInput) -> NeedInput:
    """Check ``data`` and return it cleaned (trimmed text, normalised tags, the year set).
    Raises ``ValidationError`` naming the field; nothing is written either way."""
    text = (data.text or "").strip()
    if not text:
        raise ValidationError(msg("need.no_text"), field="text")
    if len(text) > MAX_TEXT:
        raise ValidationError(msg("need.text_too_long", limit=MAX_TEXT), field="text")
    if data.municipality_id is not None:
        town = session.get(Municipality, data.municipality_id)
        if town is None or town.deleted:
            raise ValidationError(
                msg("need.unknown_municipality"), field="municipality_id", id=data.municipality_id
            )
    if data.domain not in dict(need_domains(session)):
        raise ValidationError(msg("need.unknown_domain"), field="domain", domain=data.domain)
    themes = normalize_themes(data.themes)
    try:
        status = NeedStatus(data.status)
        source = NeedSource(data.source)
    except ValueError as exc:
        raise ValidationError(str(exc), field="status") from None
    if data.heard_on is not None and not isinstance(data.heard_on, date):
        raise ValidationError(msg("need.heard_on_not_a_date"), field="heard_on")
    year = _year(data)
    if data.heard_on is not None and fiscal.fiscal_year_of(data.heard_on) != year:
        raise ValidationError(msg("need.heard_on_outside_year"), field="heard_on")
    measure = (data.measure or "").strip()
    if len(measure) > MAX_MEASURE:
        raise ValidationError(msg("need.measure_too_long", limit=MAX_MEASURE), field="measure")
    note = (data.note or "").strip()
    if len(note) > MAX_NOTE:
        raise ValidationError(msg("need.note_too_long", limit=MAX_NOTE), field="note")
    return NeedInput(
        municipality_id=data.municipality_id,
        domain=data.domain,
        text=text,
        themes=themes,
        fiscal_year=year,
        heard_on=data.heard_on,
        status=status,
        measure=measure,
        note=note,
        quote=(data.quote or "").strip(),
        source=source,
        source_id=data.source_id or None,
    )


_EDITABLE = ("municipality_id", "domain", "text", "themes", "fiscal_year", "heard_on")
_WEIGHING = ("status", "measure", "note")


def _apply(need: Need, data: NeedInput) -> None:
    for name in (*_EDITABLE, *_WEIGHING):
        value = getattr(data, name)
        if getattr(need, name) != value:  # an unchanged field is not an edit to sync
            setattr(need, name, value)


def create_need(session: Session, data: NeedInput, *, need_id: str | None = None) -> Need:
    """Validate and add a need. ``need_id`` gives it a chosen (stable) id; a tombstoned
    need with that id comes back to life with the new values."""
    clean = validate_need(session, data)
    ensure_programme_year(session, clean.fiscal_year)
    need = session.get(Need, need_id) if need_id else None
    if need is None:
        need = Need(id=need_id) if need_id else Need()
        need.source, need.source_id, need.quote = clean.source, clean.source_id, clean.quote
        session.add(need)
    elif not need.deleted:
        raise ValidationError(msg("need.already_registered"), field="text", need_id=need.id)
    else:
        need.deleted = False
    _apply(need, clean)
    session.flush()
    return need


def get_need(session: Session, need_id: str) -> Need:
    need = session.get(Need, need_id) if need_id else None
    if need is None or need.deleted:
        raise NotFoundError(msg("missing.need", id=need_id), need_id=need_id)
    return need


def update_need(session: Session, need_id: str, data: NeedInput) -> Need:
    """Change what was written about a need (not where it was heard)."""
    need = get_need(session, need_id)
    clean = validate_need(session, data)
    ensure_programme_year(session, clean.fiscal_year)
    _apply(need, clean)
    session.flush()
    return need


def set_status(
    session: Session, need_ids: Iterable[str], status: NeedStatus, *, note: str | None = None
) -> bool:
    """Weigh several needs at once (採用 / 検討中 / 見送り / 未検討); ``note`` replaces the
    検討メモ of each when given. Every id is checked before anything changes. True if any
    need changed."""
    try:
        status = NeedStatus(status)
    except ValueError:
        raise ValidationError(msg("need.unknown_status", status=status), field="status") from None
    if note is not None and len(note.strip()) > MAX_NOTE:
        raise ValidationError(msg("need.note_too_long", limit=MAX_NOTE), field="note")
    needs = [get_need(session, need_id) for need_id in dict.fromkeys(need_ids)]
    changed = False
    for need in needs:
        if need.status != status:
            need.status = status
            changed = True
        if note is not None and need.note != note.strip():
            need.note = note.strip()
            changed = True
    session.flush()
    return changed


def delete_need(session: Session, need_id: str) -> None:
    """Tombstone a need (promoting its line again brings it back)."""
    get_need(session, need_id).deleted = True
    session.flush()


# --- listing -------------------------------------------------------------------------------


def list_needs(
    session: Session,
    *,
    year: int | None = None,
    domain: str | None = None,
    status: NeedStatus | Iterable[NeedStatus] | None = None,
    municipality_id: str | None = None,
    theme: str | None = None,
    source: NeedSource | None = None,
    ids: Iterable[str] | None = None,
) -> list[NeedRow]:
    """Live needs, newest heard first (undated last), as display rows."""
    from .need_sources import origins

    query = select(Need, Municipality).outerjoin(
        Municipality, Municipality.id == Need.municipality_id
    )
    query = query.where(Need.deleted.is_(False))
    if year is not None:
        query = query.where(Need.fiscal_year == year)
    if domain is not None:
        query = query.where(Need.domain == domain)
    if status is not None:
        wanted = [status] if isinstance(status, str) else list(status)
        query = query.where(Need.status.in_([NeedStatus(s) for s in wanted]))
    if municipality_id is not None:
        query = query.where(Need.municipality_id == municipality_id)
    if source is not None:
        query = query.where(Need.source == NeedSource(source))
    if ids is not None:
        query = query.where(Need.id.in_(list(ids)))
    query = query.order_by(
        Need.heard_on.is_(None), Need.heard_on.desc(), Municipality.code, Need.created_at
    )
    rows = session.execute(query).all()
    if theme is not None:
        tag = theme_filter(theme)
        rows = [(n, m) for n, m in rows if tag in (n.themes or [])]
    domains = dict(need_domains(session))
    found = origins(session, [n for n, _m in rows])
    out = []
    for need, town in rows:
        origin, visit_id = found.get(need.id, (need.source.label, None))
        out.append(
            NeedRow(
                id=need.id,
                fiscal_year=need.fiscal_year,
                municipality_id=need.municipality_id,
                municipality_code=town.code if town else None,
                municipality=town.name if town else None,
                area=town.area.label if town else None,
                domain=need.domain,
                domain_label=domains.get(need.domain, need.domain),
                themes=tuple(need.themes or ()),
                text=need.text,
                quote=need.quote,
                source=need.source,
                source_id=need.source_id,
                origin=origin,
                visit_id=visit_id,
                heard_on=need.heard_on,
                status=need.status,
                measure=need.measure,
                note=need.note,
            )
        )
    return out


def need_row(session: Session, need_id: str) -> NeedRow:
    """One live need as a display row."""
    get_need(session, need_id)
    return list_needs(session, ids=[need_id])[0]


def need_input(row: NeedRow) -> NeedInput:
    """The form's values for an existing need (to edit and save with ``update_need``)."""
    return NeedInput(
        municipality_id=row.municipality_id,
        domain=row.domain,
        text=row.text,
        themes=list(row.themes),
        fiscal_year=row.fiscal_year,
        heard_on=row.heard_on,
        status=row.status,
        measure=row.measure,
        note=row.note,
        quote=row.quote,
        source=row.source,
        source_id=row.source_id,
    )


def years_with_needs(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(Need.fiscal_year)
            .where(Need.deleted.is_(False))
            .distinct()
            .order_by(Need.fiscal_year.desc())
        )
    )


@dataclass(frozen=True)
class NeedChoices:
    """What the need form offers: municipalities (id, name), domains (key, label), theme tags
    (the vocabulary's, then others in use) and the measures already named in the year."""

    municipalities: tuple[tuple[str, str], ...]
    domains: tuple[tuple[str, str], ...]
    themes: tuple[str, ...]
    measures: tuple[str, ...]


def need_choices(session: Session, year: int) -> NeedChoices:
    from ..needs.themes import theme_labels
    from .municipalities import municipality_choices

    towns = tuple(municipality_choices(session))
    used: list[str] = []
    measures: list[str] = []
    for themes, measure in session.execute(
        select(Need.themes, Need.measure).where(Need.deleted.is_(False), Need.fiscal_year == year)
    ):
        used += [t for t in themes or () if t not in used]
        if measure and measure not in measures:
            measures.append(measure)
    vocabulary = theme_labels()
    return NeedChoices(
        municipalities=towns,
        domains=need_domains(session),
        themes=(*vocabulary, *sorted(t for t in used if t not in vocabulary)),
        measures=tuple(sorted(measures)),
    )
