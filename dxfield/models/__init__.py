"""The domain model (SQLAlchemy 2.0). See ``base`` for the columns every synced record has."""

from ..enums import (
    ActionStatus,
    AnswerType,
    Area,
    AttendeeGroup,
    MunicipalityKind,
    NeedSource,
    NeedStatus,
    NoteKind,
    OwnerSide,
    Phase,
    ResponseKind,
    ResponseSource,
    Role,
    SurveyItemType,
    TrainingKind,
    TrainingMethod,
    VisitMethod,
    VisitStatus,
)
from .assessment import Answer, AssessmentResponse, AssessmentTemplate, Question
from .base import Base, SyncMixin, new_id, stable_id, utcnow
from .local import ImportBatch, PendingChange, SyncConflict, SyncState
from .municipality import Contact, Municipality
from .need import OTHER_DOMAIN, Need, ProposalDraft
from .programme import PhaseWindow, ProgrammeYear, TeamMember
from .survey import SurveyAnswer, SurveyItem, SurveyResponse, SurveyTemplate
from .training import Training, TrainingMunicipality
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
        SurveyTemplate,
        SurveyItem,
        Training,
        TrainingMunicipality,
        SurveyResponse,
        SurveyAnswer,
        Need,
        ProposalDraft,
    )
}

__all__ = [
    "OTHER_DOMAIN",
    "SYNCED_MODELS",
    "ActionItem",
    "ActionStatus",
    "Answer",
    "AnswerType",
    "Area",
    "AssessmentResponse",
    "AssessmentTemplate",
    "AttendeeGroup",
    "Base",
    "Contact",
    "ImportBatch",
    "Municipality",
    "MunicipalityKind",
    "Need",
    "NeedSource",
    "NeedStatus",
    "NoteKind",
    "NoteSection",
    "OwnerSide",
    "PendingChange",
    "Phase",
    "PhaseWindow",
    "ProgrammeYear",
    "ProposalDraft",
    "Question",
    "ResponseKind",
    "ResponseSource",
    "Role",
    "SurveyAnswer",
    "SurveyItem",
    "SurveyItemType",
    "SurveyResponse",
    "SurveyTemplate",
    "SyncConflict",
    "SyncMixin",
    "SyncState",
    "TeamMember",
    "Training",
    "TrainingKind",
    "TrainingMethod",
    "TrainingMunicipality",
    "Visit",
    "VisitMember",
    "VisitMethod",
    "VisitStatus",
    "new_id",
    "stable_id",
    "utcnow",
]
