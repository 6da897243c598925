"""Entry point of the ``dxfield`` command: the composition root of all three layers.

Core commands come from ``dxfield.cli``, sync commands from ``sync``; with no subcommand the
desktop app starts. Qt is imported only when the window is actually wanted, so the
command-line tools start fast and work without a display; and the desktop path imports
neither the command line nor the store before its window is up.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Commands beyond the core ones, as in ``dxfield.cli.COMMANDS``: name -> (module, help).
EXTRA_COMMANDS: dict[str, tuple[str, str]] = {
    "login": ("sync.cli", "log in to the sync server"),
    "logout": ("sync.cli", "log out and forget the token"),
    "sync": ("sync.cli", "send local edits and fetch the team's"),
    "invite": ("sync.invite_cli", "web-form links (assessment sheet, survey)"),
}


STARTUP_PROBE_ENV = "DXFIELD_STARTUP_PROBE"


def _startup_probe(ctx: DeferredContext) -> int:
    """Start the window and report to stdout (for benchmarks that time a cold start of the
    frozen and the source app alike): WINDOW when the event loop first runs with the window
    shown (it takes input from then on), READY once the dashboard's board has been painted
    with the year's towns (from the first snapshot or the full load), FULL once the store is
    open and the dashboard fully loaded (trainings included); then quit. Nothing polls
    before the store is open: a Python timer would take turns with the opener thread."""
    from PySide6.QtCore import QTimer

    from ui.app import launch

    started = launch(ctx)
    window = started.window
    marks: list[str] = []

    def mark(name: str) -> None:
        if name not in marks:
            marks.append(name)
            print(name, flush=True)

    # QTimer objects: QTimer.singleShot(callable) leaks in PySide6 6.12.
    first = QTimer()
    first.setSingleShot(True)
    first.timeout.connect(lambda: mark("WINDOW"))
    first.start(0)
    painted = QTimer()
    painted.setSingleShot(True)
    painted.timeout.connect(lambda: mark("READY"))

    # READY on the event loop's next turn after the board painted rows. The dashboard is
    # made current once built (a signal with an int: no event filter sees every event).
    watched: list = []

    def board_painted() -> None:
        if watched[0].board_model.rowCount():
            painted.start(0)
        else:
            watched[0].board.call_after_paint(board_painted)

    def current_changed(_index: int) -> None:
        page = window.built_page("dashboard")
        if page is not None and not watched:
            watched.append(page)
            page.board.call_after_paint(board_painted)

    window.stack.currentChanged.connect(current_changed)
    timer = QTimer()
    timer.setInterval(1)

    def poll() -> None:
        if window.current_page_name() != "dashboard":
            # Whatever page the last session left open, time the dashboard.
            window.show_page("dashboard")
            return
        board = window.built_page("dashboard")
        if board.is_loading() or not board.board_model.rowCount():
            return
        timer.stop()
        mark("READY")
        print("FULL", flush=True)
        started.app.quit()

    timer.timeout.connect(poll)
    window.attached.connect(timer.start)
    try:
        return started.app.exec()
    finally:
        started.shutdown()


def _no_display() -> bool:
    """On Linux without X11 or Wayland, Qt would abort the process; say so instead."""
    import os

    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


class DeferredContext:
    """The desktop's ``AppContext``, made on first use: by the opener thread once the window
    is up (finding the data dir reads the saved settings; opening imports the store). The
    log file is set up before the store opens (``dxfield.logsetup``: what was logged before
    is kept), after the dashboard's first snapshot: that read only needs the file's path."""

    def __init__(self, data_dir: str | None) -> None:
        self._explicit = data_dir
        self._ctx = None
        self._logging = False

    def _context(self, *, log_file: bool = True):
        if log_file and not self._logging:
            from dxfield.logsetup import setup_logging

            setup_logging()
            self._logging = True
        if self._ctx is None:
            from dxfield.context import AppContext

            self._ctx = AppContext(self._explicit)
        return self._ctx

    @property
    def data_dir(self):
        return self._context().data_dir

    @property
    def database_path(self):
        return self._context(log_file=False).database_path

    @property
    def db(self):
        return self._context().db

    @property
    def failed_store(self):
        return self._ctx.failed_store if self._ctx is not None else None

    def close(self) -> None:
        if self._ctx is not None:
            self._ctx.close()


def desktop_arguments(argv: Sequence[str]) -> tuple[bool, str | None]:
    """(True, data dir) when ``argv`` holds nothing but ``--data-dir``: the window starts
    without building the command-line parser, whose command modules import most of the app."""
    data_dir = None
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--data-dir" and rest:
            data_dir = rest.pop(0)
        elif arg.startswith("--data-dir="):
            data_dir = arg.split("=", 1)[1]
        else:
            return False, None
    return True, data_dir


def start_desktop(data_dir: str | None) -> int:
    import os

    if _no_display():
        print(
            "エラー: 画面（X11 / Wayland）がないためウィンドウを開けません。"
            "コマンドは `dxfield --help` で確認できます。",
            file=sys.stderr,
        )
        return 1
    # No automatic collection from here on: the window's MainThreadGC (ui.qtcompat) turns it
    # off anyway and collects on the UI thread. Before it, the imports of start-up (some
    # 200,000 objects and next to no garbage) set off hundreds of collections: 10 ms
    # before the first paint.
    import gc

    gc.disable()
    # Qt first, then PySide6's check of each later import made cheaper (ui.qtcompat).
    from ui.qtcompat import quicker_feature_check

    quicker_feature_check()
    ctx = DeferredContext(data_dir)
    try:
        if os.environ.get(STARTUP_PROBE_ENV):
            return _startup_probe(ctx)
        from ui.app import run

        return run(ctx)
    finally:
        ctx.close()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    desktop, data_dir = desktop_arguments(args)
    if desktop:
        from dxfield.logsetup import start_early_logging

        start_early_logging()  # the log file itself is set up by the opener thread
        return start_desktop(data_dir)
    if "--self-test" in args:
        from dxfield.logsetup import setup_logging
        from ui.selftest import run

        setup_logging()
        return run()
    # The command line sets up logging itself once the arguments parse.
    from dxfield.cli import main as cli_main

    return cli_main(args, extra_commands=EXTRA_COMMANDS)


if __name__ == "__main__":
    sys.exit(main())
