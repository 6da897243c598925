"""What each role receives on pull.

Viewers never receive the team's internal notes: a note section flagged ``internal``
reaches them as a tombstone with its text blanked. A section that turns internal after a
viewer's laptop stored it is thereby removed there, and one that stops being internal comes
back whole with its next version. Admins and advisors receive every record as stored.
"""

from __future__ import annotations

import json

# table -> (the flag that hides a record from viewers, the fields blanked when it does)
HIDDEN_FROM_VIEWERS: dict[str, tuple[str, dict[str, str]]] = {
    "note_section": ("internal", {"body": ""}),
}


def as_seen_by(role: str, table: str, text: str) -> str:
    """The stored JSON ``text`` of a ``table`` record as ``role`` may receive it."""
    rule = HIDDEN_FROM_VIEWERS.get(table)
    if role != "viewer" or rule is None:
        return text
    flag, blanks = rule
    data = json.loads(text)
    # Anything but a plain "not internal" hides it: old data may hold odd values here.
    if data.get(flag) in (False, None):
        if "deleted" in data:
            return text
        # A record once hidden comes back undeleted on the viewer's laptop.
        return json.dumps({**data, "deleted": False}, ensure_ascii=False)
    return json.dumps({**data, **blanks, "deleted": True}, ensure_ascii=False)
