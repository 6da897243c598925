"""The needs register: recording, promoting what was heard, weighing, listing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from dxfield.errors import NotFoundError, ValidationError
from dxfield.masterdata import municipality_id
from dxfield.models import Need, NeedSource, NeedStatus, NoteKind, PendingChange, ResponseKind
from dxfield.services import need_sources, needs, visits
from dxfield.services.assessments import create_response, set_answers
from tests import factories
from tests.needs_data import KITAYAMA, WAKAYAMA, needs_world


def _input(**overrides) -> needs.NeedInput:
    values = {
        "municipality_id": municipality_id(WAKAYAMA),
        "domain": "data",
        "text": "オープンデータを始めたい",
        "heard_on": date(2025, 6, 10),
    }
    values.update(overrides)
    return needs.NeedInput(**values)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "あ" * 2001}, "text"),
        ({"domain": "finance"}, "domain"),
        ({"municipality_id": "no-such-town"}, "municipality_id"),
        ({"heard_on": date(2026, 4, 2), "fiscal_year": 2025}, "heard_on"),
        ({"themes": ["あ" * 41]}, "themes"),
        ({"measure": "施" * 201}, "measure"),
    ],
)
def test_a_need_that_breaks_a_rule_names_the_field_and_writes_nothing(session, overrides, field):
    with pytest.raises(ValidationError) as caught:
        needs.create_need(session, _input(**overrides))
    assert caught.value.field == field
    assert session.scalar(select(func.count()).select_from(Need)) == 0


def test_a_recorded_need_is_queued_for_sync_with_clean_tags(session):
    need = needs.create_need(session, _input(themes=["ｵｰﾌﾟﾝﾃﾞｰﾀ", "窓口、BPR", "オープンデータ"]))
    assert need.themes == ["オープンデータ", "窓口", "BPR"]
    assert need.fiscal_year == 2025  # from the day it was heard
    assert session.get(PendingChange, ("need", need.id)) is not None


def test_promoting_a_note_line_takes_town_year_day_and_words_from_the_visit(session):
    world = needs_world(session)
    row = needs.need_row(session, world.opendata_kitayama)
    assert (row.municipality, row.fiscal_year, row.heard_on) == ("北山村", 2025, date(2025, 6, 11))
    # The list mark 「1.」 is not part of the quote; the domain and tag are guessed.
    assert row.quote == row.text == "オープンデータのCSVの作り方を職員向けに説明してほしい。"
    assert (row.domain, row.themes) == ("data", ("オープンデータ",))
    assert row.source is NeedSource.VISIT_NOTE and row.visit_id == world.kitayama_visit
    assert row.origin == "面談記録（全体相談 2025-06-11・要望）"


def test_the_same_line_promoted_twice_or_on_two_laptops_is_one_need(session):
    world = needs_world(session)
    lines = need_sources.note_lines(session, world.wakayama_visit)
    # The heading 【要望】 is not a line that could be a need.
    assert [line.registered for line in lines] == [True, True]
    again = need_sources.promote(session, *_where(lines[0]))
    assert again == need_sources.PromoteResult(world.opendata_wakayama, False)
    # Another laptop computes the same id from the same section and words.
    assert lines[0].need_id == world.opendata_wakayama
    assert session.scalar(select(func.count()).select_from(Need)) == 4


def _where(line: need_sources.SourceLine) -> tuple:
    return line.source, line.source_id, line.line


def test_a_deleted_need_comes_back_when_its_line_is_promoted_again(session):
    world = needs_world(session)
    needs.delete_need(session, world.kakanai_wakayama)
    line = need_sources.note_lines(session, world.wakayama_visit)[1]
    assert not line.registered
    result = need_sources.promote(session, *_where(line), domain="bpr", themes=["書かない窓口"])
    assert result.created and result.need_id == world.kakanai_wakayama
    assert needs.get_need(session, result.need_id).status is NeedStatus.OPEN


def test_a_line_no_longer_in_the_note_cannot_be_promoted(session):
    world = needs_world(session)
    [line] = need_sources.note_lines(session, world.kitayama_visit)
    with pytest.raises(ValidationError) as caught:
        need_sources.promote(session, line.source, line.source_id, "書いていないこと")
    assert caught.value.field == "quote"
    with pytest.raises(ValidationError):
        need_sources.promote_note_line(session, world.kitayama_visit, 2)


def test_editing_the_note_keeps_the_need_and_its_words_and_finds_the_line(session):
    world = needs_world(session)
    visits.set_note_section(
        session,
        world.wakayama_visit,
        NoteKind.REQUESTS,
        "・新しい要望が先頭に入った。\n" + "・書かない窓口の先行事例を知りたい。\n",
    )
    need = needs.get_need(session, world.kakanai_wakayama)
    assert need.quote == "書かない窓口の先行事例を知りたい。"
    visit_id, kind, offset = need_sources.note_offset(session, need.id)
    body = visits.get_notes(session, visit_id)[kind].body
    assert body[offset:].startswith("・書かない窓口")
    # The line that was removed keeps its need; the note just no longer holds it.
    assert needs.get_need(session, world.opendata_wakayama).quote.startswith("オープンデータ")


def test_a_free_text_assessment_answer_becomes_a_need_dated_when_answered(session):
    response = create_response(
        session,
        municipality_id=municipality_id(KITAYAMA),
        fiscal_year=2025,
        kind=ResponseKind.BASELINE,
        answered_on=date(2025, 5, 2),
    )
    set_answers(
        session,
        response.id,
        {
            "FREE-02": "・システム標準化の移行スケジュール管理を手伝ってほしい\n・特になし",
            "GEN-AW-01": "b",
        },
    )
    lines = need_sources.answer_lines(session, response.id)
    assert [line.line for line in lines] == [
        "システム標準化の移行スケジュール管理を手伝ってほしい",
        "特になし",
    ]
    assert lines[0].label.startswith("FREE-02 ")
    result = need_sources.promote(session, *_where(lines[0]))
    row = needs.need_row(session, result.need_id)
    assert (row.municipality, row.heard_on, row.domain) == ("北山村", date(2025, 5, 2), "systems")
    assert row.origin == "アセスメントシート（2025年度 当初（ベースライン）・FREE-02）"


def test_a_survey_comment_becomes_a_need_of_the_respondents_town(session):
    training = factories.training(session, municipalities=(WAKAYAMA, KITAYAMA))
    factories.survey_response(
        session,
        training.id,
        {"CHG-AWARE": "5", "FREE-NEEDS": "RPAに向く業務の見つけ方を教えてほしい"},
        municipality=KITAYAMA,
    )
    [line] = need_sources.survey_comment_lines(session, training.id)
    result = need_sources.promote(session, *_where(line))
    row = needs.need_row(session, result.need_id)
    assert (row.municipality, row.source, row.domain) == ("北山村", NeedSource.SURVEY, "bpr")
    assert row.origin.startswith("研修アンケート（DX入門研修")


def test_a_need_heard_at_a_joint_training_names_whoever_said_it(session):
    training = factories.training(session, municipalities=(WAKAYAMA, KITAYAMA))
    result = need_sources.promote(
        session,
        NeedSource.TRAINING,
        training.id,
        "他の町村と共同で生成AIを試したい",
        municipality_id=municipality_id(KITAYAMA),
    )
    row = needs.need_row(session, result.need_id)
    assert (row.municipality, row.heard_on, row.themes[0]) == (
        "北山村",
        date(2025, 6, 10),
        "生成AI",
    )
    # Without a name, a training of several towns gives a prefecture-wide need.
    other = need_sources.promote(
        session, NeedSource.TRAINING, training.id, "県で研修動画を続けてほしい"
    )
    assert needs.need_row(session, other.need_id).place == "県全体"


def test_listing_filters_by_year_domain_status_town_and_tag(session):
    world = needs_world(session)

    def ids(**filters) -> set[str]:
        return {r.id for r in needs.list_needs(session, **filters)}

    assert ids(year=2025, domain="data") == {world.opendata_wakayama, world.opendata_kitayama}
    assert ids(status=NeedStatus.CONSIDERING) == {world.kakanai_wakayama, world.opendata_kitayama}
    assert ids(status=needs.PROPOSED, municipality_id=municipality_id(WAKAYAMA)) == {
        world.opendata_wakayama,
        world.kakanai_wakayama,
    }
    assert ids(theme="ｵｰﾌﾟﾝﾃﾞｰﾀ") == {world.opendata_wakayama, world.opendata_kitayama}
    assert ids(year=2024) == set()


def test_weighing_several_needs_checks_every_id_first(session):
    world = needs_world(session)
    with pytest.raises(NotFoundError):
        needs.set_status(session, [world.training_shingu, "no-such-need"], NeedStatus.ADOPTED)
    assert needs.get_need(session, world.training_shingu).status is NeedStatus.DECLINED
    assert needs.set_status(
        session, [world.training_shingu], NeedStatus.ADOPTED, note="全体研修として実施"
    )
    need = needs.get_need(session, world.training_shingu)
    assert (need.status, need.note) == (NeedStatus.ADOPTED, "全体研修として実施")
    assert not needs.set_status(session, [world.training_shingu], NeedStatus.ADOPTED)


def test_editing_a_need_changes_what_was_written_not_where_it_was_heard(session):
    world = needs_world(session)
    row = needs.need_row(session, world.opendata_kitayama)
    data = needs.need_input(row)
    data.text = "オープンデータ公開用CSVの作成研修"
    data.source, data.source_id, data.quote = NeedSource.OTHER, None, ""
    needs.update_need(session, row.id, data)
    after = needs.need_row(session, row.id)
    assert after.text == "オープンデータ公開用CSVの作成研修"
    assert (after.source, after.source_id, after.quote) == (row.source, row.source_id, row.quote)
