"""The year's report to the prefecture (実績報告): its figures against the store, in the PDF,
the workbook and ``--json`` alike."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dxfield.cli import main
from dxfield.masterdata import municipality_id
from dxfield.models import (
    Area,
    Municipality,
    Phase,
    ResponseKind,
    TrainingKind,
    Visit,
    VisitStatus,
)
from dxfield.reports.annual import render_annual
from dxfield.reports.annual_data import load_annual
from dxfield.services import proposals
from dxfield.services.trainings import Attendance
from tests import factories
from tests.needs_data import KITAYAMA, SHINGU, WAKAYAMA, needs_world
from tests.reports import pdftext
from tests.reports.builders import EXAMPLE_CELLS, SPRING_CELLS, answer_sheet


@pytest.fixture
def year_done(db):
    """2025: needs_world's three 全体相談 (done) and baselines, plus visits planned and
    cancelled, trainings, evaluations, open data and a proposal version."""
    with db.session() as s:
        needs_world(s)
        factories.visit(
            s,
            municipality_id=municipality_id(KITAYAMA),
            phase=Phase.DOMAIN,
            starts_at=datetime(2025, 9, 2, 10, 0),
            ends_at=datetime(2025, 9, 2, 12, 0),
        )
        factories.visit(
            s,
            municipality_id=municipality_id(SHINGU),
            phase=Phase.INTAKE,
            starts_at=datetime(2025, 5, 20, 10, 0),
            ends_at=datetime(2025, 5, 20, 11, 0),
            status=VisitStatus.CANCELLED,
        )
        intro = factories.training(s, (WAKAYAMA,), status=VisitStatus.DONE)
        # Two of three felt the change on every headline item; the third did not.
        for n, felt in enumerate(("5", "4", "3")):
            factories.survey_response(
                s,
                intro.id,
                {"CHG-AWARE": "5", "CHG-SHARE": felt, "CHG-MOTIV": "4"},
                ref=f"row-{n}",
            )
        factories.training(
            s,
            (
                Attendance(municipality_id(WAKAYAMA), leaders=1, staff=12),
                Attendance(municipality_id(KITAYAMA), leaders=None, staff=4),
            ),
            kind=TrainingKind.JOINT,
            title="合同研修会（サマーキャンプ）",
            starts_at=datetime(2025, 8, 5, 10, 0),
            ends_at=datetime(2025, 8, 5, 16, 0),
            prefecture_attendees=3,
            status=VisitStatus.DONE,
        )
        factories.training(
            s,
            (WAKAYAMA, KITAYAMA),
            kind=TrainingKind.TOP_SEMINAR,
            title="トップセミナー",
            starts_at=datetime(2025, 11, 5, 14, 0),
            ends_at=datetime(2025, 11, 5, 15, 0),
        )
        for code in (WAKAYAMA, KITAYAMA):
            answer_sheet(s, code, 2025, ResponseKind.EVALUATION, EXAMPLE_CELLS)
        for code, published in ((WAKAYAMA, True), (KITAYAMA, False)):
            town = s.get(Municipality, municipality_id(code))
            town.opendata_published = published
            town.opendata_checked_on = date(2025, 7, 1)
        proposals.save_draft(s, 2025, label="5月たたき台", issued_on=date(2025, 5, 30))
    return db


def _visit_counts(session) -> dict[tuple[Phase, Area, VisitStatus], int]:
    """Counted straight from the tables, not through the report's code."""
    rows = session.execute(
        select(Visit.phase, Municipality.area, Visit.status, func.count())
        .join(Municipality, Municipality.id == Visit.municipality_id)
        .where(Visit.fiscal_year == 2025, Visit.deleted.is_(False))
        .group_by(Visit.phase, Municipality.area, Visit.status)
    )
    return {(p, a, st): n for p, a, st, n in rows}


def test_the_figures_are_the_stores(year_done):
    with year_done.read_session() as s:
        data = load_annual(s, 2025)
        counts = _visit_counts(s)
    for row in data.phases:
        for area in Area:
            got = row.by_area[area]
            assert (got.done, got.planned, got.cancelled) == tuple(
                counts.get((row.phase, area, st), 0)
                for st in (VisitStatus.DONE, VisitStatus.PLANNED, VisitStatus.CANCELLED)
            )
    overall = next(r for r in data.phases if r.phase is Phase.OVERALL)
    assert (
        overall.by_area[Area.KIHOKU].done,
        overall.by_area[Area.KINAN].done,
        overall.reached,
    ) == (1, 2, 3)
    joint = next(t for t in data.trainings if t.kind == TrainingKind.JOINT.value)
    # Kitayama's leaders were not counted: 1 + 12 + 4 staff + 3 from the prefecture.
    assert (joint.sessions.done, joint.municipalities, joint.attendees) == (1, 2, 20)
    top = next(t for t in data.trainings if t.kind == TrainingKind.TOP_SEMINAR.value)
    assert (top.sessions.planned, top.attendees) == (1, 0)
    data_domain = next(d for d in data.assessment.domains if d.domain == "data")
    # Baseline data column: 3 (the example) and 1 (spring); evaluation: 3 and 3.
    assert (data_domain.baseline_mean, data_domain.evaluation_mean) == (2.0, 3.0)
    general = next(d for d in data.assessment.domains if d.domain == "general")
    # Kitayama moved from 7 (重点支援) to 14 (標準支援); Wakayama stayed at 14.
    assert (general.improved, general.unchanged, general.declined) == (1, 1, 0)
    assert general.transitions == {("重点支援", "標準支援"): 1, ("標準支援", "標準支援"): 1}
    assert general.baseline_levels == {"重点支援": 1, "標準支援": 1, "自走支援": 0}
    assert data.opendata.published == ("和歌山市",) and data.opendata.unknown == 28
    assert data.needs_total == 4 and data.needs_municipalities == 3
    assert [(d.name, d.measures) for d in data.drafts] == [("5月たたき台", 2)]
    survey = data.survey.year
    assert (survey.responses, survey.agree, survey.answered) == (3, 2, 3)
    assert survey.met is False  # 67% against the target of 80%
    [intro] = [row for row in data.survey.by_kind if row.label == "DX入門研修"]
    assert intro.attendees == 22 and intro.response_rate == 3 / 22


def _row_after(lines: list[str], label: str, width: int) -> list[str]:
    """The ``width`` cells after the first line reading ``label`` (one cell per line)."""
    at = [line.strip() for line in lines].index(label)
    return [line.strip() for line in lines[at + 1 : at + 1 + width]]


def test_the_pdf_prints_the_stores_figures(year_done):
    with year_done.read_session() as s:
        data = load_annual(s, 2025)
        counts = _visit_counts(s)
    pdf = render_annual(data, issued_on=date(2026, 3, 25))
    lines = pdftext.lines(pdf)
    text = "\n".join(lines)
    assert "令和7年度（2025年度） 市町村行政DX推進事業 実績報告" in text
    assert "対象期間 令和7年4月1日〜令和8年3月31日" in text
    assert "発行日 令和8年3月25日（2026年3月25日）" in text
    for phase in (Phase.OVERALL, Phase.DOMAIN, Phase.INTAKE):
        expected = [
            str(counts.get((phase, area, st), 0))
            for area in Area
            for st in (VisitStatus.DONE, VisitStatus.PLANNED, VisitStatus.CANCELLED)
        ]
        assert _row_after(lines, phase.label, 6) == expected
    assert _row_after(lines, "合同研修会", 9) == ["1", "0", "0", "2", "1", "16", "3", "20", "0"]
    assert _row_after(lines, "データ利活用", 7)[:4] == ["24", "2.0", "3.0", "+1.0"]
    assert "北山村" in text and "和歌山市" in text
    # The survey headline with its interval, as the results service computes it.
    low, high = data.survey.year.interval
    assert f"67%（2/3人）（95%信頼区間 {low:.0%}〜{high:.0%}）" in text
    assert "目標80%に対し未達" in text
    # The same share as a bar, against the target line.
    assert "目標 80%" in text and "全研修\n67%" in text
    assert all(f.embedded for f in pdftext.fonts(pdf))


def test_json_and_workbook_say_what_the_report_says(year_done, data_dir, tmp_path, capsys):
    assert main(["--data-dir", str(data_dir), "report", "annual", "--year", "2025", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    with year_done.read_session() as s:
        assert printed == json.loads(json.dumps(load_annual(s, 2025).as_json()))
    overall = next(p for p in printed["visits"]["by_phase"] if p["phase"] == "overall")
    assert overall["kinan"] == {"planned": 0, "done": 2, "cancelled": 0}
    target = tmp_path / "jisseki.xlsx"
    assert (
        main(["--data-dir", str(data_dir), "report", "annual", "--year", "2025", "-o", str(target)])
        == 0
    )
    book = load_workbook(target)
    rows = {r[0]: r for r in book["フェーズ別"].iter_rows(min_row=2, values_only=True)}
    assert list(rows["全体相談"][1:7]) == [1, 0, 0, 2, 0, 0]
    domains = {r[0]: r for r in book["アセスメント"].iter_rows(min_row=2, values_only=True)}
    data_json = next(d for d in printed["assessment"]["domains"] if d["domain"] == "data")
    assert domains["データ利活用"][2:5] == (
        data_json["baseline_mean"],
        data_json["evaluation_mean"],
        data_json["change"],
    )
    survey = {r[0]: r for r in book["アンケート"].iter_rows(min_row=2, values_only=True)}
    headline = printed["survey"]["year"]["headline"]
    assert survey["全研修"][5:8] == (headline["k"], headline["n"], headline["share"])
    needs = {r[0]: r for r in book["ニーズ"].iter_rows(min_row=2, values_only=True)}
    assert sum(r[1] for r in needs.values()) == printed["needs"]["total"]
    # The first sheet says what the workbook is, with the period in 和暦.
    assert book.sheetnames[0] == "概要"
    overview = dict(book["概要"].iter_rows(min_row=2, values_only=True))
    assert overview["対象期間"] == "令和7年4月1日〜令和8年3月31日"
    assert f"回答 {printed['survey']['year']['responses']}件" in overview["研修アンケート"]


def test_a_report_in_another_format_writes_nothing(year_done, data_dir, tmp_path, capsys):
    target = tmp_path / "report.docx"
    assert main(["--data-dir", str(data_dir), "report", "annual", "-o", str(target)]) == 2
    assert "末尾を .pdf / .xlsx" in capsys.readouterr().err and not target.exists()


def test_mid_year_the_change_compares_the_municipalities_with_both_sheets(
    db, data_dir, tmp_path, capsys
):
    """Three baselines and one evaluation: the two means stay those of everyone who answered,
    差 is Kitayama's own progress, and the report says which municipalities it compares."""
    with db.session() as s:
        answer_sheet(s, WAKAYAMA, 2026, ResponseKind.BASELINE, EXAMPLE_CELLS)  # DX全般 14
        answer_sheet(s, KITAYAMA, 2026, ResponseKind.BASELINE, SPRING_CELLS)  # 7
        answer_sheet(s, SHINGU, 2026, ResponseKind.BASELINE, SPRING_CELLS)  # 7
        answer_sheet(s, KITAYAMA, 2026, ResponseKind.EVALUATION, EXAMPLE_CELLS)  # 14
    with db.read_session() as s:
        data = load_annual(s, 2026)
    a = data.assessment
    assert (a.baseline_responses, a.evaluation_responses, a.paired) == (3, 1, 1)
    general = next(d for d in a.domains if d.domain == "general")
    assert general.baseline_mean == pytest.approx(28 / 3) and general.evaluation_mean == 14
    assert general.change == 7  # 14 - 7, not 14 - 9.3
    assert (general.paired_baseline_mean, general.paired_evaluation_mean) == (7, 14)
    assert (general.paired, general.improved) == (1, 1)

    lines = pdftext.lines(render_annual(data, issued_on=date(2026, 12, 1)))
    assert _row_after(lines, "DX全般", 7)[:4] == ["26", "9.3", "14.0", "+7.0"]
    text = pdftext.compact("\n".join(lines))
    assert "※差は当初・評価の両方がある1市町村で比較しています" in text
    assert "（当初平均・評価平均は回答したすべての市町村の平均）" in text
    assert "当初3市町村、評価1市町村（両方1市町村）" in text

    assert main(["--data-dir", str(data_dir), "report", "annual", "--year", "2026", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["assessment"]
    assert figures["paired_municipalities"] == 1
    row = next(d for d in figures["domains"] if d["domain"] == "general")
    assert (row["baseline_mean"], row["evaluation_mean"], row["change"]) == (9.3, 14.0, 7.0)
    target = tmp_path / "mid.xlsx"
    args = ["--data-dir", str(data_dir), "report", "annual", "--year", "2026", "-o", str(target)]
    assert main(args) == 0
    sheet = load_workbook(target)["アセスメント"]
    header = next(sheet.iter_rows(max_row=1, values_only=True))
    rows = {
        r[0]: dict(zip(header, r, strict=True))
        for r in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert rows["DX全般"]["差（両方回答の市町村で比較）"] == 7.0
    assert (rows["DX全般"]["両方回答 当初平均"], rows["DX全般"]["両方回答 評価平均"]) == (7, 14)
    assert rows["DX全般"]["評価平均"] == 14 and rows["DX全般"]["両方回答"] == 1
