"""``dxfield assessment blank-sheet``: the sheet as an Excel file a municipality fills in."""

from __future__ import annotations

from pathlib import Path

from ..errors import ExportError
from ..messages import msg
from .args import text, year


def register_blank_sheet(assessment_subparsers) -> None:
    b = assessment_subparsers.add_parser(
        "blank-sheet",
        help="write the sheet as a fillable .xlsx (drop-downs); it imports back as it is",
    )
    b.add_argument("-o", "--output", required=True, metavar="FILE", help="FILE.xlsx")
    b.add_argument("--version", metavar="V", help="template version (default: the newest)")
    b.add_argument("--year", type=year, metavar="Y", help="year (年度) to fill in beforehand")
    b.add_argument("--kind", choices=["baseline", "evaluation"], default="baseline")
    b.add_argument(
        "--municipality",
        metavar="CODE",
        type=text("市町村"),
        help="municipality to fill in beforehand",
    )
    b.set_defaults(func=run_blank_sheet)


def run_blank_sheet(ctx, args) -> int:
    from ..assessment.template import current_template, get_template, template_definition
    from ..io.blank_sheet import write_blank_sheet
    from ..models import ResponseKind
    from ..services.municipalities import get_by_code, list_municipalities

    path = Path(args.output).expanduser()
    if path.suffix.lower() != ".xlsx":
        raise ExportError(msg("export.blank_sheet_suffix", stem=path.stem))
    with ctx.db.read_session() as session:
        template = (
            get_template(session, args.version) if args.version else current_template(session)
        )
        defn = template_definition(template)
        names = [m.name for m in list_municipalities(session)]
        preset = get_by_code(session, args.municipality).name if args.municipality else None
        write_blank_sheet(
            path,
            defn,
            names,
            fiscal_year=args.year,
            kind=ResponseKind(args.kind),
            municipality=preset,
        )
    print(
        f"アセスメントシート（{defn.template_version}、{len(defn.questions)} 問）を書き出しました: {path}"
    )
    return 0
