"""Search over 100,000 interview-note sections, against a LIKE scan in the same run.

Targets: p95 <= 20 ms for 1, 2, 3, 5 and 8-character queries, and >= 20x faster than the
scan from 3 characters on. The timed search is the whole public call (ranking, titles,
snippets and highlights of the top 20), the baseline the scan a substring search without an
index must do: ``body LIKE '%term%'`` over the base table, every match (a ranked result
needs them all).

    .venv/bin/python tests/bench/bench_search.py [--notes N] [--queries Q]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from dxfield.driver import sqlite3

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dxfield import search
from dxfield.db import open_database
from dxfield.masterdata import ensure_master_data, ensure_programme_year
from dxfield.models import Municipality, NoteKind, Phase
from tests import search_corpus
from tests.rawstore import raw_connect

LENGTHS = (1, 2, 3, 5, 8)
SECTIONS = [k.value for k in NoteKind][:5]


def fill(path: Path, notes: int, seed: int) -> list[str]:
    """Write ``notes`` note sections (five per visit) straight into the base tables."""
    db = open_database(path)
    with db.session() as s:
        ensure_master_data(s)
        for year in range(2016, 2026):
            ensure_programme_year(s, year)
        towns = [m.id for m in s.query(Municipality)]
    db.close()
    rng = random.Random(seed)
    texts = search_corpus.notes(notes, seed)
    now = datetime(2025, 11, 1).isoformat(sep=" ")
    visits, sections = [], []
    for n in range(0, notes, len(SECTIONS)):
        visit_id = str(uuid.UUID(int=rng.getrandbits(128)))
        start = datetime(2016, 5, 1) + timedelta(days=rng.randrange(3500), hours=10)
        year = start.year if start.month >= 4 else start.year - 1
        visits.append(
            (
                visit_id,
                rng.choice(towns),
                year,
                rng.choice(list(Phase)).value,
                start.isoformat(sep=" "),
                (start + timedelta(hours=2)).isoformat(sep=" "),
                "visit",
                "",
                "",
                "",
                "done",
                now,
                now,
            )
        )
        for kind, body in zip(SECTIONS, texts[n : n + len(SECTIONS)], strict=False):
            sections.append((str(uuid.uuid4()), visit_id, kind, body, 0, now, now))
    raw = raw_connect(path)
    with raw:
        raw.executemany(
            "INSERT INTO visit (id, municipality_id, fiscal_year, phase, starts_at, ends_at,"
            " method, location, agenda, participants, status, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            visits,
        )
        raw.executemany(
            "INSERT INTO note_section (id, visit_id, kind, body, internal, created_at,"
            " updated_at) VALUES (?,?,?,?,?,?,?)",
            sections,
        )
        # Bulk-loaded behind the index's back: drop it so that the next open rebuilds it.
        for name in reversed(search.INDEX_TABLES):
            raw.execute(f"DROP TABLE IF EXISTS {name}")
    raw.close()
    return texts


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=40, help="queries per length")
    parser.add_argument("--scans", type=int, default=10, help="LIKE scans per length")
    parser.add_argument("--db", type=Path, help="keep the generated store here (reused if present)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "dxfield.sqlite3"
        texts = search_corpus.notes(args.notes, seed=1)
        if not path.exists():
            t0 = time.perf_counter()
            fill(path, args.notes, seed=1)
            t1 = time.perf_counter()
            open_database(path).close()  # rebuilds the dropped index
            t2 = time.perf_counter()
            print(
                f"{args.notes} notes loaded in {t1 - t0:.1f} s; index rebuilt on open in "
                f"{t2 - t1:.1f} s"
            )
        db = open_database(path)
        raw = raw_connect(path)
        print(f"store {path.stat().st_size / 1e6:.0f} MB", end="")
        if _has_dbstat(raw):
            size = raw.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%'")
            print(f", of which search index {size.fetchone()[0] / 1e6:.0f} MB", end="")
        print(f"; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("wall-clock ms (CPU ms of this process in brackets); x = LIKE / search")
        print(
            f"{'len':>3} {'search p50':>16} {'search p95':>16} {'LIKE p50':>16}"
            f" {'LIKE p95':>16} {'x p50':>6} {'x p95':>6} {'matches':>8}"
        )
        with db.read_session() as session:
            search.search(session, "予算")  # warm the page cache like a running app
            for length in LENGTHS:
                queries = search_corpus.substring_queries(texts, length, args.queries, seed=length)
                if length == 1:
                    queries[:4] = ["の", "で", "は", "課"]  # very common: most notes match
                mine, mine_cpu, scan, scan_cpu, counts = [], [], [], [], []
                for q in queries:
                    wall, cpu = time.perf_counter(), time.process_time()
                    hits = search.search(session, q, limit=20)
                    mine.append((time.perf_counter() - wall) * 1000)
                    mine_cpu.append((time.process_time() - cpu) * 1000)
                    assert hits, q
                for q in queries[: args.scans]:
                    wall, cpu = time.perf_counter(), time.process_time()
                    rows = raw.execute(
                        "SELECT id FROM note_section WHERE deleted = 0 AND body LIKE ?",
                        (f"%{q}%",),
                    ).fetchall()
                    scan.append((time.perf_counter() - wall) * 1000)
                    scan_cpu.append((time.process_time() - cpu) * 1000)
                    counts.append(len(rows))
                cells = [
                    f"{pct(w, p):7.1f} ({pct(c, p):5.1f})"
                    for w, c, p in (
                        (mine, mine_cpu, 0.5),
                        (mine, mine_cpu, 0.95),
                        (scan, scan_cpu, 0.5),
                        (scan, scan_cpu, 0.95),
                    )
                ]
                x50 = pct(scan, 0.5) / pct(mine, 0.5)
                x95 = pct(scan, 0.95) / pct(mine, 0.95)
                print(
                    f"{length:>3} {' '.join(f'{c:>16}' for c in cells)} {x50:>5.0f}x {x95:>5.0f}x"
                    f" {statistics.median(counts):>8.0f}"
                )
        raw.close()
        db.close()
    print("targets: search p95 <= 20 ms at every length; >= 20x the LIKE scan from 3 chars")


def _has_dbstat(raw: sqlite3.Connection) -> bool:
    try:
        raw.execute("SELECT 1 FROM dbstat LIMIT 1")
    except sqlite3.Error:
        return False
    return True


if __name__ == "__main__":
    main()
