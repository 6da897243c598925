"""Encodings are decided strictly and said out loud, never guessed silently wrong."""

from __future__ import annotations

import codecs

import pytest

from dxfield.errors import ImportProblem
from dxfield.io.encoding import CP932, UTF8, UTF8_BOM, UTF16, decode_bytes
from dxfield.io.tables import parse_csv

TEXT = "タイムスタンプ,市町村名,首長がDX推進の意義や方針を発信していますか\r\n2025/04/25,北山村,はい\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8-sig"), UTF8_BOM),
        (TEXT.encode("utf-8"), UTF8),
        (TEXT.encode("cp932"), CP932),
        (codecs.BOM_UTF16_LE + TEXT.replace(",", "\t").encode("utf-16-le"), UTF16),
        (b"code,name\r\n302015,Wakayama\r\n", UTF8),
    ],
)
def test_each_encoding_is_named(data, encoding):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    table = parse_csv(data, max_rows=10)
    assert table.encoding == encoding
    assert len(table.headers) >= 2 and table.rows


def test_cp932_specific_characters_survive():
    # ① and 髙 exist in CP932 but not in plain Shift_JIS: a Windows export has them.
    text = "市町村名,備考\r\n北山村,①髙橋さん担当\r\n"
    decoded = decode_bytes(text.encode("cp932"))
    assert decoded.encoding == CP932 and decoded.text == text


def test_mixed_encodings_are_refused_naming_the_line():
    data = "a,b\r\n北山村,1\r\n".encode() + "串本町,2\r\n".encode("cp932")
    with pytest.raises(ImportProblem) as problem:
        decode_bytes(data)
    assert problem.value.row == 3
    assert "UTF-8 or Shift_JIS" in problem.value.message


def test_damaged_utf8_after_a_bom():
    data = "a,b\r\n北山村,1\r\n".encode("utf-8-sig") + b"\xff\xfe,2\r\n"
    with pytest.raises(ImportProblem, match="says it is UTF-8") as problem:
        decode_bytes(data)
    assert problem.value.row == 3


def test_nul_bytes_mean_binary():
    with pytest.raises(ImportProblem, match="not a text"):
        decode_bytes(b"\x00\x01\x02 garbage" * 10)
