"""Needs across municipalities, the weakest assessment cells, and the proposal's versions."""

from __future__ import annotations

from datetime import date

from dxfield.models import NeedStatus, ResponseKind
from dxfield.needs.overview import Town, needs_overview
from dxfield.needs.proposal import ProposalContent, build_proposal, compare
from dxfield.services import need_sources, needs, proposals
from tests.needs_data import needs_world


def test_domain_by_theme_counts_needs_and_names_who_asked(session):
    needs_world(session)
    overview = needs_overview(session, 2025)
    opendata = overview.cell("data", "オープンデータ")
    assert opendata.needs == 2
    assert opendata.towns == (Town("302015", "和歌山市"), Town("304271", "北山村"))
    # A need with two tags counts in both columns, once in its domain.
    assert overview.cell("bpr", "書かない窓口").needs == 1
    assert overview.cell("bpr", "広域連携・事例共有").needs == 1
    assert overview.domain_totals["bpr"].needs == 1
    assert overview.total.needs == 4 and overview.total.municipalities == 3
    assert overview.status_counts[NeedStatus.DECLINED] == 1
    # Only what the proposal takes up: the declined training need drops out.
    proposed = needs_overview(session, 2025, statuses=needs.PROPOSED)
    assert proposed.domain_totals["general"].needs == 0
    assert proposed.total.municipalities == 2


def test_the_weakest_cells_are_the_prefecture_means_of_the_baseline(session):
    needs_world(session)
    overview = needs_overview(session, 2025)
    assert overview.basis.label == "2025年度 当初（ベースライン）（2市町村）"
    cells = {(c.stage, c.domain): c for c in overview.assessment}
    assert len(cells) == 16
    # Hand-computed from the two sheets (the proposal's example and the spring sheet).
    assert cells[("awareness", "general")].mean == (5 + 3) / 2
    assert cells[("policy", "bpr")].mean == (3 + 2) / 2
    assert cells[("execution", "systems")].mean == (1 + 0) / 2
    # Two cells where both towns scored nothing are the weakest, in the sheet's order.
    assert [(c.stage_label, c.domain_label, c.mean) for c in overview.weakest[:2]] == [
        ("全体方針の決定", "データ利活用", 0.0),
        ("推進体制の整備", "情報システム", 0.0),
    ]
    ratios = [c.ratio for c in overview.assessment]
    assert ratios == sorted(ratios)


def test_without_this_years_sheets_the_last_evaluation_is_the_basis(session):
    from tests.reports.builders import SPRING_CELLS, answer_sheet

    answer_sheet(session, "302015", 2024, ResponseKind.EVALUATION, SPRING_CELLS)
    overview = needs_overview(session, 2025)
    assert overview.basis.label == "2024年度 評価（1市町村）"


def test_the_proposal_groups_adopted_and_considered_needs_into_measures(session):
    world = needs_world(session)
    content = build_proposal(session, 2025)
    assert content.title == "令和8年度 市町村行政DX推進事業に係る提案のたたき台"
    titles = [m.title for m in content.measures]
    # Two towns asked about open data, one about the counter: most towns first.
    assert titles == ["オープンデータ（データ利活用）", "書かない窓口（BPR）"]
    opendata = content.measures[0]
    assert opendata.towns == ("和歌山市", "北山村")
    assert (opendata.count(NeedStatus.ADOPTED), opendata.count(NeedStatus.CONSIDERING)) == (1, 1)
    assert [who for _q, who in opendata.quotes] == [
        "和歌山市・面談記録（全体相談 2025-06-10・要望）",
        "北山村・面談記録（全体相談 2025-06-11・要望）",
    ]
    assert opendata.cells[0].stage_label == "全体方針の決定"  # weakest first
    assert world.training_shingu not in content.need_ids  # declined
    assert content.status_counts == {"open": 0, "adopted": 1, "considering": 2, "declined": 1}
    # A need assigned to a measure by name is filed under it.
    needs.set_status(session, [world.training_shingu], NeedStatus.ADOPTED)
    row = needs.need_row(session, world.training_shingu)
    data = needs.need_input(row)
    data.measure = "市町村職員の階層別研修"
    needs.update_need(session, row.id, data)
    assert "市町村職員の階層別研修" in [m.title for m in build_proposal(session, 2025).measures]


def test_a_snapshot_reads_back_as_it_was_written(session):
    needs_world(session)
    content = build_proposal(session, 2025)
    assert ProposalContent.from_json(content.to_json()) == content


def test_versions_are_kept_and_compared(session):
    world = needs_world(session)
    may, created = proposals.save_draft(
        session, 2025, label="5月たたき台", issued_on=date(2025, 5, 30)
    )
    assert created
    # Nothing changed: the newest version is returned, not a copy.
    again, created = proposals.save_draft(session, 2025, issued_on=date(2025, 6, 30))
    assert (again.id, created) == (may.id, False)
    # Later in the year: a new need is adopted, another moves from 検討中 to 採用.
    line = need_sources.note_lines(session, world.shingu_visit)[0]
    needs.set_status(session, [line.need_id, world.opendata_kitayama], NeedStatus.ADOPTED)
    september, created = proposals.save_draft(
        session, 2025, label="9月改訂", issued_on=date(2025, 9, 30)
    )
    assert created
    old, new, change = proposals.compare_drafts(session, may.id, september.id)
    assert (old.name, new.name) == ("5月たたき台", "9月改訂")
    assert change.measures_added == ("職員研修・人材育成（DX全般）",)
    assert [n.municipality for n in change.needs_added] == ["新宮市"]
    assert [(n.municipality, a, b) for n, a, b in change.status_changed] == [
        ("北山村", "considering", "adopted")
    ]
    # The May version still reads as it was, whatever happened to the needs since.
    needs.delete_need(session, world.opendata_wakayama)
    may_content = proposals.draft_content(proposals.get_draft(session, may.id))
    assert world.opendata_wakayama in may_content.need_ids
    assert [r.name for r in proposals.list_drafts(session, year=2025)] == ["5月たたき台", "9月改訂"]
    assert compare(may_content, may_content).unchanged
