"""Test data builders: one place, small defaults, override what a test cares about."""

from __future__ import annotations

from datetime import datetime

from dxfield.masterdata import municipality_id
from dxfield.models import Phase, Role, TeamMember, VisitMethod
from dxfield.services.visits import VisitInput, create_visit

WAKAYAMA = "302015"
KITAYAMA = "304271"


def team_member(session, name="山田 太郎", role=Role.LEAD, **kw) -> TeamMember:
    member = TeamMember(name=name, role=role, **kw)
    session.add(member)
    session.flush()
    return member


def visit_input(**overrides) -> VisitInput:
    values = {
        "municipality_id": municipality_id(WAKAYAMA),
        "phase": Phase.OVERALL,
        "starts_at": datetime(2025, 6, 10, 10, 0),
        "ends_at": datetime(2025, 6, 10, 12, 0),
        "method": VisitMethod.VISIT,
        "location": "和歌山市役所 本庁舎 5階会議室",
        "agenda": "全体相談：アセスメント結果の確認",
    }
    values.update(overrides)
    return VisitInput(**values)


def visit(session, **overrides):
    created, _warnings = create_visit(session, visit_input(**overrides))
    return created
