"""The assessment sheets read straight from an up-to-date store with the stdlib ``sqlite3``
(``dxfield assessment template`` and ``show``, and ``needs overview``, which weighs the
year's needs against the prefecture's sheets), through ``quickread.read_current``.

What is computed is computed by the same code as on the ORM road: the definition is built
by ``assessment.definition.stored_definition`` from the same columns, the sheet scored by
``assessment.results.score`` (and summarised by ``summarize``), the needs overview built by
``needs.matrix``; only the rows are fetched here. Every function gives None
where the ORM road would refuse (an unknown municipality, a year or a response that is not
there, a template version not loaded) or where the full open would first load a shipped
template: that road then answers, or refuses, as always.
``tests/core/test_quickread_sheets.py`` holds both roads to the same output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from . import quickread
from .driver import sqlite3
from .enums import NeedStatus, ResponseKind
from .ids import stable_id
from .quickread import json_column
from .templatefiles import templates_dir, version_key

if TYPE_CHECKING:
    from .assessment.definition import TemplateDef
    from .assessment.results import PrefectureSummary, SheetScore
    from .needs.matrix import NeedsOverview


def stored_templates(conn: sqlite3.Connection) -> dict[str, tuple[str, bool]] | None:
    """The stored assessment templates, version -> (id, deleted), or None when a shipped
    version is not stored yet (the full open would load it first)."""
    stored = {
        version: (template_id, bool(deleted))
        for template_id, version, deleted in conn.execute(
            "SELECT id, template_version, deleted FROM assessment_template"
        )
    }
    for path in templates_dir().glob("*.json"):  # the files ensure_templates loads
        with path.open(encoding="utf-8") as fh:
            if json.load(fh).get("template_version") not in stored:
                return None
    return stored


def newest_template_id(conn: sqlite3.Connection) -> str | None:
    """``assessment.template.current_template``'s id: the newest live version, or None when
    there is none or the full open would load one first."""
    stored = stored_templates(conn)
    if stored is None:
        return None
    live = sorted((v for v, (_id, deleted) in stored.items() if not deleted), key=version_key)
    return stored[live[-1]][0] if live else None


def answers_by_code(conn: sqlite3.Connection, response_id: str) -> dict[str, Any]:
    """``services.assessments.answers_by_code``: a response's live answers by question code."""
    return {
        code: json_column(value)
        for code, value in conn.execute(
            "SELECT q.code, a.value FROM answer AS a JOIN question AS q"
            " ON q.id = a.question_id WHERE a.response_id = ? AND a.deleted IS 0"
            " ORDER BY q.position",
            (response_id,),
        )
    }


def template_definition(conn: sqlite3.Connection, template_id: str) -> TemplateDef:
    """``assessment.template.template_definition`` of the stored template ``template_id``."""
    from .assessment.definition import stored_definition

    version, name, definition = conn.execute(
        "SELECT template_version, name, definition FROM assessment_template WHERE id = ?",
        (template_id,),
    ).fetchone()
    questions = [
        (
            code,
            answer_type,
            text,
            help,
            required,
            stage,
            domain,
            json_column(choices),
            json_column(scoring),
        )
        for code, answer_type, text, help, required, stage, domain, choices, scoring in (
            conn.execute(
                "SELECT code, answer_type, text, help, required, stage, domain, choices, scoring"
                " FROM question WHERE template_id = ? AND deleted IS 0 ORDER BY position",
                (template_id,),
            )
        )
    ]
    return stored_definition(version, name, json_column(definition), questions)


def assessment_template(conn: sqlite3.Connection, version: str | None) -> TemplateDef | None:
    """What ``dxfield assessment template [--version V]`` lists: the newest template or the
    live one of ``version``; None where the ORM road refuses or loads a template first."""
    if version is None:
        template_id = newest_template_id(conn)
    else:
        stored = stored_templates(conn)
        template_id = stable_id("assessment_template", version)
        row = conn.execute(
            "SELECT deleted FROM assessment_template WHERE id = ?", (template_id,)
        ).fetchone()
        if stored is None or row is None or row[0]:
            return None
    return None if template_id is None else template_definition(conn, template_id)


@dataclass(frozen=True)
class SheetView:
    """What ``dxfield assessment show`` prints, read on either road."""

    town: dict[str, str]  # code, name
    year: int
    sheets: list[SheetScore]  # one, or the baseline and the evaluation
    responses: list[dict[str, Any]]  # as the JSON's "response(s)"
    questions: dict[str, str]  # code -> text, of the (last) response's template


def default_year(answered: list[tuple[int, str]], kind: str) -> int | None:
    """The newest year of ``(year, kind value)`` pairs with the response(s) ``kind`` asks
    for (``diff``: both), or None."""
    kinds_by_year: dict[int, set[str]] = {}
    for year, answered_kind in answered:
        kinds_by_year.setdefault(year, set()).add(answered_kind)
    wanted = {"baseline", "evaluation"} if kind == "diff" else {kind}
    return max((y for y, kinds in kinds_by_year.items() if wanted <= kinds), default=None)


def kinds_shown(kind: str) -> list[ResponseKind]:
    if kind == "diff":
        return [ResponseKind.BASELINE, ResponseKind.EVALUATION]
    return [ResponseKind(kind)]


def response_json(
    response_id: str, kind: str, answered_on: date | None, respondent: str, source: str
) -> dict[str, Any]:
    return {
        "id": response_id,
        "kind": kind,
        "answered_on": answered_on.isoformat() if answered_on else None,
        "respondent": respondent,
        "source": source,
    }


def sheet_view(
    conn: sqlite3.Connection, code_or_name: str, year: int | None, kind: str
) -> SheetView | None:
    """What ``dxfield assessment show CODE [--year Y] [--kind K]`` prints, or None where the
    ORM road refuses (it then says why)."""
    from .assessment.results import score

    if stored_templates(conn) is None:
        return None
    town_id = quickread.municipality_id(conn, code_or_name)
    if town_id is None:
        return None
    code, name = conn.execute(
        "SELECT code, name FROM municipality WHERE id = ?", (town_id,)
    ).fetchone()
    if not year:
        answered = conn.execute(
            "SELECT fiscal_year, kind FROM assessment_response"
            " WHERE deleted IS 0 AND municipality_id = ? ORDER BY fiscal_year",
            (town_id,),
        ).fetchall()
        year = default_year(answered, kind)
        if year is None:
            return None
    sheets, responses, template_id = [], [], None
    for wanted in kinds_shown(kind):
        row = conn.execute(
            "SELECT id, answered_on, respondent, source, template_id FROM assessment_response"
            " WHERE municipality_id = ? AND fiscal_year = ? AND kind = ? AND deleted IS 0",
            (town_id, year, wanted.value),
        ).fetchone()
        if row is None:
            return None
        response_id, answered_on, respondent, source, template_id = row
        answers = answers_by_code(conn, response_id)
        sheets.append(score(template_definition(conn, template_id), answers))
        on = date.fromisoformat(answered_on) if answered_on else None
        responses.append(response_json(response_id, wanted.value, on, respondent, source))
    defn = template_definition(conn, template_id)
    return SheetView(
        town={"code": code, "name": name},
        year=year,
        sheets=sheets,
        responses=responses,
        questions={q.code: q.text for q in defn.questions},
    )


def prefecture_summary(
    conn: sqlite3.Connection, fiscal_year: int, kind: ResponseKind
) -> PrefectureSummary | None:
    """``assessment.engine.prefecture_summary``: every live response of a year and kind,
    scored and summarised on the axes of their one template (else the newest); None when
    the full open would load a template first."""
    from .assessment.results import MunicipalityScore, score, summarize

    newest = newest_template_id(conn)
    if newest is None:
        return None
    rows = conn.execute(
        "SELECT r.id, r.template_id, m.id, m.code, m.name FROM assessment_response AS r"
        " JOIN municipality AS m ON m.id = r.municipality_id"
        " WHERE r.fiscal_year = ? AND r.kind = ? AND r.deleted IS 0",
        (fiscal_year, kind.value),
    ).fetchall()
    definitions: dict[str, TemplateDef] = {}
    for template_id in dict.fromkeys(row[1] for row in rows):
        definitions[template_id] = template_definition(conn, template_id)
    scores = [
        MunicipalityScore(
            municipality_id=town_id,
            code=code,
            name=name,
            score=score(definitions[template_id], answers_by_code(conn, response_id)),
        )
        for response_id, template_id, town_id, code, name in rows
    ]
    axis = next(iter(definitions.values())) if len(definitions) == 1 else None
    return summarize(axis or template_definition(conn, newest), fiscal_year, kind, scores)


def needs_overview(
    conn: sqlite3.Connection, fiscal_year: int, statuses: list[NeedStatus] | None
) -> NeedsOverview | None:
    """``needs.overview.needs_overview``: the year's needs by domain × theme beside the
    weakest assessment cells, built by ``needs.matrix`` from the same rows; None where the
    full open would load a template first."""
    from .needs.matrix import basis_from_counts, build_overview, wanted_statuses

    wanted = wanted_statuses(statuses)
    rows = quickread.needs(conn, year=fiscal_year, status=[s.value for s in wanted])
    domains = quickread.need_domains(conn)
    if rows is None or domains is None:
        return None
    counts = {
        (year, ResponseKind(kind)): n
        for year, kind, n in conn.execute(
            "SELECT fiscal_year, kind, count(*) FROM assessment_response"
            " WHERE deleted IS 0 AND fiscal_year <= ? GROUP BY fiscal_year, kind",
            (fiscal_year,),
        )
    }
    basis = basis_from_counts(counts, fiscal_year)
    summary = None
    if basis is not None:
        summary = prefecture_summary(conn, basis.fiscal_year, basis.kind)
        if summary is None:
            return None
    return build_overview(fiscal_year, wanted, rows, domains, basis, summary)
