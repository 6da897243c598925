"""``dxfield demo``: fill the data folder with demo data (safe to run again)."""

from __future__ import annotations

import sys

from ..enums import ActionStatus, NeedStatus, Phase, ResponseKind, TrainingKind, VisitStatus
from .args import day
from .context import print_json, print_table


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "demo",
        help="fill the data folder with demo data (デモデータ); running it again changes nothing",
    )
    p.add_argument(
        "--today",
        type=day,
        metavar="YYYY-MM-DD",
        help="pretend today is this day (default: today)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    from ..demo import install_demo

    ctx.plain_when_no_key = True
    with ctx.db.session() as session:
        summary = install_demo(session, today=args.today)
    if ctx.made_plain:
        print(
            "注意: OS のキーリングが使えず端末もないため、デモデータの保存ファイルは暗号化して"
            "いません（架空のデータです）。実データを扱う前に暗号化してください。dxfield の画面を"
            "開くと、パスフレーズを決めて暗号化するかをたずねます（端末では dxfield encryption "
            "enable）。キーリングが使える環境で開いたときは、自動で暗号化します。",
            file=sys.stderr,
        )
    if args.json:
        print_json(summary.to_dict())
        return 0
    previous, current = summary.fiscal_years
    print(f"デモデータ: {previous}年度（完了）と {current}年度（進行中）")
    print(f"チーム {summary.team_members}名、市町村の担当者 {summary.contacts}名")
    rows = []
    for phase in Phase:
        rows.append(
            [phase.label]
            + [
                summary.visits_by_phase.get(str(y), {}).get(phase.value, 0)
                for y in (previous, current)
            ]
        )
    print_table(["フェーズ", f"{previous}年度", f"{current}年度"], rows)
    for year in (previous, current):
        counts = summary.visits.get(str(year), {})
        print(
            f"{year}年度の訪問・面談: "
            + "、".join(f"{s.label} {counts.get(s.value, 0)}件" for s in VisitStatus)
        )
    print(
        f"面談記録 {summary.note_sections}件（うち内部メモ {summary.internal_notes}件）、"
        "対応事項 "
        + "、".join(f"{s.label} {summary.action_items.get(s.value, 0)}件" for s in ActionStatus)
        + f"（期限超過 {summary.overdue_action_items}件）"
    )
    print(
        "アセスメント回答: "
        + "、".join(
            f"{year}年度 {ResponseKind(kind).label} {n}件"
            for year, kinds in summary.responses.items()
            for kind, n in kinds.items()
        )
    )
    for year in (previous, current):
        kinds = summary.trainings.get(str(year), {})
        print(
            f"{year}年度の研修: "
            + "、".join(f"{k.label} {kinds[k.value]}回" for k in TrainingKind if k.value in kinds)
            + f"（アンケート回答 {summary.survey_responses.get(str(year), 0)}件）"
        )
        needs = summary.needs.get(str(year), {})
        print(
            f"{year}年度のニーズ {sum(needs.values())}件（"
            + "、".join(f"{s.label} {needs.get(s.value, 0)}件" for s in NeedStatus)
            + f"）、提案のたたき台 {summary.proposal_drafts.get(str(year), 0)}版"
        )
    print(
        "今回追加したレコード: "
        + (f"{summary.added}件" if summary.added else "なし（すでに登録済みです）")
    )
    return 0
