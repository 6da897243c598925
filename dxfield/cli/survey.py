"""``dxfield survey …``: what the participants of a training, a kind of training, a
municipality or the whole year answered (研修アンケートの結果).

Served by ``dxfield.quickread_surveys`` (stdlib sqlite3) on an up-to-date store, so it does
not wait for SQLAlchemy and the models; otherwise, and for every refusal, through the ORM."""

from __future__ import annotations

from ..enums import TrainingKind
from .args import text, year
from .context import print_json, quick_or_services


def register(subparsers) -> None:
    p = subparsers.add_parser("survey", help="survey results of trainings (研修アンケート)")
    sub = p.add_subparsers(dest="what", metavar="WHAT", required=True)

    s = sub.add_parser("show", help="one training's results")
    s.add_argument("training", metavar="TRAINING_ID")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=run_show)

    r = sub.add_parser("results", help="a year's results, by kind or municipality if asked")
    r.add_argument(
        "--year", type=year, metavar="Y", help="programme year (年度); default: this one"
    )
    r.add_argument("--kind", choices=[k.value for k in TrainingKind])
    r.add_argument(
        "--municipality", type=text("市町村"), metavar="CODE", help="municipality code or name"
    )
    r.add_argument(
        "--by",
        choices=["kind", "municipality"],
        help="one result per kind of training or per municipality",
    )
    r.add_argument("--json", action="store_true", help="print JSON")
    r.set_defaults(func=run_results)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _share(share) -> str:
    if not share.n:
        return "回答なし"
    low, high = share.interval
    return f"{_percent(share.value)}（{share.k}/{share.n}、95%信頼区間 {low:.0%}–{high:.0%}）"


def render(results, *, comments: bool = True) -> str:
    """Results as a person reads them in a terminal or a mail."""
    rate = results.response_rate
    lines = [f"■ {results.scope}"]
    people = "未集計" if results.attendees is None else f"{results.attendees} 人"
    lines.append(
        f"研修 {results.trainings} 回　回答 {results.responses} 件　参加者 {people}"
        f"　回答率 {_percent(rate)}"
        + (
            f"（参加者数が未集計の研修 {results.uncounted_trainings} 回を除く）"
            if results.uncounted_trainings and results.attendees is not None
            else ""
        )
    )
    met = {True: "　目標達成", False: "　目標未達", None: ""}[results.meets_target]
    lines.append(
        f"{results.headline_label}: {_share(results.headline)}"
        f"　目標 {results.headline_target:.0%}{met}"
    )
    top = "・".join(f"「{label}」" for label in results.top_box_labels)
    lines.append(f"設問別（{top}の割合）:")
    for item in results.items:
        if item.agree is not None:
            mark = "★" if item.headline else "　"
            lines.append(f"  {mark}{item.text[:46]}: {_share(item.agree)}")
        else:
            counts = "、".join(f"{c.label} {c.count}" for c in item.choices if c.count)
            lines.append(f"  　{item.text[:46]}: {counts or '回答なし'}")
    if comments and results.comments:
        lines.append(f"自由記述 {len(results.comments)} 件:")
        for c in results.comments:
            who = f"（{c.municipality}）" if c.municipality else ""
            lines.append(f"  - {c.text}{who}")
    return "\n".join(lines)


def show_from_store(db, training_id: str):
    """One training's results through the ORM (the full road), refusing an unknown one."""
    from ..surveys.results import results_for_training

    with db.read_session() as session:
        return results_for_training(session, training_id)


def run_show(ctx, args) -> int:
    from .. import quickread_surveys

    results = quick_or_services(
        ctx,
        lambda conn: quickread_surveys.results_for_training(conn, args.training),
        lambda: show_from_store(ctx.db, args.training),
    )
    if args.json:
        print_json(results.as_json())
    else:
        print(render(results))
    return 0


def results_from_store(db, year: int, by: str | None, kind, municipality: str | None):
    """The year's results through the ORM (the full road), keyed as ``run_results`` prints
    them (``""`` for one result)."""
    from ..services.municipalities import get_by_code
    from ..surveys import results as survey_results

    with db.read_session() as session:
        if by == "kind":
            return {k.value: r for k, r in survey_results.results_by_kind(session, year).items()}
        if by == "municipality":
            return survey_results.results_by_municipality(session, year)
        town = get_by_code(session, municipality).id if municipality else None
        return {"": survey_results.results_for_year(session, year, kind=kind, municipality_id=town)}


def run_results(ctx, args) -> int:
    from datetime import date

    from .. import fiscal, quickread_surveys

    year = args.year or fiscal.fiscal_year_of(date.today())
    kind = TrainingKind(args.kind) if args.kind else None
    found = quick_or_services(
        ctx,
        lambda conn: quickread_surveys.results(conn, year, args.by, kind, args.municipality),
        lambda: results_from_store(ctx.db, year, args.by, kind, args.municipality),
    )
    if args.json:
        data = {key: r.as_json() for key, r in found.items()}
        print_json(data[""] if args.by is None else data)
        return 0
    if not found:
        print("該当する研修アンケートはありません")
    print("\n\n".join(render(r, comments=args.by is None) for r in found.values()))
    return 0
