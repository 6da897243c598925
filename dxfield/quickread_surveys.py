"""``dxfield survey show`` and ``survey results`` read straight from an up-to-date store with
the stdlib ``sqlite3``, through ``quickread.read_current``.

Only the rows are read here, as ``dxfield.surveys.results`` reads them through the ORM (the
same filters, the same order); the counting is ``surveys.tally``'s and the definitions are
built by ``surveys.definition.stored_survey`` on both roads. Every function gives None where
the ORM road would refuse (a training that is not there, an unknown municipality, no survey
template loaded) or where the full open would first load a shipped survey template.
``tests/core/test_quickread_surveys.py`` holds both roads to the same output.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import quickread
from .driver import sqlite3
from .enums import TrainingKind, VisitStatus
from .errors import NotFoundError
from .quickread import json_column
from .surveys.definition import SurveyDef, stored_survey
from .surveys.ids import SURVEY_DIR
from .surveys.tally import CHUNK, SurveyResults, of_town, tally, year_scope
from .templatefiles import templates_dir, version_key


@dataclass(frozen=True)
class TownLink:
    """A live link of a training to a municipality (``TrainingMunicipality``)."""

    municipality_id: str
    leaders: int | None
    staff: int | None
    deleted: bool = False


@dataclass(frozen=True)
class TrainingRow:
    """What the results read of a ``Training``."""

    id: str
    kind: TrainingKind
    title: str
    starts_at: datetime
    prefecture_attendees: int | None
    survey_template_id: str | None
    municipalities: list[TownLink]


@dataclass(frozen=True)
class ResponseRow:
    """What the results read of a ``SurveyResponse``."""

    id: str
    training_id: str
    template_id: str
    municipality_id: str | None
    submitted_at: datetime | None


def _marks(ids: list[str]) -> str:
    return ",".join("?" * len(ids))


def _chunks(ids: list[str]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def surveys_loaded(conn: sqlite3.Connection) -> bool:
    """Whether every shipped survey version is stored (else the full open loads it first)."""
    import json

    stored = {v for (v,) in conn.execute("SELECT template_version FROM survey_template")}
    for path in (templates_dir() / SURVEY_DIR).glob("*.json"):
        with path.open(encoding="utf-8") as fh:
            if json.load(fh).get("template_version") not in stored:
                return False
    return True


def _trainings(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[TrainingRow]:
    rows = conn.execute(
        "SELECT id, kind, title, starts_at, prefecture_attendees, survey_template_id"
        f" FROM training WHERE deleted IS 0 AND {where} ORDER BY starts_at, id",
        params,
    ).fetchall()
    links: dict[str, list[TownLink]] = {row[0]: [] for row in rows}
    for chunk in _chunks(list(links)):
        for training_id, *link in conn.execute(
            "SELECT training_id, municipality_id, leaders, staff FROM training_municipality"
            f" WHERE deleted IS 0 AND training_id IN ({_marks(chunk)})",
            chunk,
        ):
            links[training_id].append(TownLink(*link))
    return [
        TrainingRow(
            id=training_id,
            kind=TrainingKind(kind),
            title=title,
            starts_at=datetime.fromisoformat(starts_at),
            prefecture_attendees=prefecture,
            survey_template_id=template_id,
            municipalities=links[training_id],
        )
        for training_id, kind, title, starts_at, prefecture, template_id in rows
    ]


def _held(conn: sqlite3.Connection, year: int, kind: TrainingKind | None) -> list[TrainingRow]:
    """The year's trainings not cancelled (of one kind), as ``results._trainings``."""
    where, params = "status != ? AND fiscal_year = ?", [VisitStatus.CANCELLED.value, year]
    if kind is not None:
        where += " AND kind = ?"
        params.append(kind.value)
    return _trainings(conn, where, params)


def _responses(
    conn: sqlite3.Connection, trainings: list[TrainingRow], municipality_id: str | None
) -> list[ResponseRow]:
    found = []
    for chunk in _chunks([t.id for t in trainings]):
        sql = (
            "SELECT id, training_id, template_id, municipality_id, submitted_at"
            f" FROM survey_response WHERE training_id IN ({_marks(chunk)}) AND deleted IS 0"
        )
        params = list(chunk)
        if municipality_id is not None:
            sql += " AND municipality_id = ?"
            params.append(municipality_id)
        for response_id, training_id, template_id, town_id, submitted in conn.execute(sql, params):
            at = datetime.fromisoformat(submitted) if submitted else None
            found.append(ResponseRow(response_id, training_id, template_id, town_id, at))
    return sorted(found, key=lambda r: (r.submitted_at or datetime.min, r.id))


def _answers(conn: sqlite3.Connection, responses: list[ResponseRow]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {r.id: {} for r in responses}
    for chunk in _chunks(list(out)):
        for response_id, item_id, value in conn.execute(
            "SELECT response_id, item_id, value FROM survey_answer"
            f" WHERE response_id IN ({_marks(chunk)}) AND deleted IS 0",
            chunk,
        ):
            value = json_column(value)
            if value is not None:
                out[response_id][item_id] = value
    return out


def survey_definition(conn: sqlite3.Connection, template_id: str) -> SurveyDef:
    """``surveys.template.survey_definition`` of the stored template ``template_id``."""
    version, name, definition = conn.execute(
        "SELECT template_version, name, definition FROM survey_template WHERE id = ?",
        (template_id,),
    ).fetchone()
    items = [
        (code, item_type, text, headline, required, json_column(choices))
        for code, item_type, text, headline, required, choices in conn.execute(
            "SELECT code, item_type, text, headline, required, choices FROM survey_item"
            " WHERE template_id = ? AND deleted IS 0 ORDER BY position",
            (template_id,),
        )
    ]
    return stored_survey(version, name, json_column(definition), items)


def survey_for(conn: sqlite3.Connection, training: TrainingRow) -> SurveyDef:
    """``surveys.template.survey_template_for``'s survey: the training's own choice, else
    the newest template meant for its kind, else the newest of all."""
    if training.survey_template_id:
        row = conn.execute(
            "SELECT deleted FROM survey_template WHERE id = ?", (training.survey_template_id,)
        ).fetchone()
        if row is not None and not row[0]:
            return survey_definition(conn, training.survey_template_id)
    live = sorted(
        conn.execute(
            "SELECT id, template_version, definition FROM survey_template WHERE deleted IS 0"
        ).fetchall(),
        key=lambda row: version_key(row[1]),
    )
    if not live:
        raise NotFoundError("no survey template is loaded")  # the ORM road says so
    for template_id, _version, definition in reversed(live):
        if training.kind.value in json_column(definition).get("default_for", []):
            return survey_definition(conn, template_id)
    return survey_definition(conn, live[-1][0])


def _town_names(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    names: dict[str, str] = {}
    for chunk in _chunks(sorted(ids)):
        names.update(
            conn.execute(f"SELECT id, name FROM municipality WHERE id IN ({_marks(chunk)})", chunk)
        )
    return names


def aggregate(
    conn: sqlite3.Connection,
    scope: str,
    trainings: list[TrainingRow],
    municipality_id: str | None = None,
) -> SurveyResults:
    """``surveys.results.aggregate`` on rows read with the stdlib."""
    responses = _responses(conn, trainings, municipality_id)
    answers = _answers(conn, responses)
    defs = {t: survey_definition(conn, t) for t in {r.template_id for r in responses}}
    towns = _town_names(conn, {r.municipality_id for r in responses if r.municipality_id})
    return tally(
        scope,
        trainings,
        responses,
        answers,
        defs,
        lambda: survey_for(conn, trainings[0]) if trainings else None,
        towns,
        municipality_id,
    )


def results_for_training(conn: sqlite3.Connection, training_id: str) -> SurveyResults | None:
    """``dxfield survey show``: one live training's results (cancelled ones too)."""
    from .trainingsummary import training_label

    if not surveys_loaded(conn):
        return None
    found = _trainings(conn, "id = ?", [training_id])
    if not found:
        return None
    return aggregate(conn, training_label(found[0]), found)


def results_for_year(
    conn: sqlite3.Connection,
    year: int,
    *,
    kind: TrainingKind | None = None,
    municipality_id: str | None = None,
) -> SurveyResults:
    """``surveys.results.results_for_year``: the year's trainings (of one kind), all
    respondents (of one municipality)."""
    trainings = _held(conn, year, kind)
    town = None
    if municipality_id is not None:
        answered = set()
        for chunk in _chunks([t.id for t in trainings]):
            answered.update(
                training_id
                for (training_id,) in conn.execute(
                    f"SELECT training_id FROM survey_response WHERE training_id IN"
                    f" ({_marks(chunk)}) AND municipality_id = ? AND deleted IS 0",
                    [*chunk, municipality_id],
                )
            )
        trainings = of_town(trainings, municipality_id, answered)
        found = conn.execute(
            "SELECT name FROM municipality WHERE id = ?", (municipality_id,)
        ).fetchone()
        town = found[0] if found else municipality_id
    return aggregate(conn, year_scope(year, kind, town), trainings, municipality_id)


def results(
    conn: sqlite3.Connection,
    year: int,
    by: str | None,
    kind: TrainingKind | None,
    municipality: str | None,
) -> dict[str, SurveyResults] | None:
    """What ``dxfield survey results`` prints, keyed as it keys it (``""`` for one result),
    or None where the ORM road refuses or loads a survey template first."""
    if not surveys_loaded(conn):
        return None
    if by == "kind":
        held = {t.kind for t in _held(conn, year, None)}
        kinds = sorted(held, key=list(TrainingKind).index)
        return {k.value: results_for_year(conn, year, kind=k) for k in kinds}
    if by == "municipality":
        ids = {r.municipality_id for r in _responses(conn, _held(conn, year, None), None)}
        ids.discard(None)
        towns = []
        for chunk in _chunks(sorted(ids)):
            towns += conn.execute(
                f"SELECT id, name, code FROM municipality WHERE id IN ({_marks(chunk)})", chunk
            ).fetchall()
        towns.sort(key=lambda town: town[2])
        return {name: results_for_year(conn, year, municipality_id=i) for i, name, _c in towns}
    town_id = None
    if municipality:
        town_id = quickread.municipality_id(conn, municipality)
        if town_id is None:
            return None
    return {"": results_for_year(conn, year, kind=kind, municipality_id=town_id)}
