"""``dxfield export …``: assessments, visits, trainings and action items in the formats people
open."""

from __future__ import annotations

from pathlib import Path

from ..errors import ExportError
from ..messages import msg
from .args import year

VISIT_FORMATS = (".xlsx", ".ics")


def register(subparsers) -> None:
    p = subparsers.add_parser("export", help="write data to Excel, CSV or iCalendar (書き出し)")
    sub = p.add_subparsers(dest="what", metavar="WHAT", required=True)

    for name, what, files, func in (
        (
            "assessments",
            "assessment answers as CSV (UTF-8 BOM) or .xlsx",
            "FILE.csv or FILE.xlsx",
            run_assessments,
        ),
        (
            "visits",
            "visits as .xlsx or an iCalendar .ics for Outlook/Google",
            "FILE.xlsx or FILE.ics",
            run_visits,
        ),
        (
            "trainings",
            "trainings as .xlsx or an iCalendar .ics",
            "FILE.xlsx or FILE.ics",
            run_trainings,
        ),
        ("actions", "action items as .xlsx", "FILE.xlsx", run_actions),
    ):
        cmd = sub.add_parser(name, help=what)
        cmd.add_argument("-o", "--output", required=True, metavar="FILE", help=files)
        cmd.add_argument("--year", type=year, metavar="Y", help="only this programme year (年度)")
        cmd.set_defaults(func=func)


def _output(args, allowed: tuple[str, ...]) -> Path:
    path = Path(args.output).expanduser()
    if path.suffix.lower() not in allowed:
        raise ExportError(msg("export.format_unknown", name=path.name, allowed=" / ".join(allowed)))
    return path


def run_assessments(ctx, args) -> int:
    from ..io.assessment_export import export_assessments

    path = _output(args, (".csv", ".xlsx"))
    with ctx.db.read_session() as session:
        count = export_assessments(session, path, year=args.year)
    print(f"アセスメント回答 {count} 件を書き出しました: {path}")
    return 0


def _calendar_or_workbook(ctx, args, what: str, label: str) -> int:
    """Visits or trainings: an iCalendar file or a workbook, by the file's suffix."""
    path = _output(args, VISIT_FORMATS)
    with ctx.db.read_session() as session:
        if path.suffix.lower() == ".ics":
            from ..io import ics

            count = getattr(ics, f"export_{what}_ics")(session, path, year=args.year)
        else:
            from ..io import exports

            count = getattr(exports, f"export_{what}_xlsx")(session, path, year=args.year)
    print(f"{label} {count} 件を書き出しました: {path}")
    return 0


def run_visits(ctx, args) -> int:
    return _calendar_or_workbook(ctx, args, "visits", "訪問・面談")


def run_trainings(ctx, args) -> int:
    return _calendar_or_workbook(ctx, args, "trainings", "研修")


def run_actions(ctx, args) -> int:
    from ..io.exports import export_actions_xlsx

    path = _output(args, (".xlsx",))
    with ctx.db.read_session() as session:
        count = export_actions_xlsx(session, path, year=args.year)
    print(f"アクション {count} 件を書き出しました: {path}")
    return 0
