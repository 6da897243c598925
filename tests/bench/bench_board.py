"""The dashboard's first board on the UI thread, step by step (``bench_ui``'s store).

From the moment the first snapshot (``dxfield.overview.BoardSnapshot``) reaches the window
to the board painted: the import of the page, its construction, ``show_snapshot`` (the
tables filled) and the paint (layout, columns sized to their contents, painting). CPU time
of each step in a fresh process (the snapshot is read before the clock starts), medians of
N processes; and whether PySide6 built its ``QtCore.Qt`` namespace (some 14 ms) on the way,
which it should not (``tests/ui/test_startup.py`` holds that too).

    .venv/bin/python tests/bench/bench_board.py [--data DIR] [--runs N]

DIR is the store ``bench_ui.py`` builds (the same default); run that first.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from bench_ui import last_year, use_file_keyring  # noqa: E402
from source_bytecode import compile_sources  # noqa: E402

STEPS = ("import", "construct", "show_snapshot", "paint")

# The window as the start-up shows it, then the dashboard's first snapshot, timed.
CHILD = """
import json, os, sys, time
from datetime import date
from pathlib import Path
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEventLoop
from ui.qtcompat import quicker_feature_check

quicker_feature_check()
from ui import config
from ui.app import create_application, prepare

app = create_application()
settings = config.open_settings()
settings.setValue("year", int(sys.argv[2]))
prepare(app, settings)
from ui.mainwindow import MainWindow

window = MainWindow(None, settings)
window.show()
shown = QEventLoop()
window.call_after_paint(shown.quit)
shown.exec()
from dxfield import overview, quickread

year, today = window.year, window.today
snapshot = quickread.read_current(
    Path(sys.argv[1]) / "dxfield.sqlite3", lambda conn: overview.snapshot(conn, year, None, today)
)
built_before = "Qt" in vars(QtCore)
times = [time.process_time()]
import ui.pages.dashboard

times.append(time.process_time())
page = window.page("dashboard")
times.append(time.process_time())
page.show_snapshot(year, snapshot)
times.append(time.process_time())
window.stack.setCurrentWidget(page)
painted = QEventLoop()
page.board.call_after_paint(painted.quit)
painted.exec()
times.append(time.process_time())
print(json.dumps({
    "ms": [(b - a) * 1000 for a, b in zip(times, times[1:])],
    "qt": [built_before, "Qt" in vars(QtCore)],
    "rows": [page.board_model.rowCount(), page.week_model.rowCount(),
             page.overdue_model.rowCount()],
}))
sys.stdout.flush()
os._exit(0)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "dxfield-bench-ui-keyring"
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not (args.data / "large-10y.done").exists():
        raise SystemExit(f"no bench store in {args.data}: run tests/bench/bench_ui.py first")
    use_file_keyring(args.data)
    compile_sources()
    year, _how = last_year(args.data)
    with tempfile.TemporaryDirectory(prefix="dxfield-bench-board-") as home:
        env = dict(
            os.environ,
            XDG_CONFIG_HOME=str(Path(home) / ".config"),
            QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            PYTHONPATH=str(ROOT),
        )
        runs = []
        for _ in range(args.runs):
            out = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.data), str(year)],
                env=env,
                cwd=ROOT,  # ``-c`` puts the working directory first on the path
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            runs.append(json.loads(out.splitlines()[-1]))
    board, week, overdue = runs[0]["rows"]
    print(
        f"first board of {year}: {board} towns, {week} visits this week, {overdue} overdue "
        f"actions; UI-thread CPU, median of {args.runs} fresh processes"
    )
    for i, step in enumerate(STEPS):
        print(f"  {step:14s} {statistics.median(run['ms'][i] for run in runs):6.1f} ms")
    total = statistics.median(sum(run["ms"]) for run in runs)
    print(f"  {'total':14s} {total:6.1f} ms")
    built = sorted({run["qt"][1] for run in runs})
    before = any(run["qt"][0] for run in runs)
    print(f"  QtCore.Qt built on the way: {built} (already before: {before})  (target: no)")


if __name__ == "__main__":
    main()
