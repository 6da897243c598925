"""One typed schema per synced table, shared by the server and the laptops.

The server checks every pushed change with it and refuses the whole push when one field
breaks it; a laptop checks every pulled record with it and sets aside what breaks it
(``sync.apply``), so neither end stores a value the other cannot read. The rules come from
the ORM columns in ``dxfield.models`` (type, length, enum, nullability, references) plus
what the columns cannot say: sensible ranges, no control characters, finite numbers.

Plain functions over the column metadata rather than pydantic models: the desktop bundle
has no room for pydantic (it stays on the server), and one function per column is also the
fastest check for the 100,000 records of a first pull.

A problem names the field and a reason code (``REASONS``, said by the messages
``rule.<code>``), never the value: the server's 422 and the laptop's conflicts view may show
it, and a value can be anything a stranger sent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, Integer, String, Text

from dxfield.fiscal import MAX_YEAR, MIN_YEAR
from dxfield.messages import Message, msg
from dxfield.models import SYNCED_MODELS

from .protocol import STAMPS

ID_RE = re.compile(r"[0-9A-Za-z-]{1,36}")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Naive wall-clock times as ``dxfield.records.encode`` writes them (seconds, maybe micro).
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
# Control characters; long text may hold tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_SHORT = re.compile(r"[\x00-\x1f\x7f]")
INT32 = 2**31 - 1
# JSON numbers beyond 2**53 lose precision in most readers; nothing here counts that far.
JSON_INT = 2**53
TEXT_MAX = 200_000
JSON_MAX_DEPTH = 20
JSON_MAX_NODES = 50_000
# Key of the object standing in for a non-finite number (see ``json_safe``).
NON_FINITE = "$non_finite"
DATE_YEARS = (1900, 2200)
# Counts that a CHECK constraint keeps at zero or above.
NON_NEGATIVE = frozenset({"population", "prefecture_attendees", "leaders", "staff"})
# Loaded identically on every laptop without being tracked: the server may never have seen
# them, so a reference to one cannot be checked there.
MASTER_TABLES = frozenset(
    {
        "municipality",
        "assessment_template",
        "question",
        "survey_template",
        "survey_item",
        "programme_year",
        "phase_window",
    }
)

# reason codes; what each says is the message ``rule.<code>`` (``dxfield.messages``), in
# English for the server's 422 and in Japanese for the laptop's conflicts view
REASONS = frozenset(
    {
        "type",
        "null",
        "enum",
        "range",
        "length",
        "control",
        "date",
        "datetime",
        "id",
        "finite",
        "json",
        "unknown_field",
        "unknown_table",
        "shape",
        "reference",
    }
)


def rule_message(reason: str, field: str) -> Message:
    """What a broken rule says, naming ``field`` unless it is "": ``rule.<reason>``, or
    ``rule.other`` for a reason this version does not know (a newer server's)."""
    key = f"rule.{reason}" if reason in REASONS else "rule.other"
    return msg(key, where=f"{field}: " if field else "")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of one record (``field`` is "" for the whole record)."""

    field: str
    reason: str

    @property
    def english(self) -> str:
        return rule_message(self.reason, self.field if safe_name(self.field) else "").text("en")

    @property
    def said(self) -> Message:
        """The problem as a message for this laptop's conflicts view (it names the field as
        received)."""
        return rule_message(self.reason, self.field)

    @property
    def japanese(self) -> str:
        return self.said.text("ja")


Check = Callable[[Any], str | None]  # a value -> None, or a reason code


def _json_problem(value: Any) -> str | None:
    """Any JSON value: finite numbers, sane integers, clean strings, bounded size."""
    stack = [(value, 0)]
    nodes = 0
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if depth > JSON_MAX_DEPTH or nodes > JSON_MAX_NODES:
            return "json"
        if item is None or isinstance(item, bool):
            continue
        if isinstance(item, int):
            if not -JSON_INT <= item <= JSON_INT:
                return "range"
        elif isinstance(item, float):
            if not math.isfinite(item):
                return "finite"
        elif isinstance(item, str):
            if len(item) > TEXT_MAX:
                return "length"
            if _CONTROL.search(item):
                return "control"
        elif isinstance(item, dict):
            if NON_FINITE in item:
                return "finite"
            for key, child in item.items():
                if not isinstance(key, str) or _CONTROL_SHORT.search(key):
                    return "control"
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        else:
            return "type"
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _string(limit: int, control: re.Pattern[str]) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "type"
        if len(value) > limit:
            return "length"
        return "control" if control.search(value) else None

    return check


def _integer(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if not _is_int(value):
            return "finite" if isinstance(value, float) and not math.isfinite(value) else "type"
        return None if low <= value <= high else "range"

    return check


def _enum(values: frozenset[str]) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "type"
        return None if value in values else "enum"

    return check


def _moment(pattern: re.Pattern[str], parse: Callable[[str], Any], reason: str) -> Check:
    low, high = DATE_YEARS

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return "type"
        if not pattern.fullmatch(value):
            return reason
        try:
            parsed = parse(value)
        except ValueError:
            return reason
        return None if low <= parsed.year <= high else "range"

    return check


def _identifier(value: Any) -> str | None:
    if not isinstance(value, str):
        return "type"
    return None if ID_RE.fullmatch(value) else "id"


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "type"


def _json_of(shape: type | None) -> Check:
    def check(value: Any) -> str | None:
        if shape is not None and not isinstance(value, shape):
            return "type"
        return _json_problem(value)

    return check


def _column_check(column) -> Check:
    kind = column.type
    name = column.key
    if isinstance(kind, Boolean):
        return _boolean
    if isinstance(kind, Enum):
        return _enum(frozenset(kind.enums))
    if isinstance(kind, DateTime):
        return _moment(_DATETIME_RE, datetime.fromisoformat, "datetime")
    if isinstance(kind, Date):
        return _moment(_DATE_RE, date.fromisoformat, "date")
    if isinstance(kind, Integer):
        if name == "fiscal_year":
            return _integer(MIN_YEAR, MAX_YEAR)
        return _integer(0 if name in NON_NEGATIVE else -INT32, INT32)
    if isinstance(kind, JSON):
        # The annotation says which: Mapped[dict[...]], Mapped[list[...]] or Mapped[Any].
        annotation = str(SYNCED_MODELS[column.table.name].__annotations__.get(name, ""))
        shape = dict if "dict[" in annotation else list if "list[" in annotation else None
        return _json_of(shape)
    if isinstance(kind, String) and not isinstance(kind, Text):
        if (
            name == "id"
            or name.endswith("_id")
            or any(fk.column.name == "id" for fk in column.foreign_keys)
        ):
            return _identifier
        return _string(kind.length or TEXT_MAX, _CONTROL_SHORT)
    if isinstance(kind, String):  # Text
        return _string(TEXT_MAX, _CONTROL)
    return _json_of(None)


def _nullable(check: Check) -> Check:
    def allow_none(value: Any) -> str | None:
        return None if value is None else check(value)

    return allow_none


def _not_null(check: Check) -> Check:
    def refuse_none(value: Any) -> str | None:
        return "null" if value is None else check(value)

    return refuse_none


@cache
def field_checks(table: str) -> Mapping[str, Check]:
    """Content field -> its check, for one synced table (``KeyError``: unknown table)."""
    from dxfield.records import content_columns

    columns = SYNCED_MODELS[table].__table__.c
    checks: dict[str, Check] = {}
    for name in content_columns(table):
        column = columns[name]
        wrap = _nullable if column.nullable else _not_null
        checks[name] = wrap(_column_check(column))
    return checks


@cache
def _stamp_check() -> Check:
    return _nullable(_moment(_DATETIME_RE, datetime.fromisoformat, "datetime"))


def stamp_problem(value: Any) -> str | None:
    """The reason code if ``value`` is not a stamp (an ISO date and time, or null)."""
    return _stamp_check()(value)


@cache
def references(table: str) -> tuple[tuple[str, str], ...]:
    """(field, parent table) of references to records that laptops push (not master data)."""
    from .protocol import parent_columns

    return tuple((c, p) for c, p in parent_columns().get(table, ()) if p not in MASTER_TABLES)


def check_fields(table: str, fields: Mapping[str, Any]) -> Problem | None:
    """The first problem of pushed ``fields`` of a ``table`` record, or None."""
    if table not in SYNCED_MODELS:
        return Problem("", "unknown_table")
    return _first_problem(table, fields, pulled=False)


def check_pulled(record: Any) -> Problem | None:
    """The first problem of one pulled record ``{"t", "id", "v", "d"}``, or None.

    Fields this version does not know are ignored (``decode_record`` drops them): a newer
    server may send more. Stamps must be times or null.
    """
    if not isinstance(record, dict):
        return Problem("", "shape")
    table, row_id, version, data = (
        record.get("t"),
        record.get("id"),
        record.get("v"),
        record.get("d"),
    )
    if not isinstance(table, str) or not isinstance(data, dict) or not _is_int(version):
        return Problem("", "shape")
    if _identifier(row_id) is not None:
        return Problem("id", "id")
    if table not in SYNCED_MODELS:
        return Problem("", "unknown_table")
    return _first_problem(table, data, pulled=True)


def pulled_checks(table: str) -> tuple[dict[str, Check], frozenset[str]]:
    """The checks ``check_pulled`` runs on the non-null fields of a ``table`` record, and
    which fields may be null (``sync.values`` builds its quick road on them)."""
    return _plan(table, True)


@cache
def _plan(table: str, pulled: bool) -> tuple[dict[str, Check], frozenset[str]]:
    """Unwrapped checks of ``table``'s fields (and stamps when ``pulled``), and which of
    them may be null: the hot loop of a first pull calls one function per value."""
    columns = SYNCED_MODELS[table].__table__.c
    checks = {name: _column_check(columns[name]) for name in field_checks(table)}
    nullable = {name for name in checks if columns[name].nullable}
    if pulled:
        stamp = _moment(_DATETIME_RE, datetime.fromisoformat, "datetime")
        checks.update(dict.fromkeys(STAMPS, stamp))
        nullable.update(STAMPS)
    return checks, frozenset(nullable)


def _first_problem(table: str, data: Mapping[str, Any], *, pulled: bool) -> Problem | None:
    checks, nullable = _plan(table, pulled)
    for name, value in data.items():
        check = checks.get(name)
        if check is None:
            if pulled:
                continue  # a newer version's field: decode_record drops it
            return Problem(name, "unknown_field")
        if value is None:
            if name in nullable:
                continue
            return Problem(name, "null")
        reason = check(value)
        if reason is not None:
            return Problem(name, reason)
    return None


def safe_name(name: str) -> bool:
    """A field name short and plain enough to repeat in a reply."""
    return bool(re.fullmatch(r"[a-z_][a-z0-9_]{0,59}", name))


def json_safe(value: Any) -> Any:
    """``value`` as standard JSON can carry it: a non-finite number becomes a marker object,
    which no typed field accepts (a text "NaN" would pass as text)."""
    if isinstance(value, float) and not math.isfinite(value):
        return {NON_FINITE: repr(value)}
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [json_safe(v) for v in value]
    return value
