"""The desktop start counted in instructions (valgrind's callgrind), beside a bare window.

``bench_ui.py`` times the start; on a shared 2-core machine its medians move by a tenth of
the ratio from one run to the next, which is more than most single changes save. Counted
in instructions the same start gives the same figure to a few parts in a thousand whatever
else the machine is doing, so a change can be judged on its own:

1. a bare PySide6 ``QMainWindow`` to the event loop's first turn (``bench_ui``'s baseline);
2. the ``dxfield`` desktop to its window (the startup probe's WINDOW);
3. on to the dashboard's board painted (READY): the UI thread, and the other threads (the
   opener, whose work after it handed over the first board varies with the scheduling);
4. the opener's read of the first board alone (``quickread`` and ``overview.snapshot`` in a
   process prepared as the app is at its window): the keyring's first look, the imports and
   the query.

Instructions are not time: a wait, a page fault or a cache miss costs no instruction. Use
``bench_ui.py`` for what a person waits, this one to see what a change does to the work.

    .venv/bin/python tests/bench/bench_instructions.py [--data DIR]

DIR is ``bench_ui.py``'s store (the same default; built if missing). Needs valgrind; each
count takes 10-30 s.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from bench_ui import apps_environment, apps_home  # noqa: E402

# Each child ends its process at the mark (os._exit), so that no teardown is counted.
BARE = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1300, 850)
window.show()
QTimer.singleShot(0, lambda: os._exit(0))
app.exec()
"""

# The desktop as the ``dxfield`` command starts it (DXFIELD_STARTUP_PROBE), to a mark.
APP = """
import builtins, os, sys
mark = sys.argv[1]
printed = builtins.print

def print_then_end(*args, **kwargs):
    printed(*args, **kwargs)
    if args and args[0] == mark:
        os._exit(0)

builtins.print = print_then_end
from ui.main import main
main(sys.argv[2:])
"""

# The opener's first-board read alone: the process as the app's at its window first
# ("before"), then the read ("read"); the difference is the read. "prime" does what a full
# open leaves behind for a later start's first look (the keyring's entry points and the
# backend that gave the key, kept for this process's interpreter and path).
FIRST_BOARD = """
import gc, os, sys
from datetime import date
from pathlib import Path
step, store, year = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
if step == "prime":
    from dxfield import oskeyring
    oskeyring.remember(oskeyring.backend())
    os._exit(0)
gc.disable()
from ui.qtcompat import quicker_feature_check

quicker_feature_check()
import ui.app, ui.mainwindow  # noqa: F401 - imported by the time the opener starts
if step == "read":
    from dxfield import overview, quickread
    from dxfield.storekey import set_passphrase_prompt

    set_passphrase_prompt(lambda new: None)
    board = quickread.read_current(
        store / "dxfield.sqlite3", lambda conn: overview.snapshot(conn, year, None, date.today())
    )
    if board is None or not board.board:
        sys.exit("no first board read")
os._exit(0)
"""


def count(args: list[str], env: dict[str, str], out: Path) -> dict[int, int]:
    """Instructions by thread (1 is the main thread) of ``python args`` under callgrind."""
    for old in out.parent.glob(out.name + "*"):
        old.unlink()
    done = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--separate-threads=yes",
            f"--callgrind-out-file={out}",
            sys.executable,
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{args[:2]} failed under valgrind:\n{done.stderr[-2000:]}")
    threads = {}
    for part in out.parent.glob(out.name + "-*"):
        text = part.read_text(errors="replace")
        thread = re.search(r"^thread: (\d+)", text, re.M)
        summary = re.search(r"^summary: (\d+)", text, re.M)
        if thread and summary:
            threads[int(thread.group(1))] = int(summary.group(1))
    return threads


def mega(n: int) -> str:
    return f"{n / 1e6:.1f} M"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "dxfield-bench-ui-keyring"
    )
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian's package valgrind)")
    home, year, how = apps_home(args.data, "dxfield-bench-instr-")
    env = apps_environment(home / "keyring-plugin")
    app_env = dict(env, DXFIELD_STARTUP_PROBE="1")
    store = ["--data-dir", str(args.data)]
    out = home / "callgrind"
    try:
        # A first start migrates the store if it needs it and keeps what a later start's
        # first look uses; under valgrind, as the counted starts run.
        subprocess.run(
            ["valgrind", "-q", "--tool=none", sys.executable, "-c", APP, "FULL", *store],
            env=app_env,
            capture_output=True,
            check=True,
        )
        bare = count(["-c", BARE], env, out)[1]
        window = count(["-c", APP, "WINDOW", *store], app_env, out)[1]
        board = count(["-c", APP, "READY", *store], app_env, out)
        reads = []
        for step in ("prime", "before", "read"):
            line = ["-c", FIRST_BOARD, step, str(args.data), str(year)]
            if step == "prime":
                subprocess.run(
                    ["valgrind", "-q", "--tool=none", sys.executable, *line], env=env, check=True
                )
            else:
                reads.append(count(line, env, out)[1])
    finally:
        shutil.rmtree(home, ignore_errors=True)
    ui_thread, others = board[1], sum(n for t, n in board.items() if t != 1)
    print(f"instructions (callgrind), store key: {how}")
    print(f"  bare QMainWindow to the event loop's first turn   {mega(bare)}")
    print(
        f"  dxfield to its window                             {mega(window)}: "
        f"ratio {window / bare:.3f}  (bench_ui's target <= 1.2 in time)"
    )
    print(
        f"  dxfield to the board painted, UI thread           {mega(ui_thread)}; other "
        f"threads {mega(others)}; together ratio {(ui_thread + others) / bare:.2f}  "
        f"(bench_ui's target <= 2 in time)"
    )
    print(f"  the opener's first-board read alone               {mega(reads[1] - reads[0])}")


if __name__ == "__main__":
    main()
