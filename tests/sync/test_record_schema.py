"""The shared record schema (sync/schema.py); that it accepts all the app writes is checked
on the demo data in tests/core/test_demo.py."""

from __future__ import annotations

from sync import schema


def test_problems_name_the_field_never_the_value():
    problem = schema.check_fields("contact", {"name": "ab\x00cd"})
    assert (problem.field, problem.reason) == ("name", "control")
    assert "ab" not in problem.english and "ab" not in problem.japanese
    # a field name a stranger made up is not repeated either
    assert schema.check_fields("contact", {"x" * 5000: 1}).english == "unknown field"
    assert schema.check_fields("contact", {"nick": 1}).english == "nick: unknown field"


def test_long_text_keeps_newlines_and_tabs_short_text_does_not():
    assert schema.check_fields("note_section", {"body": "一行目\n\t二行目\r\n"}) is None
    assert schema.check_fields("contact", {"name": "山田\n太郎"}).reason == "control"
    assert schema.check_fields("contact", {"notes": "a\x1bb"}).reason == "control"


def test_json_columns_have_their_shape_and_finite_numbers():
    check = schema.check_fields
    assert check("question", {"choices": [{"value": "a", "points": 1.5}]}) is None
    assert check("question", {"choices": {"a": 1}}).reason == "type"
    assert check("question", {"scoring": {"cap": float("inf")}}).reason == "finite"
    assert check("answer", {"value": 10**30}).reason == "range"
    assert check("answer", {"value": [[[[[[[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]]]]]]}).reason == (
        "json"
    )
    assert check("answer", {"value": {"$non_finite": "nan"}}).reason == "finite"
    assert check("answer", {"value": True}) is None
