"""Data for the report tests: a visit with everything a handout shows, and assessment
sheets that score known numbers (the proposal's example) through the real engine."""

from __future__ import annotations

from datetime import date, datetime

from dxfield.assessment.engine import answers_for_cells
from dxfield.assessment.template import current_template, template_definition
from dxfield.masterdata import municipality_id
from dxfield.models import NoteKind, OwnerSide, Phase, Role, VisitStatus
from dxfield.services.assessments import create_response, set_answers
from dxfield.services.municipalities import save_contact
from dxfield.services.visits import add_action_item, set_note_section
from tests import factories

# The proposal's example municipality (BRIEF.md): rows are stages, columns domains.
EXAMPLE_CELLS = ((5, 3, 2, 1), (4, 2, 3, 0), (3, 0, 1, 1), (2, 1, 1, 1))
SPRING_CELLS = ((3, 2, 1, 0), (2, 1, 2, 0), (1, 0, 0, 1), (1, 0, 0, 0))

INTERNAL_SECRET = "【内部メモ】首長と議会の関係に注意。この文は印刷してはならない。"


def answer_sheet(session, code, year, kind, rows=EXAMPLE_CELLS):
    """A response whose cells score ``rows`` (stages × domains), through the real engine."""
    defn = template_definition(current_template(session))
    targets = {
        (stage, domain): rows[i][j]
        for i, (stage, _) in enumerate(defn.stages)
        for j, (domain, _) in enumerate(defn.domains)
    }
    response = create_response(
        session, municipality_id=municipality_id(code), fiscal_year=year, kind=kind
    )
    set_answers(session, response.id, answers_for_cells(defn, targets))
    session.flush()
    return response


def full_visit(session, **overrides):
    """A done 全体相談 with team, notes (one internal), actions, contacts and a next visit."""
    lead = factories.team_member(session, "山田 太郎", Role.LEAD, email="yamada@example.jp")
    support = factories.team_member(session, "佐藤 花子", Role.SUPPORT)
    values = {
        "participants": "情報政策課 課長 鈴木一郎、同課 主査 田中次郎",
        "member_ids": [lead.id, support.id],
        "remote_member_ids": [support.id],
        "status": VisitStatus.DONE,
    }
    values.update(overrides)
    visit = factories.visit(session, **values)
    set_note_section(
        session,
        visit.id,
        NoteKind.CURRENT_STATE,
        "庁内にDX推進本部を設置済み（令和6年度）。\n各課のDX推進員は12名。",
    )
    set_note_section(session, visit.id, NoteKind.ISSUES, "業務の棚卸しが進んでいない。")
    set_note_section(session, visit.id, NoteKind.MEMO, INTERNAL_SECRET, internal=True)
    add_action_item(
        session,
        visit.id,
        "窓口業務の棚卸し表を作成する",
        OwnerSide.MUNICIPALITY,
        owner_name="情報政策課",
        due_on=date(2025, 7, 31),
    )
    add_action_item(session, visit.id, "BPR研修の日程案を送付する", OwnerSide.ADVISORS)
    save_contact(
        session,
        municipality_id(factories.WAKAYAMA),
        {
            "name": "鈴木 一郎",
            "department": "情報政策課",
            "title": "課長",
            "phone": "073-000-0000",
            "is_primary": True,
            "notes": "内部向け：折り返しは午後のみ",
        },
    )
    factories.visit(
        session,
        starts_at=datetime(2025, 8, 20, 13, 30),
        ends_at=datetime(2025, 8, 20, 15, 0),
        phase=Phase.DOMAIN,
    )
    session.flush()
    return visit
