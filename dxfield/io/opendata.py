"""The Digital Agency's list of local governments with open data (オープンデータ取組済自治体一覧).

The CSV (UTF-8 with BOM) lists every body that publishes open data, nationwide: 都道府県コード,
団体コード, 都道府県名, 地方公共団体名, and the URL of its open data page. Importing it marks
which of our municipalities publish, and sets the prefecture against the national figure —
the proposal cites Wakayama at 45th of 47 by count and 46th by rate.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import lgcode
from ..errors import ImportFailed, ImportProblem, ValidationError
from ..messages import msg, said
from ..models import ImportBatch
from ..services.municipalities import list_municipalities
from .plans import record_batch
from .tables import Table, read_table

KIND = "opendata"
MAX_ROWS = 5000
WAKAYAMA = "30"

# 市区町村 per prefecture (MIC; 1,718 市町村 + 23 特別区 = 1,741, unchanged since 2014):
# the denominators of the rate, which the list itself cannot give.
MUNICIPALITIES_PER_PREFECTURE = dict(
    zip(
        (f"{n:02d}" for n in range(1, 48)),
        (179, 40, 33, 35, 25, 35, 59, 44, 25, 35, 63, 54, 62, 33, 30, 15, 19, 17, 27, 77, 42, 35,
         54, 29, 19, 26, 43, 41, 39, 30, 19, 19, 27, 23, 19, 24, 17, 20, 34, 60, 20, 21, 45, 18,
         26, 43, 41),
        strict=True,
    )
)  # fmt: skip
NATIONAL_MUNICIPALITIES = sum(MUNICIPALITIES_PER_PREFECTURE.values())

CODE_HEADERS = ("団体コード", "地方公共団体コード", "全国地方公共団体コード", "自治体コード")
NAME_HEADERS = ("地方公共団体名", "団体名", "自治体名", "市区町村名")


@dataclass(frozen=True)
class OpenDataEntry:
    code: str
    name: str
    url: str
    row: int

    @property
    def prefecture_code(self) -> str:
        return self.code[:2]

    @property
    def is_prefecture(self) -> bool:
        """The prefecture itself (団体コード ``pp000c``), not one of its municipalities."""
        return self.code[2:5] == "000"


@dataclass(frozen=True)
class Standing:
    prefecture_code: str
    count: int
    total: int
    count_rank: int
    share_rank: int

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0


@dataclass(frozen=True)
class OpenDataReport:
    source: str  # how the file was read ("CSV, UTF-8 (BOM付き)")
    entries: int
    national_count: int
    national_total: int
    prefecture: Standing
    published: list[tuple[str, str, str]] = field(default_factory=list)  # code, name, url
    not_published: list[tuple[str, str]] = field(default_factory=list)
    changed: int = 0
    already_imported: bool = False

    @property
    def national_share(self) -> float:
        return self.national_count / self.national_total


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").upper()


def _find(table: Table, names: tuple[str, ...]) -> int | None:
    wanted = {_norm(n) for n in names}
    for index, header in enumerate(table.headers):
        if _norm(header) in wanted:
            return index
    return None


def parse_entries(table: Table) -> list[OpenDataEntry]:
    """The list's rows, or ``ImportFailed`` with every problem by row and column."""
    code_col = _find(table, CODE_HEADERS)
    name_col = _find(table, NAME_HEADERS)
    url_col = next((i for i, h in enumerate(table.headers) if "URL" in _norm(h)), None)
    problems = []
    if code_col is None:
        problems.append(
            ImportProblem(
                msg("import.opendata_no_column", header=CODE_HEADERS[0], what="団体コード"), row=1
            )
        )
    if name_col is None:
        problems.append(
            ImportProblem(
                msg("import.opendata_no_column", header=NAME_HEADERS[0], what="団体名"), row=1
            )
        )
    if problems:
        raise ImportFailed(problems)
    entries: dict[str, OpenDataEntry] = {}
    for r, row in enumerate(table.rows):
        raw = row[code_col]
        where_row, code_header = table.where(r, code_col)
        if raw is None or not str(raw).strip():
            problems.append(
                ImportProblem(msg("import.opendata_code_empty"), row=where_row, column=code_header)
            )
            continue
        try:
            code = lgcode.validate(str(int(raw)) if isinstance(raw, int | float) else str(raw))
        except (ValidationError, ValueError, OverflowError) as exc:
            problems.append(ImportProblem(said(exc), row=where_row, column=code_header))
            continue
        if code in entries:
            problems.append(
                ImportProblem(
                    msg("import.opendata_code_twice", code=code, first_row=entries[code].row),
                    row=where_row,
                    column=code_header,
                )
            )
            continue
        url = str(row[url_col] or "").strip() if url_col is not None else ""
        if url and not url.lower().startswith(("http://", "https://")):
            # The address is shown as a link: only web addresses (no formulas, no file: links).
            problems.append(
                ImportProblem(
                    msg("import.opendata_not_a_url", url=url[:60]),
                    row=where_row,
                    column=table.where(r, url_col)[1],
                )
            )
            continue
        entries[code] = OpenDataEntry(code, str(row[name_col] or ""), url, where_row)
    if problems:
        raise ImportFailed(problems)
    return list(entries.values())


def _rank(values: dict[str, float], key: str) -> int:
    """Competition rank (1 = highest); ties share a rank, as the published rankings do."""
    return 1 + sum(1 for v in values.values() if v > values[key])


def standing(entries: list[OpenDataEntry], prefecture_code: str) -> Standing:
    counts = dict.fromkeys(MUNICIPALITIES_PER_PREFECTURE, 0)
    for e in entries:
        if not e.is_prefecture and e.prefecture_code in counts:
            counts[e.prefecture_code] += 1
    shares = {p: counts[p] / MUNICIPALITIES_PER_PREFECTURE[p] for p in counts}
    return Standing(
        prefecture_code=prefecture_code,
        count=counts[prefecture_code],
        total=MUNICIPALITIES_PER_PREFECTURE[prefecture_code],
        count_rank=_rank(counts, prefecture_code),
        share_rank=_rank(shares, prefecture_code),
    )


def import_opendata(
    session: Session, path: Path, *, today: date | None = None, dry_run: bool = False
) -> OpenDataReport:
    """Mark our municipalities from the list at ``path``. Writes nothing on any problem."""
    path = Path(path)
    table = read_table(path, max_rows=MAX_ROWS)
    entries = parse_entries(table)
    by_code = {e.code: e for e in entries}
    municipal = [e for e in entries if not e.is_prefecture]
    ours = list_municipalities(session)
    prefecture_code = ours[0].code[:2] if ours else WAKAYAMA
    published = [(m.code, m.name, by_code[m.code].url) for m in ours if m.code in by_code]
    missing = [(m.code, m.name) for m in ours if m.code not in by_code]
    digest = table.sha256
    seen = session.scalar(
        select(ImportBatch).where(ImportBatch.kind == KIND, ImportBatch.sha256 == digest)
    )
    report = dict(
        source=table.describe(),
        entries=len(entries),
        national_count=len(municipal),
        national_total=NATIONAL_MUNICIPALITIES,
        prefecture=standing(entries, prefecture_code),
        published=published,
        not_published=missing,
    )
    if seen is not None or dry_run:
        return OpenDataReport(**report, already_imported=seen is not None)
    checked_on = today or date.today()
    changed = 0
    for m in ours:
        entry = by_code.get(m.code)
        values = {
            "opendata_published": entry is not None,
            "opendata_url": entry.url if entry else "",
            "opendata_checked_on": checked_on,
        }
        if any(getattr(m, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(m, k, v)
            changed += 1
    record_batch(
        session,
        KIND,
        digest,
        path.name,
        len(entries),
        {"published": len(published), "national": len(municipal)},
    )
    return OpenDataReport(**report, changed=changed)
