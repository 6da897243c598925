"""Entry point of the ``dxfield`` command: the composition root of all three layers.

Core commands come from ``dxfield.cli``, sync commands from ``sync``; with no subcommand the
desktop app starts. Qt is imported only when the window is actually wanted, so the
command-line tools start fast and work without a display.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from dxfield.cli import main as cli_main
from dxfield.cli.context import AppContext
from dxfield.logsetup import setup_logging

# Modules with a ``register(subparsers)`` adding commands beyond the core ones.
EXTRA_COMMAND_MODULES: tuple[str, ...] = ("sync.cli",)


STARTUP_PROBE_ENV = "DXFIELD_STARTUP_PROBE"


def _startup_probe(ctx: AppContext) -> int:
    """Start the window, print READY once the dashboard shows its data, quit (for benchmarks
    that time a cold start of the frozen and the source app alike)."""
    from PySide6.QtCore import QTimer

    from ui.app import launch

    started = launch(ctx)
    timer = QTimer()
    timer.setInterval(1)
    shown = []

    def poll() -> None:
        if started.ops is None:
            return
        if not shown:  # whatever page the last session left open, time the dashboard
            shown.append(started.window.show_page("dashboard"))
        if started.window.page("dashboard").board_model.rowCount():
            timer.stop()
            print("READY", flush=True)
            started.app.quit()

    timer.timeout.connect(poll)
    timer.start()
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


def start_desktop(ctx: AppContext) -> int:
    import os

    if _no_display():
        print(
            "エラー: 画面（X11 / Wayland）がないためウィンドウを開けません。"
            "コマンドは `dxfield --help` で確認できます。",
            file=sys.stderr,
        )
        return 1
    if os.environ.get(STARTUP_PROBE_ENV):
        return _startup_probe(ctx)
    try:
        from ui.app import run
    except ModuleNotFoundError as exc:
        if exc.name == "ui.app":
            print(
                "the desktop window is not part of this build yet; "
                "see `dxfield --help` for the command-line tools",
                file=sys.stderr,
            )
            return 1
        raise
    return run(ctx)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    setup_logging()
    if "--self-test" in args:
        from ui.selftest import run

        return run()
    return cli_main(args, extra_modules=EXTRA_COMMAND_MODULES, default=start_desktop)


if __name__ == "__main__":
    sys.exit(main())
