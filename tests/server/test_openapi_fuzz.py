"""Schemathesis (``--checks all``) over every endpoint of a real server process.

A bounded run on a fixed seed: every response must be documented (status, content type,
headers, body schema), no 5xx, invalid data refused, valid data accepted (see
``schemathesis.toml`` for the two operations whose rules JSON Schema cannot express),
authentication enforced. Requests carry a fresh admin token seeded into the database
(``fuzz_hooks.py``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.helpers import ROOT

from .live import live_servers, sqlite_url

HERE = Path(__file__).resolve().parent
DB_ENV = "DXFIELD_FUZZ_DB"  # read by fuzz_hooks.py in the schemathesis process
# Examples per operation and phase, and the phases: all of them on SQLite; on PostgreSQL
# (the same code over another database) random and stateful runs only. About 40 s in all
# on a 2-core machine.
RUNS = {
    "sqlite": ("--max-examples", "15"),
    "postgres": ("--max-examples", "10", "--phases", "fuzzing,stateful"),
}


@pytest.mark.slow
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(request, tmp_path, backend):
    url = request.getfixturevalue("pg_url") if backend == "postgres" else sqlite_url(tmp_path)
    with live_servers(url, tmp_path, count=1) as live:
        env = {
            **os.environ,
            DB_ENV: url,
            "SCHEMATHESIS_HOOKS": "tests.server.fuzz_hooks",
            "PYTHONPATH": str(ROOT),
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "--config-file",
                str(HERE / "schemathesis.toml"),
                "run",
                f"{live.url}/openapi.json",
                "--checks",
                "all",
                "--seed",
                "20261206",
                *RUNS[backend],
                "--workers",
                "1",
                "--no-shrink",
                "--no-color",
            ],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-6000:]
        summary = re.search(r"(\d+) generated, (\d+) passed.*", output)
        print(f"schemathesis on {backend}: {summary[0] if summary else output[-500:]}")
        assert summary and int(summary[1]) > 100, output[-3000:]
        selected = re.search(r"(\d+) selected / (\d+) total", output)
        assert selected and selected[1] == selected[2], "every operation is tested"
        assert "Internal Server Error" not in live.log()
