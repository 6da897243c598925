"""One advisor loops 5,000-change pushes; another's 1-change push (target: p95 ≤ 200 ms).

The server runs as its own process on a SQLite file (``--pg URL``: a PostgreSQL database,
emptied first). A second process pushes 5,000 changes again and again (edits of the same
5,000 records, so the database does not grow from loop to loop), as fast as the server
answers; meanwhile a second advisor pushes one change at a time at a user's pace.

Phases, in one run:

1. idle: the second advisor's 1-change pushes with nobody else pushing (the baseline);
2. under load: the same pushes while the first advisor loops 5,000-change pushes.

    .venv/bin/python tests/bench/bench_push_fairness.py [--pushes 150] [--pg URL]
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from sync.client import dumps  # noqa: E402
from sync.protocol import IDEMPOTENCY_HEADER, SCHEMA, SCHEMA_HEADER  # noqa: E402
from sync.server.db import open_server_db  # noqa: E402
from tests.bench.bench_sync import records  # noqa: E402
from tests.sync.helpers import ProcessServer, add_user, login_client  # noqa: E402

BIG = 5000


def _headers(token: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        SCHEMA_HEADER: SCHEMA,
        "Content-Type": "application/json",
        "Content-Encoding": "gzip",
    }


def _field(change: dict) -> str:
    return "agenda" if change["t"] == "visit" else "body" if "body" in change["f"] else "title"


def _big_payloads() -> list[bytes]:
    """The creating push (texts "B ..."), then edits to "A ..." and back to "B ..."."""
    created = []
    for c in records(BIG):
        name = _field(c)
        created.append({**c, "f": {**c["f"], name: "B " + c["f"][name]}})
    out = [dumps({"client_id": "big-laptop", "changes": created})]
    for new, old in (("A", "B"), ("B", "A")):
        changes = []
        for c in created:
            name = _field(c)
            text = c["f"][name][2:]
            changes.append(
                {
                    "t": c["t"],
                    "id": c["id"],
                    "bv": 1,
                    "f": {name: f"{new} {text}"},
                    "b": {name: f"{old} {text}"},
                }
            )
        out.append(dumps({"client_id": "big-laptop", "changes": changes}))
    return [gzip.compress(p, 6) for p in out]


def _loop_big(url: str, token: str, stop, ready, out) -> None:
    http = requests.Session()
    payloads = _big_payloads()
    durations = []

    def send(body: bytes) -> None:
        started = time.perf_counter()
        r = http.post(
            url + "/sync/push",
            data=body,
            headers={**_headers(token), IDEMPOTENCY_HEADER: uuid.uuid4().hex},
            timeout=300,
        )
        r.raise_for_status()
        durations.append((time.perf_counter() - started) * 1000)

    send(payloads[0])
    ready.set()
    n = 0
    while not stop.is_set():
        send(payloads[1 + n % 2])
        n += 1
    out.put(durations[1:])


def small_pushes(url: str, token: str, count: int) -> list[float]:
    """Wall time of each of ``count`` pushes of one new visit, in milliseconds."""
    http = requests.Session()
    times = []
    for change in records(count * 5):
        if change["t"] != "visit":
            continue
        change = {**change, "id": str(uuid.uuid4())}
        body = gzip.compress(dumps({"client_id": "small-laptop", "changes": [change]}), 6)
        started = time.perf_counter()
        r = http.post(
            url + "/sync/push",
            data=body,
            headers={**_headers(token), IDEMPOTENCY_HEADER: uuid.uuid4().hex},
            timeout=60,
        )
        r.raise_for_status()
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)  # a user's pace
        if len(times) == count:
            break
    http.close()
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _reset_pg(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pushes", type=int, default=150, help="1-change pushes per phase")
    parser.add_argument("--pg", metavar="URL", help="a PostgreSQL database to use (emptied)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-fair-"))
    if args.pg:
        _reset_pg(args.pg)
        db_url = args.pg
    else:
        db_url = f"sqlite:///{work / 'server.sqlite3'}"
    sdb = open_server_db(db_url)
    add_user(sdb, "big", "advisor")
    add_user(sdb, "small", "advisor")
    sdb.close()
    server = ProcessServer(db_url, log_path=work / "server.log").start()
    try:
        tokens = {}
        for name in ("big", "small"):
            client = login_client(server.url, name)
            tokens[name] = client.token
            client.close()
        idle = small_pushes(server.url, tokens["small"], args.pushes)
        stop, ready = multiprocessing.Event(), multiprocessing.Event()
        out = multiprocessing.Queue()
        big = multiprocessing.Process(
            target=_loop_big, args=(server.url, tokens["big"], stop, ready, out)
        )
        big.start()
        ready.wait(600)
        loaded = small_pushes(server.url, tokens["small"], args.pushes)
        stop.set()
        big_times = out.get(timeout=600)
        big.join(60)
    finally:
        server.kill()

    base = p95(idle)
    backend = "PostgreSQL" if args.pg else "SQLite"
    print(
        f"\n1-change push by one advisor while another loops {BIG:,}-change pushes; "
        f"{backend}; {os.cpu_count()} cores"
    )
    print(f"{'phase':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/base':>9}")
    for name, times in (("idle (baseline)", idle), ("while 5,000-change pushes loop", loaded)):
        print(
            f"{name:34} {statistics.median(times):8.1f} {p95(times):8.1f} {max(times):8.1f} "
            f"{p95(times) / base:8.2f}x"
        )
    if big_times:
        print(
            f"the 5,000-change pushes: {len(big_times)} done, median "
            f"{statistics.median(big_times) / 1000:.2f} s each"
        )
    verdict = "met" if p95(loaded) <= 200 else "MISSED"
    print(f"\ntarget: p95 ≤ 200 ms under load: {p95(loaded):.1f} ms ({verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
