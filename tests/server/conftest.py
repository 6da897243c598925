from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sync.protocol import SCHEMA, SCHEMA_HEADER
from sync.server.app import create_app
from tests.sync.conftest import _fast_password_hashing, pg_url, server_db  # noqa: F401
from tests.sync.helpers import PASSWORD

from .live import CHUNKED_ENV, live_servers, sqlite_url


@pytest.fixture
def api(server_db):  # noqa: F811
    with TestClient(create_app(server_db)) as client:
        client.headers[SCHEMA_HEADER] = SCHEMA
        yield client


@pytest.fixture
def tokens(api):
    """A bearer header per role (None: no token)."""
    out = {"none": {}}
    for role in ("admin", "advisor", "viewer"):
        r = api.post("/auth/login", json={"username": role, "password": PASSWORD})
        assert r.status_code == 200, r.text
        out[role] = {"Authorization": f"Bearer {r.json()['token']}"}
    return out


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def live(request, tmp_path_factory):
    """Two real server processes sharing one database, on SQLite and on PostgreSQL."""
    folder = tmp_path_factory.mktemp(request.param)
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else sqlite_url(folder)
    with live_servers(url, folder) as servers:
        yield servers


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def chunked(request, tmp_path_factory):
    """One real server process applying pushes in chunks of 5 (``CHUNKED_ENV``)."""
    folder = tmp_path_factory.mktemp(request.param)
    url = request.getfixturevalue("pg_url") if request.param == "postgres" else sqlite_url(folder)
    with live_servers(url, folder, count=1, env=CHUNKED_ENV) as servers:
        yield servers
