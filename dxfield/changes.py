"""What a write changed, so views refresh only what they show (after Anki's OpChanges).

``Changes`` are derived, not declared: ``dxfield.written`` notes the tables a unit of work
wrote and ``changes_for`` maps them here, through ``TABLE_FIELDS``, the one table -> view
map (a test checks that every table of the store is in it, so a new table cannot be
forgotten).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    municipalities: bool = False
    contacts: bool = False
    team: bool = False
    visits: bool = False
    notes: bool = False
    action_items: bool = False
    assessments: bool = False
    templates: bool = False
    trainings: bool = False
    surveys: bool = False
    needs: bool = False
    proposals: bool = False
    forms: bool = False  # where the municipalities' web forms stand (as the server said)
    conflicts: bool = False  # what a sync left for the user to settle
    outbox: bool = False  # the edits waiting to be sent (the status bar's 未送信 count)

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()
EVERYTHING = Changes(**{f.name: True for f in fields(Changes)})

# Data kept in a row of a bookkeeping table, named by the code that writes it
# (``dxfield.written.note``) when its value changes: the web forms' states, kept in
# ``sync_state`` under this key (``dxfield.formlinks.KEY``).
FORM_STATES = "form_links"

# Table -> the ``Changes`` field of the views that show its rows; None: bookkeeping no view
# shows (the sync's state, the importer's file hashes).
TABLE_FIELDS: dict[str, str | None] = {
    "municipality": "municipalities",
    "contact": "contacts",
    "team_member": "team",
    # The programme's years and phases: the year list and the planner follow visits.
    "programme_year": "visits",
    "phase_window": "visits",
    "visit": "visits",
    "visit_member": "visits",
    "note_section": "notes",
    "action_item": "action_items",
    "assessment_template": "templates",
    "question": "templates",
    "assessment_response": "assessments",
    "answer": "assessments",
    "survey_template": "surveys",
    "survey_item": "surveys",
    "survey_response": "surveys",
    "survey_answer": "surveys",
    "training": "trainings",
    "training_municipality": "trainings",
    "need": "needs",
    "proposal_draft": "proposals",
    "pending_change": "outbox",
    "sync_state": None,
    "sync_conflict": "conflicts",
    "import_batch": None,
    FORM_STATES: "forms",
}


def changes_for(tables: Iterable[str]) -> Changes:
    """The views to refresh after writes to ``tables`` (tables outside the map, such as the
    search index's, refresh nothing)."""
    names = {TABLE_FIELDS.get(table) for table in tables} - {None}
    return Changes(**dict.fromkeys(names, True)) if names else NOTHING
