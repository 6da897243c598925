"""Loading assessment templates: from ``resources/templates/*.json`` into the database.

Each template version is loaded once, with stable ids (``stable_id("assessment_template",
version)``, ``stable_id("question", version, code)``) and untracked, so every replica holds
identical rows and nothing of it travels through sync. A version, once loaded, is never
changed: a new question set is a new version that loads beside the old one, and responses
keep pointing at the version they were answered with.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import NotFoundError
from ..messages import msg
from ..models import AssessmentTemplate, Question
from ..models.base import stable_id
from ..templatefiles import read_json, templates_dir
from ..templates import cached_definition, live_versions, load_versions, stored_version
from ..tracking import untracked
from .definition import TemplateDef, parse_definition, question_to_json, stored_definition

# Keys of a question's file form that have their own column; the rest goes to ``scoring``.
_COLUMN_KEYS = frozenset({"code", "type", "text", "stage", "domain", "help", "required", "choices"})
_HEADER_KEYS = (
    "format",
    "description",
    "stages",
    "domains",
    "support_levels",
    "support_level_overrides",
)


def template_id(template_version: str) -> str:
    return stable_id("assessment_template", template_version)


def question_id(template_version: str, code: str) -> str:
    return stable_id("question", template_version, code)


@cache
def _read_file(path: Path, mtime_ns: int) -> tuple[TemplateDef, dict]:
    source = f"resources/templates/{path.name}"
    data = read_json(path, source)
    return parse_definition(data, source), data


def load_template_file(path: Path) -> tuple[TemplateDef, dict]:
    """Parse and check one template file (cached while the file is unchanged)."""
    return _read_file(path, path.stat().st_mtime_ns)


def template_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or templates_dir()).glob("*.json"))


def ensure_templates(session: Session, directory: Path | None = None) -> list[AssessmentTemplate]:
    """Load every template file whose version is not in the database yet. Idempotent.

    Returns all templates (old and new), oldest version first.
    """
    load_versions(
        session,
        template_files(directory),
        source=lambda path: f"resources/templates/{path.name}",
        load=load_template_file,
        stored=lambda version: session.get(AssessmentTemplate, template_id(version)),
        definition=template_definition,
        store=_store,
    )
    return list_templates(session)


def _store(session: Session, defn: TemplateDef, data: dict) -> None:
    version = defn.template_version
    with untracked(session):
        template = AssessmentTemplate(
            id=template_id(version),
            template_version=version,
            name=defn.name,
            definition={k: data[k] for k in _HEADER_KEYS if k in data},
        )
        session.add(template)
        for q in defn.questions:
            as_json = question_to_json(q)
            session.add(
                Question(
                    id=question_id(version, q.code),
                    template_id=template.id,
                    code=q.code,
                    position=q.position,
                    stage=q.stage,
                    domain=q.domain,
                    text=q.text,
                    help=q.help,
                    answer_type=q.answer_type,
                    choices=as_json.get("choices", []),
                    scoring={k: v for k, v in as_json.items() if k not in _COLUMN_KEYS},
                    max_points=q.max_points,
                    required=q.required,
                )
            )


def list_templates(session: Session) -> list[AssessmentTemplate]:
    return live_versions(session, AssessmentTemplate)


def current_template(session: Session) -> AssessmentTemplate:
    """The newest template version in the database."""
    templates = list_templates(session)
    if not templates:
        raise NotFoundError("no assessment template is loaded (run ensure_master_data)")
    return templates[-1]


def get_template(session: Session, template_version: str) -> AssessmentTemplate:
    return stored_version(
        session,
        AssessmentTemplate,
        template_id(template_version),
        template_version,
        msg("template.assessment_noun"),
    )


_DEFINITIONS: dict[tuple[str, int], TemplateDef] = {}


def cached_template_definition(session: Session, template_id: str, version: int) -> TemplateDef:
    """``template_definition`` of the template row ``template_id`` at row ``version``: from
    the cache when parsed before, without loading the row."""
    cached = _DEFINITIONS.get((template_id, version))
    if cached is not None:
        return cached
    return template_definition(session.get_one(AssessmentTemplate, template_id))


def template_definition(template: AssessmentTemplate) -> TemplateDef:
    """The template's definition as frozen data (parsed once per template row version)."""

    def build(questions: list[Question]) -> TemplateDef:
        return stored_definition(
            template.template_version,
            template.name,
            template.definition,
            [
                (
                    q.code,
                    q.answer_type.value,
                    q.text,
                    q.help,
                    q.required,
                    q.stage,
                    q.domain,
                    q.choices,
                    q.scoring,
                )
                for q in questions
            ],
        )

    return cached_definition(template, Question, _DEFINITIONS, lambda: template.questions, build)
