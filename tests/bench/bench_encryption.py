"""The encrypted store against a plain one, in the same run: each ratio ≤ 1.2× (target).

1. Search p95 over N note sections (bench_search's corpus and loader), 1-8 characters.
2. A municipality page opened at service level: ``municipality_overview`` and the town's
   needs, as the page reads them.
3. The notes autosave: one note section written and committed, 200 times, growing.
4. The initial pull of R records from a server on loopback (bench_sync's records and
   server process) into an empty laptop.

Runs of plain and encrypted alternate, so machine noise hits both alike. The keyring is a
file in a temporary home (tests/testkeyring.py); the key is the raw 32-byte key, as in use.

    .venv/bin/python tests/bench/bench_encryption.py [--notes N] [--records R] [--rounds K]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

HOME = Path(tempfile.mkdtemp(prefix="bench-encryption-"))
os.environ.update(
    HOME=str(HOME),
    XDG_CONFIG_HOME=str(HOME / "config"),
    XDG_DATA_HOME=str(HOME / "data"),
    PYTHON_KEYRING_BACKEND="tests.testkeyring.FileKeyring",
    PYTHONPATH=str(ROOT),
)
os.environ.setdefault("DXFIELD_SERVER_ARGON2_MEMORY_KIB", "8192")
# One seeding account sends all the records: above the server's per-user quota.
os.environ.setdefault("DXFIELD_SERVER_QUOTA_RECORDS", "10000000")
os.environ.setdefault("DXFIELD_SERVER_QUOTA_BYTES", str(16 * 1024**3))

import bench_search  # noqa: E402
import keyring  # noqa: E402

from dxfield.db import open_database  # noqa: E402
from dxfield.driver import is_encrypted  # noqa: E402
from dxfield.settings import FieldSettings, save_settings  # noqa: E402
from tests.testkeyring import FileKeyring  # noqa: E402

keyring.set_keyring(FileKeyring())
MODES = ("plain", "encrypted")
TARGET = 1.2


def use(mode: str) -> None:
    save_settings(FieldSettings(store_encryption="off" if mode == "plain" else ""))


def pct(samples: list[float], p: float) -> float:
    return bench_search.pct(samples, p)


def make_stores(notes: int) -> dict[str, Path]:
    stores = {}
    for mode in MODES:
        use(mode)
        path = HOME / mode / "dxfield.sqlite3"
        path.parent.mkdir(parents=True)
        started = time.perf_counter()
        bench_search.fill(path, notes, seed=1)
        open_database(path).close()  # rebuilds the search index
        assert is_encrypted(path) == (mode == "encrypted")
        print(
            f"{mode:9} store: {notes:,} notes in {time.perf_counter() - started:.0f} s, "
            f"{path.stat().st_size / 1e6:.0f} MB"
        )
        stores[mode] = path
    return stores


def bench_search_p95(stores, notes: int, queries: int, rounds: int) -> dict[str, float]:
    from dxfield import search
    from tests import search_corpus

    texts = search_corpus.notes(notes, seed=1)
    asked = [
        q
        for length in bench_search.LENGTHS
        for q in search_corpus.substring_queries(texts, length, queries, seed=length)
    ]
    samples = {mode: [] for mode in MODES}
    dbs = {mode: open_database(stores[mode]) for mode in MODES}
    try:
        for _ in range(rounds):
            for mode in MODES:
                with dbs[mode].read_session() as session:
                    search.search(session, "予算")  # a warm cache, as in a running app
                    for q in asked:
                        started = time.perf_counter()
                        search.search(session, q, limit=20)
                        samples[mode].append((time.perf_counter() - started) * 1000)
    finally:
        for db in dbs.values():
            db.close()
    return {mode: pct(samples[mode], 0.95) for mode in MODES}


def bench_page(stores, rounds: int) -> dict[str, float]:
    from sqlalchemy import select

    from dxfield.models import Municipality
    from dxfield.services import dashboard, needs

    samples = {mode: [] for mode in MODES}
    dbs = {mode: open_database(stores[mode]) for mode in MODES}
    try:
        with dbs["plain"].read_session() as s:
            towns = list(s.scalars(select(Municipality.id).order_by(Municipality.code)))
        for _ in range(rounds):
            for mode in MODES:
                for town in towns:
                    started = time.perf_counter()
                    with dbs[mode].read_session() as s:
                        dashboard.municipality_overview(s, town, 2024)
                    with dbs[mode].read_session() as s:
                        needs.list_needs(s, year=2024, municipality_id=town)
                    samples[mode].append((time.perf_counter() - started) * 1000)
    finally:
        for db in dbs.values():
            db.close()
    return {mode: statistics.median(samples[mode]) for mode in MODES}


def bench_autosave(stores, saves: int) -> dict[str, float]:
    from sqlalchemy import select

    from dxfield.enums import NoteKind
    from dxfield.models import Visit
    from dxfield.services.visits import set_note_section

    samples = {mode: [] for mode in MODES}
    dbs = {mode: open_database(stores[mode]) for mode in MODES}
    try:
        visit = {}
        for mode in MODES:
            with dbs[mode].read_session() as s:
                visit[mode] = s.scalars(select(Visit.id).limit(1)).one()
        text = ""
        for n in range(saves):
            text += f"{n}: 窓口のオンライン化について、次回までに業務の一覧を作る。\n"
            for mode in MODES:
                started = time.perf_counter()
                with dbs[mode].session() as s:
                    set_note_section(s, visit[mode], NoteKind.MEMO, text)
                samples[mode].append((time.perf_counter() - started) * 1000)
    finally:
        for db in dbs.values():
            db.close()
    return {mode: statistics.median(samples[mode]) for mode in MODES}


def bench_pull(records: int) -> dict[str, float]:
    from bench_sync import seed_server

    from sync.runner import synchronise
    from sync.server.db import open_server_db
    from tests.sync.helpers import ProcessServer, add_user, login_client, open_replica

    work = HOME / "sync"
    work.mkdir()
    db_url = f"sqlite:///{work / 'server.sqlite3'}"
    sdb = open_server_db(db_url)
    for name in ("seeder", "advisor"):
        add_user(sdb, name, "advisor")
    sdb.close()
    server = ProcessServer(db_url).start()
    took = {}
    try:
        print(f"seeded {records:,} records in {seed_server(server.url, records):.0f} s")
        for mode in MODES:
            use(mode)
            laptop = open_replica(work / mode)
            client = login_client(server.url, "advisor")
            started = time.perf_counter()
            report = synchronise(laptop, client, page_size=5000)
            took[mode] = time.perf_counter() - started
            assert report.received >= records, report
            client.close()
            laptop.close()
    finally:
        server.kill()
    return took


def line(what: str, figures: dict[str, float], unit: str) -> None:
    ratio = figures["encrypted"] / figures["plain"]
    verdict = "ok" if ratio <= TARGET else "OVER"
    print(
        f"{what:34} plain {figures['plain']:8.2f} {unit:2}  encrypted "
        f"{figures['encrypted']:8.2f} {unit:2}  ratio {ratio:4.2f}x  (target ≤ {TARGET}x) {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=20, help="queries per length")
    parser.add_argument("--records", type=int, default=100_000, help="0: skip the pull")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    try:
        stores = make_stores(args.notes)
        line("search p95", bench_search_p95(stores, args.notes, args.queries, args.rounds), "ms")
        line("municipality page (median)", bench_page(stores, args.rounds), "ms")
        line("notes autosave (median)", bench_autosave(stores, 200), "ms")
        if args.records:
            line(f"initial pull of {args.records:,}", bench_pull(args.records), "s")
    finally:
        shutil.rmtree(HOME, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
