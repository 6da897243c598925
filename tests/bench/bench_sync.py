"""Sync over loopback and over a slow mobile link.

1. Initial pull of 100,000 records into an empty laptop, on loopback (target: ≤ 60 s, and
   ≤ 2x the baseline). Baseline: downloading the same pages without applying them.
2. Incremental sync of 100 changes (push from one laptop, pull on another) through a
   throttling proxy at 1 Mbit/s with 300 ms round trips (target: ≤ 2 s each, and one round
   trip each: the push answer carries the pull page). Baseline: one health-check round
   trip on the same link.

Round trips are HTTP requests; bytes are counted by the proxy (both directions, after gzip).
The server runs as its own process (SQLite file), as in a one-box install.

The laptops' stores are encrypted as a user's are: with the raw key a keyring keeps (an
in-memory keyring here, whatever the machine has; ``DXFIELD_PASSPHRASE`` is ignored). A
passphrase would add SQLCipher's key derivation (PBKDF2) to every new connection.

    .venv/bin/python tests/bench/bench_sync.py [--records 100000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# One seeding account sends all the records: above the server's per-user quota.
os.environ.setdefault("DXFIELD_SERVER_QUOTA_RECORDS", "10000000")
os.environ.setdefault("DXFIELD_SERVER_QUOTA_BYTES", str(16 * 1024**3))

import keyring  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from dxfield.masterdata import municipality_id, municipality_rows  # noqa: E402
from dxfield.models import NoteSection, SyncState, Visit  # noqa: E402
from sync.client import dumps  # noqa: E402
from sync.runner import pull_size, synchronise  # noqa: E402
from tests.sync.helpers import (  # noqa: E402
    MemoryKeyring,
    ProcessServer,
    add_user,
    login_client,
    open_replica,
)
from tests.sync.proxy import Proxy  # noqa: E402

MBIT = 1_000_000 / 8
NOTE_KINDS = ("current_state", "issues")


def records(n: int):
    """n records: a visit, its two note sections and two action items, repeated."""
    codes = [str(r["code"]) for r in municipality_rows()]
    start = datetime(2025, 5, 1, 10, 0)
    made = 0
    i = 0
    while made < n:
        visit_id = str(uuid.UUID(int=i * 8 + 1))
        begins = start + timedelta(days=i % 300, hours=i % 5)
        yield {
            "t": "visit",
            "id": visit_id,
            "bv": 0,
            "b": {},
            "f": {
                "municipality_id": municipality_id(codes[i % len(codes)]),
                "fiscal_year": 2025 + (i % 3),
                "phase": "overall",
                "starts_at": begins.isoformat(),
                "ends_at": (begins + timedelta(hours=2)).isoformat(),
                "method": "visit",
                "location": f"役場 {i % 7}階会議室",
                "agenda": f"全体相談 第{i}回：アセスメント結果の確認と次年度の進め方",
                "participants": "総務課長、情報政策係長",
                "status": "planned",
                "deleted": False,
            },
        }
        made += 1
        for k, kind in enumerate(NOTE_KINDS):
            if made >= n:
                return
            yield {
                "t": "note_section",
                "id": str(uuid.UUID(int=i * 8 + 2 + k)),
                "bv": 0,
                "b": {},
                "f": {
                    "visit_id": visit_id,
                    "kind": kind,
                    "internal": False,
                    "deleted": False,
                    "body": f"第{i}回の面談メモ。\n紙の申請書が多く、窓口の負担が大きい。\n"
                    "来年度の予算要求に向けて研修を検討する。\n",
                },
            }
            made += 1
        for k in range(2):
            if made >= n:
                return
            yield {
                "t": "action_item",
                "id": str(uuid.UUID(int=i * 8 + 5 + k)),
                "bv": 0,
                "b": {},
                "f": {
                    "municipality_id": municipality_id(codes[i % len(codes)]),
                    "visit_id": visit_id,
                    "title": f"業務フロー図の作成 {i}-{k}",
                    "owner_side": "municipality",
                    "owner_name": "",
                    "due_on": "2025-09-30",
                    "status": "open",
                    "completed_on": None,
                    "position": k,
                    "deleted": False,
                },
            }
            made += 1
        i += 1


def seed_server(url: str, n: int) -> float:
    client = login_client(url, "seeder")
    started = time.perf_counter()
    batch = []
    stamp = datetime(2025, 6, 1, 9, 0).isoformat()
    for number, change in enumerate(records(n), 1):
        batch.append({**change, "c": stamp, "u": stamp})
        if len(batch) == 2000 or number == n:
            payload = dumps({"client_id": "seeder", "changes": batch})
            client.push(payload, f"seed-{number:08d}")
            batch = []
    client.close()
    return time.perf_counter() - started


def download_only(url: str, page: int | None) -> tuple[float, int]:
    """The same pages as the pull asks for (``pull_size``), downloaded and parsed only."""
    client = login_client(url, "advisor")
    started = time.perf_counter()
    cursor, count, more = 0, 0, False
    while True:
        body = client.pull(cursor, pull_size(page, catching_up=more))
        count += len(body["records"])
        cursor = body["cursor"]
        more = body["has_more"]
        if not more:
            break
    client.close()
    return time.perf_counter() - started, count


def measure(proxy: Proxy, fn):
    proxy.reset_counters()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, proxy.bytes_up, proxy.bytes_down, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    # Default: the app's page sizes (DEFAULT_PAGE, then MAX_PAGE while catching up).
    parser.add_argument("--page", type=int, default=None)
    args = parser.parse_args()
    os.environ.setdefault("DXFIELD_SERVER_ARGON2_MEMORY_KIB", "8192")
    # A user's store: a raw key from the keyring, no passphrase (see the docstring).
    os.environ.pop("DXFIELD_PASSPHRASE", None)
    keyring.set_keyring(MemoryKeyring())
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    server = None
    try:
        db_url = f"sqlite:///{work / 'server.sqlite3'}"
        from sync.server.db import open_server_db

        sdb = open_server_db(db_url)
        for name in ("seeder", "advisor", "advisor2"):
            add_user(sdb, name, "advisor")
        sdb.close()
        server = ProcessServer(db_url).start()
        seeded = seed_server(server.url, args.records)
        print(f"seeded {args.records:,} records through the API in {seeded:.1f} s")

        fast = Proxy(server.port)
        # The baseline takes the same road (the proxy) just before and just after the pull:
        # on a shared machine the load drifts within a run; the ratio is to their mean.
        cpu = time.process_time()
        before_s, count = download_only(fast.url, args.page)
        base_cpu = time.process_time() - cpu
        laptop = open_replica(work / "a")
        assert laptop.key is not None and laptop.key.raw, "the bench measures a raw key"
        client = login_client(fast.url, "advisor")
        cpu = time.process_time()
        secs, up, down, report = measure(
            fast, lambda: synchronise(laptop, client, page_size=args.page)
        )
        pull_cpu = time.process_time() - cpu
        after_s, _ = download_only(fast.url, args.page)
        base_s = (before_s + after_s) / 2
        print("\n== initial pull, loopback (store encrypted with a raw key, as from a keyring) ==")
        print(f"records received      {report.received:,} (download-only baseline: {count:,})")
        print(
            f"time                  {secs:.1f} s   (target ≤ 60 s)  "
            f"baseline download-only {base_s:.1f} s ({before_s:.1f} before, {after_s:.1f} after),"
            f" ratio {secs / base_s:.2f}x (target ≤ 2x)"
        )
        print(
            f"laptop CPU            pull {pull_cpu:.1f} s, download only {base_cpu:.1f} s"
            f" (the server's not counted); load average {os.getloadavg()[0]:.1f}"
            f" on {os.cpu_count()} cores"
        )
        print(f"round trips           {client.round_trips} (pages {report.pages})")
        print(
            f"bytes on the wire     up {up:,}  down {down:,}  "
            f"({down / max(report.received, 1):.0f} B/record)"
        )
        client.close()

        # A second laptop: a copy of the first with its own identity.
        laptop.close()
        shutil.copytree(work / "a", work / "b")
        laptop = open_replica(work / "a")
        other = open_replica(work / "b")
        with other.session() as s:
            s.execute(
                update(SyncState)
                .where(SyncState.key == "client_id")
                .values(value=str(uuid.uuid4()))
            )

        slow = Proxy(server.port, bandwidth=MBIT, delay=0.15)
        a = login_client(slow.url, "advisor")
        b = login_client(slow.url, "advisor2")
        rtt_started = time.perf_counter()
        a.health()
        rtt = time.perf_counter() - rtt_started
        with laptop.session() as s:
            visits = s.scalars(select(Visit).limit(50)).all()
            notes = s.scalars(select(NoteSection).limit(50)).all()
            for v in visits:
                v.agenda += "（変更）"
            for note in notes:
                note.body += "追記：次回までに業務一覧を作成する。\n"
        print("\n== incremental sync of 100 changes, 1 Mbit/s, 300 ms RTT ==")
        print(f"baseline: one round trip (health) {rtt * 1000:.0f} ms")
        for name, db, cl in (("push (laptop A)", laptop, a), ("pull (laptop B)", other, b)):
            cl.round_trips = 0
            secs, up, down, report = measure(slow, lambda db=db, cl=cl: synchronise(db, cl))
            print(
                f"{name:16} {secs:.2f} s (target ≤ 2 s, {secs / rtt:.1f} round-trip times)  "
                f"sent {report.sent} received {report.received}  "
                f"round trips {cl.round_trips} (target 1)  bytes up {up:,} down {down:,}"
            )
        for proxy in (fast, slow):
            proxy.close()
        laptop.close()
        other.close()
    finally:
        if server is not None:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
