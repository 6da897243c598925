"""``dxfield search`` read with the stdlib (``search.search_current`` through
``dxfield.quickread``) prints exactly what the full road (``search.search`` in a read
session) prints: the same hits in the same order with the same snippets, text and JSON, for
every flag, on the demo and on ten programme years, on an empty store, and for Japanese
queries of every length and width; an unknown municipality and an outdated index are left to
the full road, which refuses or rebuilds as before."""

from __future__ import annotations

import json

import pytest

from dxfield import quickread
from dxfield.search import search_current
from tests.core.roads import STORES, assert_same_outcome, build_store

QUERIES = [
    "研修",
    "予算 DX",
    "ｾｷｭﾘﾃｨ",
    "窓口",
    "課",
    "ｄｘ",
    "-DX",
    "存在しない語句の並び",
    "",
    '"',
    "NEAR(",
]


@pytest.fixture(scope="module", params=STORES)
def store(request, tmp_path_factory):
    from sqlalchemy import select

    from dxfield.models import Municipality, Visit

    db = build_store(tmp_path_factory.mktemp(request.param), request.param)
    with db.read_session() as s:
        visited = s.scalar(select(Visit.municipality_id).limit(1))
        town = s.get(Municipality, visited)
        names = (town.code, town.name)
    yield db, *names
    db.close()


def _commands(code: str, name: str) -> list[list[str]]:
    commands = []
    for query in QUERIES:
        commands += [["search", query], ["search", query, "--json"]]
    for flags in (
        ["--limit", "1"],
        ["--limit", "500"],
        ["--limit", "10000", "--json"],
        ["--municipality", code],
        ["--municipality", name, "--json"],
        ["--municipality", code, "--limit", "3"],
    ):
        commands += [["search", "研修", *flags], ["search", "DX", *flags]]
    return commands


def test_search_prints_the_same_on_either_road(store, capsys, monkeypatch):
    db, code, name = store
    answered = assert_same_outcome(db, _commands(code, name), capsys, monkeypatch)
    assert all(a is not None for a in answered)  # the quick road answered every one
    assert any(len(a) >= 20 for a in answered)


def test_the_hits_are_the_full_roads_hits(store):
    from dxfield.search import search

    db, _code, _name = store
    with db.read_session() as s:
        full = search(s, "研修", limit=None)
    quick = quickread.read_current(db.path, lambda conn: search_current(conn, "研修", limit=None))
    assert quick == full and len(full) > 20


def test_an_unknown_municipality_is_refused_by_the_full_road(store, capsys, monkeypatch):
    db, *_ = store
    [answer] = assert_same_outcome(
        db, [["search", "研修", "--municipality", "存在しない村"]], capsys, monkeypatch
    )
    assert answer is None
    argv = ["--data-dir", str(db.path.parent), "search", "研修", "--municipality", "存在しない村"]
    from ui.main import main

    assert main(argv) == 2
    assert "存在しない村" in capsys.readouterr().err


def test_an_empty_store_finds_nothing_either_way(db, capsys, monkeypatch):
    answered = assert_same_outcome(
        db, [["search", "研修"], ["search", "研修", "--json"]], capsys, monkeypatch
    )
    assert answered == [[], []]


def test_an_outdated_index_is_rebuilt_by_the_full_road(db, capsys, monkeypatch):
    from dxfield.enums import NoteKind
    from dxfield.services.visits import set_note_section
    from tests import factories
    from tests.rawstore import raw_connect

    with db.session() as s:
        visit = factories.visit(s)
        set_note_section(s, visit.id, NoteKind.REQUESTS, "窓口のDX研修を来年度に")
    db.close()
    with raw_connect(db.path) as raw:
        raw.execute("UPDATE search_meta SET value = 'old' WHERE key = 'format'")
    assert quickread.read_current(db.path, lambda conn: search_current(conn, "窓口")) is None
    from ui.main import main

    assert main(["--data-dir", str(db.path.parent), "search", "窓口", "--json"]) == 0
    [hit] = json.loads(capsys.readouterr().out)
    assert hit["kind"] == "note"
    # Rebuilt by that open: from now on the quick road answers, alike.
    [answer] = assert_same_outcome(db, [["search", "窓口", "--json"]], capsys, monkeypatch)
    assert [h.ref_id for h in answer] == [hit["ref_id"]]
