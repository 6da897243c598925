"""Reading and checking a web-form export, importing it, and refusing a 50 MB file.

The biggest real file is one per programme year: 30 municipalities, a baseline and an
evaluation. We time planning a file of 600 responses (ten years: decode, map, check every
cell) against the floor any reader pays, the standard csv module parsing the same bytes;
then importing one year (60 responses, one transaction); and refusing a 50 MB file.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dxfield.db import open_database
from dxfield.errors import ImportProblem
from dxfield.io.assessment_import import import_assessments, plan_assessments
from dxfield.masterdata import ensure_master_data, municipality_rows
from tests.io import webforms


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = open_database(tmp / "data" / "dxfield.sqlite3")
        with db.session() as s:
            ensure_master_data(s)
        defn = webforms.sheet(db)
        towns = [str(r["name"]) for r in municipality_rows()]
        answers = []
        for year in range(2016, 2026):
            for n, town in enumerate(towns):
                answers.append((f"{year}/05/{1 + n % 28:02d} 10:00:00", town, n + year - 2016))
                answers.append((f"{year + 1}/01/{1 + n % 28:02d} 10:00:00", town, n + year - 2015))
        rows = webforms.google_forms_rows(defn, answers)
        rows[0].insert(1, "区分")
        for i, row in enumerate(rows[1:]):
            row.insert(1, "当初" if i % 2 == 0 else "評価")
        path = webforms.write_csv(tmp / "ten_years.csv", rows)
        data = path.read_bytes()

        baseline = min(
            timed(lambda: list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) for _ in range(5)
        )
        with db.read_session() as s:
            plan_ms = min(timed(lambda: plan_assessments(s, path)) for _ in range(3))
        # Writing goes through the services and the change tracker: time one year's file.
        one_year = webforms.write_csv(tmp / "one_year.csv", [rows[0], *rows[1:61]])
        with db.session() as s:
            import_ms = timed(lambda: import_assessments(s, one_year))

        huge = tmp / "huge.csv"
        line = data.splitlines(keepends=True)[1]
        with huge.open("wb") as fh:
            fh.write(data.splitlines(keepends=True)[0])
            fh.write(line * (50 * 1024 * 1024 // len(line) + 1))

        def refuse() -> None:
            try:
                with db.read_session() as s:
                    plan_assessments(s, huge)
            except ImportProblem:
                return
            raise AssertionError("a 50 MB file was accepted")

        refuse_ms = timed(refuse)
        db.close()
    print(
        f"file: {len(answers)} responses x {len(defn.questions)} questions, {len(data) / 1024:.0f} KiB"
    )
    print(f"baseline csv.reader parse:  {baseline:8.1f} ms")
    print(f"plan (dry run):             {plan_ms:8.1f} ms  ({plan_ms / baseline:.1f}x baseline)")
    print(
        f"import 60 responses, one transaction: {import_ms:8.1f} ms ({import_ms / 60:.0f} ms each)"
    )
    print(f"refuse a 50 MB file:        {refuse_ms:8.1f} ms")


if __name__ == "__main__":
    main()
