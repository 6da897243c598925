"""``dxfield needs`` as an advisor or a script uses it."""

from __future__ import annotations

import json

import pytest

from dxfield.cli import main
from dxfield.needs.overview import needs_overview
from dxfield.services.needs import list_needs
from tests.needs_data import needs_world


def run(capsys, data_dir, *args) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "needs", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_listing_as_json_is_the_register_as_stored(capsys, data_dir, db):
    with db.session() as s:
        needs_world(s)
    code, out, _ = run(capsys, data_dir, "--year", "2025", "--domain", "データ利活用", "--json")
    assert code == 0
    with db.read_session() as s:
        expected = [r.as_json() for r in list_needs(s, year=2025, domain="data")]
    assert json.loads(out) == expected and len(expected) == 2
    code, out, _ = run(capsys, data_dir, "--status", "採用", "--status", "considering", "--json")
    assert {r["status"] for r in json.loads(out)} == {"adopted", "considering"}
    code, out, _ = run(capsys, data_dir, "--municipality", "北山村")
    assert "北山村" in out and "和歌山市" not in out and out.rstrip().endswith("1件")


def test_the_overview_as_json_equals_the_service(capsys, data_dir, db):
    with db.session() as s:
        needs_world(s)
    code, out, _ = run(capsys, data_dir, "overview", "--year", "2025", "--json")
    assert code == 0
    with db.read_session() as s:
        assert json.loads(out) == json.loads(json.dumps(needs_overview(s, 2025).as_json()))
    code, out, _ = run(capsys, data_dir, "overview", "--year", "2025")
    assert "2件/2市町村" in out and "全体方針の決定" in out


def test_a_line_is_promoted_by_its_number_and_only_once(capsys, data_dir, db):
    with db.session() as s:
        world = needs_world(s)
    code, out, _ = run(capsys, data_dir, "lines", "--visit", world.shingu_visit, "--json")
    [line] = json.loads(out)
    assert line["registered"] and line["text"] == "職員向けの研修メニューを紹介してほしい。"
    code, out, _ = run(capsys, data_dir, "promote", "--visit", world.shingu_visit, "--line", "1")
    assert code == 0 and "すでに登録されているニーズです" in out
    code, _, err = run(capsys, data_dir, "promote", "--visit", world.shingu_visit, "--line", "5")
    assert code == 2 and "5 行目はありません" in err
    code, out, _ = run(
        capsys,
        data_dir,
        "promote",
        "--assessment",
        "和歌山市",
        "--year",
        "2025",
        "--line",
        "1",
        "--json",
    )
    assert code == 2  # the example sheet has no free-text answers


def test_a_need_heard_elsewhere_is_added_with_a_guessed_domain(capsys, data_dir, db):
    code, out, _ = run(
        capsys,
        data_dir,
        "add",
        "--prefecture",
        "--text",
        "県全体で生成AIの利用ガイドラインを作ってほしい",
        "--heard-on",
        "2025-08-05",
        "--json",
    )
    assert code == 0
    need = json.loads(out)
    assert (need["municipality"], need["domain"], need["themes"]) == (None, "general", ["生成AI"])
    assert need["fiscal_year"] == 2025 and need["created"]
    with pytest.raises(SystemExit) as caught:  # argparse refuses it before anything runs
        run(capsys, data_dir, "add", "--municipality", "302015", "--status", "保留")
    assert caught.value.code == 2 and "検討状況ではありません" in capsys.readouterr().err
