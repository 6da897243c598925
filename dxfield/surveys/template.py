"""Loading survey templates: from ``resources/templates/survey/*.json`` into the database.

As with the assessment sheet, each version is loaded once with stable ids
(``stable_id("survey_template", version)``, ``stable_id("survey_item", version, code)``),
untracked, so every replica holds identical rows without syncing them, and a loaded version
never changes: new wording is a new version, and responses keep the version they answered.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import NotFoundError
from ..messages import msg
from ..models import SurveyItem, SurveyTemplate, Training
from ..templatefiles import read_json, templates_dir
from ..templates import cached_definition, live_versions, load_versions, stored_version
from ..tracking import untracked
from .definition import HEADER_KEYS, SurveyDef, choices_to_json, parse_survey, stored_survey
from .ids import SURVEY_DIR, survey_item_id, survey_template_id

__all__ = [
    "SURVEY_DIR",
    "ensure_survey_templates",
    "get_survey_template",
    "list_survey_templates",
    "load_survey_file",
    "survey_definition",
    "survey_files",
    "survey_item_id",
    "survey_template_for",
    "survey_template_id",
]


def survey_files(directory: Path | None = None) -> list[Path]:
    return sorted((directory or templates_dir() / SURVEY_DIR).glob("*.json"))


@cache
def _read_file(path: Path, mtime_ns: int) -> tuple[SurveyDef, dict]:
    source = f"resources/templates/{SURVEY_DIR}/{path.name}"
    data = read_json(path, source)
    return parse_survey(data, source), data


def load_survey_file(path: Path) -> tuple[SurveyDef, dict]:
    """Parse and check one survey file (cached while the file is unchanged)."""
    return _read_file(path, path.stat().st_mtime_ns)


def ensure_survey_templates(session: Session, directory: Path | None = None) -> None:
    """Load every survey file whose version is not in the database yet. Idempotent."""
    load_versions(
        session,
        survey_files(directory),
        source=lambda path: f"resources/templates/{SURVEY_DIR}/{path.name}",
        load=load_survey_file,
        stored=lambda version: session.get(SurveyTemplate, survey_template_id(version)),
        definition=survey_definition,
        store=_store,
    )


def _store(session: Session, defn: SurveyDef, data: dict) -> None:
    version = defn.template_version
    with untracked(session):
        template = SurveyTemplate(
            id=survey_template_id(version),
            template_version=version,
            name=defn.name,
            definition={k: data[k] for k in HEADER_KEYS if k in data},
        )
        session.add(template)
        for item in defn.items:
            session.add(
                SurveyItem(
                    id=survey_item_id(version, item.code),
                    template_id=template.id,
                    code=item.code,
                    position=item.position,
                    text=item.text,
                    item_type=item.item_type,
                    choices=choices_to_json(item.choices),
                    headline=item.headline,
                    required=item.required,
                )
            )


def list_survey_templates(session: Session) -> list[SurveyTemplate]:
    return live_versions(session, SurveyTemplate)


def get_survey_template(session: Session, template_version: str) -> SurveyTemplate:
    return stored_version(
        session,
        SurveyTemplate,
        survey_template_id(template_version),
        template_version,
        msg("template.survey_noun"),
    )


def survey_template_for(session: Session, training: Training) -> SurveyTemplate:
    """The survey a training's participants answer: its own choice, else the newest
    template meant for its kind, else the newest of all."""
    if training.survey_template_id:
        template = session.get(SurveyTemplate, training.survey_template_id)
        if template is not None and not template.deleted:
            return template
    templates = list_survey_templates(session)
    if not templates:
        raise NotFoundError("no survey template is loaded (run ensure_master_data)")
    for template in reversed(templates):
        if training.kind.value in template.definition.get("default_for", []):
            return template
    return templates[-1]


_DEFINITIONS: dict[tuple[str, int], SurveyDef] = {}


def survey_definition(template: SurveyTemplate) -> SurveyDef:
    """The template as frozen data (parsed once per template row version)."""

    def build(items: list[SurveyItem]) -> SurveyDef:
        return stored_survey(
            template.template_version,
            template.name,
            template.definition,
            [(i.code, i.item_type.value, i.text, i.headline, i.required, i.choices) for i in items],
        )

    return cached_definition(template, SurveyItem, _DEFINITIONS, lambda: template.items, build)
