"""``dxfield report``: the PDF handouts and reports (帳票)."""

from __future__ import annotations

from datetime import date

from .. import fiscal
from ..messages import msg
from .args import day, year

# reportlab and the store's stack are imported by the commands that write a report, so that
# `dxfield report --help` answers at once.


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
    v.add_argument(
        "--form-link",
        metavar="URL",
        help="print this web-form link with its QR code (from `dxfield invite add`)",
    )
    v.add_argument(
        "--form-link-expires", metavar="TEXT", default="", help="its deadline, as printed"
    )
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

    _register_proposal(sub)

    a = sub.add_parser(
        "annual",
        help="the year's report to the prefecture (実績報告) as PDF or Excel",
        description="Visits, trainings, surveys, the assessment from baseline to evaluation, "
        "open data and needs of one programme year. --json prints the same figures.",
    )
    a.add_argument("--year", type=year, metavar="Y", help="programme year (年度); default: current")
    a.add_argument("-o", "--output", metavar="FILE", help="a .pdf or .xlsx file")
    a.add_argument("--issued", type=day, metavar="YYYY-MM-DD", help="date of issue (PDF)")
    a.add_argument("--json", action="store_true", help="print the figures as JSON")
    a.set_defaults(func=run_annual)

    q = sub.add_parser("survey", help="survey results of a training, or of a year (研修アンケート)")
    q.add_argument("training", metavar="TRAINING_ID", nargs="?", help="one training")
    q.add_argument("--year", type=year, metavar="Y", help="without a training: the year's results")
    common(q)
    q.set_defaults(func=run_survey)

    d = sub.add_parser("day", help="all handouts of one day")
    d.add_argument("day", type=day, metavar="DATE", help="YYYY-MM-DD")
    common(d, "a folder (one PDF per visit) or a .pdf file (all in one, to print in one go)")
    d.set_defaults(func=run_day)


def _register_proposal(sub) -> None:
    p = sub.add_parser(
        "proposal",
        help="next year's proposal draft (次年度提案のたたき台) as Word or PDF, kept as dated versions",
        description=(
            "Build the draft from the needs marked 採用/検討中 and keep it as a dated version; "
            "--list shows the versions, --version prints an old one again, --compare shows "
            "what changed."
        ),
    )
    p.add_argument("--year", type=year, metavar="Y", help="year (年度) the needs were heard in")
    p.add_argument("-o", "--output", metavar="FILE", help="a .docx (to edit) or .pdf file")
    p.add_argument(
        "--label", default="", metavar="TEXT", help="name of the version (「5月たたき台」)"
    )
    p.add_argument("--issued", type=day, metavar="YYYY-MM-DD", help="date of the version")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list the saved versions")
    what.add_argument("--version", metavar="ID", help="write a saved version again, as it was")
    what.add_argument(
        "--compare",
        nargs="+",
        metavar="ID",
        help="OLD [NEW]: what changed between two versions (without NEW: up to now)",
    )
    p.add_argument("--json", action="store_true", help="with --list or --compare: print JSON")
    p.set_defaults(func=run_proposal)


def _year(args) -> int:
    return args.year if args.year is not None else fiscal.fiscal_year_of(date.today())


def run_visit(ctx, args) -> int:
    from ..reports import write_visit_handout
    from ..reports.data import FormLinkBlock

    with ctx.db.read_session() as session:
        link = None
        if args.form_link:
            link = FormLinkBlock(args.form_link.strip()[:500], args.form_link_expires[:40])
        path = write_visit_handout(
            session, args.visit_id, args.output, issued_on=args.issued, form_link=link
        )
    print(path)
    return 0


def run_municipality(ctx, args) -> int:
    from ..reports import write_municipality_report
    from ..services.municipalities import get_by_code

    with ctx.db.read_session() as session:
        town = get_by_code(session, args.code)
        path = write_municipality_report(
            session, town.id, _year(args), args.output, issued_on=args.issued
        )
    print(path)
    return 0


def run_summary(ctx, args) -> int:
    from ..reports import write_programme_summary

    with ctx.db.read_session() as session:
        path = write_programme_summary(session, _year(args), args.output, issued_on=args.issued)
    print(path)
    return 0


def run_survey(ctx, args) -> int:
    from ..reports import write_survey_report

    with ctx.db.read_session() as session:
        path = write_survey_report(
            session,
            args.output,
            training_id=args.training,
            fiscal_year=None if args.training else _year(args),
            issued_on=args.issued,
        )
    print(path)
    return 0


def run_day(ctx, args) -> int:
    from ..reports import write_day_handouts

    with ctx.db.read_session() as session:
        paths = write_day_handouts(session, args.day, args.output, issued_on=args.issued)
    for path in paths:
        print(path)
    return 0


def run_proposal(ctx, args) -> int:
    from ..errors import ValidationError
    from ..reports.proposal import write_proposal
    from ..services import proposals
    from .context import print_json, print_table

    if args.list:
        with ctx.db.read_session() as session:
            rows = proposals.list_drafts(session, year=args.year)
        if args.json:
            print_json([r.as_json() for r in rows])
        else:
            print_table(
                ["ID", "年度", "日付", "版", "施策", "ニーズ"],
                [[r.id, r.fiscal_year, r.issued_on, r.name, r.measures, r.needs] for r in rows],
            )
        return 0
    if args.compare:
        if len(args.compare) > 2:
            raise ValidationError(msg("proposal.compare_count"), field="compare")
        with ctx.db.read_session() as session:
            old, new, change = proposals.compare_drafts(session, *args.compare)
        if args.json:
            print_json(
                {"old": old.as_json(), "new": new.as_json() if new else None, **change.as_json()}
            )
            return 0
        _print_comparison(old, new, change)
        return 0
    if not args.output:
        raise ValidationError(msg("output.draft"), field="output")
    if args.version:
        with ctx.db.read_session() as session:
            draft = proposals.get_draft(session, args.version)
            content = proposals.draft_content(draft)
            issued, label = draft.issued_on, draft.label
        path = write_proposal(content, args.output, issued_on=issued, label=label)
        print(path)
        return 0
    # The version is saved with the file: a write error rolls the version back too.
    with ctx.db.session() as session:
        draft, created = proposals.save_draft(
            session, _year(args), label=args.label, issued_on=args.issued
        )
        content = proposals.draft_content(draft)
        path = write_proposal(content, args.output, issued_on=draft.issued_on, label=draft.label)
        name = draft.label or f"{draft.issued_on:%Y-%m-%d}版"
        if created:
            print(
                f"たたき台の版「{name}」を保存しました（施策 {len(content.measures)}件）: {draft.id}"
            )
        else:
            print(f"前回の版「{name}」から変更がないため、その版を書き出しました: {draft.id}")
    print(path)
    return 0


def _print_comparison(old, new, change) -> None:
    print(
        f"比較: {old.name}（{old.issued_on}） → {new.name + '（' + str(new.issued_on) + '）' if new else '現在のニーズ'}"
    )
    if change.unchanged:
        print("変更はありません")
        return
    for title in change.measures_added:
        print(f"＋ 施策 {title}")
    for title in change.measures_removed:
        print(f"－ 施策 {title}")
    for need in change.needs_added:
        print(f"＋ ニーズ {need.municipality}: {need.text}")
    for need in change.needs_removed:
        print(f"－ ニーズ {need.municipality}: {need.text}")
    from ..enums import NeedStatus

    for need, before, after in change.status_changed:
        print(
            f"＊ {need.municipality}: {need.text}（{NeedStatus(before).label} → {NeedStatus(after).label}）"
        )


def run_annual(ctx, args) -> int:
    from pathlib import Path

    from ..errors import ReportError, ValidationError
    from ..reports.annual_data import load_annual
    from .context import print_json

    if not args.output and not args.json:
        raise ValidationError(msg("output.annual"), field="output")
    suffix = Path(args.output).suffix.lower() if args.output else ""
    if args.output and suffix not in (".pdf", ".xlsx"):
        raise ReportError(
            msg("report.format_unknown", name=Path(args.output).name, allowed=".pdf / .xlsx"),
            path=args.output,
        )
    with ctx.db.read_session() as session:
        data = load_annual(session, _year(args))
    if args.output:
        from ..reports.layout import write_atomically

        if suffix == ".pdf":
            from ..reports.annual import render_annual

            path = write_atomically(Path(args.output), render_annual(data, issued_on=args.issued))
        else:
            from ..reports.annual_xlsx import write_annual_xlsx

            path = write_annual_xlsx(data, args.output)
        if not args.json:
            print(path)
    if args.json:
        print_json(data.as_json())
    return 0
