"""Shared test helpers for sync: servers on loopback, replicas, an in-memory keyring."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import requests
import uvicorn
from keyring.backend import KeyringBackend

from dxfield.db import Database, open_database
from dxfield.masterdata import ensure_master_data
from dxfield.models import SYNCED_MODELS, PendingChange, SyncConflict
from dxfield.records import to_dict
from sync.client import SyncClient
from sync.runner import SyncReport, synchronise
from sync.server import accounts
from sync.server.app import create_app
from sync.server.db import ServerDB, open_server_db
from sync.server.settings import ServerSettings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def get_password(self, service, username):
        return self.store.get((service, username))

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def add_user(db: ServerDB, name: str, role: str, password: str = PASSWORD) -> None:
    with db.session() as session:
        accounts.add_user(session, name, password, role)


class ThreadServer:
    """uvicorn in a thread of the test process: quick to start, same code as production."""

    def __init__(
        self, db: ServerDB, port: int | None = None, settings: ServerSettings | None = None
    ) -> None:
        self.db = db
        self.settings = settings
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> ThreadServer:
        config = uvicorn.Config(
            create_app(self.db, settings=self.settings),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="off",
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("test server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(10)
            self._server = None


class ProcessServer:
    """``dxfield-server run`` as a real child process (killable with SIGKILL).

    ``env`` adds to the environment (settings), ``args`` to the ``run`` command; the
    server's log goes to ``log_path`` so a test can read what it wrote.
    """

    def __init__(
        self,
        url: str,
        port: int | None = None,
        *,
        env: dict[str, str] | None = None,
        args: tuple[str, ...] = (),
        log_path: Path | None = None,
    ) -> None:
        self.db_url = url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env or {}
        self.args = args
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self._log = None

    def start(self, timeout: float = 30) -> ProcessServer:
        env = {**os.environ, "PYTHONPATH": str(ROOT), **self.env}
        if self.log_path is not None:
            self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in kill)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sync.server.cli",
                "--db",
                self.db_url,
                "run",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                *self.args,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log or subprocess.PIPE,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log()[-2000:]}")
            try:
                if requests.get(self.url + "/health", timeout=1).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.05)
        # A server that never answered is not left running behind the failed test.
        self.proc.kill()
        self.proc.wait(10)
        said = self.log()[-2000:]
        self.kill()
        raise RuntimeError(f"server process did not come up within {timeout} s: {said}")

    def log(self) -> str:
        """What the server wrote to its log so far (or, without a log file, on exit)."""
        if self.log_path is not None:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        if self.proc is not None and self.proc.poll() is not None and self.proc.stderr:
            return self.proc.stderr.read().decode(errors="replace")
        return ""

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)
        if self.proc is not None and self.proc.stderr:
            self.proc.stderr.close()
        if self._log is not None:
            self._log.close()
            self._log = None
        self.proc = None

    stop = kill


@dataclass
class Replica:
    """One laptop: a local store and a logged-in client."""

    name: str
    db: Database
    client: SyncClient
    reports: list[SyncReport] = field(default_factory=list)

    def sync(self, **kw) -> SyncReport:
        report = synchronise(self.db, self.client, **kw)
        self.reports.append(report)
        return report

    def snapshot(self) -> dict[tuple[str, str], dict]:
        """Every synced record's content and version: what must match across replicas."""
        out = {}
        with self.db.read_session() as s:
            for table, model in SYNCED_MODELS.items():
                for obj in s.query(model):
                    out[(table, obj.id)] = {**to_dict(obj), "version": obj.version}
        return out

    def pending(self) -> int:
        with self.db.read_session() as s:
            return s.query(PendingChange).count()

    def conflicts(self) -> list[SimpleNamespace]:
        with self.db.read_session() as s:
            return [
                SimpleNamespace(**{c.key: getattr(row, c.key) for c in SyncConflict.__table__.c})
                for row in s.query(SyncConflict)
            ]


def open_replica(path: Path) -> Database:
    db = open_database(path / "dxfield.sqlite3")
    with db.session() as s:
        ensure_master_data(s)
    return db


def login_client(url: str, user: str, password: str = PASSWORD, **kw) -> SyncClient:
    client = SyncClient(url, backoff=kw.pop("backoff", 0.01), **kw)
    client.login(user, password)
    return client


def make_replica(tmp_path: Path, name: str, url: str, user: str = "advisor", **kw) -> Replica:
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    return Replica(name, open_replica(folder), login_client(url, user, **kw))


def sqlite_server_db(tmp_path: Path) -> ServerDB:
    return open_server_db(f"sqlite:///{tmp_path / 'server.sqlite3'}")
