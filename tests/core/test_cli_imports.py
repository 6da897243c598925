"""The command line loads only what the chosen command needs.

``dxfield --version`` and ``--help`` answer with argparse alone, and the listings
(municipalities, visits, trainings, needs with any filter), the backups (``restore
--list``) and the commands that show data (``SHOWN``: search, assessment show and template, needs overview and lines, survey show
and results) read an up-to-date store
without SQLAlchemy; each is run in a fresh interpreter
whose ``sys.modules`` is inspected at exit. The lazy registry must still list, and build,
every command its modules define.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys

import pytest

from dxfield.cli import COMMANDS, build_parser
from ui.main import EXTRA_COMMANDS

# What a quick command must not import: each costs tens to hundreds of milliseconds.
HEAVY = (
    "sqlalchemy",
    "alembic",
    "reportlab",
    "openpyxl",
    "PySide6",
    "requests",
    "keyring",
    "fastapi",
    "uvicorn",
    "psycopg",
    "icalendar",
    "charset_normalizer",
    "dxfield.models",
    "dxfield.db",
    "dxfield.reports",
    "sync.client",
)

PROBE = """
import atexit, json, os, sys
atexit.register(
    lambda: open(os.environ["MODULES_OUT"], "w").write(json.dumps(sorted(sys.modules)))
)
from ui.main import main
sys.exit(main(sys.argv[1:]))
"""


def run_probe(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    out = tmp_path / "modules.json"
    env = {**os.environ, "MODULES_OUT": str(out)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    return done, set(json.loads(out.read_text(encoding="utf-8")))


def modules_after(tmp_path, code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    out = tmp_path / "modules.json"
    code += f"\nimport json, sys\nopen({str(out)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(out.read_text(encoding="utf-8")))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_nothing_heavy(tmp_path, args):
    done, modules = run_probe(tmp_path, *args)
    assert done.returncode == 0, done.stderr
    assert heavy_in(modules) == []


def test_every_core_commands_help_imports_nothing_heavy(tmp_path):
    """`dxfield report --help` and the like: the store's stack, reportlab and the rest are
    imported by what a command runs, not by building its arguments (one process builds the
    help of every core command in turn)."""
    modules = modules_after(
        tmp_path,
        "import contextlib, io\n"
        "from dxfield.cli import COMMANDS, build_parser\n"
        "for name in COMMANDS:\n"
        "    with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n"
        "        build_parser().parse_args([name, '--help'])\n",
    )
    assert {f"dxfield.cli.{m.rsplit('.', 1)[1]}" for m, _ in COMMANDS.values()} <= modules
    assert heavy_in(modules) == []


@pytest.mark.parametrize("name", sorted(EXTRA_COMMANDS))
def test_the_sync_commands_help_imports_nothing_heavy(tmp_path, name):
    """`dxfield sync --help` and its neighbours: the client, the outbox and the store come
    with the command's run, not with its arguments."""
    done, modules = run_probe(tmp_path, name, "--help")
    assert done.returncode == 0, done.stderr
    assert heavy_in(modules) == []


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
@pytest.mark.parametrize(
    "listing, rows",
    [
        (["municipalities", "--json"], 30),
        (["visits", "--json", "--year", "2025"], 0),
        (["trainings", "--json", "--year", "2025"], 0),
        (["needs", "--json"], 0),
        (["needs", "--year", "2025", "--domain", "データ利活用", "--json"], 0),
        (["needs", "--theme", "ｼｽﾃﾑ標準化", "--json"], 0),
    ],
    ids=["municipalities", "visits", "trainings", "needs", "needs-filtered", "needs-theme"],
)
def test_listing_on_an_up_to_date_store_imports_nothing_heavy(
    tmp_path, data_dir, encrypted, listing, rows
):
    """An encrypted store needs its key, and so the keyring; nothing else heavy."""
    from dxfield.db import open_database
    from dxfield.masterdata import ensure_master_data
    from dxfield.paths import database_path
    from dxfield.settings import FieldSettings, save_settings

    if not encrypted:
        save_settings(FieldSettings(store_encryption="off"))
    db = open_database(database_path(data_dir))
    with db.session() as session:
        ensure_master_data(session)
    db.close()
    done, modules = run_probe(tmp_path, "--data-dir", str(data_dir), *listing)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == rows
    allowed = ("keyring",) if encrypted else ()
    assert [m for m in heavy_in(modules) if m.split(".")[0] not in allowed] == []


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    """The demo as of 2025-09-15 (encrypted with the tests' keyring), closed."""
    from tests.core.roads import build_store

    db = build_store(tmp_path_factory.mktemp("demo"), "demo")
    db.close()
    return db.path.parent


# Commands that show data, each with what its output must contain on the demo.
SHOWN = {
    "search": (["search", "研修", "--limit", "5"], "研修"),
    "search-json": (["search", "研修", "--json", "--municipality", "白浜町"], "snippet"),
    "assessment-show": (["assessment", "show", "和歌山市"], "支援区分"),
    "assessment-diff": (["assessment", "show", "302015", "--kind", "diff", "--json"], "diff"),
    "assessment-template": (["assessment", "template"], "支援分類"),
    "needs-overview": (["needs", "overview", "--year", "2025"], "アセスメントの弱い区分"),
    "needs-lines": (["needs", "lines", "--assessment", "和歌山市", "--json"], "source_id"),
    "survey-show": (["survey", "show", "{training}"], "回答率"),
    "survey-results": (
        ["survey", "results", "--year", "2024", "--by", "kind", "--json"],
        "top_box",
    ),
}


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_showing_data_of_an_up_to_date_store_imports_nothing_heavy(tmp_path, demo_store, name):
    """Search, the overviews and the sheets read the demo without SQLAlchemy, the models or
    reportlab; the encrypted store needs the keyring, nothing else heavy."""
    from dxfield import quickread
    from dxfield.paths import database_path

    args, expected = SHOWN[name]
    training = quickread.read_current(database_path(demo_store), quickread.trainings)[0].id
    args = [a.format(training=training) for a in args]
    done, modules = run_probe(tmp_path, "--data-dir", str(demo_store), *args)
    assert done.returncode == 0, done.stderr
    assert expected in done.stdout
    assert [m for m in heavy_in(modules) if m.split(".")[0] != "keyring"] == []


def test_the_stores_state_and_a_kept_record_show_without_the_store_stack(tmp_path, demo_store):
    """``encryption status`` looks at files (the store, its backups, plain leftovers) and
    ``recover --show`` reads a kept record of salvaged edits: neither waits for SQLAlchemy
    (only putting salvaged edits back, ``salvage.reapply``, needs it)."""
    from pathlib import Path

    from dxfield.backup import DAMAGED_FOLDER
    from dxfield.salvage import Salvage
    from dxfield.salvagefile import write_record

    done, modules = run_probe(tmp_path, "--data-dir", str(demo_store), "encryption", "status")
    assert done.returncode == 0, done.stderr
    assert "データファイル: 暗号化されています" in done.stdout
    assert [m for m in heavy_in(modules) if m.split(".")[0] != "keyring"] == []

    record = demo_store / "backups" / DAMAGED_FOLDER / "dxfield-damaged-1.json"
    write_record(Salvage(source=Path("dxfield.sqlite3")).to_json(), record, None)
    try:
        done, modules = run_probe(tmp_path, "--data-dir", str(demo_store), "recover", "--show")
    finally:
        record.unlink()
    assert done.returncode == 0, done.stderr
    assert "未同期の変更の記録: " in done.stdout and "dxfield-damaged-1.json" in done.stdout
    assert [m for m in heavy_in(modules) if m.split(".")[0] != "keyring"] == []


def test_a_store_kept_with_a_passphrase_given_in_the_environment_is_read_the_quick_way(
    tmp_path, data_dir, monkeypatch
):
    """No keyring, DXFIELD_PASSPHRASE set (a script): the listings and the commands that show
    data still skip SQLAlchemy; the full open would take the same passphrase without asking."""
    import keyring.backends.fail

    from dxfield.db import open_database
    from dxfield.driver import is_encrypted
    from dxfield.masterdata import ensure_master_data
    from dxfield.paths import database_path

    monkeypatch.setenv("DXFIELD_PASSPHRASE", "a passphrase for scripts")
    keyring.set_keyring(keyring.backends.fail.Keyring())
    db = open_database(database_path(data_dir))
    with db.session() as session:
        ensure_master_data(session)
    db.close()
    assert is_encrypted(database_path(data_dir))
    for command, shown in (
        (["municipalities", "--json"], lambda data: len(data) == 30),
        (["search", "研修", "--json"], lambda data: data == []),
        (["assessment", "template", "--json"], lambda data: data["template_version"]),
        (["needs", "overview", "--year", "2025", "--json"], lambda data: data["domains"]),
        (["survey", "results", "--year", "2025", "--json"], lambda data: data["headline"]),
    ):
        done, modules = run_probe(tmp_path, "--data-dir", str(data_dir), *command)
        assert done.returncode == 0, done.stderr
        assert shown(json.loads(done.stdout)), command
        assert [m for m in heavy_in(modules) if m.split(".")[0] != "keyring"] == [], command


def test_listing_the_backups_imports_nothing_heavy_but_the_keyring(tmp_path, data_dir, db):
    """``restore --list`` checks each backup's schema against ``dxfield.migrations.head``,
    not the models."""
    from dxfield.backup import backup_database
    from tests import factories

    with db.session() as s:
        factories.visit(s, agenda="in the backup")
    backup_database(db.path, data_dir / "backups" / "dxfield-manual-1.sqlite3")
    db.close()
    done, modules = run_probe(tmp_path, "--data-dir", str(data_dir), "restore", "--list")
    assert done.returncode == 0, done.stderr
    assert "dxfield-manual-1.sqlite3" in done.stdout and "訪問・面談 1件" in done.stdout
    assert [m for m in heavy_in(modules) if m.split(".")[0] != "keyring"] == []


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser(EXTRA_COMMANDS).parse_args(["--help"])
    assert exit_.value.code == 0
    listing = " ".join(capsys.readouterr().out.split())  # argparse wraps long help
    for name, (_module, help_text) in {**COMMANDS, **EXTRA_COMMANDS}.items():
        assert f" {name} {' '.join(help_text.split())}" in listing, name


def _registered(module_name: str) -> dict[str, str]:
    """The commands a module's ``register`` adds, with their help."""
    subparsers = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module_name).register(subparsers)
    return {action.dest: action.help for action in subparsers._choices_actions}


def test_registry_matches_what_the_modules_register():
    """A command added to a module but not to the registry (or with other help) fails here."""
    registry = {**COMMANDS, **EXTRA_COMMANDS}
    for module_name in sorted({module for module, _ in registry.values()}):
        expected = {name: h for name, (module, h) in registry.items() if module == module_name}
        assert _registered(module_name) == expected, module_name


@pytest.mark.parametrize("name", [*COMMANDS, *EXTRA_COMMANDS])
def test_every_command_builds_its_own_help(name, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser(EXTRA_COMMANDS).parse_args([name, "--help"])
    assert exit_.value.code == 0
    assert f"usage: dxfield {name}" in capsys.readouterr().out


def test_the_dashboard_snapshot_road_imports_nothing_heavy_but_qt(tmp_path):
    """The desktop's first paint reads the board before SQLAlchemy arrives (``ui.app``):
    the dashboard page, its models and the read model load without the store's stack."""
    modules = modules_after(
        tmp_path,
        "import dxfield.overview, dxfield.quickread, ui.pages.dashboard, ui.models, ui.labels\n",
    )
    assert [m for m in heavy_in(modules) if not m.startswith("PySide6")] == []
