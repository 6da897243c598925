"""The ids every replica gives a survey template and its items (``stable_id``), without
SQLAlchemy: the results are counted (``surveys.tally``) on either road by item id."""

from __future__ import annotations

from functools import cache

from ..ids import stable_id

SURVEY_DIR = "survey"  # under resources/templates/


def survey_template_id(template_version: str) -> str:
    return stable_id("survey_template", template_version)


@cache  # a few dozen items per version; results look each one up for every response
def survey_item_id(template_version: str, code: str) -> str:
    return stable_id("survey_item", template_version, code)
