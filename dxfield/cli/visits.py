from __future__ import annotations

from ..models import Phase, VisitMethod, VisitStatus
from ..services.municipalities import get_by_code
from ..services.visits import list_visits
from .args import text, year
from .context import print_json, print_table


def register(subparsers) -> None:
    p = subparsers.add_parser("visits", help="list visits (訪問・面談)")
    p.add_argument(
        "--municipality", metavar="CODE", type=text("市町村"), help="municipality code or name"
    )
    p.add_argument("--year", type=year, metavar="Y", help="programme year (年度), e.g. 2025")
    p.add_argument("--phase", choices=[ph.value for ph in Phase])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    with ctx.db.read_session() as session:
        municipality_id = get_by_code(session, args.municipality).id if args.municipality else None
        visits = list_visits(
            session,
            municipality_id=municipality_id,
            year=args.year,
            phase=Phase(args.phase) if args.phase else None,
        )
        data = [
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
