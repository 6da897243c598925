"""Cells as the form tools write them: joined choices, dates in several locales, years."""

from __future__ import annotations

from datetime import datetime

import pytest

from dxfield.assessment.definition import Choice, QuestionDef
from dxfield.io.cells import parse_datetime, parse_kind, parse_year, split_choices
from dxfield.models import AnswerType, ResponseKind

TRAINING = QuestionDef(
    code="X-01",
    position=1,
    text="実施している研修",
    answer_type=AnswerType.MULTI_CHOICE,
    stage="awareness",
    domain="general",
    choices=(Choice("mixed", "庁内, 庁外の合同研修"), Choice("top", "トップセミナー"), Choice("e", "eラーニング")),
)  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "庁内, 庁外の合同研修, トップセミナー",
            ["庁内, 庁外の合同研修", "トップセミナー"],
        ),  # Google
        ("トップセミナー;eラーニング", ["トップセミナー", "eラーニング"]),  # Microsoft Forms
        ("トップセミナー;eラーニング;", ["トップセミナー", "eラーニング"]),  # ... as it exports
        ("eラーニング;", ["eラーニング"]),  # one ticked, with Microsoft's trailing ";"
        ("庁内, 庁外の合同研修;", ["庁内, 庁外の合同研修"]),
        ("eラーニング; 庁内, 庁外の合同研修", ["eラーニング", "庁内, 庁外の合同研修"]),  # dxfield
        ("庁内, 庁外の合同研修", ["庁内, 庁外の合同研修"]),
    ],
)
def test_joined_choices_keep_labels_with_commas(cell, expected):
    assert split_choices(TRAINING, cell) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025/04/25 10:32:11",  # Google Forms (ja)
        "4/25/2025 10:32:11",  # Microsoft Forms (en-US)
        "4/25/25 10:32:11 AM",
        "2025-04-25 10:32:11",  # LoGoフォーム
        "2025/04/25 午前 10:32:11",
    ],
)
def test_timestamps_of_the_form_tools(text):
    assert parse_datetime(text) == datetime(2025, 4, 25, 10, 32, 11)


def test_years_and_kinds():
    assert parse_year("令和7年度") == parse_year("2025年度") == parse_year(2025.0) == 2025
    assert parse_year("令和元年度") == 2019
    assert parse_kind("当初（ベースライン）") is ResponseKind.BASELINE
    assert parse_kind("評価") is ResponseKind.EVALUATION
    with pytest.raises(ValueError, match="not a year"):
        parse_year("来年")
    with pytest.raises(ValueError, match="not 当初"):
        parse_kind("中間")
