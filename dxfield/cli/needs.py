"""``dxfield needs``: the needs register (ニーズ・要望) — list, view across municipalities,
record, promote a line of a note or a free-text answer, weigh."""

from __future__ import annotations

import argparse
from datetime import date

from .. import quickread
from ..enums import NeedStatus, ResponseKind
from ..messages import msg
from .args import day, text, year
from .context import print_json, print_table, quick_or_services


def _status(text: str) -> NeedStatus:
    try:
        return NeedStatus.parse(text)
    except ValueError:
        known = " / ".join(s.label for s in NeedStatus)
        raise argparse.ArgumentTypeError(
            f"「{text}」は検討状況ではありません（{known}、または open / adopted / "
            "considering / declined）"
        ) from None


def _source_options(q) -> None:
    where = q.add_mutually_exclusive_group(required=True)
    where.add_argument("--visit", metavar="VISIT_ID", help="the 要望 section of a visit's notes")
    where.add_argument(
        "--assessment", metavar="CODE", help="a municipality's free-text assessment answers"
    )
    where.add_argument(
        "--training",
        metavar="TRAINING_ID",
        help="a training's survey comments (or, with --text, what was heard there)",
    )
    q.add_argument("--year", type=year, metavar="Y", help="with --assessment: year (年度)")
    q.add_argument(
        "--kind",
        choices=[k.value for k in ResponseKind],
        default=ResponseKind.BASELINE.value,
        help="with --assessment: baseline (default) or evaluation",
    )


def _need_fields(q, *, text_help: str) -> None:
    q.add_argument(
        "--domain",
        type=text("分野"),
        metavar="D",
        help="domain key or name (データ利活用, other …)",
    )
    q.add_argument(
        "--theme",
        type=text("テーマ"),
        action="append",
        metavar="T",
        help="theme tag; repeat for several",
    )
    q.add_argument("--status", type=_status, metavar="S", help="未検討 / 採用 / 検討中 / 見送り")
    q.add_argument(
        "--measure", metavar="M", default="", help="the proposed measure (施策) it feeds"
    )
    q.add_argument("--note", metavar="TEXT", default="", help="検討メモ")
    q.add_argument("--text", metavar="TEXT", help=text_help)


def register(subparsers) -> None:
    p = subparsers.add_parser("needs", help="the needs register (ニーズ・要望) and its overview")
    p.add_argument("--year", type=year, metavar="Y", help="programme year (年度) heard in")
    p.add_argument(
        "--domain",
        type=text("分野"),
        metavar="D",
        help="domain key or name (e.g. data, データ利活用)",
    )
    p.add_argument("--status", type=_status, action="append", metavar="S", help="repeatable")
    p.add_argument(
        "--municipality", type=text("市町村"), metavar="CODE", help="municipality code or name"
    )
    p.add_argument("--theme", type=text("テーマ"), metavar="T", help="theme tag")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_list)
    sub = p.add_subparsers(dest="needs_command", metavar="SUBCOMMAND")

    o = sub.add_parser(
        "overview", help="domain × theme across municipalities, beside the weakest assessment cells"
    )
    o.add_argument("--year", type=year, metavar="Y", help="programme year (年度); default: current")
    o.add_argument("--status", type=_status, action="append", metavar="S", help="repeatable")
    o.add_argument("--json", action="store_true", help="print JSON")
    o.set_defaults(func=run_overview)

    lines = sub.add_parser("lines", help="numbered lines of a source that can become needs")
    _source_options(lines)
    lines.add_argument("--json", action="store_true", help="print JSON")
    lines.set_defaults(func=run_lines)

    pr = sub.add_parser("promote", help="make a need of a line (see `needs lines`)")
    _source_options(pr)
    pr.add_argument("--line", type=int, metavar="N", help="the line's number from `needs lines`")
    _need_fields(
        pr, text_help="the line's words (instead of --line); with --training: what was heard"
    )
    pr.add_argument("--municipality", metavar="CODE", help="with --training: who said it")
    pr.add_argument("--json", action="store_true", help="print JSON")
    pr.set_defaults(func=run_promote)

    a = sub.add_parser("add", help="record a need heard elsewhere")
    town = a.add_mutually_exclusive_group(required=True)
    town.add_argument("--municipality", metavar="CODE", help="municipality code or name")
    town.add_argument("--prefecture", action="store_true", help="a prefecture-wide need (県全体)")
    _need_fields(a, text_help="what the need is (required)")
    a.add_argument("--heard-on", type=day, metavar="YYYY-MM-DD", help="when it was heard")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.set_defaults(func=run_add)

    st = sub.add_parser("status", help="weigh needs for the proposal (採用 / 検討中 / 見送り)")
    st.add_argument("need_ids", nargs="+", metavar="NEED_ID")
    st.add_argument("--to", type=_status, required=True, metavar="S", dest="to")
    st.add_argument("--note", metavar="TEXT", help="検討メモ (replaces the old one)")
    st.set_defaults(func=run_status)

    d = sub.add_parser("delete", help="remove a need (promoting its line again restores it)")
    d.add_argument("need_id", metavar="NEED_ID")
    d.set_defaults(func=run_delete)


def _year(args) -> int:
    from .. import fiscal

    return args.year if args.year is not None else fiscal.fiscal_year_of(date.today())


def _row_table(rows) -> None:
    print_table(
        ["ID", "聞いた日", "市町村", "分野", "テーマ", "状態", "ニーズ"],
        [
            [
                r.id[:8],
                r.heard_on.isoformat() if r.heard_on else "—",
                r.place,
                r.domain_label,
                "、".join(r.themes),
                r.status.label,
                r.text,
            ]
            for r in rows
        ],
    )


def rows_from_store(db, args):
    """The listing through the services (the ORM road)."""
    from ..services.municipalities import get_by_code
    from ..services.needs import list_needs, parse_domain

    with db.read_session() as session:
        return list_needs(
            session,
            year=args.year,
            domain=parse_domain(session, args.domain) if args.domain else None,
            status=args.status,
            municipality_id=get_by_code(session, args.municipality).id
            if args.municipality
            else None,
            theme=args.theme,
        )


def run_list(ctx, args) -> int:
    """Served by ``quickread.needs`` (stdlib sqlite3) on an up-to-date store; otherwise, and
    for every refusal, through the services."""
    rows = quick_or_services(
        ctx,
        lambda conn: quickread.needs(
            conn,
            year=args.year,
            domain=args.domain or None,
            status=args.status,
            municipality=args.municipality,
            theme=args.theme,
        ),
        lambda: rows_from_store(ctx.db, args),
    )
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    _row_table(rows)
    print(f"{len(rows)}件")
    return 0


def overview_from_store(db, year: int, statuses):
    """The overview through the services (the ORM road)."""
    from ..needs.overview import needs_overview

    with db.read_session() as session:
        return needs_overview(session, year, statuses=statuses)


def run_overview(ctx, args) -> int:
    """Served by ``quickread_sheets.needs_overview`` (stdlib sqlite3) on an up-to-date store;
    otherwise through the services."""
    from .. import quickread_sheets
    from ..needs.matrix import theme_label

    year = _year(args)
    overview = quick_or_services(
        ctx,
        lambda conn: quickread_sheets.needs_overview(conn, year, args.status),
        lambda: overview_from_store(ctx.db, year, args.status),
    )
    if args.json:
        print_json(overview.as_json())
        return 0
    rows = []
    for theme in overview.themes:
        row = [theme_label(theme)]
        for domain, _label in overview.domains:
            cell = overview.cell(domain, theme)
            row.append(f"{cell.needs}件/{cell.municipalities}市町村" if cell.needs else "")
        rows.append(row)
    print_table(["テーマ＼分野", *(label for _k, label in overview.domains)], rows)
    total = overview.total
    print(f"計 {total.needs}件（{total.municipalities}市町村、県全体 {total.prefecture_wide}件）")
    if overview.basis is not None:
        print(f"\nアセスメントの弱い区分（{overview.basis.label}の県平均）")
        print_table(
            ["順", "段階", "分野", "県平均", "満点", "得点率"],
            [
                [
                    c.rank,
                    c.stage_label,
                    c.domain_label,
                    f"{c.mean:.1f}",
                    c.maximum,
                    f"{c.ratio:.0%}",
                ]
                for c in overview.weakest
            ],
        )
    return 0


def _lines(session, args):
    from ..services import need_sources
    from ..services.assessments import get_response, response_years
    from ..services.municipalities import get_by_code

    if args.visit:
        from ..services.visits import get_visit

        get_visit(session, args.visit)
        return need_sources.note_lines(session, args.visit)
    if args.training:
        from ..services.trainings import get_training

        get_training(session, args.training)
        return need_sources.survey_comment_lines(session, args.training)
    from ..errors import NotFoundError

    town = get_by_code(session, args.assessment)
    years = response_years(session, town.id)
    year = args.year if args.year is not None else (years[0] if years else None)
    response = get_response(session, town.id, year, args.kind) if year is not None else None
    if response is None:
        raise NotFoundError(
            msg("missing.assessment", town=town.name, kind=ResponseKind(args.kind).label, year=year)
        )
    return need_sources.answer_lines(session, response.id)


def lines_from_store(db, args):
    """The lines through the services (the ORM road), refusing what is not there."""
    with db.read_session() as session:
        return _lines(session, args)


def quick_lines(conn, args):
    """The same lines read with the stdlib (``quickread_sources``), or None for a refusal."""
    from .. import quickread_sources

    if args.visit:
        return quickread_sources.note_lines(conn, args.visit)
    if args.training:
        return quickread_sources.survey_comment_lines(conn, args.training)
    return quickread_sources.answer_lines(conn, args.assessment, args.year, args.kind)


def run_lines(ctx, args) -> int:
    lines = quick_or_services(
        ctx, lambda conn: quick_lines(conn, args), lambda: lines_from_store(ctx.db, args)
    )
    if args.json:
        print_json(
            [
                {
                    "line": n,
                    "text": line.line,
                    "source": line.source.value,
                    "source_id": line.source_id,
                    "label": line.label,
                    "need_id": line.need_id,
                    "registered": line.registered,
                }
                for n, line in enumerate(lines, start=1)
            ]
        )
        return 0
    print_table(
        ["行", "登録", "内容", "設問・欄"],
        [[n, "済" if s.registered else "", s.line, s.label] for n, s in enumerate(lines, 1)],
    )
    return 0


def _fields(session, args) -> dict:
    from ..services.needs import parse_domain

    fields = {"measure": args.measure, "note": args.note}
    if args.domain:
        fields["domain"] = parse_domain(session, args.domain)
    if args.theme:
        fields["themes"] = args.theme
    if args.status is not None:
        fields["status"] = args.status
    return fields


def _show(session, need_id: str, created: bool, as_json: bool) -> None:
    from ..services.needs import need_row

    row = need_row(session, need_id)
    if as_json:
        print_json({**row.as_json(), "created": created})
        return
    said = "ニーズに登録しました" if created else "すでに登録されているニーズです"
    themes = "、".join(row.themes) or "テーマなし"
    print(f"{said}: {row.id}")
    print(f"  {row.place}　{row.domain_label}／{themes}　{row.status.label}")
    print(f"  {row.text}")
    print(f"  出典: {row.origin}")


def run_promote(ctx, args) -> int:
    from ..enums import NeedSource
    from ..errors import ValidationError
    from ..services import need_sources
    from ..services.municipalities import get_by_code

    if (args.line is None) == (args.text is None):
        raise ValidationError(msg("need.line_or_text"), field="line")
    with ctx.db.session() as session:
        fields = _fields(session, args)
        lines = _lines(session, args)
        if args.line is not None:
            if not 1 <= args.line <= len(lines):
                raise ValidationError(
                    msg("need.no_such_line", count=len(lines), line=args.line), field="line"
                )
            chosen = lines[args.line - 1]
            source, source_id, quote = chosen.source, chosen.source_id, chosen.line
        else:
            match = [s for s in lines if s.line == need_sources.clean_line(args.text)]
            if match:
                source, source_id, quote = match[0].source, match[0].source_id, match[0].line
            elif args.training:  # heard at the training, not written in its survey
                source, source_id, quote = NeedSource.TRAINING, args.training, args.text
            else:
                raise ValidationError(msg("need.not_a_line"), field="text")
        if args.municipality:
            fields["municipality_id"] = get_by_code(session, args.municipality).id
        result = need_sources.promote(session, source, source_id, quote, **fields)
        _show(session, result.need_id, result.created, args.json)
    return 0


def run_add(ctx, args) -> int:
    from ..errors import ValidationError
    from ..needs.themes import suggest
    from ..services.municipalities import get_by_code
    from ..services.needs import NeedInput, create_need

    if not args.text:
        raise ValidationError(msg("need.text_missing"), field="text")
    with ctx.db.session() as session:
        fields = _fields(session, args)
        guess = suggest(args.text)
        data = NeedInput(
            municipality_id=None if args.prefecture else get_by_code(session, args.municipality).id,
            domain=fields.get("domain", guess.domain),
            text=args.text,
            themes=fields.get("themes", list(guess.themes)),
            fiscal_year=args.year,
            heard_on=args.heard_on,
            status=fields.get("status", NeedStatus.OPEN),
            measure=args.measure,
            note=args.note,
        )
        need = create_need(session, data)
        _show(session, need.id, True, args.json)
    return 0


def _full_ids(session, ids: list[str]) -> list[str]:
    """Ids as typed: whole, or the first 8 characters the listing shows."""
    from sqlalchemy import select

    from ..errors import NotFoundError
    from ..models import Need

    out = []
    for prefix in ids:
        found = session.scalars(
            select(Need.id).where(Need.id.startswith(prefix), Need.deleted.is_(False))
        ).all()
        if len(found) != 1:
            ambiguous = msg("missing.need_ambiguous", id=prefix)
            raise NotFoundError(ambiguous if found else msg("missing.need", id=prefix))
        out.append(found[0])
    return out


def run_status(ctx, args) -> int:
    from ..services.needs import set_status

    with ctx.db.session() as session:
        ids = _full_ids(session, args.need_ids)
        changed = set_status(session, ids, args.to, note=args.note)
    print(f"{len(ids)}件を「{args.to.label}」にしました" if changed else "変更はありません")
    return 0


def run_delete(ctx, args) -> int:
    from ..services.needs import delete_need

    with ctx.db.session() as session:
        [need_id] = _full_ids(session, [args.need_id])
        delete_need(session, need_id)
    print(f"削除しました: {need_id}")
    return 0
