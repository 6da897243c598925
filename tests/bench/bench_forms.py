"""The web forms: page weight, render time, and 30 municipalities sending while laptops sync.

Targets: a form page ≤ 150 KB over the wire (HTML, CSS and script, as a browser fetches
them, gzip where the browser asks for it); rendered server-side in ≤ 100 ms at p95; 30
municipalities sending their whole sheet at once while three laptops push and pull: no 5xx
answer, and every sheet arrives complete on every laptop.

Baselines in the same run: ``GET /health`` over the same loopback (what any request costs),
and the render of an empty page from the same Jinja2 environment.

    .venv/bin/python tests/bench/bench_forms.py [--renders 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from dxfield.masterdata import municipality_rows  # noqa: E402
from sync.client import dumps  # noqa: E402
from sync.server.db import open_server_db  # noqa: E402
from sync.server.forms import invites, render  # noqa: E402
from tests.bench.bench_sync import records  # noqa: E402
from tests.server.forms_helpers import csrf_of, valid_fields  # noqa: E402
from tests.sync.helpers import ProcessServer, add_user, make_replica  # noqa: E402


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def ms(value: float) -> str:
    return f"{value * 1000:.1f} ms"


def wire_bytes(url: str) -> tuple[int, int]:
    """(bytes on the wire with gzip, bytes unpacked) of one GET."""
    response = requests.get(url, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=30)
    raw = response.raw.read(decode_content=False)
    response.close()
    unpacked = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=30).content
    return len(raw), len(unpacked)


def page_weight(base: str, token: str) -> int:
    total = 0
    for path in (f"/f/{token}", "/forms/static/form.css", "/forms/static/form.js"):
        wire, unpacked = wire_bytes(base + path)
        total += wire
        print(f"  {path[:24]:<26} {wire / 1000:6.1f} KB on the wire ({unpacked / 1000:.1f} KB)")
    return total


def timings(base: str, token: str, rounds: int) -> None:
    health, page = [], []
    with requests.Session() as http:
        for _ in range(rounds):
            t0 = time.perf_counter()
            http.get(f"{base}/health", timeout=30)
            t1 = time.perf_counter()
            http.get(f"{base}/f/{token}", timeout=30)
            t2 = time.perf_counter()
            health.append(t1 - t0)
            page.append(t2 - t1)
    print(
        f"  GET form page p95 {ms(p95(page))} (median {ms(statistics.median(page))}); "
        f"GET /health p95 {ms(p95(health))}; ratio {p95(page) / p95(health):.1f}x  "
        "[target ≤ 100 ms]"
    )


def render_in_process(db_url: str, token: str, rounds: int) -> None:
    """The template render alone (what the server does for a page, minus the socket)."""
    from fastapi import Request

    from sync.server.app import create_app
    from sync.server.forms import pages

    app = create_app(open_server_db(db_url))
    scope = {"type": "http", "app": app, "headers": [], "path": f"/f/{token}", "query_string": b""}
    request = Request(scope)
    link, _ = pages._find(request, token, write=False)
    full, empty = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        pages._page("form.html", **pages._form_context(link, token, {}, {}, csrf="x" * 32))
        t1 = time.perf_counter()
        render.page("closed.html", reason="expired")
        t2 = time.perf_counter()
        full.append(t1 - t0)
        empty.append(t2 - t1)
    print(
        f"  render of the 48-question page p95 {ms(p95(full))}; a bare page {ms(p95(empty))}; "
        f"ratio {p95(full) / p95(empty):.1f}x  [target ≤ 100 ms]"
    )


def send_sheet(base: str, token: str, tally: Counter, lock: threading.Lock) -> None:
    with requests.Session() as browser:
        steps = []
        page = browser.get(f"{base}/f/{token}", timeout=60)
        steps.append(page.status_code)
        csrf = csrf_of(page.text)
        body = {**valid_fields(), "csrf": csrf, "action": "review"}
        steps.append(browser.post(f"{base}/f/{token}", data=body, timeout=60).status_code)
        done = browser.post(f"{base}/f/{token}/send", data={"csrf": csrf}, timeout=60)
        steps.append(done.status_code)
        with lock:
            tally.update(steps)
            tally["sent"] += "受付番号" in done.text


def laptops_sync(replicas, stop: threading.Event, tally: Counter, lock: threading.Lock) -> None:
    from dxfield.models import Visit

    n = 0
    while not stop.is_set():
        for replica in replicas:
            with replica.db.session() as session:
                visit = session.query(Visit).first()
                if visit is not None:
                    visit.agenda = f"同期中の編集 {n}"
            try:
                replica.sync()
                outcome = "sync ok"
            except Exception as exc:  # a failed sync is what this counts
                outcome = f"sync failed: {exc}"
            with lock:
                tally[outcome] += 1
            n += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db_url = f"sqlite:///{work / 'server.sqlite3'}"
        sdb = open_server_db(db_url)
        add_user(sdb, "advisor", "advisor")
        towns = [str(r["name"]) for r in municipality_rows()]
        tokens = []
        with sdb.session() as session:
            for town in towns:
                tokens.append(
                    invites.create(session, kind="baseline", municipality=town, fiscal_year=2026)[1]
                )
        server = ProcessServer(db_url, log_path=work / "server.log").start()
        try:
            print("page weight (first visit: page, stylesheet, script):")
            total = page_weight(server.url, tokens[0])
            print(f"  total {total / 1000:.1f} KB  [target ≤ 150 KB]")
            print("server-side render:")
            timings(server.url, tokens[0], args.renders)
            render_in_process(db_url, tokens[0], args.renders)

            laptops = [make_replica(work, f"laptop{n}", server.url) for n in range(3)]
            seeder = laptops[0]
            # Something for the laptops to edit and pull while the forms come in.
            seed = {"client_id": "seed", "changes": list(records(300))}
            seeder.client.push(dumps(seed), "seed-batch-0001")
            for laptop in laptops:
                laptop.sync()
            tally: Counter = Counter()
            lock = threading.Lock()
            stop = threading.Event()
            syncing = threading.Thread(target=laptops_sync, args=(laptops, stop, tally, lock))
            syncing.start()
            t0 = time.perf_counter()
            senders = [
                threading.Thread(target=send_sheet, args=(server.url, token, tally, lock))
                for token in tokens
            ]
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join()
            elapsed = time.perf_counter() - t0
            stop.set()
            syncing.join()
            for laptop in laptops:
                laptop.sync()
            from dxfield.services import assessments

            arrived = []
            for laptop in laptops:
                with laptop.db.read_session() as session:
                    found = assessments.list_responses(session, fiscal_year=2026)
                    arrived.append(sum(len(assessments.answers_by_code(session, r)) for r in found))
            server_errors = sum(v for k, v in tally.items() if isinstance(k, int) and k >= 500)
            print(f"30 municipalities sending at once while 3 laptops sync ({elapsed:.1f} s):")
            print(
                f"  answers by status: {dict(sorted((k, v) for k, v in tally.items() if isinstance(k, int)))}"
            )
            print(f"  sheets sent: {tally['sent']} / {len(tokens)}; 5xx: {server_errors}")
            print(
                f"  laptop syncs: {', '.join(f'{k} {v}' for k, v in tally.items() if isinstance(k, str) and k.startswith('sync'))}"
            )
            expected = len(tokens) * len(valid_fields())
            print(f"  answers on each laptop: {arrived} (expected {expected} each)")
            ok = server_errors == 0 and tally["sent"] == len(tokens) and set(arrived) == {expected}
            print("  nothing lost, no 5xx" if ok else "  FAILED")
            for laptop in laptops:
                laptop.client.close()
                laptop.db.close()
            return 0 if ok else 1
        finally:
            server.kill()
            sdb.close()


if __name__ == "__main__":
    sys.exit(main())
