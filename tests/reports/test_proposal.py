"""The proposal draft (たたき台) as the prefecture receives it: Word and PDF, from the CLI."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn

from dxfield.cli import main
from dxfield.needs.proposal import build_proposal
from dxfield.reports.proposal_docx import BODY_FONT, HEADING_FONT, docx_bytes
from dxfield.reports.proposal_pdf import render_proposal
from tests.needs_data import needs_world
from tests.reports import pdftext


@pytest.fixture
def content(db):
    with db.session() as s:
        needs_world(s)
    with db.read_session() as s:
        return build_proposal(s, 2025)


def _japanese(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in text)


def _east_asian(run) -> str | None:
    fonts = run._element.rPr.find(qn("w:rFonts")) if run._element.rPr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_the_word_document_has_a_section_per_measure_with_its_evidence(content):
    doc = Document(
        io.BytesIO(docx_bytes(content, issued_on=date(2025, 5, 30), label="5月たたき台"))
    )
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["施策1　オープンデータ（データ利活用）", "施策2　書かない窓口（BPR）"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert doc.paragraphs[0].text == "令和8年度 市町村行政DX推進事業に係る提案のたたき台"
    assert "5月たたき台　令和7年5月30日時点" in text
    assert (
        "「オープンデータのCSVの作り方を職員向けに説明してほしい。」（北山村・面談記録（全体相談 2025-06-11・要望））"
        in text
    )
    assert "北山村：推奨データセットから始める" in text  # the 検討メモ
    # The evidence table of the first measure: how many asked, which, how weighed.
    evidence = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert evidence == [
        ["項目", "内容"],
        ["要望した市町村数", "2市町村"],
        ["市町村名", "和歌山市、北山村"],
        ["ニーズの件数", "2件（採用 1件・検討中 1件）"],
    ]
    # The assessment cells behind it: the domain's four stages, weakest first.
    cells = [[c.text for c in row.cells] for row in doc.tables[2].rows]
    assert cells[0] == ["段階", "県平均", "満点", "得点率", "全区分中の低い順"]
    assert cells[1][:2] == ["全体方針の決定", "0.0"] and cells[1][4] == "1位"
    assert len(cells) == 5


def test_every_japanese_run_names_an_east_asian_font(content):
    doc = Document(io.BytesIO(docx_bytes(content, issued_on=date(2025, 5, 30))))
    runs = [r for p in doc.paragraphs for r in p.runs]
    runs += [
        r
        for t in doc.tables
        for row in t.rows
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
    ]
    japanese = [r for r in runs if _japanese(r.text)]
    assert len(japanese) > 20
    assert {_east_asian(r) for r in japanese} <= {BODY_FONT, HEADING_FONT}
    assert None not in {_east_asian(r) for r in japanese}
    normal = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert normal.get(qn("w:eastAsia")) == BODY_FONT
    assert doc.core_properties.language == "ja-JP"


def test_the_pdf_says_the_same_with_its_font_embedded(content):
    pdf = render_proposal(content, issued_on=date(2025, 5, 30), label="5月たたき台")
    text = pdftext.text(pdf)
    for words in (
        "施策1",
        "オープンデータ（データ利活用）",
        "和歌山市、北山村",
        "発行日 令和7年5月30日",
    ):
        assert words in text
    assert all(f.embedded for f in pdftext.fonts(pdf))


def _run(data_dir, *args) -> int:
    return main(["--data-dir", str(data_dir), "report", "proposal", *args])


def test_the_cli_keeps_a_dated_version_per_change_and_prints_old_ones_again(
    data_dir, db, tmp_path, capsys
):
    with db.session() as s:
        world = needs_world(s)
    may = tmp_path / "may.docx"
    assert (
        _run(
            data_dir,
            "--year",
            "2025",
            "-o",
            str(may),
            "--label",
            "5月たたき台",
            "--issued",
            "2025-05-30",
        )
        == 0
    )
    assert "たたき台の版「5月たたき台」を保存しました（施策 2件）" in capsys.readouterr().out
    assert _run(data_dir, "--year", "2025", "-o", str(tmp_path / "same.pdf")) == 0
    assert "変更がないため" in capsys.readouterr().out
    assert (
        main(
            [
                "--data-dir",
                str(data_dir),
                "needs",
                "status",
                world.training_shingu[:8],
                "--to",
                "採用",
            ]
        )
        == 0
    )
    assert (
        _run(data_dir, "--year", "2025", "-o", str(tmp_path / "sep.docx"), "--label", "9月改訂")
        == 0
    )
    capsys.readouterr()
    assert _run(data_dir, "--list", "--json") == 0
    versions = json.loads(capsys.readouterr().out)
    assert [(v["label"], v["measures"]) for v in versions] == [("5月たたき台", 2), ("9月改訂", 3)]
    assert _run(data_dir, "--compare", versions[0]["id"], versions[1]["id"], "--json") == 0
    change = json.loads(capsys.readouterr().out)
    assert change["measures_added"] == ["職員研修・人材育成（DX全般）"]
    assert [n["municipality"] for n in change["needs_added"]] == ["新宮市"]
    # The May version printed again is the May version, not today's needs.
    again = tmp_path / "may-again.docx"
    assert _run(data_dir, "--version", versions[0]["id"][:8], "-o", str(again)) == 0
    headings = [p.text for p in Document(str(again)).paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 2


def test_an_unknown_format_writes_nothing_and_keeps_no_version(data_dir, db, tmp_path, capsys):
    with db.session() as s:
        needs_world(s)
    target = tmp_path / "draft.txt"
    assert _run(data_dir, "--year", "2025", "-o", str(target)) == 2
    assert ".docx" in capsys.readouterr().err
    assert not target.exists()
    assert _run(data_dir, "--list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
