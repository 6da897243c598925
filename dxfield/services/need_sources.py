"""Where needs are heard, and turning what was heard into a need in one step (promote).

A need can be promoted from one line of

* a visit's notes (``source = visit_note``, ``source_id`` = the note section's id),
* a free-text answer of the assessment sheet (``assessment``, the answer's id),
* a free-text answer of a training's survey (``survey``, the survey answer's id),

or recorded as heard at a training (``training``, the training's id; the words are free).
Its id is ``stable_id("need", source_id, quote)``: promoting the same line on two laptops,
or twice, makes one record; promoting it after the need was deleted brings it back. The
quote is the line as written (list marks such as 「・」「1.」 dropped), kept when the
need's own text is reworded later.
"""

from __future__ import annotations

# The lines themselves (``clean_line``, ``lines_of``, ``need_id_for``, ``SourceLine``) live
# in ``dxfield.needs.sourcelines``, shared with the stdlib reader of ``dxfield needs lines``.
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import NotFoundError, ValidationError
from ..messages import msg
from ..models import (
    Answer,
    AnswerType,
    AssessmentResponse,
    Need,
    NeedSource,
    NeedStatus,
    NoteKind,
    NoteSection,
    Question,
    ResponseKind,
    SurveyAnswer,
    SurveyItem,
    SurveyItemType,
    SurveyResponse,
    Training,
    Visit,
)
from ..needs.sourcelines import (
    SourceLine,
    chunks,
    clean_line,
    lines_of,
    need_id_for,
    source_lines,
)
from ..needs.themes import suggest
from .needs import NeedInput, create_need


@dataclass(frozen=True)
class PromoteResult:
    need_id: str
    created: bool


@dataclass(frozen=True)
class _Origin:
    """What a need inherits from the record it was heard in."""

    text: str
    municipality_id: str | None
    fiscal_year: int
    heard_on: date | None


def _live_need_ids(session: Session, ids: list[str]) -> set[str]:
    return {
        need_id
        for chunk in chunks(ids)
        for need_id in session.scalars(
            select(Need.id).where(Need.id.in_(chunk), Need.deleted.is_(False))
        )
    }


def _lines(
    session: Session, source: NeedSource, entries: list[tuple[str, str, str]]
) -> list[SourceLine]:
    """``entries``: (source id, text, label) → one ``SourceLine`` per line."""
    return source_lines(source, entries, lambda ids: _live_need_ids(session, ids))


def note_lines(
    session: Session, visit_id: str, kind: NoteKind = NoteKind.REQUESTS
) -> list[SourceLine]:
    """The lines of one section of a visit's notes (the 要望 section by default)."""
    section = session.scalar(
        select(NoteSection).where(
            NoteSection.visit_id == visit_id,
            NoteSection.kind == kind,
            NoteSection.deleted.is_(False),
        )
    )
    if section is None:
        return []
    return _lines(session, NeedSource.VISIT_NOTE, [(section.id, section.body, kind.label)])


def answer_lines(session: Session, response_id: str) -> list[SourceLine]:
    """The lines of an assessment response's free-text answers."""
    rows = session.execute(
        select(Answer.id, Answer.value, Question.code, Question.text)
        .join(Question, Question.id == Answer.question_id)
        .where(
            Answer.response_id == response_id,
            Answer.deleted.is_(False),
            Question.answer_type == AnswerType.FREE_TEXT,
        )
        .order_by(Question.position)
    )
    entries = [(aid, v, f"{code} {text}") for aid, v, code, text in rows if isinstance(v, str)]
    return _lines(session, NeedSource.ASSESSMENT, entries)


def survey_comment_lines(session: Session, training_id: str) -> list[SourceLine]:
    """The lines of the free-text answers to a training's survey."""
    rows = session.execute(
        select(SurveyAnswer.id, SurveyAnswer.value, SurveyItem.text)
        .join(SurveyItem, SurveyItem.id == SurveyAnswer.item_id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(
            SurveyResponse.training_id == training_id,
            SurveyResponse.deleted.is_(False),
            SurveyAnswer.deleted.is_(False),
            SurveyItem.item_type == SurveyItemType.FREE_TEXT,
        )
        .order_by(SurveyResponse.submitted_at, SurveyResponse.id, SurveyItem.position)
    )
    entries = [(aid, v, text) for aid, v, text in rows if isinstance(v, str)]
    return _lines(session, NeedSource.SURVEY, entries)


# --- what a source gives the need -------------------------------------------------------


def _origin(session: Session, source: NeedSource, source_id: str) -> _Origin:
    missing = NotFoundError(f"no {source.value} record with id {source_id}", source_id=source_id)
    if source is NeedSource.VISIT_NOTE:
        section = session.get(NoteSection, source_id)
        visit = section.visit if section is not None else None
        if section is None or section.deleted or visit is None or visit.deleted:
            raise missing
        day = visit.starts_at.date()
        return _Origin(section.body, visit.municipality_id, visit.fiscal_year, day)
    if source is NeedSource.ASSESSMENT:
        answer = session.get(Answer, source_id)
        if answer is None or answer.deleted or answer.response.deleted:
            raise missing
        if answer.question.answer_type is not AnswerType.FREE_TEXT:
            raise ValidationError(msg("need.free_text_only"), field="source_id")
        response = answer.response
        return _Origin(
            answer.value if isinstance(answer.value, str) else "",
            response.municipality_id,
            response.fiscal_year,
            response.answered_on,
        )
    if source is NeedSource.SURVEY:
        answer = session.get(SurveyAnswer, source_id)
        if answer is None or answer.deleted or answer.response.deleted:
            raise missing
        if answer.item.item_type is not SurveyItemType.FREE_TEXT:
            raise ValidationError(msg("need.free_text_only"), field="source_id")
        response = answer.response
        training = response.training
        town = response.municipality_id or _only_town(training)
        submitted = response.submitted_at.date() if response.submitted_at else None
        return _Origin(
            answer.value if isinstance(answer.value, str) else "",
            town,
            training.fiscal_year,
            submitted or training.starts_at.date(),
        )
    if source is NeedSource.TRAINING:
        training = session.get(Training, source_id)
        if training is None or training.deleted:
            raise missing
        return _Origin("", _only_town(training), training.fiscal_year, training.starts_at.date())
    said = msg("need.cannot_promote_from", source=source.value, label=source.label)
    raise ValidationError(said, field="source")


def _only_town(training: Training) -> str | None:
    towns = [link.municipality_id for link in training.municipalities]
    return towns[0] if len(towns) == 1 else None


_UNSET: Any = object()


def promote(
    session: Session,
    source: NeedSource,
    source_id: str,
    quote: str,
    *,
    text: str | None = None,
    domain: str | None = None,
    themes: list[str] | None = None,
    status: NeedStatus = NeedStatus.OPEN,
    measure: str = "",
    note: str = "",
    municipality_id: str | None = _UNSET,
) -> PromoteResult:
    """Make a need of ``quote``, a line of the source record (any line, for a training).

    The municipality, year and day come from the source (a training of several
    municipalities: give ``municipality_id``, None for all of them); the domain and tags,
    unless given, are guessed from the words. A line already promoted returns its need
    unchanged (``created`` False).
    """
    source = NeedSource(source)
    origin = _origin(session, source, source_id)
    line = clean_line(quote)
    if not line:
        raise ValidationError(msg("need.empty_line"), field="quote")
    if source is not NeedSource.TRAINING and line not in {q for _o, q in lines_of(origin.text)}:
        raise ValidationError(msg("need.line_gone"), field="quote")
    need_id = need_id_for(source_id, line)
    existing = session.get(Need, need_id)
    if existing is not None and not existing.deleted:
        return PromoteResult(need_id, False)
    town = origin.municipality_id if municipality_id is _UNSET else municipality_id
    guess = suggest(line)
    data = NeedInput(
        municipality_id=town,
        domain=domain or guess.domain,
        text=text if text is not None and text.strip() else line,
        themes=list(themes) if themes is not None else list(guess.themes),
        fiscal_year=origin.fiscal_year,
        heard_on=origin.heard_on,
        status=status,
        measure=measure,
        note=note,
        quote=line,
        source=source,
        source_id=source_id,
    )
    create_need(session, data, need_id=need_id)
    return PromoteResult(need_id, True)


def promote_note_line(session: Session, visit_id: str, line: int | str, **fields) -> PromoteResult:
    """Promote a line of a visit's 要望 section, by its text or its number (1 = the first
    line that could be a need, as ``note_lines`` lists them)."""
    lines = note_lines(session, visit_id)
    if not lines:
        raise NotFoundError(msg("missing.visit_requests", id=visit_id))
    if isinstance(line, int):
        if not 1 <= line <= len(lines):
            said = msg("need.no_such_line", count=len(lines), line=line)
            raise ValidationError(said, field="quote")
        chosen = lines[line - 1]
        return promote(session, chosen.source, chosen.source_id, chosen.line, **fields)
    return promote(session, NeedSource.VISIT_NOTE, lines[0].source_id, line, **fields)


# --- where needs were heard, for lists -------------------------------------------------


def origins(session: Session, needs: list[Need]) -> dict[str, tuple[str, str | None]]:
    """For each need id: where it was heard in words, and the visit whose notes it came
    from (None otherwise). Looked up in one query per kind of source."""
    by_source: dict[NeedSource, dict[str, list[str]]] = {}
    for need in needs:
        if need.source_id:
            by_source.setdefault(need.source, {}).setdefault(need.source_id, []).append(need.id)
    out: dict[str, tuple[str, str | None]] = {}

    def put(source_id: str, text: str, visit_id: str | None = None) -> None:
        for need_id in by_source_ids.get(source_id, []):
            out[need_id] = (text, visit_id)

    for source, by_source_ids in by_source.items():
        ids = list(by_source_ids)
        if source is NeedSource.VISIT_NOTE:
            for sid, vid, phase, starts, kind in session.execute(
                select(NoteSection.id, Visit.id, Visit.phase, Visit.starts_at, NoteSection.kind)
                .join(Visit, Visit.id == NoteSection.visit_id)
                .where(NoteSection.id.in_(ids))
            ):
                put(sid, f"面談記録（{phase.label} {starts:%Y-%m-%d}・{kind.label}）", vid)
        elif source is NeedSource.ASSESSMENT:
            for aid, kind, year, code in session.execute(
                select(
                    Answer.id,
                    AssessmentResponse.kind,
                    AssessmentResponse.fiscal_year,
                    Question.code,
                )
                .join(AssessmentResponse, AssessmentResponse.id == Answer.response_id)
                .join(Question, Question.id == Answer.question_id)
                .where(Answer.id.in_(ids))
            ):
                put(aid, f"アセスメントシート（{year}年度 {kind.label}・{code}）")
        elif source is NeedSource.SURVEY:
            for aid, title, starts in session.execute(
                select(SurveyAnswer.id, Training.title, Training.starts_at)
                .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
                .join(Training, Training.id == SurveyResponse.training_id)
                .where(SurveyAnswer.id.in_(ids))
            ):
                put(aid, f"研修アンケート（{title} {starts:%Y-%m-%d}）")
        elif source is NeedSource.TRAINING:
            for tid, kind, title, starts in session.execute(
                select(Training.id, Training.kind, Training.title, Training.starts_at).where(
                    Training.id.in_(ids)
                )
            ):
                put(tid, f"研修（{kind.label}「{title}」 {starts:%Y-%m-%d}）")
    return out


def note_offset(session: Session, need_id: str) -> tuple[str, NoteKind, int] | None:
    """Where a need promoted from a visit's notes sits now: (visit id, section, offset of
    its line), so the editor can open at it; None if it came from elsewhere. If the line
    was edited since, the offset is 0 (the top of the section)."""
    need = session.get(Need, need_id)
    if need is None or need.source is not NeedSource.VISIT_NOTE or not need.source_id:
        return None
    section = session.get(NoteSection, need.source_id)
    if section is None:
        return None
    offset = next((o for o, line in lines_of(section.body) if line == need.quote), 0)
    return section.visit_id, section.kind, offset


def training_of(session: Session, need_id: str) -> str | None:
    """The training a need was heard at or in whose survey it was written, if any."""
    need = session.get(Need, need_id)
    if need is None or not need.source_id:
        return None
    if need.source is NeedSource.TRAINING:
        return need.source_id
    if need.source is NeedSource.SURVEY:
        answer = session.get(SurveyAnswer, need.source_id)
        return answer.response.training_id if answer is not None else None
    return None


def registered_note_lines(session: Session, visit_id: str) -> dict[NoteKind, set[str]]:
    """The lines of a visit's notes that are needs already, by section (for the editor to
    mark them)."""
    sections = {
        section_id: kind
        for section_id, kind in session.execute(
            select(NoteSection.id, NoteSection.kind).where(NoteSection.visit_id == visit_id)
        )
    }
    out: dict[NoteKind, set[str]] = {}
    if not sections:
        return out
    for source_id, quote in session.execute(
        select(Need.source_id, Need.quote).where(
            Need.source == NeedSource.VISIT_NOTE,
            Need.source_id.in_(list(sections)),
            Need.deleted.is_(False),
        )
    ):
        out.setdefault(sections[source_id], set()).add(quote)
    return out


def promoted_summary(session: Session, result: PromoteResult) -> tuple[bool, str, list[str]]:
    """(created, domain label, tags) of a promotion, for the editor to say what it filed."""
    from .needs import need_domains

    need = session.get(Need, result.need_id)
    return result.created, dict(need_domains(session)).get(need.domain, need.domain), need.themes


def promote_answer_line(
    session: Session,
    municipality_id: str,
    year: int,
    kind: ResponseKind,
    question_code: str,
    line: str,
) -> PromoteResult:
    """Promote a line of a municipality's free-text answer, found by sheet and question
    (as the assessment page shows it)."""
    from .assessments import get_response

    response = get_response(session, municipality_id, year, kind)
    if response is None:
        raise NotFoundError(f"no {kind.value} assessment for {year}")
    for candidate in answer_lines(session, response.id):
        if candidate.label.split(" ", 1)[0] == question_code:
            return promote(session, candidate.source, candidate.source_id, line)
    raise ValidationError(msg("need.line_gone"), field="quote")
