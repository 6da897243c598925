"""A logged-in user's pull while strangers flood the login (target: pull p95 ≤ 100 ms).

The server runs as its own process (SQLite file) with the production argon2 parameters
(64 MiB, 3 passes, 4 lanes), behind a "proxy" it trusts (127.0.0.1), so the flood can come
from as many addresses as an attacker likes. One process keeps 16 connections busy with
logins of random names and passwords, as fast as the server answers; meanwhile a
logged-in advisor pulls a page of 500 records again and again.

Phases, in one run:

1. idle: the advisor's pulls with no flood (the baseline);
2. flood from one address: the login limit answers 429 after 30 attempts;
3. flood from a new address every time: every login reaches the password check, which is
   bounded (``DXFIELD_SERVER_HASH_WORKERS`` threads + ``DXFIELD_SERVER_HASH_QUEUE`` waiting,
   the rest 503 at once);
4. the same flood against a server whose hashing is not bounded (16 threads, a queue of
   64: roughly the server before), to show what the bound buys.

    .venv/bin/python tests/bench/bench_login_flood.py [--seconds 15] [--pulls 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from sync.client import dumps  # noqa: E402
from sync.protocol import SCHEMA, SCHEMA_HEADER  # noqa: E402
from sync.server.db import open_server_db  # noqa: E402
from tests.bench.bench_sync import records  # noqa: E402
from tests.sync.helpers import PASSWORD, ProcessServer, add_user, login_client  # noqa: E402

FLOOD_CONNECTIONS = 16
PAGE = 500


async def _flood_connection(host: str, port: int, deadline: float, spoof: bool, tally: Counter):
    reader, writer = await asyncio.open_connection(host, port)
    rng = random.Random()
    try:
        while time.monotonic() < deadline:
            body = json.dumps(
                {"username": f"u{rng.getrandbits(48):x}", "password": f"p{rng.getrandbits(64):x}"}
            ).encode()
            forwarded = (
                f"X-Forwarded-For: 10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}\r\n"
                if spoof
                else ""
            )
            writer.write(
                (
                    f"POST /auth/login HTTP/1.1\r\nHost: {host}:{port}\r\n"
                    f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                    f"{forwarded}\r\n"
                ).encode()
                + body
            )
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            tally[status] += 1
    except (ConnectionError, asyncio.IncompleteReadError):
        tally["dropped"] += 1
    finally:
        writer.close()


def _flood(host: str, port: int, seconds: float, spoof: bool, out) -> None:
    """One process, 16 connections: the flooding side costs the machine as little as it can."""
    tally: Counter = Counter()
    deadline = time.monotonic() + seconds

    async def run() -> None:
        await asyncio.gather(
            *(
                _flood_connection(host, port, deadline, spoof, tally)
                for _ in range(FLOOD_CONNECTIONS)
            )
        )

    asyncio.run(run())
    out.put(dict(tally))


def pulls(url: str, token: str, count: int) -> list[float]:
    """Wall time of each of ``count`` pulls of one page, in milliseconds."""
    session = requests.Session()
    headers = {"Authorization": f"Bearer {token}", SCHEMA_HEADER: SCHEMA}
    times = []
    for _ in range(count):
        started = time.perf_counter()
        r = session.get(
            url + "/sync/pull", params={"cursor": 0, "limit": PAGE}, headers=headers, timeout=60
        )
        r.raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)  # a user's pace, not a second flood
    session.close()
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def phase(server: ProcessServer, token: str, args, spoof: bool | None) -> tuple[list[float], dict]:
    if spoof is None:
        return pulls(server.url, token, args.pulls), {}
    out = multiprocessing.Queue()
    flood = multiprocessing.Process(
        target=_flood, args=("127.0.0.1", server.port, args.seconds, spoof, out)
    )
    flood.start()
    time.sleep(1.0)  # let the flood reach full speed
    times = pulls(server.url, token, args.pulls)
    tally = out.get(timeout=args.seconds + 60)
    flood.join(30)
    return times, tally


def start(db_url: str, work: Path, env: dict[str, str]) -> tuple[ProcessServer, str]:
    server = ProcessServer(
        db_url, env=env, args=("--trusted-proxy", "127.0.0.1"), log_path=work / "server.log"
    ).start()
    client = login_client(server.url, "advisor")
    token = client.token
    client.close()
    return server, token


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each flood")
    parser.add_argument("--pulls", type=int, default=200, help="pulls measured per phase")
    parser.add_argument("--records", type=int, default=PAGE)
    args = parser.parse_args()
    for name in list(os.environ):
        if name.startswith("DXFIELD_SERVER_ARGON2_"):
            del os.environ[name]  # the production parameters, whatever the shell says
    work = Path(tempfile.mkdtemp(prefix="bench-flood-"))
    db_url = f"sqlite:///{work / 'server.sqlite3'}"
    sdb = open_server_db(db_url)
    add_user(sdb, "advisor", "advisor")
    sdb.close()

    results: dict[str, tuple[list[float], dict]] = {}
    bounded, token = start(db_url, work, {})
    try:
        seeder = login_client(bounded.url, "advisor", PASSWORD)
        batch = list(records(args.records))
        seeder.push(dumps({"client_id": "seeder", "changes": batch}), "seed-00000001")
        seeder.close()
        results["idle (baseline)"] = phase(bounded, token, args, None)
        results["flood, one address"] = phase(bounded, token, args, False)
        results["flood, a new address each login"] = phase(bounded, token, args, True)
    finally:
        bounded.kill()
    unbounded, token = start(
        db_url, work, {"DXFIELD_SERVER_HASH_WORKERS": "16", "DXFIELD_SERVER_HASH_QUEUE": "64"}
    )
    try:
        results["same, hashing not bounded (16 threads)"] = phase(unbounded, token, args, True)
    finally:
        unbounded.kill()

    base = p95(results["idle (baseline)"][0])
    print(
        f"\npull of {PAGE} records by a logged-in advisor; {FLOOD_CONNECTIONS} flooding "
        f"connections of random-name logins; {os.cpu_count()} cores"
    )
    print(f"{'phase':42} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/base':>9}  flood answers")
    for name, (times, tally) in results.items():
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(tally.items(), key=str))
        print(
            f"{name:42} {statistics.median(times):8.1f} {p95(times):8.1f} {max(times):8.1f} "
            f"{p95(times) / base:8.2f}x  {answers}"
        )
    flooded = p95(results["flood, a new address each login"][0])
    verdict = "met" if flooded <= 100 else "MISSED"
    print(f"\ntarget: pull p95 ≤ 100 ms under the flood: {flooded:.1f} ms ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
