"""``dxfield assessment``: the sheet's questions, and one municipality's sheet or progress."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from .. import quickread_sheets
from ..assessment.definition import QuestionDef, TemplateDef
from ..enums import AnswerType, ResponseKind
from ..errors import NotFoundError
from ..fiscal import fiscal_year_label
from ..messages import msg
from ..quickread_sheets import SheetView
from .args import year
from .context import print_json, quick_or_services

# The store's stack (SQLAlchemy, the models, the engine) is imported by the commands that
# read the store, so that `dxfield assessment --help` answers at once.
if TYPE_CHECKING:
    from ..assessment.engine import SheetDiff, SheetScore

KINDS = ("baseline", "evaluation", "diff")


def register(subparsers) -> None:
    p = subparsers.add_parser("assessment", help="assessment sheet (アセスメントシート)")
    sub = p.add_subparsers(dest="assessment_command", metavar="SUBCOMMAND", required=True)

    t = sub.add_parser("template", help="list the questions of the sheet")
    t.add_argument("--version", metavar="V", help="template version (default: the newest)")
    t.add_argument("--json", action="store_true", help="print JSON")
    t.set_defaults(func=run_template)

    s = sub.add_parser("show", help="one municipality's sheet: 4×4 scores, totals, levels")
    s.add_argument("code", metavar="CODE", help="municipality code or name")
    s.add_argument("--year", type=year, metavar="Y", help="year (年度); default: the newest")
    s.add_argument("--kind", choices=KINDS, default="baseline", help="default: baseline")
    s.add_argument("--json", action="store_true", help="print JSON")
    s.set_defaults(func=run_show)

    d = sub.add_parser(
        "delete", help="delete a stored response (to enter or import it again); backed up first"
    )
    d.add_argument("code", metavar="CODE", help="municipality code or name")
    d.add_argument("--year", type=year, metavar="Y", required=True, help="year (年度)")
    d.add_argument("--kind", choices=KINDS[:2], required=True, help="baseline or evaluation")
    d.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    d.set_defaults(func=run_delete)
    from .blank_sheet import register_blank_sheet  # dxfield/cli/blank_sheet.py (import/export)

    register_blank_sheet(sub)


# -- template ---------------------------------------------------------------------------


def question_json(defn: TemplateDef, q: QuestionDef) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": q.code,
        "stage": q.stage,
        "stage_label": defn.stage_label(q.stage) if q.stage else None,
        "domain": q.domain,
        "domain_label": defn.domain_label(q.domain) if q.domain else None,
        "text": q.text,
        "type": q.answer_type.value,
        "required": q.required,
        "max_points": q.max_points,
    }
    if q.help:
        data["help"] = q.help
    match q.answer_type:
        case AnswerType.SINGLE_CHOICE | AnswerType.MULTI_CHOICE:
            data["choices"] = [
                {"value": c.value, "label": c.label, "points": c.points, "exclusive": c.exclusive}
                for c in q.choices
            ]
            if q.cap is not None:
                data["cap"] = q.cap
        case AnswerType.YES_NO:
            data["points"] = {"yes": q.yes_points, "no": q.no_points}
        case AnswerType.NUMBER:
            data.update(unit=q.unit, min=q.min_value, max=q.max_value, integer=q.integer)
            data["bands"] = [{"min": b.min, "points": b.points} for b in q.bands]
        case AnswerType.FREE_TEXT:
            data["max_length"] = q.max_length
    return data


def template_json(defn: TemplateDef) -> dict[str, Any]:
    return {
        "template_version": defn.template_version,
        "name": defn.name,
        "stages": [{"key": k, "label": label} for k, label in defn.stages],
        "domains": [{"key": k, "label": label} for k, label in defn.domains],
        "support_levels": [
            {"key": lv.key, "label": lv.label, "min": lv.min} for lv in defn.support_levels
        ],
        "support_level_overrides": {d: dict(m) for d, m in defn.support_level_overrides.items()},
        "questions": [question_json(defn, q) for q in defn.questions],
    }


def _answer_lines(q: QuestionDef) -> list[str]:
    match q.answer_type:
        case AnswerType.SINGLE_CHOICE | AnswerType.MULTI_CHOICE:
            lines = [f"{c.value}) {c.label}  …{c.points}点" for c in q.choices]
            if q.cap is not None:
                lines.append(f"（複数選択の合計は最大{q.cap}点）")
            return lines
        case AnswerType.YES_NO:
            return [f"はい …{q.yes_points}点", f"いいえ …{q.no_points}点"]
        case AnswerType.NUMBER:
            bands = list(q.bands)
            lines = []
            for n, band in enumerate(bands):
                upper = bands[n + 1].min if n + 1 < len(bands) else None
                span = f"{band.min:g}{q.unit}以上" + (
                    f"{upper:g}{q.unit}未満" if upper is not None else ""
                )
                lines.append(f"{span} …{band.points}点")
            return lines
    return [f"（自由記述、{q.max_length}字以内）"]


def template_from_store(db, version: str | None) -> TemplateDef:
    """The template through the store (the full road, which loads shipped versions first)."""
    from ..assessment.template import current_template, get_template, template_definition

    with db.read_session() as session:
        template = get_template(session, version) if version else current_template(session)
        return template_definition(template)


def run_template(ctx, args) -> int:
    defn = quick_or_services(
        ctx,
        lambda conn: quickread_sheets.assessment_template(conn, args.version or None),
        lambda: template_from_store(ctx.db, args.version),
    )
    if args.json:
        print_json(template_json(defn))
        return 0
    scored = sum(q.scored for q in defn.questions)
    print(f"{defn.name}  （版 {defn.template_version}）")
    print(
        f"設問 {len(defn.questions)}問（採点 {scored}問・自由記述 {len(defn.questions) - scored}問）"
    )
    thresholds = "、".join(f"{lv.label} {lv.min}点以上" for lv in defn.support_levels)
    print(f"支援分類（分野ごとの合計点）: {thresholds}")
    for q in defn.questions:
        where = (
            f"{defn.stage_label(q.stage)} × {defn.domain_label(q.domain)}"
            if q.stage
            else "自由記述"
        )
        print()
        print(f"{q.code}  [{where}]  {q.answer_type.label}  最大{q.max_points}点")
        print(f"  {q.text}")
        for line in _answer_lines(q):
            print(f"    {line}")
    return 0


# -- show -------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _grid(rows: list[list[str]]) -> list[str]:
    """Lines of a table whose first column is left-aligned and the others right-aligned,
    counting double-width (Japanese) characters as two columns.
    """
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            c + " " * (w - _width(c)) if i == 0 else " " * (w - _width(c)) + c
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else ("±0" if n == 0 else str(n))


def sheet_json(sheet: SheetScore) -> dict[str, Any]:
    return {
        "template_version": sheet.template_version,
        "stages": [{"key": k, "label": label} for k, label in sheet.stages],
        "domains": [{"key": k, "label": label} for k, label in sheet.domains],
        "cells": {s: {d: sheet.cells[(s, d)] for d, _ in sheet.domains} for s, _ in sheet.stages},
        "cell_max": {
            s: {d: sheet.cell_max[(s, d)] for d, _ in sheet.domains} for s, _ in sheet.stages
        },
        "domain_totals": sheet.domain_totals,
        "domain_max": sheet.domain_max,
        "support_levels": {
            d: {"key": lv.key, "label": lv.label} for d, lv in sheet.support_levels.items()
        },
        "total": sheet.total,
        "answered": sheet.answered,
        "required": sheet.required,
        "completeness": round(sheet.completeness, 4),
        "free_text": sheet.free_text,
    }


def diff_json(change: SheetDiff) -> dict[str, Any]:
    return {
        "stages": [{"key": k, "label": label} for k, label in change.stages],
        "domains": [{"key": k, "label": label} for k, label in change.domains],
        "cells": {
            s: {d: change.cells[(s, d)] for d, _ in change.domains} for s, _ in change.stages
        },
        "domain_totals": change.domain_totals,
        "total": change.total,
        "level_changes": {
            d: {"from": {"key": a.key, "label": a.label}, "to": {"key": b.key, "label": b.label}}
            for d, (a, b) in change.level_changes.items()
        },
        "same_template": change.same_template,
    }


def sheet_lines(sheet: SheetScore) -> list[str]:
    header = ["段階＼分野", *(label for _k, label in sheet.domains)]
    rows = [header]
    for s, label in sheet.stages:
        rows.append([label, *(str(sheet.cells[(s, d)]) for d, _ in sheet.domains)])
    rows.append(
        [
            "点数による支援分類（合計）",
            *(f"{sheet.domain_totals[d]}/{sheet.domain_max[d]}" for d, _ in sheet.domains),
        ]
    )
    rows.append(["支援区分", *(sheet.support_levels[d].label for d, _ in sheet.domains)])
    return _grid(rows)


def diff_lines(change: SheetDiff) -> list[str]:
    rows = [["段階＼分野", *(label for _k, label in change.domains)]]
    for s, label in change.stages:
        rows.append([label, *(_signed(change.cells[(s, d)]) for d, _ in change.domains)])
    rows.append(["合計の増減", *(_signed(change.domain_totals[d]) for d, _ in change.domains)])
    rows.append(
        [
            "支援区分",
            *(
                a.label if a == b else f"{a.label}→{b.label}"
                for a, b in (change.level_changes[d] for d, _ in change.domains)
            ),
        ]
    )
    return _grid(rows)


def run_delete(ctx, args) -> int:
    import sys

    from ..services.assessments import delete_response, get_response
    from ..services.municipalities import get_by_code
    from .backup import backup_before, confirm

    kind = ResponseKind(args.kind)
    with ctx.db.read_session() as session:
        municipality = get_by_code(session, args.code)
        response = get_response(session, municipality.id, args.year, kind)
        if response is None:
            raise NotFoundError(
                msg("missing.assessment", town=municipality.name, kind=kind.label, year=args.year)
            )
        what = f"{municipality.name} {args.year}年度 {kind.label}の回答"
        response_id = response.id
    if not args.yes and not confirm(f"{what}を削除しますか？"):
        print("削除を中止しました（確認なしで実行するには --yes）。", file=sys.stderr)
        return 2
    backup_before(ctx, "before-delete")
    with ctx.db.session() as session:
        delete_response(session, response_id)
    print(f"{what}を削除しました。")
    return 0


def sheet_from_store(db, code: str, year: int | None, kind: str) -> SheetView:
    """The sheet(s) through the store (the full road), refusing what is not there."""
    from ..assessment.engine import score_response
    from ..assessment.template import template_definition
    from ..services.assessments import get_response, list_responses
    from ..services.municipalities import get_by_code

    with db.read_session() as session:
        municipality = get_by_code(session, code)
        if not year:
            answered = list_responses(session, municipality_id=municipality.id)
            year = quickread_sheets.default_year(
                [(r.fiscal_year, r.kind.value) for r in answered], kind
            )
        if year is None:
            town = municipality.name
            if kind == "diff":
                raise NotFoundError(msg("missing.assessment_pair", town=town))
            label = ResponseKind(kind).label
            raise NotFoundError(msg("missing.assessment_yet", town=town, kind=label))
        responses = []
        for wanted in quickread_sheets.kinds_shown(kind):
            response = get_response(session, municipality.id, year, wanted)
            if response is None:
                raise NotFoundError(
                    msg("missing.assessment", town=municipality.name, kind=wanted.label, year=year)
                )
            responses.append(response)
        defn = template_definition(responses[-1].template)
        return SheetView(
            town={"code": municipality.code, "name": municipality.name},
            year=year,
            sheets=[score_response(session, r) for r in responses],
            responses=[
                quickread_sheets.response_json(
                    r.id, r.kind.value, r.answered_on, r.respondent, r.source.value
                )
                for r in responses
            ],
            questions={q.code: q.text for q in defn.questions},
        )


def run_show(ctx, args) -> int:
    from ..assessment.results import diff

    view = quick_or_services(
        ctx,
        lambda conn: quickread_sheets.sheet_view(conn, args.code, args.year, args.kind),
        lambda: sheet_from_store(ctx.db, args.code, args.year, args.kind),
    )
    town, year, sheets, meta = view.town, view.year, view.sheets, view.responses
    questions = view.questions
    data: dict[str, Any] = {
        "municipality": town,
        "fiscal_year": year,
        "kind": args.kind,
    }
    if args.kind == "diff":
        change = diff(sheets[0], sheets[1])
        data.update(
            responses=meta,
            baseline=sheet_json(sheets[0]),
            evaluation=sheet_json(sheets[1]),
            diff=diff_json(change),
        )
    else:
        data.update(response=meta[0], **sheet_json(sheets[0]))
    if args.json:
        print_json(data)
        return 0

    title = f"{town['name']}  {fiscal_year_label(year)}"
    if args.kind == "diff":
        print(f"{title}  成果把握（評価 − 当初）")
        print()
        print("\n".join(diff_lines(change)))
        before, after = sheets
        print()
        print(
            f"合計 {change.baseline_total} → {change.evaluation_total}（{_signed(change.total)}）"
        )
        if not change.same_template:
            print(
                f"注: 当初は版 {before.template_version}、評価は版 {after.template_version}"
                " で回答されています（両方にある分野で比べています）。"
            )
        return 0
    sheet = sheets[0]
    response = meta[0]
    print(f"{title}  {ResponseKind(args.kind).label}  （版 {sheet.template_version}）")
    details = [f"回答率 {sheet.answered}/{sheet.required}（{sheet.completeness:.0%}）"]
    if response["answered_on"]:
        details.insert(0, f"回答日 {response['answered_on']}")
    if response["respondent"]:
        details.insert(0, f"回答者 {response['respondent']}")
    print("  ".join(details))
    print()
    print("\n".join(sheet_lines(sheet)))
    if sheet.free_text:
        print()
        print("自由記述")
        for code, text in sheet.free_text.items():
            print(f"  {code} {questions.get(code, '')}")
            print(f"    {text}")
    return 0
