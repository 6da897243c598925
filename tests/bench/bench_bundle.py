"""The installable bundle: its size on disk and its cold start against the source app.

    .venv/bin/python tests/bench/bench_bundle.py [--dist build/dist/dxfield] [--runs N]

Builds the onedir bundle with pyinstaller.spec when --dist does not exist yet. Both apps open
the same demo store and report WINDOW when the window takes input and READY once the
dashboard is filled (``DXFIELD_STARTUP_PROBE``); runs are interleaved so machine noise hits
both alike. Target: bundle <= 150 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from source_bytecode import compile_sources  # noqa: E402


def tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(dist: Path) -> None:
    started = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "pyinstaller"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist.parent),
            "--workpath",
            str(ROOT / "build" / "pyi"),
            str(ROOT / "pyinstaller.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    print(f"built the bundle in {time.perf_counter() - started:.0f} s")


def time_start(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Milliseconds to the window taking input (WINDOW) and to a filled dashboard (READY)."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True)
    marks = {}
    for line in proc.stdout:
        marks.setdefault(line.strip(), (time.perf_counter() - started) * 1000)
        if "READY" in marks:
            break
    proc.wait(timeout=120)
    if "WINDOW" not in marks or "READY" not in marks:
        raise SystemExit(f"{cmd[0]} did not start: saw {sorted(marks)}")
    return marks["WINDOW"], marks["READY"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dist", type=Path, default=ROOT / "build" / "dist" / "dxfield")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.dist.exists():
        build(args.dist)
    size = tree_size(args.dist)
    internal = args.dist / "_internal"
    print(f"bundle size: {size / 1e6:.1f} MB on disk (target <= 150 MB)")
    parts = sorted(
        (
            (tree_size(p) if p.is_dir() else p.stat().st_size, p.name)
            for p in internal.iterdir()
            if not p.is_symlink()  # Qt's libraries are linked from PySide6/Qt/lib
        ),
        reverse=True,
    )
    for part_size, name in parts[:6]:
        print(f"  {part_size / 1e6:6.1f} MB  {name}")

    compile_sources()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        subprocess.run(
            [sys.executable, "-m", "ui.main", "--data-dir", str(data), "demo"],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        env = {**os.environ, "DXFIELD_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"}
        env["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        frozen_cmd = [str(args.dist / "dxfield"), "--data-dir", str(data)]
        source_cmd = [sys.executable, "-m", "ui.main", "--data-dir", str(data)]
        frozen, source = [], []
        for _ in range(args.runs):
            source.append(time_start(source_cmd, env))
            frozen.append(time_start(frozen_cmd, env))
        for label, index in (("the window taking input", 0), ("a filled dashboard", 1)):
            f = statistics.median(run[index] for run in frozen)
            s = statistics.median(run[index] for run in source)
            print(f"cold start to {label}: source {s:.0f} ms, frozen {f:.0f} ms")
            print(f"  ratio frozen / source: {f / s:.2f}  (median of {args.runs})")


if __name__ == "__main__":
    main()
