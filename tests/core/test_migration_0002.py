"""Migration 0002 (trainings, surveys, needs, proposal drafts) on a store written by 0001."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dxfield import migrations
from dxfield.assessment.template import ensure_templates
from dxfield.db import open_database
from dxfield.masterdata import ensure_master_data, ensure_municipalities
from dxfield.models import NoteKind, PendingChange, Training, Visit
from dxfield.search import search
from dxfield.services.visits import set_note_section
from tests import factories
from tests.io import stores
from tests.rawstore import raw_connect


def _store_at_0001(path):
    """A store as dxfield with schema 0001 left it: master data, a visit with notes, and
    the edits still waiting to be pushed."""

    def fill(s):
        ensure_municipalities(s)
        ensure_templates(s)
        visit = factories.visit(s, agenda="全体相談：研修の進め方")
        set_note_section(s, visit.id, NoteKind.REQUESTS, "職員向けの入門研修を開いてほしい\n")
        return visit.id

    return stores.older_store(path, "0001", fill)


def test_a_0001_store_keeps_its_records_and_gains_the_new_tables(tmp_path):
    path = tmp_path / "dxfield.sqlite3"
    visit_id = _store_at_0001(path)
    with raw_connect(path) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        pending_before = raw.execute("SELECT count(*) FROM pending_change").fetchone()[0]
        assert not raw.execute("SELECT 1 FROM sqlite_master WHERE name = 'training'").fetchone()

    db = open_database(path)
    try:
        with raw_connect(path) as raw:
            assert (
                raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
                == migrations.HEAD
            )
        assert list((tmp_path / "backups").glob("dxfield-pre-0001-*.sqlite3"))
        with db.session() as s:
            ensure_master_data(s)  # loads the survey template into the new tables
            # Nothing of 0001 was lost, and the unpushed edits are still queued.
            assert s.get(Visit, visit_id).agenda == "全体相談：研修の進め方"
            assert s.scalar(select(func.count()).select_from(PendingChange)) == pending_before
            # The search index was rebuilt in its new format and still finds the old note.
            [hit] = search(s, "入門研修")
            assert hit.kind == "note" and hit.visit_id == visit_id
            training = factories.training(s, visit_id=visit_id, content="自治体DXマインド\n")
        with db.read_session() as s:
            assert s.get(Training, training.id).visit.agenda == "全体相談：研修の進め方"
            assert {h.kind for h in search(s, "DXマインド")} == {"training"}
            # The new record waits for the push like any local edit.
            assert s.get(PendingChange, ("training", training.id)) is not None
    finally:
        db.close()


SHOWN = [
    ["search", "研修", "--json"],
    ["needs", "lines", "--visit", "{visit}", "--json"],
    ["needs", "overview", "--year", "2025", "--json"],
    ["assessment", "template", "--json"],
    ["survey", "results", "--year", "2025", "--json"],
]


@pytest.mark.parametrize("command", SHOWN, ids=lambda c: " ".join(c[:2]))
def test_a_0001_store_is_migrated_by_a_command_that_shows_data_as_before(
    tmp_path, command, capsys, monkeypatch
):
    """The stdlib road does not read a store that needs a migration: the full road
    migrates it (a backup first) and answers; from then on the quick road answers alike."""
    from dxfield import quickread
    from tests.core.roads import recording
    from ui.main import main

    path = tmp_path / "dxfield.sqlite3"
    visit_id = _store_at_0001(path)
    argv = ["--data-dir", str(tmp_path), *(a.format(visit=visit_id) for a in command)]
    answers: list = []
    with monkeypatch.context() as patch:
        patch.setattr(quickread, "read_current", recording(quickread.read_current, answers))
        assert main(argv) == 0
        full = capsys.readouterr().out
        assert answers[0] is None  # left to the full road
        assert list((tmp_path / "backups").glob("dxfield-pre-0001-*.sqlite3"))
        assert main(argv) == 0
        assert answers[1] is not None  # now up to date: the quick road answers
    assert capsys.readouterr().out == full
    if (command[0] in ("search", "needs") and "lines" in command) or command[0] == "search":
        assert "入門研修" in full
