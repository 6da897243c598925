"""``dxfield trainings``: the programme year's trainings (研修) with attendees and responses."""

from __future__ import annotations

from ..enums import TrainingKind
from ..services.municipalities import get_by_code
from ..services.trainings import training_summaries
from .args import text, year
from .context import print_json, print_table


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


def run(ctx, args) -> int:
    with ctx.db.read_session() as session:
        municipality_id = get_by_code(session, args.municipality).id if args.municipality else None
        rows = training_summaries(
            session,
            year=args.year,
            municipality_id=municipality_id,
            kind=TrainingKind(args.kind) if args.kind else None,
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
