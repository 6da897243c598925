"""A sync failure says what happened from the one message catalog, in Japanese or English."""

from __future__ import annotations

from sync.errors import SyncError


def test_a_kind_says_its_sentence_and_adds_a_detail_only_when_there_is_one():
    assert SyncError("server_down").user_message == (
        "サーバーに接続できません（オフラインの可能性があります）"
    )
    assert SyncError("server_down").text("en") == "cannot reach the server (you may be offline)"
    detail = SyncError("server_error", "HTTP 502")
    assert detail.user_message == "サーバーでエラーが発生しました: HTTP 502"
    assert detail.text("en") == "the server had an error: HTTP 502"
    assert SyncError("no_such_kind").user_message == "同期に失敗しました: no_such_kind"


def test_a_held_mass_delete_names_the_table_and_counts_in_both_languages():
    error = SyncError("mass_delete", details={"table": "visit", "deletes": 60, "live": 60})
    assert error.deletes_text == "訪問・面談 60 件（60 件中）を削除"
    assert error.user_message == (
        "一度に多くの記録を削除しようとしているため、同期を保留しました: "
        "訪問・面談 60 件（60 件中）を削除。削除してよければ確認のうえ同期し直してください"
    )
    assert error.deletes_in("en") == "delete 60 of 60 訪問・面談"
    assert SyncError("mass_delete").deletes_text == "多数の記録を削除"


def test_an_exceeded_quota_gives_the_figures():
    mb = 1024 * 1024
    figures = {
        "records": 120,
        "bytes": int(1.2 * mb),
        "adding_records": 10,
        "max_records": 100,
        "max_bytes": 64 * mb,
    }
    error = SyncError("quota_exceeded", details=figures)
    assert error.quota_text == "作成済み 120 件・1.2 MB、今回 10 件、上限 100 件・64.0 MB"
    assert error.user_message.endswith(
        "（作成済み 120 件・1.2 MB、今回 10 件、上限 100 件・64.0 MB）"
    )
    assert error.text("en").endswith(
        "(120 records (1.2 MB) stored, 10 more now, limit 100 records (64.0 MB))"
    )
    assert SyncError("quota_exceeded").quota_text == "上限に達しました"
