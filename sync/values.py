"""What a pulled value becomes in the store: the reference steps, and a quick road for pages.

The reference takes each value through three generic steps: the shared schema's check
(``sync.schema``), the decoding to the column's Python value (``decode_record``) and the
column's bind processor (``stored``: what SQLAlchemy would hand the driver). An initial pull
takes a million values through them, so ``quick_values`` does the three at once with one
function per column, made once per table: a valid record costs one loop over its fields,
and a short text the column has seen before (an id, a status, a stamp) one look-up.

The quick road is not a second set of rules. It runs the schema's own check of each field
and the same conversions, and declines (``None``) whatever it cannot vouch for: a record
with a problem, a value whose conversion raises, a stamp left to its default. The caller
then takes that record through the reference steps, which refuse it with their reason or
store it. Tests hold the two roads to the same answers value by value.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum
from sqlalchemy.dialects import sqlite

from dxfield.models import SYNCED_MODELS
from dxfield.records import content_columns, decode

from . import schema
from .protocol import STAMPS

_SQLITE = sqlite.dialect()  # the local store's dialect, for the columns' bind processors


@cache
def _columns(table: str) -> frozenset[str]:
    return frozenset((*content_columns(table), *STAMPS))


@cache
def _converters(table: str) -> dict[str, Callable[[Any], Any] | None]:
    """For each column a pulled record may set, what turns its non-null JSON value into the
    column's Python value (None: the value as it is); ``dxfield.records.decode`` with the
    type looked up once: an initial pull decodes a million values."""
    out: dict[str, Callable[[Any], Any] | None] = {}
    for column in _columns(table):
        coltype = SYNCED_MODELS[table].__table__.c[column].type
        if isinstance(coltype, Enum) and coltype.enum_class is not None:
            out[column] = _enum_member(coltype.enum_class)
        elif isinstance(coltype, DateTime):
            out[column] = datetime.fromisoformat
        elif isinstance(coltype, Date):
            out[column] = date.fromisoformat
        elif isinstance(coltype, Boolean):
            out[column] = bool
        else:
            out[column] = None
    return out


def _enum_member(enum_class: type) -> Callable[[Any], Any]:
    """``enum_class(value)``: the member by its value, looked up as the call looks it up
    first (a plain dict), the call itself for anything else (and its error)."""
    members = enum_class._value2member_map_

    def member(value: Any) -> Any:
        try:
            return members[value]
        except (KeyError, TypeError):
            return enum_class(value)

    return member


def _decoder(table: str, column: str) -> Callable[[Any], Any]:
    """``dxfield.records.decode`` for one column."""
    convert = _converters(table).get(column)
    if convert is None:
        return lambda value, t=table, c=column: decode(t, c, value)
    return lambda value: None if value is None else convert(value)


def decode_record(table: str, data: dict[str, Any]) -> dict[str, Any]:
    converters = _converters(table)
    values = {}
    for name, value in data.items():
        if name in converters:
            convert = converters[name]
            values[name] = value if value is None or convert is None else convert(value)
    for stamp in STAMPS:
        if values.get(stamp, 0) is None:
            del values[stamp]  # the column default fills it in
    return values


@cache
def _bulk_columns(table: str) -> tuple[frozenset[str], frozenset[str], dict[str, Any]]:
    """Columns with a Python-side default (insert) or on-update value, and each column's
    bind processor (what SQLAlchemy does to a value before the driver gets it)."""
    t = SYNCED_MODELS[table].__table__
    defaults = frozenset(c.key for c in t.c if c.default is not None)
    onupdate = frozenset(c.key for c in t.c if c.onupdate is not None)
    processors = {c.key: _processor(c.type.dialect_impl(_SQLITE)) for c in t.c}
    return defaults, onupdate, processors


def _processor(impl: Any) -> Callable[[Any], Any] | None:
    """The column's bind processor; for dates and naive times (every pulled value) the same
    text written by ``isoformat`` in C: an initial pull stores a quarter of a million."""
    process = impl.bind_processor(_SQLITE)
    if process is None:
        return None
    if isinstance(impl, sqlite.DATETIME) and impl._storage_format == _DATETIME_FORMAT:

        def process_datetime(value: Any) -> Any:
            if type(value) is datetime and value.tzinfo is None:
                return value.isoformat(" ", "microseconds")
            return process(value)

        return process_datetime
    if isinstance(impl, sqlite.DATE) and impl._storage_format == _DATE_FORMAT:

        def process_date(value: Any) -> Any:
            return value.isoformat() if type(value) is date else process(value)

        return process_date
    return process


# SQLAlchemy's SQLite storage formats the shortcuts above write (checked, not assumed).
_DATETIME_FORMAT = (
    "%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d"
)
_DATE_FORMAT = "%(year)04d-%(month)02d-%(day)02d"


def stored(table: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row of Python values as the driver takes them: each through its column's bind
    processor, as SQLAlchemy's Core statements would. ``ValueError`` for a value the column
    cannot take (the careful road then says which record)."""
    processors = _bulk_columns(table)[2]
    out = {}
    try:
        for name, value in row.items():
            process = processors[name]
            out[name] = value if process is None else process(value)
    except Exception as exc:
        raise ValueError(f"{table}: {type(exc).__name__}") from exc
    return out


# --- the quick road --------------------------------------------------------------------------


class _Declined(Exception):
    """A value the quick road leaves to the reference steps."""


def _quick_column(table: str, name: str, check: Any) -> Callable[[Any], Any]:
    """The schema's check of a non-null value, then its decoding and bind processing; raises
    ``_Declined`` where the check finds a problem."""
    coltype = SYNCED_MODELS[table].__table__.c[name].type
    convert = _converters(table)[name]
    process = _bulk_columns(table)[2][name]
    if isinstance(coltype, Enum | Boolean) and convert is not None:
        # A few values: each one's stored form, worked out once by the reference steps.
        choices = (True, False) if isinstance(coltype, Boolean) else coltype.enums
        table_ = {}
        for value in choices:
            if check(value) is None:
                member = convert(value)
                table_[value] = member if process is None else process(member)

        def lookup(value: Any) -> Any:
            if check(value) is not None:
                raise _Declined
            return table_[value]

        return lookup
    if convert is None and process is None:

        def as_is(value: Any) -> Any:
            if check(value) is not None:
                raise _Declined
            return value

        return as_is

    def converted(value: Any) -> Any:
        if check(value) is not None:
            raise _Declined
        decoded = value if convert is None else convert(value)
        return decoded if process is None else process(decoded)

    return converted


# Short texts (ids, references, enums, dates, stamps) recur from record to record: a pulled
# page names the same municipality, visit, status or batch stamp thousands of times. Each
# column keeps what its quick converter made of the texts it has seen, up to a bound; the
# converter is a function of the text alone (checks, parsing, the bind processor), so the
# kept value is the one it would make again. Long texts (notes) are not kept; a full memo
# starts again.
MEMO_TEXT = 64  # characters: ids are 36, stamps at most 26
MEMO_SIZE = 4096  # texts per column


@cache
def _quick_plan(
    table: str,
) -> tuple[dict[str, tuple[dict[str, Any], Callable[[Any], Any]]], dict[str, Any]] | None:
    """Per field its memo (``MEMO_TEXT``) and quick converter, and the stored form of null
    for the fields that may be null (stamps may not here: a null stamp leaves the column
    default to fill it in, the reference road's business). None: no quick road for this
    table."""
    _defaults, onupdate, processors = _bulk_columns(table)
    if onupdate or processors["id"] is not None or processors["version"] is not None:
        return None  # rows the Core road must complete, or ids and versions to convert
    checks, nullable = schema.pulled_checks(table)
    converters = {name: ({}, _quick_column(table, name, check)) for name, check in checks.items()}
    nulls = {}
    for name in nullable - set(STAMPS):
        try:
            nulls[name] = stored(table, {name: None})[name]
        except ValueError:
            continue  # the reference steps say what becomes of it
    return converters, nulls


_UNSEEN = object()


def quick_values(record: Any) -> dict[str, Any] | None:
    """The stored values of a pulled record ``{"t", "id", "v", "d"}`` with its ``id`` and
    ``version``, as the reference steps would make them; None where the reference steps
    must look at it (see the module docstring)."""
    try:
        table, row_id, version, data = record["t"], record["id"], record["v"], record["d"]
        plan = _quick_plan(table)
    except (TypeError, KeyError):
        return None  # not a record, or not a table this laptop has
    if (
        plan is None
        or type(data) is not dict
        or type(version) is not int
        or type(row_id) is not str
        or schema.ID_RE.fullmatch(row_id) is None
    ):
        return None
    converters, nulls = plan
    values = {}
    try:
        for name, value in data.items():
            column = converters.get(name)
            if column is None:
                continue  # a newer version's field: the reference steps drop it too
            if value is None:
                values[name] = nulls[name]  # KeyError: null where the record may not be
                continue
            memo, quick = column
            if type(value) is not str or len(value) > MEMO_TEXT:
                values[name] = quick(value)
                continue
            made = memo.get(value, _UNSEEN)
            if made is _UNSEEN:
                made = quick(value)  # _Declined: nothing kept
                if len(memo) >= MEMO_SIZE:
                    memo.clear()  # the texts of the records at hand are kept anew
                memo[value] = made
            values[name] = made
    except Exception:  # a problem, or a conversion that raises: the reference steps decide
        return None
    values["id"] = row_id
    values["version"] = version
    if not _bulk_columns(table)[0] <= values.keys():
        return None  # a column left to its default: the Core road fills it in
    return values
