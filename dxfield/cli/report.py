"""``dxfield report``: the PDF handouts and reports (帳票)."""

from __future__ import annotations

from datetime import date

from .. import fiscal
from ..reports import (
    write_day_handouts,
    write_municipality_report,
    write_programme_summary,
    write_visit_handout,
)
from ..services.municipalities import get_by_code
from .args import day, year


def register(subparsers) -> None:
    p = subparsers.add_parser("report", help="PDF handouts and reports (面談記録・成果把握・一覧)")
    sub = p.add_subparsers(dest="report_command", metavar="SUBCOMMAND", required=True)

    def common(q, output_help: str = "PDF file to write") -> None:
        q.add_argument("-o", "--output", required=True, metavar="FILE", help=output_help)
        q.add_argument(
            "--issued",
            type=day,
            metavar="YYYY-MM-DD",
            help="date of issue printed in the footer (default: today)",
        )

    v = sub.add_parser("visit", help="the handout of one visit (面談記録)")
    v.add_argument("visit_id", metavar="VISIT_ID")
    common(v)
    v.set_defaults(func=run_visit)

    m = sub.add_parser("municipality", help="a municipality's evaluation report (成果把握)")
    m.add_argument("code", metavar="CODE", help="municipality code or name")
    m.add_argument("--year", type=year, metavar="Y", help="programme year (年度); default: current")
    common(m)
    m.set_defaults(func=run_municipality)

    s = sub.add_parser("summary", help="all municipalities through the six phases (支援状況一覧)")
    s.add_argument("--year", type=year, metavar="Y", help="programme year (年度); default: current")
    common(s)
    s.set_defaults(func=run_summary)

    d = sub.add_parser("day", help="all handouts of one day")
    d.add_argument("day", type=day, metavar="DATE", help="YYYY-MM-DD")
    common(d, "a folder (one PDF per visit) or a .pdf file (all in one, to print in one go)")
    d.set_defaults(func=run_day)


def _year(args) -> int:
    return args.year if args.year is not None else fiscal.fiscal_year_of(date.today())


def run_visit(ctx, args) -> int:
    with ctx.db.read_session() as session:
        path = write_visit_handout(session, args.visit_id, args.output, issued_on=args.issued)
    print(path)
    return 0


def run_municipality(ctx, args) -> int:
    with ctx.db.read_session() as session:
        town = get_by_code(session, args.code)
        path = write_municipality_report(
            session, town.id, _year(args), args.output, issued_on=args.issued
        )
    print(path)
    return 0


def run_summary(ctx, args) -> int:
    with ctx.db.read_session() as session:
        path = write_programme_summary(session, _year(args), args.output, issued_on=args.issued)
    print(path)
    return 0


def run_day(ctx, args) -> int:
    with ctx.db.read_session() as session:
        paths = write_day_handouts(session, args.day, args.output, issued_on=args.issued)
    for path in paths:
        print(path)
    return 0
