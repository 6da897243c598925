"""Every reader of the assessment results says the same, on the demo and on ten years of data.

The oracle is the arithmetic done by hand from the stored rows (a plain ``sqlite3`` read of
the answers, each question's points from its definition, summed per cell, levels from the
thresholds). Against it: the results model fed from the store (``load_results``), the
municipality page's read model, ``dxfield assessment show --json``, the evaluation PDF's
comparison table, the programme summary's levels, the annual report's assessment figures
and the needs overview's weakest cells.
"""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import fmean
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from dxfield.assessment.definition import TemplateDef, answer_points
from dxfield.assessment.engine import load_results
from dxfield.assessment.results import AssessmentResults, diff, score
from dxfield.assessment.template import template_definition
from dxfield.models import AssessmentTemplate, Municipality
from tests.rawstore import raw_connect

TODAY = date(2026, 7, 15)


# -- the oracle: sums by hand from the stored rows ----------------------------------------


@dataclass
class HandSheet:
    cells: dict
    cell_max: dict
    totals: dict
    domain_max: dict
    levels: dict  # domain -> level key
    defn: TemplateDef
    answers: dict  # question code -> the stored value, as a plain SQL read gives it


def _level(defn: TemplateDef, domain: str, total: int) -> str:
    reached = [level.key for level, minimum in defn.thresholds(domain) if total >= minimum]
    return reached[-1] if reached else defn.support_levels[0].key


def hand_sheets(db) -> dict[tuple[str, int, str], HandSheet]:
    """(municipality id, year, kind) -> the sheet summed by hand, for every live response."""
    with db.read_session() as s:
        defs = {t.id: template_definition(t) for t in s.scalars(select(AssessmentTemplate))}
    conn = raw_connect(db.path)
    try:
        responses = conn.execute(
            "SELECT id, municipality_id, fiscal_year, kind, template_id"
            " FROM assessment_response WHERE deleted IS 0"
        ).fetchall()
        answers: dict[str, dict[str, object]] = {}
        for response_id, code, value in conn.execute(
            "SELECT answer.response_id, question.code, answer.value FROM answer"
            " JOIN question ON question.id = answer.question_id WHERE answer.deleted IS 0"
        ):
            # JSON text; SQLite's NUMERIC affinity hands numbers back as numbers.
            answers.setdefault(response_id, {})[code] = (
                json.loads(value) if isinstance(value, str) else value
            )
    finally:
        conn.close()
    out = {}
    for response_id, town, year, kind, template_id in responses:
        defn = defs[template_id]
        given = answers.get(response_id, {})
        cells = {(st, d): 0 for st, _ in defn.stages for d, _ in defn.domains}
        top = dict(cells)
        for q in defn.questions:
            if q.cell is None or not q.scored:
                continue
            cells[q.cell] += answer_points(q, given.get(q.code))
            top[q.cell] += q.max_points
        totals = {d: sum(cells[(st, d)] for st, _ in defn.stages) for d, _ in defn.domains}
        out[(town, year, kind)] = HandSheet(
            cells=cells,
            cell_max=top,
            totals=totals,
            domain_max={d: sum(top[(st, d)] for st, _ in defn.stages) for d, _ in defn.domains},
            levels={d: _level(defn, d, t) for d, t in totals.items()},
            defn=defn,
            answers=given,
        )
    return out


def _labels(db) -> dict[str, str]:
    with db.read_session() as s:
        return {
            lv.key: lv.label
            for t in s.scalars(select(AssessmentTemplate))
            for lv in template_definition(t).support_levels
        }


# -- the stores ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["demo", "ten_years"])
def store(request, tmp_path_factory):
    from dxfield.db import open_database
    from dxfield.demo import generate_large, install_demo
    from dxfield.masterdata import ensure_master_data

    db = open_database(tmp_path_factory.mktemp(request.param) / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
        if request.param == "demo":
            install_demo(s, today=TODAY)
        else:
            generate_large(s, years=10, seed=1)
    hand = hand_sheets(db)
    with db.read_session() as s:
        towns = [
            (t.id, t.code)
            for t in s.scalars(
                select(Municipality)
                .where(Municipality.deleted.is_(False))
                .order_by(Municipality.code)
            )
        ]
    years = sorted({year for _town, year, _kind in hand})
    yield SimpleNamespace(db=db, hand=hand, towns=towns, years=years, labels=_labels(db))
    db.close()


def _sample_years(years: list[int]) -> list[int]:
    """Every demo year; of ten years the first, one in the middle and the last."""
    return years if len(years) <= 3 else [years[0], years[len(years) // 2], years[-1]]


def test_the_stores_have_pairs_to_compare(store):
    kinds = Counter(kind for _t, _y, kind in store.hand)
    assert kinds["baseline"] >= 30 and kinds["evaluation"] >= 20
    assert len(store.years) in (2, 10)


def _assert_sheet(sheet, hand: HandSheet) -> None:
    assert sheet.cells == hand.cells
    assert sheet.cell_max == hand.cell_max
    assert sheet.domain_totals == hand.totals
    assert sheet.domain_max == hand.domain_max
    assert {d: lv.key for d, lv in sheet.support_levels.items()} == hand.levels
    for (st, d), points in hand.cells.items():
        top = hand.cell_max[(st, d)]
        assert sheet.cell_fraction(st, d) == (min(1.0, points / top) if top else 0.0)
    for d, total in hand.totals.items():
        top = hand.domain_max[d]
        assert sheet.domain_fraction(d) == (min(1.0, total / top) if top else 0.0)


def test_the_model_equals_the_sums_by_hand(store):
    with store.db.read_session() as s:
        for year in store.years:
            for town, _code in store.towns:
                results = load_results(s, town, year)
                for kind, sheet in (
                    ("baseline", results.baseline),
                    ("evaluation", results.evaluation),
                ):
                    hand = store.hand.get((town, year, kind))
                    assert (sheet is None) == (hand is None)
                    if hand is not None:
                        _assert_sheet(sheet, hand)
                        # The pure model fed plain-SQL rows scores what the ORM road does.
                        assert score(hand.defn, hand.answers) == sheet
                if results.both:
                    base = store.hand[(town, year, "baseline")]
                    final = store.hand[(town, year, "evaluation")]
                    assert results.diff.cells == {
                        c: final.cells[c] - base.cells[c] for c in final.cells
                    }
                    assert results.diff.domain_totals == {
                        d: final.totals[d] - base.totals[d] for d in final.totals
                    }
                    assert [c.change for c in results.domain_changes()] == [
                        final.totals[d] - base.totals[d] for d, _l in results.domains
                    ]
                else:
                    assert results.diff is None


def _show(db, code: str, year: int, kind: str) -> dict:
    from dxfield.cli.assessment import run_show

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        run_show(
            SimpleNamespace(db=db, data_dir=db.path.parent),
            SimpleNamespace(code=code, year=year, kind=kind, json=True),
        )
    return json.loads(out.getvalue())


def test_the_page_show_and_the_evaluation_pdf_read_the_same_results(store):
    from dxfield.cli.assessment import diff_json, sheet_json
    from dxfield.reports.evaluation import load_evaluation
    from dxfield.services.dashboard import municipality_overview

    compared = 0
    for year in _sample_years(store.years):
        for town, code in store.towns:
            with store.db.read_session() as s:
                page = municipality_overview(s, town, year)
                report = load_evaluation(s, s.get(Municipality, town), year)
            assert (
                page.assessment
                == report.scores
                == AssessmentResults(page.baseline, page.evaluation)
            )
            if not page.assessment.both:
                continue
            compared += 1
            shown = _show(store.db, code, year, "diff")
            assert shown["baseline"] == sheet_json(page.baseline)
            assert shown["evaluation"] == sheet_json(page.evaluation)
            assert shown["diff"] == diff_json(page.diff)
            base = store.hand[(town, year, "baseline")]
            final = store.hand[(town, year, "evaluation")]
            assert shown["diff"]["domain_totals"] == {
                d: final.totals[d] - base.totals[d] for d in final.totals
            }
            assert shown["diff"]["level_changes"] == {
                d: {
                    "from": {"key": base.levels[d], "label": store.labels[base.levels[d]]},
                    "to": {"key": final.levels[d], "label": store.labels[final.levels[d]]},
                }
                for d in final.levels
            }
            for row in page.assessment.domain_changes():
                assert (row.baseline, row.evaluation, row.change) == (
                    base.totals[row.key],
                    final.totals[row.key],
                    final.totals[row.key] - base.totals[row.key],
                )
                assert (row.baseline_max, row.evaluation_max) == (
                    base.domain_max[row.key],
                    final.domain_max[row.key],
                )
                assert row.baseline_level == store.labels[base.levels[row.key]]
                assert row.evaluation_level == store.labels[final.levels[row.key]]
    assert compared >= 20


def test_the_summary_shows_the_latest_sheets_levels(store):
    from dxfield.reports.summary import load_summary

    names = {}
    with store.db.read_session() as s:
        for town, _code in store.towns:
            names[town] = s.get(Municipality, town).name
    for year in _sample_years(store.years):
        with store.db.read_session() as s:
            data = load_summary(s, year)
        rows = {r.name: r.levels for r in data.rows}
        for town, _code in store.towns:
            latest = store.hand.get((town, year, "evaluation")) or store.hand.get(
                (town, year, "baseline")
            )
            want = (
                tuple(store.labels[latest.levels[d]] for d, _l in data.domains)
                if latest
                else ("",) * len(data.domains)
            )
            assert rows[names[town]] == want


def test_the_annual_figures_equal_the_sums_by_hand(store):
    from dxfield.reports.annual_data import load_annual

    for year in store.years:
        with store.db.read_session() as s:
            figures = load_annual(s, year).as_json()["assessment"]
        base = {t: h for (t, y, k), h in store.hand.items() if y == year and k == "baseline"}
        final = {t: h for (t, y, k), h in store.hand.items() if y == year and k == "evaluation"}
        axis = next(iter((final or base).values()))
        order = list(store.labels)  # one template: its levels, most support first
        assert figures["baseline_responses"] == len(base)
        assert figures["evaluation_responses"] == len(final)
        assert figures["levels"] == [store.labels[k] for k in order]
        both = [t for t in final if t in base]
        assert figures["paired_municipalities"] == len(both)
        for row in figures["domains"]:
            d = row["domain"]
            assert row["max"] == axis.domain_max[d]
            for side, sheets in (("baseline", base), ("evaluation", final)):
                mean = fmean(h.totals[d] for h in sheets.values()) if sheets else None
                assert row[f"{side}_mean"] == (None if mean is None else round(mean, 1))
                counts = Counter(h.levels[d] for h in sheets.values())
                assert row[f"{side}_levels"] == (
                    {store.labels[k]: counts.get(k, 0) for k in order} if sheets else {}
                )
            # 差: the same municipalities in spring and winter, whatever the two means are over.
            change = (
                fmean(final[t].totals[d] for t in both) - fmean(base[t].totals[d] for t in both)
                if both
                else None
            )
            assert row["change"] == (None if change is None else round(change, 1))
            moves = Counter((base[t].levels[d], final[t].levels[d]) for t in both)
            assert row["paired"] == sum(moves.values())
            assert row["improved"] == sum(
                n for (a, b), n in moves.items() if order.index(b) > order.index(a)
            )
            assert row["declined"] == sum(
                n for (a, b), n in moves.items() if order.index(b) < order.index(a)
            )
            assert row["unchanged"] == sum(n for (a, b), n in moves.items() if a == b)
            assert {(m["from"], m["to"]): m["municipalities"] for m in row["transitions"]} == {
                (store.labels[a], store.labels[b]): n for (a, b), n in moves.items()
            }


def test_the_needs_weakest_cells_are_the_prefecture_means(store):
    from dxfield.models import ResponseKind
    from dxfield.needs.overview import AssessmentBasis, assessment_cells

    year = store.years[-1]
    sheets = [h for (_t, y, k), h in store.hand.items() if y == year and k == "baseline"]
    with store.db.read_session() as s:
        cells = assessment_cells(s, AssessmentBasis(year, ResponseKind.BASELINE, len(sheets)))
    assert len(cells) == 16
    for cell in cells:
        key = (cell.stage, cell.domain)
        assert cell.mean == pytest.approx(fmean(h.cells[key] for h in sheets))
        assert cell.maximum == sheets[0].cell_max[key]
    shares = [c.mean / c.maximum for c in cells]
    assert shares == sorted(shares)


# -- the pure model on its own --------------------------------------------------------------


def test_a_results_year_with_one_sheet_has_no_difference(db):
    with db.read_session() as s:
        defn = template_definition(s.scalars(select(AssessmentTemplate)).first())
    sheet = score(defn, {})
    only = AssessmentResults(baseline=sheet)
    assert only.latest is sheet and not only.both and only.diff is None
    assert [c.change for c in only.domain_changes()] == [None] * len(defn.domains)
    assert [c.evaluation_level for c in only.domain_changes()] == [None] * len(defn.domains)
    assert not AssessmentResults() and AssessmentResults().domain_changes() == ()
    both = AssessmentResults(sheet, sheet)
    assert both.diff == diff(sheet, sheet) and both.diff.total == 0


# -- two template versions: every reader compares on the cells both sheets have ------------


def renamed_domain_json() -> tuple[dict, dict]:
    """The shipped template, and a next version whose データ利活用 became オープンデータ (a
    domain of its own, as a revised sheet agreed with the prefecture might have)."""
    from dxfield.assessment.template import template_files

    text = template_files()[0].read_text(encoding="utf-8")
    old, data = json.loads(text), json.loads(text)
    data["template_version"] = "2099.1"
    data["domains"] = [
        {"key": "opendata", "label": "オープンデータ"} if d["key"] == "data" else d
        for d in data["domains"]
    ]
    for q in data["questions"]:
        if q.get("domain") == "data":
            q["domain"] = "opendata"
    return old, data


def renamed_domain() -> tuple[TemplateDef, TemplateDef]:
    from dxfield.assessment.definition import parse_definition

    old, new = renamed_domain_json()
    return parse_definition(old, "shipped"), parse_definition(new, "renamed")


def _best(defn: TemplateDef) -> dict:
    from dxfield.assessment.engine import answers_for_cells

    return answers_for_cells(defn, score(defn, {}).cell_max)  # full marks everywhere


def test_across_template_versions_the_change_is_stated_only_where_both_sheets_have_it():
    from dxfield.reports import charts
    from dxfield.reports.evaluation import EvaluationData, _comparison

    old, new = renamed_domain()
    results = AssessmentResults(score(old, {}), score(new, _best(new)))
    rows = {row.key: row for row in results.domain_changes()}
    assert list(rows) == ["general", "systems", "bpr", "opendata"]  # the evaluation's axes
    assert rows["opendata"].baseline is None and rows["opendata"].change is None
    assert rows["opendata"].evaluation == rows["opendata"].evaluation_max > 0
    assert rows["general"].change == rows["general"].evaluation > 0
    assert "opendata" not in results.diff.domain_totals and not results.diff.same_template

    # The PDF's comparison table and change heatmap say the same: no "+24" from nothing.
    texts = _drawn_texts(_comparison(EvaluationData("和歌山市", "302015", 2025, results)))
    full = str(rows["opendata"].evaluation)
    assert f"{full} / {full}" in texts  # the evaluation's own total
    assert f"+{full}" not in texts
    assert f"+{rows['general'].change}" in texts
    heat = _drawn_texts([charts.heatmap(results.evaluation, change=results.diff)])
    assert heat.count("—") == len(new.stages) + 1  # the オープンデータ column and its total


def _drawn_texts(flowables) -> list[str]:
    """The strings a list of flowables and drawings prints."""
    from reportlab.graphics.shapes import Group, String, UserNode
    from reportlab.platypus import Paragraph, Table

    out: list[str] = []

    def walk(obj) -> None:
        if isinstance(obj, (list, tuple)):
            for o in obj:
                walk(o)
        elif isinstance(obj, str):
            out.append(obj)
        elif isinstance(obj, UserNode):
            walk(obj.provideNode())
        elif isinstance(obj, Group):
            walk(obj.contents)
        elif isinstance(obj, String):
            out.append(obj.text)
        elif isinstance(obj, Table):
            walk([c for row in obj._cellvalues for c in row])
        elif isinstance(obj, Paragraph):
            out.append(obj.text)
        elif hasattr(obj, "_content"):
            walk(obj._content)

    walk(flowables)
    return out


def test_show_page_and_pdf_agree_across_template_versions(db, tmp_path):
    """Spring on the shipped sheet, winter on a revised one: the same change everywhere."""
    from dxfield.assessment.template import ensure_templates, get_template
    from dxfield.masterdata import municipality_id
    from dxfield.models import ResponseKind
    from dxfield.reports.evaluation import EvaluationData, _comparison
    from dxfield.services import assessments
    from dxfield.services.dashboard import municipality_overview
    from tests import factories

    _old, new_json = renamed_domain_json()
    (tmp_path / "assessment-2099.1.json").write_text(
        json.dumps(new_json, ensure_ascii=False), encoding="utf-8"
    )
    town = municipality_id(factories.WAKAYAMA)
    with db.session() as s:
        ensure_templates(s, tmp_path)
        new = template_definition(get_template(s, "2099.1"))
        first = template_definition(s.scalars(select(AssessmentTemplate)).first())
        for kind, defn, answers in (
            (ResponseKind.BASELINE, first, {"GEN-AW-01": "b"}),
            (ResponseKind.EVALUATION, new, _best(new)),
        ):
            response = assessments.create_response(
                s,
                municipality_id=town,
                fiscal_year=2025,
                kind=kind,
                template_id=get_template(s, defn.template_version).id,
            )
            s.flush()
            assessments.set_answers(s, response.id, answers)
    with db.read_session() as s:
        page = municipality_overview(s, town, 2025)
        code = s.get(Municipality, town).code
    results = page.assessment
    assert not results.diff.same_template
    shown = _show(db, code, 2025, "diff")
    assert shown["diff"]["domain_totals"] == results.diff.domain_totals
    assert list(shown["diff"]["domain_totals"]) == ["general", "systems", "bpr"]

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        from dxfield.cli.assessment import run_show

        run_show(
            SimpleNamespace(db=db, data_dir=db.path.parent),
            SimpleNamespace(code=code, year=2025, kind="diff", json=False),
        )
    base, final = results.baseline, results.evaluation
    shared = ("general", "systems", "bpr")
    before = sum(base.domain_total(d) for d in shared)
    after = sum(final.domain_total(d) for d in shared)
    assert f"合計 {before} → {after}（+{after - before}）" in out.getvalue()
    assert final.total > after  # オープンデータ's points are not counted as progress

    rows = {r.key: r for r in results.domain_changes()}
    assert rows["opendata"].change is None and rows["opendata"].baseline is None
    texts = _drawn_texts(_comparison(EvaluationData("和歌山市", code, 2025, results)))
    assert f"+{rows['opendata'].evaluation}" not in texts
    assert [f"+{rows[d].change}" in texts for d in shared] == [True] * 3
