"""``dxfield assessment template`` and ``dxfield assessment show``: what scripts and people read."""

from __future__ import annotations

import json
import unicodedata

import pytest

from dxfield.masterdata import municipality_id
from dxfield.models import ResponseKind
from dxfield.services.assessments import create_response, set_answers
from tests.core.test_assessment_engine import HAND_ANSWERS
from tests.factories import WAKAYAMA
from ui.main import main


def run_cli(capsys, data_dir, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.fixture
def answered(db):
    """和歌山市: the proposal's example as the 2025 baseline, an improved evaluation, and an
    older 2024 baseline."""
    with db.session() as session:
        for year, kind, answers in (
            (2024, ResponseKind.BASELINE, {"GEN-AW-01": "a"}),
            (2025, ResponseKind.BASELINE, {**HAND_ANSWERS, "FREE-03": "オープンデータの公開"}),
            (
                2025,
                ResponseKind.EVALUATION,
                {**HAND_ANSWERS, "DAT-PO-01": "c", "DAT-PO-02": True, "DAT-ST-02": True,
                 "DAT-EX-02": "c", "SYS-AW-03": False},
            ),
        ):  # fmt: skip
            response = create_response(
                session,
                municipality_id=municipality_id(WAKAYAMA),
                fiscal_year=year,
                kind=kind,
                respondent="企画課 DX推進係",
            )
            set_answers(session, response.id, answers)
    return db


def table_lines(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("段階＼分野"))
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def table_rows(out: str) -> dict[str, list[str]]:
    return {parts[0]: parts[1:] for parts in (line.split() for line in table_lines(out)[2:])}


def test_template_json_lists_every_question_with_its_points(capsys, data_dir):
    code, out, _ = run_cli(capsys, data_dir, "assessment", "template", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["template_version"] == "2025.1"
    assert len(data["questions"]) == 53
    first = data["questions"][0]
    assert first["code"] == "GEN-AW-01"
    assert (first["stage"], first["stage_label"]) == ("awareness", "認識共有・機運醸成")
    assert (first["domain"], first["domain_label"]) == ("general", "DX全般")
    assert first["type"] == "single_choice"
    assert [c["points"] for c in first["choices"]] == [0, 1, 2]
    by_code = {q["code"]: q for q in data["questions"]}
    assert by_code["GEN-AW-03"]["points"] == {"yes": 2, "no": 0}
    assert by_code["SYS-ST-01"]["bands"][1] == {"min": 2, "points": 1}
    assert by_code["GEN-ST-03"]["cap"] == 3
    assert by_code["FREE-01"]["stage"] is None
    assert [lv["label"] for lv in data["support_levels"]] == ["重点支援", "標準支援", "自走支援"]


def test_template_text_shows_codes_cells_and_choices(capsys, data_dir):
    code, out, _ = run_cli(capsys, data_dir, "assessment", "template")
    assert code == 0
    assert "GEN-AW-01  [認識共有・機運醸成 × DX全般]  単一選択  最大2点" in out
    assert "c) 議会・住民を含め、庁内外に継続的に発信している  …2点" in out
    assert "2人以上4人未満 …1点" in out
    assert "FREE-01  [自由記述]" in out


def test_template_unknown_version_is_an_error(capsys, data_dir):
    code, _out, err = run_cli(capsys, data_dir, "assessment", "template", "--version", "1999.1")
    assert code == 2
    assert "1999.1" in err and "2025.1" in err


def test_show_prints_the_example_sheet_aligned(capsys, data_dir, answered):
    code, out, _ = run_cli(capsys, data_dir, "assessment", "show", WAKAYAMA)
    assert code == 0
    assert "和歌山市  令和7年度（2025年度）  当初（ベースライン）" in out  # the newest year
    assert "回答率 48/48（100%）" in out
    rows = table_rows(out)
    assert rows["認識共有・機運醸成"] == ["5", "3", "2", "1"]
    assert rows["全体方針の決定"] == ["4", "2", "3", "0"]
    assert rows["推進体制の整備"] == ["3", "0", "1", "1"]
    assert rows["DXの取組の実行"] == ["2", "1", "1", "1"]
    assert rows["点数による支援分類（合計）"] == ["14/26", "6/26", "7/25", "3/24"]
    assert rows["支援区分"] == ["標準支援", "重点支援", "重点支援", "重点支援"]
    # Right-aligned columns with double-width characters counted as two: equal widths.
    assert len(table_lines(out)) == 8
    assert len({width(line) for line in table_lines(out)}) == 1
    assert "オープンデータの公開" in out


def test_show_json_and_an_explicit_year(capsys, data_dir, answered):
    code, out, _ = run_cli(capsys, data_dir, "assessment", "show", "和歌山市", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["fiscal_year"] == 2025
    assert data["domain_totals"] == {"general": 14, "systems": 6, "bpr": 7, "data": 3}
    assert data["cells"]["awareness"] == {"general": 5, "systems": 3, "bpr": 2, "data": 1}
    assert data["support_levels"]["general"] == {"key": "standard", "label": "標準支援"}
    assert data["completeness"] == 1.0
    assert data["free_text"] == {"FREE-03": "オープンデータの公開"}

    code, out, _ = run_cli(
        capsys, data_dir, "assessment", "show", WAKAYAMA, "--year", "2024", "--json"
    )
    data = json.loads(out)
    assert data["fiscal_year"] == 2024
    assert data["domain_totals"]["general"] == 0
    assert data["answered"] == 1


def test_show_diff_signs_every_cell_and_domain(capsys, data_dir, answered):
    code, out, _ = run_cli(capsys, data_dir, "assessment", "show", WAKAYAMA, "--kind", "diff")
    assert code == 0
    rows = table_rows(out)
    assert rows["認識共有・機運醸成"] == ["±0", "-2", "±0", "±0"]
    assert rows["全体方針の決定"] == ["±0", "±0", "±0", "+4"]
    assert rows["推進体制の整備"] == ["±0", "±0", "±0", "+2"]
    assert rows["DXの取組の実行"] == ["±0", "±0", "±0", "+2"]
    assert rows["合計の増減"] == ["±0", "-2", "±0", "+8"]
    assert rows["支援区分"] == ["標準支援", "重点支援", "重点支援", "重点支援→標準支援"]
    assert "合計 30 → 36（+6）" in out

    code, out, _ = run_cli(
        capsys, data_dir, "assessment", "show", WAKAYAMA, "--kind", "diff", "--json"
    )
    data = json.loads(out)
    assert data["diff"]["domain_totals"] == {"general": 0, "systems": -2, "bpr": 0, "data": 8}
    assert data["diff"]["level_changes"]["data"]["to"]["label"] == "標準支援"
    assert data["baseline"]["domain_totals"]["data"] == 3
    assert data["evaluation"]["domain_totals"]["data"] == 11


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["302023"], "海南市の当初（ベースライン）のアセスメント回答はまだありません"),
        (["302023", "--kind", "diff"], "海南市には同じ年度の当初（ベースライン）と評価"),
        (
            [WAKAYAMA, "--year", "2024", "--kind", "evaluation"],
            "和歌山市の2024年度の評価のアセスメント回答がありません",
        ),
        (["999999"], "999999"),
    ],
)
def test_show_explains_what_is_missing(capsys, data_dir, answered, args, message):
    code, out, err = run_cli(capsys, data_dir, "assessment", "show", *args)
    assert code == 2
    assert out == ""
    assert message in err
