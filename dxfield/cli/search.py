"""``dxfield search``: served from the search index with the stdlib (``search_current``
through ``dxfield.quickread``) when the store is up to date, so it does not wait for
SQLAlchemy and the models; otherwise, and for an unknown municipality, through the store."""

from __future__ import annotations

from dataclasses import asdict

from .args import count, text
from .context import print_json, quick_or_services

KIND_LABELS = {
    "note": "面談記録",
    "action_item": "アクション",
    "answer": "アセスメント回答",
    "training": "研修",
    "need": "ニーズ",
    "survey_answer": "アンケート回答",
}


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "search",
        help="search notes, action items, free-text answers, trainings and needs (全文検索)",
    )
    p.dash_text = True  # dxfield search -DX
    p.add_argument(
        "query", metavar="QUERY", help="words to find; all must occur (AND); may start with -"
    )
    p.add_argument(
        "--limit", type=count(10_000), default=20, metavar="N", help="at most N hits (20)"
    )
    p.add_argument(
        "--municipality", metavar="CODE", type=text("市町村"), help="municipality code or name"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run)


def hits_from_store(db, args) -> list:
    """The hits through the store (the full road: opening it migrates and builds the index)."""
    from ..search import search
    from ..services.municipalities import get_by_code

    with db.read_session() as session:
        municipality_id = get_by_code(session, args.municipality).id if args.municipality else None
        return search(session, args.query, limit=args.limit, municipality_id=municipality_id)


def quick_hits(conn, args) -> list | None:
    """The same hits read with the stdlib from an up-to-date store, or None for the full road
    (an unknown municipality, which it refuses; an index it rebuilds first)."""
    from .. import quickread
    from ..search import search_current

    municipality_id = None
    if args.municipality:
        municipality_id = quickread.municipality_id(conn, args.municipality)
        if municipality_id is None:
            return None
    return search_current(conn, args.query, limit=args.limit, municipality_id=municipality_id)


def run(ctx, args) -> int:
    hits = quick_or_services(
        ctx, lambda conn: quick_hits(conn, args), lambda: hits_from_store(ctx.db, args)
    )
    if args.json:
        print_json([asdict(hit) for hit in hits])
        return 0
    if not hits:
        print("該当なし")
        return 0
    for hit in hits:
        marked = _mark(hit.snippet, hit.highlights)
        internal = " [内部]" if hit.internal else ""
        print(f"{KIND_LABELS.get(hit.kind, hit.kind)}{internal}  {hit.title}")
        print(f"    {marked}")
    return 0


def _mark(snippet: str, highlights: list[tuple[int, int]]) -> str:
    """Matches in 【】 so they stand out in any terminal and in a pasted mail."""
    out, last = [], 0
    for start, end in highlights:
        out += [snippet[last:start], "【", snippet[start:end], "】"]
        last = end
    out.append(snippet[last:])
    return "".join(out)
