"""``dxfield municipalities``: the 30 municipalities.

Served by ``dxfield.quickread`` (stdlib sqlite3) when the store is up to date, so the
listing answers without importing SQLAlchemy; otherwise through the store as every command.
"""

from __future__ import annotations

from typing import Any

from .. import quickread
from ..enums import Area
from ..paths import database_path
from .context import print_json, print_table


def register(subparsers) -> None:
    p = subparsers.add_parser("municipalities", help="list the municipalities (市町村)")
    p.add_argument("--area", choices=[a.label for a in Area] + [a.value for a in Area])
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def rows_from_store(db, area: Area | None) -> list[dict[str, Any]]:
    """The listing through the ORM (opening the store creates, migrates and seeds it)."""
    from ..records import encode
    from ..services.municipalities import list_municipalities

    with db.read_session() as session:
        return [
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
            for m in list_municipalities(session, area=area)
        ]


def run(ctx, args) -> int:
    area = Area.parse(args.area) if args.area else None
    data = quickread.read_current(
        database_path(ctx.data_dir), lambda conn: quickread.municipalities(conn, area)
    )
    if data is None:
        data = rows_from_store(ctx.db, area)
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
