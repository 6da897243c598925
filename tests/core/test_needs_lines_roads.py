"""``dxfield needs lines`` read with the stdlib (``dxfield.quickread_sources``) prints exactly
what the services print: the lines of visits' 要望 notes, of every municipality's free-text
assessment answers (each kind, with and without a year) and of trainings' survey comments,
registered or not, text and JSON, on the demo and on ten programme years; refusals (a
visit, a training or a response that is not there, an unknown town) are left to the
services, which say why as before."""

from __future__ import annotations

import pytest

from tests.core.roads import STORES, assert_same_outcome, build_store


@pytest.fixture(scope="module", params=STORES)
def store(request, tmp_path_factory):
    from sqlalchemy import select

    from dxfield.enums import NeedSource
    from dxfield.models import Municipality, Need, NoteSection, Training, Visit
    from dxfield.services import need_sources

    db = build_store(tmp_path_factory.mktemp(request.param), request.param)
    with db.session() as s:
        visits = list(s.scalars(select(Visit.id).order_by(Visit.starts_at).limit(400)))
        trainings = list(s.scalars(select(Training.id).order_by(Training.starts_at)))
        towns = list(s.scalars(select(Municipality.code).order_by(Municipality.code)))
        # A registered line, and one whose need was deleted (no longer registered).
        with_notes = s.scalars(
            select(NoteSection.visit_id).where(NoteSection.kind == "requests").limit(2)
        ).all()
        for visit_id, deleted in zip(with_notes, (False, True), strict=False):
            lines = need_sources.note_lines(s, visit_id)
            if lines:
                result = need_sources.promote(
                    s, NeedSource.VISIT_NOTE, lines[0].source_id, lines[0].line
                )
                s.get(Need, result.need_id).deleted = deleted
    yield db, [*with_notes, *visits], trainings, towns
    db.close()


def test_lines_print_the_same_on_either_road(store, capsys, monkeypatch):
    db, visits, trainings, towns = store
    # The visits with a promoted line come first.
    commands = [["needs", "lines", "--visit", v] for v in [*visits[:2], *visits[2::4]]]
    commands += [["needs", "lines", "--visit", v, "--json"] for v in visits[1::40]]
    commands += [["needs", "lines", "--training", t, "--json"] for t in trainings[:30]]
    commands += [["needs", "lines", "--training", t] for t in trainings[30:60]]
    for code in towns:
        commands += [
            ["needs", "lines", "--assessment", code],
            ["needs", "lines", "--assessment", code, "--kind", "evaluation", "--json"],
        ]
    answered = assert_same_outcome(db, commands, capsys, monkeypatch)
    shown = [a for a in answered if a]
    assert len(shown) > 20
    assert any(line.registered for lines in shown for line in lines)
    assert any(not line.registered for lines in shown for line in lines)


def test_refusals_are_the_services(store, capsys, monkeypatch):
    db, _visits, _trainings, towns = store
    answered = assert_same_outcome(
        db,
        [
            ["needs", "lines", "--visit", "no-such-visit"],
            ["needs", "lines", "--training", "no-such-training", "--json"],
            ["needs", "lines", "--assessment", "存在しない村"],
            ["needs", "lines", "--assessment", "99999x"],
            ["needs", "lines", "--assessment", towns[0], "--year", "2001"],
        ],
        capsys,
        monkeypatch,
    )
    assert answered == [None] * 5
