"""Scoring the sheet: the proposal's example, support levels, completeness, diff, prefecture."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dxfield.assessment.definition import parse_definition
from dxfield.assessment.engine import (
    answers_for_cells,
    diff,
    prefecture_summary,
    score,
    score_response,
    support_level,
)
from dxfield.assessment.template import template_files
from dxfield.errors import ValidationError
from dxfield.masterdata import municipality_id
from dxfield.models import ResponseKind
from dxfield.services.assessments import create_response, set_answers
from tests.factories import KITAYAMA, WAKAYAMA

STAGES = ("awareness", "policy", "structure", "execution")
DOMAINS = ("general", "systems", "bpr", "data")
# The proposal's example sheet (アセスメントシートの例), rows = stages, columns = domains.
EXAMPLE = [
    [5, 3, 2, 1],
    [4, 2, 3, 0],
    [3, 0, 1, 1],
    [2, 1, 1, 1],
]
EXAMPLE_CELLS = {(s, d): EXAMPLE[i][j] for i, s in enumerate(STAGES) for j, d in enumerate(DOMAINS)}

# One municipality's answers, worked out by hand against the 2025.1 sheet to give EXAMPLE.
HAND_ANSWERS = {
    # DX全般 5 / 4 / 3 / 2 = 14
    "GEN-AW-01": "c", "GEN-AW-02": ["top"], "GEN-AW-03": True,
    "GEN-PO-01": "c", "GEN-PO-02": True, "GEN-PO-03": "a",
    "GEN-ST-01": "b", "GEN-ST-02": "b", "GEN-ST-03": ["training"],
    "GEN-EX-01": "b", "GEN-EX-02": False, "GEN-EX-03": ["municipalities"],
    # 情報システム 3 / 2 / 0 / 1 = 6
    "SYS-AW-01": "b", "SYS-AW-02": "a", "SYS-AW-03": True,
    "SYS-PO-01": "b", "SYS-PO-02": False, "SYS-PO-03": "b",
    "SYS-ST-01": 1, "SYS-ST-02": "a", "SYS-ST-03": False,
    "SYS-EX-01": "a", "SYS-EX-02": ["none"], "SYS-EX-03": True,
    # BPR 2 / 3 / 1 / 1 = 7
    "BPR-AW-01": "b", "BPR-AW-02": False, "BPR-AW-03": "b",
    "BPR-PO-01": "b", "BPR-PO-02": "a", "BPR-PO-03": True,
    "BPR-ST-01": "b", "BPR-ST-02": False, "BPR-ST-03": ["none"],
    "BPR-EX-01": 12, "BPR-EX-02": "a", "BPR-EX-03": ["none"],
    # データ利活用 1 / 0 / 1 / 1 = 3
    "DAT-AW-01": "b", "DAT-AW-02": False, "DAT-AW-03": False,
    "DAT-PO-01": "a", "DAT-PO-02": False, "DAT-PO-03": "a",
    "DAT-ST-01": "b", "DAT-ST-02": False, "DAT-ST-03": False,
    "DAT-EX-01": 3, "DAT-EX-02": "a", "DAT-EX-03": ["none"],
}  # fmt: skip


@pytest.fixture(scope="module")
def defn():
    [path] = [p for p in template_files() if p.name == "assessment-2025.1.json"]
    return parse_definition(json.loads(path.read_text(encoding="utf-8")), path.name)


def matrix(sheet) -> list[list[int]]:
    return [[sheet.cells[(s, d)] for d in DOMAINS] for s in STAGES]


def levels(sheet) -> list[str]:
    return [sheet.support_levels[d].label for d in DOMAINS]


def test_the_proposals_example_sheet_reproduces_exactly(defn):
    sheet = score(defn, HAND_ANSWERS)
    assert matrix(sheet) == EXAMPLE
    assert [sheet.domain_totals[d] for d in DOMAINS] == [14, 6, 7, 3]
    assert levels(sheet) == ["標準支援", "重点支援", "重点支援", "重点支援"]
    assert sheet.total == 30
    assert sheet.completeness == 1.0


def test_answers_can_be_found_for_the_example_matrix(defn):
    answers = answers_for_cells(defn, EXAMPLE_CELLS)
    sheet = score(defn, answers)
    assert matrix(sheet) == EXAMPLE
    assert [sheet.domain_totals[d] for d in DOMAINS] == [14, 6, 7, 3]
    assert levels(sheet) == ["標準支援", "重点支援", "重点支援", "重点支援"]
    assert sheet.answered == sheet.required == 48


def test_every_cell_can_score_its_maximum_alone(defn):
    top = score(defn, {}).cell_max
    for cell, best in top.items():
        sheet = score(defn, answers_for_cells(defn, {cell: best}))
        assert sheet.cells == {c: (best if c == cell else 0) for c in top}
    with pytest.raises(ValueError, match=r"cell \(awareness, general\) cannot score 7"):
        answers_for_cells(defn, {("awareness", "general"): top[("awareness", "general")] + 1})


def test_points_per_answer_type(defn):
    sheet = score(
        defn,
        {
            "GEN-PO-01": "策定済みで、進捗に応じて定期的に見直している",  # single choice, 3 points
            "GEN-ST-03": ["training", "liaison", "external", "hiring"],  # 4 points, capped at 3
            "SYS-EX-03": "はい",  # yes_no, 1 point
            "SYS-ST-01": 3,  # number: 2–3 people are the middle band
            "BPR-EX-01": 30,  # number: the lower edge of the top band
        },
    )
    assert sheet.question_points["GEN-PO-01"] == 3
    assert sheet.question_points["GEN-ST-03"] == 3
    assert sheet.question_points["SYS-EX-03"] == 1
    assert sheet.question_points["SYS-ST-01"] == 1
    assert sheet.question_points["BPR-EX-01"] == 2
    assert sheet.question_points["DAT-EX-01"] == 0  # unanswered
    assert sheet.cells[("structure", "systems")] == 1
    bands = {n: score(defn, {"SYS-ST-01": n}).question_points["SYS-ST-01"] for n in range(6)}
    assert bands == {0: 0, 1: 0, 2: 1, 3: 1, 4: 2, 5: 2}


@pytest.mark.parametrize(
    ("total", "label"),
    [
        (0, "重点支援"),
        (8, "重点支援"),
        (9, "標準支援"),
        (16, "標準支援"),
        (17, "自走支援"),
        (26, "自走支援"),
    ],
)
def test_support_level_thresholds(defn, total, label):
    assert support_level(defn, "general", total).label == label


def test_a_domain_can_override_its_thresholds(defn):
    eased = replace(defn, support_level_overrides={"data": {"standard": 3, "self_driven": 12}})
    sheet = score(eased, HAND_ANSWERS)
    assert levels(sheet) == ["標準支援", "重点支援", "重点支援", "標準支援"]
    assert support_level(eased, "data", 12).label == "自走支援"
    assert support_level(eased, "general", 12).label == "標準支援"


def test_completeness_counts_required_questions_only(defn):
    answers = {code: value for code, value in list(HAND_ANSWERS.items())[:12]}
    answers["FREE-01"] = "ベンダーとの調整に時間がかかっている"
    sheet = score(defn, answers)
    assert (sheet.answered, sheet.required) == (12, 48)
    assert sheet.completeness == pytest.approx(0.25)
    assert sheet.free_text == {"FREE-01": "ベンダーとの調整に時間がかかっている"}
    assert score(defn, {}).completeness == 0.0


def test_scoring_refuses_answers_it_cannot_read(defn):
    with pytest.raises(ValidationError) as info:
        score(defn, {"GEN-AW-01": "x"})
    assert info.value.field == "GEN-AW-01"
    with pytest.raises(ValidationError, match="ZZZ-99"):
        score(defn, {"ZZZ-99": "a"})


def test_diff_shows_progress_per_cell_domain_and_level(defn):
    before = score(defn, HAND_ANSWERS)
    after_answers = {
        **HAND_ANSWERS,
        "DAT-PO-01": "c",  # policy × data: 0 → 2
        "DAT-PO-02": True,  # → 4
        "DAT-EX-01": 15,  # execution × data: 1 → 2
        "DAT-ST-02": True,  # structure × data: 1 → 3
        "GEN-EX-02": True,  # execution × general: 2 → 4
        "SYS-AW-03": False,  # awareness × systems: 3 → 1 (a step back)
    }
    after = score(defn, after_answers)
    change = diff(before, after)
    assert change.cells[("policy", "data")] == 4
    assert change.cells[("execution", "data")] == 1
    assert change.cells[("structure", "data")] == 2
    assert change.cells[("execution", "general")] == 2
    assert change.cells[("awareness", "systems")] == -2
    assert sum(1 for v in change.cells.values() if v) == 5
    assert change.domain_totals == {"general": 2, "systems": -2, "bpr": 0, "data": 7}
    assert change.total == 7
    assert {d: (a.label, b.label) for d, (a, b) in change.changed_levels().items()} == {
        "data": ("重点支援", "標準支援")
    }
    assert change.same_template


def _respond(session, code, year, kind, answers):
    response = create_response(
        session, municipality_id=municipality_id(code), fiscal_year=year, kind=kind
    )
    set_answers(session, response.id, answers)
    return response


def test_score_response_reads_the_stored_answers(session):
    response = _respond(session, WAKAYAMA, 2025, ResponseKind.BASELINE, HAND_ANSWERS)
    sheet = score_response(session, response)
    assert matrix(sheet) == EXAMPLE
    assert sheet.template_version == "2025.1"


def test_prefecture_summary_aggregates_a_year(session, defn):
    _respond(session, WAKAYAMA, 2025, ResponseKind.BASELINE, HAND_ANSWERS)
    strong = answers_for_cells(defn, {(s, d): 5 for s in STAGES for d in DOMAINS})
    _respond(session, KITAYAMA, 2025, ResponseKind.BASELINE, strong)
    _respond(session, "302023", 2025, ResponseKind.EVALUATION, strong)  # other kind: not counted
    _respond(session, "302023", 2024, ResponseKind.BASELINE, strong)  # other year: not counted

    summary = prefecture_summary(session, 2025, ResponseKind.BASELINE)
    assert summary.responses == 2
    assert [m.code for m in summary.municipalities] == [WAKAYAMA, KITAYAMA]
    general = summary.domain_stats["general"]
    assert (general.min, general.max, general.mean) == (14, 20, 17)
    data = summary.domain_stats["data"]
    assert (data.min, data.max, data.mean) == (3, 20, 11.5)
    assert data.level_counts == {"intensive": 1, "standard": 0, "self_driven": 1}
    assert summary.cell_means[("awareness", "general")] == 5
    assert summary.cell_means[("policy", "data")] == 2.5
    empty = prefecture_summary(session, 2030, ResponseKind.BASELINE)
    assert empty.responses == 0
    assert empty.domain_stats["general"].level_counts == {
        "intensive": 0,
        "standard": 0,
        "self_driven": 0,
    }


def test_diff_across_template_versions_compares_the_shared_axes(defn):
    newer = replace(defn, template_version="2026.1")
    change = diff(score(defn, HAND_ANSWERS), score(newer, HAND_ANSWERS))
    assert not change.same_template
    assert change.total == 0
    assert len(change.cells) == 16
