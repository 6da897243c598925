"""``dxfield needs`` read with the stdlib (``quickread.needs``) gives exactly what the ORM
road (``services.needs.list_needs``) gives: the same ``NeedRow``s in the same order, for
every filter of the listing (the theme too), on the demo and on ten programme years;
refusals (an unknown domain, town or a theme that names no tag) still go through the
services."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import null, select

from dxfield import quickread
from dxfield.cli import needs as cli_needs
from dxfield.enums import NeedStatus
from dxfield.models import Need
from tests.core.roads import assert_same_outcome, recording
from ui.main import main

TODAY = "2025-09-15"


@pytest.fixture(scope="module", params=["demo", "ten_years"])
def store(request, tmp_path_factory):
    from datetime import date

    from dxfield.db import open_database
    from dxfield.demo import generate_large, install_demo
    from dxfield.masterdata import ensure_master_data
    from dxfield.services.needs import NeedInput, create_need

    db = open_database(tmp_path_factory.mktemp(request.param) / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
        if request.param == "demo":
            install_demo(s, today=date.fromisoformat(TODAY))
        else:
            generate_large(s, years=10, seed=1)
    with db.session() as s:
        _add_sourced_needs(s)
    with db.session() as s:
        needs = list(s.scalars(select(Need).where(Need.municipality_id.is_not(None)).limit(6)))
        assert needs, "the data set has needs"
        needs[0].deleted = True  # a tombstone the listing leaves out
        kept = needs[1]
        # A prefecture-wide need, an undated one and one filed under その他.
        for town, heard_on, domain in (
            (None, date(kept.fiscal_year, 7, 1), "data"),
            (kept.municipality_id, None, "other"),
        ):
            create_need(
                s,
                NeedInput(
                    municipality_id=town,
                    domain=domain,
                    text=f"追加のニーズ {domain}",
                    themes=["人材育成"],
                    fiscal_year=kept.fiscal_year,
                    heard_on=heard_on,
                    status=NeedStatus.CONSIDERING,
                ),
            )
        town = kept.municipality
        result = (town.code, town.name, kept.fiscal_year)
    yield db, *result
    db.close()


def _add_sourced_needs(s) -> None:
    """Needs heard in each kind of source, in several towns and years (the ten-year data
    has none of its own)."""
    from dxfield.enums import NeedSource
    from dxfield.models import (
        Answer,
        AssessmentResponse,
        NoteSection,
        SurveyAnswer,
        Training,
        Visit,
    )
    from dxfield.services.needs import NeedInput, create_need

    picks = [
        (
            NeedSource.VISIT_NOTE,
            select(NoteSection.id, Visit.municipality_id, Visit.fiscal_year).join(
                Visit, Visit.id == NoteSection.visit_id
            ),
        ),
        (
            NeedSource.ASSESSMENT,
            select(
                Answer.id, AssessmentResponse.municipality_id, AssessmentResponse.fiscal_year
            ).join(AssessmentResponse, AssessmentResponse.id == Answer.response_id),
        ),
        (NeedSource.TRAINING, select(Training.id, null(), Training.fiscal_year)),
        (NeedSource.SURVEY, select(SurveyAnswer.id, null(), null())),
    ]
    statuses = list(NeedStatus)
    domains = ["general", "systems", "bpr", "data", "other"]
    n = 0
    for source, query in picks:
        for source_id, town, year in s.execute(query.limit(7)).all():
            n += 1
            create_need(
                s,
                NeedInput(
                    municipality_id=town,
                    domain=domains[n % 5],
                    text=f"出典つきのニーズ {n}",
                    themes=["人材育成"] if n % 2 else [],
                    fiscal_year=year or 2025,
                    status=statuses[n % len(statuses)],
                    quote=f"引用 {n}",
                    source=source,
                    source_id=source_id,
                ),
            )


def _args(**filters) -> argparse.Namespace:
    return argparse.Namespace(
        year=filters.get("year"),
        domain=filters.get("domain"),
        status=filters.get("status"),
        municipality=filters.get("municipality"),
        theme=filters.get("theme"),
    )


def _quick(db, **filters):
    return quickread.read_current(db.path, lambda conn: quickread.needs(conn, **filters))


def _filters(code, name, year):
    return [
        {},
        {"year": year},
        {"domain": "data"},
        {"domain": "データ利活用"},
        {"domain": "other"},
        {"status": [NeedStatus.OPEN]},
        {"status": [NeedStatus.ADOPTED, NeedStatus.CONSIDERING]},
        {"municipality": code},
        {"municipality": name},
        {"municipality": code, "year": year, "status": [NeedStatus.CONSIDERING]},
        {"year": year, "domain": "BPR"},
        {"year": 1999},
        {"theme": "人材育成"},
        {"theme": " 人材育成 "},  # stored tags are trimmed
        {"theme": "ｵｰﾌﾟﾝﾃﾞｰﾀ"},  # and NFKC: half-width kana find オープンデータ
        {"theme": "人材育成、窓口"},  # a typed list filters by its first tag, as ever
        {"theme": "どこにもないテーマ"},
        {"theme": "人材育成", "municipality": code, "status": [NeedStatus.CONSIDERING]},
        {"theme": "人材育成", "year": year, "domain": "データ利活用"},
    ]


def test_quick_rows_equal_the_orm_rows(store):
    db, code, name, year = store
    for filters in _filters(code, name, year):
        quick = _quick(db, **filters)
        assert quick is not None, filters
        assert quick == cli_needs.rows_from_store(db, _args(**filters)), filters
    rows = _quick(db)
    assert len(rows) > 5
    assert any(r.municipality is None for r in rows)
    assert any(r.heard_on is None for r in rows)
    assert any(r.visit_id for r in rows) or any(r.source_id for r in rows)
    # The theme filters above pick something and leave something out.
    themed = _quick(db, theme="人材育成")
    assert 0 < len(themed) < len(rows)
    assert all("人材育成" in r.themes for r in themed)


def test_cli_output_is_the_same_on_either_road(store, capsys, monkeypatch):
    db, code, _name, year = store
    for args in (
        ["needs", "--json"],
        ["needs"],
        ["needs", "--year", str(year), "--status", "採用", "--status", "検討中"],
        ["needs", "--municipality", code, "--domain", "データ利活用", "--json"],
        ["needs", "--theme", "人材育成", "--json"],
        ["needs", "--theme", "人材育成", "--year", str(year), "--status", "検討中"],
    ):
        argv = ["--data-dir", str(db.path.parent), *args]
        answers = []
        with monkeypatch.context() as patch:
            patch.setattr(quickread, "read_current", recording(quickread.read_current, answers))
            assert main(argv) == 0
        assert answers and answers[0] is not None, args  # the quick road answered
        quick_out = capsys.readouterr().out
        with monkeypatch.context() as patch:
            patch.setattr(quickread, "read_current", lambda path, query: None)
            assert main(argv) == 0
        assert capsys.readouterr().out == quick_out, args


def test_refusals_go_through_the_services(store, capsys):
    db, *_ = store
    assert _quick(db, domain="存在しない分野") is None
    assert _quick(db, municipality="存在しない村") is None
    for bad in (["--domain", "存在しない分野"], ["--municipality", "存在しない村"]):
        assert main(["--data-dir", str(db.path.parent), "needs", *bad]) == 2
        assert "存在しない" in capsys.readouterr().err
    # A theme that names no tag, or too long a tag: refused with the rule's words, not a
    # crash (the list of tags 「、」 leaves was indexed).
    for theme, said in (("、", "テーマ名がありません"), ("長" * 41, "40文字以内")):
        assert _quick(db, theme=theme) is None
        argv = ["--data-dir", str(db.path.parent), "needs", "--theme", theme]
        assert main(argv) == 2
        assert said in capsys.readouterr().err


def test_a_template_still_to_be_loaded_sends_the_listing_to_the_services(
    store, tmp_path, monkeypatch
):
    """The full open loads a shipped template version the store lacks, and its domain
    labels may differ: the quick road leaves that case to it."""
    import json
    import shutil

    from dxfield.paths import resource_path

    db, *_ = store
    shipped = tmp_path / "templates"
    shutil.copytree(resource_path("templates"), shipped)
    assert _quick(db) is not None
    monkeypatch.setattr(
        "dxfield.templatefiles.resource_path", lambda *parts: tmp_path.joinpath(*parts)
    )
    assert _quick(db) is not None  # the same files: nothing to load
    (shipped / "assessment-2099.1.json").write_text(
        json.dumps({"template_version": "2099.1"}), encoding="utf-8"
    )
    assert _quick(db) is None
    # So are the sheet and the template (the newest version would change).
    from dxfield import quickread_sheets

    assert quickread.read_current(db.path, quickread_sheets.newest_template_id) is None


def test_template_versions_order_numerically():
    """ "2025.10" is newer than "2025.9": the one ``templatefiles.version_key`` orders the
    versions on both roads (the quick road's domains, ``templates.live_versions``)."""
    from dxfield import templates
    from dxfield.templatefiles import version_key

    assert templates.version_key is version_key
    assert sorted(["2025.10", "2026.1b", "2025.9", "2026.1", "2025.1"], key=version_key) == [
        "2025.1",
        "2025.9",
        "2025.10",
        "2026.1",
        "2026.1b",
    ]


def test_the_overview_is_the_same_on_either_road(store, capsys, monkeypatch):
    """``needs overview``: the matrix, the totals and the weakest assessment cells of each
    of several years (2001: no needs, no sheet to weigh them against) and status filter, text and JSON, built by ``needs.matrix`` from either road's rows."""
    from dxfield import quickread_sheets
    from dxfield.enums import NeedStatus
    from dxfield.needs.matrix import NeedsOverview

    db, _code, _name, year = store
    commands = []
    for y in (year - 1, year, year + 1, 2001):
        commands += [
            ["needs", "overview", "--year", str(y)],
            ["needs", "overview", "--year", str(y), "--json"],
            ["needs", "overview", "--year", str(y), "--status", "採用", "--status", "検討中"],
        ]
    commands.append(["needs", "overview", "--status", "open", "--json"])  # this year
    answered = assert_same_outcome(db, commands, capsys, monkeypatch)
    assert all(isinstance(a, NeedsOverview) for a in answered)
    assert any(a.total.needs and a.weakest for a in answered)
    assert any(a.basis is None for a in answered)
    for statuses in (None, [NeedStatus.OPEN]):
        quick = quickread.read_current(
            db.path, lambda conn, s=statuses: quickread_sheets.needs_overview(conn, year, s)
        )
        assert quick == cli_needs.overview_from_store(db, year, statuses)
