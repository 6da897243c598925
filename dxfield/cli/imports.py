"""``dxfield import …``: web-form answers and the national open data list.

Every problem is printed with its row and column; nothing is written unless the whole file
is fine. ``--dry-run`` shows how the columns were understood without writing anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ImportFailed, ImportProblem
from .args import year


def register(subparsers) -> None:
    p = subparsers.add_parser("import", help="read answers or lists from files (取り込み)")
    sub = p.add_subparsers(dest="what", metavar="WHAT", required=True)

    a = sub.add_parser(
        "assessments",
        help="assessment answers from a web-form export (CSV/.xlsx) or the filled Excel sheet",
    )
    a.add_argument("file", metavar="FILE")
    a.add_argument("--year", type=year, metavar="Y", help="programme year (年度) of the answers")
    a.add_argument(
        "--kind",
        choices=["baseline", "evaluation"],
        help="baseline (当初) or evaluation (評価); default: from the file, else baseline",
    )
    a.add_argument(
        "--dry-run", action="store_true", help="show the mapping and every problem; write nothing"
    )
    a.add_argument(
        "--replace",
        action="store_true",
        help="replace a stored response that has other answers (backed up first; "
        "--dry-run shows each question that changes)",
    )
    a.set_defaults(func=run_assessments)

    s = sub.add_parser(
        "survey", help="a training's survey answers from the form's export (CSV/.xlsx)"
    )
    s.add_argument("file", metavar="FILE")
    s.add_argument("--training", required=True, metavar="ID", help="the training (see trainings)")
    s.add_argument(
        "--dry-run", action="store_true", help="show the mapping and every problem; write nothing"
    )
    s.set_defaults(func=run_survey)

    o = sub.add_parser("opendata", help="the Digital Agency's オープンデータ取組済自治体一覧 (CSV)")
    o.add_argument("file", metavar="FILE")
    o.add_argument("--dry-run", action="store_true", help="show the result; write nothing")
    o.set_defaults(func=run_opendata)


def print_problems(problems: list[ImportProblem], *, file=None) -> None:
    for problem in problems:
        print(f"  - {problem.located()}", file=file or sys.stderr)


def _fail(exc: ImportFailed | ImportProblem, path: Path) -> int:
    problems = exc.problems if isinstance(exc, ImportFailed) else [exc]
    print(
        f"エラー: {path.name} を取り込めません（問題 {len(problems)} 件）。"
        "何も書き込んでいません。",
        file=sys.stderr,
    )
    print_problems(problems)
    return 2


def run_assessments(ctx, args) -> int:
    from ..io.assessment_import import import_assessments, plan_assessments
    from .backup import backup_before

    path = Path(args.file).expanduser()
    options = {"year": args.year, "kind": args.kind, "replace": args.replace}
    try:
        if args.dry_run or args.replace:
            with ctx.db.read_session() as session:
                plan = plan_assessments(session, path, **options)
            if args.dry_run:
                print(plan.render())
                return 2 if plan.problems else 0
            if plan.replacements and not plan.problems and not plan.already_imported:
                backup_before(ctx, "before-replace")
        with ctx.db.session() as session:
            plan = import_assessments(session, path, **options)
    except (ImportFailed, ImportProblem) as exc:
        return _fail(exc, path)
    if plan.already_imported:
        print(f"{path.name} は取り込み済みです（{plan.already_imported}）。追加はありません。")
    else:
        unchanged = len(plan.records) - plan.added
        print(
            f"{path.name} から {plan.added} 件の回答を取り込みました（{plan.source}）。"
            + (
                f"うち {plan.replaced} 件は登録済みの回答を置き換えました。"
                if plan.replaced
                else ""
            )
            + (f"すでに同じ内容で登録済みの {unchanged} 件はそのままです。" if unchanged else "")
        )
    return 0


def run_survey(ctx, args) -> int:
    from ..io.survey_import import import_survey, plan_survey

    path = Path(args.file).expanduser()
    try:
        if args.dry_run:
            with ctx.db.read_session() as session:
                plan = plan_survey(session, path, args.training)
            print(plan.render())
            return 2 if plan.problems else 0
        with ctx.db.session() as session:
            plan = import_survey(session, path, args.training)
    except (ImportFailed, ImportProblem) as exc:
        return _fail(exc, path)
    if plan.already_imported:
        print(f"{path.name} は取り込み済みです（{plan.already_imported}）。追加はありません。")
    else:
        print(
            f"{path.name} から {plan.training} のアンケート回答を取り込みました（{plan.source}）: "
            f"新規 {plan.added} 件・更新 {plan.updated} 件・変更なし {plan.count('unchanged')} 件"
        )
    return 0


def run_opendata(ctx, args) -> int:
    from ..io.opendata import import_opendata

    path = Path(args.file).expanduser()
    try:
        with ctx.db.session() as session:
            report = import_opendata(session, path, dry_run=args.dry_run)
    except (ImportFailed, ImportProblem) as exc:
        return _fail(exc, path)
    pref = report.prefecture
    print(f"読み込み: {path.name}（{report.source}、{report.entries} 団体）")
    print(
        f"県内: {pref.count} / {pref.total} 市町村（{pref.share:.1%}）"
        f" 件数 {pref.count_rank} 位・割合 {pref.share_rank} 位（47 都道府県中）"
    )
    print(
        f"全国: {report.national_count} / {report.national_total} 市区町村"
        f"（{report.national_share:.1%}）"
    )
    for code, name, url in report.published:
        print(f"  ○ {code} {name} {url}")
    for code, name in report.not_published:
        print(f"  - {code} {name}")
    if report.already_imported:
        print("このファイルは取り込み済みです。変更はありません。")
    elif args.dry_run:
        print("（--dry-run: 書き込みはしていません）")
    else:
        print(f"{report.changed} 市町村の情報を更新しました。")
    return 0
