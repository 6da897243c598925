"""Opening an up-to-date local store (migration check included).

Target: <= 50 ms. Baseline in the same run: a bare sqlite3 connect + one query on the same
file, which is the floor any open must pay.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from dxfield.db import open_database
from dxfield.masterdata import ensure_master_data

RUNS = 30


def timed(fn) -> list[float]:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dxfield.sqlite3"
        db = open_database(path)
        with db.session() as s:
            ensure_master_data(s)
        db.close()

        def bare() -> None:
            conn = sqlite3.connect(path)
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
            conn.close()

        def ours() -> None:
            database = open_database(path)
            with database.read_session() as s:
                s.connection().exec_driver_sql("SELECT 1").scalar()
            database.close()

        ours()  # warm imports and caches once
        base, mine = timed(bare), timed(ours)
        p50b, p50m = statistics.median(base), statistics.median(mine)
        p95m = sorted(mine)[int(RUNS * 0.95) - 1]
        print(f"bare sqlite3 open   p50 {p50b:7.2f} ms")
        print(f"open_database       p50 {p50m:7.2f} ms  p95 {p95m:7.2f} ms  (target <= 50 ms)")
        print(f"ratio open_database / bare: {p50m / p50b:.1f}x")


if __name__ == "__main__":
    main()
