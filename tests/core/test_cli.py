"""The command-line contract that scripts and later tools rely on."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests import factories
from ui.main import main


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_municipalities_json(capsys, data_dir):
    code, out, _ = run_cli(capsys, "--data-dir", str(data_dir), "municipalities", "--json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 30
    assert rows[0] == {
        "id": rows[0]["id"],
        "code": "302015",
        "name": "和歌山市",
        "kana": "わかやまし",
        "kind": "city",
        "area": "kihoku",
        "population": 356729,
        "population_basis": "2020国調",
    }


def test_municipalities_table_filters_by_area(capsys, data_dir):
    code, out, _ = run_cli(capsys, "--data-dir", str(data_dir), "municipalities", "--area", "紀南")
    assert code == 0
    assert "北山村" in out and "和歌山市" not in out
    assert len(out.strip().splitlines()) == 2 + 17


def test_visits_json_filters(capsys, data_dir, db):
    with db.session() as s:
        visit = factories.visit(s)
    code, out, _ = run_cli(
        capsys, "--data-dir", str(data_dir), "visits", "--municipality", "302015", "--json"
    )
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [visit.id]
    assert rows[0]["phase"] == "overall" and rows[0]["fiscal_year"] == 2025
    code, out, _ = run_cli(
        capsys, "--data-dir", str(data_dir), "visits", "--year", "2024", "--json"
    )
    assert json.loads(out) == []


def test_unknown_municipality_is_a_clear_error(capsys, data_dir):
    code, _, err = run_cli(
        capsys, "--data-dir", str(data_dir), "visits", "--municipality", "302016"
    )
    assert code == 2
    assert "検査数字が違います（正しくは 302015）" in err and "入力内容に誤りがあります" in err


def test_data_dir_from_environment(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("DXFIELD_DATA_DIR", str(data_dir))
    code, _, _ = run_cli(capsys, "municipalities", "--json")
    assert code == 0
    assert (data_dir / "dxfield.sqlite3").exists()


def test_unwritable_data_dir(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run_cli(capsys, "--data-dir", str(blocker / "sub"), "municipalities")
    assert code == 2
    assert "データフォルダーを使用できません" in err


@pytest.mark.parametrize("args", [["--help"], ["visits", "--help"]])
def test_installed_script_runs(args):
    result = subprocess.run(
        [sys.executable, "-m", "ui.main", *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_no_display_is_a_message_not_a_crash(data_dir):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-m", "ui.main", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux may lack a display")
    assert result.returncode == 1
    assert "画面" in result.stderr
