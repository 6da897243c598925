"""Why a record waits aside: stored as a message code with its parameters, said in the
reader's language; the Japanese words are those the view showed before reasons had codes,
and rows stored as text then still show that text."""

from __future__ import annotations

import pytest

from dxfield.messages import as_json, from_json, msg
from dxfield.models import SyncConflict
from sync import conflicts, schema
from sync.apply import UNSENDABLE, SetAside, apply_records

# The Japanese text each reason had before it had a code, as the conflicts view showed it.
OLD_RULES = {
    "type": "値の型が正しくありません",
    "null": "値が空です",
    "enum": "選択肢にない値です",
    "range": "値が範囲外です",
    "length": "文字数が多すぎます",
    "control": "制御文字が含まれています",
    "date": "日付の形式が正しくありません",
    "datetime": "日時の形式が正しくありません",
    "id": "IDの形式が正しくありません",
    "finite": "数値が不正です（NaN・無限大）",
    "json": "データの構造が深すぎるか大きすぎます",
    "unknown_field": "この版の dxfield が知らない項目です",
    "unknown_table": "この版の dxfield が知らない種類のデータです",
    "shape": "レコードの形式が正しくありません",
    "reference": "参照先のデータがありません",
}
# The server's 422 words, which older laptops and scripts read.
OLD_ENGLISH = {
    "type": "wrong type",
    "null": "must not be null",
    "enum": "not one of the allowed values",
    "range": "out of range",
    "length": "too long",
    "control": "contains control characters",
    "date": "not an ISO date (YYYY-MM-DD)",
    "datetime": "not an ISO date and time",
    "id": "not a record id",
    "finite": "not a finite number",
    "json": "nested too deep or too large",
    "unknown_field": "unknown field",
    "unknown_table": "unknown table",
    "shape": "not a record",
    "reference": "refers to a record the server does not have",
}
HELD = "サーバーに送信できません（{reason}）。値を直すと次回の同期で送信します"


def test_every_schema_reason_says_what_it_said_before():
    assert set(OLD_RULES) == set(OLD_ENGLISH) == schema.REASONS
    for code, words in OLD_RULES.items():
        assert schema.Problem("", code).japanese == words
        assert schema.Problem("phase", code).japanese == f"phase: {words}"
        assert schema.Problem("Bad Name!", code).japanese == f"Bad Name!: {words}"
        assert schema.Problem("phase", code).english == f"phase: {OLD_ENGLISH[code]}"
        assert schema.Problem("Bad Name!", code).english == OLD_ENGLISH[code]
        assert schema.Problem("phase", code).said.text("en") != f"phase: {words}"


@pytest.mark.parametrize(
    ("said", "before"),
    [
        (
            msg("aside.read_failed", error="ValueError"),
            "この版の dxfield では読み取れない値です（ValueError）",
        ),
        (
            msg("aside.missing_parent", parent="visit"),
            "参照先の visit が受け取れなかったため保留しました",
        ),
        (
            msg("aside.not_storable", rule="UNIQUE constraint failed: answer.id"),
            "この端末の規則（重複・整合性）に合わないため保留しました"
            "（UNIQUE constraint failed: answer.id）",
        ),
        (
            msg("aside.unsendable", reason=schema.rule_message("length", "location")),
            HELD.format(reason="location: 文字数が多すぎます"),
        ),
        (
            msg("aside.unsendable", reason=schema.rule_message("a newer rule", "")),
            HELD.format(reason="サーバーの規則に合いません"),
        ),
    ],
)
def test_a_stored_reason_reads_as_before_in_japanese_and_in_english_too(db, said, before):
    with db.session() as s:
        SetAside(s).add({"t": "visit", "id": "v1", "d": {}}, "", said, UNSENDABLE)
    with db.read_session() as s:
        (listed,) = conflicts.open_conflicts(s)
        stored = s.query(SyncConflict).one().merged_value
    assert stored == {"problem": as_json(said)}
    assert listed.reason == said
    assert listed.reason_text() == listed.reason_text("ja") == before
    english = listed.reason_text("en")
    assert english == said.text("en") and english != before


def test_a_pulled_record_without_its_parent_says_which_parent(db):
    orphan = {
        "t": "note_section",
        "id": "n-orphan",
        "v": 1,
        "d": {"visit_id": "no-such-visit", "kind": "issues", "body": "x"},
    }
    with db.session() as s:
        assert apply_records(s, [orphan], careful=True).set_aside == 1
    with db.read_session() as s:
        (listed,) = conflicts.open_conflicts(s)
    assert listed.reason_text() == "参照先の visit が受け取れなかったため保留しました"
    assert listed.reason_text("en") == "held back: the visit it refers to was not received"


def test_a_row_stored_as_text_before_reasons_had_codes_shows_that_text(db):
    old = "phase: 選択肢にない値です"
    with db.session() as s:
        s.add(
            SyncConflict(
                kind="set_aside",
                table_name="visit",
                row_id="v-old",
                field="phase",
                merged_value={"problem": old},
            )
        )
    with db.read_session() as s:
        (listed,) = conflicts.open_conflicts(s)
    assert listed.reason_text("ja") == listed.reason_text("en") == old


def test_a_stored_message_this_version_cannot_say_is_not_taken_for_one():
    assert from_json({"key": "aside.no_such_reason", "params": {}}) is None
    assert from_json({"key": "aside.missing_parent", "params": {}}) is None  # {parent} gone
    assert from_json({"key": "aside.unsendable", "params": {"reason": {"key": "x"}}}) is None
    said = msg("aside.unsendable", reason=schema.rule_message("null", "agenda"))
    assert from_json(as_json(said)) == said
