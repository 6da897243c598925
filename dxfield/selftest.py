"""``dxfield --self-test``: prove an installation (frozen or from source) has what it needs.

Each check runs on its own and reports what is missing; the Qt checks are added by
``ui.selftest``. Nothing here touches the user's data dir: the database check runs on a
temporary file.
"""

from __future__ import annotations

import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fatal: bool = True


def _run(name: str, fn: Callable[[], str], *, fatal: bool = True) -> Check:
    try:
        return Check(name, True, fn(), fatal)
    except Exception as exc:  # a self-test reports every failure instead of stopping
        detail = f"{type(exc).__name__}: {exc}"
        if not str(exc):
            detail += "\n" + traceback.format_exc(limit=3)
        return Check(name, False, detail, fatal)


def _selftest_key():
    """A throwaway key for the self-test's stores: the user's keyring is never touched."""
    import secrets

    from .driver import CIPHER_AVAILABLE
    from .storekey import StoreKey

    return StoreKey(secrets.token_hex(32)) if CIPHER_AVAILABLE else None


_KEY = _selftest_key()


def _database(workdir: Path) -> str:
    from sqlalchemy import func, select

    from . import migrations
    from .db import open_database
    from .masterdata import ensure_master_data
    from .models import Municipality

    db = open_database(workdir / "selftest.sqlite3", key=_KEY)
    try:
        with db.session() as s:
            ensure_master_data(s)
            count = s.scalar(select(func.count()).select_from(Municipality))
    finally:
        db.close()
    if count != 30:
        raise RuntimeError(f"expected 30 municipalities, found {count}")
    return f"migrated to {migrations.HEAD}, 30 municipalities"


def _template(workdir: Path) -> str:
    from .assessment.template import current_template, template_definition
    from .db import open_database
    from .masterdata import ensure_master_data

    db = open_database(workdir / "selftest.sqlite3", key=_KEY)
    try:
        with db.session() as s:
            ensure_master_data(s)
            template = current_template(s)
            defn = template_definition(template)
            return f"template {template.template_version}: {len(defn.questions)} questions"
    finally:
        db.close()


def _font(_workdir: Path) -> str:
    from io import BytesIO

    from reportlab.pdfbase.ttfonts import TTFont

    from .paths import resource_bytes

    data = resource_bytes("fonts", "ipaexg.ttf")
    TTFont("SelfTestGothic", BytesIO(data))
    return f"ipaexg.ttf ({len(data) // 1024} KB)"


def _handout(workdir: Path) -> str:
    """Lay out a real visit handout in Japanese and check the font went in as a subset."""
    import re
    from datetime import datetime

    from .db import open_database
    from .masterdata import ensure_master_data, municipality_id
    from .models import NoteKind, Phase, VisitMethod
    from .reports.api import render_visit_handout
    from .services.visits import VisitInput, create_visit, set_note_section

    db = open_database(workdir / "selftest.sqlite3", key=_KEY)
    try:
        with db.session() as s:
            ensure_master_data(s)
            visit, _ = create_visit(
                s,
                VisitInput(
                    municipality_id=municipality_id("304271"),
                    phase=Phase.OVERALL,
                    starts_at=datetime(2025, 6, 10, 10, 0),
                    ends_at=datetime(2025, 6, 10, 12, 0),
                    method=VisitMethod.VISIT,
                    agenda="自己診断：面談記録の印刷確認",
                ),
            )
            set_note_section(s, visit.id, NoteKind.ISSUES, "窓口のオンライン化と予算の確保。")
            pdf = render_visit_handout(s, visit.id)
            s.rollback()  # nothing of the check stays behind
    finally:
        db.close()
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Z]{6}\+[\w-]+)", pdf))
    if not fonts or b"/FontFile2" not in pdf:
        raise RuntimeError("the handout carries no embedded TrueType font")
    names = ", ".join(sorted(f.decode() for f in fonts))
    return f"{len(pdf) // 1024} KB PDF, embedded {names}"


def _encryption(workdir: Path) -> str:
    """SQLCipher is there, encrypts (a known text is not in the file), refuses a wrong key
    and has FTS5 with the trigram tokenizer (search runs on the encrypted store)."""
    import secrets

    from .driver import CIPHER_AVAILABLE, connect, sqlite3
    from .storekey import StoreKey

    if not CIPHER_AVAILABLE:
        raise RuntimeError("no SQLCipher (sqlcipher3) in this build: stores stay plain")
    path = workdir / "cipher.sqlite3"
    key = StoreKey(secrets.token_hex(32))
    marker = "自己診断の暗号化確認"
    conn = connect(path, key=key)
    try:
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram')")
        conn.execute("INSERT INTO t VALUES (?)", (marker,))
        conn.commit()
        found = conn.execute("SELECT count(*) FROM t WHERE t MATCH '暗号化'").fetchone()[0]
        version = conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()
    if found != 1:
        raise RuntimeError("FTS5 trigram search found nothing in the encrypted store")
    if marker.encode() in path.read_bytes():
        raise RuntimeError("the text is readable in the file: it is not encrypted")
    wrong = connect(path, key=StoreKey(secrets.token_hex(32)))
    try:
        wrong.execute("SELECT count(*) FROM sqlite_master").fetchone()
        raise RuntimeError("a wrong key opened the encrypted store")
    except sqlite3.DatabaseError:
        pass
    finally:
        wrong.close()
    return f"SQLCipher {version} (SQLite {sqlite3.sqlite_version}), FTS5 trigram"


def _keyring(_workdir: Path) -> str:
    from .oskeyring import backend as os_keyring

    backend = os_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if "fail" in name or "null" in name:
        raise RuntimeError(f"no usable keyring ({name}): sync logins cannot be saved")
    return name


CORE_CHECKS: list[tuple[str, Callable[[Path], str], bool]] = [
    ("database", _database, True),
    ("assessment template", _template, True),
    ("Japanese font", _font, True),
    ("Japanese handout", _handout, True),
    ("encryption", _encryption, True),
    ("keyring", _keyring, False),
]


def run_core_checks(extra: list[tuple[str, Callable[[Path], str], bool]] = ()) -> list[Check]:
    with tempfile.TemporaryDirectory(prefix="dxfield-selftest-") as tmp:
        workdir = Path(tmp)
        return [
            _run(name, lambda fn=fn: fn(workdir), fatal=fatal)
            for name, fn, fatal in [*CORE_CHECKS, *extra]
        ]


def report(checks: list[Check]) -> tuple[str, int]:
    """Text report and exit status (non-zero when a fatal check failed)."""
    from . import __version__

    lines = [f"dxfield {__version__} self-test"]
    for c in checks:
        mark = "ok  " if c.ok else ("FAIL" if c.fatal else "warn")
        lines.append(f"  [{mark}] {c.name}: {c.detail}")
    failed = [c for c in checks if not c.ok and c.fatal]
    lines.append("result: " + ("FAILED: " + ", ".join(c.name for c in failed) if failed else "OK"))
    return "\n".join(lines), 1 if failed else 0
