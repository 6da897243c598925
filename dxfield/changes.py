"""What a service changed, so views refresh only what they show (after Anki's OpChanges)."""

from __future__ import annotations

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

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)}
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()
EVERYTHING = Changes(**{f.name: True for f in fields(Changes)})
