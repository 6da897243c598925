"""Merging a pushed change into the server's copy of a record (pure functions).

The server applies pushes in the order they arrive, so "first to reach the server" is the
one deterministic order every replica agrees on; laptop clocks play no part.

* Structured records merge per field against the base the client sent: a field only the
  client changed takes the client's value; a field both sides changed keeps the server's
  value and the client's becomes a ``field`` conflict the user can see.
* Free text (``TEXT_FIELDS``) merges line by line with merge3 against the base; where
  lines collide both versions are kept, server's first, and a ``text`` conflict is flagged.
* A delete that meets an edit it did not know about keeps the edit (``delete_vs_edit``); an
  edit of a record deleted meanwhile brings it back, flagged the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import merge3

# Multi-line text people write into, one entry or thought per line.
TEXT_FIELDS: frozenset[tuple[str, str]] = frozenset(
    {
        ("note_section", "body"),
        ("training", "lecturers"),
        ("training", "content"),
        ("training", "materials"),
        ("need", "text"),
        ("need", "note"),
    }
)
MISSING = object()


def merge_text(base: str, ours: str, theirs: str) -> tuple[str, bool]:
    """Three-way merge; returns (text, clean). Colliding lines: ours, then theirs."""
    base_lines = base.splitlines(keepends=True)
    ours_lines = ours.splitlines(keepends=True)
    theirs_lines = theirs.splitlines(keepends=True)
    out: list[str] = []
    clean = True
    for group in merge3.Merge3(base_lines, ours_lines, theirs_lines).merge_groups():
        if group[0] != "conflict":
            out.extend(group[1])
            continue
        clean = False
        a_lines, b_lines = list(group[2]), list(group[3])
        if a_lines and b_lines and not a_lines[-1].endswith("\n"):
            a_lines[-1] += "\n"
        out.extend(a_lines)
        out.extend(b_lines)
    return "".join(out), clean


@dataclass
class Conflict:
    field: str
    kind: str  # "field", "text", "delete_vs_edit"
    local: Any
    remote: Any
    base: Any = None
    merged: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "kind": self.kind,
            "local": self.local,
            "remote": self.remote,
            "base": self.base,
            "merged": self.merged,
        }


@dataclass
class MergeOutcome:
    data: dict[str, Any]
    changed: bool
    conflicts: list[Conflict] = field(default_factory=list)


def merge_change(
    table: str,
    current: dict[str, Any] | None,
    current_version: int,
    base_version: int,
    fields: dict[str, Any],
    base: dict[str, Any],
) -> MergeOutcome:
    """Merge pushed ``fields`` (with their ``base`` values) into the server's ``current``."""
    if current is None:
        return MergeOutcome(dict(fields), True)
    data = dict(current)
    conflicts: list[Conflict] = []
    changed = False
    pushed = dict(fields)

    if pushed.get("deleted") is True and not data.get("deleted") and current_version > base_version:
        # Someone changed the record since this client last saw it: keep their edit.
        pushed.pop("deleted")
        conflicts.append(Conflict("deleted", "delete_vs_edit", True, False, False, False))
    if (
        data.get("deleted")
        and "deleted" not in pushed
        and any(data.get(name, MISSING) != value for name, value in pushed.items())
    ):
        # An edit of a record deleted meanwhile: the edit wins, the record comes back.
        data["deleted"] = False
        changed = True
        conflicts.append(Conflict("deleted", "delete_vs_edit", False, True, False, False))

    for name, value in pushed.items():
        server_value = data.get(name, MISSING)
        if server_value == value:
            continue
        base_value = base.get(name, MISSING)
        if server_value is MISSING or server_value == base_value:
            data[name] = value
            changed = True
            continue
        old = None if base_value is MISSING else base_value
        if (table, name) in TEXT_FIELDS:
            merged, clean = merge_text(old or "", server_value or "", value or "")
            if merged != server_value:
                data[name] = merged
                changed = True
            if not clean:
                conflicts.append(Conflict(name, "text", value, server_value, old, merged))
            continue
        conflicts.append(Conflict(name, "field", value, server_value, old, server_value))
    return MergeOutcome(data, changed, conflicts)
