"""``dxfield trainings``: the programme year's trainings (研修) with attendees and responses.

Served by ``dxfield.quickread`` (stdlib sqlite3) when the store is up to date, so a listing
does not wait for SQLAlchemy and the models; otherwise, and for every refusal (an unknown
municipality), through the services. Both roads build the same ``TrainingSummary``."""

from __future__ import annotations

from .. import quickread
from ..enums import TrainingKind
from .args import text, year
from .context import print_json, print_table, quick_or_services


def register(subparsers) -> None:
    p = subparsers.add_parser("trainings", help="list trainings (研修) with attendees")
    p.add_argument("--year", type=year, metavar="Y", help="programme year (年度), e.g. 2025")
    p.add_argument(
        "--municipality", type=text("市町村"), metavar="CODE", help="municipality code or name"
    )
    p.add_argument("--kind", choices=[k.value for k in TrainingKind])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def _count(n: int | None) -> str:
    return "未集計" if n is None else str(n)


def rows_from_store(db, municipality: str | None, year: int | None, kind: str | None):
    """The listing through the services (the ORM road)."""
    from ..services.municipalities import get_by_code
    from ..services.trainings import training_summaries

    with db.read_session() as session:
        municipality_id = get_by_code(session, municipality).id if municipality else None
        return training_summaries(
            session,
            year=year,
            municipality_id=municipality_id,
            kind=TrainingKind(kind) if kind else None,
        )


def run(ctx, args) -> int:
    rows = quick_or_services(
        ctx,
        lambda conn: quickread.trainings(
            conn, year=args.year, municipality=args.municipality, kind=args.kind
        ),
        lambda: rows_from_store(ctx.db, args.municipality, args.year, args.kind),
    )
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    print_table(
        ["ID", "日時", "種類", "研修名", "参加市町村", "参加者", "回答", "状態"],
        [
            [
                r.id,
                f"{r.starts_at:%Y-%m-%d %H:%M}",
                r.kind.label,
                r.title,
                r.towns_short or "（全市町村）",
                _count(r.attendees.total),
                r.responses,
                r.status.label,
            ]
            for r in rows
        ],
    )
    return 0
