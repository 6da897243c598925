"""PDF handouts: one warm handout and a batch of thirty, on the demo data.

Targets: one handout (read from the store, laid out, PDF bytes) <= 200 ms warm; thirty in a
batch <= 6 s, both as one combined file and as thirty files. Baseline in the same run: a bare
reportlab one-page PDF with a paragraph in the same embedded Japanese font, which is the floor
any handout pays (font subsetting and PDF writing).

    .venv/bin/python tests/bench/bench_reports.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate
from sqlalchemy import select

from dxfield.db import open_database
from dxfield.demo import install_demo
from dxfield.masterdata import ensure_master_data
from dxfield.models import Visit, VisitStatus
from dxfield.reports import register_fonts, render_visit_handout, render_visits
from dxfield.reports.api import write_handout_into

TODAY = date(2026, 2, 20)
ISSUED = date(2026, 2, 20)
ONE_TARGET_MS = 200.0
BATCH_TARGET_S = 6.0


def bare_page() -> bytes:
    font = register_fonts()
    style = ParagraphStyle("p", fontName=font, fontSize=10, leading=15, wordWrap="CJK")
    buffer = io.BytesIO()
    text = "庁内の推進体制について確認した。今後はBPRの対象業務を選定する予定である。" * 8
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=font).build([Paragraph(text, style)])
    return buffer.getvalue()


def timed_ms(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, round(0.95 * len(samples)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs for one handout")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.sqlite3")
        with db.session() as s:
            ensure_master_data(s)
            install_demo(s, today=TODAY)
        with db.read_session() as s:
            # One done visit per municipality, the richest kind: the evaluation meeting.
            rows = s.execute(
                select(Visit.id, Visit.municipality_id)
                .where(Visit.status == VisitStatus.DONE, Visit.deleted.is_(False))
                .order_by(Visit.starts_at.desc())
            ).all()
            per_town: dict[str, str] = {}
            for visit_id, town in rows:
                per_town.setdefault(town, visit_id)
            ids = list(per_town.values())[:30]
            one = ids[0]

            bare_page()  # warm: font registration and first subsetting
            render_visit_handout(s, one, issued_on=ISSUED)
            baseline = timed_ms(bare_page, args.runs)
            handout = timed_ms(lambda: render_visit_handout(s, one, issued_on=ISSUED), args.runs)

            start = time.perf_counter()
            combined = render_visits(s, ids, issued_on=ISSUED)
            batch_one_file = time.perf_counter() - start

            out = Path(tmp) / "day"
            start = time.perf_counter()
            for visit_id in ids:
                write_handout_into(s, visit_id, out, issued_on=ISSUED)
            batch_files = time.perf_counter() - start
        db.close()

    base_ms = statistics.median(baseline)
    one_ms = statistics.median(handout)
    print(
        f"baseline: bare one-page reportlab PDF   median {base_ms:7.1f} ms  p95 {p95(baseline):7.1f} ms"
    )
    print(
        f"one handout (warm, store → PDF)        median {one_ms:7.1f} ms  p95 {p95(handout):7.1f} ms"
        f"  = {one_ms / base_ms:5.1f}× baseline  (target ≤ {ONE_TARGET_MS:.0f} ms)"
    )
    per_handout = batch_one_file * 1000 / len(ids)
    print(
        f"{len(ids)} handouts, one file ({len(combined) // 1024} KB)   {batch_one_file:7.2f} s"
        f"  = {per_handout / base_ms:5.1f}× baseline per handout  (target ≤ {BATCH_TARGET_S:.0f} s)"
    )
    print(
        f"{len(ids)} handouts, one file each          {batch_files:7.2f} s"
        f"  = {batch_files * 1000 / len(ids) / base_ms:5.1f}× baseline per handout"
    )
    ok = (
        p95(handout) <= ONE_TARGET_MS
        and batch_one_file <= BATCH_TARGET_S
        and batch_files <= BATCH_TARGET_S
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
