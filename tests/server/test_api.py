"""The server's API: roles per endpoint, tokens, rate limit, idempotent push, limits."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import select

from sync.protocol import IDEMPOTENCY_HEADER, SCHEMA_HEADER
from sync.server.models import AuthToken, Counter, SyncRecord, UserAccount
from tests.sync.helpers import PASSWORD

VISIT = "0b7c2a7e-0000-4000-8000-000000000001"


def _push_body(agenda="議題", client_id="laptop-1") -> bytes:
    change = {"t": "visit", "id": VISIT, "bv": 0, "f": {"agenda": agenda}, "b": {}}
    return json.dumps({"client_id": client_id, "changes": [change]}).encode()


_counter = iter(range(10_000))


def _call(api, name: str, headers: dict):
    n = next(_counter)
    if name == "health":
        return api.get("/health", headers=headers)
    if name == "me":
        return api.get("/auth/me", headers=headers)
    if name == "pull":
        return api.get("/sync/pull", headers=headers)
    if name == "push":
        return api.post(
            "/sync/push",
            content=_push_body(f"議題{n}"),
            headers={**headers, IDEMPOTENCY_HEADER: f"key-{n:08d}"},
        )
    if name == "list_users":
        return api.get("/users", headers=headers)
    if name == "add_user":
        return api.post(
            "/users",
            json={"name": f"new{n}", "password": PASSWORD, "role": "viewer"},
            headers=headers,
        )
    if name in ("disable_user", "enable_user", "revoke_tokens"):
        action = {"disable_user": "disable", "enable_user": "enable"}.get(name, "revoke-tokens")
        return api.post(f"/users/advisor2/{action}", headers=headers)
    if name == "create_invite":
        body = {"kind": "baseline", "municipality": "白浜町", "fiscal_year": 2000 + n % 100}
        return api.post("/invites", json=body, headers=headers)
    if name == "create_invites":
        body = {"invites": [{"kind": "evaluation", "municipality": "白浜町", "fiscal_year": 2026}]}
        return api.post("/invites/batch", json=body, headers=headers)
    if name == "list_invites":
        return api.get("/invites", headers=headers)
    if name == "revoke_invite":
        return api.post("/invites/no-such-ref/revoke", headers=headers)
    if name == "set_role":
        return api.post("/users/advisor2/role", json={"role": "viewer"}, headers=headers)
    if name == "history":
        return api.get(f"/admin/records/{VISIT}/history", headers=headers)
    if name == "restore":
        return api.post(f"/admin/records/{VISIT}/restore", json={"version": 1}, headers=headers)
    if name == "undo":
        body = {"user": "advisor", "since": "2026-01-01T00:00:00Z", "dry_run": True}
        return api.post("/admin/undo", json=body, headers=headers)
    raise AssertionError(name)


# endpoint -> expected status for (no token, viewer, advisor, admin)
MATRIX = {
    "health": (200, 200, 200, 200),
    "me": (401, 200, 200, 200),
    "pull": (401, 200, 200, 200),
    "push": (401, 403, 200, 200),
    "list_users": (401, 403, 403, 200),
    "add_user": (401, 403, 403, 201),
    "disable_user": (401, 403, 403, 200),
    "enable_user": (401, 403, 403, 200),
    "set_role": (401, 403, 403, 200),
    "revoke_tokens": (401, 403, 403, 200),
    # web-form links: advisors and admins make and revoke them (404: no such link)
    "create_invite": (401, 403, 201, 201),
    "create_invites": (401, 403, 201, 201),
    "list_invites": (401, 200, 200, 200),
    "revoke_invite": (401, 403, 404, 404),
    # an admin passes the role check and learns that no such record exists
    "history": (401, 403, 403, 404),
    "restore": (401, 403, 403, 404),
    "undo": (401, 403, 403, 200),
}
PATHS = {
    "/health": "health",
    "/auth/me": "me",
    "/sync/pull": "pull",
    "/sync/push": "push",
    "/users": "list_users",
    "/users/{name}/disable": "disable_user",
    "/users/{name}/enable": "enable_user",
    "/users/{name}/role": "set_role",
    "/users/{name}/revoke-tokens": "revoke_tokens",
    "/invites": "create_invite",
    "/invites/batch": "create_invites",
    "/invites/{ref}/revoke": "revoke_invite",
    "/admin/records/{row_id}/history": "history",
    "/admin/records/{row_id}/restore": "restore",
    "/admin/undo": "undo",
}


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
@pytest.mark.parametrize("role", ["none", "viewer", "advisor", "admin"])
def test_role_matrix(api, tokens, endpoint, role):
    expected = MATRIX[endpoint][["none", "viewer", "advisor", "admin"].index(role)]
    response = _call(api, endpoint, tokens[role])
    assert response.status_code == expected, response.text
    if expected in (401, 403):
        assert response.json()["kind"] in ("unauthorized", "forbidden")


def test_every_endpoint_is_in_the_matrix(api):
    """A new endpoint cannot slip in without its role check being tested."""
    paths = set(api.get("/openapi.json").json()["paths"])
    assert paths - set(PATHS) == {"/auth/login", "/auth/logout", "/auth/logout-all"}


def test_openapi_is_published_with_bearer_auth(api):
    spec = api.get("/openapi.json").json()
    assert spec["info"]["title"] == "dxfield sync server"
    assert any(s.get("scheme") == "bearer" for s in spec["components"]["securitySchemes"].values())
    assert "requestBody" in spec["paths"]["/sync/push"]["post"]


def test_secrets_are_stored_hashed(api, server_db):
    token = api.post("/auth/login", json={"username": "advisor", "password": PASSWORD}).json()
    with server_db.read_session() as s:
        stored = s.scalar(select(UserAccount.password_hash).where(UserAccount.name == "advisor"))
        hashes = s.scalars(select(AuthToken.token_hash)).all()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert token["token"] not in hashes and len(hashes[0]) == 64


def test_logout_revokes_the_token(api, tokens):
    assert api.post("/auth/logout", headers=tokens["advisor"]).status_code == 204
    response = api.get("/auth/me", headers=tokens["advisor"])
    assert (response.status_code, response.json()["kind"]) == (401, "token_revoked")


def test_disabled_user_can_neither_use_a_token_nor_log_in(api, tokens):
    assert api.post("/users/advisor/disable", headers=tokens["admin"]).status_code == 200
    assert api.get("/auth/me", headers=tokens["advisor"]).json()["kind"] == "token_revoked"
    r = api.post("/auth/login", json={"username": "advisor", "password": PASSWORD})
    assert r.status_code == 401


def test_login_is_rate_limited_per_user(api):
    for _ in range(5):
        r = api.post("/auth/login", json={"username": "advisor", "password": "wrong-wrong"})
        assert (r.status_code, r.json()["kind"]) == (401, "wrong_password")
    r = api.post("/auth/login", json={"username": "advisor", "password": PASSWORD})
    assert (r.status_code, r.json()["kind"]) == (429, "rate_limited")
    # Another account is not locked out by someone hammering this one.
    assert api.post("/auth/login", json={"username": "viewer", "password": PASSWORD}).is_success


def test_the_same_push_twice_returns_the_same_and_changes_nothing(api, tokens, server_db):
    headers = {**tokens["advisor"], IDEMPOTENCY_HEADER: "batch-0001"}
    first = api.post("/sync/push", content=_push_body(), headers=headers)
    assert first.status_code == 200
    with server_db.read_session() as s:
        seq = s.get(Counter, "seq").value
        rows = [(r.version, r.seq, r.data) for r in s.scalars(select(SyncRecord))]
    again = api.post("/sync/push", content=_push_body(), headers=headers)
    assert again.json() == first.json()
    with server_db.read_session() as s:
        assert s.get(Counter, "seq").value == seq
        assert [(r.version, r.seq, r.data) for r in s.scalars(select(SyncRecord))] == rows
    other = api.post("/sync/push", content=_push_body("別の内容"), headers=headers)
    assert other.status_code == 422


def test_gzip_push_and_oversize_requests(api, tokens):
    headers = {**tokens["advisor"], IDEMPOTENCY_HEADER: "batch-gzip", "Content-Encoding": "gzip"}
    ok = api.post("/sync/push", content=gzip.compress(_push_body()), headers=headers)
    assert ok.status_code == 200
    bomb = gzip.compress(b" " * (20 * 1024 * 1024))  # 20 MB of blanks, 20 kB packed
    headers[IDEMPOTENCY_HEADER] = "batch-bomb"
    r = api.post("/sync/push", content=bomb, headers=headers)
    assert (r.status_code, r.json()["kind"]) == (413, "too_large")


def test_unknown_tables_and_fields_are_refused(api, tokens):
    body = {
        "client_id": "x",
        "changes": [{"t": "visit", "id": VISIT, "bv": 0, "f": {"password": "x"}, "b": {}}],
    }
    headers = {**tokens["advisor"], IDEMPOTENCY_HEADER: "batch-bad1"}
    r = api.post("/sync/push", json=body, headers=headers)
    assert (r.status_code, r.json()["kind"]) == (422, "invalid_record")
    body["changes"][0]["t"] = "user_account"
    headers[IDEMPOTENCY_HEADER] = "batch-bad2"
    assert api.post("/sync/push", json=body, headers=headers).status_code == 422


def test_schema_header_is_required(api, tokens):
    headers = {k: v for k, v in api.headers.items() if k.lower() != SCHEMA_HEADER.lower()}
    api.headers.clear()
    api.headers.update(headers)
    r = api.get("/sync/pull", headers=tokens["viewer"])
    assert (r.status_code, r.json()["kind"]) == (409, "client_outdated")


def test_pull_pages_follow_the_server_order(api, tokens):
    for n in range(5):
        change = {"t": "visit", "id": VISIT[:-1] + str(n), "bv": 0, "f": {"agenda": str(n)}}
        body = json.dumps({"client_id": "writer", "changes": [change]})
        headers = {**tokens["advisor"], IDEMPOTENCY_HEADER: f"batch-p{n:04d}"}
        assert api.post("/sync/push", content=body, headers=headers).status_code == 200
    seen, cursor = [], 0
    while True:
        page = api.get(
            "/sync/pull",
            params={"cursor": cursor, "limit": 2},
            headers=tokens["viewer"],
        ).json()
        seen += [r["d"]["agenda"] for r in page["records"]]
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert seen == ["0", "1", "2", "3", "4"]
    again = api.get("/sync/pull", params={"cursor": cursor}, headers=tokens["viewer"]).json()
    assert again == {"cursor": cursor, "has_more": False, "records": []}
