"""Japanese full-text search: what a person typing into the search box sees."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise

import pytest
from sqlalchemy import bindparam, insert, update

from dxfield import search as search_module
from dxfield.db import open_database
from dxfield.masterdata import municipality_id
from dxfield.models import NoteKind, NoteSection
from dxfield.paths import database_path
from dxfield.search import normalise, search
from dxfield.services.visits import delete_visit, set_note_section
from dxfield.tracking import untracked
from tests import factories
from tests.core import search_data
from tests.rawstore import raw_connect

BODY = "来年度の予算要求に向けて、窓口のDX研修を検討。ｾｷｭﾘﾃｨ対策も課題。"


def refs(hits):
    return {(h.kind, h.ref_id) for h in hits}


@pytest.fixture
def note(session):
    visit = search_data.visit_with_notes(session, [BODY])
    (section,) = visit.sections
    return section


@pytest.mark.parametrize(
    "query",
    [
        "予算",
        "窓口",
        "研修",
        "DX",
        "課",
        "ｄｘ",
        "dx",
        "セキュリティ",
        "ｾｷｭﾘﾃｨ",
        "予算要求に向けて",
    ],
)
def test_short_words_and_other_widths_are_found(session, note, query):
    hits = search(session, query)
    assert refs(hits) == {("note", note.id)}


def test_terms_are_anded(session):
    both = search_data.visit_with_notes(session, ["予算と研修の話"], day=11)
    search_data.visit_with_notes(session, ["予算だけの話"], day=12)
    hits = search(session, "予算　研修")  # an ideographic space separates terms too
    assert [h.visit_id for h in hits] == [both.id]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "NEAR(",
        "OR",
        "AND",
        "NOT",
        "(",
        ")",
        "^",
        ":",
        '"予算',
        "予算 OR 研修",
        "NEAR(予算 研修)",
        "予算*",
        "-予算",
        "{予算}",
        "予算 AND",
        "''",
        "\\",
    ],
)
def test_hostile_input_is_just_text(session, note, query):
    expected = (
        {("note", note.id)}
        if all(t in normalise(BODY) for t in normalise(query).split())
        else set()
    )
    assert refs(search(session, query, limit=None)) == expected


@pytest.mark.parametrize("query", ["", "   ", "\u3000", "\n"])
def test_empty_query_finds_nothing(session, note, query):
    assert search(session, query) == []


def test_snippet_is_the_original_text_with_highlights(session, note):
    (hit,) = search(session, "セキュリティ 予算")
    assert hit.snippet == BODY
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["予算", "ｾｷｭﾘﾃｨ"]
    assert hit.title == "和歌山市 2025-06-10 全体相談・出席者" and not hit.internal


def test_long_text_snippet_is_a_window_around_the_match(session):
    body = "前置き。" * 60 + "ここで書かない窓口の話。" + "後書き。" * 60
    search_data.visit_with_notes(session, [body])
    (hit,) = search(session, "書かない窓口")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 100
    assert [hit.snippet[s:e] for s, e in hit.highlights] == ["書かない窓口"]


def test_more_mentions_rank_higher(session):
    once = search_data.visit_with_notes(session, ["予算の話。" + "その他の話題。" * 10], day=11)
    thrice = search_data.visit_with_notes(session, ["予算、予算、また予算。"], day=12)
    hits = search(session, "予算")
    assert [h.visit_id for h in hits] == [thrice.id, once.id]
    assert hits[0].score > hits[1].score


def test_limit_and_municipality_filter(session):
    for day in range(1, 6):
        search_data.visit_with_notes(session, [f"研修の日程調整 {day}"], day=day)
    kitayama = search_data.visit_with_notes(
        session, ["北山村でも研修"], town=factories.KITAYAMA, day=20
    )
    assert len(search(session, "研修", limit=3)) == 3
    assert len(search(session, "研修", limit=None)) == 6
    only = search(session, "研修", municipality_id=municipality_id(factories.KITAYAMA))
    assert [h.visit_id for h in only] == [kitayama.id]


def test_huge_results_still_return_every_match(session, monkeypatch):
    monkeypatch.setattr("dxfield.search.query.RANK_WINDOW", 3)
    for day in range(1, 11):
        search_data.visit_with_notes(session, ["課" * day], day=day)
    assert len(search(session, "課", limit=None)) == 10
    top = search(session, "課", limit=2)
    assert len(top) == 2 and all("課" in h.snippet for h in top)


def test_internal_sections_are_found_and_say_so(session):
    visit = search_data.visit_with_notes(session, ["担当課長は慎重"], internal=True)
    (hit,) = search(session, "慎重")
    assert hit.internal and hit.visit_id == visit.id
    assert "内部" in hit.title


def test_index_follows_edits_and_tombstones(session, note):
    set_note_section(session, note.visit_id, NoteKind.CURRENT_STATE, "テレワーク導入済み")
    session.flush()
    assert len(search(session, "テレワーク")) == 1
    set_note_section(session, note.visit_id, NoteKind.CURRENT_STATE, "ペーパーレス化が進行中")
    session.flush()
    assert search(session, "テレワーク") == []
    assert len(search(session, "ペーパーレス")) == 1
    note.deleted = True
    session.flush()
    assert search(session, "予算") == []
    set_note_section(session, note.visit_id, NoteKind.CURRENT_STATE, "")
    session.flush()
    assert search(session, "ペーパーレス") == []


def test_tombstoned_visit_hides_its_notes_and_action_items(session, note):
    search_data.action(session, note.visit, "研修資料を送付する")
    session.flush()
    assert {h.kind for h in search(session, "研修")} == {"note", "action_item"}
    delete_visit(session, note.visit_id)
    session.flush()
    assert search(session, "研修") == []


def test_action_items_are_found_and_tombstones_vanish(session):
    visit = factories.visit(session)
    item = search_data.action(session, visit, "オープンデータの公開手順を確認する")
    (hit,) = search(session, "公開手順")
    assert (hit.kind, hit.ref_id, hit.visit_id) == ("action_item", item.id, visit.id)
    item.deleted = True
    session.flush()
    assert search(session, "公開手順") == []


def test_free_text_answers_only(session):
    free, number = search_data.free_text_questions(session)
    response = search_data.response(session)
    text = search_data.answer(session, response, free, "情報担当が1名で兼務のため研修に出られない")
    search_data.answer(session, response, number, 1)
    (hit,) = search(session, "兼務")
    assert (hit.kind, hit.ref_id) == ("answer", text.id)
    assert hit.municipality_id == municipality_id(factories.KITAYAMA) and "FT-01" in hit.title
    assert refs(search(session, "1", limit=None)) == {("answer", text.id)}  # not the number
    response.deleted = True
    session.flush()
    assert search(session, "兼務") == []


def test_remote_changes_applied_untracked_are_indexed(session, note):
    with untracked(session):
        note.body = "同期で届いたガバメントクラウドの話"
    assert len(search(session, "ガバメントクラウド")) == 1
    assert search(session, "予算") == []


def test_rolled_back_edits_leave_the_index_alone(db):
    with db.session() as s:
        visit = search_data.visit_with_notes(s, [BODY])
    with pytest.raises(RuntimeError), db.session() as s:
        set_note_section(s, visit.id, NoteKind.ATTENDEES, "取り消される文章")
        s.flush()
        raise RuntimeError("the user cancelled")
    with db.read_session() as s:
        assert search(s, "取り消される") == []
        assert len(search(s, "予算")) == 1


def test_missing_or_outdated_index_is_rebuilt_on_open(db, data_dir, monkeypatch):
    with db.session() as s:
        search_data.visit_with_notes(s, [BODY])
    db.close()
    path = database_path(data_dir)
    with raw_connect(path) as raw:
        raw.execute("DROP TABLE search_fts")
    reopened = open_database(path)
    with reopened.read_session() as s:
        assert len(search(s, "窓口")) == 1
    reopened.close()
    monkeypatch.setattr("dxfield.search.index.INDEX_FORMAT", "next")
    reopened = open_database(path)
    with raw_connect(path) as raw:
        assert raw.execute("SELECT value FROM search_meta").fetchone() == ("next",)
    with reopened.read_session() as s:
        assert len(search(s, "窓口")) == 1
    reopened.close()


def test_index_tables_are_derived_data(db):
    assert search_module.is_index_table("search_fts_data")
    assert not search_module.is_index_table("note_section")


def test_bulk_core_writes_like_the_sync_are_indexed(session):
    """The sync applies pulled records with Core statements in bulk, not through the ORM."""
    visit = factories.visit(session)
    t = NoteSection.__table__
    now = datetime(2025, 6, 10)
    rows = [
        {
            "id": f"00000000-0000-4000-8000-00000000000{n}",
            "visit_id": visit.id,
            "kind": kind,
            "body": body,
            "internal": False,
            "created_at": now,
            "updated_at": now,
        }
        for n, (kind, body) in enumerate([("issues", "同期で届いた予算の話"), ("memo", "研修")])
    ]
    session.execute(insert(t), rows)
    assert len(search(session, "予算")) == 1
    session.connection().execute(
        update(t).where(t.c.id == bindparam("_id")).values(body=bindparam("body")),
        [{"_id": rows[0]["id"], "body": "同期で届いた窓口の話"}],
    )
    assert search(session, "予算") == [] and len(search(session, "窓口")) == 1
    session.execute(update(t).where(t.c.visit_id == visit.id).values(deleted=True))
    assert search(session, "窓口") == [] and search(session, "研修") == []
    session.execute(
        insert(t).values(
            id="00000000-0000-4000-8000-000000000009",
            visit_id=visit.id,
            kind="requests",
            body="値で書いた要望",
            internal=False,
            created_at=now,
            updated_at=now,
        )
    )
    assert len(search(session, "要望")) == 1


def test_edits_go_through_when_the_index_was_dropped_behind_our_back(db, data_dir):
    with db.session() as s:
        visit = search_data.visit_with_notes(s, [BODY])
    with raw_connect(database_path(data_dir)) as raw:
        for name in ("search_fts", "search_doc", "search_meta"):
            raw.execute(f"DROP TABLE {name}")
    with db.session() as s:
        set_note_section(s, visit.id, NoteKind.MEMO, "オープンデータの公開")
    with db.session() as s:
        assert len(search(s, "オープンデータ")) == 1  # rebuilt on first use


def _tokens_as_documented(normalised: str) -> str:
    """The index encoding spelled out: per run, its bigrams and then its last character."""
    from dxfield.search.text import _code

    parts: list[str] = []
    for run in normalised.split():
        codes = [_code(ch) for ch in run]
        parts += [a + b for a, b in pairwise(codes)] + [codes[-1]]
    return " ".join(parts)


def test_index_tokens_follow_the_documented_encoding():
    import random

    from dxfield.search.text import tokens

    rnd = random.Random(16)
    alphabet = "ab 　\t\n\u2028\xa0ｶﾞガ研修予算\u3099😀\U0010ffff\x00x"
    texts = [
        "",
        " ",
        "a",
        "研",
        "研修",
        "予算 研修　窓口\n",
        "第1回の面談メモ。\n紙の申請書が多い。",
    ]
    for _ in range(3000):
        texts.append("".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))))
    for _ in range(500):
        texts.append("".join(chr(rnd.randint(1, 0xD7FF)) for _ in range(rnd.randint(1, 9))))
    for text in texts:
        for value in (text, normalise(text)):
            assert tokens(value) == _tokens_as_documented(value), repr(value)


# Each parent's documents asked for one parent at a time (how the index's hooks used to).
_ONE_PARENT = {
    "visit": (
        ("note", "SELECT id FROM note_section WHERE visit_id = ?"),
        ("action_item", "SELECT id FROM action_item WHERE visit_id = ?"),
    ),
    "assessment_response": (("answer", "SELECT id FROM answer WHERE response_id = ?"),),
    "question": (("answer", "SELECT id FROM answer WHERE question_id = ?"),),
    "training_municipality": (
        ("training", "SELECT training_id FROM training_municipality WHERE id = ?"),
    ),
    "training": (
        (
            "survey_answer",
            "SELECT x.id FROM survey_answer x JOIN survey_response r ON r.id = x.response_id"
            " WHERE r.training_id = ?",
        ),
    ),
    "survey_response": (("survey_answer", "SELECT id FROM survey_answer WHERE response_id = ?"),),
    "survey_item": (("survey_answer", "SELECT id FROM survey_answer WHERE item_id = ?"),),
}


def test_documents_of_many_rows_come_in_the_order_of_one_row_at_a_time(db, monkeypatch):
    """The documents a batch of writes refreshes, in the order the index numbers them (a
    search ranks ties by that number): as if each row had been asked for alone."""
    from datetime import date

    from dxfield.demo import install_demo
    from dxfield.search import index

    with db.session() as s:
        install_demo(s, today=date(2026, 7, 15))
    monkeypatch.setattr(index, "_BATCH", 7)  # several batches, parents split across them
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for table, queries in _ONE_PARENT.items():
            ids = [r[0] for r in raw.execute(f"SELECT id FROM {table} ORDER BY random()")]
            asked = [*ids, *ids[:3]]  # a row written twice is refreshed once
            expected = []
            for row_id in dict.fromkeys(asked):
                if index._WATCHED[table] is not None:
                    expected.append((index._WATCHED[table], row_id))
                for kind, sql in queries:
                    expected += [(kind, ref) for (ref,) in raw.execute(sql, (row_id,))]
            got = index._docs(raw, table, asked)
            assert got == expected, table
            assert any(kind != index._WATCHED[table] for kind, _ in got), table
