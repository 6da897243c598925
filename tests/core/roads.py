"""Shared by the tests that hold a quick (stdlib ``sqlite3``) listing to its ORM twin: the
stores they compare on and the check that the command prints the same on either road."""

from __future__ import annotations

from datetime import date

from dxfield import quickread
from ui.main import main

TODAY = "2025-09-15"
STORES = ["demo", "ten_years"]


def build_store(folder, kind: str):
    """An open store in ``folder``: the demo as of ``TODAY``, or ten programme years."""
    from dxfield.db import open_database
    from dxfield.demo import generate_large, install_demo
    from dxfield.masterdata import ensure_master_data

    db = open_database(folder / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
        if kind == "demo":
            install_demo(s, today=date.fromisoformat(TODAY))
        else:
            generate_large(s, years=10, seed=1)
    return db


def add_year_trainings(db) -> None:
    """Each year's demo trainings and surveys, as held by the year's end (the ten-year data
    has none of its own)."""
    from sqlalchemy import select

    from dxfield.demo.trainings import ensure_trainings
    from dxfield.models import Municipality, Visit

    with db.session() as s:
        towns = sorted(
            s.scalars(select(Municipality).where(Municipality.deleted.is_(False))),
            key=lambda t: t.code,
        )
        for year in sorted(s.scalars(select(Visit.fiscal_year).distinct())):
            ensure_trainings(s, year, towns, date(year + 1, 3, 31))


def recording(read, answers: list):
    """``read`` (``quickread.read_current``) that also appends each answer to ``answers``."""

    def recorded(path, query):
        answers.append(read(path, query))
        return answers[-1]

    return recorded


def assert_same_on_either_road(db, commands, capsys, monkeypatch) -> None:
    """Each command is answered by the quick road, prints something, and prints the same
    with the quick road switched off."""
    read = quickread.read_current
    for args in commands:
        argv = ["--data-dir", str(db.path.parent), *args]
        answers = []
        with monkeypatch.context() as patch:
            patch.setattr(quickread, "read_current", recording(read, answers))
            assert main(argv) == 0
        assert answers and answers[0] is not None, args  # the quick road answered
        quick_out = capsys.readouterr().out
        with monkeypatch.context() as patch:
            patch.setattr(quickread, "read_current", lambda path, query: None)
            assert main(argv) == 0
        assert capsys.readouterr().out == quick_out, args
        assert quick_out.strip(), args


def outcome(argv, capsys) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_same_outcome(db, commands, capsys, monkeypatch) -> list:
    """Each command ends alike with the quick road on and off: exit code, standard output
    and standard error (refusals included). Returns what the quick road answered for each
    (None where it left the command to the full road)."""
    read = quickread.read_current
    answered = []
    for args in commands:
        argv = ["--data-dir", str(db.path.parent), *args]
        answers = []
        with monkeypatch.context() as patch:
            patch.setattr(quickread, "read_current", recording(read, answers))
            quick = outcome(argv, capsys)
        with monkeypatch.context() as patch:
            patch.setattr(quickread, "read_current", lambda path, query: None)
            assert outcome(argv, capsys) == quick, args
        answered.append(answers[0] if answers else None)
    return answered
