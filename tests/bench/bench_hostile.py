"""Hostile and large imports: time and peak memory of refusing them, against a normal file.

Each input is imported with ``dxfield import assessments FILE --dry-run`` in a fresh process
(the way a person meets it), timed, and its peak resident memory read back from the kernel
(``resource.getrusage(RUSAGE_CHILDREN)`` of that one child). The baseline is the same command
on a normal export of one programme year, in the same run. Targets: every refusal within
2 s of the baseline's time and under 200 MB.

    .venv/bin/python tests/bench/bench_hostile.py [--keep DIR]

The inputs (some are a 1.5 GB bomb packed into a few MB) are built into a temporary folder,
or into DIR and reused.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MB = 1024 * 1024


def build(folder: Path) -> dict[str, Path]:
    from dxfield.masterdata import municipality_rows
    from tests.io import hostile, webforms

    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    subprocess.run(
        [sys.executable, "-m", "ui.main", "--data-dir", str(data), "municipalities"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    from dxfield.db import open_database

    db = open_database(data / "dxfield.sqlite3")
    defn = webforms.sheet(db)
    db.close()
    towns = [str(r["name"]) for r in municipality_rows()]
    answers = [(f"2025/05/{1 + n % 28:02d} 10:00:00", town, n) for n, town in enumerate(towns)]
    most = [(f"{2000 + n // 30}/05/01 10:00:00", towns[n % 30], n) for n in range(3000)]
    files = {
        "normal.csv (30 responses)": folder / "normal.csv",
        "3,000 responses (.csv, the most)": folder / "most.csv",
        "3,000 responses (.xlsx, the most)": folder / "most.xlsx",
        "normal.xlsx (30 responses)": folder / "normal.xlsx",
        "shared strings bomb (1.5 GB)": folder / "ss_bomb.xlsx",
        "docProps bomb (500 MB)": folder / "docprops_bomb.xlsx",
        "100,000 rows x 60 (.xlsx)": folder / "rows100k.xlsx",
        "100,000 rows x 3 (.xlsx)": folder / "rows100k_narrow.xlsx",
        "3,000,000 shared strings": folder / "many_strings.xlsx",
        "3,000 rows x 2,000 columns": folder / "wide.xlsx",
        "row numbered 2,000,000": folder / "far_row.xlsx",
        "50 MB CSV": folder / "big.csv",
        "a line of 5,000,000 commas": folder / "commas.csv",
    }
    builders = {
        "3,000 responses (.csv, the most)": lambda p: webforms.write_csv(
            p, webforms.google_forms_rows(defn, most)
        ),
        "3,000 responses (.xlsx, the most)": lambda p: webforms.write_xlsx(
            p, webforms.microsoft_forms_rows(defn, most)
        ),
        "normal.csv (30 responses)": lambda p: webforms.write_csv(
            p, webforms.google_forms_rows(defn, answers)
        ),
        "normal.xlsx (30 responses)": lambda p: webforms.write_xlsx(
            p, webforms.microsoft_forms_rows(defn, answers)
        ),
        "shared strings bomb (1.5 GB)": lambda p: hostile.shared_strings_bomb(p, 1500 * MB),
        "docProps bomb (500 MB)": lambda p: hostile.docprops_bomb(p, 500 * MB),
        "100,000 rows x 60 (.xlsx)": lambda p: hostile.many_rows(p, 100_000, width=60),
        "100,000 rows x 3 (.xlsx)": lambda p: hostile.many_rows(p, 100_000, width=3),
        "3,000,000 shared strings": lambda p: hostile.many_shared_strings(p, 3_000_000),
        "3,000 rows x 2,000 columns": lambda p: hostile.wide_rows(p, 3000, 2000),
        "row numbered 2,000,000": lambda p: hostile.numbered_rows(
            p, [(1, ["市町村名", "年度"]), (2_000_000, ["和歌山市", 2025])]
        ),
        "50 MB CSV": lambda p: p.write_bytes(
            (folder / "normal.csv").read_bytes()[:-2]
            * (50 * MB // (folder / "normal.csv").stat().st_size + 1)
        ),
        "a line of 5,000,000 commas": lambda p: p.write_bytes(
            "市町村名,回答\r\n".encode() + b"," * 5_000_000 + b"\r\n"
        ),
    }
    for name, path in files.items():
        if not path.exists():
            builders[name](path)
    return files


def measure(path: Path, data: Path) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, last line) of one dry run in a fresh process."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "s = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "last = (r.stdout + r.stderr).strip().splitlines()[-1:] or ['']\n"
        "print(f'{s}\\t{peak}\\t{r.returncode}\\t{last[0]}')\n"
    )
    argv = [sys.executable, "-m", "ui.main", "--data-dir", str(data)]
    argv += ["import", "assessments", str(path), "--year", "2025", "--dry-run"]
    out = subprocess.run(
        [sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True, timeout=900
    ).stdout.strip()
    seconds, peak_kb, rc, last = out.split("\t", 3)
    return float(seconds), int(peak_kb) / 1024, int(rc), last


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, help="build the inputs here and reuse them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        files = build(folder)
        base_s, base_mb, _, _ = min(
            measure(files["normal.csv (30 responses)"], folder / "data") for _ in range(3)
        )
        print(f"baseline (normal.csv, 30 responses): {base_s:.2f} s, {base_mb:.0f} MB")
        print(f"{'input':32} {'size':>9} {'s':>6} {'x base':>7} {'MB':>6}  result")
        for name, path in files.items():
            seconds, peak, rc, last = measure(path, folder / "data")
            size = path.stat().st_size / MB
            print(
                f"{name:32} {size:8.1f}M {seconds:6.2f} {seconds / base_s:7.2f} {peak:6.0f}  "
                f"exit {rc}: {last[:90]}"
            )


if __name__ == "__main__":
    main()
