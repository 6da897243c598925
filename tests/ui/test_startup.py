"""Starting the desktop: the real command, the window before the store, failures at start.

The window is shown before the store is opened (on a worker, after the first paint) and
before the log file is set up; these tests hold the start-up to what that promises: the data
arrives, nothing logged meanwhile is lost, and a store that cannot be opened is a Japanese
message with nothing changed on disk.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dxfield.db import open_database
from dxfield.logsetup import LOG_FILENAME, setup_logging, start_early_logging
from tests.rawstore import raw_connect


def test_the_dxfield_command_shows_its_window_then_the_dashboard(data_dir, tmp_path):
    env = dict(os.environ, DXFIELD_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "ui.main", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["WINDOW", "READY", "FULL"]
    assert (data_dir / "dxfield.sqlite3").exists()
    # The log file is set up by the opener thread, after the window: it is there all the same.
    logs = list(Path(os.environ["XDG_STATE_HOME"]).rglob(LOG_FILENAME))
    assert len(logs) == 1


# The window as ``ui.app.launch`` shows it, up to the event loop's first turn.
FIRST_WINDOW = """
import os, sys
import PySide6.QtCore as QtCore
import PySide6.QtGui as QtGui
from ui.app import launch
from ui.main import DeferredContext

started = launch(DeferredContext(sys.argv[1]))
built = "Qt" in vars(QtCore)
icon = "QIcon" in vars(QtGui)
catalog = "dxfield.messages" in sys.modules
window = started.window
print(built, icon, catalog, int(window.loading.alignment().value), window.toolbar.toolButtonStyle().name)
print(*(action.text() for action in window.file_menu.actions() if action.text()), sep="|")
sys.stdout.flush()
os._exit(0)
"""


def test_the_window_is_shown_before_pyside_builds_its_qt_namespace(data_dir):
    # PySide6 makes ``QtCore.Qt`` (hundreds of enums) on first use: 14 ms that the first
    # paint would wait for. Whatever the window needs of it goes in by other means. The
    # same for ``QIcon`` (its ThemeIcon enum, 1 ms), which ``QAction(text, parent)`` would
    # make. The messages' catalog (with dataclasses, 4 ms) waits for the first error too.
    result = subprocess.run(
        [sys.executable, "-c", FIRST_WINDOW, str(data_dir)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    # Not built, no catalog; the "opening the data" label centred; the toolbar's buttons
    # text only; the actions named.
    first, actions = result.stdout.splitlines()
    assert first.split() == ["False", "False", "False", str(0x84), "ToolButtonTextOnly"]
    assert actions == "配布資料を印刷…|アセスメントの取り込み…|バックアップ…|終了"


# The dashboard as the start-up shows it: the window up, then the board's first snapshot
# (``MainWindow.show_snapshot``, which imports and builds the page) painted.
SNAPSHOT_PAINTED = """
import os, sys
from datetime import date
from pathlib import Path
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEventLoop
from dxfield import overview, quickread
from ui import config
from ui.app import create_application, prepare

app = create_application()
settings = config.open_settings()
prepare(app, settings)
from ui.mainwindow import MainWindow

today = date.fromisoformat(sys.argv[2])
window = MainWindow(None, settings, today=today)
window.show()
snapshot = quickread.read_current(
    Path(sys.argv[1]) / "dxfield.sqlite3",
    lambda conn: overview.snapshot(conn, window.year, None, today),
)
page = window.show_snapshot(window.year, snapshot)
painted = QEventLoop()
page.board.call_after_paint(painted.quit)
painted.exec()
model = page.board_model
cell = model.index(next(r for r in range(model.rowCount()) if model.board_row(r).name == "北山村"), 3)
print("Qt" in vars(QtCore), model.rowCount(), page.week_model.rowCount(), page.overdue_model.rowCount())
print(model.data(cell), model.data(cell, 3).splitlines()[0])
sys.stdout.flush()
os._exit(0)
"""


def test_the_dashboards_first_board_is_painted_before_pyside_builds_its_qt_namespace(
    data_dir, world
):
    # As the window: the page's import, its construction, the snapshot's rows in its tables
    # and their first paint go without ``QtCore.Qt`` (roles as numbers, colours not brushes,
    # the tables' cells and headers in Qt's items, the legend drawn from a palette).
    from tests.ui.conftest import TODAY

    result = subprocess.run(
        [sys.executable, "-c", SNAPSHOT_PAINTED, str(data_dir), TODAY.isoformat()],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    # Not built; the snapshot's 30 towns, the week's visit and the overdue action shown;
    # 北山村's 全体相談 planned, its tooltip saying so.
    assert result.stdout.splitlines() == ["False 30 1 1", "○ 北山村 / 全体相談: 予定あり"]


# Printing, backups, imports and sync wired (``MainWindow._install_deferred``) after
# ``ui.extensions.DEFERRED_IMPORTS``, which the window has imported on a worker by then;
# the store's queue records its jobs instead of running them, so that no worker imports
# meanwhile.
DEFERRED_WIRING = """
import importlib, os, sys
from pathlib import Path
from PySide6.QtCore import QEventLoop, QTimer
from dxfield.db import open_database
from ui import config
from ui.app import PRELOAD, create_application, prepare
from ui.ops import Ops

app = create_application()
settings = config.open_settings()
prepare(app, settings)
from ui.extensions import DEFERRED_IMPORTS
from ui.mainwindow import MainWindow

ops = Ops(open_database(Path(sys.argv[1]) / "dxfield.sqlite3"))
jobs = []
for name in ("query", "write", "exclusive", "run"):
    setattr(ops, name, lambda *args, name=name, **kwargs: jobs.append(name))
window = MainWindow(None, settings)
window.ops = ops  # attached as far as the wiring looks
for name in PRELOAD + DEFERRED_IMPORTS:
    importlib.import_module(name)
before = set(sys.modules)
window._install_deferred()
installed = QEventLoop()  # the wiring's steps, one per turn of the loop
poll = QTimer()
poll.setInterval(1)
poll.timeout.connect(lambda: window.extensions_installed and installed.quit())
poll.start()
installed.exec()
new = sorted(set(sys.modules) - before)
print(window.extensions_installed, bool(jobs), window.sync_controller is not None)
print(*(name for name in new if not name.startswith(("ui.", "PySide6.", "shiboken6"))))
print(*new)
sys.stdout.flush()
os._exit(0)
"""


def test_wiring_printing_backups_and_sync_imports_only_ui_modules_on_the_ui_thread(db):
    # The rest (reportlab, requests, the sync client: some 200 ms that the window would not
    # answer for) is ``DEFERRED_IMPORTS``, imported on a worker before the wiring. A module
    # that the wiring imports and that is missing there fails this test: add it to the list.
    result = subprocess.run(
        [sys.executable, "-c", DEFERRED_WIRING, str(db.path.parent)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert result.returncode == 0, result.stderr
    wired, others, every = result.stdout.splitlines()
    assert wired == "True True True"
    assert others == ""
    assert "ui.printing" in every.split() and "ui.sync_controller" in every.split()


def test_the_window_imports_printing_and_sync_on_a_worker_then_wires_them_on_its_own_thread(
    qtbot, ops, settings, monkeypatch
):
    import threading

    import ui.extensions as extensions
    import ui.mainwindow as mainwindow

    threads = {}
    imported = extensions.import_deferred
    installed = mainwindow.MainWindow._install_deferred

    def importing() -> None:
        threads["import"] = threading.current_thread()
        imported()

    def installing(self) -> None:
        threads.setdefault("install", threading.current_thread())
        installed(self)

    monkeypatch.setattr(extensions, "import_deferred", importing)
    monkeypatch.setattr(mainwindow.MainWindow, "_install_deferred", installing)
    window = mainwindow.MainWindow(ops, settings)
    qtbot.addWidget(window)
    assert not window.extensions_installed  # the first page's data first
    qtbot.waitUntil(lambda: window.extensions_installed, timeout=10000)
    assert threads["import"] is not threading.main_thread()
    assert threads["install"] is threading.main_thread()
    assert window.sync_controller is not None


def test_the_wiring_lets_the_event_loop_run_between_its_steps(qtbot, ops, settings, monkeypatch):
    # A click or a repaint that comes while printing, backups and sync are wired waits for
    # one step, not for all of them: what is posted during a step is handled before the next.
    from PySide6.QtCore import QObject, Qt, Signal

    import ui.extensions as extensions
    from ui.mainwindow import MainWindow

    class Probe(QObject):
        posted = Signal()

    order: list[str] = []
    probe = Probe()
    probe.posted.connect(lambda: order.append("posted"), Qt.ConnectionType.QueuedConnection)

    def step(name: str, post: bool = False):
        def run(window) -> None:
            assert window is wired
            order.append(name)
            if post:
                probe.posted.emit()  # as the window system posts a click

        return run

    monkeypatch.setattr(
        extensions, "STEPS", (step("first", post=True), step("second"), step("third"))
    )
    wired = MainWindow(None, settings)
    qtbot.addWidget(wired)
    wired.ops = ops
    wired._install_deferred()
    assert order == [] and not wired.extensions_installed  # nothing before the loop turns
    wired._install_deferred()  # asked twice (the worker's answer, its failure): wired once
    qtbot.waitUntil(lambda: wired.extensions_installed, timeout=5000)
    assert order == ["first", "posted", "second", "third"]


def test_a_wiring_step_that_fails_is_reported_and_the_rest_still_run(
    qtbot, ops, settings, monkeypatch
):
    import ui.extensions as extensions
    from ui.mainwindow import MainWindow

    ran: list[str] = []

    def fails(_window) -> None:
        ran.append("fails")
        raise RuntimeError("printing could not be wired")

    monkeypatch.setattr(extensions, "STEPS", (fails, lambda _w: ran.append("second"), fails))
    window = MainWindow(None, settings)
    qtbot.addWidget(window)
    window.ops = ops
    with qtbot.capture_exceptions() as raised:
        window._install_deferred()
        qtbot.waitUntil(lambda: window.extensions_installed, timeout=5000)
        qtbot.wait(50)  # the timer is stopped: a last step that failed is not run again
    assert ran == ["fails", "second", "fails"]
    assert [str(error) for _kind, error, _tb in raised] == ["printing could not be wired"] * 2


def test_a_window_deleted_while_its_wiring_imported_is_left_alone(qtbot, ops, settings):
    import shiboken6

    from ui.mainwindow import MainWindow

    window = MainWindow(None, settings)
    window.ops = ops
    shiboken6.delete(window)
    window._install_deferred()  # the worker's answer after the window went: nothing happens
    assert not window.extensions_installed


def test_the_bundled_font_is_registered_and_a_missing_resource_is_none(qapp):
    from dxfield.errors import ResourceError
    from dxfield.paths import find_resource, resource_path
    from ui.i18n import register_fonts

    assert register_fonts() == "IPAexGothic"
    assert find_resource("fonts", "ipaexg.ttf") == resource_path("fonts", "ipaexg.ttf")
    assert find_resource("fonts", "missing.ttf") is None
    with pytest.raises(ResourceError):
        resource_path("fonts", "missing.ttf")


def test_pyside6s_check_of_each_import_reads_the_file_and_answers_as_its_own():
    import ui.app  # noqa: F401 - a module that says PySide6
    from ui.qtcompat import quicker_feature_check

    quicker_feature_check()
    quicker_feature_check()  # once is enough; a second call keeps the first
    quick = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    original = quick.original
    assert not getattr(original, "reads_bytes", False)
    modules = [
        module
        for name, module in sorted(sys.modules.items())
        if name.split(".")[0]
        in {"ui", "dxfield", "json", "logging", "email", "PySide6", "keyring", "jaraco"}
    ]
    assert len(modules) > 50
    answers = {module.__name__: quick(module) for module in modules}
    assert answers == {module.__name__: original(module) for module in modules}
    assert answers["ui.app"] and not answers["dxfield.errors"]
    # The standard library's modules are answered without reading them; others are read.
    import json

    read = []
    real_read = os.read
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "read", lambda fd, n: read.append(fd) or real_read(fd, n))
        assert not quick(json) and quick(sys.modules["ui.app"])
    assert len(read) == 1


def test_records_logged_before_the_log_file_are_written_to_it(tmp_path):
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        start_early_logging()
        logging.getLogger("ui.i18n").warning("qtbase_ja.qm not found (early)")
        path = setup_logging(tmp_path)
        logging.getLogger("dxfield").info("after the file")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "qtbase_ja.qm not found (early)" in text
        assert text.index("(early)") < text.index("after the file")
        assert text.count("(early)") == 1
        assert not [h for h in root.handlers if type(h).__name__ == "_EarlyRecords"]
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()


def _launch_and_wait_for_failure(qtbot, monkeypatch, data_dir: Path) -> list[str]:
    from PySide6.QtWidgets import QMessageBox

    from ui.app import launch
    from ui.main import DeferredContext

    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    started = launch(DeferredContext(str(data_dir)))
    exits: list[int] = []
    monkeypatch.setattr(started, "app", type("App", (), {"exit": exits.append})())
    qtbot.addWidget(started.window)
    qtbot.waitUntil(lambda: started.failed is not None, timeout=30000)
    assert exits == [2]
    assert started.ops is None
    started.shutdown()
    return shown


def test_a_data_dir_that_cannot_be_made_is_a_message(qtbot, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    shown = _launch_and_wait_for_failure(qtbot, monkeypatch, blocker / "data")
    assert len(shown) == 1
    assert "データフォルダ" in shown[0]
    assert blocker.read_text() == "not a folder"


def test_a_database_from_a_newer_version_is_a_message_and_left_alone(qtbot, monkeypatch, data_dir):
    path = data_dir / "dxfield.sqlite3"
    open_database(path).close()
    with raw_connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    before = path.read_bytes()
    shown = _launch_and_wait_for_failure(qtbot, monkeypatch, data_dir)
    assert len(shown) == 1
    assert "新しいバージョン" in shown[0]
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "desktop", "data_dir"),
    [
        ([], True, None),
        (["--data-dir", "x"], True, "x"),
        (["--data-dir=y"], True, "y"),
        (["visits"], False, None),
        (["--self-test"], False, None),
        (["--data-dir", "x", "demo"], False, None),
    ],
)
def test_only_a_bare_command_starts_the_window(argv, desktop, data_dir):
    from ui.main import desktop_arguments

    assert desktop_arguments(argv) == (desktop, data_dir)


def test_what_start_up_made_is_set_aside_from_the_collector(qtbot, data_dir):
    import gc

    from ui.app import launch
    from ui.main import DeferredContext

    gc.unfreeze()
    started = launch(DeferredContext(str(data_dir)))
    qtbot.addWidget(started.window)
    try:
        qtbot.waitUntil(lambda: started.ops is not None, timeout=30000)
        # Modules, classes and the first page: collections no longer walk them.
        assert gc.get_freeze_count() > 10_000
    finally:
        started.shutdown()
        gc.unfreeze()
    assert gc.isenabled()


def test_without_a_keyring_the_app_asks_for_a_passphrase_and_a_wrong_one_is_a_message(
    qtbot, monkeypatch, data_dir
):
    import keyring
    import keyring.backends.fail

    from dxfield.driver import is_encrypted
    from ui.app import launch
    from ui.dialogs import Passphrase
    from ui.main import DeferredContext

    keyring.set_keyring(keyring.backends.fail.Keyring())
    asked: list[bool] = []
    monkeypatch.setattr(
        Passphrase, "ask", classmethod(lambda cls, parent, new: asked.append(new) or "合言葉 2026")
    )
    started = launch(DeferredContext(str(data_dir)))
    qtbot.addWidget(started.window)
    qtbot.waitUntil(lambda: started.ops is not None, timeout=30000)
    started.shutdown()
    assert asked == [True]
    assert is_encrypted(data_dir / "dxfield.sqlite3")

    from dxfield import storekey
    from ui.recovery import QUIT, RecoveryChoice, RecoveryDialog

    storekey.forget()
    before = (data_dir / "dxfield.sqlite3").read_bytes()
    monkeypatch.setattr(Passphrase, "ask", classmethod(lambda cls, parent, new: "違う"))
    problems = []

    def ask(cls, parent, diagnosis, *, logged_in, running=False):
        problems.append(diagnosis.problem)
        return RecoveryChoice(QUIT)

    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(ask))
    again = launch(DeferredContext(str(data_dir)))
    exits: list[int] = []
    monkeypatch.setattr(again, "app", type("App", (), {"exit": exits.append})())
    qtbot.addWidget(again.window)
    try:
        qtbot.waitUntil(lambda: bool(exits), timeout=30000)
    finally:
        again.shutdown()
    # A wrong passphrase looks like a damaged first page: the way-back dialog says which.
    assert "another key or passphrase" in problems[0]
    assert (data_dir / "dxfield.sqlite3").read_bytes() == before
