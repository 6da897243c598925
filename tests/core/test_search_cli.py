"""``dxfield search QUERY [--limit N] [--json]``."""

from __future__ import annotations

import json

import pytest

from dxfield.cli import main
from dxfield.masterdata import municipality_id
from tests import factories
from tests.core import search_data


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json(capsys, data_dir, db):
    with db.session() as s:
        visit = search_data.visit_with_notes(s, ["来年度の予算要求に向けて窓口を見直す"])
        search_data.visit_with_notes(s, ["予算の確認"], town=factories.KITAYAMA, day=11)
    code, out, _ = run_cli(capsys, "--data-dir", str(data_dir), "search", "ﾖｻﾝ 予算", "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run_cli(capsys, "--data-dir", str(data_dir), "search", "窓口", "--json")
    (hit,) = json.loads(out)
    assert hit["kind"] == "note" and hit["visit_id"] == visit.id
    assert hit["snippet"][slice(*hit["highlights"][0])] == "窓口"
    code, out, _ = run_cli(
        capsys, "--data-dir", str(data_dir), "search", "予算", "--limit", "1", "--json"
    )
    assert len(json.loads(out)) == 1
    code, out, _ = run_cli(
        capsys, "--data-dir", str(data_dir), "search", "予算", "--municipality", "北山村", "--json"
    )
    assert [h["municipality_id"] for h in json.loads(out)] == [municipality_id(factories.KITAYAMA)]


def test_search_text_marks_matches(capsys, data_dir, db):
    with db.session() as s:
        search_data.visit_with_notes(s, ["DX研修の日程"], internal=True)
    code, out, _ = run_cli(capsys, "--data-dir", str(data_dir), "search", "ｄｘ")
    assert code == 0
    assert "【DX】研修の日程" in out and "[内部]" in out


def test_search_hostile_and_empty_queries(capsys, data_dir):
    for query in ['"', "NEAR(", "OR", ")(", ""]:
        code, out, err = run_cli(capsys, "--data-dir", str(data_dir), "search", query)
        assert (code, err) == (0, "")
        assert out.strip() == "該当なし"


def test_a_query_may_start_with_a_dash(capsys, data_dir, db):
    with db.session() as s:
        search_data.visit_with_notes(s, ["庁内-DX推進本部の設置"])
    for args in (["-DX"], ["-DX", "--json"], ["--limit", "5", "-DX"], ["--", "-DX"]):
        code, out, err = run_cli(capsys, "--data-dir", str(data_dir), "search", *args)
        assert (code, err) == (0, "")
        assert "-DX" in out
    with pytest.raises(SystemExit) as exited:
        main(["--data-dir", str(data_dir), "search", "-DX", "-x"])
    assert exited.value.code == 2 and "使えない引数です: -x" in capsys.readouterr().err
