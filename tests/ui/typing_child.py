"""Child process of the kill test: open a visit's notes, type, then idle until SIGKILLed.

Run as ``python -m tests.ui.typing_child DATA_DIR VISIT_ID TEXT``; prints ``TYPED`` when the
last key has been handled. Never returns on its own.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data_dir, visit_id, text = sys.argv[1:4]
    from pathlib import Path

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from dxfield.db import open_database
    from dxfield.models import NoteKind
    from dxfield.paths import database_path
    from tests.ui.keys import commit_text
    from ui.mainwindow import MainWindow
    from ui.ops import Ops

    app = QApplication(sys.argv[:1])
    from ui import config

    ops = Ops(open_database(database_path(Path(data_dir))))
    window = MainWindow(ops, config.open_settings())
    window.show()
    notes = window.page("notes")
    window.open_visit(visit_id)
    editor = notes.sections[NoteKind.MEMO].editor

    def type_it() -> None:
        if not editor.isEnabled():
            QTest.qWait(20)
            type_it()
            return
        editor.setFocus()
        commit_text(editor, text)
        print("TYPED", flush=True)

    type_it()
    app.exec()


if __name__ == "__main__":
    main()
