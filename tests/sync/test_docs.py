"""Every sync and server command a user can type is in the README."""

from __future__ import annotations

import argparse

from sync import cli as sync_cli
from sync.server import cli as server_cli
from tests.sync.helpers import ROOT


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


def test_readme_documents_the_sync_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = argparse.ArgumentParser()
    sync_cli.register(parser.add_subparsers())
    for name in _commands(parser):
        assert f"dxfield {name}" in readme, name
    server = server_cli.build_parser()
    for name in _commands(server):
        assert f"dxfield-server {name}" in readme or "run --host" in readme, name
        sub = server._subparsers._group_actions[0].choices[name]
        for action in _commands(sub):
            assert f"{name} {action}" in readme, f"{name} {action}"


def test_readme_states_the_server_limits_as_they_are():
    """The README's table of limits shows the defaults the server really has."""
    from datetime import timedelta

    from sync.server.settings import SMALL_BODY_BYTES, ServerSettings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    defaults = ServerSettings.from_env({})
    window = int(defaults.login_window / timedelta(minutes=1))
    rows = {
        "DXFIELD_SERVER_PUSH_MAX_BYTES": f"{defaults.push_max_bytes // 2**20} MiB",
        "DXFIELD_SERVER_LOGIN_MAX_FAILURES": f"{defaults.login_max_per_account} per {window} min",
        "DXFIELD_SERVER_LOGIN_MAX_PER_ADDRESS": f"{defaults.login_max_per_address} per {window} min",
        "DXFIELD_SERVER_HASH_WORKERS": f"{defaults.hash_workers} / {defaults.hash_queue}, then 503",
        "DXFIELD_SERVER_TOKEN_DAYS": f"{defaults.token_days} days",
        "DXFIELD_SERVER_MASS_DELETE_MAX": f"{defaults.mass_delete_max}",
        "DXFIELD_SERVER_MASS_DELETE_PERCENT": f"{defaults.mass_delete_percent} %",
        "DXFIELD_SERVER_QUOTA_RECORDS": f"{defaults.quota_records}",
        "DXFIELD_SERVER_QUOTA_BYTES": f"{defaults.quota_bytes // 2**20} MiB",
        "DXFIELD_SERVER_PUSH_CHUNK": f"{defaults.push_chunk}",
    }
    lines = {line for line in readme.splitlines() if line.startswith("| ")}
    for setting, default in rows.items():
        assert any(setting in line and f"| {default} |" in line for line in lines), setting
    assert any(f"| {SMALL_BODY_BYTES // 1024} KiB |" in line for line in lines)
