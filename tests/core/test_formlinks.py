"""The web forms' state as the last sync left it: on the board and the municipality page."""

from __future__ import annotations

import json
from datetime import date

from dxfield.formlinks import KEY, assessment_states, parse
from dxfield.masterdata import municipality_id
from dxfield.models import Phase, ResponseKind, SyncState
from dxfield.services import dashboard

SHIRAHAMA = municipality_id("304018")
TANABE = municipality_id("302066")


def _link(town, state, kind="baseline", **kw):
    return {
        "ref": "r",
        "kind": kind,
        "municipality_id": town,
        "fiscal_year": 2026,
        "state": state,
        "revoked": False,
        "expires_at": "2026-06-01T00:00:00",
        "draft_updated_at": "2026-05-02T03:04:00" if state != "unanswered" else None,
        "submitted_at": "2026-05-03T05:06:00" if state == "answered" else None,
        **kw,
    }


def test_the_furthest_link_counts_and_a_revoked_unsent_one_not_at_all():
    links = [
        _link(SHIRAHAMA, "unanswered"),
        _link(SHIRAHAMA, "draft"),
        _link(TANABE, "draft", revoked=True),
        _link(TANABE, "answered", kind="evaluation"),
    ]
    states = assessment_states(links, 2026)
    assert states[SHIRAHAMA].describe() == "回答中（05/02 03:04 保存）"
    assert TANABE not in states
    assert assessment_states(links, 2026, "evaluation")[TANABE].label == "回答済"
    assert parse("not json") == [] and parse('{"a": 1}') == []


def test_the_board_and_the_municipality_page_show_the_state(db):
    with db.session() as session:
        links = [_link(SHIRAHAMA, "draft"), _link(SHIRAHAMA, "answered", kind="evaluation")]
        session.add(SyncState(key=KEY, value=json.dumps(links)))
    with db.read_session() as session:
        rows = dashboard.board(session, 2026, today=date(2026, 5, 10))
        page = dashboard.municipality_overview(session, SHIRAHAMA, 2026)
    cells = {row.municipality_id: row.cells for row in rows}
    sheet = next(c for c in cells[SHIRAHAMA] if c.phase == Phase.ASSESSMENT_SHEET)
    assert sheet.form.label == "回答中"
    assert all(c.form is None for c in cells[TANABE])
    assert [(kind, status.label) for kind, status in page.forms] == [
        (ResponseKind.BASELINE, "回答中"),
        (ResponseKind.EVALUATION, "回答済"),
    ]
