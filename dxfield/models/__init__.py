"""The domain model (SQLAlchemy 2.0). See ``base`` for the columns every synced record has."""

from ..enums import (
    ActionStatus,
    AnswerType,
    Area,
    MunicipalityKind,
    NoteKind,
    OwnerSide,
    Phase,
    ResponseKind,
    ResponseSource,
    Role,
    VisitMethod,
    VisitStatus,
)
from .assessment import Answer, AssessmentResponse, AssessmentTemplate, Question
from .base import Base, SyncMixin, new_id, stable_id, utcnow
from .local import ImportBatch, PendingChange, SyncConflict, SyncState
from .municipality import Contact, Municipality
from .programme import PhaseWindow, ProgrammeYear, TeamMember
from .visit import ActionItem, NoteSection, Visit, VisitMember

# Synced record classes by table name: what the change tracker and the sync protocol handle.
SYNCED_MODELS: dict[str, type[SyncMixin]] = {
    cls.__tablename__: cls
    for cls in (
        Municipality,
        Contact,
        TeamMember,
        ProgrammeYear,
        PhaseWindow,
        Visit,
        VisitMember,
        NoteSection,
        ActionItem,
        AssessmentTemplate,
        Question,
        AssessmentResponse,
        Answer,
    )
}

__all__ = [
    "SYNCED_MODELS",
    "ActionItem",
    "ActionStatus",
    "Answer",
    "AnswerType",
    "Area",
    "AssessmentResponse",
    "AssessmentTemplate",
    "Base",
    "Contact",
    "ImportBatch",
    "Municipality",
    "MunicipalityKind",
    "NoteKind",
    "NoteSection",
    "OwnerSide",
    "PendingChange",
    "Phase",
    "PhaseWindow",
    "ProgrammeYear",
    "Question",
    "ResponseKind",
    "ResponseSource",
    "Role",
    "SyncConflict",
    "SyncMixin",
    "SyncState",
    "TeamMember",
    "Visit",
    "VisitMember",
    "VisitMethod",
    "VisitStatus",
    "new_id",
    "stable_id",
    "utcnow",
]
