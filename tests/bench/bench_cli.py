"""The command line's start: how long a command takes from exec to exit.

Targets: ``dxfield --version`` <= ``sqlite-utils --version``; each listing
(``municipalities``, ``visits``, ``trainings``, ``needs``, ``needs --theme``, with
``--json``, and the backups, ``restore --list``) <= 2x ``sqlite-utils --version``, and so
each command that shows data (``SHOWN``: ``search``, ``needs overview``/``lines``, ``survey
results``/``show``, ``assessment show``/``template``, ``encryption status``, ``recover
--show``). Baselines
in the same run, each round running every command once so that load on the machine falls on
all alike: ``sqlite-utils --version`` (a comparable Python CLI) and ``python -c pass`` (the
floor). On an up-to-date store the listings are read with the stdlib
(``dxfield.quickread``), not through SQLAlchemy; a backup's schema is checked against
``dxfield.migrations.head``, not the models.

    .venv/bin/python tests/bench/bench_cli.py [--rounds N] [--dxfield PROGRAM]

``--dxfield``: time another build's ``dxfield`` (e.g. a script running an older checkout)
against the same baselines.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
VERSION_TARGET = 1.0
LISTING_TARGET = 2.0
THEME = "書かない窓口"  # a theme tag of 43 of the demo's needs
TOWN = "和歌山市"  # answered both assessment sheets in the demo

# Commands that show data: name -> arguments after ``--data-dir``; ``{training}`` is the
# demo's first training.
SHOWN = {
    "search": ["search", "研修"],
    "search --json": ["search", "予算 DX", "--json"],
    "needs overview --json": ["needs", "overview", "--year", "2025", "--json"],
    "needs lines --json": ["needs", "lines", "--assessment", TOWN, "--json"],
    "survey results --json": ["survey", "results", "--year", "2024", "--json"],
    "survey show --json": ["survey", "show", "{training}", "--json"],
    "assessment show --json": ["assessment", "show", TOWN, "--json"],
    "assessment show --kind diff": ["assessment", "show", TOWN, "--kind", "diff"],
    "assessment template --json": ["assessment", "template", "--json"],
    "encryption status": ["encryption", "status"],
    "recover --show": ["recover", "--show"],
}


def tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if not found:
        sys.exit(f"{name} not found next to {sys.executable} or on PATH")
    return found


def wall_ms(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--dxfield", metavar="PROGRAM", help="the dxfield to time")
    options = parser.parse_args()
    rounds = options.rounds
    dxfield = options.dxfield or tool("dxfield")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HOME": tmp, "XDG_CONFIG_HOME": tmp, "XDG_STATE_HOME": tmp}
        data = ["--data-dir", str(Path(tmp) / "data")]
        print("building the demo data ...", flush=True)
        subprocess.run(
            [dxfield, *data, "demo", "--today", "2025-09-15"],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        subprocess.run([dxfield, *data, "backup"], check=True, stdout=subprocess.DEVNULL, env=env)
        trainings = subprocess.run(
            [dxfield, *data, "trainings", "--json"],
            check=True,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
        )
        training = json.loads(trainings.stdout)[0]["id"]
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "sqlite-utils --version": [tool("sqlite-utils"), "--version"],
            "dxfield --version": [dxfield, "--version"],
            "dxfield --help": [dxfield, "--help"],
            "dxfield municipalities --json": [dxfield, *data, "municipalities", "--json"],
            "dxfield visits --json": [dxfield, *data, "visits", "--json"],
            "dxfield trainings --json": [dxfield, *data, "trainings", "--json"],
            "dxfield needs --json": [dxfield, *data, "needs", "--json"],
            "dxfield needs --theme --json": [dxfield, *data, "needs", "--theme", THEME, "--json"],
            "dxfield restore --list": [dxfield, *data, "restore", "--list"],
            **{
                f"dxfield {name}": [dxfield, *data, *(a.format(training=training) for a in args)]
                for name, args in SHOWN.items()
            },
        }
        for argv in commands.values():  # warm the page cache and bytecode once
            wall_ms(argv, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, argv in commands.items():
                samples[name].append(wall_ms(argv, env))
    median = {name: statistics.median(s) for name, s in samples.items()}
    base = median["sqlite-utils --version"]
    print(f"{rounds} rounds; medians (min)")
    for name, value in median.items():
        print(f"  {name:38s} {value:7.0f} ms  ({min(samples[name]):5.0f})  {value / base:4.2f}x")
    print(
        f"dxfield --version / sqlite-utils --version: {median['dxfield --version'] / base:.2f}x"
        f"  (target <= {VERSION_TARGET:.1f}x)"
    )
    for name in ("municipalities", "visits", "trainings", "needs", "needs --theme"):
        listing = median[f"dxfield {name} --json"] / base
        print(
            f"dxfield {name} --json / sqlite-utils --version: {listing:.2f}x"
            f"  (target <= {LISTING_TARGET:.1f}x)"
        )
    for name in ("restore --list", *SHOWN):
        listing = median[f"dxfield {name}"] / base
        print(
            f"dxfield {name} / sqlite-utils --version: {listing:.2f}x"
            f"  (target <= {LISTING_TARGET:.1f}x)"
        )


if __name__ == "__main__":
    main()
