"""``dxfield visits``: served by ``dxfield.quickread`` (stdlib sqlite3) when the store is up
to date, so a listing does not wait for SQLAlchemy and the models; otherwise, and for every
refusal (an unknown municipality), through the services."""

from __future__ import annotations

from .. import quickread
from ..enums import Phase, VisitMethod, VisitStatus
from .args import text, year
from .context import print_json, print_table, quick_or_services


def register(subparsers) -> None:
    p = subparsers.add_parser("visits", help="list visits (訪問・面談)")
    p.add_argument(
        "--municipality", metavar="CODE", type=text("市町村"), help="municipality code or name"
    )
    p.add_argument("--year", type=year, metavar="Y", help="programme year (年度), e.g. 2025")
    p.add_argument("--phase", choices=[ph.value for ph in Phase])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def rows_from_store(db, municipality: str | None, year: int | None, phase: str | None):
    """The listing through the services (the ORM road)."""
    from ..services.municipalities import get_by_code
    from ..services.visits import list_visits

    with db.read_session() as session:
        municipality_id = get_by_code(session, municipality).id if municipality else None
        visits = list_visits(
            session,
            municipality_id=municipality_id,
            year=year,
            phase=Phase(phase) if phase else None,
        )
        return [
            {
                "id": v.id,
                "municipality_code": v.municipality.code,
                "municipality": v.municipality.name,
                "fiscal_year": v.fiscal_year,
                "phase": v.phase.value,
                "starts_at": v.starts_at.isoformat(timespec="minutes"),
                "ends_at": v.ends_at.isoformat(timespec="minutes"),
                "method": v.method.value,
                "status": v.status.value,
                "location": v.location,
                "team": [m.member_id for m in v.members],
            }
            for v in visits
        ]


def run(ctx, args) -> int:
    data = quick_or_services(
        ctx,
        lambda conn: quickread.visits(
            conn, municipality=args.municipality, year=args.year, phase=args.phase
        ),
        lambda: rows_from_store(ctx.db, args.municipality, args.year, args.phase),
    )
    if args.json:
        print_json(data)
    else:
        print_table(
            ["ID", "日時", "市町村", "フェーズ", "方法", "状態"],
            [
                [
                    d["id"],
                    d["starts_at"].replace("T", " "),
                    d["municipality"],
                    Phase(d["phase"]).label,
                    VisitMethod(d["method"]).label,
                    VisitStatus(d["status"]).label,
                ]
                for d in data
            ],
        )
    return 0
