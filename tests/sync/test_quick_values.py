"""The pull's quick road (``sync.values.quick_values``) against the reference steps: the
same values stored, the same records declined, on every demo record and on odd values in
every field; also from its memos, and with memos small enough to keep starting again."""

from __future__ import annotations

import pytest

from sync import schema, values


def _reference_values(record: dict) -> list | None:
    """What the reference steps store for a pulled record on the driver's road (values in
    column order with their types), None if they refuse it or leave it to the Core road."""
    if schema.check_pulled(record) is not None:
        return None
    table = record["t"]
    try:
        row = values.decode_record(table, record["d"])
        row["id"], row["version"] = record["id"], record["v"]
        row = values.stored(table, row)
    except Exception:
        return None
    if not values._bulk_columns(table)[0] <= row.keys():
        return None
    return [(k, type(v), v) for k, v in row.items()]


def _typed(row: dict | None) -> list | None:
    return None if row is None else [(k, type(v), v) for k, v in row.items()]


def test_the_quick_road_takes_every_demo_record_as_the_reference_steps_do(demo_records):
    for _ in range(2):  # the second time from the memos (``values.MEMO_TEXT``)
        for record in demo_records:
            expected = _reference_values(record)
            assert expected is not None, record["t"]
            assert _typed(values.quick_values(record)) == expected, record["t"]


ODD_VALUES = (
    None, True, False, 0, 1, -1, 7, 2025, 10**6, 2**31, 2**53 + 1, -(2**31) - 1, 1.5,
    float("nan"), float("inf"), "", " ", "x", "研修", "a\tb", "a\nb", "a\x00b", "a\x7f",
    "x" * 300, "x" * 200_001, "2025-05-01", "2025-13-01", "1899-12-31", "2201-01-01",
    "2025-05-01T10:00", "2025-05-01 10:00:07", "2025-05-01T10:00:07.120000",
    "2025-05-01T10:00:07+09:00", "2025-05-01T25:00", "0000-01-01T00:00", "２０２５-05-01",
    "00000000-0000-0000-0000-000000000001", "not an id!", "overall", "planned", "open",
    "visit", "municipality", "current_state", "free_text", [], ["a"], [1, float("nan")],
    {}, {"a": 1}, {"$non_finite": "nan"}, {"a": {"b": [1, 2]}},
)  # fmt: skip


@pytest.mark.parametrize("memo_size", [values.MEMO_SIZE, 3])
def test_the_quick_road_answers_as_the_reference_steps_value_by_value(
    demo_records, monkeypatch, memo_size
):
    """Every field of every table the demo has, set to odd values: the quick road stores
    what the reference steps store, and declines exactly what they refuse (or leave to the
    Core road); twice over, the second time from what its memos kept of the first (and
    with memos so small that they keep starting again)."""
    monkeypatch.setattr(values, "MEMO_SIZE", memo_size)
    for _ in range(2):
        _quick_road_value_by_value(demo_records)


def _quick_road_value_by_value(demo_records) -> None:
    first = {}
    for record in demo_records:
        first.setdefault(record["t"], record)
    tried = taken = 0
    for table, record in first.items():
        fields = [*schema.pulled_checks(table)[0], "no_such_field"]
        for name in fields:
            for value in ODD_VALUES:
                changed = {**record, "d": {**record["d"], name: value}}
                expected = _reference_values(changed)
                assert _typed(values.quick_values(changed)) == expected, (table, name, value)
                tried += 1
                taken += expected is not None
    for odd in ({**record, "v": True}, {**record, "id": "a b"}, {**record, "t": "nope"}, []):
        assert values.quick_values(odd) is None
    assert len(first) >= 10 and taken > 1000 and tried - taken > 1000
