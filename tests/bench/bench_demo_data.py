"""How long the demo data takes to make, and how big ten years of it get.

``install_demo`` (two years, one ORM object at a time, every edit tracked for sync) is the
baseline measured in the same run; ``generate_large`` (ten years, bulk, untracked) is what
the start-up benchmarks use. Also: opening the ten-year store against opening the demo one.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from dxfield.db import open_database
from dxfield.demo import generate_large, install_demo
from dxfield.models import Base

OPEN_RUNS = 15


def rows(db) -> int:
    with db.read_session() as s:
        return sum(
            s.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables
        )


def size_mb(directory: Path) -> float:
    return sum(f.stat().st_size for f in directory.iterdir() if f.is_file()) / 1e6


def build(directory: Path, fill) -> tuple[float, int, float]:
    db = open_database(directory / "dxfield.sqlite3")
    before = rows(db)
    start = time.perf_counter()
    with db.session() as s:
        fill(s)
    seconds = time.perf_counter() - start
    added = rows(db) - before
    db.close()
    return seconds, added, size_mb(directory)


def open_p50(path: Path) -> float:
    samples = []
    for _ in range(OPEN_RUNS):
        start = time.perf_counter()
        db = open_database(path)
        with db.read_session() as s:
            s.connection().exec_driver_sql("SELECT count(*) FROM visit").scalar()
        db.close()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        demo_dir, large_dir = Path(tmp, "demo"), Path(tmp, "large")
        demo_dir.mkdir()
        large_dir.mkdir()
        today = date(date.today().year, 11, 25)
        d_s, d_rows, d_mb = build(demo_dir, lambda s: install_demo(s, today=today))
        l_s, l_rows, l_mb = build(large_dir, lambda s: generate_large(s, years=10))
        print(f"install_demo     2 years: {d_s:6.1f} s  {d_rows:7d} rows  {d_mb:5.1f} MB")
        print(f"generate_large  10 years: {l_s:6.1f} s  {l_rows:7d} rows  {l_mb:5.1f} MB")
        rate_demo, rate_large = d_rows / d_s, l_rows / l_s
        print(
            f"rows/s: demo {rate_demo:,.0f}, large {rate_large:,.0f} "
            f"(bulk is {rate_large / rate_demo:.1f}x the tracked path)"
        )
        o_demo = open_p50(demo_dir / "dxfield.sqlite3")
        o_large = open_p50(large_dir / "dxfield.sqlite3")
        print(
            f"open + count p50: demo {o_demo:.1f} ms, ten years {o_large:.1f} ms "
            f"(ratio {o_large / o_demo:.2f}x)"
        )


if __name__ == "__main__":
    main()
