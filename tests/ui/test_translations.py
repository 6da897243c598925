"""Japanese by default, English complete: every source string has a translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent
# Qt's own contexts are translated by qtbase_*.qm, not by us.
QT_CONTEXTS = {"QPlatformTheme"}


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed")
    return found


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            done = translation is not None and translation.get("type") not in (
                "unfinished",
                "vanished",
                "obsolete",
            )
            found[(name, message.findtext("source"))] = translation.text if done else None
    return found


def test_every_source_string_is_translated(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-locations", "none"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    found = _messages(fresh)
    # ``tr = QCoreApplication.translate`` then ``tr("Ctx", "…")`` reads to lupdate as a
    # one-argument tr(): the context becomes the source and nothing is ever translated.
    unplaced = sorted(key for key in found if not key[0])
    assert not unplaced, f"strings with no context (name the alias `translate`): {unplaced}"
    wanted = {key for key in found if key[0] not in QT_CONTEXTS}
    committed = _messages(TRANSLATIONS / "dxfield_en.ts")
    missing = sorted(key for key in wanted if not committed.get(key))
    assert not missing, (
        f"untranslated (run the commands in resources/translations/README.md): {missing}"
    )


def test_the_committed_qm_is_compiled_from_the_ts(tmp_path):
    out = tmp_path / "en.qm"
    subprocess.run(
        [_tool("pyside6-lrelease"), str(TRANSLATIONS / "dxfield_en.ts"), "-qm", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert out.read_bytes() == (TRANSLATIONS / "dxfield_en.qm").read_bytes()


def test_standard_buttons_read_japanese(qapp):
    from ui.i18n import install_translators

    translators = install_translators(qapp, "ja")
    try:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_the_sync_window_and_its_conflicts_speak_english(qapp, qtbot):
    from sync.conflicts import ConflictInfo
    from ui.conflicts_view import ConflictsModel
    from ui.i18n import install_translators
    from ui.sync_dialogs import LoginDialog

    translators = install_translators(qapp, "en")
    try:
        model = ConflictsModel()
        headers = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(5)]
        assert headers == ["Kind", "Record", "Field", "My value", "Value kept"]
        held = ConflictInfo("c1", "visit", "v1", "phase", "set_aside", *[None] * 5, "")
        model.set_conflicts([held])
        assert model.index(0, ConflictsModel.KIND).data() == "Held on receipt"
        dialog = LoginDialog()
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Log in to the server"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_english_is_switchable(qapp, qtbot, ops, settings, world):
    from tests.ui.conftest import TODAY
    from ui.i18n import install_translators
    from ui.mainwindow import MainWindow

    translators = install_translators(qapp, "en")
    try:
        window = MainWindow(ops, settings, today=TODAY)
        qtbot.addWidget(window)
        assert window.nav.item(0).text() == "Dashboard"
        assert window.new_visit_action.text() == "New visit…"
        from dxfield.models import Phase
        from ui import labels

        assert labels.phase(Phase.OVERALL) == "Overall assessment"
        window.close()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        from PySide6.QtCore import QLocale

        # The default locale picks the language of the core's messages: back to Japanese.
        QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
