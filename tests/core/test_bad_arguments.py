"""Every bad argument is a Japanese message with exit code 2: no traceback, nothing changed."""

from __future__ import annotations

import hashlib
import re
import sys

import pytest

from tests import factories
from tests.rawstore import raw_connect
from ui.main import main

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
VISIT = "00000000-0000-4000-8000-000000000001"


def _digest(path) -> str:
    """The store's content, table by table (the file's bytes move with every open)."""
    raw = raw_connect(path)
    try:
        digest = hashlib.sha256()
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in sorted(tables):
            if table.startswith("search_fts"):
                continue
            for row in raw.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        raw.close()


def _run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out + err


CASES = [
    (["report", "visit", VISIT, "-o", "{tmp}/v.pdf", "--issued", "0001-01-01"], "日付は"),
    (["report", "summary", "--year", "1", "-o", "{tmp}/s.pdf"], "年度は"),
    (["report", "summary", "--year", "99999", "-o", "{tmp}/s.pdf"], "年度は"),
    (["report", "municipality", "302015", "--year", "99999", "-o", "{tmp}/m.pdf"], "年度は"),
    (["report", "day", "0001-01-01", "-o", "{tmp}/d"], "日付は"),
    (["report", "visit", VISIT, "-o", "{tmp}/v.pdf"], "見つかりません"),
    (["report", "summary", "--year", "2025"], "必要な引数がありません"),
    (["demo", "--today", "0001-01-01"], "日付は"),
    (["demo", "--today", "yesterday"], "日付は"),
    (["search", "予算", "--limit", "100000000000000000000"], "1〜10,000"),
    (["search", "予算", "--limit", "1e20"], "整数"),
    (["search", "予算", "--limit", "0"], "1〜10,000"),
    (["search", "予算", "--limit", "-5"], "1〜10,000"),
    (["search", "予算", "--municipality", ""], "市町村が空です"),
    (["visits", "--municipality", ""], "市町村が空です"),
    (["visits", "--municipality", "大阪市"], "見つかりません"),
    (["visits", "--year", "abc"], "年度は"),
    (["visits", "--year", "1"], "年度は"),
    (["visits", "--phase", "nope"], "指定できません"),
    (["assessment", "blank-sheet", "-o", "{tmp}/b.xlsx", "--year", "99999"], "年度は"),
    (["assessment", "blank-sheet", "-o", "{tmp}/b.txt"], "ファイルを書き出せません"),
    (["assessment", "show", "302015", "--year", "0"], "年度は"),
    (["import", "assessments", "{tmp}/missing.csv"], "取り込めません"),
    (["import", "assessments", "{tmp}"], "取り込めません"),
    (["import", "assessments", "{tmp}/x.csv", "--year", "1e3"], "年度は"),
    (["import", "opendata", "{tmp}/missing.csv"], "取り込めません"),
    (["export", "assessments", "-o", "{tmp}/a.txt"], "ファイルを書き出せません"),
    (["export", "visits", "-o", "{tmp}/a-file/v.xlsx"], "ファイルを書き出せません"),
    (["backup", "{tmp}/a-file/x.sqlite3"], "バックアップを書き込めません"),
    (["backup", ""], "保存先が空です"),
    (["restore", "{tmp}/missing.sqlite3", "--yes"], "データベースのエラー"),
    (["restore", "{tmp}", "--yes"], "データベースのエラー"),
    (["restore", "{tmp}/a-file", "--yes"], "dxfield のファイルではありません"),
    (["restore"], "どれかを指定してください"),
    (["restore", "--latest", "--yes"], "データベースのエラー"),
    (["no-such-command"], "指定できません"),
    (["--data-dir", "", "visits"], "データフォルダーの指定が空です"),
]

# The programme year's commands (trainings, surveys, needs, proposal, annual report): the
# whole message is Japanese, not only its title.
YEAR_CASES = [
    (["trainings", "--year", "99999"], "年度は"),
    (["trainings", "--municipality", ""], "市町村が空です"),
    (["survey", "show", "nonexistent"], "ID「nonexistent」の研修はありません"),
    (["survey", "results", "--year", "1"], "年度は"),
    (["import", "survey", "{tmp}/missing.csv", "--training", "x"], "取り込めません"),
    (["needs", "--theme", ""], "テーマが空です"),
    (["needs", "--domain", ""], "分野が空です"),
    (["needs", "--domain", "foo"], "分野「foo」はありません"),
    (["needs", "status", "nonexistent", "--to", "採用"], "のニーズはありません"),
    (["needs", "lines", "--visit", VISIT], "の訪問・面談はありません"),
    (["report", "proposal", "--year", "2025", "-o", "{tmp}/p.txt"], "末尾を .docx"),
    (["report", "proposal", "--year", "2025", "--compare", "a", "b", "c"], "1つか2つ"),
    (["report", "annual", "--year", "2025", "-o", "{tmp}/a.txt"], "末尾を .pdf"),
    (["report", "annual", "--year", "99999", "--json"], "年度は"),
    (["report", "survey", "nonexistent", "-o", "{tmp}/s.pdf"], "の研修はありません"),
    (["export", "trainings", "-o", "{tmp}/t.txt"], "形式が分かりません"),
    (["export", "trainings", "--year", "x", "-o", "{tmp}/t.ics"], "年度は"),
]
ENGLISH = re.compile(r"\b(no|not|cannot|unknown|the|is|with|must)\b")


@pytest.mark.parametrize(
    ("args", "expected"), YEAR_CASES, ids=[" ".join(c[0])[:60] for c in YEAR_CASES]
)
def test_the_years_commands_answer_bad_arguments_in_japanese(
    capsys, data_dir, db, tmp_path, args, expected
):
    before = _digest(db.path)
    argv = ["--data-dir", str(data_dir), *(a.format(tmp=tmp_path) for a in args)]
    code, text = _run(argv, capsys)
    assert code == 2, text
    assert "Traceback" not in text and expected in text
    first = text.splitlines()[0]
    assert not ENGLISH.search(first), first
    assert _digest(db.path) == before


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(c[0])[:60] for c in CASES])
def test_bad_arguments_are_a_japanese_message_and_change_nothing(
    capsys, data_dir, db, tmp_path, args, expected
):
    (tmp_path / "a-file").write_text("not a folder")
    before = _digest(db.path)
    argv = [a.format(tmp=tmp_path) for a in args]
    if argv[:2] != ["--data-dir", ""]:
        argv = ["--data-dir", str(data_dir), *argv]
    code, text = _run(argv, capsys)
    assert code == 2, text
    assert "Traceback" not in text
    assert JAPANESE.search(text), text
    assert expected in text
    assert _digest(db.path) == before
    assert not list(tmp_path.rglob("*.part"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc is Linux's")
def test_a_backup_where_nothing_may_be_written_is_a_message(capsys, data_dir, db):
    code, text = _run(["--data-dir", str(data_dir), "backup", "/proc/dxfield/x.sqlite3"], capsys)
    assert code == 2 and "バックアップを書き込めません" in text and "Traceback" not in text


def test_a_backup_into_a_folder_gets_a_dated_name_there(capsys, data_dir, db, tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    code, text = _run(["--data-dir", str(data_dir), "backup", str(folder)], capsys)
    assert code == 0, text
    made = list(folder.glob("dxfield-*.sqlite3"))
    assert len(made) == 1 and not list(folder.glob("*.part"))


def test_visits_of_an_existing_municipality_still_filter(capsys, data_dir, db):
    with db.session() as s:
        factories.visit(s, agenda="北山村の訪問")
    code, text = _run(["--data-dir", str(data_dir), "visits", "--municipality", "302015"], capsys)
    assert code == 0 and "北山村" not in text
