from __future__ import annotations

from ..models import Area
from ..records import encode
from ..services.municipalities import list_municipalities
from .context import print_json, print_table


def register(subparsers) -> None:
    p = subparsers.add_parser("municipalities", help="list the municipalities (市町村)")
    p.add_argument("--area", choices=[a.label for a in Area] + [a.value for a in Area])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    with ctx.db.read_session() as session:
        area = Area.parse(args.area) if args.area else None
        rows = list_municipalities(session, area=area)
        data = [
            {
                "id": m.id,
                "code": m.code,
                "name": m.name,
                "kana": m.kana,
                "kind": encode(m.kind),
                "area": encode(m.area),
                "population": m.population,
                "population_basis": m.population_basis,
            }
            for m in rows
        ]
    if args.json:
        print_json(data)
    else:
        print_table(
            ["コード", "名称", "かな", "地域", "人口", "人口の基準"],
            [
                [
                    d["code"],
                    d["name"],
                    d["kana"],
                    Area(d["area"]).label,
                    d["population"],
                    d["population_basis"],
                ]
                for d in data
            ],
        )
    return 0
