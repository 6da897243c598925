"""Preview and print handouts from the desktop: the file reaches the viewer or the printer,
made off the UI thread, with progress and cancel for a batch."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from dxfield.errors import NotFoundError
from tests.ui.conftest import wait_idle
from ui import printing


@pytest.fixture
def opened(monkeypatch):
    """What was handed to the system viewer, instead of opening a real one."""
    paths = []
    monkeypatch.setattr(printing.SystemViewer, "open", classmethod(lambda cls, p: paths.append(p)))
    monkeypatch.setattr(printing, "has_qt_pdf", lambda: False)
    return paths


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "handouts"
    path.mkdir()
    return path


def test_preview_writes_the_handout_and_opens_it(qtbot, ops, world, opened, folder):
    printer = printing.HandoutPrinter(ops, folder=folder)

    with qtbot.waitSignal(printer.ready, timeout=10000) as ready:
        printer.preview(world.visit_done)

    path = ready.args[0]
    assert opened == [path]
    assert path.parent == folder and path.name == "20250520-1000_和歌山市_初回面談.pdf"
    assert path.read_bytes().startswith(b"%PDF-")


def test_the_pdf_is_made_off_the_ui_thread(qtbot, ops, world, opened, folder, monkeypatch):
    threads = []
    real = printing.write_handout_into

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(printing, "write_handout_into", spy)
    printer = printing.HandoutPrinter(ops, folder=folder)

    with qtbot.waitSignal(printer.ready, timeout=10000):
        printer.preview(world.visit_done)

    assert threads and threads[0] is not threading.main_thread()


def test_print_without_qt_pdf_hands_the_file_to_the_system_viewer(
    qtbot, ops, world, opened, folder
):
    printer = printing.HandoutPrinter(ops, folder=folder)

    with qtbot.waitSignal(printer.ready, timeout=10000) as ready:
        printer.print_handout(world.visit_done)

    assert opened == [ready.args[0]]


def test_unknown_visit_fails_and_leaves_no_file(qtbot, ops, world, opened, folder):
    printer = printing.HandoutPrinter(ops, folder=folder)

    with qtbot.waitSignal(printer.failed, timeout=10000) as failed:
        printer.preview("no-such-visit")

    assert isinstance(failed.args[0], NotFoundError)
    assert opened == [] and list(folder.iterdir()) == []


def test_batch_dialog_counts_up_and_prints_one_file(qtbot, ops, world, opened, tmp_path):
    target = tmp_path / "batch.pdf"
    dialog = printing.BatchPrintDialog(
        ops, [world.visit_done, world.visit_this_week], target=target
    )
    qtbot.addWidget(dialog)
    values = []
    dialog.bar.valueChanged.connect(values.append)

    with qtbot.waitSignal(dialog.done, timeout=15000) as done:
        dialog.start()

    assert done.args[0] == target and target.read_bytes().startswith(b"%PDF-")
    assert values[-1] == 2 and dialog.bar.maximum() == 2
    assert 1 in values  # the bar moved between the two handouts
    assert opened == [target]
    assert not dialog.isVisible()


def test_cancel_stops_the_batch_and_writes_nothing(
    qtbot, ops, world, opened, tmp_path, monkeypatch
):
    gate = threading.Event()
    real = printing.render_visits

    def held(*args, **kwargs):
        gate.wait(10)  # the user presses 中止 while the first handout is being made
        return real(*args, **kwargs)

    monkeypatch.setattr(printing, "render_visits", held)
    target = tmp_path / "batch.pdf"
    dialog = printing.BatchPrintDialog(
        ops, [world.visit_done, world.visit_this_week], target=target
    )
    qtbot.addWidget(dialog)
    dialog.start()

    with qtbot.waitSignal(dialog.cancelled, timeout=15000):
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
        assert dialog.label.text() == "中止しています…"
        gate.set()

    assert not target.exists()
    assert opened == []
    assert not dialog.isVisible()


def test_print_action_prints_the_open_visit(qtbot, window, world, ops, opened, folder, monkeypatch):
    monkeypatch.setattr(printing, "handout_folder", lambda: folder)
    window.open_visit(world.visit_done)
    wait_idle(qtbot, ops)

    with qtbot.waitSignal(window.handout_printer.ready, timeout=10000) as ready:
        window.print_action.trigger()

    assert opened == [ready.args[0]]
    assert "和歌山市" in ready.args[0].name


def test_print_action_without_an_open_visit_says_what_to_do(qtbot, window, opened):
    window.print_action.trigger()

    assert "訪問を開いてから印刷" in window.statusBar().currentMessage()
    assert opened == []


def test_print_day_batches_that_days_visits(qtbot, window, world, ops, opened, folder, monkeypatch):
    monkeypatch.setattr(printing, "handout_folder", lambda: folder)

    printing.print_day(window, date(2025, 6, 18))
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=15000)

    assert opened[0].name == "面談記録_1件.pdf"


def test_print_day_without_visits_tells_the_user(qtbot, window, ops, opened):
    printing.print_day(window, date(2025, 6, 17))
    wait_idle(qtbot, ops)

    assert "2025-06-17 の訪問はありません" in window.statusBar().currentMessage()
    assert opened == []
