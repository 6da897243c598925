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
